"""A small net's weights and biases on screen (``train --show-weights``, ``forward --model``).

Each W is printed row by row (units out × units in, as aecalc's W acts on a column vector), then
its b, so a trained 3 → 1 → 3 net can be copied into an answer. A weight whose float64 value is
a short decimal (1, −0.5, 0.375) is written exactly; any other to ``digits`` places. Above
:data:`MAX_SHOWN_PARAMS` parameters, or with rows longer than :data:`MAX_SHOWN_INPUTS`, the
weights are not printed: a note says where they are instead.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from aecalc.present.document import Block, Note, Table
from aecalc.values import fmt

MAX_SHOWN_PARAMS = 300
MAX_SHOWN_INPUTS = 8
MAX_SHOWN_ROWS = 16


def _entry(value: float, digits: int) -> str:
    """Exact when the float is a decimal of at most ``digits`` places, else rounded."""
    if not math.isfinite(value):
        return str(value)
    exact = Fraction(value)
    if fmt.is_terminating(exact, digits):
        return fmt.short(exact, digits)
    return fmt.decimal(exact, digits)


def _vector(values: Sequence[Any], digits: int) -> str:
    return "[" + ", ".join(_entry(float(v), digits) for v in values) + "]"


def fits(weights: Sequence[Any]) -> bool:
    """True when the net is small enough to print: few parameters, short rows."""
    params = sum(len(w) * len(w[0]) + len(w) for w in weights)
    return params <= MAX_SHOWN_PARAMS and all(
        len(w[0]) <= MAX_SHOWN_INPUTS and len(w) <= MAX_SHOWN_ROWS for w in weights
    )


def count(weights: Sequence[Any]) -> int:
    return sum(len(w) * len(w[0]) + len(w) for w in weights)


def weights_blocks(
    title: str,
    weights: Sequence[Any],
    biases: Sequence[Any],
    digits: int,
    elsewhere: str,
    caption: str = "",
) -> list[Block]:
    """The weights table (W1 row 1, …, b1, W2 row 1, …), or a note that they are ``elsewhere``
    when the net is too big to read off a screen."""
    if not fits(weights):
        return [
            Note(f"{title}: {count(weights):,} weights and biases, too many to print; {elsewhere}.")
        ]
    rows: list[tuple[str, str]] = []
    for layer, (w, b) in enumerate(zip(weights, biases, strict=True), start=1):
        shape = f"{len(w)}×{len(w[0])}"
        for i, row in enumerate(w, start=1):
            rows.append(
                (f"W{layer} row {i}" + (f" (of {shape})" if i == 1 else ""), _vector(row, digits))
            )
        rows.append((f"b{layer}", _vector(b, digits)))
    note = (
        f"Each W is units out × units in and acts as W·h; a value with more than {digits} "
        f"decimal places is rounded to {digits} (--digits), the others are exact."
    )
    return [
        Table(
            title,
            ("", "value"),
            tuple(rows),
            caption=" ".join(part for part in (caption, note) if part),
        )
    ]


def weights_json(weights: Sequence[Any], biases: Sequence[Any]) -> list[dict[str, object]]:
    """``[{"W": rows, "b": values}, …]`` in layer order, as float64 numbers."""
    return [
        {
            "name": f"W{i}",
            "W": [[float(v) for v in row] for row in w],
            "b": [float(v) for v in b],
        }
        for i, (w, b) in enumerate(zip(weights, biases, strict=True), start=1)
    ]
