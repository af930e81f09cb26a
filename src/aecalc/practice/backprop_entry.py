"""A backprop question explained for the very entry it asks (W2[2,1], b1[2], δ at unit 2).

:func:`steps` are the lines from the output back to that entry (∂L/∂x̂, δ, Wᵀδ, ∂L/∂W,
the update) for the hints and the feedback; :func:`with_entry_chain` puts the chain
rule of that entry into the ``backprop`` command's worked document, in place of the
chain rules it writes for weight [1,1]. Every value is one the step computed.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from aecalc.practice import solution as names
from aecalc.practice.specs import BackpropSpec
from aecalc.present.document import Block, Cell, Document, Facts

if TYPE_CHECKING:
    from aecalc.nets.backprop import BackpropResult


def steps(result: BackpropResult, spec: BackpropSpec, digits: int) -> tuple[str, ...]:
    """From the output back to the entry asked: ∂L/∂x̂, δ, (Wᵀδ and δ below), ∂L/∂W, the update."""
    from aecalc.nets.activations import ACTIVATIONS
    from aecalc.nets.losses import LOSSES

    d = partial(names.shown, digits=digits)
    f = partial(names.factor, digits=digits)
    last = result.layers[-1]
    layer = result.layers[spec.layer - 1]
    r, c = spec.row - 1, spec.col - 1
    lines = [
        f"x̂ = {names.shown_all(result.x_hat, digits)}; L = {d(result.loss)}",
    ]
    if spec.quantity == "loss":
        return (*lines, f"{result.loss_name}: L = {d(result.loss)}")
    lines.append(
        f"∂L/∂x̂ = {names.shown_all(last.upstream, digits)}  ({LOSSES[result.loss_name].gradient})"
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
        lines.append(f"δ{last.index} = ∂L/∂x̂ ⊙ act′ = {names.shown_all(last.delta, digits)}")
        above = result.layers[spec.layer]
        lines.append(
            f"∂L/∂{short(layer.output_name)}{unit} = Σₖ {above.weight_name}[k,{spec.row}]·"
            f"δ{above.index}[k] = {d(layer.upstream[r])}"
        )
        prime = "" if layer.act_prime is None else f" · {f(layer.act_prime[r])}"
        lines.append(f"δ{layer.index}{unit} = {f(layer.upstream[r])}{prime} = {d(layer.delta[r])}")
    if spec.quantity == "delta":
        return tuple(lines[-4:])
    eta = names.shown(result.lr, digits)
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
    d = partial(names.shown, digits=digits)
    f = partial(names.factor, digits=digits)
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
                f"{name} ← {d(layer.bias[r])} − {names.shown(result.lr, digits)} × "
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
                f"{name} ← {d(layer.weights[r][c])} − {names.shown(result.lr, digits)} × "
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
