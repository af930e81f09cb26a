"""An answer recorded: the one place every practice session, mock exam and ``check --record``
writes what a student answered — the attempt and the review card it moves, in one transaction.

A theory question's card is rated with the student's recall (when they gave one); a generated
numeric question's *kind* card with the answer's rating (:func:`~aecalc.practice.schedule.cards.rating`);
a bank problem has no card of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from aecalc.practice.history.attempts import Attempt, ReviewCard
from aecalc.practice.schedule.cards import kind_key, rating, reviewed
from aecalc.practice.topics.problem import Problem
from aecalc.record import Record

if TYPE_CHECKING:
    from aecalc.practice.history.attempts import History


class Answer(Record):
    """What a student answered to one question, as it is recorded."""

    problem: Problem
    text: str
    """The answer as recorded (with its notes: the first try of a retry, the hints used, the marks)."""
    correct: bool
    skipped: bool = False
    slip: str | None = None
    hints: int = 0
    """Hints used (a second try counts as one): a right answer after hints is rated "hard"."""
    recall: int | None = None
    """A theory answer's recall rating, 1–4 (again, hard, good, easy); None: not rated."""
    seconds: float | None = None
    """From the question shown to the answer marked (None: not timed)."""
    level: int | None = None
    """The level the question was asked at (None: a bank or theory question)."""
    mode: Literal["mcq"] | None = None
    """``mcq``: chosen among options (``practice --mcq``); None: typed."""

    def stamped(self, seconds: float, level: int | None) -> Answer:
        """The same answer with the time it took and the level it was asked at."""
        return Answer(
            self.problem,
            self.text,
            self.correct,
            self.skipped,
            self.slip,
            self.hints,
            self.recall,
            seconds,
            level,
            self.mode,
        )


def card_for(history: History, answer: Answer) -> ReviewCard | None:
    """The review card ``answer`` moves, after the review (None: it moves none)."""
    problem = answer.problem
    if answer.recall is not None:
        state, due = reviewed(history.cards().get(problem.id), answer.recall)
        return ReviewCard("theory", problem.id, state, due)
    key = kind_key(problem)
    if key is None:
        return None
    score = rating(answer.correct, answer.skipped, answer.hints)
    state, due = reviewed(history.kind_cards().get(key), score)
    return ReviewCard("kind", key, state, due)


def record_answer(history: History, answer: Answer) -> bool:
    """Write ``answer``'s attempt and the card it moves in one transaction; False if it is not
    in the file yet (kept to try again when the history is closed, or lost, said then)."""
    problem = answer.problem
    attempt = Attempt(
        problem.topic,
        problem.id,
        problem.statement,
        answer.text,
        answer.correct,
        answer.skipped,
        answer.slip,
        answer.hints,
        answer.seconds,
        answer.level,
        answer.mode,
    )
    return history.record(attempt, card_for(history, answer))
