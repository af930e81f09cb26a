"""``--output FILE.pdf``: a PDF through a real typesetting engine found on this machine.

Engines, in the order tried (``AECALC_PDF_ENGINE=chromium|pdflatex|weasyprint`` picks one):

- **chromium** (headless ``--print-to-pdf``) from the HTML page: typeset MathML, the print CSS
  (A4, page breaks between problems); Debian: ``apt-get install chromium``.
- **pdflatex** from the whole LaTeX document; Debian: ``apt-get install texlive-latex-recommended``.
- **weasyprint** (``pip install weasyprint ziamath``) from the HTML page, its formulas drawn as
  SVG by ziamath (WeasyPrint lays out no MathML; without ziamath it is not offered, since every
  formula would print as plain text).

With none of them, ``--output x.pdf`` is one ``Error:`` line that says what to install, given
before any work is done. The engine runs in a temporary folder; only a complete PDF is returned.
An engine that writes no PDF is one ``Error:`` line saying why, in the engine's words: pdflatex's
first error from its log (``! Missing $ inserted.``) with the line of the LaTeX it stopped at,
or Chromium's exit status and its last line on stderr.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from aecalc.errors import InputError

if TYPE_CHECKING:
    from aecalc.present.document import Document

ENGINES = ("chromium", "pdflatex", "weasyprint")
_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL = (
    "install Chromium (apt-get install chromium), pdflatex (apt-get install "
    "texlive-latex-recommended) or WeasyPrint (pip install weasyprint ziamath)"
)
TIMEOUT_S = 300
MAX_REASON_CHARS = 200


def _browser() -> str | None:
    return next((found for name in _BROWSERS if (found := shutil.which(name))), None)


def _has_weasyprint() -> bool:
    import importlib.util

    from aecalc.render import mathsvg

    return importlib.util.find_spec("weasyprint") is not None and mathsvg.available()


def _available(engine: str) -> bool:
    if engine == "chromium":
        return _browser() is not None
    if engine == "pdflatex":
        return shutil.which("pdflatex") is not None
    return _has_weasyprint()


def engine() -> str:
    """The engine to use, or an :class:`InputError` that says what to install."""
    chosen = os.environ.get("AECALC_PDF_ENGINE", "").strip().lower()
    if chosen:
        if chosen not in ENGINES:
            raise InputError(
                "AECALC_PDF_ENGINE", f"unknown PDF engine {chosen!r} (choose {', '.join(ENGINES)})"
            )
        if not _available(chosen):
            raise InputError("--output", f"the PDF engine {chosen} is not installed: {INSTALL}")
        return chosen
    for candidate in ENGINES:
        if _available(candidate):
            return candidate
    raise InputError("--output", f"no PDF engine found to write a PDF: {INSTALL}")


def render(document: Document) -> bytes:
    """The document as PDF bytes from the first engine available (see the module's docstring)."""
    chosen = engine()
    with tempfile.TemporaryDirectory(prefix="aecalc-pdf-") as folder:
        work = Path(folder)
        if chosen == "chromium":
            data = _chromium(document, work)
        elif chosen == "pdflatex":
            data = _pdflatex(document, work)
        else:
            data = _weasyprint(document)
    if not data.startswith(b"%PDF"):  # pragma: no cover - each engine says why first
        raise InputError("--output", f"the PDF engine {chosen} wrote no PDF")
    return data


def _cut(text: str) -> str:
    """One line of an engine's message, at most :data:`MAX_REASON_CHARS` characters."""
    line = " ".join(text.split())
    return line if len(line) <= MAX_REASON_CHARS else line[: MAX_REASON_CHARS - 1] + "…"


def latex_error(log: str) -> str | None:
    """The first error in a pdflatex log and the line it stopped at; None when there is none.

    >>> latex_error("This is pdfTeX\\n! Undefined control sequence.\\nl.7 \\\\foo\\n")
    'Undefined control sequence (line 7: \\\\foo)'
    """
    lines = log.splitlines()
    for number, line in enumerate(lines):
        if not line.startswith("! "):
            continue
        message = line[2:].strip().rstrip(".")
        for later in lines[number + 1 : number + 30]:
            where = re.match(r"l\.(\d+) ?(.*)", later)
            if where is not None:
                return f"{message} (line {where.group(1)}: {where.group(2).strip() or '…'})"
        return message
    return None


def _failure(what: str, reason: str) -> InputError:
    return InputError("--output", f"{what} wrote no PDF: {_cut(reason)}")


def chromium_command(browser: str, profile: Path) -> list[str]:
    """Headless Chromium with nothing running in the background (no network, no sync)."""
    command = [
        browser,
        "--headless",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        f"--user-data-dir={profile}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.insert(2, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
    return command


def _run(command: list[str], cwd: Path, what: str) -> subprocess.CompletedProcess[bytes]:
    """The engine run (its stderr kept, to say why when it writes nothing)."""
    try:
        return subprocess.run(
            command,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise InputError("--output", f"{what} took longer than {TIMEOUT_S} s") from None
    except OSError as error:
        raise InputError("--output", f"{what} could not start: {error.strerror}") from None


def _chromium(document: Document, work: Path) -> bytes:
    from aecalc.render import html, pages

    browser = _browser()
    assert browser is not None
    page = work / "page.html"
    target = work / "page.pdf"
    command = chromium_command(browser, work / "profile")
    command += ["--no-pdf-header-footer", f"--print-to-pdf={target}", page.as_uri()]
    known: dict[str, int] | None = None
    for _ in range(3):  # a contents gets its page numbers from the pages printed before
        page.write_text(html.render(pages.numbered(document, known or {})), encoding="utf-8")
        target.unlink(missing_ok=True)
        done = _run(command, work, "Chromium")
        data = target.read_bytes() if target.exists() else b""
        if not data.startswith(b"%PDF"):
            said = [line for line in done.stderr.decode(errors="replace").splitlines() if line]
            reason = f"exit status {done.returncode}"
            raise _failure("Chromium", reason + (f"; it said: {said[-1]}" if said else ""))
        if not pages.has_contents(document):
            break
        found = pages.destinations(data)
        if found == known or not found:
            break
        known = found
    return data


def _pdflatex(document: Document, work: Path) -> bytes:
    from aecalc.render import latex

    (work / "doc.tex").write_text(latex.render_document(document), encoding="ascii")
    command = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape"]
    for _ in range(3):  # longtable settles its column widths over a second run
        _run([*command, "doc.tex"], work, "pdflatex")
        log = work / "doc.log"
        if not log.exists() or "Rerun" not in log.read_text(errors="replace"):
            break
    target = work / "doc.pdf"
    data = target.read_bytes() if target.exists() else b""
    if not data.startswith(b"%PDF"):
        log = work / "doc.log"
        found = latex_error(log.read_text(errors="replace")) if log.exists() else None
        raise _failure("pdflatex", found or "its log names no error")
    return data


def _weasyprint(document: Document) -> bytes:  # pragma: no cover - chromium and pdflatex first
    import logging

    import weasyprint  # type: ignore[import-untyped,import-not-found,unused-ignore]

    from aecalc.render import html

    page = html.render(document, mathml=False, svg_math=True)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # CSS it skips: not the user's concern
    data: bytes = weasyprint.HTML(string=page).write_pdf()
    return data
