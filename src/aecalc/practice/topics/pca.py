"""The ``pca`` topic: covariance, eigenvalues, the first component and the explained variance
ratio of small 2-feature data, solved by :func:`aecalc.nets.pca.exact_pca` (``aecalc pca``).

Some courses (and NPTEL assignments) define the covariance with 1/n instead: the kinds
``cov_n`` and ``eig_n`` ask for C₁₂ and λ₁ of that C, as such a question states it.

Named slips: dividing by n instead of n − 1 (or, where the question says 1/n, by n − 1 instead of
n), and forgetting to centre the data (the "covariance" XᵀX/(n − 1) of the raw data); for the
ratio also the smaller eigenvalue's share, and for the first component the other sign (either
sign is an eigenvector, but the question fixes it). Level 1: three samples of small whole
numbers; level 2: three or four samples, some negative; level 3: four or five samples in halves.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Literal

from aecalc.errors import InputError
from aecalc.practice.answers import expected as expecting
from aecalc.practice.answers.expected import Slip, Value
from aecalc.practice.answers.slips import KnownSlip
from aecalc.practice.topics import solution as shared
from aecalc.practice.topics.fields import FieldError, choice, matrix
from aecalc.practice.topics.generating import generated, matrix_text, pick
from aecalc.practice.topics.problem import Problem
from aecalc.practice.topics.solution import Solution, derived, fraction, keep, scalar
from aecalc.practice.topics.topic import Topic
from aecalc.record import Record
from aecalc.values import quantity
from aecalc.values.parse import Matrix

QUANTITIES = ("cov", "eig", "pc1", "ratio")
DIVISORS = ("n-1", "n")
BY_N = {"cov_n": "cov", "eig_n": "eig"}
"""The kinds that state C = (1/n)·Σ(x − x̄)(x − x̄)ᵀ, and what they ask of it."""
KIND_NAMES = (*QUANTITIES, *BY_N)
KINDS = {
    1: ("cov", "cov", "eig", "ratio", "cov_n"),
    2: ("cov", "eig", "eig", "pc1", "ratio", "cov_n", "eig_n"),
    3: ("eig", "pc1", "pc1", "ratio", "eig_n"),
}
N = KnownSlip("n instead of n − 1")
N_MINUS_1 = KnownSlip("n − 1 instead of n")
CENTRE = KnownSlip("data not centred")
SMALLER = KnownSlip("the smaller eigenvalue's share")
SIGN = KnownSlip("the other sign")

_ASK = {
    "cov": "Compute the sample covariance Cov(x₁, x₂) that PCA uses (the unbiased one).",
    "eig": "Compute the largest eigenvalue λ₁ of the sample covariance matrix "
    "(4 significant figures).",
    "pc1": "Give the first principal component v₁: a unit vector, its sign chosen so that its "
    "largest-magnitude entry is positive (4 decimal places each).",
    "ratio": "What fraction of the total variance does the first principal component explain, "
    "λ₁/(λ₁ + λ₂)? (4 significant figures)",
    "cov_n": "This course defines the covariance matrix with 1/n: C = (1/n)·Σ(x − x̄)(x − x̄)ᵀ. "
    "Compute its entry C₁₂ = Cov(x₁, x₂).",
    "eig_n": "With the covariance matrix defined as C = (1/n)·Σ(x − x̄)(x − x̄)ᵀ, compute its "
    "largest eigenvalue λ₁ (4 significant figures).",
}
_TITLE = {
    "cov": "Sample covariance",
    "eig": "Largest eigenvalue of the covariance",
    "pc1": "First principal component",
    "ratio": "Explained variance ratio",
    "cov_n": "Covariance with 1/n",
    "eig_n": "Largest eigenvalue of the 1/n covariance",
}


class PcaSpec(Record):
    """PCA of small data (``aecalc pca``): ``quantity`` cov, eig, pc1 or ratio, of the covariance
    divided by ``divisor`` (n − 1, or n as some courses define it)."""

    x: Matrix
    quantity: str = "eig"
    divisor: str = "n-1"

    kind: Literal["pca"] = "pca"


def _data(rng: random.Random, level: int) -> Matrix:
    n = {1: 3, 2: rng.choice((3, 4)), 3: rng.choice((4, 5))}[level]
    low, high, scale = {1: (0, 4, 1), 2: (-3, 5, 1), 3: (-8, 8, 2)}[level]
    while True:
        rows = tuple(
            tuple(Fraction(rng.randint(low, high), scale) for _ in range(2)) for _ in range(n)
        )
        columns = list(zip(*rows, strict=True))
        if any(len(set(column)) == 1 for column in columns):
            continue  # a constant feature: PCA is trivial
        mean = [sum(c, Fraction(0)) / n for c in columns]
        sxx, syy, sxy = (
            sum(
                (
                    (a - mean[i]) * (b - mean[j])
                    for a, b in zip(columns[i], columns[j], strict=True)
                ),
                Fraction(0),
            )
            for i, j in ((0, 0), (1, 1), (0, 1))
        )
        if sxy != 0 and (sxx - syy) ** 2 + 4 * sxy * sxy > 0:  # distinct eigenvalues, tilted axes
            return rows


def generate(rng: random.Random, level: int = 2, kind: str | None = None) -> Problem:
    """A fresh PCA question on 2-feature data."""
    variant = pick(rng, kind, KINDS[level] if kind is None else KIND_NAMES)
    rows = _data(rng, level)
    statement = (
        f"The data X = {matrix_text(rows)} hold {len(rows)} samples (one per row) of 2 "
        f"features x₁, x₂. {_ASK[variant]}"
    )
    ident = "gen-pca-{}-{}".format(
        variant, "_".join("_".join(str(v) for v in row) for row in rows).replace("-", "m")
    )
    spec = PcaSpec(rows, BY_N.get(variant, variant), "n" if variant in BY_N else "n-1")
    return generated("pca", ident.replace("/", "d"), _TITLE[variant], statement, spec)


def read(data: Mapping[str, object]) -> PcaSpec:
    """``kind = "pca"``: the data ``x`` (2 or 3 features, at least 2 samples), ``quantity`` and
    the covariance's ``divisor`` (``n-1``, the default, or ``n``)."""
    rows = matrix(data, "x")
    if len(rows) < 2 or not 2 <= len(rows[0]) <= 3:
        raise FieldError("solve.x", "must have at least 2 samples of 2 or 3 features")
    return PcaSpec(
        x=rows,
        quantity=choice(data, "quantity", QUANTITIES, "eig"),
        divisor=choice(data, "divisor", DIVISORS, "n-1"),
    )


