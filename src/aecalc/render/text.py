"""Text that every renderer cleans the same way before it lays a document out.

- :func:`clean`: control characters from problem files (ESC sequences that clear the screen,
  set the window title or open an OSC 8 hyperlink; bidi overrides) are shown escaped (``\\x1b``)
  instead of reaching the terminal or the page raw.
- :func:`minus`: a hyphen used as a minus sign (``-0.5``, ``(-1)``) becomes the one minus sign
  ``−`` that the exact forms use, so a printout never mixes two; hyphens in words, options
  (``--x``) and exponents (``1e-5``) stay.

    >>> clean("Q\\x1b]8;;http://x\\x1b\\\\link")
    'Q\\\\x1b]8;;http://x\\\\x1b\\\\link'
    >>> minus("W·x = [1·1 + (-1)·0], -0.5, half-sse, --x -1,0, 1e-5")
    'W·x = [1·1 + (−1)·0], −0.5, half-sse, --x −1,0, 1e-5'
"""

from __future__ import annotations

import re
from collections.abc import Callable

_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(_BIDI)) + "]")
_HYPHEN_MINUS = re.compile(r"(?<![\w\-.−])-(?=\.?\d)")
_COMMAND = re.compile(r"\baecalc(?: (?![·(])[^\s·]+)+")


def _escaped(match: re.Match[str]) -> str:
    ch = match.group(0)
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str) -> str:
    """``text`` with control characters (except line breaks and tabs) shown escaped."""
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n")
    return _UNSAFE.sub(_escaped, text)


def minus(text: str) -> str:
    """Hyphens that are minus signs written as ``−`` (U+2212)."""
    return _HYPHEN_MINUS.sub("\u2212", text) if "-" in text else text


def shown(text: str) -> str:
    """:func:`clean` then :func:`minus`: what a renderer prints of a document's text."""
    return minus(clean(text))


def commands(text: str, prose: Callable[[str], str], command: Callable[[str], str]) -> str:
    """``text`` with each ``aecalc …`` command in it written by ``command`` (as typed, without
    the punctuation after it) and the rest by ``prose``."""
    if "aecalc " not in text:
        return prose(text)
    out, position = [], 0
    for match in _COMMAND.finditer(text):
        found = match.group(0).rstrip(".,;:)")
        out += [prose(text[position : match.start()]), command(found)]
        position = match.start() + len(found)
    return "".join([*out, prose(text[position:])])


def width(text: str) -> int:
    """Terminal cells taken by ``text``'s longest line (combining marks take none)."""
    from rich.cells import cell_len

    return max((cell_len(line) for line in text.split("\n")), default=0)


def longest_token(text: str) -> int:
    """Cells of the longest run without a space: a cell never gets narrower than this."""
    from rich.cells import cell_len

    return max((cell_len(t) for t in text.split()), default=0)
