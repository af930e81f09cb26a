"""Hints that progress (the method hint gives no step's numbers, and no hint repeats another) and
the slips issue 23 names: the ½-SSE gradient typed for an MSE question, the other half's count,
and a δ question worded as computed before the update."""

from __future__ import annotations

import random
import re

import pytest

from aecalc.practice import topics
from aecalc.practice.answers.checker import check
from aecalc.practice.session.tutor import Hints
from aecalc.practice.topics.backprop import BackpropSpec
from aecalc.practice.topics.params import ParamsSpec


def results(step: str) -> set[str]:
    """The numbers a step line ends with (after its last '=')."""
    return set(re.findall(r"\d+\.\d+|\d{2,}", step.rsplit("=", 1)[-1]))


@pytest.mark.parametrize("topic", ["forward", "loss", "conv", "backprop", "penalty"])
@pytest.mark.parametrize("seed", range(8))
def test_each_hint_adds_something(topic: str, seed: int) -> None:
    problem = topics.generate(topic, random.Random(seed), 2)
    assert problem.spec is not None
    solution = topics.solve(problem.spec)
    steps = solution.steps(4)
    hints = Hints(problem.hint or solution.hint, steps)
    said = [hints.next() for _ in range(hints.available)]
    assert len(set(said)) == len(said)  # none repeats another
    if steps:
        assert not results(steps[0]) & set(re.findall(r"\d+\.\d+|\d{2,}", said[0])), said[0]


def test_the_half_sse_gradient_typed_for_an_mse_question_is_named() -> None:
    """Three outputs: MSE's ∂L/∂x̂ = (2/3)(x̂ − t) differs from ½ Σ's x̂ − t, so every entry worked
    from x̂ − t is the slip."""
    spec = BackpropSpec(
        weights=(((1, 1),), ((1,), (2,), (-1,))),  # type: ignore[arg-type]
        x=(1, 0),  # type: ignore[arg-type]
        target=(0, 1, 0),  # type: ignore[arg-type]
        act="linear",
        loss="mse",
        quantity="delta",
        layer=2,
        row=1,
    )
    solution = topics.solve(spec)
    # x̂ = [1, 2, −1] (linear), t = [0, 1, 0]: MSE δ at unit 1 = (2/3)(1 − 0) = 2/3; ½-SSE gives 1
    assert solution.expected.values[0].value == pytest.approx(2 / 3)
    verdict = check(solution.expected, "1")
    assert verdict.slip is not None and verdict.slip.name == "½-SSE gradient for MSE"


def test_the_other_halfs_count_is_named() -> None:
    # 8 → 3 → 8: encoder 8·3 + 3 = 27, decoder 3·8 + 8 = 32
    decoder = topics.solve(ParamsSpec(sizes=(8, 3, 8), quantity="decoder"))
    verdict = check(decoder.expected, "27")
    assert verdict.slip is not None and verdict.slip.name == "the other half counted"
    encoder = topics.solve(ParamsSpec(sizes=(8, 3, 8), quantity="encoder"))
    verdict = check(encoder.expected, "32")
    assert verdict.slip is not None and verdict.slip.name == "the other half counted"


def test_a_delta_question_is_worded_as_computed_before_the_update() -> None:
    for seed in range(40):
        problem = topics.generate("backprop", random.Random(seed), 2, "delta")
        assert "computed before the update" in problem.statement
        assert "After one step" not in problem.statement
    update = topics.generate("backprop", random.Random(0), 2, "w_new")
    assert "After one step of gradient descent" in update.statement