def _uncentred(rows: Matrix, by: int) -> Any:
    """XᵀX/(n − 1) (or /n: ``by``) of the raw data: the slip of not centring."""
    import sympy

    from aecalc.values.exact import rational

    d = len(rows[0])
    return sympy.Matrix(
        [
            [rational(sum((r[i] * r[j] for r in rows), Fraction(0)) / by) for j in range(d)]
            for i in range(d)
        ]
    )


def _top_pair(matrix_: Any) -> tuple[Any, list[float], Any]:
    """(largest eigenvalue, its unit eigenvector as floats, the eigenvalue sum) of a symmetric
    SymPy matrix: the core's eigenpairs (closed forms, or decimals where a cubic's roots need
    complex numbers to write)."""
    from aecalc.nets.pca import eigenpairs

    pairs, _closed = eigenpairs(matrix_)
    value, vector = pairs[0]
    return value, [float(v) for v in vector], matrix_.trace()


def solve(spec: PcaSpec) -> Solution:
    from aecalc.nets.pca import check_divisor, exact_pca
    from aecalc.present.pca import pca_document

    divisor = check_divisor(spec.divisor, "solve.divisor")
    result = exact_pca(spec.x, 1, divisor)
    n = result.n
    by, symbol = (n, "n") if divisor == "n" else (n - 1, "n − 1")
    raw = _uncentred(spec.x, by)  # its eigenpairs only where a slip needs them (they cost)
    # the other divisor: the slip of dividing by n where the question wants n − 1, or back
    shrink = Fraction(n - 1, n) if divisor == "n-1" else Fraction(n, n - 1)
    if divisor == "n-1":
        other, other_why = N, f"the sample covariance divides by n − 1 = {n - 1}, not by n."
    else:
        other, other_why = (
            N_MINUS_1,
            f"the question defines C with 1/n: divide by n = {n}, not n − 1.",
        )
    slips: list[Slip] = []
    assert result.covariance is not None
    if spec.quantity == "cov":
        value = result.covariance[0][1]
        expected = scalar(value)
        slips = [
            shared.slip(other, other_why, value * shrink),
            shared.slip(
                CENTRE,
                "subtract the mean of each feature first: Cov = Σ (x₁ − x̄₁)(x₂ − x̄₂)/"
                f"{'(n − 1)' if divisor == 'n-1' else 'n'}.",
                fraction(raw[0, 1]),
            ),
        ]
        label = "Cov(x₁, x₂)"
        hint = (
            "Centre each feature (subtract its mean), multiply the centred pairs, add, divide by "
            f"{symbol}."
        )
    elif spec.quantity == "eig":
        value = result.eigenvalues[0]
        expected = scalar(value)
        raw_top, _, _ = _top_pair(raw)
        slips = [
            Slip(other.name, other_why, derived(fraction(value) * shrink, value)),
            Slip(
                CENTRE.name,
                "centre the data before forming the covariance.",
                derived(fraction(raw_top), raw_top),
            ),
        ]
        label = "λ₁"
        hint = (
            f"Covariance C (centred data, {symbol}), then the larger root of det(C − λI) = "
            "λ² − (trace C)λ + det C = 0."
        )
    elif spec.quantity == "ratio":
        value = result.explained_ratio[0]
        expected = scalar(value)
        raw_top, _, raw_trace = _top_pair(raw)
        slips = [
            Slip(
                CENTRE.name,
                "centre the data first.",
                derived(fraction(raw_top / raw_trace), raw_top),
            ),
            Slip(
                SMALLER.name,
                "λ₁ is the larger eigenvalue.",
                derived(fraction(result.explained_ratio[1]), result.explained_ratio[1]),
            ),
        ]
        label = "λ₁/(λ₁ + λ₂)"
        hint = "The eigenvalues of the covariance; the larger over their sum (= trace C). n or n − 1 cancels."
    else:
        from aecalc.nets.pca import tied

        if tied(tuple(quantity.to_float(v) for v in result.eigenvalues), 1):
            raise InputError(
                "--x",
                "the largest eigenvalue is repeated (λ₁ = λ₂): the first principal component is "
                "not unique (any unit vector in its eigenspace will do), so no answer can be "
                "checked; ask for λ₁ or the explained ratio instead",
            )
        raw_vector = _top_pair(raw)[1]
        vector_ = result.components[0]
        expected = shared.vector(vector_)
        slips = [
            Slip(
                SIGN.name,
                "−v₁ is an eigenvector too, but the question fixes the sign: largest entry positive.",
                shared.vector([-v for v in vector_]),
            ),
            Slip(
                CENTRE.name,
                "centre the data before forming the covariance.",
                expecting.vector([Value(Fraction(v), False) for v in raw_vector]),
            ),
        ]
        label = "v₁"
        hint = "Covariance C, its larger eigenvalue λ₁, then solve (C − λ₁I)v = 0 and scale v to unit length."
    expected = keep(expected, slips)

    def steps(digits: int) -> tuple[str, ...]:
        assert result.covariance is not None
        lines = [
            f"mean μ = {shared.shown_all(result.mean, digits)}",
            f"C = X_cᵀX_c/{'(n − 1)' if divisor == 'n-1' else 'n'} = ["
            + "; ".join(shared.shown_all(row, digits) for row in result.covariance)
            + "]",
        ]
        if spec.quantity != "cov":
            if result.characteristic is not None:
                lines.append(result.characteristic)
            lines.append(f"λ = {shared.shown_all(result.eigenvalues, digits)}")
        if spec.quantity == "pc1":
            lines.append(f"v₁ = {shared.shown_all(result.components[0], digits)}")
        if spec.quantity == "ratio":
            lines.append(f"λ₁/Σλ = {shared.shown(result.explained_ratio[0], digits)}")
        return tuple(lines)

    return shared.Solution(
        expected, label, hint, lambda digits: pca_document(result, digits), steps
    )


TOPIC: Topic[PcaSpec] = Topic(
    "pca",
    "Principal component analysis",
    reader=read,
    solver=solve,
    generator=generate,
    kinds=KIND_NAMES,
    marks=4,
    slips=(N, N_MINUS_1, CENTRE, SMALLER, SIGN),
)
