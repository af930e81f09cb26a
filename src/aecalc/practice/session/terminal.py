"""The terminal side of a practice session: reading a line, printing a document, small texts.

:class:`Reader` reads from a Rich prompt on a terminal, or line by line from stdin
when it is not one (bounded: a 100 MB line costs 10 kB), echoing each scripted
line after ``>`` so a transcript reads well; end of input raises :class:`End`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

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
        text = read_line(sys.stdin, MAX_LINE_CHARS)  # bounded: a 100 MB line costs 10 kB
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
        text = read_line(sys.stdin, MAX_LINE_CHARS)
        if text is None:
            return ""
        say(self.console, prompt)
        echo(self.console, text)
        return text


def show(console: Console, document: Document) -> None:
    from aecalc.render.rich import print_document

    print_document(document, console)


def duration(seconds: float) -> str:
    whole = round(seconds)
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
