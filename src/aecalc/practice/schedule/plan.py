"""The study plan toward an exam date (``aecalc plan``): readiness per topic and kind, and today's work.

Everything is read from the history — mastery from the attempts
(:mod:`~aecalc.practice.schedule.mastery`), the review cards for the forecast — and nothing is
written to it: :func:`build` takes any reader (``aecalc plan`` opens the file read-only).

**The forecast.** A kind's chance of a right answer on the exam date is its FSRS card's
retrievability at noon (UTC) of that date, computed by the ``fsrs`` library
(:func:`~aecalc.practice.schedule.cards.retrievability`); a kind never reviewed has 0. Without
an exam date the chance is for now. A topic's chance is the mean of its kinds' (every kind its
generator makes; for theory, every card of the bank). The exam is *past-paper-like*: one question
of each topic, worth the topic's marks (:attr:`~aecalc.practice.topics.topic.Topic.marks`), so the
predicted marks are Σ marks × chance out of Σ marks. With fewer than :data:`ENOUGH_ANSWERS`
answers the plan says the forecast is too thin to trust.

**Today's work**, in this order:

1. *due* — kinds whose card is due today or earlier, most overdue first;
2. *before the exam* — in the last :data:`FINAL_DAYS` days before the exam, every kind tried but
   not seen since that stretch began, weakest chance first, spread over the days left (today's
   share rounded up), so each is seen once more before the exam even where FSRS would wait;
3. *weakest* — the other kinds tried and not yet mastered, fewest mastery points first, then the
   lowest chance;
4. *never tried* — one kind of each topic in turn (easiest topics first, by ``Topic.rank``), so
   a first session is a mixed one.

The list is cut to the minutes a day (:data:`DEFAULT_MINUTES` until given): a question takes the
median time of the topic's timed answers once it has :data:`TIMED_ENOUGH` of them (answers
taking 5 s to 30 min: :data:`TIMED_RANGE`), else the median over all numeric (or all theory)
answers, else :data:`DEFAULT_SECONDS` (2 minutes a numeric question, 3 a theory card). ``practice`` without options asks this list.

Today, the exam date and the minutes kept from before are
:mod:`~aecalc.practice.schedule.dates`'.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from aecalc.practice import topics
from aecalc.practice.schedule import mastery
from aecalc.practice.schedule.cards import due_of, last_review, retrievability
from aecalc.practice.schedule.dates import EXAM_HOUR, Clock, clock, kept, load_settings
from aecalc.practice.schedule.mastery import KindMastery, Masteries
from aecalc.record import Record

if TYPE_CHECKING:
    from aecalc.practice.history.attempts import Done, Reading
    from aecalc.practice.schedule.review import Item
    from aecalc.practice.topics.problem import Problem

DEFAULT_MINUTES = 30
DEFAULT_SECONDS: dict[str, int] = {"numeric": 120, "theory": 180}
TIMED_ENOUGH = 5
TIMED_RANGE = (5.0, 1800.0)
"""Answer times that count: from 5 s (a scripted answer is quicker than anyone reads) to 30 min
(a question left open)."""
FINAL_DAYS = 7
ENOUGH_ANSWERS = 10

Group = Literal["due", "exam", "weakest", "new"]


class KindOutlook(Record):
    """One kind (or theory card) on the plan: its mastery, card and chance on the exam date."""

    topic: str
    kind: str
    title: str
    mastery: KindMastery
    chance: float
    due: datetime | None = None
    seen: datetime | None = None
    """The card's last review."""

    @property
    def tried(self) -> bool:
        return self.mastery.attempts > 0 or self.seen is not None

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "mastery": self.mastery.stage,
            "level": None if self.topic == "theory" else self.mastery.level,
            "predicted_right": round(self.chance, 4),
            "attempts": self.mastery.attempts,
            "due": None if self.due is None else self.due.date().isoformat(),
        }


class TopicOutlook(Record):
    """A topic on the plan: its kinds, its mastery (their mean) and its chance (their mean)."""

    topic: str
    title: str
    marks: int
    kinds: tuple[KindOutlook, ...]

    @property
    def mastery(self) -> KindMastery:
        entries = Masteries({(self.topic, k.kind): k.mastery for k in self.kinds})
        return mastery.topic_points(entries, self.topic, [k.kind for k in self.kinds])

    @property
    def chance(self) -> float:
        return sum(k.chance for k in self.kinds) / len(self.kinds) if self.kinds else 0.0

    @property
    def predicted_marks(self) -> float:
        return self.marks * self.chance

    def as_json(self) -> dict[str, object]:
        return {
            "topic": self.topic,
            "mastery": self.mastery.stage,
            "predicted_right": round(self.chance, 4),
            "marks": self.marks,
            "predicted_marks": round(self.predicted_marks, 2),
            "kinds": [k.as_json() for k in self.kinds],
        }


