"""The reconstruction losses: one :class:`LossFunction` record each, holding everything.

``mse`` = (1/n) Σ (x_i − x̂_i)² (PyTorch ``MSELoss``, Keras: the mean); ``half-sse`` =
½ Σ (x_i − x̂_i)² (the lecture's L = ½‖x − x̂‖²); ``bce`` = −(1/n) Σ [x_i log x̂_i + (1 − x_i)
log(1 − x̂_i)], natural log and the mean in PyTorch and Keras (``--clamp`` clamps each log at
−100 as PyTorch does). Each entry of :data:`LOSSES` has its texts, reductions and log bases,
the term-by-term worker (:mod:`aecalc.nets.loss_terms`), ∂L/∂x̂ in any arithmetic, and the
per-sample float forms and their gradients. Importing this module imports neither NumPy nor
SymPy (``loss mse`` on rationals needs neither).

>>> import numpy as np
>>> x, x_hat = np.array([[3.0, 5.0, 2.0]]), np.array([[2.0, 4.0, 3.0]])
>>> LOSSES["mse"].numpy(x, x_hat).tolist(), LOSSES["mse"].numpy_grad(x, x_hat).round(4).tolist()
([1.0], [[-0.6667, -0.6667, 0.6667]])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aecalc.errors import InputError
from aecalc.nets import arith
from aecalc.nets.arith import Arith
from aecalc.nets.loss_terms import (
    LOG_BASES,
    LOG_CLAMP,
    LOG_SYMBOL,
    REDUCTIONS,
    Alternative,
    LogBase,
    Loss,
    LossName,
    LossTerm,
    Reduction,
    bce_problem,
    bce_terms,
    check_lengths,
    half_sse_terms,
    mse_terms,
)
from aecalc.record import Record
from aecalc.values.quantity import Value

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Array = NDArray[Any]

__all__ = [
    "LOG_BASES",
    "LOG_CLAMP",
    "LOG_SYMBOL",
    "LOSSES",
    "NAMES",
    "REDUCTIONS",
    "Alternative",
    "LogBase",
    "Loss",
    "LossFunction",
    "LossName",
    "LossTerm",
    "Reduction",
    "bce_problem",
    "choices_text",
    "compute_loss",
]


# ---------------------------------------------------------------- the float forms (NumPy)
# Per sample: x and x̂ are 2-D float64 arrays, one sample per row; the loss is one value per row,
# and its gradient ∂(that value)/∂x̂ has the shape of x̂.


def _mse_numpy(x: Array, x_hat: Array) -> Array:
    import numpy as np

    result: Array = np.mean((x_hat - x) ** 2, axis=-1)
    return result


def _mse_numpy_grad(x: Array, x_hat: Array) -> Array:
    result: Array = 2 * (x_hat - x) / x.shape[-1]
    return result


def _half_sse_numpy(x: Array, x_hat: Array) -> Array:
    import numpy as np

    result: Array = 0.5 * np.sum((x_hat - x) ** 2, axis=-1)
    return result


def _half_sse_numpy_grad(x: Array, x_hat: Array) -> Array:
    result: Array = x_hat - x
    return result


def _clamped_logs(x_hat: Array) -> tuple[Array, Array]:
    """max(ln x̂, −100) and max(ln(1 − x̂), −100), as PyTorch's BCELoss clamps them."""
    import numpy as np

    with np.errstate(divide="ignore"):
        return np.maximum(np.log(x_hat), LOG_CLAMP), np.maximum(np.log1p(-x_hat), LOG_CLAMP)


def _bce_numpy(x: Array, x_hat: Array) -> Array:
    import numpy as np

    log_p, log_q = _clamped_logs(x_hat)
    result: Array = -np.mean(x * log_p + (1 - x) * log_q, axis=-1)
    return result


def _bce_numpy_grad(x: Array, x_hat: Array) -> Array:
    """−(1/n)[t/x̂ − (1 − t)/(1 − x̂)], each part 0 where its log is clamped (flat there)."""
    import numpy as np

    log_p, log_q = _clamped_logs(x_hat)
    with np.errstate(divide="ignore", invalid="ignore"):
        on_p = np.where(log_p > LOG_CLAMP, x / x_hat, 0.0)
        on_q = np.where(log_q > LOG_CLAMP, (1 - x) / (1 - x_hat), 0.0)
    result: Array = (on_q - on_p) / x.shape[-1]
    return result


# ---------------------------------------------------------------- the registry


