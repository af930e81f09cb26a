"""Cells that show a value exactly and as a decimal: ``1/16 = 0.0625``, ``e⁻¹/(1 + e⁻¹)² ≈ 0.1966``."""

from __future__ import annotations

from aecalc.present.document import Cell, Math
from aecalc.values import fmt, quantity
from aecalc.values.quantity import Value


def relation(value: Value, digits: int) -> tuple[str, str]:
    """``=`` when the decimal to ``digits`` places is the value itself (a rational whose decimal
    terminates there), else ``≈``: plain and TeX."""
    exactly = quantity.is_rational(value) and fmt.is_terminating(
        quantity.to_fraction(value), digits
    )
    return ("=", "=") if exactly else ("≈", r"\approx")


def exact_and_decimal(value: Value, digits: int) -> Cell:
    """The exact form then ``=`` or ``≈`` the decimal, or the one text when they are the same."""
    exact = quantity.plain(value)
    decimal = quantity.decimal(value, digits)
    if exact == decimal:
        return exact
    sign, tex_sign = relation(value, digits)
    return Math(f"{exact} {sign} {decimal}", f"{quantity.tex(value)} {tex_sign} {decimal}")
