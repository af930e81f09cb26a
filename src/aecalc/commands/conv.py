"""``aecalc conv``: a convolution (or with ``--transpose`` a transposed one) worked cell by cell."""

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
from aecalc.errors import InputError


@guarded
def conv(
    x: Annotated[
        list[str],
        typer.Option(
            "--x",
            help="The input map: a matrix (1,2;3,4), a .npy of (C, H, W) or (H, W), or a .json "
            "an aecalc command wrote. Repeat for more input channels.",
            show_default=False,
        ),
    ],
    k: Annotated[
        list[str],
        typer.Option(
            "--k",
            help="The kernel: one per --x (one filter summing over the channels), or a .npy of "
            "weights (F, C, KH, KW) for F filters.",
            show_default=False,
        ),
    ],
    stride: Annotated[
        str | None, typer.Option("--stride", help="S, or SHxSW per axis (default 1).")
    ] = None,
    padding: Annotated[
        str | None,
        typer.Option(
            "--padding",
            help="P, PHxPW, same (Keras: output ⌈H/S⌉) or valid (0; the default). Transposed: "
            "the rows and columns cropped from each border.",
        ),
    ] = None,
    dilation: Annotated[
        str | None, typer.Option("--dilation", help="D, or DHxDW (default 1: no dilation).")
    ] = None,
    bias: Annotated[
        str | None, typer.Option("--bias", help="The bias, one number per filter.")
    ] = None,
    flip: Annotated[
        bool,
        typer.Option(
            "--flip", help="True convolution: rotate the kernel by 180° first (textbook style)."
        ),
    ] = False,
    act: Annotated[
        str | None,
        typer.Option("--act", help="An activation after the bias: relu, sigmoid, tanh, …"),
    ] = None,
    transpose: Annotated[
        bool,
        typer.Option("--transpose", help="The transposed convolution (PyTorch ConvTranspose2d)."),
    ] = False,
    output_padding: Annotated[
        str | None,
        typer.Option(
            "--output-padding",
            help="Transposed: O (or OHxOW) rows and columns added at the bottom and right.",
        ),
    ] = None,
    then: ThenOpt = None,
    json: JsonOpt = False,
    format: FormatOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    force: ForceOpt = False,
) -> None:
    """A convolution by hand: every output cell's products, + bias, the activation.

    Cross-correlation, as PyTorch's Conv2d and Keras' Conv2D compute it;
    --flip for the textbook's flipped kernel, --transpose for ConvTranspose2d.

    Examples: aecalc conv --x "2,5,-3,0;0,6,0,-4;-1,-3,0,2;5,0,0,3" --k "-2,0;4,6"
    · aecalc conv --x "1,2;3,4" --k "1,0;0,1" --padding 1 --then maxpool2
    · aecalc conv --transpose --x "0,1;2,3" --k "0,1;2,3" --stride 2
    """
    from aecalc.commands.maps import (
        read_bias,
        read_crop,
        read_filters,
        read_maps,
        read_padding,
        read_pair,
        with_steps,
    )
    from aecalc.nets.conv import chain
    from aecalc.nets.conv.elementwise import lookup
    from aecalc.render.output import emit

    options = output_options(json, format, output, digits, force)
    steps = tuple(then or ())
    chain.check_steps(steps)
    act_name = None if act is None else lookup(act).name
    inputs = read_maps(x, "--x")
    filters = read_filters(k, "--k")
    strides = read_pair(stride, "--stride", "stride", (1, 1))
    dilations = read_pair(dilation, "--dilation", "dilation", (1, 1))
    biases = read_bias(bias)
    if transpose:
        from aecalc.nets.conv.transpose import TransposeSpec
        from aecalc.nets.conv.transpose import transpose as transposed
        from aecalc.present.convolution import transpose_document

        if flip:
            raise InputError(
                "--flip",
                "a transposed convolution has no flipped variant here: its gather view "
                "already uses the kernel rotated by 180° (the output says so)",
            )
        spec = TransposeSpec(
            stride=strides,
            padding=read_crop(padding),
            output_padding=read_pair(
                output_padding, "--output-padding", "output padding", (0, 0), minimum=0
            ),
            dilation=dilations,
            bias=biases,
            act=act_name,
        )
        result = transposed(inputs, filters, spec)
        done = chain.run(result.output, steps)
        emit(
            options,
            lambda: transpose_document(result, done, options.digits),
            lambda: with_steps(result.as_json(), done),
        )
        return
    if output_padding is not None:
        raise InputError("--output-padding", "belongs to a transposed convolution: add --transpose")
    from aecalc.nets.conv.correlate import ConvSpec, convolve
    from aecalc.present.convolution import conv_document

    conv_spec = ConvSpec(
        stride=strides,
        padding=read_padding(padding),
        dilation=dilations,
        flip=flip,
        bias=biases,
        act=act_name,
    )
    convolution = convolve(inputs, filters, conv_spec)
    steps_done = chain.run(convolution.output, steps)
    emit(
        options,
        lambda: conv_document(convolution, steps_done, options.digits),
        lambda: with_steps(convolution.as_json(), steps_done),
    )
