"""What a worked penalty returns (:class:`Penalty`, one :class:`PenaltyTerm` per unit) and the small
exact-arithmetic helpers the four penalties share.

Rational values stay :class:`~fractions.Fraction`; a logarithm or an exponential makes a SymPy closed
form, and :func:`as_value` turns a SymPy result back into a Fraction whenever it is rational, so
the cheap path is kept wherever it can be.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Literal

from aecalc.errors import InputError
from aecalc.record import Record
from aecalc.values import fmt, quantity
from aecalc.values.quantity import Value

PenaltyKind = Literal["contractive", "sparse-kl", "vae-kl", "l1"]
Vector = tuple[Fraction, ...]
Matrix = tuple[Vector, ...]


class PenaltyTerm(Record):
    """One unit's share of the penalty, with the quantities it was computed from."""

    label: str
    formula: str  # the term's formula with the unit's numbers put in
    value: Value
    inputs: tuple[tuple[str, Value], ...]

    def as_json(self) -> dict[str, object]:
        return {
            "label": self.label,
            "formula": self.formula,
            "value": quantity.to_float(self.value),
            "exact": quantity.plain(self.value),
            **{name: quantity.to_float(v) for name, v in self.inputs},
        }


class Penalty(Record):
    """A penalty, its weight and (optionally) the full objective it belongs to."""

    kind: PenaltyKind
    formula: str
    formula_tex: str
    terms: tuple[PenaltyTerm, ...]
    penalty: Value  # unweighted: Σ terms
    weight: Fraction
    weight_symbol: str
    recon: Fraction | None
    notes: tuple[str, ...]
    pre_activation: Vector | None = None
    z: tuple[Value, ...] | None = None
    jacobian: tuple[tuple[Value, ...], ...] | None = None

    @property
    def value(self) -> Value:
        """The weighted penalty: weight × Σ terms."""
        return times(self.weight, self.penalty)

    @property
    def total(self) -> Value | None:
        """reconstruction + weight · penalty, when a reconstruction loss was given."""
        if self.recon is None:
            return None
        return plus(self.recon, self.value)

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "kind": self.kind,
            "formula": self.formula,
            "value": quantity.to_float(self.value),
            "exact": quantity.plain(self.value),
            "penalty": quantity.to_float(self.penalty),
            "penalty_exact": quantity.plain(self.penalty),
            "weight": quantity.to_float(self.weight),
            "weight_exact": quantity.plain(self.weight),
            "weight_symbol": self.weight_symbol,
            "terms": [term.as_json() for term in self.terms],
            "recon": None if self.recon is None else quantity.to_float(self.recon),
            "total": None if self.total is None else quantity.to_float(self.total),
            "total_exact": None if self.total is None else quantity.plain(self.total),
            "log": "ln",
        }
        if self.jacobian is not None and self.z is not None and self.pre_activation is not None:
            data["pre_activation"] = [quantity.to_float(a) for a in self.pre_activation]
            data["z"] = [quantity.to_float(v) for v in self.z]
            data["jacobian"] = [[quantity.to_float(v) for v in row] for row in self.jacobian]
            data["jacobian_exact"] = [[quantity.plain(v) for v in row] for row in self.jacobian]
        return data


def to_sympy(value: Value) -> Any:
    """A Fraction as a SymPy Rational; a SymPy value unchanged."""
    if not quantity.is_fraction(value):
        return value
    from aecalc.values import exact

    return exact.rational(Fraction(value))


def times(a: Fraction, b: Value) -> Value:
    if quantity.is_fraction(b):
        return a * Fraction(b)
    return to_sympy(a) * b


def plus(a: Fraction, b: Value) -> Value:
    if quantity.is_fraction(b):
        return a + Fraction(b)
    return to_sympy(a) + b


def as_value(expr: Any) -> Value:
    """A SymPy value as a Fraction when it is rational (so rational results stay cheap)."""
    import sympy

    if isinstance(expr, sympy.Rational):
        return Fraction(int(expr.p), int(expr.q))
    return expr


def total_of(values: list[Value]) -> Value:
    """Σ values, a Fraction while every term is one."""
    if all(quantity.is_fraction(v) for v in values):
        return sum((Fraction(v) for v in values), Fraction(0))
    import sympy

    return as_value(sympy.Add(*(to_sympy(v) for v in values)))


def weight_flag(symbol: str) -> str:
    """The option a weight written ``symbol`` is given with: ``--lambda`` for λ, else ``--beta``."""
    return "--lambda" if symbol == "λ" else "--beta"


def check_weight(weight: Fraction, argument: str) -> Fraction:
    if weight < 0:
        raise InputError(
            argument, f"{quantity.plain(weight)} is negative: a penalty weight must be ≥ 0"
        )
    return weight


def negative_weight(weight: Fraction, text: str) -> str | None:
    """``train --penalty``'s complaint about a weight written ``text``, or None if it is ≥ 0."""
    return f"the weight {text} is negative: it must be ≥ 0" if weight < 0 else None


def in_formula(value: Fraction) -> str:
    """A number inside a formula: ``0.05`` when its decimal is short, else ``(1/3)``; negatives
    in parentheses, so ``(−1)²`` and ``ln(0.05/0.1)`` read right."""
    text = fmt.short(value, 8)
    return f"({text})" if value < 0 or "/" in text else text


def tex_symbol(symbol: str) -> str:
    """The TeX command of a weight's symbol (without its backslash)."""
    return "lambda" if symbol == "λ" else "beta"
