"""HTML: one self-contained page (inline CSS, no network, no script), readable on a phone and
printable.

Formulas are MathML (Chromium, Firefox and Safari lay it out natively), converted from the TeX
each :class:`~aecalc.present.document.Math` cell carries (latex2mathml; the plain spelling where
that is not installed or a formula does not convert). Table cells never break inside a word or
a number: a table whose words cannot all fit side by side is marked to stack — one block per
row, each value under its column's name — on a narrow screen (``stack-narrow``) or also in
print (``stack-print``). Print CSS: A4, topics on a new page, no break inside a step table, a
heading kept with what follows.
"""

from __future__ import annotations

import functools
import re
from html import escape as _escape

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
    Space,
    Table,
    sections,
)
from aecalc.render.text import commands, shown

CSS = """
:root{--ink:#1b1b1b;--rule:#bbb;--head:#eef}
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:1.5rem auto;
padding:0 1rem;color:var(--ink);line-height:1.45}
h1{font-size:1.5rem;border-bottom:2px solid #335;padding-bottom:.2rem}
h2{font-size:1.15rem;margin-top:1.4rem}
h3,h4,h5,h6{font-size:1rem;margin:1rem 0 .4rem}
section.topic>h2{font-size:1.35rem;border-bottom:1px solid #99a}
section.problem{border-top:1px solid #ccd;margin-top:1.4rem}
section.problem>h3{font-size:1.15rem;color:#223}
section.problem h4,section.problem h5{font-size:.95rem;color:#335}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.4rem 0 1rem;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.2rem 0}
th,td{border:1px solid var(--rule);padding:.25rem .6rem;text-align:left;vertical-align:top;
overflow-wrap:normal;word-break:normal;hyphens:manual}
th{background:var(--head)}
.nb,math{white-space:nowrap}
body{overflow-wrap:break-word}.long{overflow-wrap:anywhere;word-break:break-all;white-space:normal}
tr.total td{font-weight:bold;border-top:2px solid #335}
.equations{margin:.4rem 0 1rem;padding:.3rem .8rem;border-left:3px solid #ccd;overflow-x:auto}
.equations div{margin:.25rem 0}
math{font-size:1.1em}td math,ul.facts math{font-size:1.2em}.equations math{math-style:normal}
td mfrac>*{math-style:normal}
.note{border-left:4px solid #88a;padding:.3rem .7rem;background:#f6f6fb;margin:.5rem 0}
.warning{border-left-color:#c60;background:#fff6ec}
.convention{border-left-color:#393;background:#f2fbf2}
ul.facts{padding-left:1.2rem;margin:.3rem 0 .8rem}ul.facts li{margin:.1rem 0}
nav ul{padding-left:1.2rem}nav li{margin:.1rem 0}
code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.9em;white-space:pre-wrap}
pre{background:#f7f7f7;padding:.6rem;overflow-x:auto}
svg{display:block;max-width:100%;height:auto}
@media (max-width:40rem){body{margin:.6rem auto;padding:0 .5rem}
table{font-size:.85rem}th,td{padding:.2rem .3rem}}
@page{size:A4;margin:12mm 13mm 14mm;@bottom-center{content:counter(page) " / " counter(pages);
font:8pt system-ui,sans-serif;color:#555}}
nav .page{display:none}.space .line{height:2.2em;border-bottom:1px dotted #889}
@media print{body{max-width:none;margin:0;padding:0;font-size:9pt;line-height:1.3}
h1{font-size:14pt}h2{font-size:12pt;margin-top:.6rem}h3,h4,h5,h6{margin:.45rem 0 .15rem}
section.topic>h2{font-size:13pt}section.problem{margin-top:.7rem}
section.problem>h3{font-size:10.5pt}section.problem h4,section.problem h5{font-size:9pt}
table{margin:.2rem 0 .5rem}th,td{padding:.1rem .35rem}
.scroll,.equations{overflow:visible}.equations{margin:.2rem 0 .5rem;padding:.1rem .6rem}
.equations div{margin:.1rem 0}
.note{padding:.15rem .5rem;margin:.25rem 0}ul.facts{margin:.1rem 0 .4rem}
a{color:inherit;text-decoration:none}
nav .page{display:inline;float:right;min-width:2.5em;text-align:right}
.space{break-inside:avoid}.space .line{height:8mm}
tr,.note,svg,pre,.equations div{break-inside:avoid}table:not(.long){break-inside:avoid}
h2,h3,h4,h5,h6{break-after:avoid}
.page-break{break-before:page}
table.small-print{font-size:7pt}table.small-print th,table.small-print td{padding:.05rem .2rem}
svg{max-height:52mm;width:auto;max-width:100%}}
"""


