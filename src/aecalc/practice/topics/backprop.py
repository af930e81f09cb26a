"""The ``backprop`` topic: one step of gradient descent (``aecalc backprop``), asked for one entry.

A question asks for a new weight or bias, a δ, a gradient or the loss before the step, of one
linear layer (level 1), a 2 → 2 → 2 sigmoid net (level 2) or a wider net in hundredths (level 3).
The solver calls :func:`aecalc.nets.backprop.backprop_step` and shows the ``backprop`` command's
document with the chain rule written for the very entry asked (W2[2,1], b1[2], δ at unit 2, in
place of the chain rules the command writes for weight [1,1]); the steps go from the output back
to that entry. The named slips: the update with the wrong sign, η forgotten, the gradient given
for the new weight, act′ forgotten. The spec and the work shown for the entry asked (the marked
steps, the hint lines, the chain rule) are in :mod:`aecalc.practice.topics.backprop_work`.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

from aecalc.nets.activations import NAMES as ACTIVATIONS
from aecalc.practice.answers.expected import Slip
from aecalc.practice.topics.backprop_work import (
    GRADIENT,
    LR,
    SIGN,
    BackpropSpec,
    with_entry_chain,
    working,
)
from aecalc.practice.topics.backprop_work import steps as entry_steps
from aecalc.practice.topics.dense_steps import ACT_PRIME, HALF_SSE_GRADIENT, SLIPS
from aecalc.practice.topics.fields import FieldError, choice, items, matrix, number, vector, whole
from aecalc.practice.topics.generating import (
    arrow,
    generated,
    matrix_text,
    number_text,
    pick,
    vector_text,
)
from aecalc.practice.topics.loss import BCE, HALF_SSE, MSE
from aecalc.practice.topics.problem import Problem
from aecalc.practice.topics.solution import (
    Solution,
    derived,
    finished,
    fraction,
    keep,
    scalar,
)
from aecalc.practice.topics.topic import Topic
from aecalc.values.parse import Vector

if TYPE_CHECKING:
    from aecalc.nets.network import Network
    from aecalc.present.document import Document

__all__ = ["TOPIC", "BackpropSpec", "generate", "read", "solve"]

QUANTITIES = ("w_new", "b_new", "delta", "grad_w", "loss")
LOSS_NAMES = (HALF_SSE.name, MSE.name, BCE.name)


def read(data: Mapping[str, object]) -> BackpropSpec:
    """``kind = "backprop"``: one gradient step and the entry asked for."""
    x = vector(data, "x")
    assert x is not None
    weights = tuple(matrix({"weights": w}, "weights") for w in items(data, "weights"))
    biases: tuple[Vector, ...] = ()
    if "biases" in data:
        biases = tuple(
            v for b in items(data, "biases") if (v := vector({"biases": b}, "biases")) is not None
        )
        if len(biases) != len(weights):
            raise FieldError(
                "solve.biases", f"has {len(biases)} vectors for {len(weights)} weight matrices"
            )
    previous = len(x)
    for index, w in enumerate(weights, start=1):
        if len(w[0]) != previous:
            raise FieldError(
                "solve.weights",
                f"matrix {index} has {len(w[0])} columns but its input has {previous} values",
            )
        if biases and len(biases[index - 1]) != len(w):
            raise FieldError(
                "solve.biases",
                f"vector {index} has {len(biases[index - 1])} values, not {len(w)}",
            )
        previous = len(w)
    target = vector(data, "target", required=False)
    if target is not None and len(target) != previous:
        raise FieldError("solve.target", f"has {len(target)} values but the output has {previous}")
    act = data.get("act", "sigmoid")
    if not isinstance(act, str) or any(a.strip() not in ACTIVATIONS for a in act.split(",")):
        raise FieldError("solve.act", f"must name activations from {', '.join(ACTIVATIONS)}")
    lr = number(data, "lr", Fraction(1, 2))
    if lr <= 0:
        raise FieldError("solve.lr", "must be > 0")
    quantity = choice(data, "quantity", QUANTITIES, "w_new")
    layer = whole(data.get("layer", len(weights)), "solve.layer", 1, len(weights))
    w = weights[layer - 1]
    return BackpropSpec(
        weights=weights,
        x=x,
        biases=biases,
        target=target,
        act=act,
        loss=choice(data, "loss", LOSS_NAMES, HALF_SSE.name),
        lr=lr,
        quantity=quantity,
        layer=layer,
        row=whole(data.get("row", 1), "solve.row", 1, len(w)),
        col=whole(data.get("col", 1), "solve.col", 1, len(w[0])),
    )


def solve(spec: BackpropSpec) -> Solution:
    from aecalc.nets.activations import ACTIVATIONS
    from aecalc.nets.backprop import backprop_step
    from aecalc.nets.forward import build_deep
    from aecalc.nets.losses import LOSSES
    from aecalc.present.backprop import backprop_document

    network = build_deep(list(spec.weights), list(spec.biases), tied=False, act=spec.act)
    result = backprop_step(network, spec.x, target=spec.target, loss=spec.loss, lr=spec.lr)
    layer = result.layers[spec.layer - 1]
    r, c = spec.row - 1, spec.col - 1
    eta = spec.lr
    slips: list[Slip] = []
    if spec.quantity in ("w_new", "b_new"):
        old = layer.weights[r][c] if spec.quantity == "w_new" else layer.bias[r]
        grad = layer.grad_w[r][c] if spec.quantity == "w_new" else layer.grad_b[r]
        value = layer.w_new[r][c] if spec.quantity == "w_new" else layer.b_new[r]
        name = f"{layer.weight_name}[{spec.row},{spec.col}]"
        if spec.quantity == "b_new":
            name = f"{layer.bias_name}[{spec.row}]"
        label = f"new {name}"
        old_f, grad_f = fraction(old), fraction(grad)
        slips = [
            Slip(
                SIGN.name,
                "gradient descent subtracts η·∂L/∂w.",
                derived(old_f + eta * grad_f, old, grad),
            ),
            Slip(
                LR.name, f"the step is η·∂L/∂w with η = {eta}.", derived(old_f - grad_f, old, grad)
            ),
            Slip(
                GRADIENT.name,
                "∂L/∂w is the gradient; the new weight is w − η·∂L/∂w.",
                scalar(grad),
            ),
        ]
    elif spec.quantity == "delta":
        value = layer.delta[r]
        label = f"δ at unit {spec.row} of layer {spec.layer}"
        slips = [
            Slip(
                ACT_PRIME.name,
                f"δ = ∂L/∂h ⊙ act′(a); {ACTIVATIONS[layer.activation].derivative}.",
                scalar(layer.upstream[r]),
            )
        ]
    elif spec.quantity == "grad_w":
        value = layer.grad_w[r][c]
        label = f"∂L/∂{layer.weight_name}[{spec.row},{spec.col}]"
        slips = [
            Slip(
                ACT_PRIME.name,
                "∂L/∂W = δ·hᵀ, and δ includes act′(a).",
                derived(
                    fraction(layer.upstream[r]) * fraction(layer.h_in[c]),
                    layer.upstream[r],
                    layer.h_in[c],
                ),
            )
        ]
    else:
        value = result.loss
        label = "loss before the step"
    if spec.loss == MSE.name and spec.quantity != "loss":
        slips.append(_half_sse_slip(network, spec))
    expected = keep(scalar(value), slips)
    hint = (
        f"Start at the output: {LOSSES[result.loss_name].gradient}, then δ = ∂L/∂x̂ ⊙ act′ "
        f"({ACTIVATIONS[result.layers[-1].activation].derivative}); ∂L/∂W = δ·hᵀ and "
        "W ← W − η·∂L/∂W."
    )

    def document(digits: int) -> Document:
        return with_entry_chain(backprop_document(result, digits), result, spec, digits)

    work = finished(working(network, result, spec), expected)
    return Solution(
        work.final, label, hint, document, lambda digits: entry_steps(result, spec, digits), work
    )


def _half_sse_slip(network: Network, spec: BackpropSpec) -> Slip:
    """The entry asked, worked with ∂L/∂x̂ = x̂ − t (½ Σ's gradient) where the loss is the MSE:
    the same step run with the half-SSE loss (:func:`~aecalc.nets.backprop.backprop_step`)."""
    from aecalc.nets.backprop import backprop_step

    halved = backprop_step(network, spec.x, target=spec.target, loss=HALF_SSE.name, lr=spec.lr)
    layer = halved.layers[spec.layer - 1]
    r, c = spec.row - 1, spec.col - 1
    value = {
        "w_new": lambda: layer.w_new[r][c],
        "b_new": lambda: layer.b_new[r],
        "delta": lambda: layer.delta[r],
        "grad_w": lambda: layer.grad_w[r][c],
    }[spec.quantity]()
    return Slip(HALF_SSE_GRADIENT.name, HALF_SSE_GRADIENT.meaning, scalar(value))


KINDS = ("w_new", "w_new", "w_new", "delta", "b_new")


def _tenths(rng: random.Random, low: int, high: int) -> Fraction:
    return Fraction(rng.randint(low, high), 10)


def _weight(rng: random.Random, level: int, bias: bool) -> Fraction:
    if level == 1:
        return Fraction(rng.choice((0, 1)) if bias else rng.choice((-1, 0, 1, 2)))
    if level == 3:
        return Fraction(rng.randint(-50, 50) if bias else rng.randint(-99, 99), 100)
    return _tenths(rng, 0, 5) if bias else _tenths(rng, -5, 9)


def generate(rng: random.Random, level: int = 2, kind: str | None = None) -> Problem:
    """One gradient step: one linear layer 2 → 2 in integers (level 1), a 2 → 2 → 2 sigmoid net
    in tenths (level 2), a 2 → 3 → 2 or 3 → 2 → 3 net in hundredths (level 3)."""
    sizes: tuple[int, ...] = (2, 2, 2)
    if level == 1:
        sizes = (2, 2)
    elif level == 3:
        sizes = rng.choice(((2, 3, 2), (3, 2, 3)))
    count = len(sizes) - 1
    weights = tuple(
        tuple(
            tuple(_weight(rng, level, False) for _ in range(sizes[k])) for _ in range(sizes[k + 1])
        )
        for k in range(count)
    )
    biases = tuple(
        tuple(_weight(rng, level, True) for _ in range(sizes[k + 1])) for k in range(count)
    )
    if level == 3:
        x = tuple(_tenths(rng, 0, 10) for _ in range(sizes[0]))
    else:
        x = tuple(Fraction(rng.randint(0, 1)) for _ in range(sizes[0]))
    if not any(x):
        x = (Fraction(1), *x[1:])
    target = tuple(Fraction(rng.randint(0, 1)) for _ in range(sizes[-1]))
    losses = {
        1: (HALF_SSE.name,),
        2: (HALF_SSE.name, HALF_SSE.name, MSE.name),
        3: (HALF_SSE.name, MSE.name, BCE.name),
    }
    loss_name = rng.choice(losses[level])
    lr = rng.choice((Fraction(1, 2), Fraction(1, 2), Fraction(1), Fraction(1, 10)))
    quantity = pick(rng, kind, KINDS)
    layer = count if quantity == "delta" or count == 1 else rng.choice((1, 2, 2))
    row, col = rng.randint(1, sizes[layer]), rng.randint(1, sizes[layer - 1])
    if layer == 1 and x[col - 1] == 0:  # ∂E/∂W1[i,j] = δ_i·x_j would be 0: ask a live weight
        col = next(j for j, v in enumerate(x, start=1) if v != 0)
    n = sizes[-1]
    loss_text = {
        HALF_SSE.name: "E = ½ Σ (t_i − x̂_i)²",
        MSE.name: f"the MSE E = (1/n) Σ (t_i − x̂_i)² with n = {n}",
        BCE.name: f"the binary cross-entropy averaged over the {n} outputs (natural log)",
    }[loss_name]
    act = "sigmoid"
    units = "sigmoid units everywhere"
    if level == 1:
        act, units = "linear", "no activation (x̂ = W1·x + b1)"
    elif level == 3 and rng.random() < 0.5:
        act, units = "tanh,sigmoid", "tanh hidden units and sigmoid outputs"
    if quantity == "w_new":
        what = f"the new value of W{layer}[{row},{col}] (row {row}, column {col})"
    elif quantity == "b_new":
        what = f"the new value of b{layer}[{row}]"
    else:
        what = f"δ at output unit {row} (∂E/∂a at that unit's pre-activation)"
    matrices = ", ".join(
        f"W{k + 1} = {matrix_text(weights[k])}, b{k + 1} = {vector_text(biases[k])}"
        for k in range(count)
    )
    figures = "exactly" if level == 1 else "4 significant figures"
    text = (
        f"A {arrow(sizes)} net with {units}: {matrices}. Input x = {vector_text(x)}, target t = "
        f"{vector_text(target)}, loss {loss_text}, learning rate η = {number_text(lr)}. "
        + (
            f"In one step of gradient descent on this sample, what is {what}, computed before "
            f"the update? ({figures})"
            if quantity == "delta"
            else f"After one step of gradient descent on this sample, what is {what}? ({figures})"
        )
    )
    spec = BackpropSpec(
        weights=weights,
        x=x,
        biases=biases,
        target=target,
        act=act,
        loss=loss_name,
        lr=lr,
        quantity=quantity,
        layer=layer,
        row=row,
        col=col,
    )
    return generated(
        "backprop",
        f"gen-backprop-{quantity}-{rng.randrange(10**9)}",
        f"One gradient step on {arrow(sizes)}",
        text,
        spec,
    )


TOPIC: Topic[BackpropSpec] = Topic(
    "backprop",
    "Backpropagation",
    reader=read,
    solver=solve,
    generator=generate,
    kinds=tuple(dict.fromkeys(KINDS)),
    rank=3,
    marks=5,
    slips=(SIGN, LR, GRADIENT, *SLIPS),
)
