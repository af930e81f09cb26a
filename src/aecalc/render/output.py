"""Where a result goes: ``--json``, ``--format``, ``--output``, ``--force``, ``--fragment``.

Commands hand over two callables — one building the :class:`Document`, one the
JSON object — so only the chosen format's work is done.

A file is written whole or not at all, and never over or through a name that is not a plain
file: the text (or PDF, or Anki deck) is made first, then :class:`aecalc.values.writing.Staged`
writes it to a new temporary file and gives the finished file its name — linked to a free name
(so two processes racing for one ``--output`` get one complete file and one ``Error:`` line),
replacing a regular file only with ``--force``, written *through* a character device or a FIFO
(``/dev/null``, a named pipe) with ``--force``, and straight to aecalc's own descriptor for
``/dev/stdout``, ``/dev/stderr`` and ``/dev/fd/N``. A folder, a block device, a socket and a
symbolic link to a file are refused with one line that says what to do.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from aecalc.errors import InputError
from aecalc.record import Record

if TYPE_CHECKING:
    from aecalc.present.document import Document

FORMATS = ("rich", "json", "markdown", "latex", "html", "pdf")
_BY_EXTENSION = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".tex": "latex",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".txt": "rich",
    ".svg": "svg",
    ".pdf": "pdf",
    ".apkg": "anki",
}
_EXTENSIONS_OF = {
    "markdown": {".md", ".markdown"},
    "latex": {".tex"},
    "html": {".html", ".htm"},
    "json": {".json"},
    "rich": {".txt", ".svg"},
    "pdf": {".pdf"},
}
EXTENSIONS = ".md, .tex, .html, .pdf, .json, .txt, .svg or .apkg"


class OutputOptions(Record):
    """The output options every command shares."""

    json: bool = False
    format: str | None = None
    output: Path | None = None
    digits: int = 4
    force: bool = False
    fragment: bool = False

    def resolved_format(self) -> str:
        """The format to write: ``--json`` wins, then ``--format``, then the extension of ``--output``."""
        if self.format is not None and self.format not in FORMATS:
            raise InputError(
                "--format", f"unknown format {self.format!r} (choose {', '.join(FORMATS)})"
            )
        if self.json:
            if self.format not in (None, "json"):
                raise InputError("--json", f"conflicts with --format {self.format}")
            chosen = "json"
        else:
            chosen = self.format or ""
        suffix = self.output.suffix.lower() if self.output is not None else ""
        if self.output is not None and not chosen:
            if suffix not in _BY_EXTENSION:
                raise InputError(
                    "--output",
                    f"cannot tell the format from {self.output.name!r}: use {EXTENSIONS}, "
                    "or give --format",
                )
            return _BY_EXTENSION[suffix]
        if self.output is not None and suffix and suffix not in _EXTENSIONS_OF[chosen]:
            raise InputError("--output", f"{self.output.name!r} does not match --format {chosen}")
        if chosen == "pdf" and self.output is None:
            raise InputError("--format", "pdf is written to a file: add --output FILE.pdf")
        return chosen or "rich"

    def check(self) -> None:
        """Validate before any work is done."""
        if not 0 <= self.digits <= 30:
            raise InputError("--digits", f"{self.digits} is out of range (0 to 30)")
        fmt = self.resolved_format()
        if fmt == "anki" and self.output is None:  # pragma: no cover - only from an extension
            raise InputError("--output", "an Anki deck is written to a file")
        if self.fragment and fmt != "latex":
            raise InputError("--fragment", f"is for LaTeX output, not {fmt}")
        if self.output is not None:
            from aecalc.values.writing import target

            target(self.output, "--output", self.force)  # what is at the name, and its folder
            if fmt == "pdf":
                from aecalc.render import pdf

                pdf.engine()  # no engine: say what to install before any work is done
            elif fmt == "anki":
                from aecalc.render import anki

                anki.check()


def to_json(data: object) -> str:
    """``data`` as JSON text. JSON has no infinity and no NaN: a float beyond float64's range
    (an exact 1e400 made a float, a batch that overflowed) or NaN is written ``null``; where the
    result is exact, its ``…exact`` string beside it still holds the value."""
    import json

    return json.dumps(_finite(data), ensure_ascii=False, indent=2, allow_nan=False)


def _finite(data: object) -> object:
    """``data`` with every non-finite float made None (the lists and mappings rebuilt only
    where one is found)."""
    import math

    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        items = {key: _finite(value) for key, value in data.items()}
        return data if all(items[key] is data[key] for key in data) else items
    if isinstance(data, list | tuple):
        values = [_finite(value) for value in data]
        return data if all(a is b for a, b in zip(values, data, strict=True)) else values
    return data


def render_text(document: Document, fmt: str, standalone: bool = False) -> str:
    """The document as Markdown, LaTeX (``standalone``: a whole document) or HTML text."""
    if fmt == "markdown":
        from aecalc.render import markdown

        return markdown.render(document)
    if fmt == "latex":
        from aecalc.render import latex

        return latex.render_document(document) if standalone else latex.render(document)
    from aecalc.render import html

    return html.render(document)


def emit(
    options: OutputOptions,
    document: Callable[[], Document],
    data: Callable[[], object],
) -> None:
    """Render in the chosen format and write to stdout or ``--output``."""
    fmt = options.resolved_format()
    if fmt in ("rich", "svg"):
        _emit_rich(options, document(), fmt)
        return
    if fmt == "json":
        from aecalc.values.notation import machine_notation

        with machine_notation():  # exact forms as scripts already read them
            machine = data()
        from aecalc.render.readable import has_exact, with_readable

        if has_exact(machine):  # … and beside each, as the printouts write it (…_readable)
            machine = with_readable(machine, data())
        text = to_json(machine) + "\n"
    elif fmt == "pdf":
        from aecalc.render import pdf

        assert options.output is not None  # resolved_format refuses pdf without --output
        write(options.output, pdf.render(document()), options.force)
        return
    elif fmt == "anki":
        from aecalc.render import anki

        assert options.output is not None
        write(options.output, anki.render(document()), options.force)
        return
    else:
        standalone = fmt == "latex" and options.output is not None and not options.fragment
        text = render_text(document(), fmt, standalone)
    if options.output is None:
        sys.stdout.write(text)
    else:
        write(options.output, text.encode("utf-8"), options.force)


def write(path: Path, content: bytes, force: bool = False) -> None:
    """Write ``content`` to ``path`` whole or not at all (see the module's docstring)."""
    from aecalc.values.writing import Staged

    with Staged(path, "--output", force=force) as stream:
        stream.write(content)


def _emit_rich(options: OutputOptions, document: Document, fmt: str) -> None:
    from aecalc.render.rich import console as make_console
    from aecalc.render.rich import print_document

    if options.output is None:
        print_document(document, make_console())
        return
    with open(os.devnull, "w", encoding="utf-8") as sink:
        console = make_console(record=True, width=110, file=sink, force_terminal=fmt == "svg")
        print_document(document, console)
    text = console.export_svg(title=document.title) if fmt == "svg" else console.export_text()
    write(options.output, text.encode("utf-8"), options.force)
