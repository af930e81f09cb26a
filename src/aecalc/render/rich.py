"""Rich: tables and panels for the terminal (plain text when stdout is not a terminal)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aecalc.present.document import (
    Block,
    Contents,
    Diagram,
    Document,
    Equations,
    Facts,
    Note,
    Section,
    Table,
    sections,
)

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

_NOTE_STYLE = {"warning": "bold yellow", "convention": "cyan", "note": "dim"}
_NOTE_LABEL = {"warning": "Warning: ", "convention": "Convention: ", "note": "Note: "}


def renderables(document: Document) -> list[RenderableType]:
    from rich.text import Text

    out: list[RenderableType] = [Text(document.title, style="bold underline")]
    out += _blocks(document.blocks, document)
    return out


def _blocks(blocks: tuple[Block, ...], document: Document) -> list[RenderableType]:
    from rich.markup import escape
    from rich.rule import Rule
    from rich.table import Table as RichTable
    from rich.text import Text

    out: list[RenderableType] = []
    for block in blocks:
        if isinstance(block, Table):
            table = RichTable(
                title=escape(block.title) or None,
                title_justify="left",
                caption=escape(block.caption) or None,
            )
            for column in block.columns:
                table.add_column(escape(column))
            for i, row in enumerate(block.rows):
                total = i in block.total_rows
                if total and i > 0 and i - 1 not in block.total_rows:
                    table.add_section()
                table.add_row(*(escape(str(c)) for c in row), style="bold" if total else None)
            out.append(table)
        elif isinstance(block, Facts):
            facts = RichTable.grid(padding=(0, 2))
            facts.add_column(style="bold")
            facts.add_column()
            for label, value in block.items:
                facts.add_row(escape(label), escape(str(value)))
            if block.title:
                out.append(Text(block.title, style="bold"))
            out.append(facts)
        elif isinstance(block, Note):
            text = Text(_NOTE_LABEL[block.kind], style=_NOTE_STYLE[block.kind])
            text.append(block.text)
            out.append(text)
        elif isinstance(block, Diagram):
            out.append(Text(block.title, style="bold"))
            out.append(Text(block.text))
        elif isinstance(block, Equations):
            if block.title:
                out.append(Text(block.title, style="bold"))
            out += [Text(f"  {lhs.plain} = {rhs.plain}") for lhs, rhs in block.lines]
            if block.caption:
                out.append(Text(block.caption, style="dim"))
        elif isinstance(block, Contents):
            out.append(Text(block.title, style="bold"))
            for section in sections(document.blocks):
                out.append(Text(f"  {section.title}"))
                out += [Text(f"    {inner.title}") for inner in sections(section.blocks)]
        elif isinstance(block, Section):
            out.append(Rule(Text(block.title, style="bold"), align="left"))
            out += _blocks(block.blocks, document)
    return out


def print_document(document: Document, console: Console) -> None:
    for renderable in renderables(document):
        console.print(renderable)
