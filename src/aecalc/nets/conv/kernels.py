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
    Receptive,
    kernel_params,
    volume,
)
from aecalc.nets.conv.shapes import (
    Pair,
    Shape,
    check_output,
    dimension,
    pair_text,
    shape_text,
)


def _pair(name: str) -> str:
    """A number, or two for (height, width): ``(?P<nameh>…)`` and ``(?P<namew>…)``."""
    return rf"(?P<{name}h>[0-9]+)(?:[x×](?P<{name}w>[0-9]+))?"


_OPTIONS = rf"{_pair('k')}(?:s{_pair('s')})?(?:p{_pair('p')})?"
_OUTPUT_PADDING = rf"(?:o{_pair('o')})?"
_DILATION = rf"(?:(?:dil|d){_pair('d')})?"


def _spelling(name: str, spec: LayerToken) -> str:
    """``conv3x3``, then ``s2`` / ``s2x1``, ``p1`` / ``p1x0``, ``o1`` and ``d2`` where not the
    default, in the order the token grammar reads them."""
    text = f"{name}{spec.kernel[0]}x{spec.kernel[1]}"
    if spec.stride != (1, 1):
        text += f"s{pair_text(spec.stride)}"
    if spec.padding is not None:
        text += f"p{pair_text(spec.padding)}"
    if spec.output_padding != (0, 0):
        text += f"o{pair_text(spec.output_padding)}"
    if spec.dilation != (1, 1):
        text += f"d{pair_text(spec.dilation)}"
    return f"{text}:{spec.filters}"


def _read_pair(match: re.Match[str], name: str, argument: str, what: str, minimum: int) -> Pair:
    height = dimension(match[f"{name}h"], argument, what, minimum=minimum)
    width = match[f"{name}w"]
    return height, (height if width is None else dimension(width, argument, what, minimum=minimum))


class _KernelRule(LayerRule):
    __slots__ = ()
    per_position = True
    takes_bias = True

    def _parts(
        self, match: re.Match[str], argument: str
    ) -> tuple[Pair, Pair, Pair | None, Pair, int]:
        kernel = _read_pair(match, "k", argument, "kernel size", 1)
        stride = _read_pair(match, "s", argument, "stride", 1) if match["sh"] else (1, 1)
        padding = None if match["ph"] is None else _read_pair(match, "p", argument, "padding", 0)
        dilation = _read_pair(match, "d", argument, "dilation", 1) if match["dh"] else (1, 1)
        filters = dimension(match["f"], argument, "filter count")
        return kernel, stride, padding, dilation, filters


class ConvRule(_KernelRule):
    """``convKxK[sS][pP][dD]:F`` — "same" padding (⌈H/S⌉) unless ``pP`` is given; S, P and D
    may differ per axis (``s2x1``)."""

    __slots__ = ()
    kind = "conv"
    name = "convolution"
    usage = "convKxK[sS][pP][dD]:F"
    grammar = re.compile(rf"conv{_OPTIONS}{_DILATION}:(?P<f>[0-9]+)", re.IGNORECASE | re.ASCII)

    def build(self, match: re.Match[str], token: str, argument: str) -> LayerToken:
        kernel, stride, padding, dilation, filters = self._parts(match, argument)
        return make_conv(token, kernel, stride, padding, filters, dilation)

    def apply(self, spec: LayerToken, shape: Shape, argument: str, bias: bool) -> LayerMath:
        h, w, c = volume(shape, argument, "a convolution")
        (kh, kw), (sh, sw), f = spec.kernel, spec.stride, spec.filters
        ph, pw = (None, None) if spec.padding is None else spec.padding
        (dh, dw) = spec.dilation
        oh, fh = conv_axis(h, kh, sh, ph, argument, "height", dh)
        ow, fw = conv_axis(w, kw, sw, pw, argument, "width", dw)
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
        how = f" (back to {_channels(channels)}"
        if spec.padding is None:
            twin = make_convt("", spec.kernel, spec.stride, None, (0, 0), channels, spec.dilation)
            grid = (shape_out[0] * spec.stride[0], shape_out[1] * spec.stride[1])
            if grid != shape_in[:2]:
                how += f"; it gives {grid[0]}×{grid[1]}, not {shape_in[0]}×{shape_in[1]}"
            return Mirrored(twin, how + ")")
        # per axis, the output padding that gives back the input size: always 0 ≤ o < S
        back = tuple(
            (out - 1) * s - 2 * p + d * (k - 1) + 1
            for out, s, p, d, k in zip(
                shape_out[:2], spec.stride, spec.padding, spec.dilation, spec.kernel, strict=True
            )
        )
        o = (shape_in[0] - back[0], shape_in[1] - back[1])
        twin = make_convt("", spec.kernel, spec.stride, spec.padding, o, channels, spec.dilation)
        if o != (0, 0):
            restored = pair_text((shape_in[0], shape_in[1])).replace("x", "×")
            how += f"; output padding {pair_text(o)} restores {restored}"
        return Mirrored(twin, how + ")")

    def receptive(self, spec: LayerToken, before: Receptive) -> Receptive:
        spans = tuple(d * (k - 1) + 1 for d, k in zip(spec.dilation, spec.kernel, strict=True))
        return before.widened((spans[0], spans[1]), spec.stride)


