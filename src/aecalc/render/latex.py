"""LaTeX: a whole document that pdflatex compiles as it is (``--output FILE.tex``), or a fragment
(tabular, align*, itemize) that compiles inside a document with amsmath (``--fragment``, stdout).

The output is pure ASCII: every Unicode symbol the presenters use is spelled in TeX, so it
compiles with pdflatex as well as with XeLaTeX or LuaLaTeX. In the whole document tables are
``longtable`` (they break across pages: a booklet's answers are all there), their columns are
sized to fit the text width (a smaller font for the widest), long equation chains are split at
their ``=`` signs, and commands (``aecalc loss bce --x 1,0``) are typewriter text whose ``--``
stays two hyphens.
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
from aecalc.render.text import commands, shown

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
    "′": "'",
    "″": "''",
    "⌈": r"\lceil",
    "⌉": r"\rceil",
    "⌊": r"\lfloor",
    "⌋": r"\rfloor",
    "★": r"\star",
    "●": r"\bullet",
    "○": r"\circ",
    "✓": r"\checkmark",
}
_TEXT = {
    "−": "$-$",
    "–": r"\textendash{}",
    "—": r"\textemdash{}",
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
_HAT = re.compile("(.)[\u0302\u0303]")  # x̂ and x̃: a letter with a hat or a tilde
_ACCENTS = {"\u0302": r"\hat", "\u0303": r"\tilde"}
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


def _command(command: str) -> str:
    """A command as typewriter text: every character as typed (``--`` is not a dash)."""
    inner = "".join(_ESCAPES.get(c, c) if c.isascii() else _char(c) for c in command)
    return r"\texttt{" + inner.replace("-", "-{}") + "}"


def escape(text: str) -> str:
    """Escape LaTeX specials and spell all Unicode in TeX (the result is ASCII); commands
    (``aecalc …``) are typewriter text."""
    return commands(shown(text), _escape, _command)


def _escape(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    position = 0
    pattern = re.compile(f"{_RUN.pattern}|{_HAT.pattern}")
    for match in pattern.finditer(text):
        out += [_char(c) for c in text[position : match.start()]]
        found = match.group(0)
        if found[-1] in _ACCENTS:
            out.append(f"${_ACCENTS[found[-1]]}{{" + _char(found[0]).strip("$") + "}$")
        else:
            out.append(_script(found))
        position = match.end()
    out += [_char(c) for c in text[position:]]
    escaped = _ADJACENT_MATH.sub("", "".join(out))
    while "--" in escaped:  # hyphens as typed (--x), never the -- and --- ligatures
        escaped = escaped.replace("--", "-{}-")
    return escaped


def _math(tex: str) -> str:
    """TeX from a presenter, made ASCII in case a Unicode letter slipped in."""
    if tex.isascii():
        return tex
    return "".join(c if c.isascii() else _MATH.get(c, "?") + " " for c in tex)


def _cell(cell: Cell) -> str:
    return f"${_math(cell.tex)}$" if isinstance(cell, Math) else escape(cell)


def _fitted(cell: Cell) -> str:
    """A table cell of the whole document: a formula wider than its column is scaled to fit."""
    return rf"\fitmath{{{_math(cell.tex)}}}" if isinstance(cell, Math) else escape(cell)


_CHAR_PT = 5.3  # one character of 10 pt Computer Modern text, on average
_GAP_PT = 12.0  # the space tabular puts around each column (2 \tabcolsep)
FRAGMENT_WIDTH_PT = 345.0  # a fragment's text block: article's default
PAGE_WIDTH_PT = 483.7  # the whole document's text block: A4 with 2 cm margins
# (width of a character relative to 10 pt, size command, \tabcolsep in pt): smaller type and
# tighter columns for wide tables. Computer Modern's small sizes are drawn wider than a scaled
# 10 pt (a cmr7 digit is 4.05 pt, not 3.5 pt), so 9/8/7 pt text is 0.93/0.86/0.79 as wide.
_SIZES = (
    (1.0, "", 6.0),
    (0.93, r"\small", 6.0),
    (0.86, r"\footnotesize", 4.5),
    (0.79, r"\scriptsize", 3.0),
)


def _cell_text(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Math) else cell


_NARROW = set("il.,;:'|!()[]·") | {"\u0302"}  # digits are all half an em wide
_WIDE = set("mwMW×→←≈≥≤±∑ΣΔ") | set("ABCDEFGHKNOQRUVXYZ")


def _length(text: str) -> float:
    """``text``'s width in average characters of the font (narrow letters count less)."""
    return sum(0.55 if c in _NARROW else 1.5 if c in _WIDE else 1.0 for c in text)


