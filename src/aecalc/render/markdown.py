r"""Markdown: pipe tables and ``$…$`` math (GitHub, Obsidian and Jupyter render both).

Text from a document (a problem file's title, statement or key points among it) is text, never
markup of its own, whichever CommonMark renderer or math front end reads the file:

- every ASCII character that can open inline markup is escaped with a backslash: the backslash
  itself, the backtick, ``* _ ! # | ~ $ & @`` and a ``]`` before ``(`` or ``[`` (a ``_`` inside
  a word and a lone bracket pair such as ``[1, 0]`` open nothing, so they stay as they are);
  ``<`` is written ``&lt;``. So ``[x](javascript:…)`` is no link, ``![](http://…)`` no remote
  image, ``<script>`` no HTML, ``\$…\$`` no math (its backslashes are escaped too), ``a@b.org``
  no mail link; the ``:`` of ``://`` and the dot of ``www.`` are escaped, so a bare address is
  no autolink (GFM, linkify) either;
- at the start of a line in a note or a list item, what would open a block (``>``, ``=``,
  ``- ``, ``+ ``, ``--``, ``1. ``, ``1) ``, the ``[`` of a link reference definition) is
  escaped, and a line break stays inside the block (a hard break and the block's own prefix),
  so text starts no heading, quote, list, code block or link definition;
- control characters (terminal escape sequences, OSC 8 links) are shown as ``\x1b``.

The markup aecalc writes itself stays live: tables, headings, emphasis, the ``$…$`` and
``$$…$$`` of :class:`Math` and :class:`Equations` (TeX from the presenters), and the contents'
links to the sections' anchors.
"""

from __future__ import annotations

import re

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
from aecalc.render.text import shown


def _tex(tex: str, in_table: bool) -> str:
    """TeX inside ``$…$``; in a table a bar would end the cell, so it is spelled ``\\vert``."""
    if in_table:
        tex = tex.replace(r"\|", r"\Vert ").replace("|", r"\vert ")
    return f"${tex}$"


# Anywhere in text: the ASCII characters that open inline markup in CommonMark, GFM (tables,
# strikethrough, e-mail autolinks) or $…$ math; an underscore unless it sits between two letters
# or digits (there it opens nothing); a ']' before '(' or '[' (it would close a link's or an
# image's text; a lone [1, 0] stays, as no text can define a reference to make it a link); the
# ':' of a scheme's '://' and the '.' of 'www.' (bare autolinks). ``<`` becomes ``&lt;``.
_MARKUP = (
    r"[\\`*!#|~$&@<]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|(?<=[A-Za-z0-9]):(?=//)|(?<=[Ww]{3})\."
)
_INLINE = re.compile(_MARKUP + r"|\](?=[(\[])")
# Inside the text of a link aecalc makes (the contents), every bracket.
_LINK_TEXT = re.compile(_MARKUP + r"|[\[\]]")
# At the start of a line in a note or a list item: what opens a quote, a list item, a thematic
# break, a setext underline or a link reference definition.
_BLOCK = re.compile(r"^(?:(>|=|\[|[-+](?=[ \t]|$)|-(?=-))|([0-9]{1,9})([.)])(?=[ \t]|$))")


def _inline(match: re.Match[str]) -> str:
    char = match.group(0)
    return "&lt;" if char == "<" else "\\" + char


def _block(match: re.Match[str]) -> str:
    marker, number, closer = match.groups()
    return "\\" + marker if marker else number + "\\" + closer


def _text(
    text: str, in_table: bool, prefix: str | None = None, markup: re.Pattern[str] = _INLINE
) -> str:
    """Plain text as inert Markdown (see the module's docstring); a minus is ``−``.

    A table cell, a heading or a caption is one line (``prefix`` None: line breaks become
    spaces); in a note or a list item (``prefix`` the block's continuation, ``"> "`` or
    ``"  "``) each line break is a hard break that stays in the block. Each line loses its
    surrounding spaces (four of them would open a code block) and empty lines are dropped.
    """
    lines = [markup.sub(_inline, line.strip()) for line in shown(text).split("\n")]
    if in_table or prefix is None:
        return " ".join(line for line in lines if line)
    return ("\\\n" + prefix).join(_BLOCK.sub(_block, line, count=1) for line in lines if line)


def _link_text(text: str) -> str:
    return _text(text, False, markup=_LINK_TEXT)


def _cell(cell: Cell, in_table: bool = True, prefix: str | None = None) -> str:
    if isinstance(cell, Math):
        return _tex(cell.tex, in_table)
    return _text(cell, in_table, prefix)


def _anchor(name: str) -> str:
    """A section's link target as the document promises it (letters, digits, hyphens) — also
    when a document breaks that promise, since it goes into raw HTML and a link."""
    return re.sub(r"[^a-z0-9-]+", "-", name.lower())


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
        lines.append(f"- [{_link_text(section.title)}](#{_anchor(section.anchor)})")
        for inner in sections(section.blocks):
            lines.append(f"  - [{_link_text(inner.title)}](#{_anchor(inner.anchor)})")
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
                f"- **{_text(label, False)}:** {_cell(value, False, '  ')}"
                if label
                else f"- {_cell(value, False, '  ')}"
                for label, value in block.items
            ]
        elif isinstance(block, Note):
            prefix = {"warning": "**Warning:** ", "convention": "**Convention:** "}.get(
                block.kind, ""
            )
            lines.append(f"> {prefix}{_text(block.text, False, '> ')}")
        elif isinstance(block, Diagram):
            fence = "`" * max([3, *(len(run) + 1 for run in re.findall("`+", block.text))])
            lines += [_heading(level, block.title), "", fence + "text", block.text, fence]
        elif isinstance(block, Equations):
            lines += _equations(block, level)
        elif isinstance(block, Contents):
            lines += _contents(block, document, level)
        elif isinstance(block, Space):  # ruled lines: thematic breaks, a blank line apart
            lines += [f"**{_text(block.title, False, '')}**", ""]
            lines += ["___", ""] * block.lines
        elif isinstance(block, Section):
            lines += [f'<a id="{_anchor(block.anchor)}"></a>', ""]
            lines += [_heading(level, block.title), ""]
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