class ConvTRule(_KernelRule):
    """``convTKxK[sS][pP][oO][dD]:F`` — "same": H·S; explicit: (H − 1)·S − 2P + D·(K − 1) + O + 1
    (with D = 1: (H − 1)·S − 2P + K + O); S, P, O and D may differ per axis."""

    __slots__ = ()
    kind = "convT"
    name = "transpose convolution"
    usage = "convTKxK[sS][pP][oO][dD]:F"
    grammar = re.compile(
        rf"(?:convt|deconv){_OPTIONS}{_OUTPUT_PADDING}{_DILATION}:(?P<f>[0-9]+)",
        re.IGNORECASE | re.ASCII,
    )

    def build(self, match: re.Match[str], token: str, argument: str) -> LayerToken:
        kernel, stride, padding, dilation, filters = self._parts(match, argument)
        o = (0, 0)
        if match["oh"] is not None:
            o = _read_pair(match, "o", argument, "output padding", 0)
            if padding is None:
                raise InputError(
                    argument,
                    "output padding oO goes with an explicit padding pP, as in PyTorch's "
                    "ConvTranspose2d(padding=P, output_padding=O) (convT3x3s2p1o1:16); "
                    "without pP the output is already H·S ('same')",
                )
            for op, s, d in zip(o, stride, dilation, strict=True):
                if op >= max(s, d):
                    limit = f"the stride {s}" if d == 1 else f"the stride {s} or the dilation {d}"
                    raise InputError(
                        argument,
                        f"output padding {op} must be smaller than {limit} "
                        "(PyTorch refuses it too)",
                    )
        return make_convt(token, kernel, stride, padding, o, filters, dilation)

    def apply(self, spec: LayerToken, shape: Shape, argument: str, bias: bool) -> LayerMath:
        h, w, c = volume(shape, argument, "a transpose convolution")
        (kh, kw), (sh, sw), f = spec.kernel, spec.stride, spec.filters
        ph, pw = (None, None) if spec.padding is None else spec.padding
        (oph, opw), (dh, dw) = spec.output_padding, spec.dilation
        oh, fh = convt_axis(h, kh, sh, ph, oph, argument, dh)
        ow, fw = convt_axis(w, kw, sw, pw, opw, argument, dw)
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
        twin = make_conv("", spec.kernel, spec.stride, spec.padding, channels, spec.dilation)
        return Mirrored(twin, f" (back to {shape_text(shape_in)})")

    def receptive(self, spec: LayerToken, before: Receptive) -> Receptive:
        # an output value gathers at most ⌈(D·(K − 1) + 1)/S⌉ neighbouring input values per axis
        spans = tuple(
            -(-(d * (k - 1) + 1) // s)
            for d, k, s in zip(spec.dilation, spec.kernel, spec.stride, strict=True)
        )
        return before.widened((spans[0], spans[1]), spec.stride, shrink=True)


def _filters(count: int) -> str:
    return "1 filter" if count == 1 else f"{count} filters"


def _channels(count: int) -> str:
    return "1 channel" if count == 1 else f"{count} channels"


def make_conv(
    token: str,
    kernel: Pair,
    stride: Pair,
    padding: Pair | None,
    filters: int,
    dilation: Pair = (1, 1),
) -> LayerToken:
    spec = LayerToken(
        token, "conv", "", kernel, stride, padding, filters=filters, dilation=dilation
    )
    return _named(spec, "conv")


def make_convt(
    token: str,
    kernel: Pair,
    stride: Pair,
    padding: Pair | None,
    output_padding: Pair,
    filters: int,
    dilation: Pair = (1, 1),
) -> LayerToken:
    spec = LayerToken(
        token,
        "convT",
        "",
        kernel,
        stride,
        padding,
        output_padding=output_padding,
        dilation=dilation,
        filters=filters,
    )
    return _named(spec, "convT")


def _named(spec: LayerToken, name: str) -> LayerToken:
    """The token with its canonical spelling as ``layer`` (and as ``token`` when none was given)."""
    layer = _spelling(name, spec)
    values = {field: getattr(spec, field) for field in spec._fields}
    return LayerToken(**(values | {"layer": layer, "token": spec.token or layer}))
