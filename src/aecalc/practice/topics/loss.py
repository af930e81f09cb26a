"""The ``loss`` topic: a reconstruction loss of x̂ against x (``aecalc loss``), term by term.

MSE or the lecture's ½ Σ (x − x̂)² of small integers (exact answers), or the BCE of a binary x and
x̂ in tenths. The solver calls :func:`aecalc.nets.losses.compute_loss` and shows the ``loss``
command's own document; the named slips are the same loss computed the usual wrong ways (log₁₀
for ln, the sum for the mean, a ½ forgotten or added). The forward topic reuses the slips and
the lines of working written here for the loss after a forward pass.

Every loss is named through its entry in :data:`aecalc.nets.losses.LOSSES` (:data:`MSE`,
:data:`BCE`, :data:`HALF_SSE`), never by spelling its name again.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any, Literal, cast

from aecalc.nets.losses import (
    LOG_BASES,
    LOG_SYMBOL,
    LOSSES,
    REDUCTIONS,
    LogBase,
    Loss,
    Reduction,
)
from aecalc.practice.answers.expected import Expected, Slip
from aecalc.practice.answers.slips import HALF_FORGOTTEN, KnownSlip, both
from aecalc.practice.answers.steps import Given, Step
from aecalc.practice.topics import solution as shared
from aecalc.practice.topics.fields import FieldError, choice, vector
from aecalc.practice.topics.generating import generated, number_text, pick, vector_text
from aecalc.practice.topics.problem import Problem
from aecalc.practice.topics.solution import Solution, finished, keep, scalar
from aecalc.practice.topics.topic import Topic
from aecalc.record import Record
from aecalc.values.parse import Vector

MSE, BCE, HALF_SSE = LOSSES["mse"], LOSSES["bce"], LOSSES["half-sse"]
"""The registry's entries, named once for the practice topics."""
LABELS: dict[str, str] = {MSE.name: "MSE", BCE.name: "BCE", HALF_SSE.name: "½ Σ (x − x̂)²"}
"""How a question names each loss."""

LOG10 = KnownSlip("log10 for ln", "cross-entropy uses the natural log.")
LOG2 = KnownSlip("log2 for ln", "cross-entropy uses the natural log.")
SUM = KnownSlip("sum for mean", "the question asks for the mean over the outputs, not the sum.")
MEAN = KnownSlip("mean for sum", "the question asks for the sum, not the mean.")
HALF_ADDED = KnownSlip("½ added", "this loss has no ½ in front.")


class LossSpec(Record):
    """A reconstruction loss of ``xhat`` against ``x`` (``aecalc loss``)."""

    loss: str
    x: Vector
    xhat: Vector
    log: str = "ln"
    reduction: str = "mean"

    kind: Literal["loss"] = "loss"


def read(data: Mapping[str, object]) -> LossSpec:
    """``kind = "loss"``: a loss of xhat against x."""
    x = vector(data, "x")
    xhat = vector(data, "xhat")
    assert x is not None and xhat is not None
    if len(x) != len(xhat):
        raise FieldError("solve.xhat", f"has {len(xhat)} values but x has {len(x)}")
    name = choice(data, "loss", tuple(LOSSES), MSE.name)
    return LossSpec(
        loss=name,
        x=x,
        xhat=xhat,
        log=choice(data, "log", LOG_BASES, "ln"),
        reduction=choice(data, "reduction", REDUCTIONS, LOSSES[name].default_reduction),
    )


def value(
    name: str, x: Sequence[Any], x_hat: Sequence[Any], log: str = "ln", reduction: str = "mean"
) -> Loss:
    """The loss ``name`` of ``x_hat`` against ``x`` (:func:`aecalc.nets.losses.compute_loss`)."""
    from aecalc.nets.losses import compute_loss

    return compute_loss(
        LOSSES[name].name,
        tuple(x),
        tuple(x_hat),
        log=cast(LogBase, log),
        reduction=cast(Reduction, reduction),
    )


def slips(
    name: str, x: Sequence[Any], x_hat: Sequence[Any], log: str, reduction: str
) -> list[Slip]:
    """Values the usual loss mistakes give for these vectors."""
    found: list[Slip] = []

    def add(slip: str, why: str, loss: str, base: str, red: str) -> None:
        found.append(Slip(slip, why, scalar(value(loss, x, x_hat, base, red).value)))

    if name == BCE.name:
        if log == "ln":
            natural = "BCE uses the natural log (PyTorch, Keras)."
            add(LOG10.name, natural, BCE.name, "log10", reduction)
            add(LOG2.name, natural, BCE.name, "log2", reduction)
        other = "sum" if reduction == "mean" else "mean"
        slip = SUM.name if reduction == "mean" else MEAN.name
        add(slip, f"this question asks for the {reduction} over the outputs.", name, log, other)
    elif name == MSE.name:
        if reduction == "mean":
            add(SUM.name, "MSE divides the sum of squares by n.", name, log, "sum")
            add(
                HALF_ADDED.name,
                "MSE has no ½; that is the lecture's ½‖x − x̂‖².",
                HALF_SSE.name,
                log,
                "sum",
            )
            add(HALF_ADDED.name, "MSE has no ½ in front.", HALF_SSE.name, log, "mean")
        else:
            add(MEAN.name, "this question asks for the plain sum of squares.", name, log, "mean")
            add(HALF_ADDED.name, "the sum of squares has no ½ in front.", HALF_SSE.name, log, "sum")
    else:
        halves = "the lecture's L = ½ Σ (x − x̂)² halves the sum."
        add(HALF_FORGOTTEN.name, halves, MSE.name, log, "sum")
        if reduction == "sum":
            add(
                MEAN.name, "L = ½‖x − x̂‖² sums the squares; it does not average.", name, log, "mean"
            )
            add(
                both(MEAN, HALF_FORGOTTEN),
                "L = ½‖x − x̂‖² halves the sum; this is the mean, without the ½.",
                MSE.name,
                log,
                "mean",
            )
    return found


