"""LaTeX: a fragment (tabular, align*, itemize) that compiles inside a document with amsmath.

The output is pure ASCII: every Unicode symbol the presenters use is spelled in TeX, so the
fragment compiles with pdflatex as well as with XeLaTeX or LuaLaTeX.
"""

from __future__ import annotations

import re
import unicodedata

from aecalc.present.document import (
    Block,
    Cell,
    Contents,
    Diagram,
    Document,
    Equations,
    Facts,
    Math,
    Note,
    Section,
    Table,
    sections,
)

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
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
_MATH = {
    "→": r"\to",
    "←": r"\leftarrow",
    "⇒": r"\Rightarrow",
    "⇔": r"\Leftrightarrow",
    "×": r"\times",
    "÷": r"\div",
    "≥": r"\geq",
    "≤": r"\leq",
    "≠": r"\neq",
    "≈": r"\approx",
    "∈": r"\in",
    "∑": r"\sum",
    "Σ": r"\Sigma",
    "√": r"\surd",
    "∞": r"\infty",
    "±": r"\pm",
    "·": r"\cdot",
    "∘": r"\circ",
    "⊙": r"\odot",
    "∂": r"\partial",
    "∇": r"\nabla",
    "‖": r"\|",
    "ᵀ": r"^{\top}",
    "⊤": r"\top",
    "⋮": r"\vdots",
    "α": r"\alpha",
    "β": r"\beta",
    "γ": r"\gamma",
    "δ": r"\delta",
    "Δ": r"\Delta",
    "ε": r"\varepsilon",
    "η": r"\eta",
    "θ": r"\theta",
    "λ": r"\lambda",
    "μ": r"\mu",
    "ρ": r"\rho",
    "σ": r"\sigma",
    "τ": r"\tau",
    "φ": r"\varphi",
    "ψ": r"\psi",
    "ω": r"\omega",
    "½": r"\tfrac12",
    "⅓": r"\tfrac13",
    "¼": r"\tfrac14",
    "¾": r"\tfrac34",
    "★": r"\star",
    "●": r"\bullet",
    "○": r"\circ",
    "✓": r"\checkmark",
}
_TEXT = {
    "−": "-",
    "–": "--",
    "—": "---",
    "…": r"\ldots{}",
    "‘": "`",
    "’": "'",
    "“": "``",
    "”": "''",
    "\u00a0": "~",
    "✗": "x",
    "•": r"\textbullet{}",
    "─": "-",
    "│": r"\textbar{}",
    "é": r"\'e",
    "è": r"\`e",
    "ö": r"\"o",
    "ü": r"\"u",
}
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺⁽⁾ⁿⁱ", "0123456789-+()ni", strict=True))
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₋₊ᵢⱼₖₙ", "0123456789-+ijkn", strict=True))
_RUN = re.compile(f"[{''.join(_SUPERSCRIPTS)}]+|[{''.join(_SUBSCRIPTS)}]+")
_HAT = re.compile("(.)\u0302")
_ADJACENT_MATH = re.compile(r"(?<!\\)\$\$")
_DIAGRAM = {"→": ">", "●": "#", "○": "o", "⋮": ":", "−": "-", "…": "~"}


