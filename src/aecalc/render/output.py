"""Where a result goes: ``--json``, ``--format``, ``--output``, ``--force``.

Commands hand over two callables — one building the :class:`Document`, one the
JSON object — so only the chosen format's work is done.
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

FORMATS = ("rich", "json", "markdown", "latex", "html")
_BY_EXTENSION = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".tex": "latex",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".txt": "rich",
    ".svg": "svg",
}
_EXTENSIONS_OF = {
    "markdown": {".md", ".markdown"},
    "latex": {".tex"},
    "html": {".html", ".htm"},
    "json": {".json"},
    "rich": {".txt", ".svg"},
}


class OutputOptions(Record):
    """The output options every command shares."""

    json: bool = False
    format: str | None = None
    output: Path | None = None
    digits: int = 4
    force: bool = False

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
                    f"cannot tell the format from {self.output.name!r}: use .md, .tex, .html, .json, "
                    ".txt or .svg, or give --format",
                )
            return _BY_EXTENSION[suffix]
        if self.output is not None and suffix and suffix not in _EXTENSIONS_OF[chosen]:
            raise InputError("--output", f"{self.output.name!r} does not match --format {chosen}")
        return chosen or "rich"

    def check(self) -> None:
        """Validate before any work is done."""
        if not 0 <= self.digits <= 30:
            raise InputError("--digits", f"{self.digits} is out of range (0 to 30)")
        self.resolved_format()
        if self.output is not None:
            from aecalc.values.paths import user_path

            user_path(self.output, "--output")
            parent = self.output.parent if str(self.output.parent) else Path(".")
            if not parent.is_dir():
                raise InputError("--output", f"folder {str(parent)!r} does not exist")
            if self.output.is_dir():
                raise InputError("--output", f"{str(self.output)!r} is a folder")
            if self.output.exists() and not self.force:
                raise InputError(
                    "--output", f"{str(self.output)!r} exists (add --force to overwrite)"
                )
            if not os.access(parent, os.W_OK):
                raise InputError("--output", f"cannot write to folder {str(parent)!r}")


def to_json(data: object) -> str:
    try:
        import json

        return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    except ValueError:
        raise InputError(
            "--json",
            "a result is inf or nan (beyond what a float can hold), which JSON cannot "
            "represent: the printout without --json shows it",
        ) from None


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
        text = to_json(data()) + "\n"
    elif fmt == "markdown":
        from aecalc.render import markdown

        text = markdown.render(document())
    elif fmt == "latex":
        from aecalc.render import latex

        text = latex.render(document())
    else:
        from aecalc.render import html

        text = html.render(document())
    if options.output is None:
        sys.stdout.write(text)
    else:
        _write(options.output, text)


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError("--output", f"cannot write {str(path)!r}: {error.strerror}") from None


def _emit_rich(options: OutputOptions, document: Document, fmt: str) -> None:
    from rich.console import Console

    from aecalc.render.rich import print_document

    if options.output is None:
        print_document(document, Console())
        return
    with open(os.devnull, "w", encoding="utf-8") as sink:
        console = Console(record=True, width=110, file=sink, force_terminal=fmt == "svg")
        print_document(document, console)
    text = console.export_svg(title=document.title) if fmt == "svg" else console.export_text()
    _write(options.output, text)
