"""What the session says about one question: stepwise hints and feedback that fits on one screen.

A :class:`~aecalc.practice.topics.solution.Solution` carries the method (``hint``) and the
few lines of this question's own numbers that lead to the answer (``steps``).
:class:`Hints` reveals them one ``hint`` at a time — the method first, then each
step with its numbers, never the last step (it *is* the answer). :func:`feedback`
is what follows a marked answer: the verdict with the right answer and the slip
(the checker's message), the steps that matter, and where to look next — about a
dozen lines, where the whole worked solution (``why``) runs to 40–90.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aecalc.practice.answers.checker import Expected, Verdict
from aecalc.practice.topics.solution import Solution

MAX_STEPS = 6
MAX_DIGITS = 20  # places the steps are ever shown to (as the checker's answer)


class Hints:
    """The hints of one question, revealed in order; ``used`` counts those shown."""

    def __init__(self, method: str, steps: Sequence[str], points: bool = False) -> None:
        self.method = method
        self.steps = tuple(steps)[:MAX_STEPS]
        self.used = 0
        self.points = points  # a theory question: key points, not method and steps

    @property
    def available(self) -> int:
        """How many hints there are: the method, then every step but the last."""
        return 1 + max(0, len(self.steps) - 1)

    def next(self) -> str:
        """The next hint (or, when all are out, what to do instead)."""
        if self.used >= self.available:
            return (
                f"No more hints ({self.used} shown): the next step gives the answer. "
                "Answer, or type skip to see the solution."
            )
        self.used += 1
        count = f"hint {self.used} of {self.available}"
        if self.points:
            text = self.method if self.used == 1 else self.steps[self.used - 2]
            return f"Hint: key point {self.used} — {text} ({count})"
        if self.used == 1:
            more = "; hint again for step 1" if self.available > 1 else ""
            return f"Hint: method — {self.method} ({count}{more})"
        return f"Hint: step {self.used - 1} — {self.steps[self.used - 2]} ({count})"


def digits_for(expected: Expected, digits: int) -> int:
    """Places for the steps and hints: ``digits``, or the places the question asks for when more
    (an 8-place answer needs its steps to 8 places; at most 20)."""
    return max(digits, min(expected.asked.places, MAX_DIGITS))


PROMPT_CHARS = 80  # a prompt longer than this puts the form on a line of its own


def answer_prompt(form: str, words: str) -> tuple[tuple[str, ...], str]:
    """The lines to say before the ``Answer (…)`` prompt, and the prompt: the form in the prompt
    where it fits one line, else said on a line of its own before a short prompt (never a
    three-line prompt of nested brackets). A fixed width, not the terminal's, so a seeded
    transcript does not depend on the window."""
    prompt = f"Answer ({form}; or {words}):"
    if len(prompt) <= PROMPT_CHARS:
        return (), prompt
    return (f"Give {form}.",), f"Answer (or {words}):"


def so_far(right: int, asked: int) -> str:
    """``3/4 so far``: the running score after a question."""
    return f"{right}/{asked} so far"


def feedback(
    verdict: Verdict, solution: Solution, digits: int, score: str, why: bool = True
) -> list[tuple[str, str | None]]:
    """The lines (text, Rich style) after a wrong answer: verdict, steps, what next."""
    lines: list[tuple[str, str | None]] = [(f"✗ {verdict.message}", "red")]
    steps = solution.steps(digits)[:MAX_STEPS]
    if steps:
        lines.append(("The steps that matter:", "bold"))
        found = None if verdict.slip is not None else located(verdict.given, steps[:-1])
        for number, step in enumerate(steps, start=1):
            mark = "  ← you stopped here" if number == found else ""
            lines.append((f"  {number}. {step}{mark}", "yellow" if mark else None))
    tail = f"({score}" + ("; why shows the whole worked solution)" if why else ")")
    lines.append((tail, "dim"))
    return lines


_RESULT = re.compile(r"=\s*([-−]?\d+(?:\.\d+)?)\s*(?:\(|$)")


def located(given: str, steps: Sequence[str]) -> int | None:
    """The number (1-based) of the step whose result is the value typed, if one is: the answer
    stopped there (the last step, the answer itself, is left out by the caller)."""
    from fractions import Fraction

    from aecalc.practice.answers import checker

    for number, step in enumerate(steps, start=1):
        found = _RESULT.search(step.strip())
        if found is None:
            continue
        value = Fraction(found.group(1).replace("−", "-"))
        if checker.check(checker.number(value, exact=False), given).right:
            return number
    return None


def right_line(verdict: Verdict, score: str) -> str:
    """``✓ Right: 59. (3/4 so far)``."""
    return f"✓ {verdict.message} ({score})"
