"""Markdown: pipe tables and ``$…$`` math (GitHub, Obsidian and Jupyter render both)."""

from __future__ import annotations

from aecalc.report import Cell, Diagram, Document, Facts, Math, Note, Table


def _cell(cell: Cell) -> str:
    if isinstance(cell, Math):
        return f"${cell.tex}$"
    return cell.replace("|", "\\|").replace("\n", " ")


def _table(table: Table) -> list[str]:
    lines = [f"### {table.title}", ""] if table.title else []
    lines.append("| " + " | ".join(table.columns) + " |")
    lines.append("|" + "|".join("---" for _ in table.columns) + "|")
    for i, row in enumerate(table.rows):
        cells = [_cell(c) for c in row]
        if i in table.total_rows:
            cells = [f"**{c}**" if c else c for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    if table.caption:
        lines += ["", f"*{table.caption}*"]
    return lines


def render(document: Document) -> str:
    lines = [f"## {document.title}", ""]
    for block in document.blocks:
        if isinstance(block, Table):
            lines += _table(block)
        elif isinstance(block, Facts):
            if block.title:
                lines += [f"### {block.title}", ""]
            lines += [f"- **{label}:** {_cell(value)}" for label, value in block.items]
        elif isinstance(block, Note):
            prefix = {"warning": "**Warning:** ", "convention": "**Convention:** "}.get(
                block.kind, ""
            )
            lines.append(f"> {prefix}{block.text}")
        elif isinstance(block, Diagram):
            lines += [f"### {block.title}", "", "```text", block.text, "```"]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
