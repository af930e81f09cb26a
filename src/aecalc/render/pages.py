"""Page numbers for a document's contents, read back from a PDF the browser has printed.

Chromium cannot put a section's page number into the page itself (CSS ``target-counter`` is not
supported), but the PDF it prints names each linked section (a named destination per anchor
the contents links to) and says on which page it starts. :func:`destinations` reads those
names from the PDF's catalog and page tree; :func:`numbered` puts the numbers into the
document's :class:`~aecalc.present.document.Contents`, and the HTML renderer writes them in a
slot that the first printing already kept free, so the second printing lays out the same
pages. Where the PDF cannot be read this way, the contents simply has no page numbers.
"""

from __future__ import annotations

import re

from aecalc.present.document import Block, Contents, Document, Section

_OBJECT = re.compile(rb"(?<![0-9])(\d+) 0 obj\s")
_REFERENCE = rb"(\d+) 0 R"
_DESTINATION = re.compile(rb"/([A-Za-z0-9_.#-]+)\s*\[\s*(\d+) 0 R")


def _objects(pdf: bytes) -> dict[int, bytes]:
    """Each object's text up to its ``endobj`` (streams included; only dictionaries are read)."""
    found: dict[int, bytes] = {}
    for match in _OBJECT.finditer(pdf):
        end = pdf.find(b"endobj", match.end())
        if end > 0:
            found.setdefault(int(match.group(1)), pdf[match.end() : end])
    return found


def _leaves(objects: dict[int, bytes], number: int, depth: int = 0) -> list[int]:
    """The page objects under the page-tree node ``number``, in order."""
    node = objects.get(number, b"")
    if depth > 32 or b"/Type /Pages" not in node:
        return [number] if b"/Type /Page" in node else []
    kids = re.search(rb"/Kids\s*\[([^\]]*)\]", node)
    if kids is None:
        return []
    pages: list[int] = []
    for kid in re.findall(_REFERENCE, kids.group(1)):
        pages += _leaves(objects, int(kid), depth + 1)
    return pages


def destinations(pdf: bytes) -> dict[str, int]:
    """Named destination → page number (from 1), as Chromium's PDFs (Skia) write them:
    ``/Dests`` in the catalog, a dictionary of ``/name [page 0 R /XYZ …]``."""
    objects = _objects(pdf)
    catalog = next((text for text in objects.values() if b"/Type /Catalog" in text), b"")
    root = re.search(rb"/Pages " + _REFERENCE, catalog)
    dests = re.search(rb"/Dests " + _REFERENCE, catalog)
    if root is None or dests is None:
        return {}
    order = {page: i for i, page in enumerate(_leaves(objects, int(root.group(1))), start=1)}
    table = objects.get(int(dests.group(1)), b"")
    found: dict[str, int] = {}
    for name, page in _DESTINATION.findall(table):
        if int(page) in order:
            found[_name(name)] = order[int(page)]
    return found


def _name(raw: bytes) -> str:
    """A PDF name with its ``#xx`` escapes undone."""
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw).decode(
        "utf-8", "replace"
    )


def has_contents(document: Document) -> bool:
    return any(isinstance(block, Contents) for block in document.blocks)


def numbered(document: Document, pages: dict[str, int]) -> Document:
    """The document with its contents' page numbers: each section's anchor that ``pages``
    knows (sections two levels deep, as the contents lists them)."""
    anchors: list[str] = []

    def collect(blocks: tuple[Block, ...], depth: int) -> None:
        for block in blocks:
            if isinstance(block, Section) and depth < 2:
                anchors.append(block.anchor)
                collect(block.blocks, depth + 1)

    collect(document.blocks, 0)
    known = tuple((anchor, pages[anchor]) for anchor in anchors if anchor in pages)
    blocks = tuple(
        Contents(block.title, known) if isinstance(block, Contents) else block
        for block in document.blocks
    )
    return Document(document.title, blocks)
