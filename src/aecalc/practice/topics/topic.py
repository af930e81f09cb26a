"""What a practice topic provides: the :class:`Topic` entry each topic module defines.

A numeric topic reads a bank problem's ``[solve]`` table into its spec (``reader``), works the
spec out with the core modules (``solver`` → :class:`~aecalc.practice.topics.solution.Solution`)
and makes fresh problems (``generator``); a theory topic has none of the three: its questions
come from the bank. The registry, :data:`aecalc.practice.topics.TOPICS`, lists the entries.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Generic, TypeVar

from aecalc.record import Record

if TYPE_CHECKING:
    from aecalc.practice.answers.slips import KnownSlip
    from aecalc.practice.topics.problem import Problem
    from aecalc.practice.topics.solution import Solution

S = TypeVar("S")

Reader = Callable[[Mapping[str, object]], S]
"""A ``[solve]`` table → the topic's spec (raises :class:`~aecalc.practice.topics.fields.FieldError`)."""
Solver = Callable[[S], "Solution"]
"""A spec → its :class:`~aecalc.practice.topics.solution.Solution`."""
Generator = Callable[[random.Random, int, "str | None"], "Problem"]
"""``(rng, level, kind)`` → a fresh problem at ``level`` (1–3), of ``kind`` if given (the third
part of its id, as ``practice --review`` asks for a kind again)."""


class Topic(Record, Generic[S]):
    """One practice topic (see the module docstring)."""

    id: str
    """The bank's ``topic`` field, the ``[solve]`` table's ``kind`` and ``--topic``'s name."""
    title: str
    """The booklet's heading."""
    reader: Reader[S] | None = None
    solver: Solver[S] | None = None
    generator: Generator | None = None
    kinds: tuple[str, ...] = ()
    """The question kinds its generator makes (the third part of a generated problem's id,
    :func:`~aecalc.practice.topics.problem.kind_of`), every one of them: mastery and the study
    plan list them, never-tried ones included."""
    also_solves: tuple[str, ...] = ()
    """Other ``[solve]`` kinds a bank problem of this topic may use (a loss after a forward pass)."""
    rank: int = 2
    """How hard the topic is to start with (1 easiest): the default session begins with rank 1."""
    marks: int = 3
    """What one question of the topic is worth in a mock exam (``aecalc exam``)."""
    slips: tuple[KnownSlip, ...] = ()
    """The slips its solver names, with what each means (``practice --stats``)."""

    @property
    def numeric(self) -> bool:
        return self.solver is not None
