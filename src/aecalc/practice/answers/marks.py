"""Marks for a checked answer, and for a working marked step by step, as an examiner gives them.

A right answer earns all of a question's marks; a vector answer (``z``, ``x̂``, a shape) with
some entries right earns that share, rounded down (:func:`numeric_marks`).

A working (:class:`~aecalc.practice.answers.steps.Working`, one value per step) is marked line
by line (:class:`Marker`, :func:`mark_working`):

* **right** — the step's true value, or what the student's own right earlier values (rounded as
  written) give: its marks;
* **follow-through** — wrong only because an earlier wrong value was carried into it
  correctly: the step worked again (``recompute``) from the student's own values of the steps
  it depends on agrees with the line; its marks ("error carried forward");
* **wrong** — neither: no marks, the slip named where one matches (at the true values, or at
  the student's own);
* **left out** — nothing typed: the value carried forward is the true one, and the step earns
  its marks when a later line worked from it is right or follows through (the method is sound
  there), else none.

A wrong value that trivialises what follows — zeros where the true value has none (a zero δ
makes every gradient and the update trivial) — earns no follow-through for the lines worked
from it, and their marking says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from aecalc.errors import InputError
from aecalc.practice.answers.checker import Expected, Slip, check
from aecalc.practice.answers.steps import Step, Values, Working, read_values
from aecalc.record import Record

if TYPE_CHECKING:
    from aecalc.practice.answers.checker import Verdict

StepVerdict = Literal["right", "wrong", "follow-through", "left out"]


def numeric_marks(marks: int, verdict: Verdict) -> int:
    """Marks for a checked answer: all when right; for a vector (``z``, ``x̂``, a shape) with
    some elements right, that share of the marks rounded down, as a marker gives credit for
    each entry; else none.

    >>> from fractions import Fraction
    >>> from aecalc.practice.answers import checker
    >>> truth = checker.vector([checker.Value(Fraction(v)) for v in (1, 2, 3, 4)])
    >>> [numeric_marks(4, checker.check(truth, a)) for a in ("1, 2, 3, 4", "1, 2, 0, 0", "9")]
    [4, 2, 0]
    >>> numeric_marks(5, checker.check(truth, "1, 2, 3, 0"))  # ¾ of 5, rounded down
    3
    """
    if verdict.right:
        return marks
    size = verdict.expected.size
    if verdict.expected.form != "vector" or size < 2:
        return 0
    return share(marks, verdict.elements_right, size)


def share(marks: int, earned: int, out_of: int) -> int:
    """``earned`` of ``out_of`` (entries right, step marks) as a share of a question's ``marks``,
    rounded down: the one rule by which a part earns part of the marks.

    >>> share(4, 1, 2), share(4, 2, 3), share(4, 3, 3), share(2, 5, 7), share(4, 0, 0)
    (2, 2, 4, 1, 0)
    """
    if out_of <= 0:  # nothing to earn (steps worth no marks): no share of the question's
        return 0
    return marks if earned >= out_of else marks * earned // out_of


class Marked(Record):
    """One line of a working as marked."""

    step: Step
    given: str | None
    """The value typed (None: the step was left out)."""
    verdict: StepVerdict
    follow: Expected | None = None
    """The line worked from the student's own earlier values, where that is not the truth."""
    slip: Slip | None = None
    note: str = ""
    earned: int = 0
    implied: bool = False
    """Left out, and a later line worked from it is right or follows through."""

    @property
    def wrong(self) -> bool:
        return self.verdict == "wrong"

    @property
    def lost(self) -> int:
        return self.step.marks - self.earned

    def what_went_wrong(self, digits: int = 4) -> str:
        """The slip where one is named, what the step is, and (where the student's own earlier
        values give something else) what those give."""
        step = self.step
        how = f" = {step.how}" if step.how and step.how != step.name else ""
        parts = []
        if self.slip is not None:
            parts.append(f"slip: {self.slip.name} ({self.slip.explanation.rstrip('.')})")
        parts.append(f"{step.name}{how} = {_value(step.expected, digits)}")
        if self.follow is not None:
            parts.append(f"from your own earlier values it is {_value(self.follow, digits)}")
        if self.note:
            parts.append(self.note)
        return "; ".join(parts)

    def as_json(self, digits: int = 4) -> dict[str, object]:
        return {
            "name": self.step.name,
            "given": self.given,
            "expected": _value(self.step.expected, digits),
            "follow_through_expected": None if self.follow is None else _value(self.follow, digits),
            "verdict": self.verdict,
            "slip": None if self.slip is None else self.slip.name,
            "note": self.note or None,
            "marks": self.earned,
            "out_of": self.step.marks,
        }


def _value(expected: Expected, digits: int) -> str:
    text = expected.as_text(digits)
    return f"[{text}]" if expected.form == "vector" else text


class MarkedWorking(Record):
    """A working marked line by line (see the module docstring)."""

    lines: tuple[Marked, ...]

    @property
    def marks(self) -> int:
        return sum(line.earned for line in self.lines)

    @property
    def out_of(self) -> int:
        return sum(line.step.marks for line in self.lines)

    @property
    def first_wrong(self) -> Marked | None:
        return next((line for line in self.lines if line.wrong), None)

    @property
    def final_right(self) -> bool:
        return bool(self.lines) and self.lines[-1].verdict == "right"

    def summary(self, digits: int = 4) -> str:
        """The script's last line: the first wrong step and what went wrong, then the marks."""
        marks = f"Marks: {self.marks}/{self.out_of}."
        first = self.first_wrong
        if first is not None:
            return (
                f"First wrong step: {first.step.name} — you wrote {first.given}; "
                f"{first.what_went_wrong(digits)}. {marks}"
            )
        bare = [
            line.step.name for line in self.lines if line.verdict == "left out" and not line.implied
        ]
        if bare:
            return (
                f"No wrong step; left out with nothing worked from it: {', '.join(bare)}. {marks}"
            )
        return f"No wrong step. {marks}"

    def as_json(self, digits: int = 4) -> dict[str, object]:
        first = self.first_wrong
        return {
            "steps": [line.as_json(digits) for line in self.lines],
            "first_wrong": None if first is None else first.step.name,
            "marks": self.marks,
            "out_of": self.out_of,
            "final_right": self.final_right,
        }


