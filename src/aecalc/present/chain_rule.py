"""The words beside a gradient step: the chain rule for one weight, factor by factor, and notes.

:func:`chain_rules` writes ∂L/∂w for weight [1,1] of the output layer and, in a deeper net,
of the first layer, as an examiner wants it written (each factor named, its formula from the
activation and loss registries, its value from the step). :func:`notes` are the remarks a
step's printout ends with. Both only spell values :mod:`aecalc.nets.backprop` computed.
"""

from __future__ import annotations

from aecalc.nets.activations import ACTIVATIONS
from aecalc.nets.backprop import BackpropResult, LayerGradient
from aecalc.nets.losses import LOSSES
from aecalc.record import Record
from aecalc.values import quantity
from aecalc.values.quantity import Value


class ChainStep(Record):
    """One line of the chain rule for a single weight: what, how, and the value."""

    label: str
    formula: str
    value: Value


class ChainRule(Record):
    """∂L/∂w for one weight, factor by factor, as an examiner wants it written."""

    weight: str
    factors: tuple[ChainStep, ...]
    result: Value
    product: str


def _rule(
    layer: LayerGradient, out: str, upstream: str, multiplies: str, coupled: str
) -> ChainRule:
    """∂L/∂w for weight [1,1] of ``layer`` (output ``out``): ∂L/∂out₁ (``upstream``) · act′ ·
    the input it multiplies, or through softmax's Jacobian (``coupled``) · that input."""
    name = f"{layer.weight_name}[1,1]"
    through = ChainStep(f"∂a₁/∂{name}", multiplies, layer.h_in[0])
    factors: tuple[ChainStep, ...]
    if layer.act_prime is not None:
        factors = (
            ChainStep(f"∂L/∂{out}₁", upstream, layer.upstream[0]),
            ChainStep(f"∂{out}₁/∂a₁", ACTIVATIONS[layer.activation].derivative, layer.act_prime[0]),
            through,
        )
        chain = f"∂L/∂{name} = ∂L/∂{out}₁ · ∂{out}₁/∂a₁ · ∂a₁/∂{name}"
    else:
        factors = (ChainStep("δ₁ = ∂L/∂a₁", coupled, layer.delta[0]), through)
        chain = f"∂L/∂{name} = ∂L/∂a₁ · ∂a₁/∂{name}"
    return ChainRule(name, factors, layer.grad_w[0][0], chain)


def chain_rules(result: BackpropResult) -> tuple[ChainRule, ...]:
    """The chain rule for weight [1,1] of the output layer and, in a deeper net, of the first."""
    layers: tuple[LayerGradient, ...] = result.layers
    last = layers[-1]
    out = last.output_name
    rules = [
        _rule(
            last,
            out,
            LOSSES[result.loss_name].gradient.replace("_i", "₁"),
            f"{last.input_name}₁ (the value this weight multiplies)",
            f"Σ_k ∂L/∂{out}_k · ∂{out}_k/∂a₁ (softmax couples the outputs)",
        )
    ]
    if len(layers) > 1:
        first, above = layers[0], layers[1]
        hidden = first.output_name.split(" = ")[-1]
        rules.append(
            _rule(
                first,
                hidden,
                f"Σₖ δ{above.index}ₖ · {above.weight_name}ₖ₁ (every path from {hidden}₁ to L)",
                f"{first.input_name}₁",
                "through the softmax Jacobian",
            )
        )
    return tuple(rules)


def notes(result: BackpropResult) -> tuple[str, ...]:
    """The remarks under a step: the target, simplifications, conventions at kinks, tying."""
    network, loss_name = result.forward.network, result.loss_name
    lines = []
    if result.target_is_input:
        lines.append("Target t = x: an autoencoder is trained to reconstruct its own input.")
    last = network.layers[-1].activation
    if loss_name == "bce" and last == "sigmoid":
        lines.append(
            "BCE after a sigmoid output: ∂L/∂x̂ · σ′ = (x̂ − t)/(n·x̂(1 − x̂)) · x̂(1 − x̂) = (x̂ − t)/n, "
            "the well-known simplification."
        )
    if loss_name == "half-sse":
        lines.append("½ Σ (x̂ − t)²: the ½ cancels the 2 of the square, so ∂L/∂x̂ = x̂ − t.")
    used = dict.fromkeys(layer.activation for layer in network.layers)
    lines += [note for name in used if (note := ACTIVATIONS[name].kink_note) is not None]
    if network.twins:
        lines.append(
            "Tied weights: the decoder uses the encoder matrix transposed, so the shared matrix "
            "moves by η·(its encoder gradient + the transpose of its decoder gradient)."
        )
    lines.append(
        "Every gradient uses the weights before the update (all layers are updated together)."
    )
    if not result.update_bias:
        lines.append("Biases are held fixed (--freeze-bias): only the weights move.")
    return tuple(lines)


def chain_rule_json(result: BackpropResult) -> list[dict[str, object]]:
    """The ``chain_rule`` key of ``backprop --json``."""
    return [
        {
            "weight": rule.weight,
            "factors": [
                {"label": f.label, "formula": f.formula, "value": quantity.to_float(f.value)}
                for f in rule.factors
            ],
            "value": quantity.to_float(rule.result),
        }
        for rule in chain_rules(result)
    ]
