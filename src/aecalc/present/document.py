"""A format-neutral document: what a presenter builds and every renderer reads.

Presenters (``aecalc.present``) turn result objects into a :class:`Document`;
renderers (``aecalc.render``) turn a document into Rich, Markdown, LaTeX or HTML.
Renderers never compute: every number here is already text.

The blocks are immutable :class:`~aecalc.record.Record` values, like every result.
"""

from __future__ import annotations

from aecalc.record import Record


class Math(Record):
    """A formula with a plain (Unicode) spelling and a TeX spelling."""

    plain: str
    tex: str

    def __str__(self) -> str:
        return self.plain


Cell = str | Math


class Table(Record):
    """A titled table; ``total_rows`` mark rows shown as totals (bold, ruled); ``tones`` give
    single cells a tone, ``(row, column, tone)`` with a tone of :data:`TONES`, that a terminal
    shows in colour (the other formats show the text alone)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total_rows: frozenset[int] = frozenset()
    caption: str = ""
    tones: tuple[tuple[int, int, str], ...] = ()


TONES = ("good", "fair", "weak", "faint")
"""Cell tones, best to least: what a terminal colours green, yellow, red and dim."""


class Facts(Record):
    """Label → value lines, such as an answer box."""

    title: str
    items: tuple[tuple[str, Cell], ...]


class Note(Record):
    """A sentence the reader should not miss. ``kind`` is ``note``, ``convention`` or ``warning``."""

    text: str
    kind: str = "note"


class Neurons(Record):
    """One layer of a drawn network: its name, its size as text, and the neurons drawn in
    order, each with its label (``""`` for none); ``None`` stands for the elided middle (⋮)."""

    name: str
    size: str
    shown: tuple[str | None, ...]
    code: bool = False


class Network(Record):
    """A network drawn as columns of neurons, for renderers that draw (LaTeX's TikZ);
    ``weights[l][j][i]`` labels the edge from drawn neuron i of layer l to neuron j of l + 1."""

    layers: tuple[Neurons, ...]
    weights: tuple[tuple[tuple[str, ...], ...], ...] = ()


class Diagram(Record):
    """A picture: preformatted text (a network drawn in characters), and optionally an SVG
    that HTML output shows instead, and the network it draws (``network``) for LaTeX."""

    title: str
    text: str
    svg: str = ""
    network: Network | None = None


class Equations(Record):
    """Worked steps written as equations, one per line: ``lhs = rhs`` (LaTeX ``align*``, Markdown
    ``$$\\begin{aligned}…$$``, plain lines elsewhere). A right-hand side may chain ``= … ≈ …``."""

    title: str
    lines: tuple[tuple[Math, Math], ...]
    caption: str = ""


class Space(Record):
    """Room to write by hand on a printout: ``lines`` ruled lines under ``title``."""

    lines: int
    title: str = "Your working"


class Section(Record):
    """A titled part of a long document (a booklet's topic or problem) with its own blocks.

    ``anchor`` (lower-case letters, digits and hyphens) is the link target a :class:`Contents`
    block points to; ``page_break`` starts the section on a new printed page.
    """

    title: str
    anchor: str
    blocks: tuple[Block, ...]
    page_break: bool = False


class Contents(Record):
    """A table of contents: renderers list the document's sections (two levels deep) as links.

    ``pages`` (section anchor → printed page) is filled in by a PDF engine that has laid the
    document out once (:mod:`aecalc.render.pdf`); LaTeX numbers its pages itself."""

    title: str = "Contents"
    pages: tuple[tuple[str, int], ...] = ()


Block = Table | Facts | Note | Diagram | Equations | Space | Section | Contents


def sections(blocks: tuple[Block, ...]) -> list[Section]:
    """The sections among ``blocks`` (not nested ones), in order."""
    return [block for block in blocks if isinstance(block, Section)]


class Document(Record):
    """A titled sequence of blocks."""

    title: str
    blocks: tuple[Block, ...]
