"""The arithmetic a computation runs in: one small interface, four implementations.

The same formula — an activation's derivative, a loss and its gradient, one step of
backpropagation — is written once against :class:`Arith` and runs in whichever arithmetic
the numbers are in:

- :data:`RATIONAL`: Python Fractions (``loss mse`` of rationals: neither SymPy nor NumPy);
- :data:`EXACT`: SymPy closed forms such as σ(1) = 1/(1 + e⁻¹), kept short by :meth:`keep`;
- :data:`FLOAT`: Python floats, one number at a time (``--float``, big nets);
- :data:`ARRAYS`: float64 NumPy arrays, element-wise (the trainer and the batch engine).

``lift`` brings a given number into the arithmetic, ``constant`` makes a constant of it,
``keep`` bounds a result (only :data:`EXACT` does anything there), ``if_positive`` is the
branch at a kink (ReLU′ = 1 if a > 0 else 0) and ``log`` the natural logarithm.

Nothing here imports NumPy or SymPy until a method that needs it is called.

>>> RATIONAL.constant(1) / 3
Fraction(1, 3)
>>> FLOAT.if_positive(-2.0, 1.0, 0.0)
0.0
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Protocol

from aecalc.values import quantity
from aecalc.values.quantity import Value

MAX_KEPT_NODES = 40
"""Closed forms longer than this (in SymPy nodes) are carried as 60-digit numbers by EXACT.keep."""


class Arith(Protocol):
    """What a formula needs of its numbers, whatever they are."""

    @property
    def exact(self) -> bool:
        """True where results are closed forms (Fractions or SymPy), False for floats."""
        ...

    def lift(self, value: Value) -> Value:
        """A given number (Fraction, float or SymPy) in this arithmetic."""
        ...

    def constant(self, value: Fraction | int) -> Value:
        """A constant of a formula (1, ½, 0.01, n) in this arithmetic."""
        ...

    def keep(self, value: Value) -> Value:
        """The value to carry on with (EXACT: long closed forms become 60-digit numbers)."""
        ...

    def if_positive(self, a: Value, then: Value, otherwise: Value) -> Value:
        """``then`` where a > 0, else ``otherwise`` (element-wise for arrays)."""
        ...

    def log(self, value: Value) -> Value:
        """The natural logarithm."""
        ...


class _Rational:
    """Fractions: the exact arithmetic that needs no SymPy (no logarithms)."""

    exact = True

    def lift(self, value: Value) -> Value:
        return Fraction(value)

    def constant(self, value: Fraction | int) -> Value:
        return Fraction(value)

    def keep(self, value: Value) -> Value:
        return value

    def if_positive(self, a: Value, then: Value, otherwise: Value) -> Value:
        return then if a > 0 else otherwise

    def log(self, value: Value) -> Value:
        return EXACT.log(value)


class _Exact:
    """SymPy closed forms, carried to 60 digits once they grow past MAX_KEPT_NODES nodes."""

    exact = True

    def lift(self, value: Value) -> Value:
        import sympy

        from aecalc.values.exact import rational

        if quantity.is_fraction(value):
            return rational(value)
        return sympy.sympify(value, strict=True)

    def constant(self, value: Fraction | int) -> Value:
        return self.lift(Fraction(value))

    def keep(self, value: Value) -> Value:
        if quantity.is_float(value) or quantity.is_fraction(value):
            return value
        import sympy

        from aecalc.values import limits

        if isinstance(value, sympy.Rational | sympy.Float):
            return value
        if not value.has(sympy.Float) and limits.nodes(value, MAX_KEPT_NODES) <= MAX_KEPT_NODES:
            return value
        return limits.to_number(value)

    def if_positive(self, a: Value, then: Value, otherwise: Value) -> Value:
        return then if quantity.sign(a) > 0 else otherwise

    def log(self, value: Value) -> Value:
        import sympy

        return sympy.log(value)


class _Float:
    """Python floats, one number at a time."""

    exact = False

    def lift(self, value: Value) -> Value:
        return quantity.to_float(value)

    def constant(self, value: Fraction | int) -> Value:
        return float(value)

    def keep(self, value: Value) -> Value:
        return value

    def if_positive(self, a: Value, then: Value, otherwise: Value) -> Value:
        return then if a > 0 else otherwise

    def log(self, value: Value) -> Value:
        return math.log(value)


class _Arrays:
    """float64 NumPy arrays, element-wise (a scalar constant broadcasts)."""

    exact = False

    def lift(self, value: Value) -> Value:
        import numpy as np

        return np.asarray(value, dtype=np.float64)

    def constant(self, value: Fraction | int) -> Value:
        return float(value)

    def keep(self, value: Value) -> Value:
        return value

    def if_positive(self, a: Value, then: Value, otherwise: Value) -> Value:
        import numpy as np

        return np.where(a > 0, then, otherwise)

    def log(self, value: Value) -> Value:
        import numpy as np

        return np.log(value)


RATIONAL: Arith = _Rational()
EXACT: Arith = _Exact()
FLOAT: Arith = _Float()
ARRAYS: Arith = _Arrays()


def of(values: list[Value] | tuple[Value, ...]) -> Arith:
    """The arithmetic of some given numbers: RATIONAL if all are rationals, FLOAT if any is a
    float, EXACT (SymPy) otherwise."""
    if all(quantity.is_fraction(v) for v in values):
        return RATIONAL
    if any(quantity.is_float(v) for v in values):
        return FLOAT
    return EXACT