def _top_level(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` outside brackets."""
    parts: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        depth += 1 if ch in "([{" else -1 if ch in ")]}" else 0
        if depth == 0 and text.startswith(separator, i):
            parts.append(text[start:i])
            start = i + len(separator)
    return [*parts, text[start:]]


def _typeset_text(cell: Math) -> str:
    """The widest line of a formula as typeset: a vector is a column (its widest entry)."""
    plain = cell.plain
    if cell.tex.lstrip().startswith(r"\begin{bmatrix}") and plain.startswith("["):
        return max(_top_level(plain[1:-1], ", "), key=_length, default=plain)
    return plain


def _typeset_length(cell: Math) -> float:
    """A formula's typeset width in characters: fractions stack (about 0.7 of their text)."""
    text = _typeset_text(cell)
    return _length(text) * (0.7 if "/" in text else 1.0)


def _natural(table: Table) -> tuple[list[float], list[float]]:
    """Each column's widest line and its longest unbreakable word, in characters (a formula
    in a cell of the whole document is scaled down to its column if it must be)."""
    widths = [1.1 * _length(c) for c in table.columns]  # headings are bold
    words = [max((1.1 * _length(w) for w in c.split()), default=0.0) for c in table.columns]
    for row in table.rows:
        for i, cell in enumerate(row[: len(widths)]):
            text = _cell_text(cell)
            if isinstance(cell, Math):
                widths[i] = max(widths[i], _typeset_length(cell))
                pieces = _top_level(_typeset_text(cell), " ")  # where TeX may break it
            else:
                lines = text.split("\n")
                widths[i] = max(widths[i], max((_length(line) for line in lines), default=0.0))
                pieces = text.split()
            words[i] = max(words[i], max((_length(w) for w in pieces), default=0.0))
    return widths, words


def _layout(table: Table, line_pt: float, whole: bool) -> tuple[str, str]:
    """(font size and column separation commands, column spec): ``l`` columns where the table
    fits, else wrapping ``p{…}`` columns sized to the text width, in the largest font whose
    words still fit."""
    widths, words = _natural(table)
    # the whole document's tables drop the outer two half-gaps (@{}); a fragment keeps them
    count = len(widths) - 1 if whole else len(widths)
    if sum(widths) * _CHAR_PT + _GAP_PT * count <= line_pt:
        return "", "l" * len(widths)
    sizes = _SIZES if whole else _SIZES[:1]
    for scale, size, separation in sizes:
        char = _CHAR_PT * scale
        room = 0.98 * line_pt - 2 * separation * count
        need = [w * char for w in widths]
        least = [max(w, 4) * 1.15 * char for w in words]
        if sum(least) > room and scale > sizes[-1][0]:
            continue
        # a short cell (a decimal, a vector of two) stays on one line where there is room
        whole_cells = [max(m, min(n, 18 * char) * 1.1) for m, n in zip(least, need, strict=True)]
        if sum(whole_cells) <= room:
            least = whole_cells
        spare = room - sum(least)
        if spare < 0:  # the smallest font and still too wide: formulas shrink into their cells
            math = [
                any(isinstance(r[i], Math) for r in table.rows if i < len(r))
                for i in range(len(least))
            ]
            long = sum(m for m, f in zip(least, math, strict=True) if f)
            keep = max(long + spare, 0.5 * long)
            least = (
                [m * keep / long if f else m for m, f in zip(least, math, strict=True)]
                if long
                else least
            )
            if sum(least) > room:
                least = [m * room / sum(least) for m in least]
            spare = 0.0
        extra = [max(0.0, n - m) for n, m in zip(need, least, strict=True)]
        share = min(1.0, spare / sum(extra)) if sum(extra) > 0 else 0.0
        cols = [m + share * e for m, e in zip(least, extra, strict=True)]
        if whole:
            wrap = r">{\raggedright\arraybackslash}"
            spec = "".join(f"{wrap}p{{{c / line_pt:.3f}\\linewidth}}" for c in cols)
            setting = size + (
                rf"\setlength{{\tabcolsep}}{{{separation:g}pt}}" if separation != 6 else ""
            )
            return setting, spec
        return size, "".join(f"p{{{c / line_pt:.2f}\\linewidth}}" for c in cols)
    return "", "l" * len(widths)  # pragma: no cover - the loop returns at the last size


def _rows(table: Table, whole: bool = False) -> list[str]:
    lines = []
    for i, row in enumerate(table.rows):
        cells = [_fitted(c) if whole else _cell(c) for c in row]
        if i in table.total_rows:
            lines.append(r"\hline")
            cells = [r"\textbf{" + c + "}" if c else c for c in cells]
        lines.append(" & ".join(cells) + r" \\")
    return lines


def _table(table: Table, whole: bool = False) -> list[str]:
    head = " & ".join(r"\textbf{" + escape(c) + "}" for c in table.columns) + r" \\ \hline"
    if not whole:
        _, spec = _layout(table, FRAGMENT_WIDTH_PT, whole)
        lines = [r"\begin{center}"]
        if table.title:
            lines.append(r"\textbf{" + escape(table.title) + r"}\\[2pt]")
        lines += [r"\begin{tabular}{" + spec + "}", r"\hline", head]
        lines += [*_rows(table), r"\hline", r"\end{tabular}", r"\end{center}"]
        if table.caption:
            lines.append(r"\emph{" + escape(table.caption) + "}")
        return lines
    size, spec = _layout(table, PAGE_WIDTH_PT, whole)
    lines = (
        [r"\par\noindent\textbf{" + escape(table.title) + r"}\par\nopagebreak"]
        if table.title
        else []
    )
    lines.append("{" + size + r"\setlength{\LTpre}{2pt}\setlength{\LTpost}{6pt}")
    lines.append(r"\begin{longtable}[l]{@{}" + spec + "@{}}")
    lines += [r"\hline", head, r"\endhead", r"\hline", r"\endfoot"]
    lines += [*_rows(table, whole), r"\end{longtable}}"]
    if table.caption:
        lines.append(r"\emph{" + escape(table.caption) + r"}\par")
    return lines


def _chain(tex: str) -> list[str]:
    """A right-hand side split at its top-level ``=`` and ``\\approx`` signs."""
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(tex):
        ch = tex[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif tex.startswith(r"\left", i):
            depth += 1
        elif tex.startswith(r"\right", i):
            depth -= 1
        elif depth == 0 and i > start:
            for sign in (" = ", r" \approx "):
                if tex.startswith(sign, i):
                    parts.append(tex[start:i])
                    start = i + 1
                    break
        i += 1
    parts.append(tex[start:])
    return [p.strip() for p in parts if p.strip()]


_EQUATION_CHARS = 70  # a line of align* longer than this (plain characters) is split


def _equations(block: Equations, whole: bool = False) -> list[str]:
    lines = [r"\paragraph{" + escape(block.title) + "}"] if block.title else []
    body = []
    for lhs, rhs in block.lines:
        long = whole and len(lhs.plain) + len(rhs.plain) > _EQUATION_CHARS
        steps = _chain(_math(rhs.tex)) if long else [_math(rhs.tex)]
        first, *rest = steps
        body.append(f"  {_math(lhs.tex)} &= {first}")
        for step in rest:
            sign, _, value = step.partition(" ")
            if sign in ("=", r"\approx"):
                body.append(f"  &{sign} {value}")
            else:  # pragma: no cover - _chain splits before a sign
                body.append(f"  &= {step}")
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
# ... and in the whole document's 484 pt block.
_PAGE_VERBATIM_SIZES = ((92, r"\normalsize"), (112, r"\footnotesize"), (128, r"\scriptsize"))


def _diagram_text(text: str) -> str:
    """The drawing in ASCII, one character for one, so the columns stay aligned."""
    return "".join(
        c if c.isascii() else _DIAGRAM.get(c, "?") for c in unicodedata.normalize("NFC", text)
    )


def _blocks(
    blocks: tuple[Block, ...], document: Document, level: int, whole: bool = False
) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            lines += _table(block, whole)
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
            if whole:
                lines.append(r"\par")
        elif isinstance(block, Diagram):
            drawing = _diagram_text(block.text)
            longest = max((len(line) for line in drawing.splitlines()), default=0)
            table = _PAGE_VERBATIM_SIZES if whole else _VERBATIM_SIZES
            size = next((s for limit, s in table if longest <= limit), r"\tiny")
            lines += [
                r"\paragraph{" + escape(block.title) + "}",
                "{" + size,
                r"\begin{verbatim}",
                drawing,
                r"\end{verbatim}",
                "}",
            ]
        elif isinstance(block, Equations):
            lines += _equations(block, whole)
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
            lines += _blocks(block.blocks, document, level + 1, whole)
            continue
        lines.append("")
    return lines


def render(document: Document) -> str:
    """A fragment: ``\\subsection*`` title (``\\section*`` for a booklet with sections)."""
    top = 0 if sections(document.blocks) else 1
    lines = [_heading(top, document.title), ""]
    lines += _blocks(document.blocks, document, top + 1)
    return "\n".join(lines).rstrip() + "\n"


PREAMBLE = r"""\documentclass[a4paper,10pt]{article}
\usepackage[margin=2cm]{geometry}
\usepackage{amsmath,amssymb}
\usepackage{array,longtable}
\setlength{\parindent}{0pt}
\setlength{\parskip}{3pt plus 1pt}
\setlength{\emergencystretch}{3em}
\allowdisplaybreaks
\raggedbottom
\let\aecalcitemize\itemize
\renewcommand{\itemize}{\aecalcitemize\setlength{\itemsep}{1pt}\setlength{\parskip}{0pt}}
\usepackage{graphicx}
% a formula in a table cell: as it is, or scaled down to the column when it is wider
\newcommand{\fitmath}[1]{\resizebox{\ifdim\width>\linewidth\linewidth\else\width\fi}{!}{$#1$}}
"""


def render_document(document: Document) -> str:
    """A whole document that ``pdflatex`` compiles as it is (``--output FILE.tex``)."""
    top = 0 if sections(document.blocks) else 1
    lines = [PREAMBLE.rstrip(), rf"\title{{{escape(document.title)}}}", r"\begin{document}", ""]
    lines += [_heading(top, document.title), ""]
    lines += _blocks(document.blocks, document, top + 1, whole=True)
    return "\n".join(lines).rstrip() + "\n\n" + r"\end{document}" + "\n"
