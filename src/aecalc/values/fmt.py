"""Formatting numbers for people: exact forms and correctly rounded decimals.

Decimals are rounded from the exact value (round half to even on the exact
fraction), so the last printed digit is right, never an artefact of float
binary rounding.
"""

from __future__ import annotations

from math import gcd
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fractions import Fraction

# Integers and Fractions both have ``numerator`` and ``denominator``, so nothing here needs
# to import :mod:`fractions` (which ``params`` and ``classify`` never load).


class Ratio:
    """``numerator / denominator`` as plain integers: a rational for the formatters below
    on paths that do not load :mod:`fractions`."""

    __slots__ = ("denominator", "numerator")

    def __init__(self, numerator: int, denominator: int) -> None:
        self.numerator = numerator
        self.denominator = denominator


def _ratio(value: Fraction | int | Ratio | float) -> tuple[int, int]:
    if isinstance(value, float):
        return value.as_integer_ratio()
    numerator, denominator = int(value.numerator), int(value.denominator)
    divisor = gcd(numerator, denominator)
    return numerator // divisor, denominator // divisor


def exact(value: Fraction | int | Ratio) -> str:
    """``1/3``, ``-2``, ``5/2``: the exact rational as text."""
    numerator, denominator = _ratio(value)
    return str(numerator) if denominator == 1 else f"{numerator}/{denominator}"


def short(value: Fraction | int | Ratio, places: int = 12) -> str:
    """A rational as a person types it: ``2``, ``0.5``, ``-1.25``, or ``1/3`` when its decimal
    needs more than ``places`` places.

    >>> from fractions import Fraction
    >>> [short(Fraction(5, 2)), short(Fraction(-1, 3)), short(4), short(Fraction(1, 1024), 6)]
    ['2.5', '-1/3', '4', '1/1024']
    """
    numerator, denominator = _ratio(value)
    if denominator == 1:
        return str(numerator)
    if not is_terminating(value, places):
        return f"{numerator}/{denominator}"
    return decimal(value, places).rstrip("0").rstrip(".")


def decimal(value: Fraction | int | Ratio | float, digits: int) -> str:
    """The value rounded to ``digits`` places: ``decimal(Fraction(2, 3), 4) == '0.6667'``.

    Rounded half to even from the exact value, with integer arithmetic only.
    """
    numerator, denominator = _ratio(value)
    quotient, remainder = divmod(numerator * 10**digits, denominator)
    twice = 2 * remainder
    if twice > denominator or (twice == denominator and quotient % 2 == 1):
        quotient += 1
    sign = "-" if quotient < 0 else ""
    text = str(abs(quotient)).rjust(digits + 1, "0")
    if digits == 0:
        return sign + text
    return f"{sign}{text[:-digits]}.{text[-digits:]}"


def is_terminating(value: Fraction | int | Ratio, digits: int) -> bool:
    """True when ``value`` has at most ``digits`` decimal places (so its decimal is exact)."""
    numerator, denominator = _ratio(value)
    return bool((numerator * 10**digits) % denominator == 0)


def counted(count: int, word: str) -> str:
    """A count with its noun, grouped by thousands and singular for one.

    >>> counted(1, "unit"), counted(12_544, "unit")
    ('1 unit', '12,544 units')
    """
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def grouped(count: int) -> str:
    """``1141296`` → ``1,141,296``."""
    return f"{count:,}"


def nbytes(count: int) -> str:
    """A byte count in human units: ``839,872 B`` → ``820.2 KiB``."""
    size = float(count)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if size < 1024 or unit == "PiB":
            return f"{count:,} B" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


MAX_SHOWN_SIZES = 16


def arrow(sizes: tuple[int, ...]) -> str:
    """``10 → 8 → 4``; a very long spec is shortened in the middle."""
    if len(sizes) <= MAX_SHOWN_SIZES:
        return " → ".join(map(str, sizes))
    head = " → ".join(map(str, sizes[:6]))
    tail = " → ".join(map(str, sizes[-6:]))
    return f"{head} → … → {tail} ({len(sizes):,} layer sizes)"
