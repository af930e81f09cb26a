"""The ``params`` topic: how many parameters a dense autoencoder has (``aecalc params``).

Questions ask for the total, the encoder's or decoder's share, the weights or biases alone,
the output layer's size, the compression ratio or the input nodes with the bias node, of vanilla,
stacked, deep, tied and bias-free nets. The solver calls
:func:`aecalc.nets.architecture.count_params`; the named slips are other counts of the same
result (weights without biases, the encoder alone, tied weights counted twice, …).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from aecalc.practice.answers import expected as expecting
from aecalc.practice.answers.expected import Slip
from aecalc.practice.answers.slips import BIASES, DECODER, KnownSlip
from aecalc.practice.topics.fields import FieldError, boolean, choice, whole
from aecalc.practice.topics.generating import arrow, generated, pick
from aecalc.practice.topics.problem import Problem
from aecalc.practice.topics.solution import Solution, slip
from aecalc.practice.topics.topic import Topic
from aecalc.record import Record

if TYPE_CHECKING:
    from aecalc.nets.architecture import ParamCount

TIED = KnownSlip(
    "tied weights counted twice", "tied decoder weights are W_eᵀ: they add no parameters."
)
CODE_SIZE = KnownSlip(
    "code size given for the output", "the output layer reconstructs the input, so it is as big."
)
RATIO = KnownSlip("ratio upside down", "the compression ratio is input size divided by code size.")
BIAS_NODE = KnownSlip(
    "bias node forgotten", "the lecture's picture adds one constant +1 node for the biases."
)
OTHER_HALF = KnownSlip(
    "the other half counted",
    "the encoder and the decoder have the same weights mirrored, but their biases differ: each "
    "layer has one bias per unit it outputs.",
)

QUANTITIES = (
    "total",
    "encoder",
    "decoder",
    "weights",
    "biases",
    "output_units",
    "compression_ratio",
    "input_nodes_with_bias",
)
MAX_LAYER = 10**7


class ParamsSpec(Record):
    """Count parameters (``aecalc params``) and report one ``quantity``."""

    sizes: tuple[int, ...]
    quantity: str = "total"
    mode: Literal["auto", "mirror", "as_given"] = "auto"
    tied: bool = False
    bias: bool = True

    kind: Literal["params"] = "params"


def read(data: Mapping[str, object]) -> ParamsSpec:
    """``kind = "params"``: layer sizes and the count asked for."""
    sizes = data.get("sizes")
    if not isinstance(sizes, list) or len(sizes) < 2:
        raise FieldError("solve.sizes", "must be a list of at least two layer sizes")
    parsed = tuple(whole(s, "solve.sizes", 1, MAX_LAYER) for s in sizes)
    mode = choice(data, "mode", ("auto", "mirror", "as_given"), "auto")
    return ParamsSpec(
        sizes=parsed,
        quantity=choice(data, "quantity", QUANTITIES, "total"),
        mode="auto" if mode == "auto" else "mirror" if mode == "mirror" else "as_given",
        tied=boolean(data, "tied", False),
        bias=boolean(data, "bias", True),
    )


def solve(spec: ParamsSpec) -> Solution:
    """Count the parameters (``count_params``) and take the quantity asked; slips from the same counts."""
    from aecalc.nets.architecture import count_params
    from aecalc.present.architecture import params_document

    result = count_params(spec.sizes, mode=spec.mode, tied=spec.tied, bias=spec.bias)
    weights = result.total_weights
    encoder = [x for x in result.layers if x.part == "encoder"]
    decoder = [x for x in result.layers if x.part == "decoder"]
    slips: list[Slip] = []
    value: Fraction | int
    if spec.quantity == "total":
        value, label = result.total_params, "total parameters"
        if spec.bias:
            slips.append(
                slip(BIASES, f"{weights} counts only the weights; add the biases.", weights)
            )
        slips.append(
            slip(
                DECODER,
                f"{result.encoder_params} is the encoder alone; the decoder's "
                f"{result.decoder_params} parameters belong to the net too.",
                result.encoder_params,
            )
        )
        if spec.tied:
            untied = count_params(spec.sizes, mode=spec.mode, bias=spec.bias).total_params
            slips.append(
                slip(
                    TIED,
                    f"{untied} counts the decoder's weights; tied ones are W_eᵀ and add nothing.",
                    untied,
                )
            )
    elif spec.quantity == "encoder":
        value, label = result.encoder_params, "encoder parameters"
        encoder_weights = sum(x.weights for x in encoder)
        slips.append(slip(BIASES, f"{encoder_weights} is the weights alone.", encoder_weights))
        why = f"{result.decoder_params} is the decoder's count; the encoder's biases are its own."
        slips.append(slip(OTHER_HALF, why, result.decoder_params))
    elif spec.quantity == "decoder":
        value, label = result.decoder_params, "decoder parameters"
        decoder_weights = sum(x.weights for x in decoder)
        slips.append(slip(BIASES, f"{decoder_weights} is the weights alone.", decoder_weights))
        why = (
            f"{result.encoder_params} is the encoder's count; the decoder's biases are one per "
            "unit it outputs (the reconstruction)."
        )
        slips.append(slip(OTHER_HALF, why, result.encoder_params))
    elif spec.quantity == "weights":
        value, label = weights, "weights"
        slips.append(
            slip(
                DECODER,
                f"{sum(x.weights for x in encoder)} is the encoder's alone.",
                sum(x.weights for x in encoder),
            )
        )
    elif spec.quantity == "biases":
        value, label = result.total_biases, "biases"
        slips.append(
            slip(
                DECODER,
                f"{sum(x.biases for x in encoder)} is the encoder's alone.",
                sum(x.biases for x in encoder),
            )
        )
    elif spec.quantity == "output_units":
        value, label = result.architecture[-1], "output units"
        slips.append(
            slip(
                CODE_SIZE,
                "the output layer reconstructs the input, so it has as many units as the input.",
                result.code_size,
            )
        )
    elif spec.quantity == "compression_ratio":
        assert result.compression_ratio is not None
        value, label = result.compression_ratio, "compression ratio"
        slips.append(
            slip(RATIO, "the ratio is input size / code size.", 1 / result.compression_ratio)
        )
    else:
        value, label = result.architecture[0] + 1, "input-layer nodes with the bias node"
        slips.append(
            slip(
                BIAS_NODE,
                "the lecture's picture adds one constant node (+1) carrying the biases.",
                result.architecture[0],
            )
        )
    expected = expecting.number(
        value, slips=[s for s in slips if s.answer.values[0].value != value]
    )
    hint = (
        "Count layer by layer: a dense layer n_in → n_out has n_in × n_out weights and n_out "
        "biases; then add up the layers asked for."
    )
    if spec.quantity == "output_units":
        hint = (
            "An autoencoder reconstructs its input: compare the output layer with the input layer."
        )
    elif spec.quantity == "input_nodes_with_bias":
        hint = "The lecture draws the bias as one extra input node that always outputs 1."
    elif spec.quantity == "compression_ratio":
        hint = "The compression ratio is the input size divided by the code (bottleneck) size."
    steps = _params_steps(spec, result)
    return Solution(
        expected, label, hint, lambda _digits: params_document(result), lambda _digits: steps
    )


def _params_steps(spec: ParamsSpec, result: ParamCount) -> tuple[str, ...]:
    """Each layer's count (only the part asked for), then the sum; or the one fact asked."""
    sizes = result.architecture
    if spec.quantity == "output_units":
        return (
            f"the input layer has {sizes[0]} units; the code has {result.code_size}",
            f"the output reconstructs the input: {sizes[-1]} units",
        )
    if spec.quantity == "compression_ratio":
        return (
            f"input size {sizes[0]}, code size {result.code_size}",
            f"ratio = {sizes[0]} / {result.code_size} = {result.compression_ratio}",
        )
    if spec.quantity == "input_nodes_with_bias":
        return (f"{sizes[0]} inputs + 1 bias node = {sizes[0] + 1} nodes",)
    part = {"encoder": "encoder", "decoder": "decoder"}.get(spec.quantity)
    layers = [
        (layer, step)
        for layer, step in zip(result.layers, result.steps, strict=False)
        if part is None or layer.part == part
    ]
    if spec.quantity == "weights":
        lines = [f"{s.label}: {x.n_in} × {x.n_out} = {x.weights} weights" for x, s in layers]
        counts = [x.weights for x, _ in layers]
    elif spec.quantity == "biases":
        lines = [f"{s.label}: {x.biases} biases" for x, s in layers]
        counts = [x.biases for x, _ in layers]
    else:
        lines = [f"{s.label}: {s.formula} = {s.value:,}" for x, s in layers]
        counts = [x.weights + x.biases for x, _ in layers]
    total = sum(counts)
    if len(lines) > 5:  # a deep net: the parts' sums instead of every layer
        lines = [
            f"{name}: {sum(c for (x, _), c in zip(layers, counts, strict=True) if x.part == name):,}"
            for name in ("encoder", "decoder")
            if any(x.part == name for x, _ in layers)
        ]
    what = {"total": "total", "weights": "weights", "biases": "biases"}.get(spec.quantity, part)
    if len(counts) > 1:
        lines.append(f"{what} = {' + '.join(f'{c:,}' for c in counts)} = {total:,}")
    return tuple(lines)


