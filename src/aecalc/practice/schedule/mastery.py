"""Mastery per question kind — new, attempted, familiar, proficient, mastered — read from the attempts.

Nothing is stored: a kind's mastery is worked out afresh from the history's attempts, oldest
first, every time it is asked for. A *kind* is a generated question's topic and kind
(``params/tied``, :func:`~aecalc.practice.topics.problem.kind_of`) or one theory card
(``theory/T03``); a bank problem has no kind of its own.

**Points.** A kind starts at 0 points (no attempt: *new*) and moves with each answer:

* right, without hints: **+1** if the answer was *interleaved*, **+½** if it was *blocked*;
  half that for a multiple-choice answer (recognising the answer among four is easier than
  producing it);
* right after hints (or on a second try): no change;
* wrong or skipped: down one stage, to the bottom of the stage below (*mastered* → 4,
  *proficient* → 2, *familiar* → 0); an *attempted* kind stays at 0.

An answer is **blocked** when the question before it in the same session was of the same kind
(a run of one kind: the method is still in mind), and **interleaved** otherwise — after a
question of another kind, or first in its session. Sessions are told apart by the id every
attempt records, so this needs no column of its own.

**Stages.** *attempted* below 2 points, *familiar* from 2, *proficient* from 4, *mastered* at 6
(the most a kind can have). So a kind is mastered after six interleaved right answers without
hints and without a miss between them — or more, where some were blocked or multiple choice.

**Levels.** A kind is asked at the level its stage has reached: *new* and *attempted* at level 1,
*familiar* at 2, *proficient* and *mastered* at 3 (:attr:`KindMastery.level`). A right answer
at level *L* lifts a kind to at most 2·*L* points — the first point of the stage that level
leads to — so a kind is mastered only by right answers at level 3 (a forced ``--level 1`` does
not master anything). A row recorded before levels were (level unknown) counts as level 2, the
default then. Theory cards have no levels: they are never held back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from aecalc.practice.topics.problem import kind_of
from aecalc.record import Record

if TYPE_CHECKING:
    from aecalc.practice.history.attempts import Done, Reading
    from aecalc.practice.topics.problem import Problem

Stage = Literal["new", "attempted", "familiar", "proficient", "mastered"]
STAGES: tuple[Stage, ...] = ("new", "attempted", "familiar", "proficient", "mastered")
"""The stages in order; a kind's :attr:`KindMastery.rank` is its place here (0–4)."""
STEP = Fraction(2)
"""Points from one stage to the next (attempted 0, familiar 2, proficient 4, mastered 6)."""
MOST = 3 * STEP
"""The points of a mastered kind, and the most a kind can have."""
OLD_LEVEL = 2
"""The level of an attempt recorded before attempts recorded theirs (the default then)."""
LEVELS: dict[Stage, int] = {
    "new": 1,
    "attempted": 1,
    "familiar": 2,
    "proficient": 3,
    "mastered": 3,
}
"""The level a kind is asked at, by stage."""


