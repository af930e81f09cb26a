"""The practice topics: one registry, :data:`TOPICS`, from which the bank, the generators, the
booklet, the exam and ``--topic`` derive.

Each topic is one module of this package holding everything about it — its spec record, its
reader (a bank file's ``[solve]`` table → the spec), its solver (spec → a
:class:`~aecalc.practice.topics.solution.Solution`: the answer, its named slips, the hint, the
steps and the worked document, computed by the same core functions as the command), its
generator (``(random.Random, level, kind)`` → a fresh problem) and its named slips — and ends
with its :class:`~aecalc.practice.topics.topic.Topic` entry, ``TOPIC``. The modules they share:
:mod:`~aecalc.practice.topics.topic` (the entry), :mod:`~aecalc.practice.topics.problem` (what a
problem is), :mod:`~aecalc.practice.topics.fields` (reading one field),
:mod:`~aecalc.practice.topics.solution` (what a solver returns, and its helpers) and
:mod:`~aecalc.practice.topics.generating` (what a generator shares).

**Adding a topic** (say ``vae``): write ``topics/vae.py`` with its spec, ``read``, ``solve``,
``generate``, slips and ``TOPIC = Topic("vae", "…", reader=read, solver=solve,
generator=generate, slips=(…))``, keeping NumPy and SymPy imports inside the functions and
describing answers with :mod:`~aecalc.practice.answers.expected` (``number``, ``vector``, ``Slip``),
not the checker, so that the commands that only read the table (``plan``, ``problems``,
``--stats``) load no answer reader; then add
its one line to the table below, at the place it should take (the booklet's, the exam's and
``--topic``'s order). ``--topic``, the bank's ``topic`` and ``[solve] kind`` fields,
``practice``, ``exam``, ``sheet``, ``--stats`` (the slips' meanings) and ``--review`` (the
kinds) all read the table. Its bank problems are TOML files in ``problems/``.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from aecalc.errors import InputError
from aecalc.practice.answers.slips import SHARED, meaning
from aecalc.practice.topics.topic import Topic

# The table, in its order: one line per topic (the imports are the table, so they stay unsorted).
# isort: off
from aecalc.practice.topics.params import TOPIC as PARAMS  # noqa: F401
from aecalc.practice.topics.classify import TOPIC as CLASSIFY  # noqa: F401
from aecalc.practice.topics.forward import TOPIC as FORWARD  # noqa: F401
from aecalc.practice.topics.loss import TOPIC as LOSS  # noqa: F401
from aecalc.practice.topics.backprop import TOPIC as BACKPROP  # noqa: F401
from aecalc.practice.topics.penalty import TOPIC as PENALTY  # noqa: F401
from aecalc.practice.topics.conv import TOPIC as CONV  # noqa: F401
from aecalc.practice.topics.convmaps import TOPIC as CONVMAPS  # noqa: F401
from aecalc.practice.topics.pca import TOPIC as PCA  # noqa: F401
from aecalc.practice.topics.theory import TOPIC as THEORY  # noqa: F401
# isort: on

if TYPE_CHECKING:
    from aecalc.practice.topics.problem import Problem, Spec
    from aecalc.practice.topics.solution import Solution

TOPICS: tuple[Topic[Any], ...] = tuple(
    entry for entry in dict(globals()).values() if isinstance(entry, Topic)
)
"""Every topic's entry, in the table's order (the lines above)."""
BY_ID: dict[str, Topic[Any]] = {topic.id: topic for topic in TOPICS}
IDS: tuple[str, ...] = tuple(BY_ID)
NUMERIC: tuple[str, ...] = tuple(t.id for t in TOPICS if t.numeric)
WORDED: tuple[str, ...] = tuple(t.id for t in TOPICS if not t.numeric)
"""The topics whose questions are answered in words (theory): no solver, no generator."""


def get(topic: str) -> Topic[Any]:
    """The topic ``topic`` (KeyError if there is none)."""
    return BY_ID[topic]


def title(topic: str) -> str:
    """The topic's title, or its id for a topic the table does not know."""
    found = BY_ID.get(topic)
    return topic if found is None else found.title


def choices_text(extra: tuple[str, ...] = ()) -> str:
    """``params, classify, …, theory`` (and ``extra``), for help texts and error lines."""
    return ", ".join((*IDS, *extra))


def help_text(extra: str = "") -> str:
    """A ``--topic`` help text: ``params, classify, … or all.``"""
    names = list(IDS)
    if extra:
        return f"{', '.join(names)} or {extra}."
    return f"{', '.join(names[:-1])} or {names[-1]}."


def generate(topic: str, rng: random.Random, level: int = 2, kind: str | None = None) -> Problem:
    """One fresh numeric problem of ``topic`` at ``level`` (1–3), of ``kind`` if given."""
    generator = get(topic).generator
    assert generator is not None, f"{topic} has no generator"
    return generator(rng, level, kind)


def solve(spec: Spec) -> Solution:
    """The solution of a spec, by its kind's solver."""
    solver = get(spec.kind).solver
    assert solver is not None, f"{spec.kind} has no solver"
    solution: Solution = solver(spec)
    return solution


def solve_problem(problem: Problem) -> Solution | None:
    """A problem's solution (None for a theory question).

    A ``[solve]`` table that passes the bank's field checks but that the core refuses (a BCE
    with x̂ exactly 0) is reported against the problem's file, not a command-line option.
    """
    if problem.spec is None:
        return None
    where = problem.id if problem.path is None else str(problem.path)
    try:
        solution = solve(problem.spec)
    except InputError as error:
        raise InputError(
            where, f"cannot be solved ({error.argument.lstrip('-')}): {error.problem}"
        ) from None
    try:
        return solution.with_marks(problem.marks)
    except KeyError as error:
        steps = ", ".join(solution.working.names) if solution.working is not None else "none"
        raise InputError(
            where, f"field marks.{error.args[0]}: no step is called that (its steps: {steps})"
        ) from None


def slip_meaning(name: str) -> str:
    """What a named slip means, in one sentence (``""`` where none is written)."""
    return meaning(name, (*SHARED, *(slip for topic in TOPICS for slip in topic.slips)))
