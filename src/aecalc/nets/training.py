"""Repeated gradient steps on one sample in float64 (``backprop --steps N``): the loss curve
and the weights the steps end with.

The same passes as :mod:`aecalc.nets.backprop` (:func:`aecalc.nets.dense.forward` and
:func:`~aecalc.nets.dense.backward`), in float64 arrays on a batch of one sample: ∂L/∂x̂ from
the loss registry, the backward pass, and the update. Tied weights: the shared matrix takes the
sum of its encoder gradient and its decoder twin's, transposed.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from aecalc.errors import InputError
from aecalc.nets import dense
from aecalc.nets.arith import ARRAYS
from aecalc.nets.dense import Dense, Grad, Pass
from aecalc.nets.forward import layers_in
from aecalc.nets.losses import LOSSES
from aecalc.record import Record
from aecalc.values.parse import Vector, to_float64
from aecalc.values.quantity import Value

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from aecalc.nets.network import Network

    Array = NDArray[Any]


FloatMatrix = tuple[tuple[float, ...], ...]


class FloatRun(Record):
    """What repeated float64 steps leave: the loss before each step and after the last, and
    each layer's (W, b) after the last step, input to output."""

    history: tuple[float, ...]
    weights: tuple[tuple[FloatMatrix, tuple[float, ...]], ...]


def _float_forward(layers: Sequence[Dense], x: Array) -> list[Pass]:
    return dense.forward(ARRAYS, layers, x)


def float_loss(name: str, x_hat: Array, target: Array) -> float:
    """The loss of one sample (the loss registry's per-sample float form)."""
    return float(LOSSES[name].numpy(target, x_hat)[0])


def float_gradients(
    layers: Sequence[Dense], x: Array, target: Array, loss: str
) -> tuple[float, list[Grad]]:
    """(loss, the backward pass) in float64: :func:`aecalc.nets.dense.backward` on a 1-row batch."""
    passes = _float_forward(layers, x)
    x_hat = passes[-1].out
    g = LOSSES[loss].numpy_grad(target, x_hat)  # ∂L/∂x̂
    return float_loss(loss, x_hat, target), dense.backward(ARRAYS, layers, passes, g)


def train_float(
    network: Network,
    x: Vector | tuple[Value, ...],
    target: tuple[Value, ...],
    loss: str,
    lr: Fraction,
    steps: int,
    *,
    update_bias: bool = True,
) -> FloatRun:
    """Loss before each of ``steps`` gradient steps and after the last, and the weights after
    the last step (float64)."""
    import numpy as np

    layers = list(layers_in(ARRAYS, network))
    xs = ARRAYS.vector([x], "--x")
    ts = ARRAYS.vector([target], "--target")
    twins = network.twins
    eta = to_float64(lr, "--lr")
    history: list[float] = []
    with np.errstate(all="ignore"):  # overflow is reported below, not as NumPy warnings
        for _ in range(steps):
            value, grads = float_gradients(layers, xs, ts, loss)
            history.append(value)
            if not np.isfinite(value):
                break
            grads_w = [grad.grad_w for grad in grads]
            for decoder, encoder in twins.items():
                grads_w[encoder] = grads_w[encoder] + grads_w[decoder].T
            for i, (layer, grad) in enumerate(zip(layers, grads, strict=True)):
                weights = layer.weights if i in twins else layer.weights - eta * grads_w[i]
                bias = layer.bias - eta * grad.grad_b if update_bias else layer.bias
                layers[i] = Dense(weights, bias, layer.act)
            for decoder, encoder in twins.items():
                layers[decoder] = Dense(
                    layers[encoder].weights.T.copy(), layers[decoder].bias, layers[decoder].act
                )
        else:
            history.append(float_loss(loss, _float_forward(layers, xs)[-1].out, ts))
    if not np.isfinite(history[-1]):
        x_hat = _float_forward(layers, xs)[-1].out  # the x̂ of that loss
        undefined = _outside_domain(loss, x_hat[0], ts[0], len(history) - 1)
        if undefined is not None:
            raise undefined
        raise InputError(
            "--steps" if steps > 1 else "--x",
            f"the loss goes beyond float64 (±1.8e308) at step {len(history) - 1}: the loss "
            "before and after each step is tracked in float64, so scale the input, the "
            "weights or --lr down",
        )
    weights = tuple(
        (
            tuple(tuple(map(float, row)) for row in layer.weights),
            tuple(map(float, layer.bias)),
        )
        for layer in layers
    )
    return FloatRun(tuple(history), weights)


def _outside_domain(loss: str, x_hat: Array, target: Array, step: int) -> InputError | None:
    """The error when a finite x̂ has left the loss's domain (BCE: x̂ outside (0, 1) makes the
    float form NaN, which is no overflow), else None."""
    import numpy as np

    domain = LOSSES[loss].domain
    if domain is None or not np.all(np.isfinite(x_hat)):
        return None
    # clamp: the float form clamps its logs at −100, so only values outside [0, 1] are undefined
    problem = domain(tuple(map(float, target)), tuple(map(float, x_hat)), True, "--target", "x̂")
    if problem is None:
        return None
    return InputError(
        "--loss",
        f"after step {step} the loss is undefined: {problem.problem}; choose another --loss, "
        "or another output activation in --act",
    )
