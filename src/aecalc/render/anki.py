"""``--output FILE.apkg``: a booklet's problems as an Anki deck (genanki), one card a problem.

The front of a card is the problem's title and its question (the section's first block); the
back is the rest of the section — the key points of a theory question, or the answer and the
worked steps — as the same HTML (with MathML) the HTML printout uses. Notes have stable ids
(from the problem's anchor), so importing a newer deck updates the cards instead of doubling
them. Only documents with sections (``aecalc sheet``) have cards.
"""

from __future__ import annotations

import tempfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from aecalc.errors import InputError
from aecalc.present.document import Section, sections

if TYPE_CHECKING:
    from aecalc.present.document import Document

CSS = """.card{font-family:system-ui,sans-serif;font-size:17px;text-align:left;color:#1b1b1b;
background:#fff;line-height:1.4}h2{font-size:1.15em}h3,h4{font-size:1em;margin:.6em 0 .2em}
table{border-collapse:collapse}th,td{border:1px solid #bbb;padding:.2em .45em;text-align:left}
.nb,math{white-space:nowrap}ul{padding-left:1.2em}.note{border-left:4px solid #88a;padding:.2em .6em}"""


def check() -> None:
    """genanki is there, or an :class:`InputError` that says how to install it."""
    import importlib.util

    if importlib.util.find_spec("genanki") is None:
        raise InputError(
            "--output", "writing an Anki deck (.apkg) needs genanki: pip install genanki"
        )


def cards(document: Document) -> list[Section]:
    """The sections that become cards: those without sections of their own (the problems)."""
    found: list[Section] = []
    for section in sections(document.blocks):
        inner = sections(section.blocks)
        if inner:
            found += [s for s in inner if not sections(s.blocks)]
        elif section.anchor != "answers":
            found.append(section)
    return found


def _stable_id(text: str) -> int:
    return 1 << 30 | zlib.crc32(text.encode("utf-8"))


def render(document: Document) -> bytes:
    """The deck as ``.apkg`` bytes."""
    check()
    import genanki  # type: ignore[import-untyped,unused-ignore]

    from aecalc.render.html import blocks_html, escape

    problems = cards(document)
    if not problems:
        raise InputError(
            "--output", "an Anki deck needs a booklet of problems: aecalc sheet --output FILE.apkg"
        )
    model = genanki.Model(
        _stable_id("aecalc problem card"),
        "aecalc problem",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[
            {
                "name": "Problem",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
            }
        ],
        css=CSS,
    )
    deck = genanki.Deck(_stable_id(document.title), document.title)
    for section in problems:
        head, rest = section.blocks[:1], section.blocks[1:]
        front = f"<h2>{escape(section.title)}</h2>" + blocks_html(head, document, 3)
        back = blocks_html(rest, document, 3)
        guid = genanki.guid_for("aecalc", section.anchor)
        deck.add_note(genanki.Note(model=model, fields=[front, back], guid=guid))
    with tempfile.TemporaryDirectory(prefix="aecalc-anki-") as folder:
        target = Path(folder) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(target))
        return target.read_bytes()
