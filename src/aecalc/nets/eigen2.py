"""PCA of 2-feature data in closed form, written from rationals without SymPy's simplifier.

The covariance C = [[a, b], [b, c]] has, with h = (a − c)/2 and D = h² + b² (= s²·m, m
square-free), the eigenvalues λ = (a + c)/2 ± √D. For b ≠ 0 each row of (C − λI)u = 0 gives
the eigenvectors u₁ = (b, √D − h) of λ₁ and u₂ = (b, −√D − h) of λ₂, of squared lengths
2√D(√D − h) and 2√D(√D + h); so every entry of a unit eigenvector is ±√(1/2 ± h/(2√D)), and a
sample's coordinate on v_k is (x_c · u_k)/b times the first entry of v_k. The projector onto
v₁ is P = (C − λ₂I)/(λ₁ − λ₂) = I/2 + [[h, b], [b, −h]]/(2√D) (no eigenvector needed), so the
rank-1 reconstruction μ + x_c·P is p + q·√m in every entry.

Each value is built from :class:`~fractions.Fraction` arithmetic in its final form — a rational,
p + q·√m, or c·√g·√(P + Q·√m)·(A + B·√m) with coprime integers — which SymPy keeps as it is
built. (``sympy.simplify`` on the same entries took seconds each; :mod:`aecalc.nets.pca` uses
this module for every 2 × 2 covariance.) √(P + Q·√m) never denests here: P² − Q²·m is b²/(4D)
times a square, a square only when √D is rational, and then no nested root appears.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd, lcm
from typing import Any

import sympy

from aecalc.values.exact import rational

Expr = Any  # a SymPy expression
Pair = tuple[Expr, list[Expr]]


def _surd(p: Fraction, q: Fraction, m: int) -> Expr:
    """p + q·√m (canonical SymPy sum)."""
    if m == 1 or q == 0:
        return rational(p + q * (m == 1))
    return rational(p) + rational(q) * sympy.sqrt(m)


class Closed2:
    """Closed forms for the eigenpairs, coordinates and reconstruction of a 2 × 2 covariance.

    >>> from fractions import Fraction as F
    >>> e = Closed2(F(5, 3), F(2, 3), F(5, 3))
    >>> e.pairs()
    [(7/3, [sqrt(2)/2, sqrt(2)/2]), (1, [sqrt(2)/2, -sqrt(2)/2])]
    >>> e = Closed2(F(2), F(1), F(1))
    >>> [value for value, _ in e.pairs()]
    [sqrt(5)/2 + 3/2, 3/2 - sqrt(5)/2]
    """

    def __init__(self, a: Fraction, b: Fraction, c: Fraction) -> None:
        self.a, self.b, self.c = a, b, c
        self.half_trace = (a + c) / 2
        self.h = (a - c) / 2
        self.discriminant = self.h * self.h + b * b  # D
        root = sympy.sqrt(rational(self.discriminant))
        coefficient, radical = root.as_coeff_Mul()
        self.s = Fraction(int(coefficient.p), int(coefficient.q))  # √D = s·√m
        self.m = int(radical**2)
        assert self.s * self.s * self.m == self.discriminant

    # -- eigenvalues ------------------------------------------------------------------------------

    def values(self) -> tuple[Expr, Expr]:
        """λ₁ ≥ λ₂ (for b = 0 the diagonal, in its order when equal)."""
        if self.b == 0:
            first, second = sorted((self.a, self.c), reverse=True)
            return rational(first), rational(second)
        return (
            _surd(self.half_trace, self.s, self.m),
            _surd(self.half_trace, -self.s, self.m),
        )

    def ratios(self) -> tuple[Expr, Expr]:
        """λ_i / (λ₁ + λ₂)."""
        trace = 2 * self.half_trace
        if self.b == 0:
            first, second = sorted((self.a, self.c), reverse=True)
            return rational(first / trace), rational(second / trace)
        half = Fraction(1, 2)
        return _surd(half, self.s / trace, self.m), _surd(half, -self.s / trace, self.m)

    # -- eigenvectors -----------------------------------------------------------------------------

    def _content(self, p: Fraction, q: Fraction) -> tuple[Fraction, Expr]:
        """p + q·√m as c·(A + B·√m) with coprime integers A, B (B = 0 when √m is 1)."""
        if self.m == 1 or q == 0:
            return p + q * (self.m == 1), sympy.Integer(1)
        scale = lcm(p.denominator, q.denominator)
        whole, surd = int(p * scale), int(q * scale)
        common = gcd(whole, surd)
        return Fraction(common, scale), sympy.Integer(whole // common) + sympy.Integer(
            surd // common
        ) * sympy.sqrt(self.m)

    def _inverse_length(self, t: int) -> Expr:
        """1/|u| for u₁ (t = 1) or u₂ (t = −1): |u|² = 2D − 2t·h·√D."""
        c, inner = self._content(2 * self.discriminant, -2 * t * self.h * self.s)
        return sympy.sqrt(rational(1 / c)) / sympy.sqrt(inner)

    def _over(self, p: Fraction, q: Fraction, inverse: Expr) -> Expr:
        """(p + q·√m)·inverse, the rational content of the sum in front."""
        c, factor = self._content(p, q)
        return sympy.Mul(rational(c), factor, inverse) if c else sympy.Integer(0)

    def _flips(self) -> tuple[int, int]:
        """±1 per eigenvector so that its largest-magnitude entry (the first of equals) is
        positive, as :func:`aecalc.nets.pca._sign_fix` does: u₁ = (b, √D − h) has |x| ≥ |y|
        iff h ≥ 0, and y > 0; u₂ = (b, −√D − h) has |x| ≥ |y| iff h ≤ 0, and y < 0."""
        sign_b = (self.b > 0) - (self.b < 0)
        return (sign_b if self.h >= 0 else 1), (sign_b if self.h <= 0 else -1)

    def _u(self, t: int) -> tuple[tuple[Fraction, Fraction], tuple[Fraction, Fraction]]:
        """u₁ (t = 1) or u₂ (t = −1) as (p, q) pairs, entry = p + q·√m."""
        return (self.b, Fraction(0)), (-self.h, t * self.s)

    def vectors(self) -> tuple[list[Expr], list[Expr]]:
        """The unit eigenvectors of λ₁ and λ₂, sign-fixed: ±u/|u|."""
        if self.b == 0:
            axes = [[sympy.Integer(1), sympy.Integer(0)], [sympy.Integer(0), sympy.Integer(1)]]
            return (axes[0], axes[1]) if self.a >= self.c else (axes[1], axes[0])
        out: list[list[Expr]] = []
        for t, flip in zip((1, -1), self._flips(), strict=True):
            inverse = self._inverse_length(t)
            out.append([self._over(flip * p, flip * q, inverse) for p, q in self._u(t)])
        return out[0], out[1]

    def pairs(self) -> list[Pair]:
        """(eigenvalue, unit eigenvector) pairs, descending."""
        return list(zip(self.values(), self.vectors(), strict=True))

    # -- projection and reconstruction -----------------------------------------------------------

    def projection(self, centred: tuple[tuple[Fraction, ...], ...], k: int) -> list[list[Expr]]:
        """Z = X_c V_Kᵀ (n × K): ±(x_c · u)/|u|."""
        if self.b == 0:
            order = (0, 1) if self.a >= self.c else (1, 0)
            return [[rational(row[order[j]]) for j in range(k)] for row in centred]
        columns = []
        for t, flip in list(zip((1, -1), self._flips(), strict=True))[:k]:
            (p1, _), (p2, q2) = self._u(t)
            columns.append((flip, p1, p2, q2, self._inverse_length(t)))
        return [
            [
                self._over(flip * (x * p1 + y * p2), flip * y * q2, inverse)
                for flip, p1, p2, q2, inverse in columns
            ]
            for x, y in centred
        ]

    def reconstruction(
        self,
        mean: tuple[Fraction, ...],
        centred: tuple[tuple[Fraction, ...], ...],
        k: int,
    ) -> list[list[Expr]]:
        """X̂ = μ + X_c·P, P the projector onto the first K components (P = I for K = 2)."""
        if k == 2:
            return [[rational(mean[j] + row[j]) for j in range(2)] for row in centred]
        if self.b == 0:
            top = 0 if self.a >= self.c else 1
            return [
                [rational(mean[j] + (row[j] if j == top else 0)) for j in range(2)]
                for row in centred
            ]
        # P = I/2 + [[h, b], [b, −h]]·√D/(2D), √D = s√m
        table: list[list[Expr]] = []
        for x, y in centred:
            mixed = ((x * self.h + y * self.b), (x * self.b - y * self.h))
            table.append(
                [
                    _surd(
                        mean[j] + (x, y)[j] / 2,
                        mixed[j] * self.s / (2 * self.discriminant),
                        self.m,
                    )
                    for j in range(2)
                ]
            )
        return table