def _char(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if ch.isascii():
        return ch
    if ch in _MATH:
        return f"${_MATH[ch]}$"
    if ch in _TEXT:
        return _TEXT[ch]
    plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
    return "".join(_ESCAPES.get(c, c) for c in plain) or "?"


def _script(run: str) -> str:
    if run[0] in _SUPERSCRIPTS:
        return "$^{" + "".join(_SUPERSCRIPTS[c] for c in run) + "}$"
    return "$_{" + "".join(_SUBSCRIPTS[c] for c in run) + "}$"


def escape(text: str) -> str:
    """Escape LaTeX specials and spell all Unicode in TeX (the result is ASCII)."""
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    position = 0
    pattern = re.compile(f"{_RUN.pattern}|{_HAT.pattern}")
    for match in pattern.finditer(text):
        out += [_char(c) for c in text[position : match.start()]]
        found = match.group(0)
        if found.endswith("\u0302"):
            out.append(r"$\hat{" + _char(found[0]).strip("$") + "}$")
        else:
            out.append(_script(found))
        position = match.end()
    out += [_char(c) for c in text[position:]]
    return _ADJACENT_MATH.sub("", "".join(out))


def _math(tex: str) -> str:
    """TeX from a presenter, made ASCII in case a Unicode letter slipped in."""
    if tex.isascii():
        return tex
    return "".join(c if c.isascii() else _MATH.get(c, "?") + " " for c in tex)


def _cell(cell: Cell) -> str:
    return f"${_math(cell.tex)}$" if isinstance(cell, Math) else escape(cell)


_CHAR = 0.016  # one character of 10 pt text, as a fraction of the line width (345 pt)
_GAP = 0.035  # the space tabular puts around each column


def _column_spec(table: Table) -> str:
    """``l`` columns, or ``p{…}`` columns that wrap when the rows would be wider than the page."""
    widths = [len(c) for c in table.columns]
    for row in table.rows:
        for i, cell in enumerate(row[: len(widths)]):
            text = cell.plain if isinstance(cell, Math) else cell
            widths[i] = max(widths[i], max((len(part) for part in text.split("\n")), default=0))
    if sum(widths) * _CHAR + _GAP * len(widths) <= 1:
        return "l" * len(widths)
    narrow = [w <= 12 for w in widths]
    pairs = list(zip(widths, narrow, strict=True))
    room = 0.95 - _GAP * len(widths) - sum(1.1 * w * _CHAR for w, n in pairs if n)
    wide = [(min(w, 60), len(c)) for (w, n), c in zip(pairs, table.columns, strict=True) if not n]
    total = sum(w for w, _ in wide)
    # a bold heading does not break: its column is at least as wide as the heading
    shares = iter(max(room * w / total, 1.15 * h * _CHAR, 7 * _CHAR) for w, h in wide)
    return "".join("l" if n else f"p{{{next(shares):.2f}\\linewidth}}" for _, n in pairs)


def _table(table: Table) -> list[str]:
    lines = [r"\begin{center}"]
    if table.title:
        lines.append(r"\textbf{" + escape(table.title) + r"}\\[2pt]")
    lines += [r"\begin{tabular}{" + _column_spec(table) + "}", r"\hline"]
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


def _equations(block: Equations) -> list[str]:
    lines = [r"\paragraph{" + escape(block.title) + "}"] if block.title else []
    body = [f"  {_math(lhs.tex)} &= {_math(rhs.tex)}" for lhs, rhs in block.lines]
    lines += [r"\begin{align*}"]
    lines += [line + r" \\" for line in body[:-1]] + body[-1:]
    lines += [r"\end{align*}"]
    if block.caption:
        lines.append(r"\emph{" + escape(block.caption) + "}")
    return lines


_LEVELS = ("section", "subsection", "subsubsection", "paragraph", "subparagraph")


def _heading(level: int, title: str) -> str:
    return "\\" + _LEVELS[min(level, len(_LEVELS) - 1)] + "*{" + escape(title) + "}"


# The widest verbatim line (characters) each font size fits in a 345 pt text block.
_VERBATIM_SIZES = ((64, r"\normalsize"), (80, r"\footnotesize"), (92, r"\scriptsize"))


def _diagram_text(text: str) -> str:
    """The drawing in ASCII, one character for one, so the columns stay aligned."""
    return "".join(
        c if c.isascii() else _DIAGRAM.get(c, "?") for c in unicodedata.normalize("NFC", text)
    )


def _blocks(blocks: tuple[Block, ...], document: Document, level: int) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            lines += _table(block)
        elif isinstance(block, Facts):
            if block.title:
                lines.append(r"\paragraph{" + escape(block.title) + "}")
            lines.append(r"\begin{itemize}")
            lines += [
                r"  \item \textbf{" + escape(label) + ":} " + _cell(value)
                if label
                else r"  \item " + _cell(value)
                for label, value in block.items
            ]
            lines.append(r"\end{itemize}")
        elif isinstance(block, Note):
            prefix = {"warning": "Warning: ", "convention": "Convention: "}.get(block.kind, "")
            lines.append(r"\noindent\emph{" + escape(prefix + block.text) + "}")
        elif isinstance(block, Diagram):
            drawing = _diagram_text(block.text)
            longest = max((len(line) for line in drawing.splitlines()), default=0)
            size = next((s for limit, s in _VERBATIM_SIZES if longest <= limit), r"\tiny")
            lines += [
                r"\paragraph{" + escape(block.title) + "}",
                "{" + size,
                r"\begin{verbatim}",
                drawing,
                r"\end{verbatim}",
                "}",
            ]
        elif isinstance(block, Equations):
            lines += _equations(block)
        elif isinstance(block, Contents):
            lines.append(r"\paragraph{" + escape(block.title) + "}")
            lines.append(r"\begin{itemize}")
            for section in sections(document.blocks):
                lines.append(r"  \item " + escape(section.title))
                inner = sections(section.blocks)
                if inner:
                    lines.append(r"  \begin{itemize}")
                    lines += [r"    \item " + escape(s.title) for s in inner]
                    lines.append(r"  \end{itemize}")
            lines.append(r"\end{itemize}")
        elif isinstance(block, Section):
            if block.page_break:
                lines.append(r"\clearpage")
            lines += [_heading(level, block.title), ""]
            lines += _blocks(block.blocks, document, level + 1)
            continue
        lines.append("")
    return lines


def render(document: Document) -> str:
    """A fragment: ``\\subsection*`` title (``\\section*`` for a booklet with sections)."""
    top = 0 if sections(document.blocks) else 1
    lines = [_heading(top, document.title), ""]
    lines += _blocks(document.blocks, document, top + 1)
    return "\n".join(lines).rstrip() + "\n"
