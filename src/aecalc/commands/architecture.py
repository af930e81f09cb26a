"""``aecalc params`` and ``aecalc classify``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

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

if TYPE_CHECKING:
    from aecalc.nets.architecture import Convention, Mode

ConventionOpt = Annotated[
    str,
    typer.Option(
        "--convention",
        help="notes: hidden ≥ input is overcomplete (the course). strict: only > is, = is complete.",
    ),
]


def _convention(value: str) -> Convention:
    if value not in ("notes", "strict"):
        raise InputError("--convention", f"{value!r} is not a convention (choose notes or strict)")
    return "notes" if value == "notes" else "strict"


@guarded
def params(
    sizes: Annotated[
        list[str] | None,
        typer.Argument(
            help="Layer sizes: an encoder (10 8 4) or a whole net (8 3 8); 784-128-32 works too."
        ),
    ] = None,
    mirror: Annotated[
        bool, typer.Option("--mirror", help="Treat SIZES as an encoder and mirror it.")
    ] = False,
    as_given: Annotated[
        bool, typer.Option("--as-given", help="Count SIZES exactly as written.")
    ] = False,
    tied: Annotated[
        bool, typer.Option("--tied", help="Decoder weights are the encoder's transposed.")
    ] = False,
    no_bias: Annotated[bool, typer.Option("--no-bias", help="Layers without biases.")] = False,
    convention: ConventionOpt = "notes",
    input_shape: Annotated[
        str | None,
        typer.Option(
            "--input",
            help="HxWxC of a convolutional autoencoder (N for a flat vector); SIZES are then "
            "layer tokens (convKxK[sS][pP]:F, convTKxK[sS][pP][oO]:F, poolK[:same|:valid], "
            "avgpoolK, upK, bn, dropout[:P], flatten, dense:N, reshape:HxWxC).",
        ),
    ] = None,
    json: JsonOpt = False,
    format: FormatOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    force: ForceOpt = False,
) -> None:
    """Count weights and biases layer by layer, with encoder and decoder subtotals.

    Examples: aecalc params 10 8 4 (→ 254) · aecalc params 8 3 8 (→ 59) ·
    aecalc params 9 5 9 --tied (→ 59) · aecalc params 784-128-32 --json
    """
    from aecalc.nets.architecture import count_params
    from aecalc.present.architecture import params_document
    from aecalc.render.output import emit
    from aecalc.values.parse import parse_sizes

    if mirror and as_given:
        raise InputError("--mirror", "cannot be used with --as-given: choose one")
    options = output_options(json, format, output, digits, force)
    if input_shape is not None:
        from aecalc.nets.conv.count import count_conv_params
        from aecalc.present.conv import conv_params_document

        if tied:
            raise InputError(
                "--tied",
                "is for dense layers; a transpose convolution has its own filters (use --mirror "
                "to build the decoder from the encoder)",
            )
        conv = count_conv_params(
            input_shape,
            sizes or [],
            bias=not no_bias,
            mirror=mirror,
            convention=_convention(convention),
        )
        emit(options, lambda: conv_params_document(conv), conv.as_json)
        return
    parsed = parse_sizes(sizes or [])
    mode: Mode = "mirror" if mirror else "as_given" if as_given else "auto"
    result = count_params(
        parsed,
        mode=mode,
        tied=tied,
        bias=not no_bias,
        convention=_convention(convention),
    )
    emit(options, lambda: params_document(result), result.as_json)


@guarded
def classify(
    input: Annotated[str, typer.Argument(help="Units in the input layer.", show_default=False)],
    hidden: Annotated[
        str, typer.Argument(help="Units in the hidden (code) layer.", show_default=False)
    ],
    convention: ConventionOpt = "notes",
    json: JsonOpt = False,
    format: FormatOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    force: ForceOpt = False,
) -> None:
    """Under- or overcomplete? States the rule that decides.

    Examples: aecalc classify 50 80 (→ overcomplete) · aecalc classify 2 2 --convention strict
    """
    from aecalc.nets.architecture import classify as decide
    from aecalc.present.architecture import classify_document
    from aecalc.render.output import emit
    from aecalc.values.parse import parse_size

    options = output_options(json, format, output, digits, force)
    result = decide(
        parse_size(input, "INPUT"),
        parse_size(hidden, "HIDDEN"),
        _convention(convention),
    )
    emit(options, lambda: classify_document(result), result.as_json)
