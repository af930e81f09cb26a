"""One question being answered in a practice session: what a typed line means for it, and what
the tutor says back.

A turn reads nothing and prints nothing. The loop (:mod:`aecalc.practice.session.loop`) asks,
hands the typed line to the turn, says the :class:`Reply`'s lines, records the reply's
:class:`~aecalc.practice.schedule.recording.Answer` and moves on when the reply says the question
is done. The words the loop handles itself — ``why`` (the question marked last) and ``quit`` —
never reach a turn.
"""

from __future__ import annotations

from typing import Literal, Protocol

from aecalc.practice.answers.checker import check
from aecalc.practice.schedule.recording import Answer
from aecalc.practice.session import tutor
from aecalc.practice.session.terminal import annotated, unreadable
from aecalc.practice.topics.problem import Problem
from aecalc.practice.topics.solution import Solution
from aecalc.record import Record

Outcome = Literal["right", "wrong", "skipped", "end"]
Line = tuple[str, "str | None"]
"""A line to say, and its Rich style."""

WORDS = "hint, why, skip, quit"
AGAIN = f"Answer (or {WORDS}):"
RATINGS = {"1": "again", "2": "hard", "3": "good", "4": "easy"}
_RATING_WORDS = {name: number for number, name in RATINGS.items()}


def word(text: str) -> str | None:
    """A session word typed at a prompt (``hint``, ``why``, ``skip``, ``quit``; ``?`` is
    ``hint``), or None for an answer."""
    command = text.strip().lower()
    if command == "?":
        return "hint"
    if command in ("hint", "why", "skip", "quit"):
        return command
    return None


class Reply(Record):
    """What a turn says to a typed line, the answer to record (if it was marked) and the
    question's outcome (None: ask again)."""

    lines: tuple[Line, ...] = ()
    answer: Answer | None = None
    outcome: Outcome | None = None


class Turn(Protocol):
    """A question being answered line by line (numeric, multiple choice, a working step)."""

    digits: int

    def hint(self) -> Reply: ...

    def skip(self) -> Reply: ...

    def answer(self, text: str) -> Reply: ...


class NumericTurn:
    """A numeric question: hints step by step, a known slip named (and, with ``retry``, one more
    try), the right answer or the steps that matter after a mark.

    ``scores`` are the running scores to show after a right and after a wrong answer.
    """

    def __init__(
        self,
        problem: Problem,
        solution: Solution,
        digits: int,
        retry: bool,
        scores: tuple[str, str],
    ) -> None:
        self.problem = problem
        self.solution = solution
        # the answer, shown and described to the precision the question asks for
        self.expected = solution.expected.asking(problem.precision)
        self.shown = digits
        self.digits = tutor.digits_for(self.expected, digits)
        self.hints = tutor.Hints(problem.hint or solution.hint, solution.steps(self.digits))
        self.retry = retry
        self.right_score, self.wrong_score = scores
        self.first: str | None = None
        self.first_slip: str | None = None

    def opening(self) -> tuple[tuple[Line, ...], str]:
        """The lines before the first prompt (the form, when it does not fit the prompt) and
        the first prompt; later prompts are :data:`AGAIN`."""
        before, prompt = tutor.answer_prompt(self.expected.describe(), WORDS)
        return tuple((line, "dim") for line in before), prompt

    def hint(self) -> Reply:
        return Reply(((self.hints.next(), "yellow"),))

    def skip(self) -> Reply:
        lines: list[Line] = [
            (
                f"Skipped. The answer: {self.expected.as_text(self.shown)} ({self.wrong_score})",
                "yellow",
            )
        ]
        steps = self.solution.steps(self.digits)[: tutor.MAX_STEPS]
        if steps:
            lines.append(("The steps:", "bold"))
            lines += [(f"  {number}. {step}", None) for number, step in enumerate(steps, start=1)]
        lines.append(("(why shows the whole worked solution)", "dim"))
        answer = Answer(
            self.problem,
            annotated("", self.hints.used, self.first),
            False,
            True,
            self.first_slip,
            hints=self.hints.used,
        )
        return Reply(tuple(lines), answer, "skipped")

    def answer(self, text: str) -> Reply:
        verdict = check(self.expected, text)
        if verdict.status == "unreadable":
            typed = text.strip()
            if self.expected.form != "kind" and typed.isalpha() and len(typed) <= 20:
                # a word where a number is wanted: the words first, then the form
                said = (
                    f"Not understood: {typed!r}. Words understood here: {WORDS}. "
                    f"An answer is {self.expected.describe()}."
                )
                return Reply(((said, "yellow"),))
            return Reply(((unreadable(text, verdict.message), "yellow"),))
        slip = None if verdict.slip is None else verdict.slip.name
        if not verdict.right and self.first is None and self.retry and verdict.slip:
            self.first, self.first_slip = text.strip(), slip
            said = (
                f"✗ Not yet: that looks like a slip — {verdict.slip.name}: "
                f"{verdict.slip.explanation} One more try."
            )
            return Reply(((said, "yellow"),))
        answer = Answer(
            self.problem,
            annotated(text.strip(), self.hints.used, self.first),
            verdict.right,
            False,
            self.first_slip or slip,
            hints=self.hints.used + (self.first is not None),
        )
        if verdict.right:
            line = tutor.right_line(verdict, self.right_score)
            if self.first is not None:
                line += " Right on the second try."
            return Reply(((line, "green"),), answer, "right")
        lines = tutor.feedback(verdict, self.solution, self.digits, self.wrong_score)
        return Reply(tuple(lines), answer, "wrong")


