"""A gradient-step question's spec and the work shown for the entry it asks.

The ``backprop`` topic (:mod:`aecalc.practice.topics.backprop`) holds the reader, the solver and
the generator; this module is what the solver shows for the very entry asked (W2[2,1], b1[2], δ
at unit 2, the loss): the marked steps from x to that entry (:func:`working`, each recomputed by
the core's functions from given values), the hint lines from the output back to it
(:func:`steps`) and the chain rule written for it in the ``backprop`` command's document
(:func:`entry_chain`, :func:`with_entry_chain`). The update slips (:data:`SIGN`, :data:`LR`,
:data:`GRADIENT`) live here because a step's recompute names them.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from functools import partial
from typing import TYPE_CHECKING, Literal

from aecalc.practice.answers.expected import Slip
from aecalc.practice.answers.slips import KnownSlip
from aecalc.practice.topics import loss as losses
from aecalc.practice.topics import solution as shared
from aecalc.practice.topics.dense_steps import (
    backward_steps,
    exact,
    forward_steps,
    step,
    updated,
    weight_gradient,
)
from aecalc.practice.topics.loss import HALF_SSE, LABELS
from aecalc.practice.topics.solution import fraction, scalar
from aecalc.present.document import Block, Cell, Document, Facts
from aecalc.record import Record
from aecalc.values.parse import Matrix, Vector

if TYPE_CHECKING:
    from aecalc.nets.backprop import BackpropResult
    from aecalc.nets.network import Network
    from aecalc.practice.answers.steps import Step

SIGN = KnownSlip("update with the wrong sign", "gradient descent subtracts η·∂L/∂w.")
LR = KnownSlip("learning rate forgotten", "the step is η·∂L/∂w, not ∂L/∂w.")
GRADIENT = KnownSlip(
    "gradient given for the new weight", "the new weight is w − η·∂L/∂w, not the gradient."
)


class BackpropSpec(Record):
    """One gradient step (``aecalc backprop``); ``quantity`` of layer ``layer`` (1-based) at
    ``row``/``col`` (1-based; ``row`` is the unit for ``delta`` and ``b_new``)."""

    weights: tuple[Matrix, ...]
    x: Vector
    biases: tuple[Vector, ...] = ()
    target: Vector | None = None
    act: str = "sigmoid"
    loss: str = HALF_SSE.name
    lr: Fraction = Fraction(1, 2)
    quantity: str = "w_new"
    layer: int = 1
    row: int = 1
    col: int = 1

    kind: Literal["backprop"] = "backprop"


def _update_slips(old: Fraction, eta: Fraction) -> Callable[[Fraction], list[Slip]]:
    """The usual wrong updates of ``old`` by a gradient g: + η·g, − g, and g itself."""

    def slips(g: Fraction) -> list[Slip]:
        return [
            Slip(SIGN.name, SIGN.meaning, scalar(old + eta * g)),
            Slip(LR.name, f"the step is η·∂L/∂w with η = {eta}.", scalar(old - g)),
            Slip(GRADIENT.name, GRADIENT.meaning, scalar(g)),
        ]

    return slips


def working(network: Network, result: BackpropResult, spec: BackpropSpec) -> list[Step]:
    """The steps from x to the entry asked: the forward pass (a = W·h + b, then h), ∂L/∂x̂ and
    back layer by layer (δ, Wᵀδ), then ∂L/∂W[r,c] and the new weight, or the new bias."""
    from aecalc.nets.losses import LOSSES

    count = len(network.layers)
    autoencoder = network.sizes[-1] == network.sizes[0]
    out = "x̂" if autoencoder else "ŷ"
    outputs = [*(f"h{i}" for i in range(1, count)), out]
    aliases = [(("z",) if count == 2 and autoencoder else ()) for _ in range(1, count)]
    forward, names = forward_steps(
        network, result.forward.layers, outputs, written=False, aliases=[*aliases, ("output",)]
    )
    if spec.quantity == "loss":
        entry = LOSSES[result.loss_name]
        reduction = entry.default_reduction
        worked = losses.value(entry.name, result.target, result.x_hat, "ln", reduction)
        label = LABELS[entry.name]
        return [
            *forward,
            losses.loss_step(entry.name, result.target, out, "ln", reduction, worked, label),
        ]
    unit = spec.row if spec.quantity == "delta" else None
    back, delta = backward_steps(network, result, names, down_to=spec.layer, unit=unit)
    if spec.quantity == "delta":
        return [*forward, *back]
    layer = result.layers[spec.layer - 1]
    r, c = spec.row, spec.col
    done = [*forward, *back]
    truth = {made.name: made.truth for made in done}
    if spec.quantity == "b_new":
        name = f"{layer.bias_name}[{r}]"
        old = fraction(layer.bias[r - 1])
        new_bias = step(
            f"new {name}",
            scalar(layer.b_new[r - 1]),
            (delta,),
            updated(old, spec.lr, delta, r - 1, _update_slips(old, spec.lr)),
            truth,
            aliases=(name, f"{name} new", "b_new"),
            how=f"{name} − η·{delta}[{r}]",
        )
        return [*done, new_bias]
    weight = f"{layer.weight_name}[{r},{c}]"
    before = names[spec.layer - 1].before
    gradient = f"∂L/∂{weight}"
    grad = step(
        gradient,
        scalar(layer.grad_w[r - 1][c - 1]),
        (delta, *((before,) if before else ())),
        weight_gradient(delta, before, exact(result.forward.x), r, c),
        truth,
        aliases=(f"dL/d{weight}", f"∂E/∂{weight}", f"dE/d{weight}", "gradient"),
        how=f"{delta}[{r}]·{before or 'x'}[{c}]",
    )
    if spec.quantity == "grad_w":
        return [*done, grad]
    old = fraction(layer.weights[r - 1][c - 1])
    new_weight = step(
        f"new {weight}",
        scalar(layer.w_new[r - 1][c - 1]),
        (gradient,),
        updated(old, spec.lr, gradient, 0, _update_slips(old, spec.lr)),
        truth | {gradient: grad.truth},
        aliases=(weight, f"{weight} new", "w_new"),
        how=f"{weight} − η·{gradient}",
    )
    return [*done, grad, new_weight]


def steps(result: BackpropResult, spec: BackpropSpec, digits: int) -> tuple[str, ...]:
    """From the output back to the entry asked: ∂L/∂x̂, δ, (Wᵀδ and δ below), ∂L/∂W, the update."""
    from aecalc.nets.activations import ACTIVATIONS
    from aecalc.nets.losses import LOSSES

    d = partial(shared.shown, digits=digits)
    f = partial(shared.factor, digits=digits)
    last = result.layers[-1]
    layer = result.layers[spec.layer - 1]
    r, c = spec.row - 1, spec.col - 1
    lines = [
        f"x̂ = {shared.shown_all(result.x_hat, digits)}; L = {d(result.loss)}",
    ]
    if spec.quantity == "loss":
        return (*lines, f"{result.loss_name}: L = {d(result.loss)}")
    lines.append(
        f"∂L/∂x̂ = {shared.shown_all(last.upstream, digits)}  ({LOSSES[result.loss_name].gradient})"
    )
    unit = f"[{spec.row}]"
    if layer is last:
        if last.act_prime is not None:
            lines.append(
                f"δ{last.index}{unit} = ∂L/∂x̂{unit} · act′ = {f(last.upstream[r])} · "
                f"{f(last.act_prime[r])} = {d(last.delta[r])}  "
                f"({ACTIVATIONS[last.activation].derivative})"
            )
        else:
            lines.append(f"δ{last.index}{unit} (through the softmax) = {d(last.delta[r])}")
    else:
        lines.append(f"δ{last.index} = ∂L/∂x̂ ⊙ act′ = {shared.shown_all(last.delta, digits)}")
        above = result.layers[spec.layer]
        lines.append(
            f"∂L/∂{short(layer.output_name)}{unit} = Σₖ {above.weight_name}[k,{spec.row}]·"
            f"δ{above.index}[k] = {d(layer.upstream[r])}"
        )
        prime = "" if layer.act_prime is None else f" · {f(layer.act_prime[r])}"
        lines.append(f"δ{layer.index}{unit} = {f(layer.upstream[r])}{prime} = {d(layer.delta[r])}")
    if spec.quantity == "delta":
        return tuple(lines[-4:])
    eta = shared.shown(result.lr, digits)
    if spec.quantity == "b_new":
        name = f"{layer.bias_name}{unit}"
        lines.append(
            f"{name} ← {d(layer.bias[r])} − {eta}·{f(layer.grad_b[r])} = {d(layer.b_new[r])}"
        )
        return tuple(lines[-5:])
    name = f"{layer.weight_name}[{spec.row},{spec.col}]"
    lines.append(
        f"∂L/∂{name} = δ{layer.index}{unit} · {short(layer.input_name)}[{spec.col}] = "
        f"{f(layer.delta[r])} · {f(layer.h_in[c])} = {d(layer.grad_w[r][c])}"
    )
    if spec.quantity == "w_new":
        lines.append(
            f"{name} ← {d(layer.weights[r][c])} − {eta}·{f(layer.grad_w[r][c])} = "
            f"{d(layer.w_new[r][c])}"
        )
    return tuple(lines[-6:])


def short(name: str) -> str:
    """``h1 = z`` → ``z``: the last name a layer's output goes by."""
    return name.rsplit(" = ", maxsplit=1)[-1]