def _names(label: str) -> tuple[str, ...]:
    """What a student may call the loss step."""
    return tuple(dict.fromkeys(("loss", label, "E", "MSE", "BCE", "SSE", "½Σ", "½ Σ (x − x̂)²")))


def loss_step(
    name: str,
    x: Sequence[Any],
    x_hat: str,
    log: str,
    reduction: str,
    result: Loss,
    label: str,
) -> Step:
    """The step ``L`` of a working whose earlier step ``x_hat`` gives x̂: the loss of x̂ against
    ``x`` (:func:`value`), worked again from a given x̂ with the usual slips (:func:`slips`)."""

    def recompute(given: Given) -> Expected:
        x_hat_given = given[x_hat]
        loss = value(name, x, x_hat_given, log, reduction)
        return keep(scalar(loss.value), slips(name, x, x_hat_given, log, reduction))

    found = slips(name, x, [t.x_hat for t in result.terms], log, reduction)
    return Step(
        "L",
        keep(scalar(result.value), found),
        (x_hat,),
        recompute,
        _names(label),
        how=f"{label}(x, {x_hat})",
    )


def term_steps(result: Loss, label: str) -> list[Step]:
    """A loss worked from given x and x̂: its terms (one per element), then ``L``, the terms
    reduced as the loss asks (:func:`aecalc.nets.loss_terms.reduced`), worked again from given
    terms."""
    from aecalc.nets.loss_terms import reduced

    name, reduction = result.name, result.reduction
    other: Reduction = "sum" if reduction == "mean" else "mean"
    wrong = SUM if reduction == "mean" else MEAN

    def reduce(terms: Sequence[Any], red: Reduction) -> Any:
        from aecalc.nets.arith import RATIONAL

        total = sum((Fraction(t) for t in terms), Fraction(0))
        return reduced(name, total, len(terms), red, RATIONAL)

    def recompute(given: Given) -> Expected:
        terms = given["terms"]
        why = f"this question asks for the {reduction} over the outputs."
        return keep(
            scalar(reduce(terms, reduction)),
            [Slip(wrong.name, why, scalar(reduce(terms, other)))],
        )

    if name == BCE.name:
        log = LOG_SYMBOL[result.log or "ln"]
        term_how = f"−[x·{log}(x̂) + (1 − x)·{log}(1 − x̂)]"
        aliases: tuple[str, ...] = ("BCE terms", term_how, "logs")
    else:
        term_how = "(x − x̂)²"
        aliases = (term_how, "squares", "squared errors", "(x̂ − x)²")
    terms = Step(
        "terms", shared.vector([t.value for t in result.terms]), aliases=aliases, how=term_how
    )
    how = "Σ terms / n" if reduction == "mean" else "Σ terms"
    if name == HALF_SSE.name:
        how = f"½ · {how}"
    found = recompute({"terms": terms.truth}).slips
    last = Step(
        "L", keep(scalar(result.value), list(found)), ("terms",), recompute, _names(label), how=how
    )
    return [terms, last]


def solve(spec: LossSpec) -> Solution:
    from aecalc.present.loss import loss_document

    result = value(spec.loss, spec.x, spec.xhat, spec.log, spec.reduction)
    expected = keep(
        scalar(result.value), slips(spec.loss, spec.x, spec.xhat, spec.log, spec.reduction)
    )
    hint = (
        "Work term by term, one term per element"
        + (
            f" ({LOG_SYMBOL[spec.log]} of x̂ where x = 1, of 1 − x̂ where x = 0)"
            if spec.loss == BCE.name
            else " (the squared difference)"
        )
        + f"; then {'average over' if spec.reduction == 'mean' else 'add up'} the terms"
        + (" and halve" if spec.loss == HALF_SSE.name else "")
        + "."
    )
    label = LABELS[spec.loss]
    if spec.loss == MSE.name and spec.reduction != "mean":
        label = "SSE"
    work = finished(term_steps(result, label), expected)
    return Solution(
        work.final,
        label,
        hint,
        lambda digits: loss_document(result, digits),
        lambda digits: steps(result, digits),
        work,
    )


