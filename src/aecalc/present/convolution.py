"""Documents for ``aecalc conv`` and ``aecalc conv --transpose``: every output cell written out.

A convolution shows its input (padded, with its zeros framed), its kernel (flipped, for a true
convolution), the output size, each cell's window drawn on the input (small maps), each cell's
products ``y₁,₁ = 2·(−2) + 5·0 + 0·4 + 6·6 = 32`` then its bias and activation, and the output.
A transposed convolution shows each input value's scaled kernel where it lands, the uncropped sum
with the kept part framed, each output cell's overlapping products, the output, and the same
output as a plain convolution of the zero-inserted, padded input with the flipped kernel.
"""

from __future__ import annotations

from aecalc.nets.activations import ACTIVATIONS
from aecalc.nets.conv.chain import ChainStep
from aecalc.nets.conv.correlate import Cell, Convolution, FilterMap
from aecalc.nets.conv.maps import ZERO, Map, Sides, Volume, size, size_text
from aecalc.nets.conv.shapes import pair_text
from aecalc.nets.conv.transpose import Transposed, TransposedFilter
from aecalc.present import grids
from aecalc.present.chain import chain_blocks, final_answer
from aecalc.present.document import (
    Block,
    Diagram,
    Document,
    Equations,
    Facts,
    Math,
    Note,
    Section,
)
from aecalc.present.document import (
    Cell as DocCell,
)
from aecalc.present.windows import map_blocks, size_facts, value_cell, volume_text
from aecalc.values import quantity
from aecalc.values.quantity import Value

MAX_CELL_LINES = 64
MAX_DRAWN = 25  # windows (or placements) drawn one by one up to this many


def _sum(terms: list[tuple[Value, Value]], digits: int) -> tuple[str, str]:
    plain = " + ".join(f"{grids.working(x, digits)}·{grids.working(k, digits)}" for x, k in terms)
    tex = " + ".join(
        rf"{grids.tex_working(x, digits)} \cdot {grids.tex_working(k, digits)}" for x, k in terms
    )
    return plain or "0", tex or "0"


def _number(value: Value, digits: int) -> tuple[str, str]:
    return grids.working(value, digits), grids.tex_working(value, digits)


def _added(values: list[Value], digits: int) -> tuple[str, str]:
    """``−1 + 1/3 + (−2)``: a sum of values, a negative one after the first in brackets."""
    plain: list[str] = []
    tex: list[str] = []
    for i, value in enumerate(values):
        text, text_tex = grids.value_text(value, digits), quantity.tex(value)
        if not quantity.is_rational(value):
            text_tex = text
        if i and quantity.sign(value) < 0:
            text, text_tex = f"({text})", f"({text_tex})"
        plain.append(text)
        tex.append(text_tex)
    return " + ".join(plain), " + ".join(tex)


def cell_lines(cell: Cell, act: str | None, digits: int) -> list[tuple[Math, Math]]:
    """The lines of one output cell: its products (per channel, then their total), + bias, and
    the activation; the last line names the value y."""
    out = grids.name("y", cell.row, cell.col)
    pre = grids.name("z", cell.row, cell.col) if act else out
    lines: list[tuple[Math, Math]] = []
    several = len(cell.channels) > 1
    bias = cell.bias
    extra_plain = extra_tex = ""
    if bias is not None:
        b_plain, b_tex = _added([ZERO, bias], digits)
        extra_plain, extra_tex = b_plain[1:], b_tex[1:]
    if several:
        for c, terms in enumerate(cell.channels):
            plain, tex = _sum([(t.x, t.k) for t in terms], digits)
            value, value_tex = value_cell(cell.sums[c], digits)
            lhs = Math(f"{pre.plain} channel {c + 1}", rf"{pre.tex}^{{({c + 1})}}")
            lines.append((lhs, Math(f"{plain} = {value}", f"{tex} = {value_tex}")))
        plain, tex = _added(list(cell.sums), digits)
    else:
        plain, tex = _sum([(t.x, t.k) for t in cell.channels[0]], digits)
    value, value_tex = value_cell(cell.pre, digits)
    if bias is not None and not several:
        total, total_tex = grids.value_text(cell.total, digits), quantity.tex(cell.total)
        rhs = Math(
            f"{plain}{extra_plain} = {total}{extra_plain} = {value}",
            f"{tex}{extra_tex} = {total_tex}{extra_tex} = {value_tex}",
        )
    else:
        rhs = Math(f"{plain}{extra_plain} = {value}", f"{tex}{extra_tex} = {value_tex}")
    lines.append((pre, rhs))
    if act:
        entry = ACTIVATIONS[act]
        arg, arg_tex = grids.value_text(cell.pre, digits), quantity.tex(cell.pre)
        end, end_tex = value_cell(cell.value, digits)
        lines.append(
            (
                out,
                Math(
                    f"{entry.symbol}({arg}) = {end}",
                    rf"{entry.tex}\left({arg_tex}\right) = {end_tex}",
                ),
            )
        )
    return lines


