"""Solvers for the architecture topics: counting parameters and classifying a net.

Both call the same core functions as ``aecalc params`` and ``aecalc classify``
(:func:`aecalc.nets.architecture.count_params`, :func:`~aecalc.nets.architecture.classify`);
the known slips are other counts of the same result (weights without biases,
the encoder alone, …).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from aecalc.practice.answers import checker
from aecalc.practice.answers.checker import Slip
from aecalc.practice.solution import (
    SLIP_BIAS_NODE,
    SLIP_BIASES,
    SLIP_CODE_SIZE,
    SLIP_CONVENTION,
    SLIP_DECODER,
    SLIP_RATIO,
    SLIP_TIED,
    Solution,
    slip,
)
from aecalc.practice.specs import ClassifySpec, ParamsSpec

if TYPE_CHECKING:
    from aecalc.nets.architecture import ParamCount


def params(spec: ParamsSpec) -> Solution:
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
                slip(SLIP_BIASES, f"{weights} counts only the weights; add the biases.", weights)
            )
        slips.append(
            slip(
                SLIP_DECODER,
                f"{result.encoder_params} is the encoder alone; the decoder's "
                f"{result.decoder_params} parameters belong to the net too.",
                result.encoder_params,
            )
        )
        if spec.tied:
            untied = count_params(spec.sizes, mode=spec.mode, bias=spec.bias).total_params
            slips.append(
                slip(
                    SLIP_TIED,
                    f"{untied} counts the decoder's weights; tied ones are W_eᵀ and add nothing.",
                    untied,
                )
            )
    elif spec.quantity == "encoder":
        value, label = result.encoder_params, "encoder parameters"
        encoder_weights = sum(x.weights for x in encoder)
        slips.append(slip(SLIP_BIASES, f"{encoder_weights} is the weights alone.", encoder_weights))
    elif spec.quantity == "decoder":
        value, label = result.decoder_params, "decoder parameters"
        decoder_weights = sum(x.weights for x in decoder)
        slips.append(slip(SLIP_BIASES, f"{decoder_weights} is the weights alone.", decoder_weights))
    elif spec.quantity == "weights":
        value, label = weights, "weights"
        slips.append(
            slip(
                SLIP_DECODER,
                f"{sum(x.weights for x in encoder)} is the encoder's alone.",
                sum(x.weights for x in encoder),
            )
        )
    elif spec.quantity == "biases":
        value, label = result.total_biases, "biases"
        slips.append(
            slip(
                SLIP_DECODER,
                f"{sum(x.biases for x in encoder)} is the encoder's alone.",
                sum(x.biases for x in encoder),
            )
        )
    elif spec.quantity == "output_units":
        value, label = result.architecture[-1], "output units"
        slips.append(
            slip(
                SLIP_CODE_SIZE,
                "the output layer reconstructs the input, so it has as many units as the input.",
                result.code_size,
            )
        )
    elif spec.quantity == "compression_ratio":
        assert result.compression_ratio is not None
        value, label = result.compression_ratio, "compression ratio"
        slips.append(
            slip(SLIP_RATIO, "the ratio is input size / code size.", 1 / result.compression_ratio)
        )
    else:
        value, label = result.architecture[0] + 1, "input-layer nodes with the bias node"
        slips.append(
            slip(
                SLIP_BIAS_NODE,
                "the lecture's picture adds one constant node (+1) carrying the biases.",
                result.architecture[0],
            )
        )
    expected = checker.number(value, slips=[s for s in slips if s.answer.values[0].value != value])
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


def classify(spec: ClassifySpec) -> Solution:
    """Under- or overcomplete (``classify``); the textbook's "complete" is the slip for equal sizes."""
    from aecalc.nets.architecture import classify
    from aecalc.present.architecture import classify_document

    result = classify(spec.input, spec.hidden, spec.convention)
    slips: list[Slip] = []
    if spec.input == spec.hidden and spec.convention == "notes":
        text = (
            "equal sizes are 'complete' in the textbook, but the course notes' rule is "
            "hidden ≥ input ⇒ overcomplete."
        )
        slips = [
            Slip(SLIP_CONVENTION, text, checker.kind("complete")),
            Slip(SLIP_CONVENTION, text, checker.kind("undercomplete")),
        ]
    rule = (
        "hidden ≥ input ⇒ overcomplete, hidden < input ⇒ undercomplete"
        if spec.convention == "notes"
        else "hidden > input ⇒ overcomplete, = ⇒ complete, < ⇒ undercomplete"
    )
    hint = f"Compare the code size {spec.hidden} with the input size {spec.input}: {rule}."
    relation = "≥" if spec.hidden >= spec.input else "<"
    if spec.convention == "strict":
        relation = ">" if spec.hidden > spec.input else "=" if spec.hidden == spec.input else "<"
    steps = (
        f"input size {spec.input}, code size {spec.hidden}",
        f"{spec.hidden} {relation} {spec.input} ⇒ {result.kind}"
        + (" (the course notes' rule)" if spec.convention == "notes" else ""),
    )
    return Solution(
        checker.kind(result.kind, slips),
        "kind",
        hint,
        lambda _digits: classify_document(result),
        lambda _digits: steps,
    )
