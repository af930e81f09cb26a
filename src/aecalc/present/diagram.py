"""Networks drawn the way exam diagrams draw them: layers as columns of neurons.

``text`` gives a Unicode drawing for the terminal; ``svg`` an inline SVG for HTML pages
(edges between neighbouring layers, the bottleneck marked, optional values on the
neurons and weights on the edges of small nets). Pure string work: no arithmetic
beyond placing shapes.
"""

from __future__ import annotations

from collections.abc import Sequence

from aecalc.present.document import Network, Neurons
from aecalc.values.fmt import counted

MAX_DRAWN = 6


def escape(text: str) -> str:
    """XML-escape text for SVG (the stdlib's ``html`` module costs start-up time here)."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )  # neurons drawn per column before the middle ones are elided


def _shown(size: int) -> list[int | None]:
    """Indices of the neurons drawn in a column; ``None`` marks the elision."""
    if size <= MAX_DRAWN:
        return list(range(size))
    return [0, 1, 2, None, size - 2, size - 1]


def _names(count: int, code_index: int) -> list[str]:
    names = []
    for i in range(count):
        if i == 0:
            names.append("input")
        elif i == count - 1:
            names.append("output")
        elif i == code_index:
            names.append("code")
        else:
            names.append(f"hidden {i}")
    return names


def _is_code(layer: int, count: int, code_index: int) -> bool:
    return layer == code_index and 0 < layer < count - 1


def network(
    sizes: Sequence[int],
    code_index: int,
    values: Sequence[Sequence[str]] | None = None,
    weights: Sequence[Sequence[Sequence[str]]] | None = None,
) -> Network:
    """The drawing as a :class:`~aecalc.present.document.Network` (the neurons drawn, their
    values, and the weights on the edges of nets of at most three units a layer)."""
    names = _names(len(sizes), code_index)
    layers = []
    for layer, size in enumerate(sizes):
        shown: list[str | None] = []
        for index in _shown(size):
            if index is None:
                shown.append(None)
            elif values is not None and index < len(values[layer]):
                shown.append(values[layer][index])
            else:
                shown.append("")
        code = _is_code(layer, len(sizes), code_index)
        layers.append(Neurons(names[layer], f"{size:,}", tuple(shown), code))
    edges: tuple[tuple[tuple[str, ...], ...], ...] = ()
    if weights is not None and max(sizes) <= 3:
        edges = tuple(tuple(tuple(row) for row in matrix) for matrix in weights)
    return Network(tuple(layers), edges)


def text(
    sizes: Sequence[int], code_index: int, values: Sequence[Sequence[str]] | None = None
) -> str:
    """A Unicode drawing: one column per layer, ● for the code layer, ○ otherwise.

    ``values`` (one list of strings per layer) are written beside the neurons. A column's
    neurons share one left edge (their marks line up whatever their labels' widths), and the
    block of them is centred under the layer's name.
    """
    names = _names(len(sizes), code_index)
    columns: list[list[str]] = []
    for layer, size in enumerate(sizes):
        mark = "●" if _is_code(layer, len(sizes), code_index) else "○"
        body = []
        for index in _shown(size):
            if index is None:
                body.append("⋮")
            elif values is not None and index < len(values[layer]):
                body.append(f"{mark} {values[layer][index]}")
            else:
                body.append(mark)
        block = max(len(cell) for cell in body)
        columns.append([names[layer], f"({size:,})", *(cell.ljust(block) for cell in body)])
    height = max(len(c) for c in columns)
    widths = [max(len(cell) for cell in c) for c in columns]
    middle = 2 + (height - 2) // 2
    lines = []
    for row in range(height):
        parts = []
        for i, column in enumerate(columns):
            body_rows = len(column) - 2
            offset = (height - 2 - body_rows) // 2
            if row < 2:
                cell = column[row]
            else:
                k = row - 2 - offset
                cell = column[2 + k] if 0 <= k < body_rows else ""
            parts.append(cell.center(widths[i]))
            if i < len(columns) - 1:
                parts.append("  →  " if row == middle else "     ")
        lines.append("".join(parts).rstrip())
    return "\n".join(lines)


def svg(
    sizes: Sequence[int],
    code_index: int,
    values: Sequence[Sequence[str]] | None = None,
    weights: Sequence[Sequence[Sequence[str]]] | None = None,
) -> str:
    """An inline SVG of the network (fits its own width; scales down on narrow pages).

    ``weights[l][j][i]`` labels the edge from neuron i of layer l to neuron j of layer l + 1
    (drawn only when every layer has at most three units, where labels stay legible).
    """
    names = _names(len(sizes), code_index)
    gap_x, gap_y, radius, top = 150, 56, 16, 60
    if values is not None:  # room for a value such as 0.6750 inside each neuron
        longest = max((len(v) for layer in values for v in layer), default=0)
        radius = max(radius, 4 + 3 * longest)
        gap_y = max(gap_y, 2 * radius + 20)
    shown = [_shown(s) for s in sizes]
    tallest = max(len(s) for s in shown)
    width = 80 + gap_x * (len(sizes) - 1) + 80
    height = top + gap_y * tallest + 20

    def position(layer: int, slot: int) -> tuple[float, float]:
        offset = (tallest - len(shown[layer])) * gap_y / 2
        return 80 + layer * gap_x, top + offset + slot * gap_y + gap_y / 2

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" '
        f'style="max-width:100%;height:auto" role="img" aria-label="network diagram">'
    ]
    label_edges = weights is not None and max(sizes) <= 3
    for layer in range(len(sizes) - 1):
        for a_slot, a in enumerate(shown[layer]):
            for b_slot, b in enumerate(shown[layer + 1]):
                if a is None or b is None:
                    continue
                x1, y1 = position(layer, a_slot)
                x2, y2 = position(layer + 1, b_slot)
                parts.append(
                    f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#99a" stroke-width="1"/>'
                )
                if label_edges and weights is not None:
                    mx, my = x1 + (x2 - x1) * 0.3, y1 + (y2 - y1) * 0.3 - 4
                    parts.append(
                        f'<text x="{mx}" y="{my}" font-size="11" fill="#335" '
                        f'text-anchor="middle">{escape(weights[layer][b][a])}</text>'
                    )
    for layer, size in enumerate(sizes):
        x, _ = position(layer, 0)
        is_code = layer == code_index and 0 < layer < len(sizes) - 1
        parts.append(
            f'<text x="{x}" y="22" font-size="13" font-weight="bold" text-anchor="middle">'
            f"{escape(names[layer])}</text>"
            f'<text x="{x}" y="40" font-size="12" text-anchor="middle">{counted(size, "unit")}</text>'
        )
        for slot, index in enumerate(shown[layer]):
            cx, cy = position(layer, slot)
            if index is None:
                parts.append(
                    f'<text x="{cx}" y="{cy + 5}" font-size="18" text-anchor="middle">⋮</text>'
                )
                continue
            fill = "#fde2b8" if is_code else "#e3e8ff"
            parts.append(
                f'<circle cx="{cx}" cy="{cy}" r="{radius}" fill="{fill}" stroke="#335" stroke-width="1.5"/>'
            )
            if values is not None and index < len(values[layer]):
                parts.append(
                    f'<text x="{cx}" y="{cy + 4}" font-size="10" text-anchor="middle">'
                    f"{escape(values[layer][index])}</text>"
                )
    parts.append("</svg>")
    return "".join(parts)
