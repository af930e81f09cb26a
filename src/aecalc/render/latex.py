"""LaTeX: a fragment (tabular, itemize) that compiles inside a document with amsmath."""

from __future__ import annotations

from aecalc.report import Cell, Diagram, Document, Facts, Math, Note, Table

_ESCAPES = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_UNICODE = {
    "→": r"$\to$",
    "×": r"$\times$",
    "≥": r"$\geq$",
    "≤": r"$\leq$",
    "−": "-",
    "σ": r"$\sigma$",
    "η": r"$\eta$",
    "λ": r"$\lambda$",
    "ρ": r"$\rho$",
    "β": r"$\beta$",
    "μ": r"$\mu$",
    "Σ": r"$\Sigma$",
    "ᵀ": r"$^{\top}$",
    "·": r"$\cdot$",
    "≈": r"$\approx$",
    "‖": r"$\|$",
    "…": r"\ldots{}",
    "x̂": r"$\hat{x}$",
    "₁₀": r"$_{10}$",
    "₂": r"$_2$",
    "½": r"$\frac12$",
    "⅓": r"$\frac13$",
}


def escape(text: str) -> str:
    """Escape LaTeX specials and spell the Unicode math we use in TeX."""
    out = "".join(_ESCAPES.get(ch, ch) for ch in text)
    for uni, tex in sorted(_UNICODE.items(), key=lambda kv: -len(kv[0])):
        out = out.replace(uni, tex)
    return out


def _cell(cell: Cell) -> str:
    return f"${cell.tex}$" if isinstance(cell, Math) else escape(cell)


def _table(table: Table) -> list[str]:
    spec = "l" * len(table.columns)
    lines = [r"\begin{center}"]
    if table.title:
        lines.append(r"\textbf{" + escape(table.title) + r"}\\[2pt]")
    lines += [r"\begin{tabular}{" + spec + "}", r"\hline"]
    lines.append(" & ".join(r"\textbf{" + escape(c) + "}" for c in table.columns) + r" \\ \hline")
    for i, row in enumerate(table.rows):
        cells = [_cell(c) for c in row]
        if i in table.total_rows:
            lines.append(r"\hline")
            cells = [r"\textbf{" + c + "}" if c else c for c in cells]
        lines.append(" & ".join(cells) + r" \\")
    lines += [r"\hline", r"\end{tabular}", r"\end{center}"]
    if table.caption:
        lines.append(r"\emph{" + escape(table.caption) + "}")
    return lines


def render(document: Document) -> str:
    lines = [r"\subsection*{" + escape(document.title) + "}", ""]
    for block in document.blocks:
        if isinstance(block, Table):
            lines += _table(block)
        elif isinstance(block, Facts):
            if block.title:
                lines.append(r"\paragraph{" + escape(block.title) + "}")
            lines.append(r"\begin{itemize}")
            lines += [
                r"  \item \textbf{" + escape(label) + ":} " + _cell(value)
                for label, value in block.items
            ]
            lines.append(r"\end{itemize}")
        elif isinstance(block, Note):
            prefix = {"warning": "Warning: ", "convention": "Convention: "}.get(block.kind, "")
            lines.append(r"\noindent\emph{" + escape(prefix + block.text) + "}")
        elif isinstance(block, Diagram):
            lines += [r"\begin{verbatim}", block.text, r"\end{verbatim}"]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