def _stack_css(cls: str) -> str:
    """A table of class ``cls`` as blocks: one per row, each value after its column's name."""
    t = f"table.{cls}"
    return (
        f"{t},{t} tbody,{t} tr,{t} td{{display:block}}{t} thead{{display:none}}"
        f"{t} tr{{border:1px solid var(--rule);margin:0 0 .3rem;break-inside:avoid}}"
        f"{t} td{{border:0;border-bottom:1px solid #eee;padding:.1rem .45rem}}"
        f"{t} td:empty{{display:none}}"
        f"{t} td::before{{content:attr(data-label);font-weight:600;display:inline-block;"
        f"min-width:7rem;margin-right:.5rem;color:#335}}"
    )


CSS += (
    f"@media screen and (max-width:40rem){{{_stack_css('stack-narrow')}}}"
    f"@media screen and (max-width:60rem){{{_stack_css('stack-medium')}}}"
    f"@media print{{{_stack_css('stack-print')}}}"
    f"@media screen and (max-width:60rem){{{_stack_css('stack-print')}}}"
)

# Side by side, a table's columns need at least their longest words; beyond these widths (in
# characters of body text, cell padding included) it stacks: on a 500 px screen, on one
# narrower than 60rem, and on A4 in print (and every screen narrower than 60rem).
PRINT_CHARS = 118
SMALL_PRINT_CHARS = 160
MEDIUM_CHARS = 85
NARROW_CHARS = 58
LONG_ROWS = 24
INLINE_MATH_CHARS = 32  # a table this long may break across pages in print
_TOKEN = re.compile(r"\S+")
r"""A run without a space. (``\S*[^\sA-Za-z]\S*`` said the same in one pattern, but backtracked
over a long run of letters once per letter: a 190 kB title took over a minute.)"""
_NOT_A_LETTER = re.compile(r"[^A-Za-z]")
LONG_TOKEN = 80


def escape(text: str) -> str:
    """HTML-escaped text, with control characters shown (``\\x1b``) and one minus sign."""
    return _escape(shown(text))


def _prose(text: str) -> str:
    """Escaped text; ``aecalc …`` commands as code, as typed."""
    return commands(shown(text), _escape, lambda command: f"<code>{_escape(command)}</code>")


_ARITHMETIC = re.compile(r"[\d\s.,+×·=≈−\-/()→²³]+")
_ARITHMETIC_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|[+×·=≈−\-/()→]|[²³]")
_OPERATOR = re.compile(r"[+×·=≈−\-/→]")


def arithmetic(text: str) -> str | None:
    """Plain arithmetic (``8 × 3 = 24``, ``27 + 32 = 59``, ``8 → 3``) as MathML, or ``None``."""
    text = shown(text).strip()
    if not text or not _ARITHMETIC.fullmatch(text) or not _OPERATOR.search(text[1:]):
        return None
    parts = []
    for token in _ARITHMETIC_TOKEN.findall(text):
        if token[0] in "0123456789":
            parts.append(f"<mn>{token}</mn>")
        elif token in "²³":
            if not parts:
                return None
            parts[-1] = f"<msup>{parts[-1]}<mn>{'2' if token == '²' else '3'}</mn></msup>"
        else:
            parts.append(f"<mo>{'−' if token == '-' else token}</mo>")
    return f'<math alttext="{_escape(text)}"><mrow>{"".join(parts)}</mrow></math>'


def _cell_text(text: str) -> str:
    """A table cell: numbers and tokens with symbols never wrap (``9,569``, ``28×28×1``, ``act′(a)``)."""
    escaped = _prose(text)
    if "<code>" in escaped:
        return escaped
    return _TOKEN.sub(_unbroken, escaped)


