"""``aecalc practice --working``: a numeric question asked step by step, each step marked as typed.

Each prompt begins ``Step k/m`` and names the step (``Step 2/4 · z = σ(W_e·x):``); the line
typed is marked at once as an examiner marks a working (:class:`~aecalc.practice.answers.marks.
Marker`): right, wrong with the slip named at the step where it happens, or follow-through —
a wrong earlier value carried forward correctly, worked again from the student's own values —
and ``-`` leaves a step out (its true value is carried on). After a wrong step the true value
is said, and the student goes on from either value.

**Backward fading.** The solution is given from the start and faded from the end as the kind's
mastery grows (:mod:`aecalc.practice.schedule.mastery`, the points the schedule keeps per
kind): a new kind has every step but the last given, and each point of mastery asks for more of
the steps, until a mastered kind is asked its final answer alone (:func:`steps_asked`). A bank
problem (no kind of its own) starts with every step but the last given, too.

A question without steps (a count, a kind, a shape) is asked as in any session.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from aecalc.errors import InputError
from aecalc.practice import topics
from aecalc.practice.answers.checker import Expected
from aecalc.practice.answers.marks import Marked, Marker
from aecalc.practice.answers.steps import Step, Working, values_text
from aecalc.practice.answers.working import LEFT_OUT
from aecalc.practice.schedule import mastery
from aecalc.practice.schedule.recording import Answer
from aecalc.practice.session import tutor
from aecalc.practice.session.loop import Options, Session
from aecalc.practice.session.turns import Line, Outcome, Reply

if TYPE_CHECKING:
    from aecalc.practice.history.attempts import History
    from aecalc.practice.topics.problem import Problem
    from aecalc.practice.topics.solution import Solution

WORDS = "- to leave it out, hint, why, skip, quit"


def steps_asked(points: Fraction, mastered: bool, count: int) -> int | None:
    """How many of a working's ``count`` steps the student types, from the end, for a kind with
    ``points`` of mastery (0 to :data:`~aecalc.practice.schedule.mastery.MOST`); None: only the
    final answer (a mastered kind). The rest are given.

    >>> [steps_asked(Fraction(p), False, 4) for p in (0, 1, 2, 3, 5)]
    [1, 1, 2, 3, 4]
    >>> steps_asked(Fraction(6), True, 4) is None
    True
    """
    if mastered:
        return None
    return min(count, 1 + int(points * count // mastery.MOST))


def asked_of(history: History, problem: Problem, working: Working) -> int | None:
    """:func:`steps_asked` for ``problem``'s kind, from the history's mastery of it."""
    kind = mastery.of_history(history).of_problem(problem)
    if kind is None:
        return steps_asked(Fraction(0), False, len(working.steps))
    return steps_asked(kind.points, kind.stage == "mastered", len(working.steps))


def _shown(step: Step, digits: int) -> str:
    text = step.expected.as_text(digits)
    return f"[{text}]" if step.vector else text


class WorkingTurn:
    """One question worked step by step: the given steps, then a prompt per step asked, each
    line marked as it is typed; a pure object (a line in, a :class:`Reply` out)."""

    def __init__(
        self,
        problem: Problem,
        solution: Solution,
        digits: int,
        asked: int,
        scores: tuple[str, str],
    ) -> None:
        assert solution.working is not None
        self.problem = problem
        self.solution = solution
        self.working = solution.working.asking(problem.precision)
        self.digits = tutor.digits_for(solution.expected.asking(problem.precision), digits)
        self.right_score, self.wrong_score = scores
        self.marker = Marker(self.working)
        self.given = len(self.working.steps) - asked
        for _ in range(self.given):
            self.marker.take(None)  # a step given: its true value is carried on
        self.hints = 0
        self.step_hints = 0

    @property
    def step(self) -> Step:
        step = self.marker.next_step
        assert step is not None
        return step

    def prompt(self) -> str:
        """``Step 2/4 · z = σ(W_e·x):``."""
        step = self.step
        number = len(self.marker.lines) + 1
        how = f" = {step.how}" if step.how and step.how != step.name else ""
        return f"Step {number}/{len(self.working.steps)} · {step.name}{how}:"

    def opening(self) -> tuple[Line, ...]:
        """What is said before the first prompt: the steps given, and how to answer."""
        lines: list[Line] = []
        if self.given:
            lines.append(("Worked for you:", "bold"))
            lines += [
                (f"  Step {n}/{len(self.working.steps)} · {step.line(self.digits)}", None)
                for n, step in enumerate(self.working.steps[: self.given], start=1)
            ]
        rest = len(self.working.steps) - self.given
        what = "the last step" if rest == 1 else f"the last {rest} steps"
        lines.append(
            (
                f"Work {what}, one value a prompt (a vector as 0.5, 0.25; {WORDS}).",
                "dim",
            )
        )
        return tuple(lines)

    def hint(self) -> Reply:
        """The step's formula with its inputs named, then with their values; then no more."""
        step = self.step
        if self.step_hints >= 2:
            said = f"No more hints for {step.name}: type its value, - to leave it out, or skip."
            return Reply(((said, "yellow"),))
        self.step_hints += 1
        self.hints += 1
        how = step.how or "from the question's numbers"
        if self.step_hints == 1:
            inputs = " and ".join(step.depends) or "the question's numbers"
            said = f"Hint: {step.name} = {how}, worked from {inputs}."
        else:
            carried = self.marker.carried
            values = "; ".join(
                f"{name} = {values_text(carried[name], self.digits, len(carried[name]) > 1)}"
                for name in step.depends
                if name in carried
            )
            said = f"Hint: {step.name} = {how} with {values or 'the numbers in the question'}."
        return Reply(((said, "yellow"),))

    def skip(self) -> Reply:
        lines: list[Line] = [
            (
                f"Skipped. The answer: {self.solution.expected.asking(self.problem.precision).as_text(self.digits)}"
                f" ({self.wrong_score})",
                "yellow",
            )
        ]
        done = len(self.marker.lines)
        rest = self.working.steps[done:]
        lines.append(("The steps left:", "bold"))
        lines += [
            (f"  Step {n}/{len(self.working.steps)} · {step.line(self.digits)}", None)
            for n, step in enumerate(rest, start=done + 1)
        ]
        lines.append(("(why shows the whole worked solution)", "dim"))
        return Reply(tuple(lines), self._answer("", False, True), "skipped")

    def answer(self, text: str) -> Reply:
        step = self.step
        entry = None if text.strip() in LEFT_OUT else text
        try:
            marked = self.marker.take(entry)
        except InputError as error:
            said = f"Cannot read that as {step.name}: {error.problem}. Give {step.expected.describe()}."
            return Reply(((said, "yellow"),))
        self.step_hints = 0
        lines = [self._said(marked)]
        if self.marker.next_step is not None:
            return Reply(tuple(lines))
        return self._finished(lines, entry or "")

    def _said(self, marked: Marked) -> Line:
        step, digits = marked.step, self.digits
        truth = _shown(step, digits)
        if marked.verdict == "left out":
            return (f"– {step.name} left out: {truth} is carried on.", "dim")
        if marked.verdict == "right":
            note = f" ({marked.note})" if marked.note else ""
            return (f"✓ {step.name} = {truth}{note}", "green")
        assert marked.follow is not None or marked.verdict == "wrong"
        if marked.verdict == "follow-through":
            assert marked.follow is not None
            return (
                f"✓ Follow-through: {marked.note}, {step.name} is "
                f"{_shown_expected(marked.follow, step, digits)} (with the right values: {truth}).",
                "green",
            )
        said = f"✗ {step.name} is {truth}"
        if marked.slip is not None:
            said += f" — slip: {marked.slip.name}: {marked.slip.explanation.rstrip('.')}"
        if marked.follow is not None:
            said += f"; from your own earlier values it is {_shown_expected(marked.follow, step, digits)}"
        if marked.note:
            said += f"; {marked.note}"
        said += ". Go on from your value or from this one."
        return (said, "red")

    def _finished(self, lines: list[Line], final: str) -> Reply:
        result = self.marker.result()
        asked = result.lines[self.given :]
        marks = sum(line.earned for line in asked)
        out_of = sum(line.step.marks for line in asked)
        right = result.final_right
        first = next((line for line in asked if line.wrong), None)
        score = self.right_score if right else self.wrong_score
        summary = f"Working: {marks}/{out_of} marks"
        if self.given:
            summary += f" for the {len(asked)} step{'s' if len(asked) != 1 else ''} you worked"
        if first is not None:
            summary += f"; first wrong step: {first.step.name}"
        lines.append((f"{summary}. ({score})", "bold green" if right else "bold yellow"))
        slip = None if first is None or first.slip is None else first.slip.name
        note = f"[working: {marks}/{out_of}; {self.given} given"
        note += f"; hints: {self.hints}]" if self.hints else "]"
        answer = self._answer(f"{final} {note}".strip(), right, False, slip)
        return Reply(tuple(lines), answer, "right" if right else "wrong")

    def _answer(self, text: str, correct: bool, skipped: bool, slip: str | None = None) -> Answer:
        return Answer(self.problem, text, correct, skipped, slip, hints=self.hints)


