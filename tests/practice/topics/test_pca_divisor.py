"""The ``pca`` topic's questions that define the covariance with 1/n (``cov_n``, ``eig_n``):
answers against ``np.cov(…, ddof=0)``, and the slip "n − 1 instead of n" named."""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
import pytest

from aecalc.practice import topics
from aecalc.practice.answers import checker
from aecalc.practice.topics import solve
from aecalc.practice.topics.fields import FieldError
from aecalc.practice.topics.pca import CENTRE, N_MINUS_1, PcaSpec, read


@pytest.mark.parametrize("level", [1, 2, 3])
@pytest.mark.parametrize("kind", ["cov_n", "eig_n"])
def test_answers_match_numpy_with_ddof_0(level: int, kind: str) -> None:
    for seed in range(4):
        problem = topics.generate("pca", random.Random(seed), level, kind)
        assert problem.id.startswith(f"gen-pca-{kind}-") and "(1/n)" in problem.statement
        assert isinstance(problem.spec, PcaSpec) and problem.spec.divisor == "n"
        x = np.array(problem.spec.x, dtype=float)
        by_n, by_n_1 = np.cov(x.T, ddof=0), np.cov(x.T, ddof=1)
        expected = solve(problem.spec).expected
        got = float(expected.values[0].value)
        if kind == "cov_n":
            assert got == pytest.approx(by_n[0, 1], abs=1e-12)
            slipped = by_n_1[0, 1]
        else:
            assert got == pytest.approx(np.linalg.eigvalsh(by_n)[-1], rel=1e-12)
            slipped = np.linalg.eigvalsh(by_n_1)[-1]
        assert checker.check(expected, expected.as_answer(6)).status == "right"
        verdict = checker.check(expected, f"{slipped:.6f}")
        assert verdict.slip is not None and verdict.slip.name == N_MINUS_1.name


def test_the_uncentred_slip_divides_by_n_too() -> None:
    rows = ((Fraction(0), Fraction(4)), (Fraction(1), Fraction(2)), (Fraction(0), Fraction(3)))
    x = np.array(rows, dtype=float)
    expected = solve(PcaSpec(rows, "cov", "n")).expected
    verdict = checker.check(expected, str(Fraction((x.T @ x / 3)[0, 1]).limit_denominator(100)))
    assert verdict.slip is not None and verdict.slip.name == CENTRE.name


def test_a_problem_file_may_give_the_divisor() -> None:
    spec = read({"x": "1,2;3,4;5,0", "quantity": "eig", "divisor": "n"})
    assert spec.divisor == "n" and solve(spec).expected.as_answer(6) == "4"  # 6·(n − 1)/n
    assert read({"x": "1,2;3,4;5,0"}).divisor == "n-1"
    with pytest.raises(FieldError, match="not one of n-1, n"):
        read({"x": "1,2;3,4;5,0", "divisor": "2"})


def test_the_worked_solution_says_1_over_n() -> None:
    solution = solve(
        PcaSpec(
            ((Fraction(2), Fraction(0)), (Fraction(0), Fraction(1)), (Fraction(3), Fraction(3))),
            "eig",
            "n",
        )
    )
    assert any("X_cᵀX_c/n" in line for line in solution.steps(4))
