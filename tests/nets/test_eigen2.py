"""The 2-feature closed forms (``nets/eigen2.py``) against exact identities and 50-digit numbers.

Oracles independent of the module: λ₁ + λ₂ = trace and λ₁·λ₂ = det exactly (SymPy expands the
closed forms); C·v = λ·v, unit length, orthogonality, the sign rule, the projection X_c·v and
the reconstruction μ + Σ (x_c·v)·v, each evaluated to 50 digits (mpmath through SymPy) from the
rationals, not from the module's own intermediate values; and the spelling: no form the old
simplifier path produced (a nested root under a square) and no Float.
"""

from __future__ import annotations

from fractions import Fraction as F

import sympy
from hypothesis import given
from hypothesis import strategies as st

from aecalc.nets.eigen2 import Closed2
from aecalc.nets.pca import exact_pca

DIGITS = 50
TOLERANCE = sympy.Float(10) ** -40

entries = st.builds(F, st.integers(-9, 9), st.sampled_from([1, 1, 1, 2, 3, 4]))


def _n(expr: object) -> sympy.Float:
    return sympy.N(expr, DIGITS)


def _close(a: object, b: object) -> bool:
    return bool(abs(_n(a) - _n(b)) < TOLERANCE)


@given(a=entries, b=entries, c=entries)
def test_eigenpairs_are_exact(a: F, b: F, c: F) -> None:
    closed = Closed2(a, b, c)
    (l1, v1), (l2, v2) = closed.pairs()
    tr, det = sympy.Rational(a + c), sympy.Rational(a * c - b * b)
    assert sympy.expand(l1 + l2 - tr) == 0 and sympy.expand(l1 * l2 - det) == 0
    assert _n(l1) >= _n(l2)
    matrix = sympy.Matrix([[a, b], [b, c]]).applyfunc(sympy.Rational)
    for value, vector in ((l1, v1), (l2, v2)):
        assert not any(e.has(sympy.Float) for e in vector)
        image = matrix * sympy.Matrix(vector)
        assert all(_close(image[i], value * vector[i]) for i in range(2))
        assert _close(vector[0] ** 2 + vector[1] ** 2, 1)
        big = max(range(2), key=lambda i: abs(_n(vector[i])) - TOLERANCE * i)
        assert _n(vector[big]) > 0  # the largest-magnitude entry (first of equals) positive
    assert _close(v1[0] * v2[0] + v1[1] * v2[1], 0)
    if b == 0:  # the axes, in the order of the diagonal (first of equals first)
        assert [v1, v2] == ([[1, 0], [0, 1]] if a >= c else [[0, 1], [1, 0]])


@given(
    rows=st.lists(st.tuples(entries, entries), min_size=2, max_size=6).filter(
        lambda rows: len(set(rows)) > 1
    ),
    k=st.integers(1, 2),
)
def test_projection_and_reconstruction_follow_from_the_components(
    rows: list[tuple[F, F]], k: int
) -> None:
    result = exact_pca(tuple(rows), k)
    assert result.arithmetic == "exact"
    assert result.projection is not None and result.reconstruction is not None
    mean = [sum((r[j] for r in rows), F(0)) / len(rows) for j in range(2)]
    for row, z, x_hat in zip(rows, result.projection, result.reconstruction, strict=True):
        centred = [row[j] - mean[j] for j in range(2)]
        for j, component in enumerate(result.components):
            assert _close(z[j], sum(sympy.Rational(centred[i]) * component[i] for i in range(2)))
        for i in range(2):
            direct = mean[i] + sum(z[j] * result.components[j][i] for j in range(k))
            assert _close(x_hat[i], direct)
    if k == 2:  # every component kept: the data come back exactly
        assert [list(r) for r in result.reconstruction] == [list(r) for r in rows]


def test_the_spelling_is_the_one_a_hand_computation_gives() -> None:
    """λ = tr/2 ± √D and v = u/|u| with u = (b, λ − a): one nested root per vector, none squared."""
    closed = Closed2(F(2), F(1), F(1))  # h = 1/2, D = 5/4
    (l1, v1), (l2, v2) = closed.pairs()
    assert (l1, l2) == (
        sympy.Rational(3, 2) + sympy.sqrt(5) / 2,
        sympy.Rational(3, 2) - sympy.sqrt(5) / 2,
    )
    length = sympy.sqrt(5 - sympy.sqrt(5))  # |u₁|² = 2D − 2h√D = (5 − √5)/2
    assert sympy.simplify(v1[0] - sympy.sqrt(2) / length) == 0
    for vector, inner in ((v1, 5 - sympy.sqrt(5)), (v2, 5 + sympy.sqrt(5))):
        for entry in vector:  # one nested root, |u| (the old path wrote 1/√(1 + (…)²))
            assert {p.base for p in entry.atoms(sympy.Pow) if p.base.is_Add} == {inner}
            assert "**2" not in sympy.sstr(entry)
