"""The two layer kinds with kernels: convolution and transpose convolution.

A K_h×K_w kernel from C_in to C_out channels has K_h·K_w·C_in·C_out weights and C_out biases,
whatever the height and width (the same filters slide over every position).

Multiply-adds are the products computed, as PyTorch's FLOP counter counts them (bias
additions not included): a convolution makes K_h·K_w·C_in·C_out products at each of its
H_out·W_out output positions, products with "same" padding zeros included; a transpose
convolution multiplies each of its H_in·W_in input values by every kernel weight,
H_in·W_in·K_h·K_w·C_in·C_out, and never multiplies the zeros a stride would insert.
"""

from __future__ import annotations

import re

from aecalc.errors import InputError
from aecalc.nets.conv.axes import axes_text, conv_axis, convt_axis
from aecalc.nets.conv.rule import (
    LayerMath,
    LayerRule,
    LayerToken,
    Mirrored,
    kernel_params,
    volume,
)
from aecalc.nets.conv.shapes import Shape, check_output, dimension, shape_text

_OPTIONS = r"(?P<kh>[0-9]+)(?:[x×](?P<kw>[0-9]+))?(?:s(?P<s>[0-9]+))?(?:p(?P<p>[0-9]+))?"


def _spelling(name: str, kernel: tuple[int, int], stride: int, padding: int | None) -> str:
    s = "" if stride == 1 else f"s{stride}"
    p = "" if padding is None else f"p{padding}"
    return f"{name}{kernel[0]}x{kernel[1]}{s}{p}"


class _KernelRule(LayerRule):
    __slots__ = ()
    per_position = True

    def _parts(
        self, match: re.Match[str], argument: str
    ) -> tuple[tuple[int, int], int, int | None, int]:
        kh = dimension(match["kh"], argument, "kernel size")
        kw = dimension(match["kw"], argument, "kernel size") if match["kw"] else kh
        stride = dimension(match["s"], argument, "stride") if match["s"] else 1
        padding = (
            None if match["p"] is None else dimension(match["p"], argument, "padding", minimum=0)
        )
        filters = dimension(match["f"], argument, "filter count")
        return (kh, kw), stride, padding, filters


class ConvRule(_KernelRule):
    """``convKxK[sS][pP]:F`` — "same" padding (⌈H/S⌉) unless ``pP`` is given."""

    __slots__ = ()
    kind = "conv"
    name = "convolution"
    usage = "convKxK[sS][pP]:F"
    grammar = re.compile(rf"conv{_OPTIONS}:(?P<f>[0-9]+)", re.IGNORECASE | re.ASCII)

    def build(self, match: re.Match[str], token: str, argument: str) -> LayerToken:
        kernel, stride, padding, filters = self._parts(match, argument)
        return make_conv(token, kernel, stride, padding, filters)

    def apply(self, spec: LayerToken, shape: Shape, argument: str, bias: bool) -> LayerMath:
        h, w, c = volume(shape, argument, "a convolution")
        (kh, kw), s, p, f = spec.kernel, spec.stride, spec.padding, spec.filters
        oh, fh = conv_axis(h, kh, s, p, argument, "height")
        ow, fw = conv_axis(w, kw, s, p, argument, "width")
        out = check_output((oh, ow, f), argument)
        weights, biases, formula = kernel_params(kh, kw, c, f, bias)
        macs = oh * ow * kh * kw * c * f
        return LayerMath(
            out,
            weights,
            biases,
            0,
            macs,
            axes_text(fh, fw),
            formula,
            f"{oh}·{ow}·{kh}·{kw}·{c}·{f} = {macs:,}",
        )

    def mirror(self, spec: LayerToken, shape_in: Shape, shape_out: Shape) -> Mirrored:
        channels = shape_in[-1]
        if spec.padding is None:
            twin = make_convt("", spec.kernel, spec.stride, None, 0, channels)
            how = f" (back to {_channels(channels)}"
            grid = (shape_out[0] * spec.stride, shape_out[1] * spec.stride)
            if grid != shape_in[:2]:
                how += f"; it gives {grid[0]}×{grid[1]}, not {shape_in[0]}×{shape_in[1]}"
            return Mirrored(twin, how + ")")
        # the output padding that gives back the input height: always 0 ≤ o < S
        back = (shape_out[0] - 1) * spec.stride - 2 * spec.padding + spec.kernel[0]
        o = shape_in[0] - back
        twin = make_convt("", spec.kernel, spec.stride, spec.padding, o, channels)
        how = f" (back to {_channels(channels)}"
        if o:
            how += f"; output padding {o} restores {shape_in[0]}"
        width = (shape_out[1] - 1) * spec.stride - 2 * spec.padding + spec.kernel[1] + o
        if width != shape_in[1]:
            how += f"; the width comes back as {width}, not {shape_in[1]}"
        return Mirrored(twin, how + ")")