def _trivialising(values: Values, truth: Values) -> bool:
    """Every element that is wrong is a zero, and one is: the value makes what follows easier
    (a product with it vanishes) than the question meant."""
    off = [v for v, t in zip(values, truth, strict=False) if v != t]
    return bool(off) and len(values) == len(truth) and all(v == 0 for v in off)


class Marker:
    """Marks a working one line at a time, as a student types it (``take``), and gives the
    marked working (``result``): a left-out line's marks are settled by the lines after it."""

    def __init__(self, working: Working) -> None:
        self.working = working
        self.lines: list[Marked] = []
        self.carried: dict[str, Values] = {}
        self.off: set[str] = set()  # steps whose carried value is not the true one
        self.trivial: dict[str, str] = {}  # step → the wrong zero step it was worked from

    @property
    def next_step(self) -> Step | None:
        steps = self.working.steps
        return steps[len(self.lines)] if len(self.lines) < len(steps) else None

    def take(self, text: str | None) -> Marked:
        """Mark the next step's line (None: left out); raises InputError when the text cannot
        be read as the step's value (nothing is marked then)."""
        step = self.next_step
        assert step is not None, "every step is marked already"
        if text is None:
            marked = Marked(step, None, "left out")
            self.carried[step.name] = step.truth
            self.lines.append(marked)
            return marked
        values = read_values(step.expected, text)
        verdict = check(step.expected, text)
        follow, problem = self._follow(step)
        marked = self._marked(step, text, verdict, follow, problem)
        self.carried[step.name] = values
        if marked.verdict != "right":
            self.off.add(step.name)
            if marked.verdict == "wrong" and _trivialising(values, step.truth):
                self.trivial[step.name] = step.name
        self.lines.append(marked)
        return marked

    def _follow(self, step: Step) -> tuple[Expected | None, str]:
        """The step worked from the student's own earlier values, where any was typed and the
        step has a recompute; and why it cannot be (a loss undefined at a value typed)."""
        typed = [d for d in step.depends if d in self.carried and self._typed(d)]
        if step.recompute is None or not typed:
            return None, ""
        try:
            return step.recompute(dict(self.carried)), ""
        except InputError as error:
            return None, error.problem
        except (ArithmeticError, ValueError) as error:
            return None, str(error)

    def _typed(self, name: str) -> bool:
        return any(line.step.name == name and line.given is not None for line in self.lines)

    def _marked(
        self,
        step: Step,
        text: str,
        verdict: Verdict,
        follow: Expected | None,
        problem: str,
    ) -> Marked:
        fed_off = [d for d in step.depends if d in self.off]
        sources = [self.trivial[d] for d in step.depends if d in self.trivial]
        if verdict.right:
            note = " ".join(verdict.notes)
            return Marked(step, text, "right", None, None, note, step.marks)
        own = None if follow is None else check(follow, text)
        if own is not None and own.right:
            assert follow is not None
            if not fed_off:  # the student's own right values, rounded as written
                note = "right from your rounded values"
                return Marked(step, text, "right", follow, None, note, step.marks)
            if sources:
                self.trivial[step.name] = sources[0]
                note = (
                    f"follows from your zero {sources[0]}, which makes it trivial: "
                    "no follow-through"
                )
                return Marked(step, text, "wrong", follow, None, note, 0)
            note = f"follows from your {' and '.join(fed_off)}"
            return Marked(step, text, "follow-through", follow, None, note, step.marks)
        slip = (own.slip if own is not None and fed_off else None) or verdict.slip
        if slip is None and own is not None:
            slip = own.slip
        note = ""
        if problem:
            note = f"cannot be worked from your earlier values: {problem}"
        shown = follow if fed_off else None
        return Marked(step, text, "wrong", shown, slip, note, 0)

    def result(self) -> MarkedWorking:
        """The working as marked so far, left-out lines credited where a later line worked
        from them is right or follows through (the lines not reached count as left out)."""
        lines = list(self.lines)
        steps = self.working.steps
        lines += [Marked(step, None, "left out") for step in steps[len(lines) :]]
        sound = {line.step.name for line in lines if line.verdict in ("right", "follow-through")}
        implied: set[str] = set()
        for line in reversed(lines):  # a left-out step is implied by a sound line worked from it
            later = [other.step.name for other in lines if line.step.name in other.step.depends]
            if line.given is None and any(n in sound or n in implied for n in later):
                implied.add(line.step.name)
        return MarkedWorking(
            tuple(
                Marked(
                    line.step,
                    None,
                    "left out",
                    note="implied by a later line",
                    earned=line.step.marks,
                    implied=True,
                )
                if line.step.name in implied
                else line
                for line in lines
            )
        )


def mark_working(
    working: Working, entries: Sequence[str | None], argument: str = "ANSWER"
) -> MarkedWorking:
    """Mark a whole working: ``entries`` holds one typed value per step (None: left out).

    An entry that cannot be read raises InputError naming ``argument`` and the step."""
    marker = Marker(working)
    for step, entry in zip(working.steps, entries, strict=False):
        try:
            marker.take(entry)
        except InputError as error:
            raise InputError(argument, f"step {step.name}: {error.problem}") from None
    return marker.result()
