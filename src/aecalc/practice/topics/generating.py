"""What every generator shares: numbers written as a statement writes them, the kind picked, and
the generated :class:`~aecalc.practice.topics.problem.Problem` itself.

Generators are reproducible from a :class:`random.Random`; their numbers are chosen so that the
hand arithmetic stays friendly at level 2 (the exam's usual size), smaller at level 1 and more
awkward at level 3.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from aecalc.practice.answers.precision import asked_precision
from aecalc.practice.topics.problem import Problem
from aecalc.values import fmt

if TYPE_CHECKING:
    from aecalc.practice.topics.problem import Spec


def number_text(value: Fraction | int) -> str:
    """``2``, ``0.5``, ``−1``, ``1/3``: short, exact, with a real minus sign."""
    return fmt.short(Fraction(value), 6).replace("-", "−")


def vector_text(values: Sequence[Fraction | int]) -> str:
    return "[" + ", ".join(number_text(v) for v in values) + "]"


def matrix_text(rows: Sequence[Sequence[Fraction | int]]) -> str:
    return "[" + ", ".join(vector_text(row) for row in rows) + "]"


def arrow(sizes: Sequence[int]) -> str:
    return " → ".join(map(str, sizes))


def generated(topic: str, ident: str, title: str, statement: str, spec: Spec) -> Problem:
    """A generated problem; ``ident`` is ``gen-{topic}-{kind}-…`` (see
    :func:`~aecalc.practice.topics.problem.kind_of`)."""
    return Problem(
        id=ident,
        topic=topic,
        title=title,
        statement=statement,
        source="generated",
        spec=spec,
        precision=asked_precision(statement),
    )


def pick(rng: random.Random, kind: str | None, choices: Sequence[str]) -> str:
    """The kind asked for, or one drawn from ``choices`` (repeats weigh a kind)."""
    if kind is None:
        return rng.choice(tuple(choices))
    if kind not in choices:
        raise ValueError(f"unknown kind {kind!r} (known: {', '.join(sorted(set(choices)))})")
    return kind