def _shown_expected(expected: Expected, step: Step, digits: int) -> str:
    text = expected.as_text(digits)
    return f"[{text}]" if step.vector else text


class WorkingSession(Session):
    """A practice session whose numeric questions with steps are worked step by step."""

    def describe(self) -> str:
        return super().describe().replace(" · seed ", " · step by step · seed ", 1)

    def numeric(self, problem: Problem) -> Outcome:
        assert problem.spec is not None
        solution = topics.solve(problem.spec)
        working = solution.working
        if working is None or len(working.steps) < 2:
            return super().numeric(problem)
        asked = asked_of(self.history, problem, working)
        if asked is None:
            self.say("Mastered: only the final answer is asked.", "dim")
            return super().numeric(problem)
        return self.stepwise(problem, solution, asked)

    def stepwise(self, problem: Problem, solution: Solution, asked: int) -> Outcome:
        turn = WorkingTurn(problem, solution, self.digits, asked, self.scores())
        for text, style in turn.opening():
            self.say(text, style)
        return self.converse(problem, solution, turn, turn.prompt(), turn.prompt)


def run(options: Options) -> None:
    """``practice --working``: a session of :class:`WorkingSession`."""
    from aecalc.render.rich import console

    WorkingSession(options, console(highlight=False)).run()