class Task(Record):
    """One question of today's work: which kind, at which level, why, and its time."""

    topic: str
    kind: str
    title: str
    group: Group
    reason: str
    level: int | None
    seconds: int

    def as_json(self) -> dict[str, object]:
        return {
            "topic": self.topic,
            "kind": self.kind,
            "reason": self.reason,
            "level": self.level,
            "minutes": round(self.seconds / 60, 1),
        }


class Timing(Record):
    """How long a question takes, in seconds, and where that figure comes from."""

    numeric: int
    theory: int
    source: Literal["history", "default"]
    by_topic: tuple[tuple[str, int], ...] = ()

    def of(self, topic: str) -> int:
        mine = dict(self.by_topic).get(topic)
        if mine is not None:
            return mine
        return self.theory if topic == "theory" else self.numeric


class Plan(Record):
    """The plan (see the module docstring)."""

    day: date
    """Today."""
    exam: date | None
    minutes: int
    answers: int
    topics: tuple[TopicOutlook, ...]
    queue: tuple[Task, ...]
    """Every task, in order; today's are the first :attr:`fitted` of them."""
    fitted: int
    timing: Timing
    path: str
    passed: date | None = None
    """An exam date kept from before that has passed (the plan then has none)."""

    @property
    def today(self) -> tuple[Task, ...]:
        return self.queue[: self.fitted]

    @property
    def days_left(self) -> int | None:
        return None if self.exam is None else (self.exam - self.day).days

    @property
    def predicted_marks(self) -> float:
        return sum(t.predicted_marks for t in self.topics)

    @property
    def out_of(self) -> int:
        return sum(t.marks for t in self.topics)

    @property
    def enough(self) -> bool:
        """Whether there is enough history for the forecast to mean much."""
        return self.answers >= ENOUGH_ANSWERS

    @property
    def minutes_today(self) -> float:
        return sum(t.seconds for t in self.today) / 60

    def as_json(self) -> dict[str, object]:
        return {
            "date": self.day.isoformat(),
            "exam_date": None if self.exam is None else self.exam.isoformat(),
            "days_left": self.days_left,
            "minutes_per_day": self.minutes,
            "topics": [t.as_json() for t in self.topics],
            "predicted_marks": round(self.predicted_marks, 2),
            "out_of": self.out_of,
            "today": [t.as_json() for t in self.today],
            "today_minutes": round(self.minutes_today, 1),
            "seconds_per_question": {
                "numeric": self.timing.numeric,
                "theory": self.timing.theory,
                "from": self.timing.source,
            },
            "answers": self.answers,
            "enough_history": self.enough,
            "history": self.path,
        }


def exam_moment(exam: date | None, now: datetime) -> datetime:
    """When the forecast is for: noon (UTC) of the exam date, or now without one."""
    return now if exam is None else max(now, datetime.combine(exam, EXAM_HOUR))


def outlooks(
    history: Reading, masteries: Masteries, at: datetime, theory: Sequence[Problem]
) -> tuple[TopicOutlook, ...]:
    """Every topic of the registry with every kind (theory: every card of ``theory``)."""
    kind_cards = history.kind_cards()
    theory_cards = history.cards() if theory else {}
    out = []
    for entry in topics.TOPICS:
        if entry.id == "theory":
            listed = [(p.id, p.title, theory_cards.get(p.id)) for p in theory]
        else:
            listed = [
                (k, k.replace("_", " "), kind_cards.get(f"{entry.id}/{k}")) for k in entry.kinds
            ]
        kinds = tuple(
            KindOutlook(
                entry.id,
                kind,
                title,
                masteries.of(entry.id, kind),
                retrievability(card, at),
                due_of(card),
                last_review(card),
            )
            for kind, title, card in listed
        )
        if kinds:
            out.append(TopicOutlook(entry.id, entry.title, entry.marks, kinds))
    return tuple(out)


def timing(done: Sequence[Done]) -> Timing:
    """Seconds a question takes: per topic with enough timed answers, else per sort, else the
    defaults (see the module docstring)."""
    timed: dict[str, list[float]] = {}
    for attempt in done:
        seconds = attempt.seconds
        low, high = TIMED_RANGE
        if seconds is not None and low <= seconds <= high and not attempt.skipped:
            timed.setdefault(attempt.topic, []).append(seconds)
    by_topic = tuple(
        (topic, round(statistics.median(values)))
        for topic, values in timed.items()
        if len(values) >= TIMED_ENOUGH
    )
    numeric = [s for topic, values in timed.items() if topic != "theory" for s in values]
    theory = timed.get("theory", [])
    enough_numeric = len(numeric) >= TIMED_ENOUGH
    enough_theory = len(theory) >= TIMED_ENOUGH
    return Timing(
        round(statistics.median(numeric)) if enough_numeric else DEFAULT_SECONDS["numeric"],
        round(statistics.median(theory)) if enough_theory else DEFAULT_SECONDS["theory"],
        "history" if enough_numeric or enough_theory else "default",
        by_topic,
    )