class LossFunction(Record):
    """Everything about one reconstruction loss.

    ``work(x, x̂, arith, log, reduction, clamp)`` works it out term by term (a :class:`Loss`);
    ``domain`` says why it is undefined for some values (an ``InputError``), where it can be;
    ``grad(arith, x̂_i, t_i, n)`` is ∂L/∂x̂_i for the default reduction, in any arithmetic;
    ``numpy(x, x̂)`` / ``numpy_grad(x, x̂)`` the per-sample float forms (one row per sample).
    """

    name: LossName
    note: str  # the reduction in a word or two, for help texts
    title: str
    formula: str
    tex: str
    gradient: str
    default_reduction: Reduction
    reductions: tuple[Reduction, ...]
    log_bases: tuple[LogBase, ...]  # empty: no logarithm (--log does not apply)
    clampable: bool
    work: Callable[[tuple[Value, ...], tuple[Value, ...], Arith, LogBase, Reduction, bool], Loss]
    domain: (
        Callable[[tuple[Value, ...], tuple[Value, ...], bool, str, str], InputError | None] | None
    )
    grad: Callable[[Arith, Value, Value, int], Value]
    numpy: Callable[[Array, Array], Array]
    numpy_grad: Callable[[Array, Array], Array]
    probabilities: bool = False  # compares probabilities: outputs in (0, 1), targets in [0, 1]


def _mse_grad(ar: Arith, x_hat: Value, t: Value, n: int) -> Value:
    return 2 * (x_hat - t) / ar.constant(n)


def _half_sse_grad(ar: Arith, x_hat: Value, t: Value, n: int) -> Value:
    return x_hat - t


def _bce_grad(ar: Arith, x_hat: Value, t: Value, n: int) -> Value:
    return (x_hat - t) / (x_hat * (ar.constant(1) - x_hat)) / ar.constant(n)


LOSSES: dict[str, LossFunction] = {
    loss.name: loss
    for loss in (
        LossFunction(
            name="mse",
            note="mean",
            title="Mean squared error",
            formula="L = (1/n) Σ (x̂_i − t_i)²",
            tex=r"L = \frac{1}{n} \sum_i (\hat{x}_i - t_i)^2",
            gradient="∂L/∂x̂_i = (2/n)(x̂_i − t_i)",
            default_reduction="mean",
            reductions=REDUCTIONS,
            log_bases=(),
            clampable=False,
            work=mse_terms,
            domain=None,
            grad=_mse_grad,
            numpy=_mse_numpy,
            numpy_grad=_mse_numpy_grad,
        ),
        LossFunction(
            name="bce",
            note="mean, ln",
            title="Binary cross-entropy",
            formula="L = −(1/n) Σ [t_i ln x̂_i + (1 − t_i) ln(1 − x̂_i)]",
            tex=r"L = -\frac{1}{n} \sum_i \left[t_i \ln \hat{x}_i + (1 - t_i) \ln(1 - \hat{x}_i)\right]",
            gradient="∂L/∂x̂_i = (x̂_i − t_i) / (n·x̂_i(1 − x̂_i))",
            default_reduction="mean",
            reductions=REDUCTIONS,
            log_bases=LOG_BASES,
            clampable=True,
            work=bce_terms,
            domain=bce_problem,
            grad=_bce_grad,
            numpy=_bce_numpy,
            numpy_grad=_bce_numpy_grad,
            probabilities=True,
        ),
        LossFunction(
            name="half-sse",
            note="½Σ",
            title="Half sum of squared errors",
            formula="L = ½ Σ (x̂_i − t_i)²",
            tex=r"L = \frac{1}{2} \sum_i (\hat{x}_i - t_i)^2",
            gradient="∂L/∂x̂_i = x̂_i − t_i",
            default_reduction="sum",
            reductions=REDUCTIONS,
            log_bases=(),
            clampable=False,
            work=half_sse_terms,
            domain=None,
            grad=_half_sse_grad,
            numpy=_half_sse_numpy,
            numpy_grad=_half_sse_numpy_grad,
        ),
    )
}
NAMES: tuple[str, ...] = tuple(LOSSES)


def choices_text(notes: bool = False) -> str:
    """``mse, bce or half-sse`` — the names for help texts and errors; with ``notes`` each
    name's reduction too: ``mse (mean), bce (mean, ln) or half-sse (½Σ)``."""
    names = [f"{name} ({LOSSES[name].note})" if notes else name for name in NAMES]
    return ", ".join(names[:-1]) + f" or {names[-1]}"


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
    check_lengths(x, x_hat, x_arg, xhat_arg)
    if name not in LOSSES:
        raise InputError("LOSS", f"unknown loss {name!r} (choose {choices_text()})")
    entry = LOSSES[name]
    chosen: Reduction = reduction or entry.default_reduction
    if entry.domain is not None:
        problem = entry.domain(x, x_hat, clamp, x_arg, xhat_arg)
        if problem is not None:
            raise problem
    try:
        return entry.work(x, x_hat, arith.of([*x, *x_hat]), log, chosen, clamp)
    except OverflowError:  # float arithmetic: a square (or sum) past float64's range
        raise InputError(
            x_arg,
            f"the {name} of {xhat_arg} against it goes beyond float64 (±1.8e+308), where these "
            "values are worked in float64: scale them down",
        ) from None
