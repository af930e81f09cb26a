"""Reconstruction losses, term by term: MSE, half sum of squares and binary cross-entropy.

Each loss is computed exactly where its inputs are exact: MSE of rationals is a
rational (Fraction arithmetic only, so ``loss mse`` never imports SymPy or
NumPy), BCE of rationals is a closed form in logarithms (SymPy), and values
already rounded (floats) give floats. Every result carries the other common
conventions' values too, because that is where students and their notes differ:

- MSE = (1/n) Σ (x_i − x̂_i)²  (PyTorch ``MSELoss``, Keras: the mean);
- half-sse = ½ Σ (x_i − x̂_i)²  (the lecture's L = ½‖x − x̂‖²);
- BCE = −(1/n) Σ [x_i log x̂_i + (1 − x_i) log(1 − x̂_i)], natural log and the
  mean in PyTorch and Keras; ``--clamp`` clamps each log at −100 as PyTorch does.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Literal

from aecalc.errors import InputError
from aecalc.record import Record
from aecalc.values import quantity
from aecalc.values.quantity import Value

LossName = Literal["mse", "bce", "half-sse"]
LogBase = Literal["ln", "log10", "log2"]
Reduction = Literal["mean", "sum"]

LOSSES: tuple[LossName, ...] = ("mse", "bce", "half-sse")
LOG_BASES: tuple[LogBase, ...] = ("ln", "log10", "log2")
REDUCTIONS: tuple[Reduction, ...] = ("mean", "sum")
LOG_SYMBOL = {"ln": "ln", "log10": "log₁₀", "log2": "log₂"}
LOG_CLAMP = -100
"""PyTorch's ``BCELoss`` clamps each natural log at −100, so a loss term is at most 100."""


class LossTerm(Record):
    """One element's contribution before the reduction."""

    index: int
    x: Value
    x_hat: Value
    value: Value
    clamped: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "index": self.index,
            "x": quantity.to_float(self.x),
            "x_hat": quantity.to_float(self.x_hat),
            "exact": quantity.plain(self.value),
            "value": quantity.to_float(self.value),
            "clamped": self.clamped,
        }


class Alternative(Record):
    """The same data under another convention (log base, reduction, or loss)."""

    label: str
    loss: LossName
    log: LogBase | None
    reduction: Reduction
    value: Value
    chosen: bool

    def as_json(self) -> dict[str, object]:
        return {
            "label": self.label,
            "loss": self.loss,
            "log": self.log,
            "reduction": self.reduction,
            "value": quantity.to_float(self.value),
            "exact": quantity.plain(self.value),
            "chosen": self.chosen,
        }


class Loss(Record):
    """A loss worked out: per-element terms, their sum, the reduction, and the alternatives."""

    name: LossName
    log: LogBase | None
    reduction: Reduction
    clamp: bool
    terms: tuple[LossTerm, ...]
    total: Value
    value: Value
    convention: str
    alternatives: tuple[Alternative, ...]

    @property
    def n(self) -> int:
        return len(self.terms)

    @property
    def exact(self) -> bool:
        return quantity.is_closed_form(self.value)

    def as_json(self) -> dict[str, object]:
        return {
            "loss": self.name,
            "value": quantity.to_float(self.value),
            "exact": quantity.plain(self.value),
            "is_exact": self.exact,
            "terms": [term.as_json() for term in self.terms],
            "sum": quantity.to_float(self.total),
            "sum_exact": quantity.plain(self.total),
            "n": self.n,
            "reduction": self.reduction,
            "log": self.log,
            "clamp": self.clamp,
            "convention": self.convention,
            "alternatives": [alt.as_json() for alt in self.alternatives],
        }


def _arithmetic(values: list[Value]) -> Literal["fraction", "float", "sympy"]:
    if all(quantity.is_fraction(v) for v in values):
        return "fraction"
    if any(quantity.is_float(v) for v in values):
        return "float"
    return "sympy"


def _unify(values: tuple[Value, ...], kind: str) -> tuple[Value, ...]:
    """All in one arithmetic: Fractions stay, floats for the float path, SymPy otherwise."""
    if kind == "fraction":
        return tuple(Fraction(v) for v in values)
    if kind == "float":
        return tuple(quantity.to_float(v) for v in values)
    import sympy

    return tuple(
        sympy.Rational(v.numerator, v.denominator)
        if isinstance(v, Fraction)
        else sympy.sympify(v, strict=True)
        for v in values
    )


