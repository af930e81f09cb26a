"""The blocks that maps, pools and upsampling print, wherever they come: a map drawn, a pool's
windows written out (``y₁,₁ = max(1, 3, 4, 6) = 6`` with the argmax named, ``y₁,₁ = (1 + 3 + 4 +
6)/4 = 7/2``) and drawn on the input for small maps, an upsampling, the answer as ``--x`` reads it
back. ``aecalc pool`` and ``upsample`` (:mod:`aecalc.present.pooling`), the steps of a chain
(:mod:`aecalc.present.chain`) and ``aecalc conv`` (:mod:`aecalc.present.convolution`) use them.
"""

from __future__ import annotations

from aecalc.nets.conv.maps import Volume, size, size_text
from aecalc.nets.conv.pooling import Pooled, Upsampled, Window
from aecalc.nets.conv.shapes import pair_text
from aecalc.present import grids
from aecalc.present.cells import relation
from aecalc.present.document import Block, Cell, Diagram, Equations, Facts, Math, Note
from aecalc.values import quantity

MAX_WINDOW_LINES = 64
MAX_DRAWN = 16  # windows drawn one by one when a channel has at most this many
MAX_ANSWER_VALUES = 64  # an answer written out as --x reads it back, up to this many values


def map_blocks(title: str, volume: Volume, digits: int, symbol: str = "") -> list[Block]:
    """A map drawn (one diagram per channel)."""
    blocks: list[Block] = []
    for c, grid in enumerate(volume):
        which = f", channel {c + 1}" if len(volume) > 1 else ""
        text = grids.drawing(grids.texts(grid, digits))
        blocks.append(Diagram(f"{title}{which} ({size_text(size(grid))}){symbol}", text))
    return blocks


def value_cell(value: object, digits: int) -> tuple[str, str]:
    """``7/2`` and its decimal where it is not whole: plain and TeX right-hand ends."""
    exact = quantity.plain(value)
    decimal = quantity.decimal(value, digits)
    if exact == decimal:
        return exact, quantity.tex(value)
    sign, tex_sign = relation(value, digits)
    return f"{exact} {sign} {decimal}", f"{quantity.tex(value)} {tex_sign} {decimal}"


def _window_line(window: Window, kind: str, digits: int, channel: str) -> tuple[Math, Math]:
    values = window.values
    end, end_tex = value_cell(window.value, digits)
    lhs = grids.name("y", window.row, window.col)
    lhs = Math(lhs.plain + channel, lhs.tex)
    if kind == "max":
        listed = ", ".join(grids.value_text(v, digits) for v in values)
        listed_tex = ", ".join(grids.tex_working(v, digits) for v in values)
        assert window.argmax is not None
        where = f" (at row {window.argmax[0] + 1}, column {window.argmax[1] + 1})"
        return lhs, Math(
            f"max({listed}) = {end}{where}",
            rf"\max({listed_tex}) = {end_tex}\ \text{{{where.strip()}}}",
        )
    total = " + ".join(grids.working(v, digits) for v in values)
    total_tex = " + ".join(grids.tex_working(v, digits) for v in values)
    return lhs, Math(
        f"({total})/{window.divisor} = {end}",
        rf"\frac{{{total_tex}}}{{{window.divisor}}} = {end_tex}",
    )


def _drawn(result: Pooled, channel: int, digits: int) -> str:
    grid = result.inputs[channel]
    height, width = size(grid)
    ph, pw = result.spec.padding
    fill = "-inf" if result.spec.kind == "max" else "0"
    cells = [
        [
            grids.value_text(grid[r][c], digits) if 0 <= r < height and 0 <= c < width else fill
            for c in range(-pw, width + pw)
        ]
        for r in range(-ph, height + ph)
    ]
    items = []
    for window in result.windows[channel]:
        marks = frozenset(
            (r + ph, c + pw)
            for (r, c), _ in window.cells
            if -ph <= r < height + ph and -pw <= c < width + pw
        )
        caption = f"{grids.label('y', window.row, window.col)} = " + grids.value_text(
            window.value, digits
        )
        items.append((caption, grids.picture(cells, marks, (ph, ph, pw, pw))))
    return grids.gallery(items)


