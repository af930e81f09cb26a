"""A multiple-choice question (``practice --mcq``, ``exam --mcq``): four options, answered a–d.

The options are the right answer and three wrong ones, shuffled with the session's seeded
random numbers. The wrong options are the values of the question's own named slips (the
solver's: log₁₀ for ln, the sum for the mean, the biases forgotten …), each written as the
right answer is written (the same places), and kept only when it differs from the right answer
and from every other option *as shown*: two options that print alike would be one option.

Where the slips give fewer than three such values, the rest are **near values**: the right
answer scaled by one of :data:`NEAR_FACTORS` (×1.1, ×0.9, ×1.25, ×0.8, ×1.5, ×⅔, ×2, ×½, in an
order drawn from the seed), and for a whole number also one or two more or less (no negative
count) — the sizes an arithmetic slip gives, but no named mistake. A vector gets its near
values in one entry at a time (the entries in a drawn order). After the answer each wrong option is named: its slip and what the slip means, or "near
value". A question whose answer is a word (undercomplete or overcomplete) has only two or three
possible answers: it is not made multiple choice (:func:`suits`) and is asked the usual way.

Like a numeric turn, a :class:`ChoiceTurn` reads and prints nothing: a typed line in, a
:class:`~aecalc.practice.session.turns.Reply` out.
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import TYPE_CHECKING

from aecalc.practice.answers.checker import Expected, Value
from aecalc.practice.schedule.recording import Answer
from aecalc.practice.session import tutor
from aecalc.practice.session.terminal import annotated
from aecalc.practice.session.timed import TimeUp
from aecalc.practice.session.turns import WORDS, Line, Reply
from aecalc.record import Record
from aecalc.values import fmt

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from aecalc.practice.topics.problem import Problem
    from aecalc.practice.topics.solution import Solution

LETTERS = "abcd"
NEAR = "near value"
"""The name of a wrong option no named slip gives."""
NEAR_MEANING = "no named slip gives it."
NEAR_FACTORS: tuple[Fraction, ...] = tuple(
    Fraction(f) for f in ("11/10", "9/10", "5/4", "4/5", "3/2", "2/3", "2", "1/2")
)
PROMPT = f"Answer (a letter, a to d; or {WORDS}):"
TYPED = "(Typed, not multiple choice: its answer is a word, and there are only three of them.)"


class Option(Record):
    """One option: its letter, the value as shown, and the slip it stands for (None: right)."""

    letter: str
    text: str
    slip: str | None = None
    meaning: str = ""

    @property
    def right(self) -> bool:
        return self.slip is None


def suits(expected: Expected) -> bool:
    """Whether a question can be asked as multiple choice: any answer but a kind word."""
    return expected.form != "kind"


def option_text(expected: Expected, digits: int) -> str:
    """A value as an option shows it: the answer's own writing, a vector in brackets."""
    text = expected.as_text(digits)
    return f"[{text}]" if expected.form == "vector" else text


def options(expected: Expected, digits: int, rng: random.Random) -> tuple[Option, ...]:
    """The options of ``expected`` (see the module docstring), lettered a–d in a shuffled order:
    four, or fewer where not even near values differ as shown (a value that rounds to 0.0000)."""
    right = option_text(expected, digits)
    shown = {right}
    wrong: list[tuple[str, str, str]] = []
    for slip in expected.slips:
        answer = slip.answer.asking(expected.asked)
        if answer.form == "kind" or answer.size != expected.size:
            continue
        text = option_text(answer, digits)
        if text not in shown:
            shown.add(text)
            wrong.append((text, slip.name, slip.explanation))
        if len(wrong) == 3:
            break
    if len(wrong) < 3:
        for value in near_values(expected, rng):
            text = option_text(value, digits)
            if text not in shown:
                shown.add(text)
                wrong.append((text, NEAR, NEAR_MEANING))
            if len(wrong) == 3:
                break
    chosen: list[tuple[str, str | None, str]] = [(right, None, ""), *wrong]
    rng.shuffle(chosen)
    return tuple(
        Option(letter, text, slip, meaning)
        for letter, (text, slip, meaning) in zip(LETTERS, chosen, strict=False)
    )


def near_values(expected: Expected, rng: random.Random) -> list[Expected]:
    """Values near the right answer, for options the slips do not fill: each of
    :data:`NEAR_FACTORS` (and one or two more or less for a whole number), in a drawn order; a
    vector's in one entry at a time, the entries in a drawn order."""
    values = expected.values
    places = list(range(len(values)))
    rng.shuffle(places)
    factors = list(NEAR_FACTORS)
    rng.shuffle(factors)
    found: list[Expected] = []
    for where in places:
        for change in _changes(values[where], factors):
            changed = tuple(change if i == where else v for i, v in enumerate(values))
            found.append(Expected(expected.form, changed, asked=expected.asked, rows=expected.rows))
    return found


def _changes(truth: Value, factors: Sequence[Fraction]) -> list[Value]:
    """``truth`` scaled by each factor and rounded as it is written; a whole number also one
    and two more and less (never below 0 for a value that is not); 0 becomes ±1, 2, ½."""
    value = truth.value
    if value == 0:
        steps = [Fraction(1), Fraction(-1), Fraction(2), Fraction(1, 2)]
        return [Value(step, truth.exact) for step in steps]
    whole = truth.exact and value.denominator == 1
    places = _places(value) if truth.exact else None
    changed = []
    for factor in factors:
        scaled = value * factor
        if whole:
            scaled = Fraction(round(scaled))
        elif places is not None:
            scaled = Fraction(round(scaled * 10**places), 10**places)
        changed.append(Value(scaled, truth.exact))
    if whole:
        steps = [value + 1, value - 1, value + 2, value - 2]
        near = [Value(v) for v in steps if v >= 0 or value < 0]
        changed[2:2] = near if abs(value) >= 5 else []
        changed += [] if abs(value) >= 5 else near
    return changed