class TheoryTurn:
    """A theory question: notes (or nothing) typed, the key points shown, the recall rated."""

    PROMPT = "Answer (a line of notes, or just Enter; hint, why, skip, quit):"
    RATING_PROMPT = "How well did you recall it? 1 again · 2 hard · 3 good · 4 easy:"
    RATING_AGAIN = "Give a rating from 1 to 4 (or again, hard, good, easy; quit to stop)."

    def __init__(self, problem: Problem, scores: tuple[str, str]) -> None:
        self.problem = problem
        self.right_score, self.wrong_score = scores
        points = [problem.hint] if problem.hint else []
        points += [p for p in problem.key_points if p not in points]
        self.hints = tutor.Hints(points[0], [*points[1:], ""], points=True) if points else None

    def hint(self) -> Reply:
        said = self.hints.next() if self.hints is not None else "No hints for this one."
        return Reply(((said, "yellow"),))

    @staticmethod
    def rating(text: str) -> str | None:
        """A recall rating typed (``1``–``4`` or its word) as ``"1"``–``"4"``; None otherwise."""
        typed = text.strip().lower()
        if typed in RATINGS:
            return typed
        return _RATING_WORDS.get(typed)

    def rated(self, notes: str, skipped: bool, rating: str) -> Reply:
        """The answer (skipped: rated "again") and what the tutor says after it."""
        correct = not skipped and rating in ("3", "4")
        hints = f"; hints: {self.hints.used}" if self.hints is not None and self.hints.used else ""
        answer = Answer(
            self.problem,
            ("" if skipped else notes.strip()) + f" [recall: {RATINGS[rating]}{hints}]",
            correct,
            skipped,
            hints=self.hints.used if self.hints is not None else 0,
            recall=int(rating),
        )
        if skipped:
            said = f"Skipped: it will come back soon. ({self.wrong_score})"
            return Reply(((said, "yellow"),), answer, "skipped")
        when = "soon." if rating in ("1", "2") else "later."
        score = self.right_score if correct else self.wrong_score
        said = f"Noted: it will come back {when} ({score})"
        return Reply(
            ((said, "green" if correct else "yellow"),), answer, "right" if correct else "wrong"
        )
