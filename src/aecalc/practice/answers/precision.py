"""The precision a question asks for — ``(8 decimal places)``, ``(4 significant figures)`` — read
once from its text when the question is made, and the words and digits that follow from it.

It changes how an answer is shown and described, never what is accepted.
"""

from __future__ import annotations

import re
from fractions import Fraction

from aecalc.record import Record

SCANNED_CHARS = 8_000
"""How much of a question is searched for the precision it asks (a bound on the regular
expression's work; a bank question is a few hundred characters)."""

_ASKED = re.compile(
    r"(\d+)\s*(?:(decimal\s+places?|places?|d\.?\s?p\.?)|(significant\s+(?:figures?|digits?)|s\.?\s?f\.?))",
    re.IGNORECASE,
)


class Precision(Record):
    """Decimal places or significant figures asked for (0: not said)."""

    places: int = 0
    figures: int = 0

    @property
    def said(self) -> bool:
        return bool(self.places or self.figures)

    def text(self) -> str:
        """``4 decimal places``, ``1 significant figure``, or ``""`` when not said."""
        if self.places:
            return places_text(self.places)
        if self.figures:
            return figures_text(self.figures)
        return ""


def asked_precision(question: str) -> Precision:
    """The precision a question's text asks for (the first of each kind that it names).

    >>> asked_precision("what is the new value of w5 (8 decimal places)?")
    Precision(places=8, figures=0)
    >>> asked_precision("Compute KL (exactly, or to 4 significant figures).")
    Precision(places=0, figures=4)
    """
    places = figures = 0
    for match in _ASKED.finditer(question[:SCANNED_CHARS]):
        count = min(int(match.group(1)), 60)
        if match.group(2) and not places:
            places = count
        elif match.group(3) and not figures:
            figures = count
    return Precision(places, figures)


def figures_text(count: int) -> str:
    return f"{count} significant figure{'' if count == 1 else 's'}"


def places_text(count: int) -> str:
    return f"{count} decimal place{'' if count == 1 else 's'}"


def places_for_figures(value: Fraction, figures: int) -> int:
    """Decimal places that ``figures`` significant figures of ``value`` need (0 for large values)."""
    magnitude = abs(value)
    bits = magnitude.numerator.bit_length() - magnitude.denominator.bit_length()
    exponent = bits * 30103 // 100000
    while Fraction(10) ** exponent > magnitude:
        exponent -= 1
    while Fraction(10) ** (exponent + 1) <= magnitude:
        exponent += 1  # now 10^exponent ≤ |value| < 10^(exponent + 1)
    return max(0, figures - 1 - exponent)
