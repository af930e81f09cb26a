"""Mastery on the page: a stage's mark (one character) and tone, and a topic's bar of marks.

``█`` mastered, ``▓`` proficient, ``▒`` familiar, ``░`` attempted, ``·`` new: a topic's bar has
one mark per kind, in the topic's order, so ``▓▒░····`` reads at a glance. The tones colour the
stage's name on a terminal (:data:`aecalc.present.document.TONES`).
"""

from __future__ import annotations

from collections.abc import Iterable

from aecalc.practice.schedule.mastery import Stage

MARKS: dict[Stage, str] = {
    "mastered": "█",
    "proficient": "▓",
    "familiar": "▒",
    "attempted": "░",
    "new": "·",
}
TONE: dict[Stage, str] = {
    "mastered": "good",
    "proficient": "good",
    "familiar": "fair",
    "attempted": "weak",
    "new": "faint",
}
LEGEND = "one mark per kind: █ mastered ▓ proficient ▒ familiar ░ attempted · new"


def bar(stages: Iterable[Stage], most: int = 20) -> str:
    """One mark per stage (past ``most`` marks, ``…``)."""
    marks = [MARKS[stage] for stage in stages]
    return "".join(marks[:most]) + ("…" if len(marks) > most else "")


def percent(share: float) -> str:
    """``46%``."""
    return f"{100 * share:.0f}%"
