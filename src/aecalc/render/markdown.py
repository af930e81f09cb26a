"""Markdown: pipe tables and ``$…$`` math (GitHub, Obsidian and Jupyter render both).

Text from a document is never markup of its own: raw HTML (``<script>``) is escaped, control
characters (terminal escape sequences, OSC 8 links) are shown as ``\x1b``.
"""

from __future__ import annotations

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
from aecalc.render.text import shown


def _tex(tex: str, in_table: bool) -> str:
    """TeX inside ``$…$``; in a table a bar would end the cell, so it is spelled ``\\vert``."""
    if in_table:
        tex = tex.replace(r"\|", r"\Vert ").replace("|", r"\vert ")
    return f"${tex}$"


def _text(text: str, in_table: bool) -> str:
    """Plain text: a dollar sign would open math, a bar would end a table cell, ``<`` would
    open raw HTML (a problem file's ``<script>`` stays text); control characters are shown
    escaped and a minus is ``−``."""
    text = shown(text).replace("$", "\\$").replace("<", "&lt;")
    if in_table:
        text = text.replace("|", "\\|").replace("\n", " ")
    return text


def _cell(cell: Cell, in_table: bool = True) -> str:
    if isinstance(cell, Math):
        return _tex(cell.tex, in_table)
    return _text(cell, in_table)


def _heading(level: int, title: str) -> str:
    return "#" * min(level, 6) + " " + _text(title, False)


def _table(table: Table, level: int) -> list[str]:
    lines = [_heading(level, table.title), ""] if table.title else []
    lines.append("| " + " | ".join(_text(c, True) for c in table.columns) + " |")
    lines.append("|" + "|".join("---" for _ in table.columns) + "|")
    for i, row in enumerate(table.rows):
        cells = [_cell(c) for c in row]
        if i in table.total_rows:
            cells = [f"**{c}**" if c else c for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    if table.caption:
        lines += ["", f"*{_text(table.caption, False)}*"]
    return lines


def _equations(block: Equations, level: int) -> list[str]:
    lines = [_heading(level, block.title), ""] if block.title else []
    lines += ["$$", r"\begin{aligned}"]
    body = [f"{lhs.tex} &= {rhs.tex}" for lhs, rhs in block.lines]
    lines += [line + r" \\" for line in body[:-1]] + body[-1:]
    lines += [r"\end{aligned}", "$$"]
    if block.caption:
        lines += ["", f"*{_text(block.caption, False)}*"]
    return lines


def _contents(block: Contents, document: Document, level: int) -> list[str]:
    lines = [_heading(level, block.title), ""]
    for section in sections(document.blocks):
        lines.append(f"- [{_text(section.title, False)}](#{section.anchor})")
        for inner in sections(section.blocks):
            lines.append(f"  - [{_text(inner.title, False)}](#{inner.anchor})")
    return lines


def _blocks(blocks: tuple[Block, ...], document: Document, level: int) -> list[str]:
    """``level`` is the heading level of the blocks' own titles."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            lines += _table(block, level)
        elif isinstance(block, Facts):
            if block.title:
                lines += [_heading(level, block.title), ""]
            lines += [
                f"- **{_text(label, False)}:** {_cell(value, False)}"
                if label
                else f"- {_cell(value, False)}"
                for label, value in block.items
            ]
        elif isinstance(block, Note):
            prefix = {"warning": "**Warning:** ", "convention": "**Convention:** "}.get(
                block.kind, ""
            )
            lines.append(f"> {prefix}{_text(block.text, False)}")
        elif isinstance(block, Diagram):
            lines += [_heading(level, block.title), "", "```text", block.text, "```"]
        elif isinstance(block, Equations):
            lines += _equations(block, level)
        elif isinstance(block, Contents):
            lines += _contents(block, document, level)
        elif isinstance(block, Section):
            lines += [f'<a id="{block.anchor}"></a>', "", _heading(level, block.title), ""]
            lines += _blocks(block.blocks, document, level + 1)
            continue
        lines.append("")
    return lines


def render(document: Document) -> str:
    """The whole document; a document with sections (a booklet) starts at a level-1 heading."""
    top = 1 if sections(document.blocks) else 2
    lines = [_heading(top, document.title), ""]
    lines += _blocks(document.blocks, document, top + 1)
    return "\n".join(lines).rstrip() + "\n"
