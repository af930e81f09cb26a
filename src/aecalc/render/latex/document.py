"""LaTeX documents: the blocks of a :class:`~aecalc.present.document.Document` in order
(headings, tables, itemized facts, notes, verbatim diagrams, ``align*`` equations whose long
chains are split at their ``=`` signs), as a fragment or as a whole document with its preamble.
"""

from __future__ import annotations

from aecalc.present.document import (
    Block,
    Contents,
    Diagram,
    Document,
    Equations,
    Facts,
    Note,
    Section,
    Space,
    Table,
    sections,
)
from aecalc.render.latex import diagram
from aecalc.render.latex.diagram import network_lines
from aecalc.render.latex.escaping import ascii_tex, cell_tex, diagram_text, escape
from aecalc.render.latex.tables import table_lines


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
        steps = _chain(ascii_tex(rhs.tex)) if long else [ascii_tex(rhs.tex)]
        first, *rest = steps
        body.append(f"  {ascii_tex(lhs.tex)} &= {first}")
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


def _label(anchor: str) -> str:
    """A section's label, for the contents' page numbers (anchors are letters, digits, -)."""
    return r"\label{" + anchor + "}"


def _contents(block: Contents, document: Document, whole: bool) -> list[str]:
    """The sections, two levels deep; in the whole document each with its page number."""

    def item(section: Section, indent: str) -> str:
        page = r"\dotfill\pageref{" + section.anchor + "}" if whole else ""
        return indent + r"\item " + escape(section.title) + page

    lines = [r"\paragraph{" + escape(block.title) + "}", r"\begin{itemize}"]
    for section in sections(document.blocks):
        lines.append(item(section, "  "))
        inner = sections(section.blocks)
        if inner:
            lines.append(r"  \begin{itemize}")
            lines += [item(s, "    ") for s in inner]
            lines.append(r"  \end{itemize}")
    lines.append(r"\end{itemize}")
    return lines


def _space(block: Space) -> list[str]:
    """Ruled lines to write on, 8 mm apart, the title kept with the first (a page may break
    between two lines rather than leave half a page empty)."""
    rule = r"\par\vspace{8mm}\noindent\rule{\linewidth}{0.3pt}"
    return [
        r"\par\noindent\textbf{" + escape(block.title) + r"}\par\nopagebreak",
        *([rule] * block.lines),
        r"\par",
    ]


_LEVELS = ("section", "subsection", "subsubsection", "paragraph", "subparagraph")


def _heading(level: int, title: str) -> str:
    return "\\" + _LEVELS[min(level, len(_LEVELS) - 1)] + "*{" + escape(title) + "}"


# The widest verbatim line (characters) each font size fits in a 345 pt text block.
_VERBATIM_SIZES = ((64, r"\normalsize"), (80, r"\footnotesize"), (92, r"\scriptsize"))
# ... and in the whole document's 484 pt block.
_PAGE_VERBATIM_SIZES = ((92, r"\normalsize"), (112, r"\footnotesize"), (128, r"\scriptsize"))


def _blocks(
    blocks: tuple[Block, ...], document: Document, level: int, whole: bool = False
) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            lines += table_lines(block, whole)
        elif isinstance(block, Facts):
            if block.title:
                lines.append(r"\paragraph{" + escape(block.title) + "}")
            lines.append(r"\begin{itemize}")
            lines += [
                r"  \item \textbf{" + escape(label) + ":} " + cell_tex(value)
                if label
                else r"  \item " + cell_tex(value)
                for label, value in block.items
            ]
            lines.append(r"\end{itemize}")
        elif isinstance(block, Note):
            prefix = {"warning": "Warning: ", "convention": "Convention: "}.get(block.kind, "")
            lines.append(r"\noindent\emph{" + escape(prefix + block.text) + "}")
            if whole:
                lines.append(r"\par")
        elif isinstance(block, Diagram) and block.network is not None:
            lines += [r"\paragraph{" + escape(block.title) + "}"]
            lines += network_lines(block.network, whole)
        elif isinstance(block, Diagram):
            drawing = diagram_text(block.text)
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
            lines += _contents(block, document, whole)
        elif isinstance(block, Space):
            lines += _space(block)
        elif isinstance(block, Section):
            if block.page_break:
                lines.append(r"\clearpage")
            lines.append(_heading(level, block.title))
            lines += [_label(block.anchor), ""] if whole else [""]
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
% a formula in a table cell: as it is, or scaled down to the column when it is wider, with
% 2 pt above and below (the bracketed vectors of two rows never touch); its fractions are set
% as in a display, so a fraction inside a fraction (sigma of sigma) stays readable in print
\newcommand{\fitmath}[1]{\raisebox{0pt}[\dimexpr\height+2pt\relax][\dimexpr\depth+2pt\relax]{%
\resizebox{\ifdim\width>\linewidth\linewidth\else\width\fi}{!}{%
$\let\frac\aecalcfrac#1$}}}
\newcommand{\aecalcfrac}[2]{\dfrac{\mathstrut#1}{#2\mathstrut}}
"""
PREAMBLE += diagram.PREAMBLE


def render_document(document: Document) -> str:
    """A whole document that ``pdflatex`` compiles as it is (``--output FILE.tex``)."""
    top = 0 if sections(document.blocks) else 1
    lines = [PREAMBLE.rstrip(), rf"\title{{{escape(document.title)}}}", r"\begin{document}", ""]
    lines += [_heading(top, document.title), ""]
    lines += _blocks(document.blocks, document, top + 1, whole=True)
    return "\n".join(lines).rstrip() + "\n\n" + r"\end{document}" + "\n"
