"""What a solver returns — :class:`Solution` — and the pieces every solver shares.

The helpers turn a core result (a Fraction, a SymPy number) into the checker's
:class:`~aecalc.practice.answers.expected.Expected` and keep only the slips whose value
really differs from the true one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from aecalc.practice.answers import expected as expecting
from aecalc.practice.answers.expected import Expected, Slip, Value
from aecalc.practice.answers.slips import KnownSlip
from aecalc.practice.answers.steps import Step, Working, working
from aecalc.present.document import Document
from aecalc.record import Record, field, replace
from aecalc.values.notation import MINUS

PRECISION = 40
"""Digits kept when an irrational core value becomes a Fraction for the checker."""

Steps = Callable[[int], tuple[str, ...]]
"""The lines of the solution that matter for this question, given the decimals to show."""


def no_steps(_digits: int) -> tuple[str, ...]:
    return ()


class Solution(Record):
    """What a problem's answer is, how to start, and the worked solution (built on demand, given digits).

    ``hint`` is the method in a sentence; ``steps`` the two to six lines of this
    question's own numbers that lead to the answer (the last one gives it): the
    stepwise hints reveal them one at a time and the feedback after a wrong answer
    shows them all, while ``document`` is the whole worked solution (``why``).
    ``working``, for a question worked in several steps, is its step list — each step's
    name, value, the steps it depends on and how to work it again from given values —
    whose last step's answer is ``expected`` (:func:`finished` builds it).
    """

    expected: Expected
    label: str
    hint: str
    document: Callable[[int], Document]
    steps: Steps = field(default=no_steps, compare=False)
    working: Working | None = field(default=None, compare=False)

    def with_marks(self, marks: Sequence[tuple[str, int]]) -> Solution:
        """The same solution, its steps carrying the marks a problem file gives them (a name
        that is no step raises KeyError naming it)."""
        if not marks or self.working is None:
            return self
        marked = self.working.with_marks(dict(marks))
        return Solution(self.expected, self.label, self.hint, self.document, self.steps, marked)


def answering(step: Step, expected: Expected) -> Step:
    """``step`` with the answer ``expected``: its slips first, then those of the step's own that
    it does not name."""
    named = {slip.name for slip in expected.slips}
    extra = [slip for slip in step.expected.slips if slip.name not in named]
    answer = keep(expected, [*expected.slips, *extra])
    return Step(step.name, answer, step.depends, step.recompute, step.aliases, step.marks, step.how)


def finished(steps: Sequence[Step], expected: Expected) -> Working:
    """The step list whose last step gives the question's answer ``expected`` (its slips
    first, then the last step's own, :func:`answering`)."""
    *before, last = steps
    return working([*before, answering(last, expected)])


def shown(number: Any, digits: int) -> str:
    """A core value as the steps show it: exact when it is a short rational, else ``digits`` places."""
    from aecalc.values import quantity

    if isinstance(number, int):
        text = f"{number:,}" if abs(number) >= 10_000 else str(number)
    elif isinstance(number, Fraction) and number.denominator == 1:
        return shown(number.numerator, digits)
    else:
        text = quantity.decimal(number, digits)
    return text.replace("-", MINUS)  # the minus sign of the statements and the printouts


def factor(number: Any, digits: int) -> str:
    """:func:`shown`, bracketed when negative, for a product or a difference: ``0.5·(−0.0751)``."""
    text = shown(number, digits)
    return f"({text})" if text.startswith(MINUS) else text


def shown_all(values: Sequence[Any], digits: int) -> str:
    """``[0.6750, 0.6225]``."""
    return "[" + ", ".join(shown(v, digits) for v in values) + "]"


def slip(known: KnownSlip, explanation: str, value: Fraction | int) -> Slip:
    """A slip whose value is an exact number (a count, a ratio)."""
    return Slip(known.name, explanation, expecting.number(value))


def fraction(number: Any) -> Fraction:
    """A core value (Fraction or SymPy number) as a Fraction, to :data:`PRECISION` digits."""
    from aecalc.values import quantity

    return quantity.to_fraction(number, PRECISION)


def derived(number: Fraction, *sources: Any) -> Expected:
    """A slip's value computed from core results: exact only when every source is rational."""
    from aecalc.values import quantity

    return expecting.number(number, all(quantity.is_rational(v) for v in sources))


def value(number: Any) -> Value:
    """A core value as the checker's :class:`~aecalc.practice.answers.expected.Value` (exact if rational)."""
    from aecalc.values import quantity

    return Value(quantity.to_fraction(number, PRECISION), quantity.is_rational(number))


def vector(values: Sequence[Any], slips: Sequence[Slip] = ()) -> Expected:
    """A vector answer of core values."""
    return expecting.vector([value(v) for v in values], slips)


def scalar(number: Any, slips: Sequence[Slip] = ()) -> Expected:
    """A one-number answer of a core value."""
    converted = value(number)
    return expecting.number(converted.value, converted.exact, slips)


def differs(slip: Slip, expected: Expected) -> bool:
    """Keep a slip only when its value differs from the true one to 4 places (a map of another
    shape differs: its shape is the slip's mark)."""
    from aecalc.values import fmt

    if (slip.answer.rows, slip.answer.size) != (expected.rows, expected.size):
        return bool(slip.answer.rows and expected.rows)
    return any(
        fmt.decimal(a.value, 4) != fmt.decimal(b.value, 4)
        for a, b in zip(slip.answer.values, expected.values, strict=True)
    )


def keep(expected: Expected, slips: list[Slip]) -> Expected:
    """``expected`` with those of ``slips`` that differ from it (see :func:`differs`)."""
    kept = tuple(s for s in slips if differs(s, expected))
    return replace(expected, slips=kept)