def _ago(when: datetime, now: datetime) -> str:
    days = (now.date() - when.date()).days
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"


def queue(
    outlook: Sequence[TopicOutlook], clock: Clock, exam: date | None, timing: Timing
) -> list[Task]:
    """Every task in order: due, before the exam, weakest, never tried (module docstring)."""
    kinds = [k for t in outlook for k in t.kinds]
    order = {(k.topic, k.kind): i for i, k in enumerate(kinds)}

    def task(k: KindOutlook, group: Group, reason: str) -> Task:
        level = None if k.topic == "theory" else k.mastery.level
        return Task(k.topic, k.kind, k.title, group, reason, level, timing.of(k.topic))

    tried = [k for k in kinds if k.tried]
    due = sorted(
        (k for k in tried if k.due is not None and k.due.date() <= clock.today),
        key=lambda k: (k.due, order[(k.topic, k.kind)]),
    )
    tasks = [
        task(k, "due", f"due {_ago(k.due, clock.now)}" if k.due is not None else "due") for k in due
    ]
    taken = {(k.topic, k.kind) for k in due}
    days_left = None if exam is None else (exam - clock.today).days
    if exam is not None and days_left is not None and days_left <= FINAL_DAYS:
        start = exam - timedelta(days=FINAL_DAYS)
        pending = sorted(
            (
                k
                for k in tried
                if (k.topic, k.kind) not in taken and (k.seen is None or k.seen.date() < start)
            ),
            key=lambda k: (k.chance, order[(k.topic, k.kind)]),
        )
        share = len(pending) if days_left <= 0 else math.ceil(len(pending) / days_left)
        for k in pending[:share]:
            seen = "not seen yet" if k.seen is None else f"last seen {_ago(k.seen, clock.now)}"
            tasks.append(task(k, "exam", f"before the exam ({seen})"))
            taken.add((k.topic, k.kind))
    weakest = sorted(
        (k for k in tried if (k.topic, k.kind) not in taken and k.mastery.stage != "mastered"),
        key=lambda k: (k.mastery.points, k.chance, order[(k.topic, k.kind)]),
    )
    for k in weakest:
        reason = f"weakest: {k.mastery.stage}, {k.mastery.right}/{k.mastery.attempts} right"
        tasks.append(task(k, "weakest", reason))
    fresh = [[k for k in t.kinds if not k.tried] for t in _by_rank(outlook)]
    while any(fresh):
        for waiting in fresh:
            if waiting:
                tasks.append(task(waiting.pop(0), "new", "never tried"))
    return tasks


def _by_rank(outlook: Sequence[TopicOutlook]) -> list[TopicOutlook]:
    return sorted(outlook, key=lambda t: topics.get(t.topic).rank)


def fit(tasks: Sequence[Task], minutes: int) -> int:
    """How many of ``tasks``, in order, fit ``minutes`` (at least one)."""
    used = 0
    for number, item in enumerate(tasks):
        used += item.seconds
        if used > 60 * minutes:
            return max(1, number)
    return len(tasks)


def build(
    history: Reading,
    clock: Clock,
    exam: date | None = None,
    minutes: int = DEFAULT_MINUTES,
    passed: date | None = None,
    theory: Sequence[Problem] | None = None,
) -> Plan:
    """The plan on ``clock.today`` toward ``exam`` with ``minutes`` a day (module docstring);
    ``theory``: the bank's theory questions, read here when the caller has not."""
    from aecalc.practice.bank.folder import load_bank

    done = history.done()
    masteries = mastery.fold(done)
    if theory is None:
        theory = load_bank(only=topics.WORDED)
    outlook = outlooks(history, masteries, exam_moment(exam, clock.now), theory)
    times = timing(done)
    tasks = queue(outlook, clock, exam, times)
    return Plan(
        clock.today,
        exam,
        minutes,
        sum(1 for d in done if not d.skipped),
        outlook,
        tuple(tasks),
        fit(tasks, minutes),
        times,
        str(history.path),
        passed,
    )


def session_items(history: Reading, count: int | None) -> tuple[Plan, list[Item]]:
    """Today's plan as a practice session's questions (``practice`` without options): today's
    tasks, or the first ``count`` of every task in order."""
    from aecalc.practice.bank.folder import load_bank
    from aecalc.practice.schedule.review import Item

    now = clock()
    settings = load_settings()
    exam, passed = kept(settings, now.today)
    theory = load_bank(only=topics.WORDED)
    made = build(history, now, exam, settings.minutes or DEFAULT_MINUTES, passed, theory)
    chosen = made.today if count is None else made.queue[:count]
    bank = {p.id: p for p in theory}
    items = [
        Item("theory", "theory", problem=bank[t.kind], reason=t.reason)
        if t.topic == "theory"
        else Item("kind", t.topic, t.kind, reason=t.reason)
        for t in chosen
        if t.topic != "theory" or t.kind in bank
    ]
    return made, items
