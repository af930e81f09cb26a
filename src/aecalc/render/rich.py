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
from aecalc.render.text import width as width_of

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


_UNIT = re.compile(rf"{_VECTOR.pattern}|\S+")


def wrapped(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` cells at its spaces, never inside a
    vector of numbers that fits on a line of its own (Rich would break it at a comma)."""
    from rich.cells import cell_len

    text = shown(text)
    if width_of(text) <= width:  # fits as it is: spaces kept as written
        return text
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if cell_len(paragraph) <= width:
            lines.append(paragraph)
            continue
        line = ""
        for unit in _UNIT.findall(paragraph):
            if line and cell_len(line) + 1 + cell_len(unit) > width:
                lines.append(line)
                line = unit
            else:
                line = f"{line} {unit}" if line else unit
        lines.append(line)
    return "\n".join(lines)


def widths(table: Table, width: int) -> list[int]:
    """Each column's width in a table that :func:`fits`: its natural width where all fit, else
    the widest that fits under one common cap, never below its unbreakable width (narrow columns
    keep their natural width; Rich's own shrinking could cut a vector that this keeps whole)."""
    least = needs(table)
    natural = [width_of(shown(c)) for c in table.columns]
    for row in table.rows:
        for i, cell in enumerate(row[: len(natural)]):
            natural[i] = max(natural[i], width_of(shown(str(cell))))
    natural = [max(n, m) for n, m in zip(natural, least, strict=True)]
    room = width - 3 * len(least) - 1
    if sum(natural) <= room:
        return natural

    def capped(cap: int) -> list[int]:  # each column up to ``cap``, within [least, natural]
        return [min(n, max(m, cap)) for n, m in zip(natural, least, strict=True)]

    cap = 0  # the highest cap that fits: narrow columns keep their natural width
    while cap < max(natural) and sum(capped(cap + 1)) <= room:
        cap += 1
    sizes = capped(cap)
    for i in range(len(sizes)):  # what is left, a cell each to the columns still cut
        if sum(sizes) < room and sizes[i] < natural[i]:
            sizes[i] += 1
    return sizes


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
        sizes = widths(block, width)
        for column, size in zip(block.columns, sizes, strict=True):
            table.add_column(_text(column), overflow="fold", width=size)
        for i, row in enumerate(block.rows):
            total = i in block.total_rows
            if total and i > 0 and i - 1 not in block.total_rows:
                table.add_section()
            cells = (
                _text(wrapped(str(c), sizes[j]), tones.get((i, j), "")) for j, c in enumerate(row)
            )
            table.add_row(*cells, style="bold" if total else None)
        return _titled(block, table)
    # Stacked: one block of "column  value" lines per row, rows ruled apart.
    stacked = RichTable(
        show_header=False,
        box=box.SQUARE,
        show_lines=False,
    )
    label = min(max(width_of(shown(c or "·")) for c in block.columns), max(8, width // 3))
    stacked.add_column(style="bold", overflow="fold", max_width=max(8, width // 3))
    stacked.add_column(overflow="fold")
    room = max(8, width - label - 7)  # the value column: the width less the label and borders
    for i, row in enumerate(block.rows):
        if i:
            stacked.add_section()
        style = "bold" if i in block.total_rows else None
        for j, (column, cell) in enumerate(zip(block.columns, row, strict=False)):
            if str(cell):
                shown_cell = _text(wrapped(str(cell), room), tones.get((i, j), ""))
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
