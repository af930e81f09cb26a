"""Solve a problem's structured spec with the core modules: answer, known slips, hint, worked steps.

Each solver calls the same public functions as the commands (``count_params``,
``classify``, the forward pass, the losses) and never re-implements them. The
known slips are the values a typical mistake produces, computed from the same
results (weights without biases, the encoder alone, z instead of x̂, …), so the
checker can name the slip a wrong answer matches.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from aecalc.errors import InputError
from aecalc.practice import checker
from aecalc.practice.bank import (
    BackpropSpec,
    ClassifySpec,
    ConvParamsSpec,
    ForwardSpec,
    LossSpec,
    ParamsSpec,
    PenaltySpec,
    Problem,
    Spec,
)
from aecalc.practice.checker import Expected, Slip
from aecalc.present.document import Document
from aecalc.record import Record

SLIP_BIASES = "biases forgotten"
SLIP_DECODER = "decoder not counted"
SLIP_TIED = "tied weights counted twice"
SLIP_CODE_SIZE = "code size given for the output"
SLIP_RATIO = "ratio upside down"
SLIP_BIAS_NODE = "bias node forgotten"
SLIP_CONVENTION = "textbook convention"
SLIP_Z = "z given for x̂"
SLIP_DECODER_ACT = "decoder activation forgotten"
SLIP_LOG10 = "log10 for ln"
SLIP_LOG2 = "log2 for ln"
SLIP_SUM = "sum for mean"
SLIP_MEAN = "mean for sum"
SLIP_HALF_FORGOTTEN = "½ forgotten"
SLIP_HALF_ADDED = "½ added"
SLIP_ROUNDED = "rounded too early"


class Solution(Record):
    """What a problem's answer is, how to start, and the worked solution (built on demand, given digits)."""

    expected: Expected
    label: str
    hint: str
    document: Callable[[int], Document]


def solve(spec: Spec) -> Solution:
    """Dispatch on the spec's kind."""
    if isinstance(spec, ParamsSpec):
        return _params(spec)
    if isinstance(spec, ClassifySpec):
        return _classify(spec)
    from aecalc.practice import numeric

    if isinstance(spec, ForwardSpec):
        return numeric.forward(spec)
    if isinstance(spec, LossSpec):
        return numeric.loss(spec)
    from aecalc.practice import beyond

    if isinstance(spec, BackpropSpec):
        return beyond.backprop(spec)
    if isinstance(spec, PenaltySpec):
        return beyond.penalty(spec)
    if isinstance(spec, ConvParamsSpec):
        return beyond.conv(spec)
    raise AssertionError(f"unknown spec {spec!r}")


def solve_problem(problem: Problem) -> Solution | None:
    """A bank problem's solution (None for a theory question).

    A ``[solve]`` table that passes the bank's field checks but that the core refuses (a BCE
    with x̂ exactly 0) is reported against the problem's file, not a command-line option.
    """
    if problem.spec is None:
        return None
    try:
        return solve(problem.spec)
    except InputError as error:
        where = problem.id if problem.path is None else str(problem.path)
        raise InputError(
            where, f"cannot be solved ({error.argument.lstrip('-')}): {error.problem}"
        ) from None


def _slip(name: str, explanation: str, value: Fraction | int) -> Slip:
    return Slip(name, explanation, checker.number(value))


def _params(spec: ParamsSpec) -> Solution:
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
                _slip(SLIP_BIASES, f"{weights} counts only the weights; add the biases.", weights)
            )
        slips.append(
            _slip(
                SLIP_DECODER,
                f"{result.encoder_params} is the encoder alone; the decoder's "
                f"{result.decoder_params} parameters belong to the net too.",
                result.encoder_params,
            )
        )
        if spec.tied:
            untied = count_params(spec.sizes, mode=spec.mode, bias=spec.bias).total_params
            slips.append(
                _slip(
                    SLIP_TIED,
                    f"{untied} counts the decoder's weights; tied ones are W_eᵀ and add nothing.",
                    untied,
                )
            )
    elif spec.quantity == "encoder":
        value, label = result.encoder_params, "encoder parameters"
        encoder_weights = sum(x.weights for x in encoder)
        slips.append(
            _slip(SLIP_BIASES, f"{encoder_weights} is the weights alone.", encoder_weights)
        )
    elif spec.quantity == "decoder":
        value, label = result.decoder_params, "decoder parameters"
        decoder_weights = sum(x.weights for x in decoder)
        slips.append(
            _slip(SLIP_BIASES, f"{decoder_weights} is the weights alone.", decoder_weights)
        )
    elif spec.quantity == "weights":
        value, label = weights, "weights"
        slips.append(
            _slip(
                SLIP_DECODER,
                f"{sum(x.weights for x in encoder)} is the encoder's alone.",
                sum(x.weights for x in encoder),
            )
        )
    elif spec.quantity == "biases":
        value, label = result.total_biases, "biases"
        slips.append(
            _slip(
                SLIP_DECODER,
                f"{sum(x.biases for x in encoder)} is the encoder's alone.",
                sum(x.biases for x in encoder),
            )
        )
    elif spec.quantity == "output_units":
        value, label = result.architecture[-1], "output units"
        slips.append(
            _slip(
                SLIP_CODE_SIZE,
                "the output layer reconstructs the input, so it has as many units as the input.",
                result.code_size,
            )
        )
    elif spec.quantity == "compression_ratio":
        assert result.compression_ratio is not None
        value, label = result.compression_ratio, "compression ratio"
        slips.append(
            _slip(SLIP_RATIO, "the ratio is input size / code size.", 1 / result.compression_ratio)
        )
    else:
        value, label = result.architecture[0] + 1, "input-layer nodes with the bias node"
        slips.append(
            _slip(
                SLIP_BIAS_NODE,
                "the lecture's picture adds one constant node (+1) carrying the biases.",
                result.architecture[0],
            )
        )
    expected = checker.number(value, slips=[s for s in slips if s.answer.values[0].value != value])
    first = result.steps[0]
    hint = f"{first.label}: {first.formula} = {first.value}"
    if spec.quantity == "output_units":
        hint = (
            "An autoencoder reconstructs its input: compare the output layer with the input layer."
        )
    elif spec.quantity == "input_nodes_with_bias":
        hint = "The lecture draws the bias as one extra input node that always outputs 1."
    return Solution(expected, label, hint, lambda _digits: params_document(result))


def _classify(spec: ClassifySpec) -> Solution:
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
    return Solution(
        checker.kind(result.kind, slips), "kind", hint, lambda _digits: classify_document(result)
    )
