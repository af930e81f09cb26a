"""The ``forward`` topic: one forward pass of a vanilla autoencoder, and the loss after it.

``x → z = f(W_e·x + b_e) → x̂ = g(W_d·z + b_d)`` with small weights: the question asks for z,
x̂ or the reconstruction loss. The solver calls the forward pass the ``forward`` command runs
(:func:`aecalc.nets.forward.build_vanilla` + :func:`~aecalc.nets.forward.run_forward`) and, for
a loss, the loss topic's working; the named slips are z given for x̂, an activation forgotten
and x̂ rounded too early.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from aecalc.nets.activations import NAMES as ACTIVATIONS
from aecalc.nets.losses import LOG_BASES, LOSSES, REDUCTIONS
from aecalc.practice.answers.expected import Slip
from aecalc.practice.answers.slips import KnownSlip, both
from aecalc.practice.topics import loss as losses
from aecalc.practice.topics import solution as shared
from aecalc.practice.topics.dense_steps import ACT_EARLY, NO_BIAS, TRANSPOSED, forward_steps
from aecalc.practice.topics.fields import FieldError, choice, matrix, vector
from aecalc.practice.topics.generating import (
    arrow,
    generated,
    matrix_text,
    pick,
    vector_text,
)
from aecalc.practice.topics.loss import BCE, LABELS, LOG10
from aecalc.practice.topics.problem import Problem
from aecalc.practice.topics.solution import Solution, answering, finished, keep, scalar
from aecalc.practice.topics.topic import Topic
from aecalc.present.document import Document
from aecalc.record import Record
from aecalc.values.parse import Matrix, Vector

if TYPE_CHECKING:
    from aecalc.nets.forward import ForwardResult

Z = KnownSlip("z given for x̂", "z is the code; x̂ is what the decoder makes of it.")
ENCODER_ACT = KnownSlip(
    "encoder activation forgotten", "z is the encoder's activation of W_e·x + b_e."
)
DECODER_ACT = KnownSlip(
    "decoder activation forgotten", "x̂ is the decoder's activation of W_d·z + b_d."
)
ROUNDED = KnownSlip(
    "rounded too early", "rounding intermediate values moves the answer; keep 4+ places."
)

QUANTITIES = ("x_hat", "z", "loss")


class ForwardSpec(Record):
    """A vanilla forward pass ``x → z = f(W_e·x + b_e) → x̂ = g(W_d·z + b_d)``."""

    x: Vector
    we: Matrix
    wd: Matrix
    be: Vector | None = None
    bd: Vector | None = None
    act: tuple[str, str] = ("sigmoid", "sigmoid")
    quantity: str = "x_hat"
    loss: str = BCE.name
    log: str = "ln"
    reduction: str = "mean"

    kind: Literal["forward"] = "forward"


def read(data: Mapping[str, object]) -> ForwardSpec:
    """``kind = "forward"``: a vanilla pass (x, we, wd, optional be, bd, act, quantity, loss…)."""
    x = vector(data, "x")
    assert x is not None
    we = matrix(data, "we")
    wd = matrix(data, "wd")
    be = vector(data, "be", required=False)
    bd = vector(data, "bd", required=False)
    if len(we[0]) != len(x):
        raise FieldError("solve.we", f"has {len(we[0])} columns but x has {len(x)} values")
    if len(wd[0]) != len(we):
        raise FieldError("solve.wd", f"has {len(wd[0])} columns but W_e has {len(we)} rows")
    if len(wd) != len(x):
        raise FieldError("solve.wd", f"has {len(wd)} rows but x has {len(x)} values")
    if be is not None and len(be) != len(we):
        raise FieldError("solve.be", f"has {len(be)} values but W_e has {len(we)} rows")
    if bd is not None and len(bd) != len(wd):
        raise FieldError("solve.bd", f"has {len(bd)} values but W_d has {len(wd)} rows")
    act = data.get("act", "sigmoid")
    names = [act, act] if isinstance(act, str) else act
    if not isinstance(names, list) or len(names) != 2 or any(n not in ACTIVATIONS for n in names):
        raise FieldError(
            "solve.act", f"must be one activation or a list of two, from {', '.join(ACTIVATIONS)}"
        )
    loss = choice(data, "loss", tuple(LOSSES), BCE.name)
    return ForwardSpec(
        x=x,
        we=we,
        wd=wd,
        be=be,
        bd=bd,
        act=(str(names[0]), str(names[1])),
        quantity=choice(data, "quantity", QUANTITIES, "x_hat"),
        loss=loss,
        log=choice(data, "log", LOG_BASES, "ln"),
        reduction=choice(data, "reduction", REDUCTIONS, LOSSES[loss].default_reduction),
    )


def _rounded(values: Sequence[Any], places: int) -> tuple[Fraction, ...]:
    from aecalc.values import quantity

    scale = 10**places
    return tuple(
        Fraction(round(quantity.to_fraction(v, shared.PRECISION) * scale), scale) for v in values
    )


def _combined(title: str, parts: Sequence[Document]) -> Document:
    from aecalc.present.document import Block, Note

    blocks: list[Block] = []
    for part in parts:
        blocks.append(Note(part.title))
        blocks.extend(part.blocks)
    return Document(title, tuple(blocks))


def solve(spec: ForwardSpec) -> Solution:
    from aecalc.nets.forward import build_vanilla, run_forward
    from aecalc.present.forward import forward_document

    network = build_vanilla(spec.we, spec.be, spec.wd, spec.bd, tied=False, act=",".join(spec.act))
    result = run_forward(network, spec.x)
    encoder, decoder = result.layers[0], result.layers[-1]
    written, _names = forward_steps(
        network,
        result.layers,
        ("z", "x̂"),
        written=True,
        aliases=(("h", "h1", "code"), ("output", "reconstruction")),
        forgotten=(ENCODER_ACT, DECODER_ACT),
    )
    first = (
        "Work layer by layer, naming every vector: W_e·x, then + b_e and the encoder's "
        f"{spec.act[0]} give z; then W_d·z, + b_d and the decoder's {spec.act[1]} give x̂."
    )
    if spec.quantity == "z":
        found = [
            Slip(
                ENCODER_ACT.name,
                f"W_e·x + b_e is the pre-activation; z = {spec.act[0]}(W_e·x + b_e).",
                shared.vector(encoder.pre_activation),
            )
        ]
        encoder_steps = written[: [made.name for made in written].index("z") + 1]
        work = finished(encoder_steps, keep(shared.vector(result.z), found))
        return Solution(
            work.final,
            "z",
            "Name every vector: W_e·x first, then + b_e, then the encoder's "
            f"{spec.act[0]} gives z.",
            lambda digits: forward_document(result, digits),
            lambda digits: _steps(spec, result, digits)[:2],
            work,
        )
    x_hat = keep(
        shared.vector(result.x_hat),
        [
            Slip(
                Z.name,
                "z is the code (the encoder's output); x̂ is what the decoder makes of it.",
                shared.vector(result.z),
            ),
            Slip(
                DECODER_ACT.name,
                f"W_d·z + b_d is the decoder's pre-activation; x̂ = {spec.act[1]}(W_d·z + b_d).",
                shared.vector(decoder.pre_activation),
            ),
        ],
    )
    written[-1] = answering(written[-1], x_hat)  # the same slips where x̂ is a step on the way
    if spec.quantity == "x_hat":
        work = finished(written, x_hat)
        return Solution(
            work.final,
            "x̂",
            first,
            lambda digits: forward_document(result, digits),
            lambda digits: _steps(spec, result, digits),
            work,
        )
    loss = losses.value(spec.loss, spec.x, result.x_hat, spec.log, spec.reduction)
    found = losses.slips(spec.loss, spec.x, result.x_hat, spec.log, spec.reduction)
    if spec.loss == BCE.name:
        from aecalc.nets.losses import bce_problem

        if bce_problem(tuple(spec.x), tuple(result.z), clamp=False) is None:
            found.append(
                Slip(
                    Z.name,
                    "the loss compares x with the reconstruction x̂, not with the code z.",
                    scalar(
                        losses.value(BCE.name, spec.x, result.z, spec.log, spec.reduction).value
                    ),
                )
            )
            if spec.log == "ln":
                found.append(
                    Slip(
                        both(Z, LOG10),
                        "the loss takes x̂ (not z) and the natural log (not log₁₀).",
                        scalar(
                            losses.value(BCE.name, spec.x, result.z, "log10", spec.reduction).value
                        ),
                    )
                )
    shortened = _rounded(result.x_hat, 2)
    if all(0 < v < 1 for v in shortened) or spec.loss != BCE.name:
        found.append(
            Slip(
                ROUNDED.name,
                "rounding x̂ to two places before the loss moves the answer; keep 4+ places.",
                scalar(losses.value(spec.loss, spec.x, shortened, spec.log, spec.reduction).value),
            )
        )
    label = LABELS[spec.loss]
    last = losses.loss_step(spec.loss, spec.x, "x̂", spec.log, spec.reduction, loss, label)
    work = finished([*written, last], keep(scalar(loss.value), found))

    def document(digits: int) -> Document:
        from aecalc.present.loss import loss_document

        return _combined(
            f"Forward pass, then the {label}",
            (forward_document(result, digits), loss_document(loss, digits)),
        )

    def steps(digits: int) -> tuple[str, ...]:
        terms = ", ".join(shared.shown(t.value, digits) for t in loss.terms)
        return (
            *_steps(spec, result, digits),
            f"{label} of x = {_vector_text(spec.x)} against x̂: terms {terms}",
            f"{label} = {losses.reduction_text(loss, digits)}",
        )

    hint = first + f" Then the {label} of x̂ against x, term by term."
    return Solution(work.final, label, hint, document, steps, work)


def _steps(spec: ForwardSpec, result: ForwardResult, digits: int) -> tuple[str, ...]:
    """Encoder then decoder, each as W·h + b, then the activation."""
    encoder, decoder = result.layers[0], result.layers[-1]
    return (
        f"a = W_e·x + b_e = {shared.shown_all(encoder.pre_activation, digits)}",
        f"z = {spec.act[0]}(a) = {shared.shown_all(result.z, digits)}",
        f"W_d·z + b_d = {shared.shown_all(decoder.pre_activation, digits)}",
        f"x̂ = {spec.act[1]}(W_d·z + b_d) = {shared.shown_all(result.x_hat, digits)}",
    )


def _vector_text(values: Sequence[Any]) -> str:
    from aecalc.values import quantity

    return "[" + ", ".join(quantity.decimal(v, 4) for v in values) + "]"


_WEIGHTS = (-1, 0, 1, 1, 2)
_TENTHS = tuple(Fraction(n, 10) for n in range(-9, 10))
KINDS = ("x_hat", "x_hat", "z")


def _matrix(
    rng: random.Random, rows: int, cols: int, values: Sequence[Fraction | int] = _WEIGHTS
) -> tuple[tuple[Fraction, ...], ...]:
    while True:
        matrix = tuple(
            tuple(Fraction(rng.choice(tuple(values))) for _ in range(cols)) for _ in range(rows)
        )
        if all(any(v != 0 for v in row) for row in matrix):
            return matrix


def generate(rng: random.Random, level: int = 2, kind: str | None = None) -> Problem:
    """A vanilla pass: 2 → 1 → 2 ReLU/linear in integers (level 1), 2 → 2 → 2 or 3 → 2 → 3
    sigmoid with small integer weights (level 2), 3–4 inputs with weights in tenths (level 3)."""
    n = rng.choice({1: (2,), 2: (2, 2, 3), 3: (3, 4)}[level])
    h = rng.choice((2, 3)) if level == 3 else level  # 1 unit at level 1, 2 at level 2
    values: Sequence[Fraction | int] = _TENTHS if level == 3 else _WEIGHTS
    if level == 3:
        x = tuple(Fraction(rng.randint(0, 10), 10) for _ in range(n))
    else:
        x = tuple(Fraction(rng.randint(0, 1)) for _ in range(n))
    if not any(x):
        x = (Fraction(1), *x[1:])
    we = _matrix(rng, h, n, values)
    wd = _matrix(rng, n, h, values)
    biases: tuple[Fraction, ...] = tuple(map(Fraction, (0, 0, 0, 1, -1))) if level < 3 else _TENTHS
    be = tuple(rng.choice(biases) for _ in range(h))
    bd = tuple(Fraction(0) for _ in range(n))
    act = {
        1: (("relu", "linear"),),
        2: (("sigmoid", "sigmoid"), ("sigmoid", "sigmoid"), ("relu", "sigmoid")),
        3: (("sigmoid", "sigmoid"), ("tanh", "sigmoid"), ("relu", "sigmoid"), ("tanh", "linear")),
    }[level]
    activations = rng.choice(act)
    quantity = pick(rng, kind, KINDS)
    what = "the code z" if quantity == "z" else "the reconstruction x̂"
    places = "exactly" if level == 1 else "4 decimal places"
    text = (
        f"x = {vector_text(x)}; W_e = {matrix_text(we)}, b_e = {vector_text(be)}; "
        f"W_d = {matrix_text(wd)}, b_d = {vector_text(bd)}. "
        f"Encoder activation {activations[0]}, decoder activation {activations[1]}. "
        f"Compute {what} ({places}; separate the values with commas)."
    )
    return generated(
        "forward",
        f"gen-forward-{quantity}-{rng.randrange(10**9)}",
        f"Forward pass {arrow((n, h, n))}",
        text,
        ForwardSpec(x=x, we=we, wd=wd, be=be, bd=bd, act=activations, quantity=quantity),
    )


TOPIC: Topic[ForwardSpec] = Topic(
    "forward",
    "Forward passes",
    reader=read,
    solver=solve,
    generator=generate,
    kinds=tuple(dict.fromkeys(KINDS)),
    marks=4,
    slips=(Z, ENCODER_ACT, DECODER_ACT, ROUNDED, TRANSPOSED, ACT_EARLY, NO_BIAS),
)