class ConvTRule(_KernelRule):
    """``convTKxK[sS][pP][oO]:F`` — "same": H·S; explicit: (H − 1)·S − 2P + K + O."""

    __slots__ = ()
    kind = "convT"
    name = "transpose convolution"
    usage = "convTKxK[sS][pP][oO]:F"
    grammar = re.compile(
        rf"(?:convt|deconv){_OPTIONS}(?:o(?P<o>[0-9]+))?:(?P<f>[0-9]+)", re.IGNORECASE | re.ASCII
    )

    def build(self, match: re.Match[str], token: str, argument: str) -> LayerToken:
        kernel, stride, padding, filters = self._parts(match, argument)
        o = 0
        if match["o"] is not None:
            o = dimension(match["o"], argument, "output padding", minimum=0)
            if padding is None:
                raise InputError(
                    argument,
                    "output padding oO goes with an explicit padding pP, as in PyTorch's "
                    "ConvTranspose2d(padding=P, output_padding=O) (convT3x3s2p1o1:16); "
                    "without pP the output is already H·S ('same')",
                )
            if o >= stride:
                raise InputError(
                    argument,
                    f"output padding {o} must be smaller than the stride {stride} "
                    "(PyTorch refuses it too)",
                )
        return make_convt(token, kernel, stride, padding, o, filters)

    def apply(self, spec: LayerToken, shape: Shape, argument: str, bias: bool) -> LayerMath:
        h, w, c = volume(shape, argument, "a transpose convolution")
        (kh, kw), s, p, f = spec.kernel, spec.stride, spec.padding, spec.filters
        oh, fh = convt_axis(h, kh, s, p, spec.output_padding, argument)
        ow, fw = convt_axis(w, kw, s, p, spec.output_padding, argument)
        out = check_output((oh, ow, f), argument)
        weights, biases, formula = kernel_params(kh, kw, c, f, bias)
        macs = h * w * kh * kw * c * f
        return LayerMath(
            out,
            weights,
            biases,
            0,
            macs,
            axes_text(fh, fw),
            formula,
            f"{h}·{w}·{kh}·{kw}·{c}·{f} = {macs:,} (input grid)",
        )

    def mirror(self, spec: LayerToken, shape_in: Shape, shape_out: Shape) -> Mirrored:
        channels = shape_in[-1]
        twin = make_conv("", spec.kernel, spec.stride, spec.padding, channels)
        return Mirrored(twin, f" (back to {shape_text(shape_in)})")


def _filters(count: int) -> str:
    return "1 filter" if count == 1 else f"{count} filters"


def _channels(count: int) -> str:
    return "1 channel" if count == 1 else f"{count} channels"


def make_conv(
    token: str, kernel: tuple[int, int], stride: int, padding: int | None, filters: int
) -> LayerToken:
    layer = f"{_spelling('conv', kernel, stride, padding)}:{filters}"
    return LayerToken(token or layer, "conv", layer, kernel, stride, padding, filters=filters)


def make_convt(
    token: str,
    kernel: tuple[int, int],
    stride: int,
    padding: int | None,
    output_padding: int,
    filters: int,
) -> LayerToken:
    o = f"o{output_padding}" if output_padding else ""
    layer = f"{_spelling('convT', kernel, stride, padding)}{o}:{filters}"
    return LayerToken(
        token or layer, "convT", layer, kernel, stride, padding, output_padding, filters
    )
