"""FSRS review cards: a card after a review, when it is due, and the rating an answer earns.

Every theory question has a card (the student's recall rating moves it); every numeric question
*kind* — a topic and its question type, ``params/tied``, ``backprop/w_new`` (the third part of a
generated problem's id, :func:`~aecalc.practice.topics.problem.kind_of`) — has one too, rated
from the answer: wrong or skipped is "again", right after hints "hard", right at once "good". So
a kind answered wrong comes back sooner than one answered right. The scheduling itself is the
``fsrs`` library's, and so is the forecast of ``aecalc plan``: a card's retrievability on a
given date (:func:`retrievability`).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from aecalc.practice.topics.problem import Problem, kind_of

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


def reviewed(stored: str | None, rating: int, now: datetime | None = None) -> tuple[str, datetime]:
    """An FSRS card (JSON, or None for a new one) after a review with ``rating`` (1–4)."""
    from fsrs import Card, Rating, Scheduler

    card = Card.from_json(stored) if stored is not None else Card()
    scheduler = Scheduler(enable_fuzzing=False)
    card, _log = scheduler.review_card(card, Rating(rating), now or datetime.now(UTC))
    return card.to_json(), card.due


def due_of(stored: str | None) -> datetime | None:
    """When a stored card is due (None for a card never reviewed or unreadable)."""
    if stored is None:
        return None
    try:
        due = datetime.fromisoformat(str(json.loads(stored)["due"]))
    except (ValueError, TypeError, KeyError):
        return None
    return due if due.tzinfo is not None else due.replace(tzinfo=UTC)


def retrievability(stored: str | None, at: datetime) -> float:
    """The chance, 0–1, that a stored card is recalled at ``at``: the ``fsrs`` scheduler's own
    ``get_card_retrievability`` (0 for a card never reviewed, or one that cannot be read)."""
    if stored is None:
        return 0.0
    from fsrs import Card, Scheduler

    try:
        card = Card.from_json(stored)
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
        return 0.0
    return float(Scheduler(enable_fuzzing=False).get_card_retrievability(card, at))


def last_review(stored: str | None) -> datetime | None:
    """When a stored card was last reviewed (None: never, or unreadable)."""
    if stored is None:
        return None
    try:
        text = json.loads(stored).get("last_review")
        when = datetime.fromisoformat(str(text)) if text else None
    except (ValueError, TypeError, AttributeError):
        return None
    if when is None:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def due_order(stored: str | None, now: datetime) -> tuple[int, str]:
    """Sort key: due cards first (most overdue first), then new cards, then the rest by due date.

    (A new card used to get the key ``""``, which sorted before every due card.)
    """
    due = due_of(stored)
    if due is None:
        return (1, "")
    return (0 if due <= now else 2, due.isoformat())


def rating(right: bool, skipped: bool, hints: int) -> int:
    """The FSRS rating of a numeric answer: again (wrong, skipped), hard (after hints), good."""
    if skipped or not right:
        return AGAIN
    return HARD if hints else GOOD


def kind_key(problem: Problem) -> str | None:
    """``params/tied`` for a generated problem, None for a bank problem."""
    found = kind_of(problem.id)
    return None if found is None else f"{found[0]}/{found[1]}"