def _unbroken(match: re.Match[str]) -> str:
    """A token holding anything but letters (a number, a symbol) in a span that never wraps; a
    token too long for any column (:data:`LONG_TOKEN` characters) in one that breaks anywhere
    (a browser laid a 190,000-letter word in a cell that may not break for over a minute)."""
    token = match.group(0)
    if len(token) > LONG_TOKEN:
        return f'<span class="long">{token}</span>'
    return f'<span class="nb">{token}</span>' if _NOT_A_LETTER.search(token) else token


@functools.lru_cache(maxsize=4096)
def mathml(tex: str, plain: str, display: bool = False) -> str:
    """A formula as MathML (``<math>``); its plain spelling where the TeX does not convert."""
    try:
        from latex2mathml.converter import convert

        converted: str = convert(tex, display="block" if display else "inline")
    except Exception:  # any failure of the converter: the plain text instead
        return f'<span class="math">{escape(plain)}</span>'
    return converted.replace("<math ", f'<math alttext="{escape(plain)}" ', 1)


class _Options:
    def __init__(self, use_mathml: bool, svg_math: bool = False) -> None:
        self.mathml = use_mathml
        self.svg = svg_math  # formulas drawn as SVG (render.mathsvg), for WeasyPrint

    def math(self, cell: Math) -> str:
        if self.mathml:
            return mathml(cell.tex, cell.plain)
        if self.svg:
            from aecalc.render import mathsvg

            return mathsvg.svg(cell.tex, cell.plain)
        return f'<span class="math">{escape(cell.plain)}</span>'

    def cell(self, cell: Cell) -> str:
        if isinstance(cell, Math):
            return self.math(cell)
        typeset = arithmetic(cell) if self.mathml else None
        return typeset or _cell_text(cell)

    def inline(self, cell: Cell) -> str:
        if isinstance(cell, Math):
            return self.math(cell)
        # a formula does not wrap: in running text only a short one is typeset
        typeset = arithmetic(cell) if self.mathml and len(cell) <= INLINE_MATH_CHARS else None
        return typeset or _prose(cell)


def _heading(level: int, title: str, attributes: str = "") -> str:
    tag = f"h{min(level, 6)}"
    return f"<{tag}{attributes}>{escape(title)}</{tag}>"


def _tokens(cell: Cell) -> int:
    """The longest piece of a cell that cannot wrap, in characters (a formula: all of it)."""
    if isinstance(cell, Math):
        return len(cell.plain) * 8 // 10
    if arithmetic(cell) is not None:  # typeset: one formula, with room around its operators
        return len(cell) * 13 // 10
    return max((len(w) for w in shown(cell).split()), default=0)


def stacking(block: Table) -> str:
    """The table's stack class: where its longest words side by side are wider than the page."""
    need = [max((len(w) for w in c.split()), default=0) for c in block.columns]
    for row in block.rows:
        for i, cell in enumerate(row[: len(need)]):
            need[i] = max(need[i], _tokens(cell))
    total = sum(need) + 2 * len(need)
    if total > SMALL_PRINT_CHARS:
        return "stack-print stack-medium stack-narrow"
    if total > PRINT_CHARS:  # fits A4 in 7 pt type
        return "small-print stack-medium stack-narrow"
    if total > MEDIUM_CHARS:
        return "stack-medium stack-narrow"
    if total > NARROW_CHARS:
        return "stack-narrow"
    return ""


def _table(block: Table, level: int, options: _Options) -> list[str]:
    parts = [_heading(level, block.title)] if block.title else []
    head = "".join(f"<th>{_cell_text(c)}</th>" for c in block.columns)
    labels = [f' data-label="{escape(c)}"' for c in block.columns]
    rows = []
    for i, row in enumerate(block.rows):
        cls = ' class="total"' if i in block.total_rows else ""
        cells = "".join(
            f"<td{labels[j] if j < len(labels) else ''}>{options.cell(c)}</td>"
            for j, c in enumerate(row)
        )
        rows.append(f"<tr{cls}>{cells}</tr>")
    classes = " ".join(
        c for c in (stacking(block), "long" if len(block.rows) > LONG_ROWS else "") if c
    )
    attribute = f' class="{classes}"' if classes else ""
    caption = f"<p><em>{escape(block.caption)}</em></p>" if block.caption else ""
    parts.append(
        f'<div class="scroll"><table{attribute}><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>{caption}"
    )
    return parts


