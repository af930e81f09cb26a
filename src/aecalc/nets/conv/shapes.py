"""Shapes of a convolutional net's values: reading them, writing them, and the bounds they keep.

A shape is ``(H, W, C)`` for a feature map (channels last, as Keras prints it) or ``(N,)`` for
a flat vector (after ``flatten``, or a dense input). The output size of a layer along one axis
is :mod:`aecalc.nets.conv.axes`.

Numbers in tokens and shapes are ASCII digits only (``conv３x3:١٦`` and ``pool٢`` are refused,
as the vector tokenizer refuses them), at most :data:`MAX_DIMENSION`, and every layer's output
is held to the same bound, so no figure ever grows past what can be printed.
"""

from __future__ import annotations

import re

from aecalc.errors import InputError
from aecalc.values.fmt import counted

Shape = tuple[int, ...]
Pair = tuple[int, int]
"""A size per axis, (height, width): a kernel, a stride, a padding, a dilation."""

MAX_DIMENSION = 10**9
MAX_FLAT = MAX_DIMENSION**3
_MAX_DIGITS = len(str(MAX_DIMENSION)) + 2
_SHAPE_SPLIT = re.compile(r"\s*[x×*,]\s*", re.IGNORECASE)
_ASCII_DIGITS = re.compile(r"[0-9]+", re.ASCII)


def size_of(shape: Shape) -> int:
    """The number of values: H·W·C, or N."""
    size = 1
    for d in shape:
        size *= d
    return size


def shape_text(shape: Shape) -> str:
    """``28×28×1``, or ``3,136`` for a flat vector."""
    if len(shape) == 1:
        return f"{shape[0]:,}"
    return "×".join(str(d) for d in shape)


def values_text(shape: Shape) -> str:
    """``7×7×32 = 1,568 values``, or ``16 values`` for a flat vector."""
    if len(shape) == 1:
        return counted(shape[0], "value")
    return f"{shape_text(shape)} = {size_of(shape):,} values"


def is_flat(shape: Shape) -> bool:
    return len(shape) == 1


def refuse_unicode_digits(text: str, argument: str) -> None:
    """Digits other than 0–9 (full-width ``３``, Arabic-Indic ``١``, superscripts) are an error."""
    for ch in text:
        if ch.isdigit() and not ch.isascii():
            raise InputError(
                argument, f"{ch!r} is not an ASCII digit: write numbers with the digits 0-9"
            )


def dimension(text: str, argument: str, what: str, *, minimum: int = 1) -> int:
    """A whole number from a token: ASCII digits, at least ``minimum``, at most MAX_DIMENSION."""
    refuse_unicode_digits(text, argument)
    if not _ASCII_DIGITS.fullmatch(text):
        raise InputError(argument, f"{what} {text!r} is not a whole number")
    significant = text.lstrip("0")  # int() of 4,301 zeros would pass Python's int-string limit
    if len(significant) > _MAX_DIGITS:
        raise InputError(argument, f"{what} has {len(text)} digits: at most {MAX_DIMENSION:,}")
    value = int(significant or "0")
    if value < minimum:
        raise InputError(argument, f"{what} must be at least {minimum}, not {value}")
    if value > MAX_DIMENSION:
        raise InputError(argument, f"{what} {value:,} is beyond {MAX_DIMENSION:,}")
    return value


def parse_shape(text: str, argument: str = "--input", *, flat: bool = True) -> Shape:
    """``28x28x1`` (also ``28×28×1``, ``28,28,1``; ``28x28`` is one channel) → (28, 28, 1).

    A single number (``784``) is a flat vector, where ``flat`` allows it.

    >>> parse_shape("28x28"), parse_shape("784")
    ((28, 28, 1), (784,))
    """
    refuse_unicode_digits(text, argument)
    parts = _SHAPE_SPLIT.split(text.strip())
    counts = (1, 2, 3) if flat else (2, 3)
    if len(parts) not in counts or not all(parts):
        example = "H×W×C (e.g. 28x28x1)" + (" or N for a flat vector" if flat else "")
        raise InputError(argument, f"{text!r} is not a shape: write {example}")
    if len(parts) == 1:
        return (dimension(parts[0], argument, "size"),)
    names = ("height", "width", "channels")
    values = [dimension(p, argument, names[i]) for i, p in enumerate(parts)]
    if len(values) == 2:
        values.append(1)
    return values[0], values[1], values[2]


def pair_text(pair: Pair) -> str:
    """``2`` when both axes agree, else ``2x1`` (as tokens and options spell it)."""
    return str(pair[0]) if pair[0] == pair[1] else f"{pair[0]}x{pair[1]}"


def parse_pair(text: str, argument: str, what: str, *, minimum: int = 1) -> Pair:
    """``2`` (both axes) or ``2x1`` (height × width; also ``2×1``, ``2,1``) → (2, 1).

    >>> parse_pair("3x4", "--stride", "stride"), parse_pair("2", "--stride", "stride")
    ((3, 4), (2, 2))
    """
    refuse_unicode_digits(text, argument)
    parts = _SHAPE_SPLIT.split(text.strip())
    if len(parts) not in (1, 2) or not all(parts):
        raise InputError(
            argument, f"{text!r} is not a {what}: write one number, or HxW for each axis (3x4)"
        )
    values = [dimension(p, argument, what, minimum=minimum) for p in parts]
    return (values[0], values[-1])


def check_output(shape: Shape, argument: str) -> Shape:
    """A layer's output, held to the same bounds as the input (so figures stay printable)."""
    limit = MAX_FLAT if is_flat(shape) else MAX_DIMENSION
    if any(d > limit for d in shape):
        raise InputError(
            argument,
            f"its output would be larger than {limit:,} along one axis: too large to count",
        )
    return shape