def _check_lengths(
    x: tuple[Value, ...], x_hat: tuple[Value, ...], x_arg: str, xhat_arg: str
) -> None:
    if len(x) != len(x_hat):
        raise InputError(
            xhat_arg, f"has {len(x_hat)} values but {x_arg} has {len(x)}: they must match"
        )
    if not x:
        raise InputError(x_arg, "no values")


def bce_problem(
    x: tuple[Value, ...],
    x_hat: tuple[Value, ...],
    clamp: bool,
    x_arg: str = "--x",
    xhat_arg: str = "--xhat",
) -> InputError | None:
    """Why BCE is undefined for these values (as the error to raise), or None when it is defined."""
    for i, value in enumerate(x, start=1):
        if quantity.sign(value) < 0 or quantity.sign(1 - value) < 0:
            return InputError(
                x_arg,
                f"BCE needs targets in [0, 1], but element {i} is {quantity.short(value)}",
            )
    for i, value in enumerate(x_hat, start=1):
        low, high = quantity.sign(value), quantity.sign(1 - value)
        if low < 0 or high < 0:
            return InputError(
                xhat_arg,
                f"BCE needs x̂ in (0, 1), but element {i} is {quantity.short(value)} "
                "(a probability cannot lie outside [0, 1]; a sigmoid output layer gives (0, 1))",
            )
        if (low == 0 or high == 0) and not clamp:
            which = "log x̂" if low == 0 else "log(1 − x̂)"
            return InputError(
                xhat_arg,
                f"element {i} is exactly {quantity.short(value)}, where {which} is −∞: "
                "add --clamp to clamp the log at −100 as PyTorch does",
            )
    return None


def _ln(value: Value, kind: str, clamp: bool) -> tuple[Value, bool]:
    """Natural log, clamped at −100 when asked (and then reporting whether it was)."""
    if kind == "float":
        if value <= 0:
            return float(LOG_CLAMP), True
        result = math.log(value)
        if clamp and result < LOG_CLAMP:
            return float(LOG_CLAMP), True
        return result, False
    import sympy

    if value == 0:
        return sympy.Integer(LOG_CLAMP), True
    result = sympy.log(value)
    if clamp and quantity.sign(result - LOG_CLAMP) < 0:
        return sympy.Integer(LOG_CLAMP), True
    return result, False


def _log_scale(base: LogBase, kind: str) -> Value:
    """ln(base): divide a natural log by it to change base (1 for ln itself)."""
    if base == "ln":
        return 1.0 if kind == "float" else 1
    number = 10 if base == "log10" else 2
    if kind == "float":
        return math.log(number)
    import sympy

    return sympy.log(number)


def _reduce(total: Value, n: int, reduction: Reduction, kind: str) -> Value:
    if reduction == "sum":
        return total
    return total / n if kind != "fraction" else Fraction(total) / n


def _label(name: LossName, log: LogBase | None, reduction: Reduction) -> str:
    if name == "bce":
        return f"BCE, {LOG_SYMBOL[log or 'ln']}, {reduction}"
    if name == "half-sse":
        return "½ Σ (x − x̂)² (the lecture's L)" + (" / n" if reduction == "mean" else "")
    return "MSE: mean of (x − x̂)²" if reduction == "mean" else "SSE: sum of (x − x̂)²"


