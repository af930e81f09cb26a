"""Every topic's generator: solvable questions whose slips differ from the answer, reproducible
from a seed, harder at each level, a few steps of working each."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aecalc.practice import topics
from aecalc.practice.answers.checker import check
from aecalc.practice.topics import solve
from aecalc.practice.topics.backprop import BackpropSpec
from aecalc.practice.topics.problem import Problem


def assert_solvable(topic: str, seed: int) -> None:
    problem = topics.generate(topic, random.Random(seed))
    assert problem.topic == topic
    assert problem.statement
    assert problem.spec is not None
    expected = solve(problem.spec).expected
    assert check(expected, expected.as_answer(6)).right
    for slip in expected.slips:  # a slip never coincides with the answer
        assert not check(expected, slip.answer.as_answer(6)).right, (problem.statement, slip.name)


@given(st.integers(min_value=0, max_value=2**32))
@settings(max_examples=60, deadline=None)
def test_params_and_classify_generators_are_solvable(seed: int) -> None:
    assert_solvable("params", seed)
    assert_solvable("classify", seed)


@given(st.integers(min_value=0, max_value=2**32))
@settings(max_examples=30, deadline=None)
def test_forward_and_loss_generators_are_solvable(seed: int) -> None:
    assert_solvable("forward", seed)
    assert_solvable("loss", seed)


@given(st.integers(min_value=0, max_value=2**32))
@settings(max_examples=30, deadline=None)
def test_backprop_penalty_and_conv_generators_are_solvable(seed: int) -> None:
    assert_solvable("backprop", seed)
    assert_solvable("penalty", seed)
    assert_solvable("conv", seed)


def test_every_generator_topic_is_covered() -> None:
    assert set(topics.NUMERIC) == {t.id for t in topics.TOPICS if t.numeric}
    assert {"backprop", "penalty", "conv"} <= set(topics.NUMERIC)
    for topic in topics.NUMERIC:  # every numeric entry has its three functions
        entry = topics.get(topic)
        for function in (entry.reader, entry.solver, entry.generator):
            assert callable(function), (topic, function)


def test_generators_are_reproducible() -> None:
    for topic in ("params", "classify", "backprop", "penalty", "conv"):
        first = [topics.generate(topic, random.Random(3)) for _ in range(3)]
        again = [topics.generate(topic, random.Random(3)) for _ in range(3)]
        assert first == again


NUMERIC = topics.NUMERIC


def size(problem: Problem) -> int:
    """A measure of how much arithmetic a problem asks for."""
    spec = problem.spec
    assert spec is not None
    numbers = re.findall(r"\d+(?:\.\d+)?", problem.statement)
    digits = sum(len(n.replace(".", "")) for n in numbers)
    if isinstance(spec, BackpropSpec):
        return 1000 * len(spec.weights) + digits
    return digits


@pytest.mark.parametrize("topic", NUMERIC)
def test_levels_change_the_sizes_and_numbers(topic: str) -> None:
    seeds = range(30)
    by_level = {
        level: [topics.generate(topic, random.Random(s), level) for s in seeds]
        for level in (1, 2, 3)
    }
    mean = {level: sum(map(size, ps)) / len(ps) for level, ps in by_level.items()}
    assert mean[1] < mean[2] < mean[3], mean
    # that these problems are solvable, with their steps: the next test, on the same seeds


def test_level_one_nets_have_one_layer_and_level_three_more_units() -> None:
    one = [topics.generate("backprop", random.Random(s), 1).spec for s in range(10)]
    three = [topics.generate("backprop", random.Random(s), 3).spec for s in range(10)]
    assert all(isinstance(s, BackpropSpec) and len(s.weights) == 1 for s in one)
    assert all(
        (isinstance(s, BackpropSpec) and max(len(w) for w in s.weights) == 3) or len(s.x) == 3
        for s in three
    )
    forward_one = [topics.generate("forward", random.Random(s), 1).spec for s in range(10)]
    assert all(len(s.we) == 1 for s in forward_one if s is not None and hasattr(s, "we"))


@pytest.mark.parametrize("level", [1, 2, 3])
def test_every_generated_question_has_two_to_six_steps_and_a_readable_answer(level: int) -> None:
    from aecalc.practice.answers.checker import check

    for topic in NUMERIC:
        for seed in range(30):  # the seeds whose sizes the test above compares
            problem = topics.generate(topic, random.Random(seed), level)
            assert problem.spec is not None
            solution = solve(problem.spec)
            steps = solution.steps(4)
            assert 1 <= len(steps) <= 6, (topic, level, seed, steps)
            assert check(solution.expected, solution.expected.as_answer(6)).right