KINDS = {
    1: ("vanilla", "vanilla", "no_bias", "output"),
    2: ("vanilla", "vanilla", "stacked", "stacked", "tied", "no_bias", "output", "ratio"),
    3: ("stacked", "stacked", "deep", "tied", "no_bias", "ratio"),
}


def generate(rng: random.Random, level: int = 2, kind: str | None = None) -> Problem:
    """A parameter-counting question: vanilla, stacked, deep, tied, no-bias, output size or ratio."""
    variant = pick(rng, kind, KINDS[level] if kind is None else KINDS[2] + ("deep",))
    if variant in ("vanilla", "tied", "no_bias"):
        low, high = {1: (3, 6), 2: (4, 12), 3: (20, 100)}[level]
        n = rng.randint(low, high)
        h = rng.randint(1 if level == 1 else 2, n - 1)
        sizes = (n, h, n)
        net = arrow(sizes)
        if variant == "tied":
            spec = ParamsSpec(sizes, "total", tied=True)
            text = (
                f"The autoencoder {net} ties its weights (W_d = W_eᵀ). "
                "How many trainable parameters has it, biases included?"
            )
        elif variant == "no_bias":
            spec = ParamsSpec(sizes, "total", bias=False)
            text = f"The autoencoder {net} has no bias terms. How many parameters has it?"
        else:
            spec = ParamsSpec(sizes, "total")
            text = f"How many parameters (weights and biases) has the vanilla autoencoder {net}?"
        return generated(
            "params", f"gen-params-{variant}-{n}-{h}", f"Parameters of {net}", text, spec
        )
    if variant in ("stacked", "deep"):
        if variant == "deep":
            a = rng.choice((784, 512, 300, 256))
            b = rng.randint(64, 200)
            c = rng.randint(16, 63)
            encoder: tuple[int, ...] = (a, b, c, rng.randint(2, 15))
        else:
            c = rng.randint(2, 5)
            b = rng.randint(c + 1, c + 6)
            a = rng.randint(b + 1, b + 8)
            encoder = (a, b, c)
        quantity = rng.choice(("total", "total", "encoder", "decoder"))
        what = {
            "total": "the whole network",
            "encoder": "the encoder alone",
            "decoder": "the decoder alone",
        }[quantity]
        text = (
            f"A stacked autoencoder has the encoder {arrow(encoder)} and a mirrored decoder "
            f"{arrow(encoder[::-1])}. How many parameters (weights and biases) has {what}?"
        )
        return generated(
            "params",
            f"gen-params-{variant}-{'-'.join(map(str, encoder))}-{quantity}",
            f"Stacked {arrow(encoder)}: {quantity}",
            text,
            ParamsSpec(encoder, quantity),
        )
    if variant == "output":
        n = rng.randint(3, 64 if level > 1 else 12)
        h = rng.randint(2, 96 if level > 1 else 12)
        text = (
            f"An autoencoder has {n} input neurons and {h} hidden neurons. "
            "How many neurons has its output layer?"
        )
        return generated(
            "params",
            f"gen-params-output-{n}-{h}",
            "Output neurons",
            text,
            ParamsSpec((n, h), "output_units"),
        )
    code = rng.choice((2, 4, 8, 16, 32) if level < 3 else (3, 5, 6, 10, 12, 20, 24))
    factor = rng.choice((2, 3, 4, 6, 8, 12, 16, 24))
    ratio_sizes: tuple[int, ...] = (
        (code * factor, code * 2, code) if factor >= 4 else (code * factor, code)
    )
    text = (
        f"The encoder {arrow(ratio_sizes)} is mirrored into a decoder. What is the compression "
        "ratio, input size / code size?"
    )
    return generated(
        "params",
        f"gen-params-ratio-{'-'.join(map(str, ratio_sizes))}",
        "Compression ratio",
        text,
        ParamsSpec(ratio_sizes, "compression_ratio"),
    )


TOPIC: Topic[ParamsSpec] = Topic(
    "params",
    "Counting parameters",
    reader=read,
    solver=solve,
    generator=generate,
    kinds=tuple(dict.fromkeys(k for choices in KINDS.values() for k in choices)),
    rank=1,
    marks=2,
    slips=(BIASES, DECODER, TIED, CODE_SIZE, RATIO, BIAS_NODE, OTHER_HALF),
)
