"""Formatting numbers for people: exact forms and correctly rounded decimals.

Decimals are rounded from the exact value (round half to even on the exact
fraction), so the last printed digit is right, never an artefact of float
binary rounding.
"""

from __future__ import annotations

from fractions import Fraction


def exact(value: Fraction | int) -> str:
    """``1/3``, ``-2``, ``5/2``: the exact rational as text."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


def decimal(value: Fraction | int | float, digits: int) -> str:
    """The value rounded to ``digits`` places: ``decimal(Fraction(2, 3), 4) == '0.6667'``."""
    if isinstance(value, float):
        value = Fraction(value)
    scaled = round(Fraction(value) * 10**digits)
    sign = "-" if scaled < 0 else ""
    text = str(abs(scaled)).rjust(digits + 1, "0")
    if digits == 0:
        return sign + text
    return f"{sign}{text[:-digits]}.{text[-digits:]}"


def is_terminating(value: Fraction, digits: int) -> bool:
    """True when ``value`` has at most ``digits`` decimal places (so its decimal is exact)."""
    return bool((value * 10**digits).denominator == 1)


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
