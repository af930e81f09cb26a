"""HTML: one self-contained page (inline CSS, no network), readable on a phone and printable."""

from __future__ import annotations

from html import escape

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

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:1.5rem auto;
padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.5rem;border-bottom:2px solid #335;padding-bottom:.2rem}
h2{font-size:1.15rem;margin-top:1.4rem}
h3,h4,h5{font-size:1rem;margin:1rem 0 .4rem}
section.topic>h2{font-size:1.35rem;border-bottom:1px solid #99a}
section.problem{border-top:1px solid #ccd;margin-top:1.4rem}
section.problem>h3{font-size:1.15rem;color:#223}
section.problem h4,section.problem h5{font-size:.95rem;color:#335}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.4rem 0 1rem;font-variant-numeric:tabular-nums}
th,td{border:1px solid #bbb;padding:.25rem .6rem;text-align:left;vertical-align:top}
th{background:#eef}
tr.total td{font-weight:bold;border-top:2px solid #335}
.equations{margin:.4rem 0 1rem;padding:.3rem .8rem;border-left:3px solid #ccd}
.equations div{margin:.2rem 0}
.note{border-left:4px solid #88a;padding:.3rem .7rem;background:#f6f6fb;margin:.5rem 0}
.warning{border-left-color:#c60;background:#fff6ec}
.convention{border-left-color:#393;background:#f2fbf2}
nav ul{padding-left:1.2rem}nav li{margin:.1rem 0}
pre{background:#f7f7f7;padding:.6rem;overflow-x:auto}
svg{display:block}
@media (max-width:40rem){body{margin:.6rem auto;padding:0 .5rem}
table{font-size:.85rem}th,td{padding:.2rem .3rem}}
@media print{body{max-width:none;margin:0;font-size:10.5pt}.scroll{overflow:visible}
th,td{overflow-wrap:anywhere}a{color:inherit;text-decoration:none}
.note,table,svg,pre,.equations{break-inside:avoid}h2,h3,h4,h5{break-after:avoid}
.page-break{break-before:page}}
"""


def _cell(cell: Cell) -> str:
    if isinstance(cell, Math):
        return f'<span class="math">{escape(cell.plain)}</span>'
    return escape(cell)


def _heading(level: int, title: str, attributes: str = "") -> str:
    tag = f"h{min(level, 6)}"
    return f"<{tag}{attributes}>{escape(title)}</{tag}>"


def _table(block: Table, level: int) -> list[str]:
    parts = [_heading(level, block.title)] if block.title else []
    head = "".join(f"<th>{escape(c)}</th>" for c in block.columns)
    rows = []
    for i, row in enumerate(block.rows):
        cls = ' class="total"' if i in block.total_rows else ""
        rows.append(f"<tr{cls}>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>")
    caption = f"<p><em>{escape(block.caption)}</em></p>" if block.caption else ""
    parts.append(
        f'<div class="scroll"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>{caption}"
    )
    return parts


def _contents(block: Contents, document: Document, level: int) -> str:
    items = []
    for section in sections(document.blocks):
        inner = sections(section.blocks)
        nested = (
            "<ul>"
            + "".join(f'<li><a href="#{s.anchor}">{escape(s.title)}</a></li>' for s in inner)
            + "</ul>"
            if inner
            else ""
        )
        items.append(f'<li><a href="#{section.anchor}">{escape(section.title)}</a>{nested}</li>')
    return (
        f'<nav aria-label="contents">{_heading(level, block.title)}<ul>{"".join(items)}</ul></nav>'
    )


def _blocks(blocks: tuple[Block, ...], document: Document, level: int) -> list[str]:
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            parts += _table(block, level)
        elif isinstance(block, Facts):
            if block.title:
                parts.append(_heading(level, block.title))
            items = "".join(
                f"<li><strong>{escape(k)}:</strong> {_cell(v)}</li>"
                if k
                else f"<li>{_cell(v)}</li>"
                for k, v in block.items
            )
            parts.append(f"<ul>{items}</ul>")
        elif isinstance(block, Note):
            parts.append(f'<p class="note {block.kind}">{escape(block.text)}</p>')
        elif isinstance(block, Diagram):
            picture = (
                f'<div class="scroll">{block.svg}</div>'
                if block.svg
                else f"<pre>{escape(block.text)}</pre>"
            )
            parts.append(f"{_heading(level, block.title)}{picture}")
        elif isinstance(block, Equations):
            lines = "".join(
                f"<div>{escape(lhs.plain)} = {escape(rhs.plain)}</div>" for lhs, rhs in block.lines
            )
            caption = f"<p><em>{escape(block.caption)}</em></p>" if block.caption else ""
            title = _heading(level, block.title) if block.title else ""
            parts.append(f'{title}<div class="equations">{lines}</div>{caption}')
        elif isinstance(block, Contents):
            parts.append(_contents(block, document, level))
        elif isinstance(block, Section):
            kind = "topic" if sections(block.blocks) else "problem"
            extra = " page-break" if block.page_break else ""
            parts.append(f'<section id="{escape(block.anchor)}" class="{kind}{extra}">')
            parts.append(_heading(level, block.title))
            parts += _blocks(block.blocks, document, level + 1)
            parts.append("</section>")
    return parts


def body(document: Document) -> str:
    """The document's HTML without the page around it."""
    return "\n".join([_heading(1, document.title), *_blocks(document.blocks, document, 2)])


def render(document: Document) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(document.title)}</title><style>{CSS}</style></head>\n"
        f"<body>\n{body(document)}\n</body></html>\n"
    )
