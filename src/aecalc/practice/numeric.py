"""Solvers for forward-pass and loss problems: they call :mod:`aecalc.nets.forward` and :mod:`aecalc.nets.losses`.

Nothing is re-implemented here: the forward pass is ``build_vanilla`` +
``run_forward``, the losses are ``compute_loss``, and the worked solutions are
the ``forward`` and ``loss`` commands' own documents. This module imports
SymPy (through those modules) only when a forward or loss problem is solved.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

from aecalc.nets.losses import LogBase, LossName, Reduction
from aecalc.practice import solution as names
from aecalc.practice.answers.checker import Slip
from aecalc.practice.solution import keep, scalar, vector
from aecalc.practice.specs import ForwardSpec, LossSpec
from aecalc.present.document import Document

if TYPE_CHECKING:
    from aecalc.nets.forward import ForwardResult
    from aecalc.nets.losses import Loss


def _loss(
    name: str,
    x: Sequence[Any],
    x_hat: Sequence[Any],
    log: str = "ln",
    reduction: str = "mean",
) -> Loss:
    from aecalc.nets.losses import compute_loss

    return compute_loss(
        cast(LossName, name),
        tuple(x),
        tuple(x_hat),
        log=cast(LogBase, log),
        reduction=cast(Reduction, reduction),
    )


def _loss_slips(
    name: str, x: Sequence[Any], x_hat: Sequence[Any], log: str, reduction: str
) -> list[Slip]:
    """Values the usual loss mistakes give for these vectors."""
    slips: list[Slip] = []

    def add(slip: str, why: str, loss: str, base: str, red: str) -> None:
        slips.append(Slip(slip, why, scalar(_loss(loss, x, x_hat, base, red).value)))

    if name == "bce":
        if log == "ln":
            add(
                names.SLIP_LOG10,
                "BCE uses the natural log (PyTorch, Keras).",
                "bce",
                "log10",
                reduction,
            )
            add(
                names.SLIP_LOG2,
                "BCE uses the natural log (PyTorch, Keras).",
                "bce",
                "log2",
                reduction,
            )
        other = "sum" if reduction == "mean" else "mean"
        slip = names.SLIP_SUM if reduction == "mean" else names.SLIP_MEAN
        add(slip, f"this question asks for the {reduction} over the outputs.", "bce", log, other)
    elif name == "mse":
        if reduction == "mean":
            add(names.SLIP_SUM, "MSE divides the sum of squares by n.", "mse", log, "sum")
            add(
                names.SLIP_HALF_ADDED,
                "MSE has no ½; that is the lecture's ½‖x − x̂‖².",
                "half-sse",
                log,
                "sum",
            )
            add(names.SLIP_HALF_ADDED, "MSE has no ½ in front.", "half-sse", log, "mean")
        else:
            add(
                names.SLIP_MEAN,
                "this question asks for the plain sum of squares.",
                "mse",
                log,
                "mean",
            )
            add(
                names.SLIP_HALF_ADDED,
                "the sum of squares has no ½ in front.",
                "half-sse",
                log,
                "sum",
            )
    else:
        add(
            names.SLIP_HALF_FORGOTTEN,
            "the lecture's L = ½ Σ (x − x̂)² halves the sum.",
            "mse",
            log,
            "sum",
        )
        if reduction == "sum":
            add(
                names.SLIP_MEAN,
                "L = ½‖x − x̂‖² sums the squares; it does not average.",
                "half-sse",
                log,
                "mean",
            )
            add(
                f"{names.SLIP_MEAN} and {names.SLIP_HALF_FORGOTTEN}",
                "L = ½‖x − x̂‖² halves the sum; this is the mean, without the ½.",
                "mse",
                log,
                "mean",
            )
    return slips


def _rounded(values: Sequence[Any], places: int) -> tuple[Fraction, ...]:
    from aecalc.values import quantity

    scale = 10**places
    return tuple(
        Fraction(round(quantity.to_fraction(v, names.PRECISION) * scale), scale) for v in values
    )


def _combined(title: str, parts: Sequence[Document]) -> Document:
    from aecalc.present.document import Block, Note

    blocks: list[Block] = []
    for part in parts:
        blocks.append(Note(part.title))
        blocks.extend(part.blocks)
    return Document(title, tuple(blocks))


def forward(spec: ForwardSpec) -> names.Solution:
    from aecalc.nets.forward import build_vanilla, run_forward
    from aecalc.present.forward import forward_document

    network = build_vanilla(spec.we, spec.be, spec.wd, spec.bd, tied=False, act=",".join(spec.act))
    result = run_forward(network, spec.x)
    encoder, decoder = result.layers[0], result.layers[-1]
    first = (
        f"W_e·x = {_vector_text(encoder.weighted)}; then add b_e and apply {spec.act[0]} to get z."
    )
    if spec.quantity == "z":
        slips = [
            Slip(
                "encoder activation forgotten",
                f"W_e·x + b_e is the pre-activation; z = {spec.act[0]}(W_e·x + b_e).",
                vector(encoder.pre_activation),
            )
        ]
        expected = keep(vector(result.z), slips)
        return names.Solution(
            expected,
            "z",
            first,
            lambda digits: forward_document(result, digits),
            lambda digits: _forward_steps(spec, result, digits)[:2],
        )
    if spec.quantity == "x_hat":
        slips = [
            Slip(
                names.SLIP_Z,
                "z is the code (the encoder's output); x̂ is what the decoder makes of it.",
                vector(result.z),
            ),
            Slip(
                names.SLIP_DECODER_ACT,
                f"W_d·z + b_d is the decoder's pre-activation; x̂ = {spec.act[1]}(W_d·z + b_d).",
                vector(decoder.pre_activation),
            ),
        ]
        expected = keep(vector(result.x_hat), slips)
        return names.Solution(
            expected,
            "x̂",
            first,
            lambda digits: forward_document(result, digits),
            lambda digits: _forward_steps(spec, result, digits),
        )
    loss = _loss(spec.loss, spec.x, result.x_hat, spec.log, spec.reduction)
    slips = _loss_slips(spec.loss, spec.x, result.x_hat, spec.log, spec.reduction)
    if spec.loss == "bce":
        from aecalc.nets.losses import bce_problem

        if bce_problem(tuple(spec.x), tuple(result.z), clamp=False) is None:
            slips.append(
                Slip(
                    names.SLIP_Z,
                    "the loss compares x with the reconstruction x̂, not with the code z.",
                    scalar(_loss("bce", spec.x, result.z, spec.log, spec.reduction).value),
                )
            )
            if spec.log == "ln":
                slips.append(
                    Slip(
                        f"{names.SLIP_Z} and {names.SLIP_LOG10}",
                        "the loss takes x̂ (not z) and the natural log (not log₁₀).",
                        scalar(_loss("bce", spec.x, result.z, "log10", spec.reduction).value),
                    )
                )
    shortened = _rounded(result.x_hat, 2)
    if all(0 < v < 1 for v in shortened) or spec.loss != "bce":
        slips.append(
            Slip(
                names.SLIP_ROUNDED,
                "rounding x̂ to two places before the loss moves the answer; keep 4+ places.",
                scalar(_loss(spec.loss, spec.x, shortened, spec.log, spec.reduction).value),
            )
        )
    expected = keep(scalar(loss.value), slips)
    label = {"bce": "BCE", "mse": "MSE", "half-sse": "½ Σ (x − x̂)²"}[spec.loss]

    def document(digits: int) -> Document:
        from aecalc.present.loss import loss_document

        return _combined(
            f"Forward pass, then the {label}",
            (forward_document(result, digits), loss_document(loss, digits)),
        )

    def steps(digits: int) -> tuple[str, ...]:
        terms = ", ".join(names.shown(t.value, digits) for t in loss.terms)
        reduce = _reduction_text(loss, digits)
        return (
            *_forward_steps(spec, result, digits),
            f"{label} of x = {_vector_text(spec.x)} against x̂: terms {terms}",
            f"{label} = {reduce}",
        )

    return names.Solution(expected, label, first, document, steps)


def loss(spec: LossSpec) -> names.Solution:
    from aecalc.present.loss import loss_document

    result = _loss(spec.loss, spec.x, spec.xhat, spec.log, spec.reduction)
    slips = _loss_slips(spec.loss, spec.x, spec.xhat, spec.log, spec.reduction)
    expected = keep(scalar(result.value), slips)
    first_term = result.terms[0]
    from aecalc.values import quantity

    hint = (
        f"Work term by term: element 1 gives {quantity.decimal(first_term.value, 4)}; "
        f"then {'average over' if spec.reduction == 'mean' else 'add up'} the {result.n} terms"
        + (" and halve" if spec.loss == "half-sse" else "")
        + "."
    )
    label = {
        "bce": "BCE",
        "mse": "MSE" if spec.reduction == "mean" else "SSE",
        "half-sse": "½ Σ (x − x̂)²",
    }[spec.loss]
    return names.Solution(
        expected,
        label,
        hint,
        lambda digits: loss_document(result, digits),
        lambda digits: _loss_steps(result, digits),
    )


def _forward_steps(spec: ForwardSpec, result: ForwardResult, digits: int) -> tuple[str, ...]:
    """Encoder then decoder, each as W·h + b, then the activation."""
    encoder, decoder = result.layers[0], result.layers[-1]
    return (
        f"a = W_e·x + b_e = {names.shown_all(encoder.pre_activation, digits)}",
        f"z = {spec.act[0]}(a) = {names.shown_all(result.z, digits)}",
        f"W_d·z + b_d = {names.shown_all(decoder.pre_activation, digits)}",
        f"x̂ = {spec.act[1]}(W_d·z + b_d) = {names.shown_all(result.x_hat, digits)}",
    )


_LOG = {"ln": "ln", "log10": "log₁₀", "log2": "log₂", None: "ln"}


def _term_text(loss: Loss, index: int, digits: int) -> str:
    term = loss.terms[index]
    x, xhat = names.shown(term.x, digits), names.shown(term.x_hat, digits)
    value = names.shown(term.value, digits)
    if loss.name != "bce":
        return f"element {index + 1}: ({x} − {xhat})² = {value}"
    log = _LOG.get(loss.log, "ln")
    if term.x == 1:
        return f"element {index + 1}: −{log}(x̂) = −{log}({xhat}) = {value}"
    if term.x == 0:
        return f"element {index + 1}: −{log}(1 − x̂) = −{log}(1 − {xhat}) = {value}"
    return f"element {index + 1}: −[{x}·{log}({xhat}) + (1 − {x})·{log}(1 − {xhat})] = {value}"


def _reduction_text(loss: Loss, digits: int) -> str:
    total = names.shown(loss.total, digits)
    value = names.shown(loss.value, digits)
    if loss.name == "half-sse":
        return (
            f"½ · {total} = {value}"
            if loss.reduction == "sum"
            else f"½ · {total} / {loss.n} = {value}"
        )
    if loss.reduction == "mean":
        return f"{total} / {loss.n} = {value}"
    return f"sum = {value}"


def _loss_steps(loss: Loss, digits: int) -> tuple[str, ...]:
    """The term of each element (four at most, else one line), the sum, the reduction."""
    if loss.n <= 4:
        terms = [_term_text(loss, i, digits) for i in range(loss.n)]
    else:
        terms = ["terms: " + ", ".join(names.shown(t.value, digits) for t in loss.terms)]
    return (
        *terms,
        f"sum of the terms = {names.shown(loss.total, digits)}",
        _reduction_text(loss, digits),
    )


def _vector_text(values: Sequence[Any]) -> str:
    from aecalc.values import quantity

    return "[" + ", ".join(quantity.decimal(v, 4) for v in values) + "]"
