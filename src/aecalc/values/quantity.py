"""One number of a worked computation, whatever it is: a Fraction, a float or a SymPy expression.

Forward passes and losses carry exact rationals (:class:`~fractions.Fraction`)
while the arithmetic stays rational, SymPy closed forms once an exponential or
a logarithm appears, and floats on the decimals-only path. These helpers spell
any of them for people without importing SymPy unless a SymPy value is present,
so ``loss mse`` on rational input never loads SymPy.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any

from aecalc.values import fmt

Value = Any  # Fraction | float | a SymPy expression (SymPy ships no type information)

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
_EXP_INTEGER = re.compile(r"exp\((-?\d+)\)")
_EXP_FRACTION = re.compile(r"exp\((-?\d+/\d+)\)")
_EULER = re.compile(r"(?<![A-Za-z_])E(?![A-Za-z_(])")


def is_fraction(value: Value) -> bool:
    return isinstance(value, Fraction | int) and not isinstance(value, bool)


def is_float(value: Value) -> bool:
    return isinstance(value, float)


def is_closed_form(value: Value) -> bool:
    """True for exact values: rationals and SymPy expressions that are not rounded Floats."""
    if is_fraction(value):
        return True
    if is_float(value):
        return False
    import sympy

    return not value.has(sympy.Float)


def is_rational(value: Value) -> bool:
    """True when the value is an exact rational (a Fraction, or a SymPy Rational)."""
    if is_fraction(value):
        return True
    if is_float(value):
        return False
    import sympy

    return isinstance(value, sympy.Rational)


def sign(value: Value) -> int:
    """-1, 0 or 1; for a SymPy value decided numerically when 30 digits are certain, else exactly
    where SymPy can, else to 60 digits (a value without a significant digit there counts as 0)."""
    if is_fraction(value) or is_float(value):
        return int(value > 0) - int(value < 0)
    import sympy

    if value.is_Number:
        return 1 if value.is_positive else -1 if value.is_negative else 0
    # A cheap numeric answer first: SymPy's assumption queries (is_positive…) can take seconds
    # on a long closed form. evalf gives the precision it reached; 30 digits leave no doubt.
    approx = sympy.N(value, 30)
    if approx.is_Float and approx != 0 and approx._prec >= 90:
        return 1 if approx > 0 else -1
    if value.is_zero:
        return 0
    if value.is_positive:
        return 1
    if value.is_negative:
        return -1
    approx = sympy.N(value, 60)
    if not approx.is_Float or approx._prec < 10:
        return 0  # no significant digit at 60 digits' working precision: a zero SymPy cannot prove
    return 1 if approx > 0 else -1 if approx < 0 else 0


def to_fraction(value: Value, digits: int = 30) -> Fraction:
    """Exact for rationals and floats; for other SymPy values good to well past ``digits`` places."""
    if is_fraction(value):
        return Fraction(value)
    if is_float(value):
        return Fraction(value)
    from aecalc.values import exact

    return exact.to_fraction(value, digits)


def to_float(value: Value) -> float:
    """The nearest float; ±inf when the value is beyond the float range."""
    if is_fraction(value) or is_float(value):
        try:
            return float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
    from aecalc.values import exact

    return exact.to_float(value)


def decimal(value: Value, digits: int) -> str:
    """Correctly rounded to ``digits`` places; a rational whose decimal is short is shown in full.

    ``decimal(Fraction(1, 2), 4) == '0.5'``, ``decimal(Fraction(2, 3), 4) == '0.6667'``.
    """
    if is_rational(value):
        number = to_fraction(value)
        if fmt.is_terminating(number, digits):
            return fmt.short(number, digits)
        return fmt.decimal(number, digits)
    try:
        return fmt.decimal(to_fraction(value, digits), digits)
    except OverflowError:  # beyond ~10⁴⁹³²: digits cannot be written out, give 1.2346e+…
        from aecalc.values import exact

        return exact.scientific(value, digits)


def short(value: Value) -> str:
    """A value as a user would type it: ``1.2``, ``1/3``, or 6 decimals if irrational."""
    if is_rational(value):
        return fmt.short(to_fraction(value))
    return decimal(value, 6)


def working(value: Value, digits: int) -> str:
    """A value inside worked arithmetic: ``3``, ``0.68``, ``(1/3)``, ``(-2)``, or the decimal of
    an irrational value to ``digits`` places."""
    text = short(value) if is_rational(value) else decimal(value, digits)
    return f"({text})" if text.startswith("-") or "/" in text else text


def plain(value: Value) -> str:
    """The exact form in one line (``1/(1 + e⁻¹)``); a float is shown with 6 significant digits."""
    if is_fraction(value):
        return fmt.exact(Fraction(value))
    if is_float(value):
        return f"{value:.6g}"
    from aecalc.values import exact

    text = exact.plain(value, order="none")
    text = _EXP_INTEGER.sub(lambda m: "e" + m.group(1).translate(_SUPERSCRIPT), text)
    text = _EXP_FRACTION.sub(lambda m: f"e^({m.group(1)})", text)
    return _EULER.sub("e", text)


def tex(value: Value) -> str:
    if is_fraction(value):
        number = Fraction(value)
        if number.denominator == 1:
            return str(number.numerator)
        sign = "-" if number < 0 else ""
        return rf"{sign}\frac{{{abs(number.numerator)}}}{{{number.denominator}}}"
    if is_float(value):
        return f"{value:.6g}"
    from aecalc.values import exact

    return exact.tex(value, order="none")


def vector_decimal(values: tuple[Value, ...] | list[Value], digits: int) -> str:
    return "[" + ", ".join(decimal(v, digits) for v in values) + "]"


def vector_tex(values: tuple[Value, ...] | list[Value]) -> str:
    return r"\begin{bmatrix}" + r" \\ ".join(tex(v) for v in values) + r"\end{bmatrix}"
