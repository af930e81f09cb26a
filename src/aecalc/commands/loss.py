"""``aecalc loss mse|bce|half-sse``: a reconstruction loss term by term."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, TypeVar

import typer

from aecalc.commands.common import (
    DigitsOpt,
    ForceOpt,
    FormatOpt,
    JsonOpt,
    OutputOpt,
    guarded,
    output_options,
)
from aecalc.errors import InputError
from aecalc.nets.losses import LOG_BASES, LOSSES, REDUCTIONS, LogBase, Reduction, choices_text

T = TypeVar("T")

_LOGS: dict[str, LogBase] = {base: base for base in LOG_BASES}
_REDUCTIONS: dict[str, Reduction] = {reduction: reduction for reduction in REDUCTIONS}
_WITH_LOGS = ", ".join(name for name, entry in LOSSES.items() if entry.log_bases)
_CLAMPED = ", ".join(name for name, entry in LOSSES.items() if entry.clampable)


def _choice(value: str, choices: Mapping[str, T], argument: str) -> T:
    chosen = choices.get(value.strip().lower())
    if chosen is None:
        raise InputError(argument, f"{value!r} is not one of {', '.join(choices)}")
    return chosen


@guarded
def loss(
    name: Annotated[
        str, typer.Argument(metavar="LOSS", help=choices_text() + ".", show_default=False)
    ],
    x: Annotated[
        str, typer.Option("--x", help="The target (the input, for an autoencoder): 1,0 or [3,5,2].")
    ],
    xhat: Annotated[
        str, typer.Option("--xhat", help="The reconstruction x̂, as many values as --x.")
    ],
    log: Annotated[
        str, typer.Option("--log", help="BCE's logarithm: ln (PyTorch, Keras), log10 or log2.")
    ] = "ln",
    reduction: Annotated[
        str | None,
        typer.Option(
            "--reduction",
            help="mean or sum of the terms (default: mean; half-sse is ½·sum by definition).",
        ),
    ] = None,
    clamp: Annotated[
        bool,
        typer.Option("--clamp", help="BCE: clamp each log at −100 (PyTorch), allowing x̂ = 0 or 1."),
    ] = False,
    json: JsonOpt = False,
    format: FormatOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    force: ForceOpt = False,
) -> None:
    """A reconstruction loss term by term, exact where the inputs are, with the other conventions.

    Examples: aecalc loss mse --x 3,5,2 --xhat 2,4,3 (→ 1) ·
    aecalc loss bce --x 1,0 --xhat 0.675,0.6225 --log log10 · aecalc loss half-sse --x 1,2 --xhat 0,0
    """
    from aecalc.nets.losses import compute_loss
    from aecalc.present.loss import loss_document
    from aecalc.render.output import emit
    from aecalc.values.parse import parse_vector

    options = output_options(json, format, output, digits, force)
    entry = _choice(name, LOSSES, "LOSS")
    loss_name = entry.name
    base = _choice(log, _LOGS, "--log")
    if base != "ln" and base not in entry.log_bases:
        raise InputError("--log", f"only applies to {_WITH_LOGS}, not {loss_name}")
    if clamp and not entry.clampable:
        raise InputError("--clamp", f"only applies to {_CLAMPED}, not {loss_name}")
    chosen = None if reduction is None else _choice(reduction, _REDUCTIONS, "--reduction")
    result = compute_loss(
        loss_name,
        parse_vector(x, "--x"),
        parse_vector(xhat, "--xhat"),
        log=base,
        reduction=chosen,
        clamp=clamp,
    )
    emit(options, lambda: loss_document(result, options.digits), result.as_json)
