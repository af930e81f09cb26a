"""Each topic's ``kinds`` (issue 24) lists exactly the kinds its generator makes, and every one of
them can be asked at every level (automatic levels ask a kind at the level its mastery reached)."""

from __future__ import annotations

import random

import pytest

from aecalc.practice import topics
from aecalc.practice.topics.problem import kind_of


@pytest.mark.parametrize("topic", topics.NUMERIC)
def test_the_kinds_are_the_ones_the_generator_makes(topic: str) -> None:
    listed = topics.get(topic).kinds
    assert listed and len(set(listed)) == len(listed)
    made: set[str] = set()
    for level in (1, 2, 3):
        rng = random.Random(level)
        for _ in range(80):
            found = kind_of(topics.generate(topic, rng, level).id)
            assert found is not None and found[0] == topic
            made.add(found[1])
    assert made <= set(listed)
    for level in (1, 2, 3):
        for kind in listed:
            problem = topics.generate(topic, random.Random(0), level, kind)
            assert kind_of(problem.id) == (topic, kind)
