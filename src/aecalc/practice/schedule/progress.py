"""``practice --stats``: progress over all sessions — per topic and kind, the trend, slips, what next.

Built on :meth:`aecalc.practice.history.attempts.History.stats` (the per-topic figures and
the JSON keys scripts read) and :meth:`~aecalc.practice.history.attempts.History.attempt_rows`
(every attempt, for the per-kind accuracy and the trend over the last sessions).
The JSON keeps the keys of ``Stats.as_json`` and adds ``kinds`` (each with its ``mastery`` and
the ``level`` it is asked at, :mod:`~aecalc.practice.schedule.mastery`), ``mastery`` (per topic),
``trend``, ``next`` and a ``meaning`` for each slip. A bank problem has no kind: the ``bank``
row's mastery and level are null, and so is the theory ``cards`` row's level (cards have none).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from aecalc.practice import topics
from aecalc.practice.schedule import mastery
from aecalc.practice.schedule.mastery import KindMastery, Masteries, Stage
from aecalc.practice.topics.problem import kind_of
from aecalc.record import Record

if TYPE_CHECKING:
    from aecalc.practice.history.attempts import Reading, Stats

TREND_SESSIONS = 8
_EXAM = re.compile(r"\[exam: (\d+)/(\d+) marks\]$")


class KindStats(Record):
    """Accuracy on one question kind (``params`` · ``tied``) over all sessions."""

    topic: str
    kind: str
    attempts: int
    right: int
    mastery: KindMastery | None = None
    """None for the bank's row (bank problems have no kind)."""

    @property
    def accuracy(self) -> float:
        return self.right / self.attempts if self.attempts else 0.0

    @property
    def level(self) -> int | None:
        """The level it is asked at without ``--level`` (None: bank problems, theory cards)."""
        if self.mastery is None or self.topic == "theory":
            return None
        return self.mastery.level

    def as_json(self) -> dict[str, object]:
        return {
            "topic": self.topic,
            "kind": self.kind,
            "attempts": self.attempts,
            "right": self.right,
            "accuracy": round(self.accuracy, 4),
            "mastery": None if self.mastery is None else self.mastery.stage,
            "level": self.level,
        }


class TopicMastery(Record):
    """A topic's kinds at a glance: each kind's stage (theory: each card answered) and the
    topic's own (the mean of its kinds' points, a kind never asked counting 0)."""

    topic: str
    kinds: tuple[tuple[str, Stage], ...]
    stage: Stage

    def as_json(self) -> dict[str, object]:
        return {
            "topic": self.topic,
            "mastery": self.stage,
            "kinds": dict(self.kinds),
        }


class SessionStats(Record):
    """One session's figures, for the trend."""

    session: str
    attempts: int
    right: int

    @property
    def accuracy(self) -> float:
        return self.right / self.attempts if self.attempts else 0.0


class ExamStats(Record):
    """One mock exam (``aecalc exam``): when, and its marks."""

    time: str
    marks: int
    total: int


class Progress(Record):
    """Everything ``--stats`` shows."""

    stats: Stats
    kinds: tuple[KindStats, ...]
    trend: tuple[SessionStats, ...]
    next: tuple[str, ...]
    exams: tuple[ExamStats, ...] = ()
    mastery: tuple[TopicMastery, ...] = ()

    def as_json(self) -> dict[str, object]:
        data = self.stats.as_json()
        slips = data.get("slips")
        if isinstance(slips, list):
            data["slips"] = [
                {**s, "meaning": topics.slip_meaning(str(s.get("slip", "")))}
                for s in slips
                if isinstance(s, dict)
            ]
        data["kinds"] = [k.as_json() for k in self.kinds]
        data["mastery"] = [t.as_json() for t in self.mastery]
        data["trend"] = [
            {
                "session": s.session,
                "attempts": s.attempts,
                "right": s.right,
                "accuracy": round(s.accuracy, 4),
            }
            for s in self.trend
        ]
        data["next"] = list(self.next)
        data["exams"] = [{"time": e.time, "marks": e.marks, "total": e.total} for e in self.exams]
        return data