class KindMastery(Record):
    """How far one kind has come: its points and what they mean.

    ``topic`` and ``kind`` name it (``params``, ``tied``; a theory card: ``theory``, ``T03``).
    """

    topic: str
    kind: str
    points: Fraction = Fraction(0)
    attempts: int = 0
    right: int = 0
    """Right answers (with or without hints)."""

    @property
    def key(self) -> str:
        return f"{self.topic}/{self.kind}"

    @property
    def stage(self) -> Stage:
        """``new`` (never asked), ``attempted``, ``familiar``, ``proficient`` or ``mastered``."""
        if not self.attempts:
            return "new"
        return STAGES[1 + min(3, int(self.points // STEP))]

    @property
    def rank(self) -> int:
        """The stage as a number, 0 (new) to 4 (mastered): for comparing and fading."""
        return STAGES.index(self.stage)

    @property
    def level(self) -> int:
        """The level it is asked at without ``--level``: 1, 2 or 3."""
        return LEVELS[self.stage]

    @property
    def share(self) -> float:
        """Points as a share of mastered, 0–1 (for a bar)."""
        return float(self.points / MOST)

    def as_json(self) -> dict[str, object]:
        return {
            "topic": self.topic,
            "kind": self.kind,
            "mastery": self.stage,
            "level": self.level,
            "points": float(self.points),
            "attempts": self.attempts,
            "right": self.right,
        }


def credit(interleaved: bool, mcq: bool) -> Fraction:
    """The points a right answer without hints earns: 1 interleaved, ½ blocked; half for MCQ."""
    earned = Fraction(1) if interleaved else Fraction(1, 2)
    return earned / 2 if mcq else earned


def after_right(points: Fraction, earned: Fraction, level: int | None) -> Fraction:
    """A kind's points after a right answer without hints at ``level`` (None: no ceiling)."""
    ceiling = MOST if level is None else min(MOST, STEP * level)
    if points >= ceiling:
        return points
    return min(points + earned, ceiling)


def after_miss(points: Fraction) -> Fraction:
    """A kind's points after a wrong or skipped answer: the bottom of the stage below."""
    stage = min(3, int(points // STEP))
    return STEP * max(0, stage - 1)


def kind_key(topic: str, problem: str) -> tuple[str, str] | None:
    """The kind an attempt belongs to: a generated problem's ``(topic, kind)``, a theory card's
    ``("theory", id)``; None for a bank problem."""
    found = kind_of(problem)
    if found is not None:
        return found
    if topic == "theory":
        return ("theory", problem)
    return None


class Masteries(Mapping[tuple[str, str], KindMastery]):
    """Every kind's mastery, by ``(topic, kind)``; a kind never asked is *new* (not stored)."""

    def __init__(self, kinds: Mapping[tuple[str, str], KindMastery]) -> None:
        self._kinds = dict(kinds)

    def __getitem__(self, key: tuple[str, str]) -> KindMastery:
        return self._kinds[key]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)

    def of(self, topic: str, kind: str) -> KindMastery:
        """The mastery of ``topic``/``kind``: *new* when it was never asked."""
        return self._kinds.get((topic, kind)) or KindMastery(topic, kind)

    def of_problem(self, problem: Problem) -> KindMastery | None:
        """The mastery of a problem's kind (None for a bank problem)."""
        key = kind_key(problem.topic, problem.id)
        return None if key is None else self.of(*key)

    def level(self, topic: str, kind: str) -> int:
        """The level ``topic``/``kind`` is asked at without ``--level``."""
        return self.of(topic, kind).level

    def topic_level(self, topic: str) -> int:
        """The level a question of ``topic`` is drawn at before its kind is known: that of the
        mean points of the kinds asked so far (1 before any). The kind drawn is then asked at
        its own level."""
        asked = [kind for t, kind in self._kinds if t == topic]
        return topic_points(self, topic, asked).level if asked else 1


def fold(done: Iterable[Done]) -> Masteries:
    """Every kind's mastery from the attempts, oldest first (see the module docstring)."""
    points: dict[tuple[str, str], Fraction] = {}
    asked: dict[tuple[str, str], int] = {}
    right: dict[tuple[str, str], int] = {}
    last: dict[str, str] = {}  # session → the kind (or bank problem) asked last in it
    for attempt in done:
        key = kind_key(attempt.topic, attempt.problem)
        run = attempt.problem if key is None else f"{key[0]}/{key[1]}"
        interleaved = last.get(attempt.session) != run
        last[attempt.session] = run
        if key is None:
            continue
        now = points.get(key, Fraction(0))
        asked[key] = asked.get(key, 0) + 1
        if attempt.correct and not attempt.skipped:
            right[key] = right.get(key, 0) + 1
            if attempt.hints == 0:
                level = None if key[0] == "theory" else (attempt.level or OLD_LEVEL)
                now = after_right(now, credit(interleaved, attempt.mode == "mcq"), level)
        else:
            now = after_miss(now)
        points[key] = now
    return Masteries(
        {key: KindMastery(*key, points[key], asked[key], right.get(key, 0)) for key in points}
    )


def of_history(history: Reading) -> Masteries:
    """Every kind's mastery in ``history`` (a :class:`~aecalc.practice.history.attempts.History`
    or a read-only :class:`~aecalc.practice.history.attempts.Snapshot`)."""
    return fold(history.done())


def topic_points(masteries: Masteries, topic: str, kinds: Iterable[str]) -> KindMastery:
    """A topic's mastery: the mean points of its ``kinds`` (a kind never asked counts 0), as a
    :class:`KindMastery` whose ``kind`` is ``""``; *new* when none was asked."""
    entries = [masteries.of(topic, kind) for kind in kinds]
    if not entries:
        return KindMastery(topic, "")
    mean = sum((e.points for e in entries), Fraction(0)) / len(entries)
    return KindMastery(
        topic,
        "",
        mean,
        sum(e.attempts for e in entries),
        sum(e.right for e in entries),
    )
