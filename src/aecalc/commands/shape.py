"""``aecalc shape``: one axis of a convolution or transposed convolution, forward or solved for
the one number left out."""

from __future__ import annotations

from typing import Annotated, Any

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


def _opt(flag: str, help: str) -> Any:
    return typer.Option(flag, help=help, show_default=False)


@guarded
def shape(
    size_in: Annotated[str | None, _opt("--in", "The input size H along the axis.")] = None,
    kernel: Annotated[str | None, _opt("--kernel", "The kernel size K.")] = None,
    stride: Annotated[
        str | None, _opt("--stride", "The stride S (1 unless it is the one to find).")
    ] = None,
    padding: Annotated[
        str | None,
        _opt(
            "--padding",
            "The padding P, same or valid (0 unless it is the one to find). Transposed: the "
            "rows cropped from each border.",
        ),
    ] = None,
    dilation: Annotated[str, typer.Option("--dilation", help="The dilation D.")] = "1",
    out: Annotated[str | None, _opt("--out", "The output size H'.")] = None,
    transpose: Annotated[
        bool, typer.Option("--transpose", help="A transposed convolution (ConvTranspose2d).")
    ] = False,
    output_padding: Annotated[
        str, typer.Option("--output-padding", help="Transposed: the output padding O.")
    ] = "0",
    json: JsonOpt = False,
    format: FormatOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    force: ForceOpt = False,
) -> None:
    """One axis of a convolution: its output size, or the one number left out.

    Every whole solution is listed. Leave out the number to find (or write ?);
    the stride is 1 and the padding 0 unless given or asked for.

    Examples: aecalc shape --in 28 --kernel 3 --stride 2 --padding 1 ·
    aecalc shape --in 256 --out 242 · aecalc shape --in 28 --out 28 --kernel 5 ·
    aecalc shape --in 11 --kernel 3 --out 3 --stride '?' ·
    aecalc shape --transpose --in 7 --kernel 3 --stride 2 --padding 1
    """
    from aecalc.errors import InputError
    from aecalc.nets.conv.shapes import dimension
    from aecalc.nets.conv.solve import FLAGS, QUANTITIES, Given, Quantity, choose, solve
    from aecalc.present.shape import shape_document
    from aecalc.render.output import emit

    options = output_options(json, format, output, digits, force)
    texts: dict[Quantity, str | None] = {
        "in": size_in,
        "kernel": kernel,
        "stride": stride,
        "padding": padding,
        "out": out,
    }
    marked = [q for q in QUANTITIES if (texts[q] or "").strip() == "?"]
    if len(marked) > 1:
        raise InputError(FLAGS[marked[1]], "only one number can be the one to find (?)")
    given: dict[Quantity, Given] = {}
    for quantity in QUANTITIES:
        text = texts[quantity]
        if text is None or quantity in marked:
            continue
        word = text.strip().lower()
        if quantity == "padding" and word in ("same", "valid"):
            given[quantity] = "same" if word == "same" else 0
            continue
        least = 0 if quantity == "padding" else 1
        given[quantity] = dimension(word, FLAGS[quantity], f"the {quantity}", minimum=least)
    unknown, axis, defaults = choose(given, marked[0] if marked else None)
    if axis.padding == "same" and transpose and unknown == "padding":  # pragma: no cover
        raise InputError("--padding", "is given as same")
    axis = axis.changed(
        transpose=transpose,
        dilation=dimension(dilation.strip(), "--dilation", "the dilation"),
        output_padding=dimension(
            output_padding.strip(), "--output-padding", "the output padding", minimum=0
        ),
    )
    result = solve(axis, unknown, defaults)
    emit(options, lambda: shape_document(result), result.as_json)
