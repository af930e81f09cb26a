"""The terminal side of a practice session: reading a line, printing a document, small texts.

:class:`Reader` reads from a Rich prompt on a terminal, or line by line from stdin
when it is not one (bounded: a 100 MB line costs 10 kB), echoing each scripted
line after ``>`` so a transcript reads well; end of input raises :class:`End`.

Every line a session or an exam reads from stdin comes through one buffered reader,
:func:`lines` (a :class:`LineReader` over the descriptor), which can also wait with a
deadline. Lines typed ahead — ``skip\nskip\n`` arriving in one write, from a script, an
``expect`` wrapper or a fast typist — wait in its buffer and are seen there: the exam's
clock used to wait on the descriptor while the second answer sat in Python's own buffer,
and the question was marked not answered. Input that is not text at all (``/dev/zero``, a
binary file) ends the input as its end would, instead of being asked about forever.
"""

from __future__ import annotations

import codecs
import os
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from aecalc.render.text import clean, shown
from aecalc.values.paths import MAX_LINE_CHARS, read_line

if TYPE_CHECKING:
    from rich.console import Console

    from aecalc.present.document import Document


def say(console: Console, text: str, style: str | None = None, end: str = "\n") -> None:
    """A line of the session as the renderers print a document's text: control characters
    shown escaped, and the one minus sign ``−`` (:func:`aecalc.render.text.shown`)."""
    console.print(shown(text), style=style, markup=False, highlight=False, end=end)


def echo(console: Console, text: str) -> None:
    """A scripted line after ``>``, as typed (only control characters escaped)."""
    console.print(f"> {clean(text)}", markup=False, highlight=False)


class End(Exception):
    """End of input, Ctrl-C or ``quit``: stop asking."""


class TimedOut(Exception):
    """No whole line came before the deadline."""


UNREADABLE_RUN = 20
"""Lines in a row that are not text (NUL bytes, bytes invalid in the encoding) after which the
input counts as ended: a person does not type twenty of them; ``/dev/urandom`` does."""
_CHUNK = 1 << 16


def _unreadable(data: bytes, encoding: str) -> bool:
    """True for bytes that are not text: a NUL, or bytes the encoding cannot read (a multi-byte
    character cut at the end of ``data`` is still text)."""
    if b"\x00" in data:
        return True
    try:
        codecs.getincrementaldecoder(encoding)(errors="strict").decode(data, final=False)
    except (UnicodeDecodeError, LookupError):
        return True
    return False


class LineReader:
    """Lines of stdin, read through one buffer of its own, each at most ``limit`` characters.

    Where stdin is a descriptor (a pipe, a file, a terminal), bytes are read with ``os.read``
    into the reader's buffer, and :meth:`line` can wait for a line until a deadline (a
    ``select`` on the descriptor only while the buffer holds no whole line). Elsewhere (a test
    runner's in-memory stdin) lines come from the stream itself, without deadlines.

    A line longer than ``limit`` keeps its first ``limit`` characters and the rest is read and
    dropped, so memory stays bounded — unless what was kept is not text: a run of unreadable
    bytes with no newline in sight is binary input, and ends it. So do :data:`UNREADABLE_RUN`
    unreadable lines in a row.
    """

    def __init__(self, stream: TextIO | None, limit: int = MAX_LINE_CHARS) -> None:
        self.stream = stream
        self.limit = limit
        self.encoding = (getattr(stream, "encoding", None) or "utf-8") if stream else "utf-8"
        self.descriptor = -1
        if stream is not None and sys.platform != "win32":
            try:
                self.descriptor = stream.fileno()
            except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation: in memory
                self.descriptor = -1
        self.buffer = bytearray()
        self.ended = stream is None
        self.unreadable = 0  # unreadable lines in a row

    def line(self, deadline: float | None = None) -> str | None:
        """The next line without its line ending, or None at the end of input; :class:`TimedOut`
        when ``deadline`` (a ``time.monotonic()`` value) passes first."""
        if self.ended:
            return None
        if self.descriptor < 0:
            text = read_line(self.stream, self.limit)  # bytes that are not text: U+FFFD
        else:
            raw = self._descriptor_line(deadline)
            text = None if raw is None else raw.decode(self.encoding, errors="replace")
        if text is None:
            self.ended = True
            return None
        if "\x00" in text or "\ufffd" in text:
            self.unreadable += 1
            if self.unreadable >= UNREADABLE_RUN:
                self.ended = True
                return None
        else:
            self.unreadable = 0
        return text[: self.limit].rstrip("\r\n")

    def take(self) -> bytes:
        """What the buffer holds (read but not yet a line), taken out of it: for a reader of
        its own at a terminal (:mod:`~aecalc.practice.session.timed`), which gives back what
        it does not use with :meth:`unread`."""
        data = bytes(self.buffer)
        self.buffer.clear()
        return data

    def unread(self, data: bytes) -> None:
        """Put ``data`` back before what the buffer holds: the next line starts with it."""
        self.buffer[:0] = data

    def _descriptor_line(self, deadline: float | None) -> bytes | None:
        """A line's bytes (the first ``4 × limit`` of a longer one), or None at the end."""
        most = 4 * self.limit  # bytes enough for ``limit`` characters in any encoding
        kept: bytes | None = None  # the start of a line longer than ``most``
        while True:
            end = self.buffer.find(b"\n")
            if end >= 0:
                found = bytes(self.buffer[:end]) if kept is None else kept
                del self.buffer[: end + 1]
                return found
            if kept is None and len(self.buffer) > most:
                kept = bytes(self.buffer[:most])
                if _unreadable(kept, self.encoding):
                    return None  # binary input (/dev/zero): no line will ever end
            if kept is not None:
                self.buffer.clear()  # the rest of an over-long line: dropped as it comes
            chunk = self._read(deadline)
            if chunk is None:
                return None if not self.buffer and kept is None else self._rest(kept)
            self.buffer += chunk

    def _rest(self, kept: bytes | None) -> bytes:
        """The last line of an input that does not end with a newline."""
        rest = bytes(self.buffer) if kept is None else kept
        self.buffer.clear()
        self.ended = True
        return rest

    def _read(self, deadline: float | None) -> bytes | None:
        """What the descriptor has (waiting until ``deadline``), or None at its end."""
        import select

        while True:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimedOut
                try:
                    ready, _, _ = select.select([self.descriptor], [], [], left)
                except (OSError, ValueError):
                    ready = [self.descriptor]
                if not ready:
                    raise TimedOut
            try:
                return os.read(self.descriptor, _CHUNK) or None
            except BlockingIOError:  # a non-blocking stdin with nothing yet: wait for it
                select.select([self.descriptor], [], [], None if deadline is None else 0.05)
            except OSError:  # closed or failing: the end of the input
                return None