def _cells_block(cells: tuple[Cell, ...], act: str | None, digits: int, title: str) -> Equations:
    lines: list[tuple[Math, Math]] = []
    for cell in cells[:MAX_CELL_LINES]:
        lines += cell_lines(cell, act, digits)
    caption = ""
    if len(cells) > MAX_CELL_LINES:
        caption = f"{len(cells) - MAX_CELL_LINES} more cells: --json lists every one."
    return Equations(title, tuple(lines), caption)


def _kernels(title: str, kernels: Volume, digits: int) -> list[Block]:
    return map_blocks(title, kernels, digits)


def _kernel_blocks(filt: FilterMap, flip: bool, digits: int) -> list[Block]:
    blocks = _kernels("Kernel k", filt.kernels, digits)
    if flip:
        blocks += _kernels("Kernel as used, rotated by 180°", filt.used, digits)
    return blocks


def _windows(result: Convolution, filt: FilterMap, digits: int) -> Diagram | None:
    if len(filt.cells) > MAX_DRAWN:
        return None
    cells = grids.texts(result.padded[0], digits)
    items = [
        (
            f"{grids.label('y', cell.row, cell.col)} = {grids.value_text(cell.value, digits)}",
            grids.picture(cells, frozenset(t.at for t in cell.channels[0]), result.sides),
        )
        for cell in filt.cells
    ]
    drawn = grids.gallery(items)
    if not grids.fits(drawn):
        return None
    where = " (the same place in every channel)" if len(result.inputs) > 1 else ""
    return Diagram(f"Windows: the input values each output cell uses, in brackets{where}", drawn)


def _sides_text(sides: Sides) -> str:
    top, bottom, left, right = sides
    if top == bottom == left == right:
        return f"{top} on every side" if top else "none"
    return f"{top} above, {bottom} below, {left} left, {right} right"


def _setup(
    operation: str,
    inputs: Volume,
    kernel: tuple[int, int],
    filters: int,
    rest: list[tuple[str, str]],
) -> Facts:
    kernel_text = size_text(kernel)
    if len(inputs) > 1:
        kernel_text += f", one per input channel (summed over the {len(inputs)} channels)"
    if filters > 1:
        kernel_text += f"; {filters} filters (one output channel each)"
    items: list[tuple[str, DocCell]] = [
        ("operation", operation),
        ("input", volume_text(inputs)),
        ("kernel", kernel_text),
        *rest,
    ]
    return Facts("Setup", tuple(items))


def _options(
    stride: tuple[int, int],
    dilation: tuple[int, int],
    bias: tuple[Value, ...],
    act: str | None,
    digits: int,
) -> list[tuple[str, str]]:
    rest = [("stride", pair_text(stride))]
    if dilation != (1, 1):
        rest.append(("dilation", pair_text(dilation) + " (kernel entries that far apart)"))
    if bias:
        rest.append(("bias", ", ".join(grids.value_text(b, digits) for b in bias)))
    if act:
        rest.append(("activation", ACTIVATIONS[act].definition))
    return rest


