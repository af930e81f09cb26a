"""``aecalc pool max|avg`` and ``aecalc upsample``: the operations without weights, window by window."""

from __future__ import annotations

from typing import Annotated

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
from aecalc.commands.maps import ThenOpt

XOpt = Annotated[
    list[str],
    typer.Option(
        "--x",
        help="The input map: a matrix (1,2;3,4), a .npy of (C, H, W) or (H, W), or a .json an "
        "aecalc command wrote. Repeat for more channels.",
        show_default=False,
    ),
]


@guarded
def pool(
    kind: Annotated[str, typer.Argument(metavar="KIND", help="max or avg.", show_default=False)],
    x: XOpt,
    size: Annotated[str, typer.Option("--size", help="The window: K, or KHxKW per axis.")] = "2",
    stride: Annotated[
        str | None,
        typer.Option(
            "--stride", help="S or SHxSW (default: the window size, as PyTorch and Keras)."
        ),
    ] = None,
    padding: Annotated[
        str | None,
        typer.Option("--padding", help="P or PHxPW (default 0), at most half the window."),
    ] = None,
    ceil: Annotated[
        bool,
        typer.Option(
            "--ceil", help="Round the size up (PyTorch's ceil_mode): keep a last partial window."
        ),
    ] = False,
    then: ThenOpt = None,
    json: JsonOpt = False,
    format: FormatOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    force: ForceOpt = False,
) -> None:
    """Max or average pooling by hand: every window written out, the argmax named.

    Examples: aecalc pool max --x "1,3,2,1;4,6,5,0;7,2,9,8;1,0,3,4" ·
    aecalc pool avg --x "1,2,3;4,5,6;7,8,9" --size 2 --stride 1 ·
    aecalc pool max --x "1,2,3;4,5,6;7,8,9" --ceil
    """
    from aecalc.commands.maps import read_crop, read_maps, read_pair, with_steps
    from aecalc.errors import InputError
    from aecalc.nets.conv import chain
    from aecalc.nets.conv.pooling import POOL_KINDS, PoolSpec
    from aecalc.nets.conv.pooling import pool as pooled
    from aecalc.present.pooling import pool_document
    from aecalc.render.output import emit

    options = output_options(json, format, output, digits, force)
    chosen = next((k for k in POOL_KINDS if k == kind.strip().lower()), None)
    if chosen is None:
        raise InputError("KIND", f"{kind!r} is not a pool: choose max or avg")
    steps = tuple(then or ())
    chain.check_steps(steps)
    spec = PoolSpec(
        kind=chosen,
        size=read_pair(size, "--size", "window size", (2, 2)),
        stride=None if stride is None else read_pair(stride, "--stride", "stride", (1, 1)),
        padding=read_crop(padding),
        ceil=ceil,
    )
    result = pooled(read_maps(x, "--x"), spec)
    done = chain.run(result.output, steps)
    emit(
        options,
        lambda: pool_document(result, done, options.digits),
        lambda: with_steps(result.as_json(), done),
    )


@guarded
def upsample(
    x: XOpt,
    scale: Annotated[str, typer.Option("--scale", help="K, or KHxKW per axis.")] = "2",
    mode: Annotated[
        str,
        typer.Option(
            "--mode", help="nearest (repeat each value) or zeros (the value, then zeros)."
        ),
    ] = "nearest",
    then: ThenOpt = None,
    json: JsonOpt = False,
    format: FormatOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    force: ForceOpt = False,
) -> None:
    """Upsampling by hand: each value repeated in a K×K block, or followed by zeros.

    Examples: aecalc upsample --x "1,2;3,4" ·
    aecalc upsample --x "1,2;3,4" --scale 3 --mode zeros
    """
    from aecalc.commands.maps import read_maps, read_pair, with_steps
    from aecalc.errors import InputError
    from aecalc.nets.conv import chain
    from aecalc.nets.conv.pooling import UP_MODES, UpSpec
    from aecalc.nets.conv.pooling import upsample as upsampled
    from aecalc.present.pooling import upsample_document
    from aecalc.render.output import emit

    options = output_options(json, format, output, digits, force)
    chosen = next((m for m in UP_MODES if m == mode.strip().lower()), None)
    if chosen is None:
        raise InputError("--mode", f"{mode!r} is not a mode: choose nearest or zeros")
    steps = tuple(then or ())
    chain.check_steps(steps)
    spec = UpSpec(read_pair(scale, "--scale", "scale", (2, 2)), chosen)
    result = upsampled(read_maps(x, "--x"), spec)
    done = chain.run(result.output, steps)
    emit(
        options,
        lambda: upsample_document(result, done, options.digits),
        lambda: with_steps(result.as_json(), done),
    )
