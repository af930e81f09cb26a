"""Rich: tables and panels for the terminal (plain text when stdout is not a terminal).

Nothing is ever cut with ``…``: cells fold, and a table whose words and numbers cannot all
fit side by side in the console's width is stacked — one block per row, each value under
its column's name — so every answer appears in full at 80 columns and at 60. Text from
documents (titles, problem statements) is passed as :class:`rich.text.Text`, never as
markup, so ``[bold]`` and ``:smile:`` print as written, and control characters are shown
escaped (:func:`aecalc.render.text.clean`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from aecalc.present.document import (
    Block,
    Cell,
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
from aecalc.render.text import longest_token, shown

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

_NOTE_STYLE = {"warning": "bold yellow", "convention": "cyan", "note": "dim"}
_NOTE_LABEL = {"warning": "Warning: ", "convention": "Convention: ", "note": "Note: "}
_TONE_STYLE = {"good": "green", "fair": "yellow", "weak": "red", "faint": "dim"}
DEFAULT_WIDTH = 80


def _text(value: Cell | str, style: str = "") -> Text:
    from rich.text import Text

    return Text(shown(str(value)), style=style)


def renderables(document: Document, width: int = DEFAULT_WIDTH) -> list[RenderableType]:
    """The document as Rich renderables laid out for a console ``width`` cells wide."""
    out: list[RenderableType] = [_text(document.title, "bold underline")]
    out += _blocks(document.blocks, document, width)
    return out


_NUMBER = r"[−-]?[\d.,/]*\d(?:e[−+-]?\d+)?"
_VECTOR = re.compile(rf"\[{_NUMBER}(?:, {_NUMBER})*\]")  # [1.0066, −1, 0.0066], not [1·2 + …]


def unbreakable(text: str) -> int:
    """Cells of the longest piece a table cell must not break: a word, or a bracketed vector
    (``[1.0066, −1, 0.0066]`` folded at its commas reads as three values of different rows)."""
    from rich.cells import cell_len

    longest = max((cell_len(v) for v in _VECTOR.findall(text)), default=0)
    return max(longest, longest_token(text))


def fits(table: Table, width: int) -> bool:
    """Whether every column can be as wide as its longest word, number or vector side by side:
    the heavy table's borders and padding take 3 cells a column, plus 1."""
    return sum(needs(table)) + 3 * len(table.columns) + 1 <= width


def needs(table: Table) -> list[int]:
    """Each column's narrowest width: its longest unbreakable piece (:func:`unbreakable`)."""
    need = [longest_token(shown(c)) for c in table.columns]
    for row in table.rows:
        for i, cell in enumerate(row[: len(need)]):
            need[i] = max(need[i], unbreakable(shown(str(cell))))
    return need


def _table(block: Table, width: int) -> RenderableType:
    from rich import box
    from rich.table import Table as RichTable

    tones = {(row, column): _TONE_STYLE.get(tone, "") for row, column, tone in block.tones}
    if fits(block, width):
        table = RichTable()
        for column, least in zip(block.columns, needs(block), strict=True):
            table.add_column(_text(column), overflow="fold", min_width=least)
        for i, row in enumerate(block.rows):
            total = i in block.total_rows
            if total and i > 0 and i - 1 not in block.total_rows:
                table.add_section()
            cells = (_text(c, tones.get((i, j), "")) for j, c in enumerate(row))
            table.add_row(*cells, style="bold" if total else None)
        return _titled(block, table)
    # Stacked: one block of "column  value" lines per row, rows ruled apart.
    stacked = RichTable(
        show_header=False,
        box=box.SQUARE,
        show_lines=False,
    )
    stacked.add_column(style="bold", overflow="fold", max_width=max(8, width // 3))
    stacked.add_column(overflow="fold")
    for i, row in enumerate(block.rows):
        if i:
            stacked.add_section()
        style = "bold" if i in block.total_rows else None
        for j, (column, cell) in enumerate(zip(block.columns, row, strict=False)):
            if str(cell):
                shown_cell = _text(cell, tones.get((i, j), ""))
                stacked.add_row(_text(column or "·"), shown_cell, style=style)
    return _titled(block, stacked)


def _titled(block: Table, table: RenderableType) -> RenderableType:
    """The table with its title above and its caption below, each a left-aligned line of the
    terminal's width (a Rich table title would wrap at the table's own width)."""
    from rich.console import Group

    parts: list[RenderableType] = []
    if block.title:
        parts.append(_text(block.title, "italic"))
    parts.append(table)
    if block.caption:
        parts.append(_text(block.caption, "dim"))
    return Group(*parts) if len(parts) > 1 else table


def _blocks(blocks: tuple[Block, ...], document: Document, width: int) -> list[RenderableType]:
    from rich.rule import Rule
    from rich.table import Table as RichTable
    from rich.text import Text

    out: list[RenderableType] = []
    for block in blocks:
        if isinstance(block, Table):
            out.append(_table(block, width))
        elif isinstance(block, Facts):
            facts = RichTable.grid(padding=(0, 2))
            facts.add_column(style="bold", overflow="fold", max_width=max(10, width // 3))
            facts.add_column(overflow="fold")
            for label, value in block.items:
                facts.add_row(_text(label), _text(value))
            if block.title:
                out.append(_text(block.title, "bold"))
            out.append(facts)
        elif isinstance(block, Note):
            text = Text(_NOTE_LABEL[block.kind], style=_NOTE_STYLE[block.kind])
            text.append(shown(block.text))
            out.append(text)
        elif isinstance(block, Diagram):
            out.append(_text(block.title, "bold"))
            # a drawing keeps its lines whole: wider than the console, the terminal wraps it
            out.append(Text(shown(block.text), no_wrap=True, overflow="ignore"))
        elif isinstance(block, Equations):
            if block.title:
                out.append(_text(block.title, "bold"))
            out += [_text(f"  {lhs.plain} = {rhs.plain}") for lhs, rhs in block.lines]
            if block.caption:
                out.append(_text(block.caption, "dim"))
        elif isinstance(block, Contents):
            out.append(_text(block.title, "bold"))
            for section in sections(document.blocks):
                out.append(_text(f"  {section.title}"))
                out += [_text(f"    {inner.title}") for inner in sections(section.blocks)]
        elif isinstance(block, Space):
            out.append(_text(f"{block.title}: room for {block.lines} lines on paper", "dim"))
        elif isinstance(block, Section):
            out.append(Rule(_text(block.title, "bold"), align="left"))
            out += _blocks(block.blocks, document, width)
    return out


def console(**settings: object) -> Console:
    """A Rich console; a width below 20 cells (``COLUMNS=0``, a broken terminal size) becomes
    80, so output never vanishes."""
    from rich.console import Console

    made = Console(**settings)  # type: ignore[arg-type]
    if made.width < 20:
        made.width = DEFAULT_WIDTH
    return made


def print_document(document: Document, console: Console) -> None:
    for renderable in renderables(document, console.width):
        console.print(renderable, crop=False)