def _flip_note(flip: bool) -> Note:
    if flip:
        text = (
            "--flip: the convolution of signal processing, the kernel rotated by 180° before "
            "sliding (k[m, n] → k[K − 1 − m, K − 1 − n]). PyTorch's Conv2d and Keras' Conv2D "
            "do not flip it: leave out --flip for their numbers."
        )
    else:
        text = (
            "Cross-correlation, as PyTorch's Conv2d and Keras' Conv2D compute it: the kernel "
            "slides as it is written, not flipped. A textbook 'convolution' rotates it by 180° "
            "first; --flip computes that one."
        )
    return Note(text, "convention")


def conv_document(result: Convolution, steps: tuple[ChainStep, ...], digits: int) -> Document:
    spec = result.spec
    padding = "same" if spec.padding == "same" else pair_text(spec.padding)
    rest = [("padding", f"{padding} ({_sides_text(result.sides)})")]
    rest += _options(spec.stride, spec.dilation, spec.bias, spec.act, digits)
    operation = (
        "convolution (the kernel rotated by 180°, --flip)"
        if spec.flip
        else "cross-correlation (PyTorch Conv2d, Keras Conv2D)"
    )
    blocks: list[Block] = [
        _setup(operation, result.inputs, result.kernel, len(result.filters), rest),
        *map_blocks("Input x", result.inputs, digits),
    ]
    several = len(result.filters) > 1
    if not several:
        blocks += _kernel_blocks(result.filters[0], spec.flip, digits)
    if any(result.sides):
        for c, grid in enumerate(result.padded):
            which = f", channel {c + 1}" if len(result.padded) > 1 else ""
            drawn = grids.drawing(grids.texts(grid, digits), result.sides)
            blocks.append(
                Diagram(
                    f"Padded input{which} ({size_text(size(grid))}; the input is framed)", drawn
                )
            )
    blocks.append(size_facts(result.formulas))
    for f, filt in enumerate(result.filters):
        inner: list[Block] = _kernel_blocks(filt, spec.flip, digits) if several else []
        windows = _windows(result, filt, digits)
        if windows is not None:
            inner.append(windows)
        cells = _cells_block(filt.cells, spec.act, digits, "Each output cell")
        if windows is None:
            (sh, sw), (dh, dw) = spec.stride, spec.dilation
            row = "i" if sh == 1 else f"{sh}·(i − 1) + 1"
            col = "j" if sw == 1 else f"{sw}·(j − 1) + 1"
            where = (
                f"The window of y_i,j starts at row {row}, column {col} of the padded input"
                + ("" if (dh, dw) == (1, 1) else f", its entries {pair_text((dh, dw))} apart")
                + "."
            )
            cells = Equations(cells.title, cells.lines, f"{where} {cells.caption}".strip())
        inner.append(cells)
        inner += map_blocks("Output y", (filt.output,), digits)
        if filt.reason:
            inner.append(Note(f"Values carried as 60-digit numbers: {filt.reason}."))
        if several:
            blocks.append(Section(f"Filter {f + 1}", f"filter-{f + 1}", tuple(inner)))
        else:
            blocks += inner
    blocks.append(_flip_note(spec.flip))
    if spec.padding == "same":
        blocks.append(
            Note(
                "padding='same' (Keras; PyTorch for stride 1) makes the output ⌈H/S⌉: the zeros "
                "needed go half above and half below, an odd one below (and right).",
                "convention",
            )
        )
    elif any(result.sides):
        blocks.append(
            Note(
                "Zero padding: the padding cells are zeros, so their products add nothing, but "
                "they let the window reach the border values.",
                "convention",
            )
        )
    blocks += chain_blocks(steps, digits)
    blocks += final_answer(result.output, steps, digits)
    title = (
        f"{spec.operation.capitalize()} of a {volume_text(result.inputs)} input with a "
        f"{size_text(result.kernel)} kernel"
    )
    return Document(title, tuple(blocks))


def _placements(result: Transposed, filt: TransposedFilter, digits: int) -> Diagram | None:
    if len(filt.placements) > MAX_DRAWN or len(result.inputs) > 1:
        return None
    (fh, fw), (dh, dw) = result.full_size, result.spec.dilation
    items = []
    for p in filt.placements:
        cells = [["." for _ in range(fw)] for _ in range(fh)]
        for m, row in enumerate(p.scaled):
            for n, value in enumerate(row):
                cells[p.at[0] + m * dh][p.at[1] + n * dw] = grids.value_text(value, digits)
        caption = f"{grids.label('x', p.row, p.col)} = {grids.value_text(p.value, digits)}"
        items.append((caption, grids.picture(cells)))
    drawn = grids.gallery(items)
    if not grids.fits(drawn):
        return None
    return Diagram(
        "Each input value times the kernel, placed S apart on the uncropped grid",
        drawn,
    )