_READER: list[LineReader] = []  # the one reader of the current stdin


def lines() -> LineReader:
    """The one :class:`LineReader` of the current stdin (a new one if stdin was replaced)."""
    if not _READER or _READER[0].stream is not sys.stdin:
        _READER[:] = [LineReader(sys.stdin)]
    return _READER[0]


@dataclass
class Tally:
    """A session's running figures."""

    asked: int = 0
    right: int = 0
    saved: int = 0
    unsaved: int = 0


class Reader:
    """Lines from a Rich prompt (terminal) or from stdin (scripted), echoed when scripted."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.interactive = sys.stdin is not None and sys.stdin.isatty()

    def ask(self, prompt: str) -> str:
        if self.interactive:
            from rich.prompt import Prompt
            from rich.text import Text

            try:
                return Prompt.ask(  # Prompt adds its own ': '
                    Text(shown(prompt.removesuffix(":")), style="bold"),
                    console=self.console,
                    default="",
                    show_default=False,
                )
            except EOFError:
                raise End from None
        say(self.console, prompt)
        text = lines().line()  # bounded: a 100 MB line costs 10 kB
        if text is None:
            raise End
        echo(self.console, text)
        return text

    def offer(self, prompt: str) -> str:
        """One more line after the last question, or ``""`` when there is none: asked at a
        terminal; from stdin, read first and shown with the prompt only if a line follows, so
        a script that ends after its last answer prints no unanswered prompt."""
        if self.interactive:
            try:
                return self.ask(prompt)
            except End:
                return ""
        text = lines().line()
        if text is None:
            return ""
        say(self.console, prompt)
        echo(self.console, text)
        return text


def show(console: Console, document: Document) -> None:
    from aecalc.render.rich import print_document

    print_document(document, console)


def duration(seconds: float) -> str:
    """Seconds as a clock shows them: ``42 s``, ``3 min 07 s`` (never below ``0 s``)."""
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole} s"
    return f"{whole // 60} min {whole % 60:02d} s"


def annotated(answer: str, hints: int, first: str | None) -> str:
    """The answer as recorded: the first try of a retry and the hints used, in brackets."""
    text = answer if first is None else f"{first} → {answer}" if answer else first
    notes = []
    if first is not None:
        notes.append("retry")
    if hints:
        notes.append(f"hints: {hints}")
    return " ".join(part for part in (text, f"[{'; '.join(notes)}]" if notes else "") if part)


def unreadable(text: str, message: str) -> str:
    """The checker's message, and for a lone unknown word the words the session understands."""
    word = text.strip()
    if word.isalpha() and len(word) <= 20:
        return f"{message} (Words understood here: hint, why, skip, quit.)"
    return message
