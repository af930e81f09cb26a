"""Pooling and upsampling worked window by window, exactly: the operations without weights.

Pooling follows PyTorch's ``max_pool2d`` and ``avg_pool2d``: a K_h×K_w window moves by the stride
(by default the window size, as in PyTorch and Keras) over the input padded by P; the output size
per axis is :func:`aecalc.nets.conv.axes.window_axis`, ⌊(H + 2P − K)/S⌋ + 1, or with ``ceil``
(PyTorch's ``ceil_mode``) ⌈(H + 2P − K)/S⌉ + 1, a last window hanging over the edge using the values
it covers. A padding cell never wins a max (PyTorch pads a max pool with −∞); an average counts it
as a zero and divides by the window cells inside the padded input (``count_include_pad``), not
those a ceil-mode window hangs over beyond it. The argmax is the first largest value in reading
order, as PyTorch's index is.

Upsampling repeats each value in a K_h×K_w block (``nearest``: Keras' ``UpSampling2D``, PyTorch's
``interpolate(mode='nearest')``) or puts it in the top-left cell of its block with zeros in the
rest (``zeros``; the zero insertion of a transposed convolution puts S − 1 zeros *between*
values instead, and none after the last).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

from aecalc.errors import InputError
from aecalc.nets.conv.axes import window_axis
from aecalc.nets.conv.maps import (
    ZERO,
    Map,
    Options,
    Volume,
    check_size,
    exact_text,
    number,
    size,
    volume_json,
)
from aecalc.nets.conv.shapes import Pair
from aecalc.record import Record
from aecalc.values import quantity
from aecalc.values.quantity import Value

PoolKind = Literal["max", "avg"]
POOL_KINDS: tuple[PoolKind, ...] = ("max", "avg")
UpMode = Literal["nearest", "zeros"]
UP_MODES: tuple[UpMode, ...] = ("nearest", "zeros")


class PoolSpec(Options):
    """A pool: its kind, window size, stride (None: the window size), padding and ceil mode."""

    kind: PoolKind = "max"
    size: Pair = (2, 2)
    stride: Pair | None = None
    padding: Pair = (0, 0)
    ceil: bool = False

    @property
    def steps(self) -> Pair:
        """The stride used: as given, else the window size."""
        return self.size if self.stride is None else self.stride


class Window(Record):
    """One output value of a pool. ``cells``: the window's positions in the input (0-based; a
    padding cell's position is outside it) and their values (None for padding, and for a cell a
    ceil-mode window hangs over beyond the padding); ``values``: what the max or mean is taken of
    (an average includes the padding zeros); ``divisor``: what an average divides by (0 for max);
    ``argmax``: where the max is, in the input."""

    row: int
    col: int
    cells: tuple[tuple[Pair, Value | None], ...]
    values: tuple[Value, ...]
    divisor: int
    value: Value
    argmax: Pair | None
    padding: int
    overhang: int

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "row": self.row + 1,
            "col": self.col + 1,
            "values": [number(v) for v in self.values],
            "value": number(self.value),
            "value_exact": exact_text(self.value),
            "padding": self.padding,
        }
        if self.argmax is not None:
            data["argmax"] = [self.argmax[0] + 1, self.argmax[1] + 1]
        else:
            data["divisor"] = self.divisor
        return data


class Pooled(Record):
    """A pool over every channel: the size formulas and each channel's windows in row order."""

    spec: PoolSpec
    inputs: Volume
    size: Pair
    formulas: tuple[str, str]
    windows: tuple[tuple[Window, ...], ...]
    output: Volume

    def as_json(self) -> dict[str, object]:
        spec = self.spec
        several = len(self.inputs) > 1
        return volume_json(self.output) | {
            "operation": f"{spec.kind} pool",
            "size": list(spec.size),
            "stride": list(spec.steps),
            "padding": list(spec.padding),
            "ceil": spec.ceil,
            "formulas": {"height": self.formulas[0], "width": self.formulas[1]},
            "windows": [
                ({"channel": c + 1} if several else {}) | window.as_json()
                for c, windows in enumerate(self.windows)
                for window in windows
            ],
        }


