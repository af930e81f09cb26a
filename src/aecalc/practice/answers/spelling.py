"""How an answer may be spelt: Unicode forms made plain, and the words and marks around a value.

Nothing here changes a value: the text is made plain (one minus sign, one space, ``×`` for the
times signs), refused when it is too long to be an answer, and stripped of what students write
around a number — a name or ``answer:`` before it, an approximately-sign, a stated precision
(``(4 d.p.)``), units and words after it (``254 parameters``), a transpose mark. What is left is
read by :mod:`aecalc.practice.answers.reading`.
"""

from __future__ import annotations

import re

from aecalc.errors import InputError
from aecalc.values.parse import MAX_TOKEN_CHARS

MAX_ANSWER_CHARS = 2_000
"""Longer answers are refused before any other reading (every real answer is far shorter)."""
ARGUMENT = "ANSWER"

KIND_WORDS = {
    "under": "undercomplete",
    "undercomplete": "undercomplete",
    "over": "overcomplete",
    "overcomplete": "overcomplete",
    "complete": "complete",
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that may stand around a number without changing it (units, "in total", …).
UNIT_WORDS = _words(
    """
    parameter parameters param params weight weights bias biases neuron neurons unit units node
    nodes value values number numbers element elements entry entries feature features filter
    filters channel channels dimension dimensions dim dims input inputs output outputs hidden
    code latent trainable learnable total totally overall altogether all in and of with
    including incl the it is are there has have approx approximately about around roughly circa
    ca times fold answer so ratio compression loss error mse bce sse kl penalty new size count
    """
)
_LABEL_WORDS = UNIT_WORDS | {"ans", "result", "solution", "shape", "kind", "type", "my", "final"}
_SYMBOL = re.compile(
    r"[^\W\d_][\u0300-\u036f]?(?:[^\W\d_][\u0300-\u036f]?)?(?:[_\d₀-₉]+|\[[\d, ]+\])*"
)
VECTOR_WORDS = frozenset({"and", "approx", "approximately", "about", "around", "roughly"})
SHAPE_WORDS = frozenset({"by"})
KIND_FILLERS = _words(
    """
    it it's its is the a an this that autoencoder autoencoders ae net network model one so hence
    therefore thus answer kind type class classification strictly
    """
)
EXPLANATION = re.compile(r"\s*(?:\b(?:because|since|as|as\s+the|with)\b|[(:;—–]|,\s)")

_TRANSLATE = str.maketrans(
    {
        "\u2212": "-",  # minus sign
        "\u2013": "-",  # en dash
        "\u2012": "-",  # figure dash
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\ufe63": "-",  # small hyphen-minus
        "\uff0d": "-",  # fullwidth hyphen-minus
        "\uff0b": "+",
        "\u00a0": " ",  # no-break space
        "\u2002": " ",
        "\u2003": " ",
        "\u2004": " ",
        "\u2005": " ",
        "\u2006": " ",
        "\u2007": " ",  # figure space
        "\u2008": " ",
        "\u2009": " ",  # thin space
        "\u200a": " ",
        "\u202f": " ",  # narrow no-break space
        "\u205f": " ",
        "\u3000": " ",
        "\t": " ",
        "\n": " ",
        "\r": " ",
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\u00d7": "×",
        "\u2715": "×",
        "\u2716": "×",
        "\u2a2f": "×",
        "\u22c5": "·",
        "\u2219": "·",
        "\u223c": "~",
        "\u301c": "~",
        "\uff5e": "~",
        "\u2243": "≈",
        "\u2245": "≈",
        "\u2252": "≈",
        "\uff0c": ",",
        "\uff1b": ";",
        "\uff1a": ":",
        "\uff08": "(",
        "\uff09": ")",
        "\uff3b": "[",
        "\uff3d": "]",
        "\u27e8": "(",
        "\u27e9": ")",
        "{": "(",
        "}": ")",
    }
)
SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])(?:[^\W\d_]|[\u0300-\u036f]|['’](?=[a-z]))*")
_PRECISION_WORDS = (
    r"(?:d\.?\s?p\.?|s\.?\s?f\.?|sig\.?\s*figs?\.?|significant\s+(?:figures?|digits?)"
    r"|decimal\s+(?:places?|digits?)|places?|digits?|dp|sf)"
)
_ANNOTATION = re.compile(
    r"\s*(?:\(\s*(?P<inner>[^()]*)\s*\)|(?P<bare>(?:approx(?:imately)?\.?|rounded|exact(?:ly)?"
    rf"|(?:to|correct\s+to)\s+\d+\s*{_PRECISION_WORDS}|(?<![\d.,])\d+\s*{_PRECISION_WORDS})))\s*$",
    re.IGNORECASE,
)
_ANNOTATION_INNER = re.compile(
    r"(?:approx(?:imately)?\.?|rounded|exact(?:ly)?|≈|~"
    rf"|(?:(?:to|correct\s+to)\s+)?\d+\s*{_PRECISION_WORDS}"
    r"|weights?\s*(?:and|\+|&)\s*bias(?:es)?|incl(?:\.|uding)?\s+bias(?:es)?"
    r"|[hwcd](?:\s*[,×x]\s*[hwcd])+|height\s*,\s*width\s*,\s*(?:channels?|depth))",
    re.IGNORECASE,
)
_APPROX_PREFIX = re.compile(
    r"^\s*(?:≈|~|approx(?:imately)?\.?|about|around|roughly|circa|ca\.|c\.)\s*", re.IGNORECASE
)
_TRANSPOSE = re.compile(r"(?<=[\])])\s*(?:ᵀ|\^\s*T|\^\{T\}|')$")
_SPACED_SIGN = re.compile(r"(^|[,;(\[=≈~:]\s*)([+-])\s+(?=[\d.])")


def fail(problem: str) -> InputError:
    return InputError(ARGUMENT, problem)


def show(text: str) -> str:
    text = text.strip()
    return repr(text if len(text) <= 24 else text[:20] + "…")


def normalise(text: str) -> str:
    if len(text) > MAX_ANSWER_CHARS:
        longest = max(
            (len(run) for run in re.findall(r"\d+", text[: 4 * MAX_ANSWER_CHARS])), default=0
        )
        if longest > MAX_TOKEN_CHARS:
            raise fail(
                f"a {longest:,}-digit number is too long (a number has at most "
                f"{MAX_TOKEN_CHARS} characters)"
            )
        raise fail(
            f"the answer is too long ({len(text):,} characters; at most {MAX_ANSWER_CHARS:,})"
        )
    for char in text:
        if char.isdecimal() and not char.isascii():
            raise fail(f"{show(text)} is not a number")  # digits are 0–9 only (٣, ３)
    text = re.sub(r"\s+", " ", text.translate(_TRANSLATE)).strip()
    longest = max((len(run) for run in re.findall(r"[\d.]+", text)), default=0)
    if longest > MAX_TOKEN_CHARS:  # also keeps every later pattern linear in the text
        raise fail(
            f"a {longest:,}-digit number is too long (a number has at most "
            f"{MAX_TOKEN_CHARS} characters)"
        )
    text = _SPACED_SIGN.sub(r"\1\2", text)  # "− 0.6994": a sign spaced off its number
    if not text:
        raise fail("no answer given")
    return text


def depth_split(text: str, separators: str) -> list[str]:
    """Split at the separators that stand outside any brackets."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0 and char in separators:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def is_label(text: str) -> bool:
    """``answer``, ``output shape``, ``x̂``, ``w5``, ``W2[1,1]``: a name, not code (``lambda``)."""
    if _SYMBOL.fullmatch(text):
        return True
    words = text.lower().split()
    return bool(words) and all(w.rstrip(".") in _LABEL_WORDS for w in words)


def label_colon(text: str) -> str:
    """``answer: 59`` → ``59``: a colon after a name is a label (``24.5 : 1`` is a ratio)."""
    head, colon, rest = text.partition(":")
    if colon and is_label(head.strip()) and rest.strip():
        return rest.strip()
    return text


def strip_decorations(text: str) -> str:
    """Remove what never changes the value: annotations, approximately-signs, a full stop, ᵀ."""
    while True:
        before = text
        text = text.strip()
        if text[-1:] in ".!" and len(text) > 1:
            text = text[:-1]  # a full stop; "12." is read as 12, never as a decimal to 0 places
        text = _APPROX_PREFIX.sub("", text)
        text = _TRANSPOSE.sub("", text)
        match = _ANNOTATION.search(text)
        if match is not None and match.start() > 0:
            inner = match.group("inner")
            if inner is None or _ANNOTATION_INNER.fullmatch(inner.strip()) or working(inner):
                text = text[: match.start()]
        if text == before:
            return text


def working(inner: str) -> bool:
    """``(48 weights + 11 biases)`` after the answer: arithmetic shown, not a second answer."""
    plain = WORD.sub(lambda m: " " if m.group(0).lower() in UNIT_WORDS else "?", inner)
    return bool(re.fullmatch(r"[\d\s.,+\-×x*·/=]+", plain)) and bool(re.search(r"[+×*·=]", plain))


def drop_words(text: str, allowed: frozenset[str] | set[str]) -> str:
    unknown: list[str] = []

    def drop(match: re.Match[str]) -> str:
        word = match.group(0)
        start, end = match.span()
        before = text[start - 1] if start else ""
        if (
            word in ("e", "E")
            and (before.isdigit() or before == ".")
            and re.match(r"[+-]?\d", text[end:])
        ):
            return word  # the exponent of 6.835e-1
        if word.lower().rstrip(".") in allowed:
            return " "
        unknown.append(word)
        return " "

    original = text
    text = WORD.sub(drop, text)
    if unknown and not re.search(r"\d", original):
        raise fail(f"{show(original)} is not a number")  # 'nan', 'fifty-nine': no number at all
    if unknown:
        words = ", ".join(repr(w) for w in dict.fromkeys(unknown))
        raise fail(
            f"the word{'s' if len(set(unknown)) > 1 else ''} {words} "
            f"{'are' if len(set(unknown)) > 1 else 'is'} not understood here"
        )
    return text
