"""The convolution of deep learning worked cell by cell, exactly.

Output cell (i, j) of filter f is Σ_c Σ_m Σ_n x_c[i·S_h + m·D_h, j·S_w + n·D_w] · k_fc[m, n] over
the zero-padded input (a cross-correlation: PyTorch's ``Conv2d``, Keras' ``Conv2D``), then + b_f,
then the activation. With ``flip`` the kernel is first rotated by 180°: the convolution of signal
processing, as some textbooks and answer keys compute it. Every product is kept, in the order a
student writes them (kernel row by kernel row, channel by channel), so a cell prints as
``2·(−2) + 5·0 + 0·4 + 6·6 = 32``.

The output size per axis is :func:`aecalc.nets.conv.axes.conv_axis` (⌊(H + 2P − D·(K − 1) − 1)/S⌋
+ 1); Keras' "same" gives ⌈H/S⌉ and pads (⌈H/S⌉ − 1)·S + D·(K − 1) + 1 − H rows in all, half above
and the odd one below (as Keras, and PyTorch's ``padding='same'``, place them).

Each option of :class:`ConvSpec` is one a student can get wrong, so a practice solver finds the
answer of a slip by calling :func:`convolve` with that option changed (``spec.changed(flip=True)``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from aecalc.errors import InputError
from aecalc.nets.conv import elementwise
from aecalc.nets.conv.axes import conv_axis
from aecalc.nets.conv.maps import (
    ZERO,
    Map,
    Options,
    Sides,
    Volume,
    check_products,
    check_size,
    exact_text,
    flip,
    number,
    pad,
    size,
    volume_json,
)
from aecalc.nets.conv.shapes import Pair
from aecalc.record import Record
from aecalc.values.quantity import Value

Padding = Pair | Literal["same"]


class ConvSpec(Options):
    """How to convolve: ``padding`` per axis or ``"same"``; ``bias`` one value per filter (empty:
    none); ``act`` an activation's name (None: none); ``flip``: the true convolution."""

    stride: Pair = (1, 1)
    padding: Padding = (0, 0)
    dilation: Pair = (1, 1)
    flip: bool = False
    bias: tuple[Value, ...] = ()
    act: str | None = None

    @property
    def operation(self) -> str:
        return "convolution" if self.flip else "cross-correlation"


class Term(Record):
    """One product x·k of a cell's sum. ``at`` is where x sits (0-based): in the padded input for
    a convolution, in the input for a transposed one; ``padding``: x is a padding zero."""

    x: Value
    k: Value
    at: Pair
    padding: bool = False


class Cell(Record):
    """One output value: its products per input channel, their sums, the total over channels,
    the bias, the pre-activation (total + bias) and the value (after the activation, if any).
    ``row`` and ``col`` are 0-based."""

    row: int
    col: int
    channels: tuple[tuple[Term, ...], ...]
    sums: tuple[Value, ...]
    total: Value
    bias: Value | None
    pre: Value
    value: Value

    @property
    def terms(self) -> tuple[Term, ...]:
        return tuple(term for terms in self.channels for term in terms)

    def as_json(self) -> dict[str, object]:
        return {
            "row": self.row + 1,
            "col": self.col + 1,
            "terms": [[number(t.x), number(t.k)] for t in self.terms],
            "channel_sums": [number(v) for v in self.sums],
            "sum": number(self.total),
            "bias": None if self.bias is None else number(self.bias),
            "pre_activation": number(self.pre),
            "value": number(self.value),
            "value_exact": exact_text(self.value),
        }


class FilterMap(Record):
    """One output channel: its kernels (one per input channel) as given and as used (flipped for
    a true convolution), its bias, its cells in row order and its output map."""

    kernels: Volume
    used: Volume
    bias: Value | None
    cells: tuple[Cell, ...]
    output: Map
    reason: str | None = None  # why an activation's values were carried as numbers


