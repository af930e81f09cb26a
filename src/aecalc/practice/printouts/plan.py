"""``aecalc plan`` on the page: the exam date, readiness topic by topic and kind by kind, and
today's work fitted to the minutes a day."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aecalc.practice.printouts.mastery import LEGEND, TONE, bar, percent
from aecalc.present.document import Block, Document, Facts, Note, Table

if TYPE_CHECKING:
    from datetime import date

    from aecalc.practice.schedule.plan import Plan

FIRST_SESSION = (
    "No practice history yet, so there is nothing to forecast: every chance is 0 until a kind "
    "has been answered. Today's work is a first session: one question of each topic in turn, "
    "every kind at level 1."
)


def _day(day: date) -> str:
    return f"{day.isoformat()} ({day:%A})"


def _minutes(seconds: float) -> str:
    minutes = seconds / 60
    return f"{minutes:.0f} min" if minutes == int(minutes) else f"{minutes:.1f} min"


def _exam(plan: Plan) -> str:
    if plan.exam is None:
        gone = f"{plan.passed.isoformat()} has passed; " if plan.passed is not None else ""
        return f"{gone}not given: aecalc plan --exam YYYY-MM-DD (kept once given)"
    left = plan.days_left
    days = "today" if left == 0 else "tomorrow" if left == 1 else f"in {left} days"
    return f"{_day(plan.exam)}, {days}"


def _timing(plan: Plan) -> str:
    timing = plan.timing
    each = f"{_minutes(timing.numeric)} a numeric question, {_minutes(timing.theory)} a theory card"
    if timing.source == "default":
        return f"{each} (the default until your answers are timed)"
    return f"{each} (the median of your timed answers)"


def plan_document(plan: Plan) -> Document:
    """The plan: the dates, readiness per topic and per kind tried, today's work."""
    when = "on the exam date" if plan.exam is not None else "today (no exam date given)"
    blocks: list[Block] = [
        Facts(
            "Toward the exam",
            (
                ("exam", _exam(plan)),
                ("today", _day(plan.day)),
                ("time a day", f"{plan.minutes} min (aecalc plan --minutes-per-day M)"),
                ("answers so far", str(plan.answers)),
            ),
        )
    ]
    if plan.answers == 0:
        blocks.append(Note(FIRST_SESSION))
    elif not plan.enough:
        blocks.append(
            Note(
                f"Too little history to forecast much: {plan.answers} answer"
                f"{'s' if plan.answers != 1 else ''} so far. The chances firm up after 10 "
                "answers, and each kind's only after it has been answered.",
                "warning",
            )
        )
    rows: list[tuple[str, ...]] = [
        (
            t.topic,
            bar(k.mastery.stage for k in t.kinds),
            t.mastery.stage,
            percent(t.chance),
            f"{t.predicted_marks:.1f}/{t.marks}",
        )
        for t in plan.topics
    ]
    rows.append(("exam", "", "", "", f"{plan.predicted_marks:.1f}/{plan.out_of}"))
    blocks.append(
        Table(
            f"Readiness {when}, topic by topic",
            ("topic", "kinds", "mastery", "chance", "marks"),
            tuple(rows),
            total_rows=frozenset({len(rows) - 1}),
            caption=(
                f"{LEGEND}. chance: of a right answer {when}, the FSRS retrievability of each "
                "kind's review card (0 for a kind never answered), averaged over the topic's "
                "kinds. marks: one question per topic, worth its marks."
            ),
            tones=tuple((i, 2, TONE[t.mastery.stage]) for i, t in enumerate(plan.topics)),
        )
    )
    tried = [k for t in plan.topics for k in t.kinds if k.tried]
    if tried:
        untried = sum(1 for t in plan.topics for k in t.kinds if not k.tried)
        blocks.append(
            Table(
                "Per kind answered so far",
                ("topic", "kind", "mastery", "level", "chance", "due"),
                tuple(
                    (
                        k.topic,
                        k.kind.replace("_", " "),
                        k.mastery.stage,
                        "—" if k.topic == "theory" else str(k.mastery.level),
                        percent(k.chance),
                        "—" if k.due is None else k.due.date().isoformat(),
                    )
                    for k in tried
                ),
                caption=f"{untried} kind{'s' if untried != 1 else ''} not answered yet.",
                tones=tuple((i, 2, TONE[k.mastery.stage]) for i, k in enumerate(tried)),
            )
        )
    today = plan.today
    blocks.append(
        Table(
            f"Today: {len(today)} question{'s' if len(today) != 1 else ''}, about "
            f"{_minutes(60 * plan.minutes_today)} of {plan.minutes}",
            ("#", "topic", "kind", "level", "why"),
            tuple(
                (
                    str(number),
                    t.topic,
                    t.kind.replace("_", " "),
                    "—" if t.level is None else str(t.level),
                    t.reason,
                )
                for number, t in enumerate(today, start=1)
            ),
            caption=f"Time: {_timing(plan)}.",
        )
    )
    blocks.append(
        Note(
            "aecalc practice, without options, asks today's list in this order (--count N asks "
            "the first N of the whole list)."
        )
    )
    return Document("Study plan", tuple(blocks))
