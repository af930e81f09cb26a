"""The ``pca`` practice topic: answers against NumPy, the named slips, a scripted session."""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from aecalc.cli import app
from aecalc.practice import topics
from aecalc.practice.answers import checker
from aecalc.practice.topics import solve
from aecalc.practice.topics.pca import CENTRE, SIGN, SMALLER, N, PcaSpec, read
from cli import session_answers

runner = CliRunner()


def _oracle(rows: tuple[tuple[Fraction, ...], ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.array(rows, dtype=float)
    cov = np.cov(x, rowvar=False)
    values, vectors = np.linalg.eigh(cov)
    return cov, values[::-1], vectors[:, ::-1].T


def _first(expected: checker.Expected) -> list[float]:
    return [float(v.value) for v in expected.values]


def test_topic_is_one_registry_entry() -> None:
    topic = topics.get("pca")
    assert topic.numeric and topic.title == "Principal component analysis"
    assert "pca" in topics.NUMERIC


@pytest.mark.parametrize("level", [1, 2, 3])
@pytest.mark.parametrize("kind", ["cov", "eig", "pc1", "ratio"])
def test_answers_match_numpy(level: int, kind: str) -> None:
    for seed in range(4):
        problem = topics.generate("pca", random.Random(seed), level, kind)
        assert isinstance(problem.spec, PcaSpec) and problem.id.startswith(f"gen-pca-{kind}-")
        rows = problem.spec.x
        cov, values, vectors = _oracle(rows)
        expected = solve(problem.spec).expected
        got = _first(expected)
        if kind == "cov":
            assert got == pytest.approx([cov[0, 1]], abs=1e-12)
        elif kind == "eig":
            assert got == pytest.approx([values[0]], rel=1e-12)
        elif kind == "ratio":
            assert got == pytest.approx([values[0] / values.sum()], rel=1e-12)
        else:
            v = vectors[0] if vectors[0][np.argmax(np.abs(vectors[0]))] > 0 else -vectors[0]
            assert got == pytest.approx(list(v), abs=1e-12)
        assert checker.check(expected, expected.as_answer(6)).status == "right"


def test_named_slips() -> None:
    rows = ((Fraction(0), Fraction(4)), (Fraction(1), Fraction(2)), (Fraction(0), Fraction(3)))
    x = np.array(rows, dtype=float)
    n = len(rows)
    cov = solve(PcaSpec(rows, "cov")).expected
    by_n = np.cov(x, rowvar=False, ddof=0)[0, 1]
    raw = x.T @ x / (n - 1)
    verdict = checker.check(cov, str(Fraction(by_n).limit_denominator(1000)))
    assert verdict.slip is not None and verdict.slip.name == N.name
    verdict = checker.check(cov, str(raw[0, 1]))
    assert verdict.slip is not None and verdict.slip.name == CENTRE.name
    eig = solve(PcaSpec(rows, "eig")).expected
    verdict = checker.check(eig, f"{np.linalg.eigvalsh(raw)[-1]:.4f}")
    assert verdict.slip is not None and verdict.slip.name == CENTRE.name
    ratio = solve(PcaSpec(rows, "ratio")).expected
    values = np.linalg.eigvalsh(np.cov(x, rowvar=False))
    verdict = checker.check(ratio, f"{values[0] / values.sum():.4f}")
    assert verdict.slip is not None and verdict.slip.name == SMALLER.name
    pc1 = solve(PcaSpec(rows, "pc1")).expected
    flipped = ", ".join(f"{-v:.4f}" for v in _first(pc1))
    verdict = checker.check(pc1, flipped)
    assert verdict.slip is not None and verdict.slip.name == SIGN.name


@pytest.mark.parametrize("kind", ["cov", "eig", "pc1", "ratio"])
def test_three_features_whose_cubic_needs_complex_numbers_to_write(kind: str) -> None:
    # A problem file may give 3 features. The uncentred matrix behind the 'not centred' slip
    # has a cubic with three real roots whose closed forms need i: that slip used to raise
    # TypeError (complex to float); it now comes from the core's decimal eigenpairs.
    rows = tuple(
        tuple(Fraction(v) for v in row)
        for row in ((1, 2, 0), (3, 1, 1), (0, 0, 2), (2, 3, 1), (4, 4, 1))
    )
    x = np.array(rows, dtype=float)
    solution = solve(PcaSpec(rows, kind))
    assert checker.check(solution.expected, solution.expected.as_answer(6)).right
    raw = np.linalg.eigh(x.T @ x / (len(rows) - 1))
    if kind == "eig":
        verdict = checker.check(solution.expected, f"{raw.eigenvalues[-1]:.4f}")
        assert verdict.slip is not None and verdict.slip.name == CENTRE.name
    if kind == "pc1":
        top = raw.eigenvectors[:, -1]
        top = top if top[np.argmax(np.abs(top))] > 0 else -top
        verdict = checker.check(solution.expected, ", ".join(f"{v:.4f}" for v in top))
        assert verdict.slip is not None and verdict.slip.name == CENTRE.name


def test_the_banks_pca_answers_agree_with_numpy() -> None:
    from aecalc.practice.bank.folder import load_bank

    bank = [p for p in load_bank() if p.topic == "pca"]
    assert len(bank) >= 6
    for problem in bank:
        assert isinstance(problem.spec, PcaSpec)
        cov, values, vectors = _oracle(problem.spec.x)
        v = vectors[0] if vectors[0][np.argmax(np.abs(vectors[0]))] > 0 else -vectors[0]
        truth = {
            "cov": [cov[0, 1]],
            "eig": [values[0]],
            "ratio": [values[0] / values.sum()],
            "pc1": list(v),
        }[problem.spec.quantity]
        stored = [float(Fraction(a)) for a in problem.answer.split(", ")]
        assert stored == pytest.approx(truth, abs=5e-4), problem.id  # 4 places or figures
        assert checker.check(solve(problem.spec).expected, problem.answer).right, problem.id


def test_a_first_component_that_is_not_unique_cannot_be_asked(tmp_path: Path) -> None:
    rows = tuple(tuple(Fraction(int(i == j)) for j in range(3)) for i in range(3))  # λ₁ = λ₂
    with pytest.raises(Exception, match="the largest eigenvalue is repeated"):
        solve(PcaSpec(rows, "pc1"))
    assert solve(PcaSpec(rows, "eig")).expected.values[0].value == Fraction(1, 2)
    problem = tmp_path / "tie.toml"
    problem.write_text(
        'id = "Z"\ntopic = "pca"\ntitle = "t"\nstatement = "s"\nanswer = "1"\n\n'
        '[solve]\nkind = "pca"\nx = "1,0,0;0,1,0;0,0,1"\nquantity = "pc1"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["check", str(problem), "0, 0.7071, -0.7071"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert "tie.toml: cannot be solved (x): the largest eigenvalue is repeated" in result.stderr


def test_reader() -> None:
    spec = read({"x": [["1", "2"], ["3", "5"], ["0", "1"]], "quantity": "ratio"})
    assert spec.quantity == "ratio" and spec.x[1] == (Fraction(3), Fraction(5))
    with pytest.raises(Exception, match="at least 2 samples"):
        read({"x": [["1", "2"]]})


def test_scripted_session(home: Path) -> None:
    right = session_answers("pca", 3, 3)
    result = runner.invoke(
        app,
        ["practice", "--topic", "pca", "--count", "3", "--seed", "3", "--level", "2"],
        input="\n".join(right) + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Score: 3/3" in result.output
    assert result.output.count("Question ") >= 3