class Convolution(Record):
    """A convolution worked out: the input, its padding, the size formulas and every filter."""

    spec: ConvSpec
    inputs: Volume
    sides: Sides
    padded: Volume
    kernel: Pair
    size: Pair
    formulas: tuple[str, str]
    filters: tuple[FilterMap, ...]

    @property
    def output(self) -> Volume:
        return tuple(f.output for f in self.filters)

    def as_json(self) -> dict[str, object]:
        spec = self.spec
        several = len(self.filters) > 1
        cells = [
            ({"filter": f + 1} if several else {}) | cell.as_json()
            for f, filt in enumerate(self.filters)
            for cell in filt.cells
        ]
        return volume_json(self.output) | {
            "operation": spec.operation,
            "input_shape": [len(self.inputs), *size(self.inputs[0])],
            "kernel": list(self.kernel),
            "stride": list(spec.stride),
            "padding": "same" if spec.padding == "same" else list(spec.padding),
            "padding_sides": list(self.sides),
            "dilation": list(spec.dilation),
            "bias": [number(b) for b in spec.bias] or None,
            "activation": spec.act,
            "formulas": {"height": self.formulas[0], "width": self.formulas[1]},
            "cells": cells,
        }


def same_sides(length: int, kernel: int, stride: int, dilation: int) -> tuple[int, int, str]:
    """Keras' "same" along one axis: padding before, after, and the line that works it out."""
    out = -(-length // stride)
    total = max((out - 1) * stride + dilation * (kernel - 1) + 1 - length, 0)
    before = total // 2
    span = f"{kernel}" if dilation == 1 else f"{dilation}·({kernel} − 1) + 1"
    line = f"padding ({out} − 1)·{stride} + {span} − {length} = {total}"
    if total <= 0:
        line = f"padding max(({out} − 1)·{stride} + {span} − {length}, 0) = 0"
    return before, total - before, line


def sizes(
    height: int, width: int, kernel: Pair, spec: ConvSpec
) -> tuple[Sides, Pair, tuple[str, str]]:
    """The padding per side, the output size and the two axes' formulas."""
    check_numbers(spec.stride, spec.dilation)
    lines: list[str] = []
    outs: list[int] = []
    sides: list[int] = []
    for axis, length, k, s, d, i in (
        ("height", height, kernel[0], spec.stride[0], spec.dilation[0], 0),
        ("width", width, kernel[1], spec.stride[1], spec.dilation[1], 1),
    ):
        if spec.padding == "same":
            out, line = conv_axis(length, k, s, None, "--k", axis, d)
            before, after, how = same_sides(length, k, s, d)
            where = ("above", "below") if i == 0 else ("left", "right")
            line += f"; {how}: {before} {where[0]}, {after} {where[1]}"
        else:
            out, line = conv_axis(length, k, s, spec.padding[i], "--k", axis, d)
            before = after = spec.padding[i]
        outs.append(out)
        lines.append(line)
        sides += [before, after]
    return (sides[0], sides[1], sides[2], sides[3]), (outs[0], outs[1]), (lines[0], lines[1])


def check_numbers(stride: Pair, dilation: Pair) -> None:
    if min(stride) < 1:
        raise InputError("--stride", "a stride must be at least 1")
    if min(dilation) < 1:
        raise InputError("--dilation", "a dilation must be at least 1 (1 is no dilation)")


def check_kernels(inputs: Volume, filters: tuple[Volume, ...]) -> Pair:
    """Every filter has one kernel per input channel, all of one size; that size."""
    kernel = size(filters[0][0])
    for f, kernels in enumerate(filters, start=1):
        if len(kernels) != len(inputs):
            many = "more" if len(kernels) > len(inputs) else "fewer"
            which = "" if len(filters) == 1 else f" (filter {f})"
            raise InputError(
                "--k",
                f"{len(kernels)} kernels{which} for {len(inputs)} input channel"
                f"{'s' if len(inputs) != 1 else ''}: {many} --k than --x; give one --k per --x "
                "(one filter sums over the channels)",
            )
        for c, grid in enumerate(kernels, start=1):
            if size(grid) != kernel:
                raise InputError(
                    "--k",
                    f"kernel {c} is {size(grid)[0]}×{size(grid)[1]} but kernel 1 is "
                    f"{kernel[0]}×{kernel[1]}: every kernel of a filter has one size",
                )
    return kernel


def check_bias(bias: tuple[Value, ...], filters: int) -> None:
    if bias and len(bias) != filters:
        raise InputError(
            "--bias",
            f"{len(bias)} bias values for {filters} filter{'s' if filters != 1 else ''}: "
            "give one per filter",
        )


def finish(
    positions: list[Pair],
    channels: list[tuple[tuple[Term, ...], ...]],
    bias: Value | None,
    act: str | None,
) -> tuple[tuple[Cell, ...], str | None]:
    """Cells from their products: the sums, + bias, then the activation over them all at once."""
    sums = [tuple(sum((t.x * t.k for t in terms), ZERO) for terms in chans) for chans in channels]
    totals = [sum(per, ZERO) for per in sums]
    pres = [total + bias if bias is not None else total for total in totals]
    values, reason = tuple(pres), None
    if act is not None:
        values, reason = elementwise.apply(elementwise.lookup(act), tuple(pres))
    cells = tuple(
        Cell(r, c, chans, per, total, bias, pre, value)
        for (r, c), chans, per, total, pre, value in zip(
            positions, channels, sums, totals, pres, values, strict=True
        )
    )
    return cells, reason


def grid_of(cells: tuple[Cell, ...], shape: Pair) -> Map:
    """The cells' values as a map (cells in row order)."""
    width = shape[1]
    return tuple(
        tuple(cell.value for cell in cells[r * width : (r + 1) * width]) for r in range(shape[0])
    )


def convolve(inputs: Volume, filters: tuple[Volume, ...], spec: ConvSpec) -> Convolution:
    """Every filter over ``inputs`` (C channels; each filter holds C kernels), cell by cell."""
    kernel = check_kernels(inputs, filters)
    check_bias(spec.bias, len(filters))
    if spec.act is not None:
        elementwise.lookup(spec.act)
    height, width = size(inputs[0])
    sides, out, formulas = sizes(height, width, kernel, spec)
    check_size(
        (height + sides[0] + sides[1], width + sides[2] + sides[3]), "--padding", "the padded input"
    )
    check_size(out, "--x", "the output")
    check_products(out[0] * out[1] * kernel[0] * kernel[1] * len(inputs) * len(filters), "--x")
    padded = tuple(pad(grid, sides) for grid in inputs)
    is_padding = _padding_test(sides, height, width)
    built = []
    for f, kernels in enumerate(filters):
        used = tuple(flip(k) for k in kernels) if spec.flip else kernels
        positions, channels = _products(padded, used, out, spec, is_padding)
        bias = spec.bias[f] if spec.bias else None
        cells, reason = finish(positions, channels, bias, spec.act)
        built.append(FilterMap(kernels, used, bias, cells, grid_of(cells, out), reason))
    return Convolution(spec, inputs, sides, padded, kernel, out, formulas, tuple(built))


def _padding_test(sides: Sides, height: int, width: int) -> Callable[[int, int], bool]:
    top, _, left, _ = sides

    def test(r: int, c: int) -> bool:
        return not (top <= r < top + height and left <= c < left + width)

    return test


def _products(
    padded: Volume,
    kernels: Volume,
    out: Pair,
    spec: ConvSpec,
    is_padding: Callable[[int, int], bool],
) -> tuple[list[Pair], list[tuple[tuple[Term, ...], ...]]]:
    """Per output cell, in row order: its position and its products per input channel."""
    (sh, sw), (dh, dw) = spec.stride, spec.dilation
    kh, kw = size(kernels[0])
    positions: list[Pair] = []
    channels: list[tuple[tuple[Term, ...], ...]] = []
    for i in range(out[0]):
        for j in range(out[1]):
            at = [(i * sh + m * dh, j * sw + n * dw, m, n) for m in range(kh) for n in range(kw)]
            positions.append((i, j))
            channels.append(
                tuple(
                    tuple(Term(x[r][c], k[m][n], (r, c), is_padding(r, c)) for r, c, m, n in at)
                    for x, k in zip(padded, kernels, strict=True)
                )
            )
    return positions, channels