def progress(history: Reading) -> Progress:
    """The figures of every attempt so far."""
    stats = history.stats()
    done = history.done()
    masteries = mastery.fold(done)
    rows = [
        (d.time, d.session, d.topic, d.problem, d.correct, d.skipped, d.slip, d.answer)
        for d in done
    ]
    kinds: dict[tuple[str, str], list[int]] = {}
    sessions: dict[str, list[int]] = {}
    exams: dict[str, list[int | str]] = {}
    for time, session, topic, problem, correct, _skipped, _slip, answer in rows:
        mark = _EXAM.search(answer)
        if mark is not None:
            paper = exams.setdefault(session, [time[:16].replace("T", " "), 0, 0])
            paper[1] = int(paper[1]) + int(mark.group(1))
            paper[2] = int(paper[2]) + int(mark.group(2))
        found = kind_of(problem)
        key = found if found is not None else (topic, "bank" if topic != "theory" else "cards")
        tally = kinds.setdefault(key, [0, 0])
        tally[0] += 1
        tally[1] += correct
        per = sessions.setdefault(session, [0, 0])
        per[0] += 1
        per[1] += correct
    kind_stats = tuple(
        sorted(
            (KindStats(t, k, n, r, _mastery(masteries, t, k)) for (t, k), (n, r) in kinds.items()),
            key=lambda k: (k.accuracy, -k.attempts, k.topic, k.kind),
        )
    )
    trend = tuple(SessionStats(s, n, r) for s, (n, r) in list(sessions.items())[-TREND_SESSIONS:])
    papers = tuple(
        ExamStats(str(when), int(k), int(t))
        for when, k, t in list(exams.values())[-TREND_SESSIONS:]
    )
    return Progress(
        stats, kind_stats, trend, _next(stats, kind_stats), papers, _by_topic(masteries)
    )


def _mastery(masteries: Masteries, topic: str, kind: str) -> KindMastery | None:
    """A row's mastery: its kind's; the theory row's, the mean over the cards answered."""
    if kind == "bank":
        return None
    if topic == "theory" and kind == "cards":
        cards = [k for t, k in masteries if t == "theory"]
        return mastery.topic_points(masteries, "theory", cards)
    return masteries.of(topic, kind)


def _by_topic(masteries: Masteries) -> tuple[TopicMastery, ...]:
    """Every topic with a kind answered: its kinds' stages in the topic's order."""
    out = []
    for entry in topics.TOPICS:
        kinds = entry.kinds or tuple(k for t, k in masteries if t == entry.id)
        if not any((entry.id, k) in masteries for k in kinds):
            continue
        stages = tuple((k, masteries.of(entry.id, k).stage) for k in kinds)
        stage = mastery.topic_points(masteries, entry.id, kinds).stage
        out.append(TopicMastery(entry.id, stages, stage))
    return tuple(out)


def _next(stats: Stats, kinds: tuple[KindStats, ...]) -> tuple[str, ...]:
    """What to practise next: the weakest kind, topics never tried, due theory cards."""
    advice: list[str] = []
    weak = [
        k for k in kinds if k.attempts and k.accuracy < 0.75 and k.kind not in ("bank", "cards")
    ]
    if weak:
        k = weak[0]
        advice.append(
            f"{k.topic} · {k.kind.replace('_', ' ')} ({k.right}/{k.attempts} right): "
            "aecalc practice --review"
        )
    tried = {t.topic for t in stats.topics}
    fresh = [t for t in topics.IDS if t not in tried]
    if fresh:
        advice.append(
            f"not tried yet: {', '.join(fresh)} (aecalc practice --topic {fresh[0]} --level 1)"
        )
    if stats.due_theory:
        advice.append(f"{stats.due_theory} theory card(s) due: aecalc practice --review")
    strong = [t for t in stats.topics if t.attempts >= 5 and t.accuracy >= 0.9]
    if strong and not weak:
        advice.append(
            f"{strong[0].topic} is going well: try --level 3, or aecalc exam for a mock paper"
        )
    if not advice:
        advice.append("aecalc practice for a mixed session, or aecalc exam for a mock paper")
    advice.append("aecalc plan --exam YYYY-MM-DD: how ready you are for the exam, and today's work")
    return tuple(advice)
