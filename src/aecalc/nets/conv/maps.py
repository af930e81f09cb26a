"""Feature maps as exact numbers: what a map and a volume are, and the moves every operation makes.

A map is a tuple of rows of numbers (Fractions as :mod:`aecalc.values.parse` reads them; SymPy
closed forms after a transcendental activation), a volume a tuple of channel maps of one size.
Positions are 0-based (row, column) here; printouts and JSON count from 1.

The moves: :func:`pad` with zeros (per side, so Keras' "same" can pad one more row below than
above; a negative side crops), :func:`flip` by 180°, :func:`insert_zeros` between values (the
stride of a transposed convolution), and the checks that keep every map rectangular, every
volume's channels one size and every map small enough to work exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any, Self

from aecalc.errors import InputError
from aecalc.nets.conv.shapes import Pair
from aecalc.record import Record
from aecalc.values import quantity
from aecalc.values.quantity import Value

Map = tuple[tuple[Value, ...], ...]
Volume = tuple[Map, ...]
Sides = tuple[int, int, int, int]
"""Padding per side: (top, bottom, left, right)."""

MAX_MAP_VALUES = 40_000
"""Values in any one map an operation makes (a 200×200 map): exact work is for exam-sized maps."""
MAX_PRODUCTS = 2_000_000
"""Products one operation may write out."""

ZERO = Fraction(0)


class Options(Record):
    """The options of one operation on maps; :meth:`changed` gives them with one option changed
    (how a practice solver computes the answer a slip gives: the kernel not flipped, the padding
    forgotten, the stride ignored, the bias left out)."""

    def changed(self, **changes: Any) -> Self:
        values = {name: getattr(self, name) for name in self._fields}
        return type(self)(**(values | changes))


def size(grid: Map) -> Pair:
    """(height, width)."""
    return len(grid), len(grid[0])


def size_text(pair: Pair) -> str:
    return f"{pair[0]}×{pair[1]}"


def symmetric(pair: Pair) -> Sides:
    """P rows above and below, P columns left and right, per axis."""
    return pair[0], pair[0], pair[1], pair[1]


def check_map(rows: Sequence[Sequence[Value]], argument: str, what: str = "the matrix") -> Map:
    """A non-empty rectangular map, as a tuple of tuples."""
    grid = tuple(tuple(row) for row in rows)
    if not grid or not grid[0]:
        raise InputError(argument, f"{what} has no values")
    width = len(grid[0])
    for i, row in enumerate(grid[1:], start=2):
        if len(row) != width:
            raise InputError(
                argument,
                f"{what} is not rectangular: row 1 has {width} values but row {i} has {len(row)}",
            )
    check_size(size(grid), argument, what)
    return grid


def check_volume(maps: Sequence[Map], argument: str, what: str = "channel") -> Volume:
    """Channels of one size: ``--x`` given twice must give two maps of the same height and width."""
    volume = tuple(maps)
    first = size(volume[0])
    for c, grid in enumerate(volume[1:], start=2):
        if size(grid) != first:
            raise InputError(
                argument,
                f"{what} {c} is {size_text(size(grid))} but {what} 1 is {size_text(first)}: "
                f"every {what} must have the same height and width",
            )
    return volume


def check_size(pair: Pair, argument: str, what: str) -> None:
    """A map of at most :data:`MAX_MAP_VALUES` values."""
    if pair[0] * pair[1] > MAX_MAP_VALUES:
        raise InputError(
            argument,
            f"{what} would be {size_text(pair)} = {pair[0] * pair[1]:,} values: exact working is "
            f"for maps of at most {MAX_MAP_VALUES:,} values",
        )


def check_products(count: int, argument: str) -> None:
    if count > MAX_PRODUCTS:
        raise InputError(
            argument,
            f"this would write out {count:,} products: at most {MAX_PRODUCTS:,} (use smaller maps)",
        )


def zeros(height: int, width: int) -> Map:
    row = (ZERO,) * width
    return (row,) * height


def pad(grid: Map, sides: Sides, fill: Value = ZERO) -> Map:
    """``grid`` with ``fill`` rows and columns added on each side (a negative side is cropped)."""
    top, bottom, left, right = sides
    height, width = size(grid)
    cols = range(-left, width + right)
    rows = range(-top, height + bottom)
    return tuple(
        tuple(grid[r][c] if 0 <= r < height and 0 <= c < width else fill for c in cols)
        for r in rows
    )


def flip(grid: Map) -> Map:
    """Rotated by 180°: k[m][n] → k[K_h − 1 − m][K_w − 1 − n] (true convolution's kernel)."""
    return tuple(tuple(reversed(row)) for row in reversed(grid))


def insert_zeros(grid: Map, stride: Pair) -> Map:
    """S − 1 zeros between neighbouring values along each axis: (H − 1)·S + 1 rows."""
    sh, sw = stride
    height, width = size(grid)
    out_h, out_w = (height - 1) * sh + 1, (width - 1) * sw + 1
    return tuple(
        tuple(grid[r // sh][c // sw] if r % sh == 0 and c % sw == 0 else ZERO for c in range(out_w))
        for r in range(out_h)
    )


def flat(volume: Volume) -> tuple[Value, ...]:
    """Every value, channel by channel, row by row (PyTorch's flatten of a (C, H, W) map)."""
    return tuple(v for grid in volume for row in grid for v in row)


def number(value: Value) -> int | float:
    """A value for JSON: an int where it is a whole number, else the nearest float."""
    if quantity.is_rational(value):
        exact = quantity.to_fraction(value)
        if exact.denominator == 1:
            return int(exact.numerator)
    return quantity.to_float(value)


def exact_text(value: Value) -> str:
    """The exact value as text: ``-3``, ``1/3``, ``1/(1 + exp(-2))`` (as ``--x`` reads it back
    where it is rational)."""
    return quantity.plain(value)


def grid_json(grid: Map) -> list[list[int | float]]:
    return [[number(v) for v in row] for row in grid]


def grid_exact(grid: Map) -> list[list[str]]:
    return [[exact_text(v) for v in row] for row in grid]


def volume_json(volume: Volume, key: str = "output") -> dict[str, object]:
    """``output`` (rows for one channel, channels of rows for several), ``output_exact`` (the same
    as exact text) and ``shape`` ([H, W] or [C, H, W])."""
    height, width = size(volume[0])
    if len(volume) == 1:
        return {
            key: grid_json(volume[0]),
            f"{key}_exact": grid_exact(volume[0]),
            "shape": [height, width],
        }
    return {
        key: [grid_json(grid) for grid in volume],
        f"{key}_exact": [grid_exact(grid) for grid in volume],
        "shape": [len(volume), height, width],
    }
