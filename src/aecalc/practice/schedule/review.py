"""``practice --review``: what to ask again, and the theory questions in the order they are due.

A review asks, in this order: the kinds the student got wrong (fresh numbers of the same kind),
weakest first (lowest accuracy, then the most overdue); bank problems answered wrong; then the
theory cards that are due, most overdue first, and only then new ones. Outside a review, the
theory questions of a session come from :class:`TheoryDeck`.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from aecalc.errors import InputError
from aecalc.practice import topics
from aecalc.practice.schedule.cards import due_of, due_order
from aecalc.practice.topics.problem import Problem, kind_of
from aecalc.record import Record

if TYPE_CHECKING:
    from aecalc.practice.history.attempts import History


class TheoryDeck:
    """Theory questions: seeded order with ``--seed``, else due cards first (most overdue first),
    then new ones, then the others by due date (fsrs)."""

    def __init__(self, history: History, rng: random.Random, seeded: bool) -> None:
        from aecalc.practice.bank.folder import load_bank

        self.problems = load_bank(only=topics.WORDED)
        if not self.problems:
            raise InputError("--topic", "the problem bank has no theory questions")
        self.asked: set[str] = set()
        if seeded:
            rng.shuffle(self.problems)
        else:
            cards = history.cards()
            now = datetime.now(UTC)
            draws = {p.id: rng.random() for p in self.problems}
            self.problems.sort(key=lambda p: (due_order(cards.get(p.id), now), draws[p.id]))

    def next(self) -> Problem:
        for problem in self.problems:
            if problem.id not in self.asked:
                self.asked.add(problem.id)
                return problem
        self.asked.clear()
        return self.next()


class Item(Record):
    """One question of a review: a fresh problem of a kind, a bank problem, or a theory card."""

    source: Literal["kind", "bank", "theory"]
    topic: str
    kind: str = ""
    problem: Problem | None = None
    reason: str = ""


class KindRecord(Record):
    """How a student does on one generated kind: attempts, right answers, the last one, due."""

    topic: str
    kind: str
    attempts: int
    right: int
    last_right: bool
    due: datetime | None

    @property
    def accuracy(self) -> float:
        return self.right / self.attempts if self.attempts else 0.0


def kind_records(history: History) -> list[KindRecord]:
    """Per generated kind: attempts, right answers and when its card is due."""
    counts: dict[tuple[str, str], list[int]] = {}
    for _time, _session, _topic, problem, correct, skipped, _slip, _a in history.attempt_rows():
        found = kind_of(problem)
        if found is None:
            continue
        tally = counts.setdefault(found, [0, 0, 0])
        tally[0] += 1
        tally[1] += correct
        tally[2] = int(correct and not skipped)
    cards = history.kind_cards()
    return [
        KindRecord(topic, kind, n, r, bool(last), due_of(cards.get(f"{topic}/{kind}")))
        for (topic, kind), (n, r, last) in counts.items()
    ]


def plan(history: History, count: int, available: tuple[str, ...]) -> list[Item]:
    """The review: wrong kinds weakest first, wrong bank problems, due theory cards, new ones."""
    from aecalc.practice.bank.folder import load_bank

    now = datetime.now(UTC)
    far = datetime.max.replace(tzinfo=UTC)
    weak = [
        k
        for k in kind_records(history)
        if k.topic in available
        and (not k.last_right or (k.right < k.attempts and k.due is not None and k.due <= now))
    ]
    weak.sort(key=lambda k: (k.accuracy, k.due or far, k.topic, k.kind))
    items = [
        Item(
            "kind",
            k.topic,
            k.kind,
            reason=f"{k.topic} · {k.kind.replace('_', ' ')}: {k.right}/{k.attempts} right so far",
        )
        for k in weak
    ]
    bank = {p.id: p for p in load_bank()}
    last: dict[str, bool] = {}
    for _time, _session, _topic, problem, correct, skipped, _slip, _a in history.attempt_rows():
        if problem in bank and not bank[problem].is_theory:
            last[problem] = correct and not skipped
    items += [
        Item("bank", bank[p].topic, problem=bank[p], reason=f"bank problem {p}: wrong last time")
        for p, right in last.items()
        if not right
    ]
    if "theory" in available:
        cards = history.cards()
        theory = [p for p in bank.values() if p.is_theory]
        due = [p for p in theory if (d := due_of(cards.get(p.id))) is not None and d <= now]
        due.sort(key=lambda p: due_order(cards.get(p.id), now))
        items += [Item("theory", "theory", problem=p, reason="theory card due") for p in due]
        if items and len(items) < count:
            new = [p for p in theory if p.id not in cards]
            items += [Item("theory", "theory", problem=p, reason="new theory card") for p in new]
    return items[:count]