def pool(inputs: Volume, spec: PoolSpec) -> Pooled:
    """Max or average pooling of every channel, window by window."""
    if spec.kind not in POOL_KINDS:
        raise InputError("KIND", f"{spec.kind!r} is not a pool: choose max or avg")
    if min(spec.size) < 1:
        raise InputError("--size", "a window is at least 1×1")
    if min(spec.steps) < 1:
        raise InputError("--stride", "a stride must be at least 1")
    if min(spec.padding) < 0:
        raise InputError("--padding", "a padding is at least 0")
    height, width = size(inputs[0])
    (kh, kw), (sh, sw), (ph, pw) = spec.size, spec.steps, spec.padding
    oh, fh = window_axis(height, kh, sh, ph, spec.ceil, "height")
    ow, fw = window_axis(width, kw, sw, pw, spec.ceil, "width")
    check_size((oh, ow), "--x", "the output")
    windows = tuple(
        tuple(
            _window(grid, spec, i, j, (i * sh - ph, j * sw - pw))
            for i in range(oh)
            for j in range(ow)
        )
        for grid in inputs
    )
    output = tuple(
        tuple(tuple(w.value for w in ws[r * ow : (r + 1) * ow]) for r in range(oh))
        for ws in windows
    )
    return Pooled(spec, inputs, (oh, ow), (fh, fw), windows, output)


def _window(grid: Map, spec: PoolSpec, i: int, j: int, origin: Pair) -> Window:
    height, width = size(grid)
    (kh, kw), (ph, pw) = spec.size, spec.padding
    cells: list[tuple[Pair, Value | None]] = []
    real: list[tuple[Pair, Value]] = []
    counted: list[Value] = []  # what an average adds: the values and the padding zeros, in order
    padding = overhang = 0
    for m in range(kh):
        for n in range(kw):
            r, c = origin[0] + m, origin[1] + n
            if 0 <= r < height and 0 <= c < width:
                cells.append(((r, c), grid[r][c]))
                real.append(((r, c), grid[r][c]))
                counted.append(grid[r][c])
            elif -ph <= r < height + ph and -pw <= c < width + pw:
                cells.append(((r, c), None))
                counted.append(ZERO)
                padding += 1
            else:
                cells.append(((r, c), None))
                overhang += 1
    if spec.kind == "max":
        argmax, best = real[0]
        for at, value in real[1:]:
            if quantity.sign(value - best) > 0:
                best, argmax = value, at
        values = tuple(v for _, v in real)
        return Window(i, j, tuple(cells), values, 0, best, argmax, padding, overhang)
    values = tuple(counted)
    divisor = len(values)
    mean = sum(values, ZERO) / Fraction(divisor)
    return Window(i, j, tuple(cells), values, divisor, mean, None, padding, overhang)


class UpSpec(Options):
    """Upsampling by ``scale`` per axis: ``nearest`` repeats, ``zeros`` keeps the top-left cell."""

    scale: Pair = (2, 2)
    mode: UpMode = "nearest"


class Upsampled(Record):
    spec: UpSpec
    inputs: Volume
    formulas: tuple[str, str]
    output: Volume

    def as_json(self) -> dict[str, object]:
        return volume_json(self.output) | {
            "operation": f"upsample ({self.spec.mode})",
            "scale": list(self.spec.scale),
            "mode": self.spec.mode,
            "formulas": {"height": self.formulas[0], "width": self.formulas[1]},
        }


def upsample(inputs: Volume, spec: UpSpec) -> Upsampled:
    """Every channel made K_h·H × K_w·W."""
    if spec.mode not in UP_MODES:
        raise InputError("--mode", f"{spec.mode!r} is not a mode: choose nearest or zeros")
    if min(spec.scale) < 1:
        raise InputError("--scale", "a scale is at least 1")
    height, width = size(inputs[0])
    kh, kw = spec.scale
    check_size((height * kh, width * kw), "--scale", "the output")
    zeros = spec.mode == "zeros"
    output = tuple(
        tuple(
            tuple(
                ZERO if zeros and (r % kh or c % kw) else grid[r // kh][c // kw]
                for c in range(width * kw)
            )
            for r in range(height * kh)
        )
        for grid in inputs
    )
    formulas = (f"{height}·{kh} = {height * kh}", f"{width}·{kw} = {width * kw}")
    return Upsampled(spec, inputs, formulas, output)
