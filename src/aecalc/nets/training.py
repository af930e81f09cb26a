"""Repeated gradient steps on one sample in float64 (``backprop --steps N``): the loss curve.

The same method as :mod:`aecalc.nets.backprop`, vectorised: the forward pass with each
activation's NumPy form, ∂L/∂x̂ from the loss registry, then for each layer from the output
back δ = act.numpy_vjp(a, h, g), ∂L/∂W = δ·hᵀ, g ← Wᵀδ, and the update. Tied weights: the
shared matrix takes the sum of its encoder gradient and its decoder twin's, transposed.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from aecalc.errors import InputError
from aecalc.nets.activations import ACTIVATIONS
from aecalc.nets.losses import LOSSES
from aecalc.values import quantity
from aecalc.values.parse import Vector, to_float64
from aecalc.values.quantity import Value

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from aecalc.nets.network import Network

    Array = NDArray[Any]


def float_forward(
    weights: list[Array], biases: list[Array], names: list[str], x: Array
) -> tuple[list[Array], list[Array]]:
    """(pre-activations, outputs) per layer; outputs[0] is x itself."""
    outs = [x]
    pres = []
    for w, b, name in zip(weights, biases, names, strict=True):
        a = w @ outs[-1] + b
        pres.append(a)
        outs.append(ACTIVATIONS[name].numpy(a))
    return pres, outs


def float_loss(name: str, x_hat: Array, target: Array) -> float:
    """The loss of one sample (the loss registry's per-sample float form)."""
    return float(LOSSES[name].numpy(target, x_hat))


def float_gradients(
    weights: list[Array],
    biases: list[Array],
    names: list[str],
    x: Array,
    target: Array,
    loss: str,
) -> tuple[float, list[Array], list[Array]]:
    """(loss, ∂L/∂W per layer, ∂L/∂b per layer) in float64 — the same rules, vectorised."""
    import numpy as np

    pres, outs = float_forward(weights, biases, names, x)
    x_hat = outs[-1]
    g = LOSSES[loss].numpy_grad(target, x_hat)  # ∂L/∂x̂
    grads_w: list[Array] = [np.empty(0)] * len(weights)
    grads_b: list[Array] = [np.empty(0)] * len(weights)
    for i in range(len(weights) - 1, -1, -1):
        delta = ACTIVATIONS[names[i]].numpy_vjp(pres[i], outs[i + 1], g)  # δ = g ⊙ act′(a)
        grads_w[i] = np.outer(delta, outs[i])  # ∂L/∂W = δ·hᵀ
        grads_b[i] = delta
        g = weights[i].T @ delta  # g ← Wᵀδ
    return float_loss(loss, x_hat, target), grads_w, grads_b


def train_float(
    network: Network,
    x: Vector | tuple[Value, ...],
    target: tuple[Value, ...],
    loss: str,
    lr: Fraction,
    steps: int,
    *,
    update_bias: bool = True,
) -> tuple[float, ...]:
    """Loss before each of ``steps`` gradient steps and after the last (float64)."""
    import numpy as np

    weights = [
        np.array([[to_float64(w, "weights", "a weight") for w in row] for row in layer.weights])
        for layer in network.layers
    ]
    biases = [
        np.array([to_float64(b, "biases", "a bias") for b in layer.bias])
        for layer in network.layers
    ]
    names = [layer.activation for layer in network.layers]
    xs = np.array([quantity.to_float(v) for v in x])
    ts = np.array([quantity.to_float(v) for v in target])
    twins = network.twins
    eta = to_float64(lr, "--lr")
    history: list[float] = []
    with np.errstate(all="ignore"):  # overflow is reported below, not as NumPy warnings
        for _ in range(steps):
            value, grads_w, grads_b = float_gradients(weights, biases, names, xs, ts, loss)
            history.append(value)
            if not np.isfinite(value):
                break
            for decoder, encoder in twins.items():
                grads_w[encoder] = grads_w[encoder] + grads_w[decoder].T
            for i in range(len(weights)):
                if i not in twins:
                    weights[i] = weights[i] - eta * grads_w[i]
                if update_bias:
                    biases[i] = biases[i] - eta * grads_b[i]
            for decoder, encoder in twins.items():
                weights[decoder] = weights[encoder].T.copy()
        else:
            _, outs = float_forward(weights, biases, names, xs)
            history.append(float_loss(loss, outs[-1], ts))
    if not np.isfinite(history[-1]):
        _, outs = float_forward(weights, biases, names, xs)  # the x̂ of that loss
        undefined = _outside_domain(loss, outs[-1], ts, len(history) - 1)
        if undefined is not None:
            raise undefined
        raise InputError(
            "--steps" if steps > 1 else "--x",
            f"the loss goes beyond float64 (±1.8e308) at step {len(history) - 1}: the loss "
            "before and after each step is tracked in float64, so scale the input, the "
            "weights or --lr down",
        )
    return tuple(history)


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
