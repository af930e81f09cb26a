"""One line read at a terminal against a deadline, keeping what has been typed of it.

A timed paper cannot read a terminal line by line as usual: the terminal keeps a half-typed line
to itself until Enter, so when the time runs out the paper would lose it — and hand it to the
next prompt that reads (the self-marking, or the shell). :func:`read_until` reads key by key
instead (the terminal's line editing off, its echo done here: Backspace, Ctrl-U, Enter), so at
the deadline it raises :class:`TimeUp` carrying the half-typed line, to be handed in as it
stands, and discards whatever else was typed ahead. Lines typed ahead before that (two answers
pasted at once, an ``expect`` script) wait in the session's one buffered reader
(:func:`aecalc.practice.session.terminal.lines`) for the next prompt, as from a pipe.

The paper's :class:`Clock` and :func:`read_answer` (the key-by-key reader at a terminal, the
buffered one against the same deadline elsewhere) live here too.
"""

from __future__ import annotations

import codecs
import os
import select
import sys
import time
from collections.abc import Callable

from aecalc.practice.session import terminal
from aecalc.values.paths import MAX_LINE_CHARS

_ERASE = frozenset({"\x7f", "\b"})
_KILL = "\x15"  # Ctrl-U
_END = "\x04"  # Ctrl-D


class TimeUp(Exception):
    """The time ran out while a line was being read; ``partial`` is what had been typed."""

    def __init__(self, partial: str = "") -> None:
        super().__init__("time is up")
        self.partial = partial


def read_until(fd: int, deadline: float, echo: Callable[[str], None]) -> str | None:
    """The line typed at the terminal ``fd`` (without its Enter), None at the end of input
    (Ctrl-D on an empty line); :class:`TimeUp` with the half-typed line when the monotonic clock
    passes ``deadline`` first. ``echo`` shows what is typed. At most
    :data:`~aecalc.values.paths.MAX_LINE_CHARS` characters are kept."""
    import termios

    before = termios.tcgetattr(fd)
    keys = list(before)
    keys[3] = keys[3] & ~(termios.ICANON | termios.ECHO)  # key by key, echoed here; Ctrl-C stays
    keys[6] = list(keys[6])
    keys[6][termios.VMIN] = 1
    keys[6][termios.VTIME] = 0
    from aecalc.practice.session.terminal import lines

    reader = lines()  # what was typed ahead of this line waits there, and what follows it
    decoder = codecs.getincrementaldecoder(reader.encoding)("replace")
    typed: list[str] = []
    timed_out = False
    termios.tcsetattr(fd, termios.TCSANOW, keys)
    try:
        text = decoder.decode(reader.take())
        while True:
            for position, char in enumerate(text):
                if char in "\r\n":
                    echo("\n")
                    reader.unread(text[position + 1 :].encode(reader.encoding))
                    return "".join(typed)
                if char == _END:
                    if not typed:
                        echo("\n")
                        reader.unread(text[position + 1 :].encode(reader.encoding))
                        return None
                elif char in _ERASE:
                    if typed:
                        typed.pop()
                        echo("\b \b")
                elif char == _KILL:
                    echo("\b \b" * len(typed))
                    typed.clear()
                elif char.isprintable() and len(typed) < MAX_LINE_CHARS:
                    typed.append(char)
                    echo(char)
            text = ""
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                raise TimeUp("".join(typed))
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 1024)
            if not chunk:
                return "".join(typed) or None
            text = decoder.decode(chunk)
    finally:
        if timed_out:
            termios.tcflush(fd, termios.TCIFLUSH)  # what was typed ahead is not an answer
            reader.take()
        termios.tcsetattr(fd, termios.TCSANOW, before)


class EndOfInput(Exception):
    """End of input (or ``quit``): the paper ends here."""


class Clock:
    """The paper's deadline on the monotonic clock."""

    def __init__(self, minutes: float) -> None:
        self.start = time.monotonic()
        self.deadline = self.start + 60 * minutes

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def used(self) -> float:
        return time.monotonic() - self.start


def read_answer(clock: Clock) -> str:
    """One line of stdin, or :class:`TimeUp` if the time runs out first (where stdin can be
    waited on), or :class:`EndOfInput` at the end of input."""
    stream = sys.stdin
    if clock.left() <= 0:
        raise TimeUp
    try:
        fileno = stream.fileno() if stream is not None else -1
    except (OSError, ValueError, AttributeError):
        fileno = -1
    if fileno >= 0 and sys.platform != "win32" and os.isatty(fileno):

        def echo(text: str) -> None:
            sys.stdout.write(text)
            sys.stdout.flush()

        typed = read_until(fileno, clock.deadline, echo)  # a half-typed line is kept at time-up
        if typed is None:
            raise EndOfInput
        return typed
    try:  # one buffered reader: answers typed ahead wait in its buffer, not in Python's
        line = terminal.lines().line(clock.deadline)
    except terminal.TimedOut:
        raise TimeUp from None
    if line is None:
        raise EndOfInput
    if clock.left() <= 0:
        raise TimeUp
    return line
