"""Reconstruction losses worked term by term, exactly where the inputs are exact.

MSE of rationals is a rational (Fraction arithmetic only, so ``loss mse`` never imports
SymPy or NumPy), BCE of rationals a closed form in logarithms (SymPy), and values already
rounded (floats) give floats: one :class:`~aecalc.nets.arith.Arith` for each. Every result
carries the other common conventions' values too (log base, sum or mean, ½·Σ), because that
is where students and their notes differ. :data:`aecalc.nets.losses.LOSSES` names these
workers; :func:`aecalc.nets.losses.compute_loss` is the entry point.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

from aecalc.errors import InputError
from aecalc.nets import arith
from aecalc.nets.arith import Arith
from aecalc.record import Record
from aecalc.values import quantity
from aecalc.values.quantity import Value

LossName = Literal["mse", "bce", "half-sse"]
LogBase = Literal["ln", "log10", "log2"]
Reduction = Literal["mean", "sum"]

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


def check_lengths(
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


def _ln(value: Value, ar: Arith, clamp: bool) -> tuple[Value, bool]:
    """Natural log, clamped at −100 when asked (and then reporting whether it was)."""
    if quantity.sign(value) <= 0:
        return ar.constant(LOG_CLAMP), True
    result = ar.log(value)
    if clamp and quantity.sign(result - LOG_CLAMP) < 0:
        return ar.constant(LOG_CLAMP), True
    return result, False


def _log_scale(base: LogBase, ar: Arith) -> Value:
    """ln(base): divide a natural log by it to change base (1 for ln itself)."""
    if base == "ln":
        return ar.constant(1)
    return ar.log(ar.constant(10 if base == "log10" else 2))


def _reduce(total: Value, n: int, reduction: Reduction, ar: Arith) -> Value:
    return total if reduction == "sum" else total / ar.constant(n)


def reduced(name: LossName, total: Value, n: int, reduction: Reduction, ar: Arith) -> Value:
    """The loss from the sum of its ``n`` terms: Σ/n for the mean, Σ for the sum, and half of
    that for ``half-sse`` (a worked solution's last line, from any given sum)."""
    value = _reduce(total, n, reduction, ar)
    return ar.constant(Fraction(1, 2)) * value if name == "half-sse" else value


def _label(name: LossName, log: LogBase | None, reduction: Reduction) -> str:
    if name == "bce":
        return f"BCE, {LOG_SYMBOL[log or 'ln']}, {reduction}"
    if name == "half-sse":
        return "½ Σ (x − x̂)² (the lecture's L)" + (" / n" if reduction == "mean" else "")
    return "MSE: mean of (x − x̂)²" if reduction == "mean" else "SSE: sum of (x − x̂)²"


def _squares(
    name: LossName,
    x: tuple[Value, ...],
    x_hat: tuple[Value, ...],
    ar: Arith,
    reduction: Reduction,
) -> Loss:
    """MSE and half-sse: the squared errors, their sum, and each convention's value."""
    xs, hats = tuple(map(ar.lift, x)), tuple(map(ar.lift, x_hat))
    n = len(xs)
    squares = [(a - b) ** 2 for a, b in zip(xs, hats, strict=True)]
    terms = tuple(
        LossTerm(i, a, b, s) for i, (a, b, s) in enumerate(zip(xs, hats, squares, strict=True), 1)
    )
    sse = sum(squares[1:], squares[0])
    options: list[tuple[LossName, Reduction, Value]] = [
        ("mse", "mean", reduced("mse", sse, n, "mean", ar)),
        ("mse", "sum", sse),
        ("half-sse", "sum", reduced("half-sse", sse, n, "sum", ar)),
    ]
    if name == "half-sse" and reduction == "mean":
        options.append(("half-sse", "mean", reduced("half-sse", sse, n, "mean", ar)))
    alternatives = tuple(
        Alternative(
            _label(loss, None, red), loss, None, red, value, (loss, red) == (name, reduction)
        )
        for loss, red, value in options
    )
    value = next(alt.value for alt in alternatives if alt.chosen)
    if name == "mse":
        convention = f"MSE with the {reduction}: " + (
            f"Σ (x − x̂)² / n with n = {n}, as PyTorch's MSELoss and Keras do by default"
            if reduction == "mean"
            else "the plain sum of squared errors (SSE), not divided by n"
        )
    else:
        convention = "the lecture's L = ½‖x − x̂‖² = ½ Σ (x − x̂)²" + (
            f", here divided by n = {n} as asked" if reduction == "mean" else ""
        )
    return Loss(name, None, reduction, False, terms, sse, value, convention, alternatives)


def mse_terms(
    x: tuple[Value, ...],
    x_hat: tuple[Value, ...],
    ar: Arith,
    log: LogBase,
    reduction: Reduction,
    clamp: bool,
) -> Loss:
    return _squares("mse", x, x_hat, ar, reduction)


def half_sse_terms(
    x: tuple[Value, ...],
    x_hat: tuple[Value, ...],
    ar: Arith,
    log: LogBase,
    reduction: Reduction,
    clamp: bool,
) -> Loss:
    return _squares("half-sse", x, x_hat, ar, reduction)


def bce_terms(
    x: tuple[Value, ...],
    x_hat: tuple[Value, ...],
    ar: Arith,
    log: LogBase,
    reduction: Reduction,
    clamp: bool,
) -> Loss:
    if ar is arith.RATIONAL:
        ar = arith.EXACT  # logs of rationals are closed forms
    xs, hats = tuple(map(ar.lift, x)), tuple(map(ar.lift, x_hat))
    ln_terms: list[Value] = []
    clamped: list[bool] = []
    for a, b in zip(xs, hats, strict=True):
        parts: list[Value] = []
        hit = False
        for weight, argument in ((a, b), (1 - a, 1 - b)):
            if quantity.sign(weight) == 0:
                continue  # 0 · log(·) contributes nothing (and PyTorch's clamp makes it 0 too)
            logged, was_clamped = _ln(argument, ar, clamp)
            hit = hit or was_clamped
            parts.append(weight * logged)
        ln_terms.append(-sum(parts[1:], parts[0]) if parts else (0.0 if not ar.exact else 0))
        clamped.append(hit)
    n = len(xs)
    scale = _log_scale(log, ar)
    terms = tuple(
        LossTerm(i, a, b, t / scale if log != "ln" else t, c)
        for i, (a, b, t, c) in enumerate(zip(xs, hats, ln_terms, clamped, strict=True), 1)
    )
    total_ln = ar.lift(sum(ln_terms[1:], ln_terms[0]))
    alternatives: list[Alternative] = []
    for base in LOG_BASES:
        base_scale = _log_scale(base, ar)
        for red in REDUCTIONS:
            in_base = total_ln / base_scale if base != "ln" else total_ln
            alternatives.append(
                Alternative(
                    _label("bce", base, red),
                    "bce",
                    base,
                    red,
                    reduced("bce", in_base, n, red, ar),
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
