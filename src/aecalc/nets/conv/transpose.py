"""The transposed convolution worked out as PyTorch's ``ConvTranspose2d`` computes it, exactly.

The scatter view, as a student draws it: each input value x[a, b] multiplies the whole kernel, and
the scaled kernel is added into a grid of (H − 1)·S + D·(K − 1) + 1 rows with its top-left corner
at (a·S, b·S) (kernel entry (m, n) lands D·m rows and D·n columns further); where placements
overlap their products are summed. Then P rows and columns are cropped from each border, and
``output_padding`` O adds O more rows and columns at the bottom and right (taken from the
cropped border, zeros beyond it): (H − 1)·S − 2P + D·(K − 1) + O + 1 per axis
(:func:`aecalc.nets.conv.axes.convt_axis`). Several input channels add up, as for a convolution.

The gather view gives the same numbers: a cross-correlation, stride 1, of the input with S − 1
zeros inserted between its values and D·(K − 1) − P zeros around it (O more below and to the
right; a negative amount crops), with the kernel rotated by 180°. :class:`Transposed` carries that
zero-inserted, padded input and the flipped kernels, so a printout can show both views.

``overlaps="last"`` keeps, where placements overlap, only the product placed last: not the
operation, but the slip of writing each scaled kernel over the last instead of adding it, which a
practice solver computes by changing that one option.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Literal

from aecalc.errors import InputError
from aecalc.nets.conv import elementwise
from aecalc.nets.conv.axes import convt_axis
from aecalc.nets.conv.correlate import (
    Cell,
    Term,
    check_bias,
    check_kernels,
    check_numbers,
    finish,
    grid_of,
)
from aecalc.nets.conv.maps import (
    ZERO,
    Map,
    Options,
    Sides,
    Volume,
    check_products,
    check_size,
    flip,
    grid_json,
    insert_zeros,
    number,
    pad,
    size,
    volume_json,
)
from aecalc.nets.conv.shapes import Pair
from aecalc.record import Record
from aecalc.values.quantity import Value

Overlaps = Literal["sum", "last"]


class TransposeSpec(Options):
    """How to transpose-convolve (PyTorch's ``ConvTranspose2d`` arguments, per axis), with a bias
    per filter, an activation, and how overlapping placements combine."""

    stride: Pair = (1, 1)
    padding: Pair = (0, 0)
    output_padding: Pair = (0, 0)
    dilation: Pair = (1, 1)
    bias: tuple[Value, ...] = ()
    act: str | None = None
    overlaps: Overlaps = "sum"


class Placement(Record):
    """One input value times the kernel, placed with its top-left corner at ``at`` in the
    uncropped grid (0-based): ``channel``, ``row`` and ``col`` say which input value."""

    channel: int
    row: int
    col: int
    value: Value
    at: Pair
    scaled: Map


class TransposedFilter(Record):
    """One output channel: the placements, their sum over the uncropped grid, the cells of the
    output (their products are the overlapping placements) and the output map."""

    kernels: Volume
    bias: Value | None
    placements: tuple[Placement, ...]
    full: Map
    cells: tuple[Cell, ...]
    output: Map
    reason: str | None = None


class Transposed(Record):
    """A transposed convolution in both views: the scatter (placements, uncropped grid, crop) and
    the gather (``inserted``: the input with zeros inserted and padded by ``inserted_sides``,
    correlated with ``flipped``, one flipped kernel volume per filter)."""

    spec: TransposeSpec
    inputs: Volume
    kernel: Pair
    full_size: Pair
    size: Pair
    formulas: tuple[str, str]
    filters: tuple[TransposedFilter, ...]
    inserted: Volume
    inserted_sides: Sides
    flipped: tuple[Volume, ...]

    @property
    def output(self) -> Volume:
        return tuple(f.output for f in self.filters)

    @property
    def crop(self) -> Sides:
        """Rows and columns taken off the uncropped grid: top, bottom, left, right (a negative
        bottom or right is output padding beyond the grid: zeros added)."""
        (ph, pw), (oh, ow) = self.spec.padding, self.spec.output_padding
        return ph, ph - oh, pw, pw - ow

    def as_json(self) -> dict[str, object]:
        spec = self.spec
        several_in, several_out = len(self.inputs) > 1, len(self.filters) > 1
        contributions = [
            ({"filter": f + 1} if several_out else {})
            | ({"channel": p.channel + 1} if several_in else {})
            | {
                "row": p.row + 1,
                "col": p.col + 1,
                "value": number(p.value),
                "placed_at": [p.at[0] + 1, p.at[1] + 1],
                "scaled": grid_json(p.scaled),
            }
            for f, filt in enumerate(self.filters)
            for p in filt.placements
        ]
        cells = [
            ({"filter": f + 1} if several_out else {}) | cell.as_json()
            for f, filt in enumerate(self.filters)
            for cell in filt.cells
        ]
        full = [grid_json(f.full) for f in self.filters]
        return volume_json(self.output) | {
            "operation": "transposed convolution",
            "input_shape": [len(self.inputs), *size(self.inputs[0])],
            "kernel": list(self.kernel),
            "stride": list(spec.stride),
            "padding": list(spec.padding),
            "output_padding": list(spec.output_padding),
            "dilation": list(spec.dilation),
            "bias": [number(b) for b in spec.bias] or None,
            "activation": spec.act,
            "overlaps": spec.overlaps,
            "formulas": {"height": self.formulas[0], "width": self.formulas[1]},
            "uncropped": full[0] if len(full) == 1 else full,
            "contributions": contributions,
            "cells": cells,
            "equivalent": {
                "inserted": grid_json(self.inserted[0])
                if len(self.inserted) == 1
                else [grid_json(g) for g in self.inserted],
                "padding_sides": list(self.inserted_sides),
                "flipped_kernels": [[grid_json(k) for k in vol] for vol in self.flipped],
            },
        }


def transpose(inputs: Volume, filters: tuple[Volume, ...], spec: TransposeSpec) -> Transposed:
    """Every filter's transposed convolution of ``inputs`` (each filter: one kernel per channel)."""
    kernel = check_kernels(inputs, filters)
    check_bias(spec.bias, len(filters))
    check_numbers(spec.stride, spec.dilation)
    if spec.act is not None:
        elementwise.lookup(spec.act)
    _check_output_padding(spec)
    height, width = size(inputs[0])
    outs: list[int] = []
    lines: list[str] = []
    fulls: list[int] = []
    for length, k, s, p, o, d in zip(
        (height, width),
        kernel,
        spec.stride,
        spec.padding,
        spec.output_padding,
        spec.dilation,
        strict=True,
    ):
        out, line = convt_axis(length, k, s, p, o, "--padding", d)
        outs.append(out)
        lines.append(line)
        fulls.append((length - 1) * s + d * (k - 1) + 1)
    out_size, full_size = (outs[0], outs[1]), (fulls[0], fulls[1])
    check_size(full_size, "--stride", "the uncropped output")
    check_size(out_size, "--output-padding", "the output")
    count = height * width * kernel[0] * kernel[1] * len(inputs) * len(filters)
    check_products(count, "--x")
    built = tuple(
        _filter(inputs, kernels, f, spec, full_size, out_size) for f, kernels in enumerate(filters)
    )
    sides = _gather_sides(kernel, spec)
    inserted = tuple(pad(insert_zeros(grid, spec.stride), sides) for grid in inputs)
    flipped = tuple(tuple(flip(k) for k in kernels) for kernels in filters)
    return Transposed(
        spec,
        inputs,
        kernel,
        full_size,
        out_size,
        (lines[0], lines[1]),
        built,
        inserted,
        sides,
        flipped,
    )


def _check_output_padding(spec: TransposeSpec) -> None:
    for o, s, d in zip(spec.output_padding, spec.stride, spec.dilation, strict=True):
        if o < 0:
            raise InputError("--output-padding", "an output padding is at least 0")
        if o >= max(s, d):
            limit = f"the stride ({s})" if d == 1 else f"the stride ({s}) or the dilation ({d})"
            raise InputError(
                "--output-padding",
                f"{o} must be smaller than {limit}, as PyTorch requires: it only picks among "
                "the sizes a stride makes possible",
            )
    if min(spec.padding) < 0:
        raise InputError("--padding", "a padding is at least 0")


def _gather_sides(kernel: Pair, spec: TransposeSpec) -> Sides:
    """Zeros around the zero-inserted input in the gather view: D·(K − 1) − P (+ O)."""
    (kh, kw), (dh, dw) = kernel, spec.dilation
    (ph, pw), (oh, ow) = spec.padding, spec.output_padding
    top, left = dh * (kh - 1) - ph, dw * (kw - 1) - pw
    return top, top + oh, left, left + ow


def _filter(
    inputs: Volume,
    kernels: Volume,
    f: int,
    spec: TransposeSpec,
    full_size: Pair,
    out_size: Pair,
) -> TransposedFilter:
    (sh, sw), (dh, dw), (ph, pw) = spec.stride, spec.dilation, spec.padding
    kh, kw = size(kernels[0])
    placements: list[Placement] = []
    # per uncropped position, per input channel: the products that land there, in order
    landed: dict[Pair, list[list[Term]]] = defaultdict(lambda: [[] for _ in inputs])
    for c, (grid, k) in enumerate(zip(inputs, kernels, strict=True)):
        for a, row in enumerate(grid):
            for b, x in enumerate(row):
                at = (a * sh, b * sw)
                scaled = tuple(tuple(x * w for w in krow) for krow in k)
                placements.append(Placement(c, a, b, x, at, scaled))
                for m in range(kh):
                    for n in range(kw):
                        landed[(at[0] + m * dh, at[1] + n * dw)][c].append(Term(x, k[m][n], (a, b)))
    last = spec.overlaps == "last"
    full = tuple(
        tuple(
            sum(
                (
                    t.x * t.k
                    for terms in landed.get((r, c), ())
                    for t in (terms[-1:] if last else terms)
                ),
                ZERO,
            )
            for c in range(full_size[1])
        )
        for r in range(full_size[0])
    )
    positions: list[Pair] = []
    channels: list[tuple[tuple[Term, ...], ...]] = []
    for i in range(out_size[0]):
        for j in range(out_size[1]):
            positions.append((i, j))
            found = landed.get((i + ph, j + pw))
            chans = tuple(tuple(t) for t in found) if found else tuple(() for _ in inputs)
            if last:
                chans = tuple(t[-1:] for t in chans)
            channels.append(chans)
    bias = spec.bias[f] if spec.bias else None
    cells, reason = finish(positions, channels, bias, spec.act)
    return TransposedFilter(
        kernels, bias, tuple(placements), full, cells, grid_of(cells, out_size), reason
    )
