"""HTML: one self-contained page (inline CSS, no network), readable on a phone and printable."""

from __future__ import annotations

from html import escape

from aecalc.report import Cell, Diagram, Document, Facts, Note, Table

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:1.5rem auto;
padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.5rem;border-bottom:2px solid #335;padding-bottom:.2rem}
h2{font-size:1.15rem;margin-top:1.4rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.4rem 0 1rem;font-variant-numeric:tabular-nums}
th,td{border:1px solid #bbb;padding:.25rem .6rem;text-align:left;vertical-align:top}
th{background:#eef}
tr.total td{font-weight:bold;border-top:2px solid #335}
.note{border-left:4px solid #88a;padding:.3rem .7rem;background:#f6f6fb;margin:.5rem 0}
.warning{border-left-color:#c60;background:#fff6ec}
.convention{border-left-color:#393;background:#f2fbf2}
pre{background:#f7f7f7;padding:.6rem;overflow-x:auto}
@media print{body{max-width:none;margin:0}.note{break-inside:avoid}table{break-inside:avoid}}
"""


def _cell(cell: Cell) -> str:
    return escape(str(cell))


def body(document: Document) -> str:
    """The document's HTML without the page around it (for booklets)."""
    parts = [f"<h1>{escape(document.title)}</h1>"]
    for block in document.blocks:
        if isinstance(block, Table):
            if block.title:
                parts.append(f"<h2>{escape(block.title)}</h2>")
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
        elif isinstance(block, Facts):
            if block.title:
                parts.append(f"<h2>{escape(block.title)}</h2>")
            items = "".join(
                f"<li><strong>{escape(k)}:</strong> {_cell(v)}</li>" for k, v in block.items
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
            parts.append(f"<h2>{escape(block.title)}</h2>{picture}")
    return "\n".join(parts)


def render(document: Document) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(document.title)}</title><style>{CSS}</style></head>\n"
        f"<body>\n{body(document)}\n</body></html>\n"
    )