def _crop_frame(result: Transposed) -> Sides | None:
    top, bottom, left, right = result.crop
    if min(result.crop) < 0:
        return None
    return top, bottom, left, right


def transpose_document(result: Transposed, steps: tuple[ChainStep, ...], digits: int) -> Document:
    spec = result.spec
    rest = [
        ("padding", f"{pair_text(spec.padding)} (rows and columns cropped from each border)"),
        ("output padding", pair_text(spec.output_padding) + " (added at the bottom and right)"),
    ]
    rest = [("stride", pair_text(spec.stride)), *rest]
    rest += _options(spec.stride, spec.dilation, spec.bias, spec.act, digits)[1:]
    operation = "transposed convolution (PyTorch ConvTranspose2d)"
    if spec.overlaps == "last":
        operation += ", keeping only the last product where placements overlap (not summed)"
    blocks: list[Block] = [
        _setup(operation, result.inputs, result.kernel, len(result.filters), rest),
        *map_blocks("Input x", result.inputs, digits),
    ]
    for f, filt in enumerate(result.filters):
        inner: list[Block] = _kernels("Kernel k", filt.kernels, digits)
        placed = _placements(result, filt, digits)
        if placed is not None:
            inner.append(placed)
        full = grids.drawing(grids.texts(filt.full, digits), _crop_frame(result))
        fh, fw = result.full_size
        kept = (
            "the output is framed"
            if _crop_frame(result) and any(result.crop)
            else "nothing is cropped"
        )
        inner.append(
            Diagram(
                f"Placements summed: the uncropped {fh}×{fw} grid ({kept})",
                full,
            )
        )
        inner.append(size_facts(result.formulas))
        inner.append(
            _cells_block(
                filt.cells, spec.act, digits, "Each output cell: the products that land on it"
            )
        )
        inner += map_blocks("Output y", (filt.output,), digits)
        if len(result.filters) > 1:
            blocks.append(Section(f"Filter {f + 1}", f"filter-{f + 1}", tuple(inner)))
        else:
            blocks += inner
    blocks += _gather(result, digits)
    blocks += chain_blocks(steps, digits)
    blocks += final_answer(result.output, steps, digits)
    title = (
        f"Transposed convolution of a {volume_text(result.inputs)} input with a "
        f"{size_text(result.kernel)} kernel"
    )
    return Document(title, tuple(blocks))


def _gather(result: Transposed, digits: int) -> list[Block]:
    spec = result.spec
    top, bottom, left, right = result.inserted_sides
    (sh, sw) = spec.stride
    zeros = "no zeros" if (sh, sw) == (1, 1) else f"{pair_text((sh - 1, sw - 1))} zero(s)"
    text = (
        f"The same output, the other way round: insert {zeros} between neighbouring input "
        f"values, pad with D·(K − 1) − P zeros ({_sides_text(result.inserted_sides)}"
        + ("; a negative amount crops" if min(result.inserted_sides) < 0 else "")
        + "), and cross-correlate with the kernel rotated by 180°, stride 1"
        + ("" if spec.dilation == (1, 1) else f", dilation {pair_text(spec.dilation)}")
        + "."
    )
    blocks: list[Block] = [Note(text, "convention")]
    if min(result.inserted_sides) >= 0 and len(result.inputs) == 1:
        grid: Map = result.inserted[0]
        drawn = grids.drawing(grids.texts(grid, digits), (top, bottom, left, right))
        if grids.fits(drawn):
            blocks.append(Diagram(f"Zero-inserted, padded input ({size_text(size(grid))})", drawn))
        if len(result.flipped) == 1:
            blocks += map_blocks("Kernel rotated by 180°", result.flipped[0], digits)
    return blocks
