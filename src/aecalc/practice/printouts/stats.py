"""``practice --stats`` on the page: accuracy per topic and per kind, mastery per kind (a bar per
topic, the stage coloured on a terminal), the trend over the last sessions, the mock exams, the
slips made most with what they mean, and what to practise next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aecalc.practice import topics
from aecalc.practice.printouts.mastery import LEGEND, TONE, bar
from aecalc.present.document import Block, Document, Facts, Note, Table

if TYPE_CHECKING:
    from aecalc.practice.history.attempts import Stats
    from aecalc.practice.schedule.progress import Progress

BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    """``▂▅█``: one bar per value in [0, 1]."""
    return "".join(BARS[min(len(BARS) - 1, int(v * len(BARS)))] for v in values)


def stats_document(stats: Stats, progress: Progress | None = None) -> Document:
    """``aecalc practice --stats``: accuracy per topic and per kind, the trend over the last
    sessions, the slips made most with what they mean, and what to practise next."""
    rows = tuple(
        (
            t.topic,
            str(t.attempts),
            str(t.correct),
            str(t.attempts - t.correct - t.skipped),
            str(t.skipped),
            f"{100 * t.accuracy:.0f}%",
        )
        for t in stats.topics
    )
    total = (
        "all",
        str(stats.attempts),
        str(stats.correct),
        str(stats.attempts - stats.correct - sum(t.skipped for t in stats.topics)),
        str(sum(t.skipped for t in stats.topics)),
        f"{100 * stats.correct / stats.attempts:.0f}%" if stats.attempts else "—",
    )
    table = Table(
        "Accuracy per topic",
        ("topic", "attempts", "right", "wrong", "skipped", "accuracy"),
        (*rows, total),
        total_rows=frozenset({len(rows)}),
    )
    blocks: list[Block] = [table]
    if progress is not None and progress.mastery:
        blocks.append(
            Table(
                "Mastery per topic",
                ("topic", "kinds", "mastery"),
                tuple(
                    (t.topic, bar(stage for _k, stage in t.kinds), t.stage)
                    for t in progress.mastery
                ),
                caption=f"{LEGEND} (theory: one per card answered).",
                tones=tuple((i, 2, TONE[t.stage]) for i, t in enumerate(progress.mastery)),
            )
        )
    if progress is not None and progress.kinds:
        shown = progress.kinds[:12]
        blocks.append(
            Table(
                "Per question kind (weakest first)",
                ("topic", "kind", "attempts", "right", "accuracy", "mastery", "level"),
                tuple(
                    (
                        k.topic,
                        k.kind.replace("_", " "),
                        str(k.attempts),
                        str(k.right),
                        f"{100 * k.accuracy:.0f}%",
                        "—" if k.mastery is None else k.mastery.stage,
                        "—" if k.level is None else str(k.level),
                    )
                    for k in shown
                ),
                caption="level: the level a kind is asked at without --level, as its mastery has grown.",
                tones=tuple(
                    (i, 5, TONE[k.mastery.stage])
                    for i, k in enumerate(shown)
                    if k.mastery is not None
                ),
            )
        )
    if progress is not None and progress.trend:
        values = [s.accuracy for s in progress.trend]
        blocks.append(
            Facts(
                f"Trend over the last {len(values)} session{'s' if len(values) != 1 else ''}",
                (
                    ("accuracy", sparkline(values)),
                    ("per session", " · ".join(f"{s.right}/{s.attempts}" for s in progress.trend)),
                ),
            )
        )
    if progress is not None and progress.exams:
        blocks.append(
            Table(
                "Mock exams",
                ("when (UTC)", "marks"),
                tuple((e.time, f"{e.marks}/{e.total}") for e in progress.exams),
            )
        )
    if stats.slips:
        blocks.append(
            Table(
                "Slips made most",
                ("slip", "times", "what it means"),
                tuple((n, str(c), topics.slip_meaning(n)) for n, c in stats.slips),
            )
        )
    else:
        blocks.append(Note("No named slips yet."))
    if progress is not None:
        blocks.append(Facts("What to practise next", tuple(("", line) for line in progress.next)))
    blocks.append(
        Facts(
            "History",
            (
                ("sessions", str(stats.sessions)),
                ("theory cards due", str(stats.due_theory)),
                ("file", stats.path),
            ),
        )
    )
    return Document("Practice statistics", tuple(blocks))
