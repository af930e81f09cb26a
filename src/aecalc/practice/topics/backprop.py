"""The ``backprop`` topic: one step of gradient descent (``aecalc backprop``), asked for one entry.

A question asks for a new weight or bias, a δ, a gradient or the loss before the step, of one
linear layer (level 1), a 2 → 2 → 2 sigmoid net (level 2) or a wider net in hundredths (level 3).
The solver calls :func:`aecalc.nets.backprop.backprop_step` and shows the ``backprop`` command's
document with the chain rule written for the very entry asked (W2[2,1], b1[2], δ at unit 2, in
place of the chain rules the command writes for weight [1,1]); the steps go from the output back
to that entry. The named slips: the update with the wrong sign, η forgotten, the gradient given
for the new weight, act′ forgotten.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from fractions import Fraction
from functools import partial
from typing import TYPE_CHECKING, Literal

from aecalc.nets.activations import NAMES as ACTIVATIONS
from aecalc.practice.answers.checker import Slip
from aecalc.practice.answers.slips import KnownSlip
from aecalc.practice.topics import loss as losses
from aecalc.practice.topics import solution as shared
from aecalc.practice.topics.dense_steps import (
    ACT_PRIME,
    HALF_SSE_GRADIENT,
    SLIPS,
    backward_steps,
    exact,
    forward_steps,
    step,
    updated,
    weight_gradient,
)
from aecalc.practice.topics.fields import FieldError, choice, items, matrix, number, vector, whole
from aecalc.practice.topics.generating import (
    arrow,
    generated,
    matrix_text,
    number_text,
    pick,
    vector_text,
)
from aecalc.practice.topics.loss import BCE, HALF_SSE, LABELS, MSE
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

QUANTITIES = ("w_new", "b_new", "delta", "grad_w", "loss")
LOSS_NAMES = (HALF_SSE.name, MSE.name, BCE.name)


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
        work.final, label, hint, document, lambda digits: steps(result, spec, digits), work
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