def pool_blocks(result: Pooled, digits: int) -> list[Block]:
    """The size, the windows (drawn for small maps), each window's value and the output."""
    spec = result.spec
    kind = spec.kind
    blocks: list[Block] = [size_facts(result.formulas)]
    for c, windows in enumerate(result.windows):
        channel = f" (channel {c + 1})" if len(result.windows) > 1 else ""
        if len(windows) <= MAX_DRAWN:
            drawn = _drawn(result, c, digits)
            if grids.fits(drawn):
                blocks.append(
                    Diagram(f"Windows{channel}: each output value's window in brackets", drawn)
                )
        lines = tuple(_window_line(w, kind, digits, "") for w in windows[:MAX_WINDOW_LINES])
        caption = ""
        if len(windows) > MAX_WINDOW_LINES:
            caption = f"{len(windows) - MAX_WINDOW_LINES} more windows: --json lists every one."
        title = (
            "Windows: the largest value of each" if kind == "max" else "Windows: the mean of each"
        )
        blocks.append(Equations(title + channel, lines, caption))
    blocks += map_blocks("Output y", result.output, digits)
    return blocks


def size_facts(formulas: tuple[str, str]) -> Facts:
    if formulas[0] == formulas[1]:
        return Facts("Output size", (("H = W", formulas[0]),))
    return Facts("Output size", (("height", formulas[0]), ("width", formulas[1])))


def answer(volume: Volume, digits: int) -> Facts:
    """The output as ``--x`` reads it back, and its shape."""
    items: list[tuple[str, Cell]] = []
    for c, grid in enumerate(volume):
        which = f" (channel {c + 1})" if len(volume) > 1 else ""
        height, width = size(grid)
        text = (
            grids.matrix_text(grid, digits)
            if height * width <= MAX_ANSWER_VALUES
            else f"the {height}×{width} map drawn above (--json lists it)"
        )
        items.append((f"y{which}", text))
    shape = size(volume[0])
    items.append(
        ("shape", size_text(shape) if len(volume) == 1 else f"{len(volume)}×{size_text(shape)}")
    )
    return Facts("Answer", tuple(items))


def pool_notes(result: Pooled) -> list[Block]:
    spec = result.spec
    notes: list[Block] = []
    stride = "the window size (the default of PyTorch and Keras)" if spec.stride is None else ""
    if stride:
        notes.append(Note(f"The stride is {stride}: the windows do not overlap.", "convention"))
    if any(spec.padding):
        what = (
            "padding cells (−inf) never win a max, as in PyTorch"
            if spec.kind == "max"
            else "padding cells count as zeros and are in the divisor (PyTorch's "
            "count_include_pad=True; Keras leaves them out)"
        )
        notes.append(Note(f"Padding {pair_text(spec.padding)}: {what}.", "convention"))
    if spec.ceil:
        notes.append(
            Note(
                "--ceil rounds the size up (PyTorch's ceil_mode=True): a last window that hangs "
                "over the edge uses the values it covers"
                + ("" if spec.kind == "max" else " and divides by those inside the padded input")
                + "; without it such a window is dropped (PyTorch's default).",
                "convention",
            )
        )
    else:
        notes.append(
            Note(
                "The size rounds down, as PyTorch's pools do by default: rows and columns that "
                "do not fill a whole window are dropped (--ceil keeps them, as Keras' "
                "padding='same' does).",
                "convention",
            )
        )
    return notes


def volume_text(volume: Volume) -> str:
    shape = size_text(size(volume[0]))
    return shape if len(volume) == 1 else f"{len(volume)}-channel {shape}"


def upsample_blocks(result: Upsampled, digits: int) -> list[Block]:
    return [size_facts(result.formulas), *map_blocks("Output y", result.output, digits)]


def upsample_note(result: Upsampled) -> Note:
    kh, kw = result.spec.scale
    if result.spec.mode == "nearest":
        text = (
            f"Nearest: each value fills a {kh}×{kw} block (Keras' UpSampling2D, PyTorch's "
            "interpolate or Upsample with mode='nearest')."
        )
    else:
        text = (
            f"Zeros: each value goes to the top-left cell of its {kh}×{kw} block, zeros fill the "
            "rest. A transposed convolution's zero insertion differs: S − 1 zeros between values "
            "and none after the last, (H − 1)·S + 1 rows."
        )
    return Note(text, "convention")
