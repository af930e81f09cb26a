"""Exact values with SymPy: closed forms, correctly rounded decimals, plain and TeX spellings.

Imports SymPy, so only code paths that need transcendental exact values import
this module (never ``params``, ``classify`` or ``loss mse``). Inputs come from
:mod:`aecalc.values.parse` as :class:`fractions.Fraction`; nothing here parses user text.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import sympy

from aecalc.values import fmt, notation

Expr = Any  # a SymPy expression; SymPy ships no type information

MAX_BINARY_EXPONENT = 1 << 14  # 2¹⁶³⁸⁴ ≈ 10⁴⁹³²: beyond this a value is written in scientific form
MAX_WORKING_DIGITS = 10_000
"""Working precision a value may take to be evaluated to the digits asked. SymPy stops at 100
digits by default and then returns what it has: where 10³⁰⁸-sized terms cancel (a PCA of data
near 1e308), that is a wrong value, or a complex one, with no warning."""


def rational(value: Fraction | int) -> Expr:
    """A :class:`~fractions.Fraction` as a SymPy Rational (exact)."""
    value = Fraction(value)
    return sympy.Rational(value.numerator, value.denominator)


def evaluated(value: Expr, precision: int) -> Expr:
    """``value`` to ``precision`` significant digits, every one of them right however many
    digits cancel on the way (working precision up to :data:`MAX_WORKING_DIGITS`); a value
    that SymPy cannot tell from zero even then (an exact zero not written as 0) is evaluated
    as SymPy would (``0.e-164``)."""
    from sympy.core.evalf import PrecisionExhausted

    try:
        return sympy.N(value, precision, strict=True)
    except PrecisionExhausted:
        pass
    try:
        return sympy.N(value, precision, strict=True, maxn=MAX_WORKING_DIGITS)
    except PrecisionExhausted:
        return sympy.N(value, precision)


def to_fraction(value: Expr, digits: int) -> Fraction:
    """The value as a Fraction: exact for rationals, else good to well past ``digits`` places."""
    if isinstance(value, sympy.Rational):
        return Fraction(int(value.p), int(value.q))
    precision = max(30, digits + 20)
    approx = evaluated(value, precision)
    if not approx.is_real or not approx.is_finite:
        raise ValueError(f"{value} is not a finite real number")
    mantissa, exponent = sympy.Float(approx, precision)._mpf_[1:3]
    sign = -1 if approx < 0 else 1
    if int(exponent) > MAX_BINARY_EXPONENT:
        # e^(10³⁰⁰) has ~10³⁰⁰ digits: 2**exponent would never finish (see aecalc.values.limits)
        raise OverflowError("the value is too large to write out digit by digit")
    if int(exponent) + int(mantissa).bit_length() < -(4 * digits + 64):
        return Fraction(0)  # far below the last place shown: 0 to well past ``digits`` places
    return sign * Fraction(int(mantissa)) * Fraction(2) ** int(exponent)


def scientific(value: Expr, digits: int) -> str:
    """``1.2346e+434294…`` — for a value too large for :func:`to_fraction` to write out."""
    return str(sympy.N(value, max(digits, 1) + 1))


def decimal(value: Expr, digits: int) -> str:
    """Rounded to ``digits`` places from the exact value (not from a float)."""
    return fmt.decimal(to_fraction(value, digits), digits)


def to_float(value: Expr) -> float:
    return float(evaluated(value, 20))


def is_rational(value: Expr) -> bool:
    return isinstance(value, sympy.Rational)


def plain(value: Expr, order: str | None = None) -> str:
    """A one-line Unicode spelling as a student writes it: ``1/(1 + e⁻¹)``, ``−ln(27/40)/2``,
    ``−log₁₀(17/25)/2 − log₁₀(31/50)/2``, ``√2/2`` (see :mod:`aecalc.values.notation`).

    ``order="none"`` keeps SymPy from sorting terms (``1 + e⁻¹``, not ``e⁻¹ + 1``). A rational
    keeps the ASCII ``-1/2`` a script (and ``Fraction``) reads; renderers show it as ``−1/2``.
    Inside :func:`~aecalc.values.notation.machine_notation` (``--json``) it is SymPy's spelling,
    ``-log(27/40)/2``, as before.
    """
    if isinstance(value, sympy.Rational):
        return fmt.exact(Fraction(int(value.p), int(value.q)))
    if notation.is_machine():
        text: str = sympy.sstr(value, order=order)
        return text.replace("**", "^").replace("*", "·")
    return notation.plain(value, order)


def tex(value: Expr, order: str | None = None) -> str:
    """A TeX spelling for Markdown and LaTeX output (``order`` as in :func:`plain`): ``\\ln``,
    ``\\log_{10}``, ``e^{…}``, ``\\frac``, ``\\sqrt``."""
    return notation.tex(value, order)