def _places(value: Fraction) -> int | None:
    """The places of an exact value's short decimal (``24.5``: 1), None for ``1/3``."""
    text = fmt.short(value, 6)
    if "/" in text:
        return None
    return len(text.partition(".")[2])


def letter(text: str) -> str | None:
    """The letter typed (``b``, ``B``, ``b)``, ``(b)``), or None."""
    typed = text.strip().lower().strip("().").strip()
    return typed if len(typed) == 1 and typed in LETTERS else None


class ChoiceTurn:
    """A numeric question asked as multiple choice: the options shown, hints as for a typed
    answer, a letter marked, then every wrong option named by its slip."""

    def __init__(
        self,
        problem: Problem,
        solution: Solution,
        digits: int,
        rng: random.Random,
        scores: tuple[str, str],
    ) -> None:
        self.problem = problem
        self.solution = solution
        self.expected = solution.expected.asking(problem.precision)
        self.digits = tutor.digits_for(self.expected, digits)
        self.options = options(self.expected, self.digits, rng)
        self.hints = tutor.Hints(problem.hint or solution.hint, solution.steps(self.digits))
        self.right_score, self.wrong_score = scores

    @property
    def complete(self) -> bool:
        """Whether it has its four options (else the question is asked the usual way)."""
        return len(self.options) == len(LETTERS)

    def opening(self) -> tuple[tuple[Line, ...], str]:
        """The options, one a line, and the prompt."""
        return tuple((f"  {o.letter}) {o.text}", None) for o in self.options), PROMPT

    def hint(self) -> Reply:
        return Reply(((self.hints.next(), "yellow"),))

    def named(self) -> list[Line]:
        """Every wrong option with the slip it stands for."""
        lines: list[Line] = []
        for o in self.options:
            if o.right:
                continue
            meaning = f": {o.meaning}" if o.meaning else ""
            lines.append((f"  {o.letter}) {o.text} — {o.slip}{meaning}", None))
        return lines

    def _answer(self, text: str, correct: bool, skipped: bool, slip: str | None) -> Answer:
        return Answer(
            self.problem,
            annotated(text, self.hints.used, None),
            correct,
            skipped,
            slip,
            hints=self.hints.used,
            mode="mcq",
        )

    def skip(self) -> Reply:
        right = next(o for o in self.options if o.right)
        lines: list[Line] = [
            (f"Skipped. The answer: {right.letter}) {right.text} ({self.wrong_score})", "yellow"),
            ("The other options:", "bold"),
            *self.named(),
            ("(why shows the whole worked solution)", "dim"),
        ]
        return Reply(tuple(lines), self._answer("", False, True, None), "skipped")

    def answer(self, text: str) -> Reply:
        typed = letter(text)
        if typed is None:
            said = f"Answer with one letter, a to d (or {WORDS})."
            return Reply(((said, "yellow"),))
        chosen = next(o for o in self.options if o.letter == typed)
        right = next(o for o in self.options if o.right)
        recorded = f"{chosen.letter}) {chosen.text}"
        if chosen.right:
            lines: list[Line] = [(f"✓ Right: {right.text}. ({self.right_score})", "green")]
            lines += [("The other options:", "dim"), *self.named()]
            return Reply(tuple(lines), self._answer(recorded, True, False, None), "right")
        slip = None if chosen.slip == NEAR else chosen.slip
        lines = [
            (f"✗ Not right: the answer is {right.letter}) {right.text}.", "red"),
            ("The wrong options:", "bold"),
            *self.named(),
            (f"({self.wrong_score}; why shows the whole worked solution)", "dim"),
        ]
        return Reply(tuple(lines), self._answer(recorded, False, False, slip), "wrong")


class Chosen(Record):
    """A multiple-choice answer on a paper (``exam --mcq``): as recorded, right or not, the slip
    the option stands for (None: right, or a near value); ``answered`` False: skipped;
    ``time_up``: the time ran out while it was asked (a letter typed by then counts)."""

    answer: str = ""
    answered: bool = False
    right: bool = False
    slip: str | None = None
    time_up: bool = False


EXAM_PROMPT = "Answer (a letter, a to d; skip):"


def sit(
    expected: Expected,
    digits: int,
    rng: random.Random,
    ask: Callable[[str], str],
    say: Callable[[str, str | None], None],
) -> Chosen | None:
    """A paper's question as multiple choice: the options said, a letter asked with ``ask``
    (again until one is given; ``skip`` chooses none). None where the question has not four
    options: it is then asked the usual way."""
    offered = options(expected, tutor.digits_for(expected, digits), rng)
    if len(offered) < len(LETTERS):
        return None
    for option in offered:
        say(f"  {option.letter}) {option.text}", None)
    while True:
        try:
            text = ask(EXAM_PROMPT)
        except TimeUp as up:
            typed = letter(up.partial)
            return Chosen(time_up=True) if typed is None else _chosen(offered, typed, True)
        if text.strip().lower() == "skip":
            return Chosen()
        typed = letter(text)
        if typed is not None:
            return _chosen(offered, typed)
        say("Answer with one letter, a to d (or skip).", "yellow")


def _chosen(offered: Sequence[Option], typed: str, time_up: bool = False) -> Chosen:
    option = next(o for o in offered if o.letter == typed)
    slip = None if option.right or option.slip == NEAR else option.slip
    return Chosen(f"{option.letter}) {option.text}", True, option.right, slip, time_up)
