"""A worked step: one line of the hand computation an examiner wants to see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aecalc.record import Record
from aecalc.values import fmt

if TYPE_CHECKING:
    from fractions import Fraction


class Step(Record):
    """``label``: what is computed; ``formula``: how, in symbols; ``value``: the exact result.

    ``value`` is an ``int`` or :class:`~fractions.Fraction` here; modules with
    transcendental steps subclass or store SymPy forms alongside.
    """

    label: str
    formula: str
    value: int | Fraction

    def as_json(self) -> dict[str, object]:
        value = self.value
        return {
            "label": self.label,
            "formula": self.formula,
            "exact": fmt.exact(value),
            "decimal": value.numerator / value.denominator,
        }
