"""LaTeX network drawings: a TikZ picture of the layers as columns of neurons, and a tabular of
the same columns (○, ● and → in math) where TikZ is not installed or for a fragment.

The whole document loads TikZ only if ``tikz.sty`` is there (:data:`PREAMBLE`) and draws each
network with :func:`network_lines`, which puts both pictures under ``\\ifaecalctikz``: pdflatex
with only texlive-latex-base and -recommended still compiles it. A fragment (``--fragment``)
uses the tabular alone, so it needs no package.
"""

from __future__ import annotations

from aecalc.present.document import Network, Neurons
from aecalc.render.latex.escaping import escape

PREAMBLE = r"""\newif\ifaecalctikz
\IfFileExists{tikz.sty}{\usepackage{tikz}\aecalctikztrue}{}
"""

_TEXT_WIDTH_CM = 14.0  # what a drawing may take of the whole document's 17 cm text block
_STEP_CM = 2.8  # between two layers, where there is room
_ROW_CM = 0.95  # between two neurons of a layer


def _label(text: str) -> str:
    return escape(text) if text else ""


def _offset(layer: Neurons, tallest: int) -> float:
    return (tallest - len(layer.shown)) / 2


def tikz(network: Network) -> list[str]:
    """The network as a ``tikzpicture``: edges between neighbouring layers, the code layer
    filled, values inside the neurons, weights on the edges of small nets."""
    layers = network.layers
    tallest = max(len(layer.shown) for layer in layers)
    step = min(_STEP_CM, _TEXT_WIDTH_CM / max(len(layers) - 1, 1))
    labelled = any(label for layer in layers for label in layer.shown)
    size = "0.95cm" if labelled else "0.5cm"
    lines = [
        rf"\begin{{tikzpicture}}[x={step:.2f}cm,y=-{_ROW_CM}cm,",
        rf"  neuron/.style={{circle,draw=black!70,thick,minimum size={size},inner sep=1pt,"
        r"font=\scriptsize},",
        r"  code/.style={neuron,fill=black!18}]",
    ]
    for col, layer in enumerate(layers):
        lines.append(rf"\node[font=\small\bfseries] at ({col},-1.6) {{{escape(layer.name)}}};")
        lines.append(rf"\node[font=\scriptsize] at ({col},-1.0) {{({escape(layer.size)})}};")
        top = _offset(layer, tallest)
        for k, label in enumerate(layer.shown):
            y = top + k
            if label is None:
                lines.append(rf"\node at ({col},{y:g}) {{$\vdots$}};")
                continue
            style = "code" if layer.code else "neuron"
            lines.append(rf"\node[{style}] (n{col}-{k}) at ({col},{y:g}) {{{_label(label)}}};")
    for col in range(len(layers) - 1):
        left, right = layers[col].shown, layers[col + 1].shown
        for i, a in enumerate(left):
            for j, b in enumerate(right):
                if a is None or b is None:
                    continue
                weight = _weight(network, col, i, j)
                edge = (
                    rf" node[pos=0.28,sloped,above,font=\tiny,inner sep=1pt] {{{escape(weight)}}}"
                    if weight
                    else ""
                )
                lines.append(rf"\draw[black!45] (n{col}-{i}) --{edge} (n{col + 1}-{j});")
    lines.append(r"\end{tikzpicture}")
    return lines


def _weight(network: Network, layer: int, i: int, j: int) -> str:
    """The label of the edge from neuron i of ``layer`` to neuron j of the next, if any."""
    if layer >= len(network.weights):
        return ""
    rows = network.weights[layer]
    return rows[j][i] if j < len(rows) and i < len(rows[j]) else ""


def tabular(network: Network) -> list[str]:
    """The network as a tabular: a column per layer, ○ (● for the code layer) per neuron with
    its value, ⋮ for the neurons left out, → between the layers."""
    layers = network.layers
    tallest = max(len(layer.shown) for layer in layers)
    middle = (tallest - 1) // 2
    columns = "c".join("c" for _ in layers)
    rows = [
        " & & ".join(r"\textbf{" + escape(layer.name) + "}" for layer in layers),
        " & & ".join(f"({escape(layer.size)})" for layer in layers),
    ]
    for row in range(tallest):
        cells = []
        for layer in layers:
            k = row - int(_offset(layer, tallest))
            if not 0 <= k < len(layer.shown):
                cells.append("")
                continue
            label = layer.shown[k]
            if label is None:
                cells.append(r"$\vdots$")
                continue
            mark = r"$\bullet$" if layer.code else r"$\circ$"
            cells.append(f"{mark} {_label(label)}".strip())
        arrow = r"$\to$" if row == middle else ""
        rows.append(f" & {arrow} & ".join(cells))
    body = [row + r" \\" for row in rows]
    return [r"\begin{tabular}{" + columns + "}", *body, r"\end{tabular}"]


def network_lines(network: Network, whole: bool) -> list[str]:
    """The drawing: in the whole document TikZ where it is installed, else the tabular."""
    if not whole:
        return [r"\begin{center}", *tabular(network), r"\end{center}"]
    return [
        r"\begin{center}",
        r"\ifaecalctikz",
        *tikz(network),
        r"\else",
        *tabular(network),
        r"\fi",
        r"\end{center}",
    ]
