"""Long lists of layers shown as ``params`` shows them: the first and the last, the rest in JSON.

A net of 20,000 layers is a fine input (``--json`` lists every layer), but a printout of 20,000
worked layers is not read by anyone and took a terminal minutes to lay out. Presenters keep the
first and the last of a long list and say how many they left out.

>>> elided(list(range(10)), 4)
((0, 1), 6, (8, 9))
>>> elided([1, 2, 3], 4)
((1, 2, 3), 0, ())
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

MAX_SHOWN_ROWS = 60
"""Rows a table of layers shows (the first 30 and the last 30), as ``params`` does."""
MAX_WORKED_LAYERS = 8
"""Layers worked out in full, each in tables of its own (the first 4 and the last 4)."""


def elided(items: Sequence[T], most: int) -> tuple[tuple[T, ...], int, tuple[T, ...]]:
    """(the first items, how many are left out, the last items): at most ``most`` shown, half
    from each end; everything in the first when there are no more than ``most``."""
    if len(items) <= most:
        return tuple(items), 0, ()
    half = max(1, most // 2)
    return tuple(items[:half]), len(items) - 2 * half, tuple(items[-half:])


def left_out(count: int, what: str = "layers") -> str:
    """``19,992 more layers are not shown; --json lists them all.``"""
    return f"{count:,} more {what} are not shown; --json lists them all."
