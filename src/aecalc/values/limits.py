"""Bounds that keep exact (SymPy) arithmetic fast: when a closed form would be slow to build or to
evaluate, the value is carried as a 60-significant-digit number instead, and the printout says so.

Two things make SymPy slow, and both are checked *before* SymPy sees the value:

- **Arguments of e^a that are far from 0.** σ(10²⁰⁰) = 1/(1 + e^(−10²⁰⁰)) is a fine closed form,
  but deciding whether 1 − σ(10²⁰⁰) is positive, or taking log(1 − x̂) for a BCE, needs about 10²⁰⁰
  digits of working precision: SymPy then runs for seconds or never stops. A transcendental
  activation (sigmoid, tanh, softmax, ELU below zero) is kept in closed form only for arguments
  with |a| ≤ :data:`MAX_EXACT_ARGUMENT`; e^(−100) ≈ 3.7·10⁻⁴⁴ still leaves 60-digit decimals cheap.
- **Long expressions.** Rationals with more than :data:`MAX_EXACT_DIGITS` digits in the numerator or
  the denominator inside e^a, and arguments with more than :data:`MAX_ARGUMENT_NODES` nodes
  (tanh nested four deep), or more than :data:`MAX_LAYER_NODES` over a whole layer (16 weighted
  sums of 16 sigmoids each), are evaluated to 60 digits first.
  Purely rational values (linear and ReLU layers) stay exact up to :data:`MAX_RATIONAL_DIGITS`
  digits, beyond which they too are carried as 60-digit numbers.

Which activations are transcendental is each registry entry's ``transcendental`` flag
(:data:`aecalc.nets.activations.ACTIVATIONS`).

Nothing here imports SymPy at module level.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

MAX_EXACT_ARGUMENT = 100
MAX_EXACT_DIGITS = 60
MAX_ARGUMENT_NODES = 48
MAX_LAYER_NODES = 192
MAX_RATIONAL_DIGITS = 1_000
FLOAT_DIGITS = 60


def digits(value: Fraction) -> int:
    """Decimal digits of the longer of numerator and denominator (an upper estimate, no str())."""
    bits = max(abs(value.numerator).bit_length(), value.denominator.bit_length())
    return bits * 30103 // 100000 + 1


def nodes(value: Any, limit: int) -> int:
    """Nodes of a SymPy expression, counting no further than ``limit + 1``."""
    import sympy

    count = 0
    for _ in sympy.preorder_traversal(value):
        count += 1
        if count > limit:
            break
    return count


def _as_fraction(value: Any) -> Fraction | None:
    """The value as a Fraction when it is an exact rational (Fraction, int or SymPy Rational)."""
    if isinstance(value, Fraction | int) and not isinstance(value, bool):
        return Fraction(value)
    if isinstance(value, float):
        return None
    import sympy

    if isinstance(value, sympy.Rational):
        return Fraction(int(value.p), int(value.q))
    return None


def argument_problem(value: Any) -> str | None:
    """Why ``value`` should not go inside e^a as a closed form, or None when it can.

    Floats and SymPy Floats are already numbers (no reason given: they are simply carried on).
    """
    number = _as_fraction(value)
    if number is not None:
        if digits(number) > MAX_EXACT_DIGITS:
            return f"an activation's argument has over {MAX_EXACT_DIGITS} digits"
        if abs(number) > MAX_EXACT_ARGUMENT:
            return f"an activation's argument is beyond ±{MAX_EXACT_ARGUMENT}"
        return None
    if isinstance(value, float):
        return None
    import sympy

    if value.has(sympy.Float):
        return None
    if nodes(value, MAX_ARGUMENT_NODES) > MAX_ARGUMENT_NODES:
        return f"an activation's argument has over {MAX_ARGUMENT_NODES} terms and factors"
    approx = sympy.N(value, 15)
    if not approx.is_real or abs(approx) > MAX_EXACT_ARGUMENT:
        return f"an activation's argument is beyond ±{MAX_EXACT_ARGUMENT}"
    return None


def layer_problem(values: tuple[Any, ...]) -> str | None:
    """Why a layer's arguments should not go inside e^a as closed forms, or None when they can."""
    problem = next(filter(None, map(argument_problem, values)), None)
    if problem is not None:
        return problem
    total = 0
    for value in values:
        if _as_fraction(value) is None and not isinstance(value, float):
            total += nodes(value, MAX_LAYER_NODES)
            if total > MAX_LAYER_NODES:
                return f"the layer's arguments have over {MAX_LAYER_NODES} terms and factors"
    return None


def rational_problem(value: Any) -> str | None:
    """Why an exact rational is too long to carry on exactly, or None."""
    number = _as_fraction(value)
    if number is not None and digits(number) > MAX_RATIONAL_DIGITS:
        return f"an exact fraction grew past {MAX_RATIONAL_DIGITS:,} digits"
    return None


def to_number(value: Any) -> Any:
    """``value`` to :data:`FLOAT_DIGITS` significant digits, as a SymPy Float."""
    import sympy

    from aecalc.values.exact import rational

    number = _as_fraction(value)
    if number is not None:
        return sympy.Float(rational(number), FLOAT_DIGITS)
    return sympy.Float(sympy.N(value, FLOAT_DIGITS), FLOAT_DIGITS)