def _term_text(loss: Loss, index: int, digits: int) -> str:
    term = loss.terms[index]
    x, xhat = shared.shown(term.x, digits), shared.shown(term.x_hat, digits)
    result = shared.shown(term.value, digits)
    if loss.name != BCE.name:
        return f"element {index + 1}: ({x} − {xhat})² = {result}"
    log = LOG_SYMBOL[loss.log or "ln"]
    if term.x == 1:
        return f"element {index + 1}: −{log}(x̂) = −{log}({xhat}) = {result}"
    if term.x == 0:
        return f"element {index + 1}: −{log}(1 − x̂) = −{log}(1 − {xhat}) = {result}"
    return f"element {index + 1}: −[{x}·{log}({xhat}) + (1 − {x})·{log}(1 − {xhat})] = {result}"


def reduction_text(loss: Loss, digits: int) -> str:
    """The last line of the working: the terms' sum reduced as the loss asks (``½ · 2 = 1``)."""
    total = shared.shown(loss.total, digits)
    result = shared.shown(loss.value, digits)
    if loss.name == HALF_SSE.name:
        return (
            f"½ · {total} = {result}"
            if loss.reduction == "sum"
            else f"½ · {total} / {loss.n} = {result}"
        )
    if loss.reduction == "mean":
        return f"{total} / {loss.n} = {result}"
    return f"sum = {result}"


def steps(loss: Loss, digits: int) -> tuple[str, ...]:
    """The term of each element (four at most, else one line), the sum, the reduction."""
    if loss.n <= 4:
        terms = [_term_text(loss, i, digits) for i in range(loss.n)]
    else:
        terms = ["terms: " + ", ".join(shared.shown(t.value, digits) for t in loss.terms)]
    return (
        *terms,
        f"sum of the terms = {shared.shown(loss.total, digits)}",
        reduction_text(loss, digits),
    )


KINDS = tuple(loss.name.replace("-", "_") for loss in (MSE, MSE, BCE, BCE, HALF_SSE))
"""The question kinds (a loss's name as an id writes it, ``_`` for ``-``); repeats weigh a kind."""


def generate(rng: random.Random, level: int = 2, kind: str | None = None) -> Problem:
    """MSE or ½ Σ of small integers (exact answers), or BCE of a binary x and x̂ in tenths;
    level 1 has two values, level 3 four or five, in tenths and hundredths."""
    picked = pick(rng, kind, KINDS)
    name = picked.replace("_", "-")
    n = 2 if level == 1 else rng.randint(2, 4) if level == 2 else rng.randint(4, 5)
    if name == BCE.name:
        n = min(n, 3) if level < 3 else n
        x = tuple(Fraction(rng.randint(0, 1)) for _ in range(n))
        if level == 3:
            xhat = tuple(Fraction(rng.randint(1, 99), 100) for _ in range(n))
        else:
            xhat = tuple(Fraction(rng.randint(1, 9), 10) for _ in range(n))
        text = (
            f"x = {vector_text(x)} and x̂ = {vector_text(xhat)}. Compute the binary "
            f"cross-entropy with the natural log, averaged over the {n} outputs (4 places)."
        )
        spec = LossSpec(name, x, xhat, "ln", "mean")
    else:
        if level == 3:
            x = tuple(Fraction(rng.randint(0, 10), 10) for _ in range(n))
            xhat = tuple(Fraction(rng.randint(0, 100), 100) for _ in range(n))
            if xhat == x:
                xhat = (x[0] + Fraction(1, 100), *xhat[1:])
        else:
            x = tuple(Fraction(rng.randint(0, 5 if level == 2 else 3)) for _ in range(n))
            deltas = [rng.choice((-2, -1, -1, 0, 1, 1, 2)) for _ in range(n)]
            if not any(deltas):
                deltas[0] = 1
            xhat = tuple(v + d for v, d in zip(x, deltas, strict=True))
        if name == MSE.name:
            what = f"the mean squared error over the {n} values (exactly, or to 4 places)"
        else:
            what = "the lecture's loss L = ½ Σ (x_i − x̂_i)²"
        spec = LossSpec(name, x, xhat, "ln", LOSSES[name].default_reduction)
        text = f"x = {vector_text(x)} and x̂ = {vector_text(xhat)}. Compute {what}."
    return generated(
        "loss",
        f"gen-loss-{picked}-{'_'.join(map(number_text, x))}-"
        + "_".join(number_text(v) for v in xhat),
        LABELS[name],
        text,
        spec,
    )


TOPIC: Topic[LossSpec] = Topic(
    "loss",
    "Reconstruction losses",
    reader=read,
    solver=solve,
    generator=generate,
    kinds=tuple(dict.fromkeys(KINDS)),
    also_solves=("forward",),
    rank=1,
    marks=3,
    slips=(LOG10, LOG2, SUM, MEAN, HALF_FORGOTTEN, HALF_ADDED),
)