def compute_loss(
    name: LossName,
    x: tuple[Value, ...],
    x_hat: tuple[Value, ...],
    *,
    log: LogBase = "ln",
    reduction: Reduction | None = None,
    clamp: bool = False,
    x_arg: str = "--x",
    xhat_arg: str = "--xhat",
) -> Loss:
    """Work out one loss of ``x_hat`` against ``x``.

    ``reduction`` defaults to ``mean`` for MSE and BCE and to ``sum`` for
    half-sse (½ Σ is its definition; ``mean`` then gives ½ · mean).

    >>> from fractions import Fraction as F
    >>> compute_loss("mse", (F(3), F(5), F(2)), (F(2), F(4), F(3))).value
    Fraction(1, 1)
    """
    _check_lengths(x, x_hat, x_arg, xhat_arg)
    if name not in LOSSES:
        raise InputError("LOSS", f"unknown loss {name!r} (choose mse, bce or half-sse)")
    chosen: Reduction = reduction or ("sum" if name == "half-sse" else "mean")
    kind = _arithmetic([*x, *x_hat])
    if name == "bce":
        problem = bce_problem(x, x_hat, clamp, x_arg, xhat_arg)
        if problem is not None:
            raise problem
        if kind == "fraction":
            kind = "sympy"  # logs of rationals are closed forms
    xs, hats = _unify(x, kind), _unify(x_hat, kind)
    n = len(xs)
    if name == "bce":
        return _bce(xs, hats, kind, log, chosen, clamp)
    squares = [(a - b) ** 2 for a, b in zip(xs, hats, strict=True)]
    terms = tuple(
        LossTerm(i, a, b, s) for i, (a, b, s) in enumerate(zip(xs, hats, squares, strict=True), 1)
    )
    sse = sum(squares[1:], squares[0])
    half = Fraction(1, 2) if kind == "fraction" else 0.5 if kind == "float" else _sympy_half()
    options: list[tuple[LossName, Reduction, Value]] = [
        ("mse", "mean", _reduce(sse, n, "mean", kind)),
        ("mse", "sum", sse),
        ("half-sse", "sum", half * sse),
    ]
    if name == "half-sse" and chosen == "mean":
        options.append(("half-sse", "mean", half * _reduce(sse, n, "mean", kind)))
    alternatives = tuple(
        Alternative(_label(loss, None, red), loss, None, red, value, (loss, red) == (name, chosen))
        for loss, red, value in options
    )
    value = next(alt.value for alt in alternatives if alt.chosen)
    if name == "mse":
        convention = f"MSE with the {chosen}: " + (
            f"Σ (x − x̂)² / n with n = {n}, as PyTorch's MSELoss and Keras do by default"
            if chosen == "mean"
            else "the plain sum of squared errors (SSE), not divided by n"
        )
    else:
        convention = "the lecture's L = ½‖x − x̂‖² = ½ Σ (x − x̂)²" + (
            f", here divided by n = {n} as asked" if chosen == "mean" else ""
        )
    return Loss(name, None, chosen, clamp, terms, sse, value, convention, alternatives)


def _sympy_half() -> Value:
    import sympy

    return sympy.Rational(1, 2)


def _bce(
    xs: tuple[Value, ...],
    hats: tuple[Value, ...],
    kind: str,
    log: LogBase,
    reduction: Reduction,
    clamp: bool,
) -> Loss:
    ln_terms: list[Value] = []
    clamped: list[bool] = []
    for a, b in zip(xs, hats, strict=True):
        parts: list[Value] = []
        hit = False
        for weight, argument in ((a, b), (1 - a, 1 - b)):
            if quantity.sign(weight) == 0:
                continue  # 0 · log(·) contributes nothing (and PyTorch's clamp makes it 0 too)
            logged, was_clamped = _ln(argument, kind, clamp)
            hit = hit or was_clamped
            parts.append(weight * logged)
        ln_terms.append(-sum(parts[1:], parts[0]) if parts else (0.0 if kind == "float" else 0))
        clamped.append(hit)
    n = len(xs)
    scale = _log_scale(log, kind)
    terms = tuple(
        LossTerm(i, a, b, t / scale if log != "ln" else t, c)
        for i, (a, b, t, c) in enumerate(zip(xs, hats, ln_terms, clamped, strict=True), 1)
    )
    total_ln = sum(ln_terms[1:], ln_terms[0])
    if kind == "sympy":
        import sympy

        total_ln = sympy.sympify(total_ln, strict=True)
    alternatives: list[Alternative] = []
    for base in LOG_BASES:
        base_scale = _log_scale(base, kind)
        for red in REDUCTIONS:
            in_base = total_ln / base_scale if base != "ln" else total_ln
            alternatives.append(
                Alternative(
                    _label("bce", base, red),
                    "bce",
                    base,
                    red,
                    _reduce(in_base, n, red, kind),
                    (base, red) == (log, reduction),
                )
            )
    total = total_ln / scale if log != "ln" else total_ln
    value = next(alt.value for alt in alternatives if alt.chosen)
    symbol = LOG_SYMBOL[log]
    convention = (
        f"BCE with the {symbol} and the {reduction}"
        + (f" over the n = {n} outputs" if reduction == "mean" else "")
        + (
            ": PyTorch's BCELoss and Keras use ln and the mean"
            if (log, reduction) != ("ln", "mean")
            else ", as PyTorch's BCELoss and Keras do"
        )
        + (" (each log clamped at −100, as PyTorch does)" if clamp else "")
    )
    return Loss("bce", log, reduction, clamp, terms, total, value, convention, tuple(alternatives))
