"""The ``classify`` topic: is an autoencoder undercomplete or overcomplete (``aecalc classify``)?

By the course notes' rule hidden ≥ input is overcomplete, so equal sizes come up often; the
textbook's "complete" for them is the named slip. The solver calls
:func:`aecalc.nets.architecture.classify`.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Literal

from aecalc.practice.answers import expected as expecting
from aecalc.practice.answers.expected import Slip
from aecalc.practice.answers.slips import KnownSlip
from aecalc.practice.topics.fields import choice, whole
from aecalc.practice.topics.generating import generated, pick
from aecalc.practice.topics.problem import Problem
from aecalc.practice.topics.solution import Solution
from aecalc.practice.topics.topic import Topic
from aecalc.record import Record

CONVENTION = KnownSlip(
    "textbook convention", "the course notes call hidden ≥ input overcomplete (no 'complete')."
)
MAX_LAYER = 10**7


class ClassifySpec(Record):
    """Under- or overcomplete (``aecalc classify``)."""

    input: int
    hidden: int
    convention: Literal["notes", "strict"] = "notes"

    kind: Literal["classify"] = "classify"


def read(data: Mapping[str, object]) -> ClassifySpec:
    """``kind = "classify"``: input and hidden sizes, and the convention."""
    convention = choice(data, "convention", ("notes", "strict"), "notes")
    return ClassifySpec(
        input=whole(data.get("input"), "solve.input", 1, MAX_LAYER),
        hidden=whole(data.get("hidden"), "solve.hidden", 1, MAX_LAYER),
        convention="notes" if convention == "notes" else "strict",
    )


def solve(spec: ClassifySpec) -> Solution:
    """Under- or overcomplete (``classify``); the textbook's "complete" is the slip for equal sizes."""
    from aecalc.nets.architecture import classify
    from aecalc.present.architecture import classify_document

    result = classify(spec.input, spec.hidden, spec.convention)
    slips: list[Slip] = []
    if spec.input == spec.hidden and spec.convention == "notes":
        text = (
            "equal sizes are 'complete' in the textbook, but the course notes' rule is "
            "hidden ≥ input ⇒ overcomplete."
        )
        slips = [
            Slip(CONVENTION.name, text, expecting.kind("complete")),
            Slip(CONVENTION.name, text, expecting.kind("undercomplete")),
        ]
    rule = (
        "hidden ≥ input ⇒ overcomplete, hidden < input ⇒ undercomplete"
        if spec.convention == "notes"
        else "hidden > input ⇒ overcomplete, = ⇒ complete, < ⇒ undercomplete"
    )
    hint = f"Compare the code size {spec.hidden} with the input size {spec.input}: {rule}."
    relation = "≥" if spec.hidden >= spec.input else "<"
    if spec.convention == "strict":
        relation = ">" if spec.hidden > spec.input else "=" if spec.hidden == spec.input else "<"
    steps = (
        f"input size {spec.input}, code size {spec.hidden}",
        f"{spec.hidden} {relation} {spec.input} ⇒ {result.kind}"
        + (" (the course notes' rule)" if spec.convention == "notes" else ""),
    )
    return Solution(
        expecting.kind(result.kind, slips),
        "kind",
        hint,
        lambda _digits: classify_document(result),
        lambda _digits: steps,
    )


def generate(rng: random.Random, level: int = 2, kind: str | None = None) -> Problem:
    """Under- or overcomplete, by the course notes' rule (equal sizes come up often)."""
    pick(rng, kind or "sizes", ("sizes",))
    low, high = {1: (2, 10), 2: (2, 100), 3: (100, 2000)}[level]
    n = rng.randint(low, high)
    roll = rng.random()
    if roll < 0.2:
        h = n
    elif roll < 0.6:
        h = rng.randint(max(1, n - 5) if level == 3 else 1, max(1, n - 1))
    else:
        h = rng.randint(n + 1, n + 5 if level == 3 else 2 * n + 10)
    text = (
        f"An autoencoder has {n} input neurons and {h} hidden (code) neurons. "
        "By the course notes' convention, is it undercomplete or overcomplete?"
    )
    return generated(
        "classify",
        f"gen-classify-sizes-{n}-{h}",
        f"Input {n}, hidden {h}",
        text,
        ClassifySpec(n, h),
    )


TOPIC: Topic[ClassifySpec] = Topic(
    "classify",
    "Undercomplete or overcomplete",
    reader=read,
    solver=solve,
    generator=generate,
    kinds=("sizes",),
    rank=1,
    marks=1,
    slips=(CONVENTION,),
)