def entry_chain(result: BackpropResult, spec: BackpropSpec, digits: int) -> Facts | None:
    """The chain rule written for the very entry asked (W2[2,1], b1[2], δ at unit 2, …)."""
    from aecalc.nets.activations import ACTIVATIONS
    from aecalc.nets.losses import LOSSES

    if spec.quantity == "loss":
        return None
    d = partial(shared.shown, digits=digits)
    f = partial(shared.factor, digits=digits)
    layer = result.layers[spec.layer - 1]
    last = result.layers[-1]
    r, c = spec.row - 1, spec.col - 1
    unit = f"[{spec.row}]"
    out = short(layer.output_name)
    items: list[tuple[str, Cell]] = []
    if layer is last:
        first = (
            f"∂L/∂{out}{unit}",
            f"{LOSSES[result.loss_name].gradient} = {d(layer.upstream[r])}",
        )
    else:
        above = result.layers[spec.layer]
        first = (
            f"∂L/∂{out}{unit}",
            f"Σₖ δ{above.index}[k] · {above.weight_name}[k,{spec.row}] (every path from "
            f"{out}{unit} to L) = {d(layer.upstream[r])}",
        )
    if layer.act_prime is not None:
        prime = (
            f"∂{out}{unit}/∂a{unit}",
            f"{ACTIVATIONS[layer.activation].derivative} = {d(layer.act_prime[r])}",
        )
        delta_items = [first, prime]
        delta_product = f"{f(layer.upstream[r])} × {f(layer.act_prime[r])}"
    else:
        delta_items = [("δ = ∂L/∂a", "through the softmax Jacobian")]
        delta_product = "J(a)ᵀ·∂L/∂h"
    delta = (f"δ{layer.index}{unit} = ∂L/∂a{unit}", f"{delta_product} = {d(layer.delta[r])}")
    if spec.quantity == "delta":
        items = [("chain", f"δ{unit} = ∂L/∂{out}{unit} · ∂{out}{unit}/∂a{unit}"), *delta_items]
        items.append(delta)
        return Facts(f"Chain rule for δ at unit {spec.row} of layer {spec.layer}", tuple(items))
    if spec.quantity == "b_new":
        name = f"{layer.bias_name}{unit}"
        items = [("chain", f"∂L/∂{name} = ∂L/∂{out}{unit} · ∂{out}{unit}/∂a{unit} · 1")]
        items += [*delta_items, delta, (f"∂L/∂{name}", f"δ{unit} = {d(layer.grad_b[r])}")]
        items.append(
            (
                "update",
                f"{name} ← {d(layer.bias[r])} − {shared.shown(result.lr, digits)} × "
                f"{f(layer.grad_b[r])} = {d(layer.b_new[r])}",
            )
        )
        return Facts(f"Chain rule for {name}", tuple(items))
    name = f"{layer.weight_name}[{spec.row},{spec.col}]"
    h_in = short(layer.input_name)
    items = [
        (
            "chain",
            f"∂L/∂{name} = ∂L/∂{out}{unit} · ∂{out}{unit}/∂a{unit} · ∂a{unit}/∂{name}",
        ),
        *delta_items,
        (
            f"∂a{unit}/∂{name}",
            f"{h_in}[{spec.col}] (the value this weight multiplies) = {d(layer.h_in[c])}",
        ),
        (
            f"∂L/∂{name}",
            f"{f(layer.delta[r])} × {f(layer.h_in[c])} = {d(layer.grad_w[r][c])}",
        ),
    ]
    if spec.quantity == "w_new":
        items.append(
            (
                "update",
                f"{name} ← {d(layer.weights[r][c])} − {shared.shown(result.lr, digits)} × "
                f"{f(layer.grad_w[r][c])} = {d(layer.w_new[r][c])}",
            )
        )
    return Facts(f"Chain rule for {name}", tuple(items))


def with_entry_chain(
    document: Document, result: BackpropResult, spec: BackpropSpec, digits: int
) -> Document:
    """``document`` with its chain-rule blocks (written for weight [1,1]) replaced by one for
    the entry the question asked."""
    chain = entry_chain(result, spec, digits)
    if chain is None:
        return document
    blocks: list[Block] = []
    placed = False
    for block in document.blocks:
        if isinstance(block, Facts) and block.title.startswith("Chain rule for"):
            if not placed:
                blocks.append(chain)
                placed = True
            continue
        blocks.append(block)
    if not placed:
        blocks.append(chain)
    return Document(document.title, tuple(blocks))
