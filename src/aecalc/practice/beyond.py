"""Solvers for the "beyond the notes" problems: one backprop step, KL penalties, conv layers.

Each calls the core function its command uses (:func:`aecalc.nets.backprop.backprop_step`,
:func:`aecalc.nets.penalties.sparse_kl` / :func:`~aecalc.nets.penalties.vae_kl`,
:func:`aecalc.nets.conv.count.count_conv_params`) and shows that command's own worked document;
the known slips are values taken from the same results (the gradient before the
step, the update with the wrong sign, the weights without their biases, …).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from aecalc.practice import backprop_entry
from aecalc.practice import solution as names
from aecalc.practice.answers import checker
from aecalc.practice.answers.checker import Slip, Value
from aecalc.practice.solution import derived, fraction, keep, scalar
from aecalc.practice.specs import BackpropSpec, ConvParamsSpec, PenaltySpec
from aecalc.present.document import Document

if TYPE_CHECKING:
    from aecalc.nets.conv.result import ConvParamCount

SLIP_SIGN = "update with the wrong sign"
SLIP_LR = "learning rate forgotten"
SLIP_GRADIENT = "gradient given for the new weight"
SLIP_ACT_PRIME = "act′ forgotten"
SLIP_SWAPPED = "ρ and ρ̂ swapped"
SLIP_WEIGHT = "weight forgotten"
SLIP_HALF = "½ forgotten"
SLIP_SIGN_KL = "sign of −½ dropped"


def backprop(spec: BackpropSpec) -> names.Solution:
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
                SLIP_SIGN,
                "gradient descent subtracts η·∂L/∂w.",
                derived(old_f + eta * grad_f, old, grad),
            ),
            Slip(
                SLIP_LR, f"the step is η·∂L/∂w with η = {eta}.", derived(old_f - grad_f, old, grad)
            ),
            Slip(
                SLIP_GRADIENT,
                "∂L/∂w is the gradient; the new weight is w − η·∂L/∂w.",
                scalar(grad),
            ),
        ]
    elif spec.quantity == "delta":
        value = layer.delta[r]
        label = f"δ at unit {spec.row} of layer {spec.layer}"
        slips = [
            Slip(
                SLIP_ACT_PRIME,
                f"δ = ∂L/∂h ⊙ act′(a); {ACTIVATIONS[layer.activation].derivative}.",
                scalar(layer.upstream[r]),
            )
        ]
    elif spec.quantity == "grad_w":
        value = layer.grad_w[r][c]
        label = f"∂L/∂{layer.weight_name}[{spec.row},{spec.col}]"
        slips = [
            Slip(
                SLIP_ACT_PRIME,
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
    expected = keep(scalar(value), slips)
    hint = (
        f"Start at the output: {LOSSES[result.loss_name].gradient}, then δ = ∂L/∂x̂ ⊙ act′ "
        f"({ACTIVATIONS[result.layers[-1].activation].derivative}); ∂L/∂W = δ·hᵀ and "
        "W ← W − η·∂L/∂W."
    )

    def document(digits: int) -> Document:
        return backprop_entry.with_entry_chain(
            backprop_document(result, digits), result, spec, digits
        )

    return names.Solution(
        expected, label, hint, document, lambda digits: backprop_entry.steps(result, spec, digits)
    )


def penalty(spec: PenaltySpec) -> names.Solution:
    from aecalc.nets import penalties
    from aecalc.present.penalty import penalty_document
    from aecalc.values import quantity

    slips: list[Slip] = []
    if spec.penalty == "sparse-kl":
        result = penalties.sparse_kl(spec.rho, spec.rho_hat, spec.weight)
        reversed_terms = [penalties.kl_bernoulli(r, spec.rho) for r in spec.rho_hat]
        swapped = sum((fraction(t) for t in reversed_terms), Fraction(0))
        slips.append(
            Slip(
                SLIP_SWAPPED,
                "the penalty is KL(ρ‖ρ̂) = ρ ln(ρ/ρ̂) + (1 − ρ) ln((1 − ρ)/(1 − ρ̂)), ρ the target.",
                derived(spec.weight * swapped, *reversed_terms),
            )
        )
        label = "Σ KL(ρ‖ρ̂_j)" if spec.weight == 1 else "β Σ KL(ρ‖ρ̂_j)"
        hint = (
            "One term per hidden unit, KL(ρ‖ρ̂_j) = ρ ln(ρ/ρ̂_j) + (1 − ρ) ln((1 − ρ)/(1 − ρ̂_j)); "
            "then add the terms."
        )
    else:
        result = penalties.vae_kl(spec.mu, spec.logvar, spec.weight)
        total = fraction(result.value)
        slips += [
            Slip(
                SLIP_HALF,
                "KL = −½ Σ (1 + log σ² − μ² − σ²): halve the sum.",
                derived(2 * total, result.value),
            ),
            Slip(
                SLIP_SIGN_KL,
                "the KL divergence is ≥ 0: keep the minus of −½.",
                derived(-total, result.value),
            ),
        ]
        label = "KL(N(μ, σ²) ‖ N(0, I))" if spec.weight == 1 else "β·KL"
        hint = (
            "σ² = e^(log σ²); one term per dimension, −½(1 + log σ² − μ² − σ²); then add the terms."
        )
    if spec.weight != 1:
        slips.append(
            Slip(
                SLIP_WEIGHT,
                f"multiply the sum by the weight {quantity.plain(spec.weight)}.",
                scalar(result.penalty),
            )
        )
    expected = keep(scalar(result.value), slips)

    def steps(digits: int) -> tuple[str, ...]:
        shown = result.terms if len(result.terms) <= 4 else result.terms[:3]
        lines = [f"{t.label}: {t.formula} = {names.shown(t.value, digits)}" for t in shown]
        if len(shown) < len(result.terms):
            rest = result.terms[len(shown) :]
            lines.append(
                f"… {len(rest)} more: " + ", ".join(names.shown(t.value, digits) for t in rest)
            )
        lines.append(f"Σ = {names.shown(result.penalty, digits)}")
        if spec.weight != 1:
            lines.append(f"× {quantity.plain(spec.weight)} = {names.shown(result.value, digits)}")
        return tuple(lines)

    return names.Solution(
        expected, label, hint, lambda digits: penalty_document(result, digits), steps
    )


def conv(spec: ConvParamsSpec) -> names.Solution:
    from aecalc.nets.conv.count import count_conv_params
    from aecalc.present.conv import conv_params_document

    result = count_conv_params(spec.input, list(spec.layers))
    layer = result.layers[spec.layer - 1]
    if spec.quantity == "output_shape":
        expected = checker.vector([Value(Fraction(n)) for n in layer.output_shape])
        label = f"output shape of layer {spec.layer}"
        hint = f"Layer {spec.layer} ({layer.spec.token}): {layer.shape_formula}"
    elif spec.quantity == "code_size":
        expected = checker.number(result.code_size)
        label = "code size"
        hint = "The code is the smallest layer output; its size is H × W × C."
    else:
        if spec.quantity == "layer_params":
            value, weights, label = layer.params, layer.weights, f"parameters of layer {spec.layer}"
        elif spec.quantity == "encoder":
            value = result.encoder_params
            weights = sum(x.weights for x in result.layers if x.part == "encoder")
            label = "encoder parameters"
        else:
            value, label = result.total_params, "total parameters"
            weights = sum(x.weights for x in result.layers)
        slips = [
            names.slip(
                names.SLIP_BIASES,
                f"{weights} counts only the weights; add one bias per filter.",
                weights,
            )
        ]
        if spec.quantity == "total":
            slips.append(
                names.slip(
                    names.SLIP_DECODER,
                    f"{result.encoder_params} is the encoder alone; the decoder's "
                    f"{result.decoder_params} parameters belong to the net too.",
                    result.encoder_params,
                )
            )
        expected = checker.number(
            value, slips=[s for s in slips if s.answer.values[0].value != value]
        )
        hint = f"A k×k convolution has k·k·c_in·c_out weights + c_out biases: {layer.formula}"
        if spec.quantity != "layer_params":
            hint = "Count layer by layer (pooling and upsampling have no parameters): " + hint
    steps = _conv_steps(spec, result)
    return names.Solution(
        expected,
        label,
        hint,
        lambda _digits: conv_params_document(result),
        lambda _digits: steps,
    )


def _conv_steps(spec: ConvParamsSpec, result: ConvParamCount) -> tuple[str, ...]:
    """The layer asked for, or each layer that has parameters (then the sum)."""
    layer = result.layers[spec.layer - 1]
    if spec.quantity == "output_shape":
        h, w, c = layer.output_shape[:3] if len(layer.output_shape) >= 3 else (0, 0, 0)
        return (f"{layer.spec.token}: {layer.shape_formula}", f"output {h} × {w} × {c}")
    if spec.quantity == "layer_params":
        return (f"{layer.spec.token}: {layer.formula}",)
    if spec.quantity == "code_size":
        code = min(
            (x for x in result.layers if x.part == "encoder"),
            key=lambda x: _size(x.output_shape),
            default=layer,
        )
        shape = " × ".join(map(str, code.output_shape))
        return (
            f"the code is the smallest encoder output: after {code.spec.token}, {shape}",
            f"code size = {shape} = {result.code_size:,}",
        )
    chosen = [
        x for x in result.layers if x.params and (spec.quantity != "encoder" or x.part == "encoder")
    ]
    lines = [f"{x.spec.token}: {x.formula}" for x in chosen[:5]]
    if len(chosen) > 5:
        lines.append(f"… {len(chosen) - 5} more layers with parameters")
    what = "encoder" if spec.quantity == "encoder" else "total"
    total = result.encoder_params if spec.quantity == "encoder" else result.total_params
    lines.append(f"{what} = {' + '.join(f'{x.params:,}' for x in chosen)} = {total:,}")
    return tuple(lines)


def _size(shape: tuple[int, ...]) -> int:
    size = 1
    for n in shape:
        size *= n
    return size