def _contents(block: Contents, document: Document, level: int) -> str:
    pages = dict(block.pages)

    def link(s: Section) -> str:  # the page number (in print) floats right of the title
        page = f'<span class="page">{pages.get(s.anchor, "")}</span>'
        return f'{page}<a href="#{s.anchor}">{escape(s.title)}</a>'

    items = []
    for section in sections(document.blocks):
        inner = sections(section.blocks)
        nested = "<ul>" + "".join(f"<li>{link(s)}</li>" for s in inner) + "</ul>" if inner else ""
        items.append(f"<li>{link(section)}{nested}</li>")
    return (
        f'<nav aria-label="contents">{_heading(level, block.title)}<ul>{"".join(items)}</ul></nav>'
    )


def _equation(lhs: Math, rhs: Math, options: _Options) -> str:
    if options.mathml or options.svg:
        return options.math(Math(f"{lhs.plain} = {rhs.plain}", f"{lhs.tex} = {rhs.tex}"))
    return f"{escape(lhs.plain)} = {escape(rhs.plain)}"


def _blocks(
    blocks: tuple[Block, ...], document: Document, level: int, options: _Options
) -> list[str]:
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            parts += _table(block, level, options)
        elif isinstance(block, Facts):
            if block.title:
                parts.append(_heading(level, block.title))
            items = "".join(
                f"<li><strong>{escape(k)}:</strong> {options.inline(v)}</li>"
                if k
                else f"<li>{options.inline(v)}</li>"
                for k, v in block.items
            )
            parts.append(f'<ul class="facts">{items}</ul>')
        elif isinstance(block, Note):
            parts.append(f'<p class="note {block.kind}">{_prose(block.text)}</p>')
        elif isinstance(block, Diagram):
            picture = (
                f'<div class="scroll">{block.svg}</div>'
                if block.svg
                else f"<pre>{escape(block.text)}</pre>"
            )
            parts.append(f"{_heading(level, block.title)}{picture}")
        elif isinstance(block, Equations):
            lines = "".join(
                f"<div>{_equation(lhs, rhs, options)}</div>" for lhs, rhs in block.lines
            )
            caption = f"<p><em>{escape(block.caption)}</em></p>" if block.caption else ""
            title = _heading(level, block.title) if block.title else ""
            parts.append(f'{title}<div class="equations">{lines}</div>{caption}')
        elif isinstance(block, Contents):
            parts.append(_contents(block, document, level))
        elif isinstance(block, Space):
            lines = '<div class="line"></div>' * block.lines
            parts.append(f'<div class="space">{_heading(level, block.title)}{lines}</div>')
        elif isinstance(block, Section):
            kind = "topic" if sections(block.blocks) else "problem"
            extra = " page-break" if block.page_break else ""
            parts.append(f'<section id="{_escape(block.anchor)}" class="{kind}{extra}">')
            parts.append(_heading(level, block.title))
            parts += _blocks(block.blocks, document, level + 1, options)
            parts.append("</section>")
    return parts


def blocks_html(blocks: tuple[Block, ...], document: Document, level: int = 2) -> str:
    """Some of a document's blocks as HTML (an Anki card's front or back)."""
    return "\n".join(_blocks(blocks, document, level, _Options(True)))


def body(document: Document, mathml: bool = True, svg_math: bool = False) -> str:
    """The document's HTML without the page around it (for a notebook cell, an Anki card)."""
    options = _Options(mathml, svg_math)
    return "\n".join([_heading(1, document.title), *_blocks(document.blocks, document, 2, options)])


def render(document: Document, mathml: bool = True, svg_math: bool = False) -> str:
    """The whole page; ``mathml=False`` writes formulas as plain text, or with ``svg_math`` as
    SVG drawings (for WeasyPrint, which lays out no MathML)."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(document.title)}</title><style>{CSS}</style></head>\n"
        f"<body>\n{body(document, mathml, svg_math)}\n</body></html>\n"
    )
