"""Feature maps drawn as text: numbers in aligned columns, some cells marked ``[v]``, the padding
framed, small pictures side by side — for the convolution, pooling and upsampling printouts.

The drawings are ASCII (a ``-`` minus becomes ``−`` on screen, as everywhere) so that the LaTeX
and PDF printouts, which set them verbatim, show them as the terminal does. A drawing wider than
:data:`WIDTH` characters is cut into bands of columns, each labelled, so nothing runs past 80.
"""

from __future__ import annotations

from collections.abc import Sequence

from aecalc.nets.conv.maps import Map, Sides
from aecalc.nets.conv.shapes import Pair
from aecalc.present.document import Math
from aecalc.values import quantity
from aecalc.values.notation import subscript
from aecalc.values.quantity import Value

WIDTH = 78
"""The widest drawing line: a Rich console of 80 columns keeps a margin."""
GAP = 4


def value_text(value: Value, digits: int) -> str:
    """A map entry: exact where it is short (``-2``, ``0.5``, ``1/3``), else the decimal."""
    if quantity.is_rational(value):
        return quantity.short(value)
    return quantity.decimal(value, digits)


def working(value: Value, digits: int) -> str:
    """A factor inside a sum: ``2``, ``(-2)``, ``(1/3)``, ``0.7311``."""
    return quantity.working(value, digits)


def tex_working(value: Value, digits: int) -> str:
    if not quantity.is_rational(value):
        return quantity.decimal(value, digits)
    text = quantity.tex(value)
    return f"({text})" if text.startswith("-") or "frac" in text else text


def name(symbol: str, row: int, col: int, tex_symbol: str | None = None) -> Math:
    """``y₁,₂`` (TeX ``y_{1,2}``) for 0-based (0, 1)."""
    plain = f"{symbol}{subscript(row + 1)},{subscript(col + 1)}"
    return Math(plain, f"{tex_symbol or symbol}_{{{row + 1},{col + 1}}}")


def label(symbol: str, row: int, col: int) -> str:
    """``y[1,2]``: a picture's caption in ASCII."""
    return f"{symbol}[{row + 1},{col + 1}]"


def texts(grid: Map, digits: int) -> list[list[str]]:
    return [[value_text(v, digits) for v in row] for row in grid]


def picture(
    cells: Sequence[Sequence[str]],
    marks: frozenset[Pair] = frozenset(),
    frame: Sides | None = None,
    cell_width: int | None = None,
) -> str:
    """The cells in right-aligned columns; a marked cell in brackets; ``frame`` (top, bottom,
    left, right: rows and columns of padding) draws a box around the cells inside the padding."""
    height, width = len(cells), len(cells[0])
    w = cell_width or max(len(text) for row in cells for text in row)
    top, bottom, left, right = frame or (0, 0, 0, 0)
    framed = frame is not None and any(frame)
    step = w + 2

    def line(r: int) -> str:
        inside = top <= r < height - bottom
        bar = "|" if inside else " "
        parts: list[str] = []
        for c in range(width):
            if framed and c == left:
                parts.append(bar)
            text = cells[r][c].rjust(w)
            parts.append(f"[{text}]" if (r, c) in marks else f" {text} ")
            if framed and c == width - right - 1:
                parts.append(bar)
        return "".join(parts).rstrip()

    rule = " " * (left * step) + "+" + "-" * ((width - left - right) * step) + "+"
    lines: list[str] = []
    for r in range(height):
        if framed and r == top:
            lines.append(rule)
        lines.append(line(r))
        if framed and r == height - bottom - 1:
            lines.append(rule)
    return "\n".join(lines)


def drawing(cells: Sequence[Sequence[str]], frame: Sides | None = None) -> str:
    """:func:`picture`, cut into labelled bands of columns when it is wider than :data:`WIDTH`."""
    whole = picture(cells, frame=frame)
    if max(len(line) for line in whole.splitlines()) <= WIDTH:
        return whole
    w = max(len(text) for row in cells for text in row)
    per_band = max(1, WIDTH // (w + 2))
    width = len(cells[0])
    bands: list[str] = []
    for start in range(0, width, per_band):
        end = min(width, start + per_band)
        part = [row[start:end] for row in cells]
        bands.append(f"columns {start + 1}-{end}:\n" + picture(part, cell_width=w))
    return "\n\n".join(bands)


def gallery(items: Sequence[tuple[str, str]]) -> str:
    """Captioned pictures side by side, as many to a row as fit :data:`WIDTH`."""
    blocks = [[caption, *text.splitlines()] for caption, text in items]
    widths = [max(len(line) for line in block) for block in blocks]
    rows: list[list[int]] = [[]]
    used = 0
    for i, w in enumerate(widths):
        if rows[-1] and used + GAP + w > WIDTH:
            rows.append([])
            used = 0
        used += (GAP if rows[-1] else 0) + w
        rows[-1].append(i)
    out: list[str] = []
    for row in rows:
        tall = max(len(blocks[i]) for i in row)
        for n in range(tall):
            parts = [(blocks[i][n] if n < len(blocks[i]) else "").ljust(widths[i]) for i in row]
            out.append((" " * GAP).join(parts).rstrip())
        out.append("")
    return "\n".join(out).rstrip("\n")


def fits(text: str) -> bool:
    return all(len(line) <= WIDTH for line in text.splitlines())


def matrix_text(grid: Map, digits: int) -> str:
    """The map as ``--x`` reads it back: ``32, 14, -18; -22, -24, 12``."""
    return "; ".join(", ".join(value_text(v, digits) for v in row) for row in grid)
