"""Reading a typed answer as students write it: numbers, vectors, shapes, ratios and kind words.

Pure Python (no NumPy, no SymPy) and no evaluation: numbers go through the safe
tokenizer (:func:`aecalc.values.parse.parse_number`); the only arithmetic done
here is a product of whole numbers written as a shape (``7 × 7 × 16`` where one
whole number is asked) and a ratio ``a : b``, both with exact Fractions.

What is read, besides plain numbers (``59``, ``0.6835``, ``1/3``, ``6.835e-1``):

* **decorations**, which never change the value: a name or working before ``=``
  (``x̂ = [0.675, 0.6225]``, ``48 + 11 = 59``), ``answer:``, approximately-signs
  and words (``≈0.68``, ``~0.68``, ``about 0.68``, ``0.68 (approx)``), a stated
  precision (``0.6835 (4 d.p.)``), units and plain words after a number
  (``254 parameters``, ``10 neurons``, ``overcomplete autoencoder``), a final
  full stop, a transpose mark (``[1, 2]ᵀ``), Unicode minus signs and spaces;
* **thousands separators** where one number is expected (``209,968``,
  ``209 968``, ``209_968``; ``1,234`` is ambiguous for a non-whole answer and is
  not guessed);
* a **decimal comma** where it cannot be a separator (``0,6835``; ``0,675; 0,6225``),
  with a note;
* **vectors** with or without brackets, commas, semicolons, spaces or ``and``,
  and elements named one by one (``x̂₁ = 0.675, x̂₂ = 0.6225``);
* **shapes** (a vector of whole numbers) as ``14x14x16``, ``14 × 14 × 16``, ``14*14*16``,
  ``(14, 14, 16)``, ``14 by 14 by 16``; where one whole number is asked, ``7 × 7 × 16`` is
  its value (``*`` is not a times sign there: ``2*3`` is code, not an answer);
* **ratios** as ``24.5x``, ``24.5×``, ``24.5 times``, ``24.5 : 1`` or ``784 : 32``;
* **scientific notation** as ``3.7e-4``, ``3.7 × 10^-4``, ``3.7×10⁻⁴``.

Anything else is refused with what was not understood (a word, a symbol, a
number too long), never counted as a value.
"""

from __future__ import annotations

import re
from fractions import Fraction

from aecalc.errors import InputError
from aecalc.record import Record
from aecalc.values.parse import MAX_TOKEN_CHARS, parse_number

MAX_ANSWER_CHARS = 2_000
"""Longer answers are refused before any other reading (every real answer is far shorter)."""
MAX_FACTORS = 8

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
_UNIT_WORDS = _words(
    """
    parameter parameters param params weight weights bias biases neuron neurons unit units node
    nodes value values number numbers element elements entry entries feature features filter
    filters channel channels dimension dimensions dim dims input inputs output outputs hidden
    code latent trainable learnable total totally overall altogether all in and of with
    including incl the it is are there has have approx approximately about around roughly circa
    ca times fold answer so ratio compression loss error mse bce sse kl penalty new size count
    """
)
_LABEL_WORDS = _UNIT_WORDS | {"ans", "result", "solution", "shape", "kind", "type", "my", "final"}
_SYMBOL = re.compile(
    r"[^\W\d_][\u0300-\u036f]?(?:[^\W\d_][\u0300-\u036f]?)?(?:[_\d₀-₉]+|\[[\d, ]+\])*"
)
_VECTOR_WORDS = frozenset({"and", "approx", "approximately", "about", "around", "roughly"})
_SHAPE_WORDS = frozenset({"by"})
_KIND_FILLERS = _words(
    """
    it it's its is the a an this that autoencoder autoencoders ae net network model one so hence
    therefore thus answer kind type class classification strictly
    """
)
_EXPLANATION = re.compile(r"\s*(?:\b(?:because|since|as|as\s+the|with)\b|[(:;—–]|,\s)")

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
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")

_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_DECIMAL = re.compile(r"[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?", re.ASCII)
_GROUPED_COMMA = re.compile(r"[+-]?[1-9]\d{0,2}(?:,\d{3})+(\.\d+)?", re.ASCII)
_GROUPED_OTHER = re.compile(r"[+-]?[1-9]\d{0,2}(?:([ _'’])\d{3})(?:\1\d{3})*(?:\.\d+)?")
_EUROPEAN = re.compile(r"([+-]?[1-9]\d{0,2}(?:\.\d{3})+),(\d+)", re.ASCII)
_COMMA_DECIMAL = re.compile(r"([+-]?\d+),(\d+)", re.ASCII)
_SCIENTIFIC = re.compile(
    rf"({_NUMBER})\s*[×x·]\s*10\s*\^\s*\(?\s*([+-]?\d+)\s*\)?|({_NUMBER})\s*[×x·]\s*10([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)"
)
_TIMES = re.compile(r"(?<=[\d)\]])\s*[×xX]\s*(?=[\d.(\[])")
_SHAPE_TIMES = re.compile(r"(?<=[\d)\]])\s*[×xX*]\s*(?=[\d.(\[])")  # 14*14*16 as a shape
_TRAILING_TIMES = re.compile(r"(?<=\d)\s*[×xX]\s*$")
_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])(?:[^\W\d_]|[\u0300-\u036f]|['’](?=[a-z]))*")
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
_ALLOWED = re.compile(r"[0-9.,;:+\-/×()\[\] eE_'’]")


class Typed(Record):
    """One typed number: its value, and the places written and significant figures.

    ``decimal`` is true for a decimal point or an exponent; an integer has 0 places and
    its figures without trailing zeros; a fraction, a product or a ratio has 0 figures.
    """

    value: Fraction
    decimal: bool
    places: int
    significant: int
    text: str = ""


class Reading(Record):
    """What a typed answer says: its numbers (or kind word), other sides of an ``=``, notes."""

    values: tuple[Typed, ...] = ()
    kind: str = ""
    others: tuple[tuple[Typed, ...], ...] = ()
    notes: tuple[str, ...] = ()


def _fail(problem: str) -> InputError:
    return InputError(ARGUMENT, problem)


def _show(text: str) -> str:
    text = text.strip()
    return repr(text if len(text) <= 24 else text[:20] + "…")


def _brief(text: str) -> str:
    return text if len(text) <= 16 else text[:12] + "…"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _normalise(text: str) -> str:
    if len(text) > MAX_ANSWER_CHARS:
        longest = max(
            (len(run) for run in re.findall(r"\d+", text[: 4 * MAX_ANSWER_CHARS])), default=0
        )
        if longest > MAX_TOKEN_CHARS:
            raise _fail(
                f"a {longest:,}-digit number is too long (a number has at most "
                f"{MAX_TOKEN_CHARS} characters)"
            )
        raise _fail(
            f"the answer is too long ({len(text):,} characters; at most {MAX_ANSWER_CHARS:,})"
        )
    for char in text:
        if char.isdecimal() and not char.isascii():
            raise _fail(f"{_show(text)} is not a number")  # digits are 0–9 only (٣, ３)
    text = re.sub(r"\s+", " ", text.translate(_TRANSLATE)).strip()
    longest = max((len(run) for run in re.findall(r"[\d.]+", text)), default=0)
    if longest > MAX_TOKEN_CHARS:  # also keeps every later pattern linear in the text
        raise _fail(
            f"a {longest:,}-digit number is too long (a number has at most "
            f"{MAX_TOKEN_CHARS} characters)"
        )
    text = _SPACED_SIGN.sub(r"\1\2", text)  # "− 0.6994": a sign spaced off its number
    if not text:
        raise _fail("no answer given")
    return text


def _depth_split(text: str, separators: str) -> list[str]:
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


def _is_label(text: str) -> bool:
    """``answer``, ``output shape``, ``x̂``, ``w5``, ``W2[1,1]``: a name, not code (``lambda``)."""
    if _SYMBOL.fullmatch(text):
        return True
    words = text.lower().split()
    return bool(words) and all(w.rstrip(".") in _LABEL_WORDS for w in words)


def _label_colon(text: str) -> str:
    """``answer: 59`` → ``59``: a colon after a name is a label (``24.5 : 1`` is a ratio)."""
    head, colon, rest = text.partition(":")
    if colon and _is_label(head.strip()) and rest.strip():
        return rest.strip()
    return text


def read(form: str, size: int, text: str, *, shape: bool = False) -> Reading:
    """Read ``text`` as an answer of ``form`` (``integer``, ``number``, ``vector``, ``kind``).

    ``size`` is the number of values expected; ``shape`` says the vector is a shape (whole
    numbers), so ``14x14x16`` is read as three values. Raises :class:`InputError` with what was
    not understood.
    """
    body = _normalise(text)
    if form != "kind":  # a kind reads its own label and reason ("kind: over", "over: h > n")
        body = _label_colon(body)
    if form == "vector" and size > 1:
        named = _named_elements(body, size)
        if named is not None:
            return named
    parts = [p.strip() for p in _depth_split(body, "=≈~")]
    final = parts[-1]
    if not final:
        raise _fail("nothing after '='" if len(parts) > 1 else "no answer given")
    reading = _read_part(form, size, final, shape)
    others: list[tuple[Typed, ...]] = []
    for part in parts[:-1]:
        if not part:
            continue
        try:
            other = _read_part(form, size, part, shape)
        except InputError:
            continue  # a name (x̂, W2[1,1]) or working (48 + 11) before the answer
        if form == "kind":
            if other.kind != reading.kind:
                raise _fail(f"the two sides of '=' name different kinds: {part!r} and {final!r}")
            continue
        others.append(other.values)
    return Reading(reading.values, reading.kind, tuple(others), reading.notes)


def _named_elements(body: str, size: int) -> Reading | None:
    """``x̂₁ = 0.675, x̂₂ = 0.6225`` or ``H = 14; W = 14; C = 16``: one name and value per element."""
    stripped = body.strip()
    if stripped[:1] in "([" and stripped[-1:] in ")]":
        stripped = stripped[1:-1]
    pieces = _depth_split(stripped, ",;")
    if len(pieces) != size or not all("=" in p for p in pieces):
        return None
    values: list[Typed] = []
    notes: list[str] = []
    for piece in pieces:
        name, _, value = piece.rpartition("=")
        if not _WORD.match(name.strip()):
            return None
        reading = _read_part("number", 1, value.strip(), False)
        values.extend(reading.values)
        notes.extend(reading.notes)
    return Reading(tuple(values), notes=tuple(notes))


def _strip_decorations(text: str) -> str:
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
            if inner is None or _ANNOTATION_INNER.fullmatch(inner.strip()) or _working(inner):
                text = text[: match.start()]
        if text == before:
            return text


def _working(inner: str) -> bool:
    """``(48 weights + 11 biases)`` after the answer: arithmetic shown, not a second answer."""
    plain = _WORD.sub(lambda m: " " if m.group(0).lower() in _UNIT_WORDS else "?", inner)
    return bool(re.fullmatch(r"[\d\s.,+\-×x*·/=]+", plain)) and bool(re.search(r"[+×*·=]", plain))


def _read_part(form: str, size: int, text: str, shape: bool) -> Reading:
    if form == "kind":
        return _read_kind(text)
    text = _strip_decorations(text)
    text = re.sub(r"(?<=\d)\s*-\s*fold\b", " fold", text)
    text = _SCIENTIFIC.sub(_scientific, text)
    if shape:
        text = _SHAPE_TIMES.sub(" × ", text)
    elif form != "vector":
        text = _TIMES.sub(" × ", text)  # 7 × 7 × 16 (2*3 stays unread: no arithmetic on code)
    if form != "vector":
        text = _TRAILING_TIMES.sub("", text)
    allowed = (
        _UNIT_WORDS if form != "vector" else _VECTOR_WORDS | (_SHAPE_WORDS if shape else set())
    )
    text = _drop_words(text, allowed)
    if form == "vector" and shape:
        text = re.sub(r"\bby\b", ",", text)
    odd = [c for c in text if not _ALLOWED.fullmatch(c) and c != "×"]
    if odd:
        raise _fail(f"{odd[0]!r} is not understood here")
    text = text.strip()
    if not text:
        raise _fail("no number given")
    if form == "vector":
        return _read_vector(text, size, shape)
    return _read_scalar(text, form)


def _scientific(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return f"{match.group(1)}e{match.group(2)}"
    return f"{match.group(3)}e{match.group(4).translate(_SUPERSCRIPT)}"


def _drop_words(text: str, allowed: frozenset[str] | set[str]) -> str:
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
    text = _WORD.sub(drop, text)
    if unknown and not re.search(r"\d", original):
        raise _fail(f"{_show(original)} is not a number")  # 'nan', 'fifty-nine': no number at all
    if unknown:
        words = ", ".join(repr(w) for w in dict.fromkeys(unknown))
        raise _fail(
            f"the word{'s' if len(set(unknown)) > 1 else ''} {words} "
            f"{'are' if len(set(unknown)) > 1 else 'is'} not understood here"
        )
    return text


def _read_kind(text: str) -> Reading:
    lowered = text.lower()
    lowered = re.sub(r"\b(over|under)[\s_\-]*complete\b", r"\1complete", lowered)
    first = re.search(r"\b(?:over|under)?complete\b|\b(?:over|under)\b", lowered)
    if first is not None:
        reason = _EXPLANATION.search(lowered, first.end())
        if reason is not None:
            lowered = lowered[: reason.start()]  # "overcomplete because h > n": not read further
    lowered = lowered.strip().rstrip(".!")
    kinds: list[str] = []
    unknown: list[str] = []
    for word in _WORD.findall(lowered):
        if word in KIND_WORDS:
            kinds.append(KIND_WORDS[word])
        elif word not in _KIND_FILLERS:
            unknown.append(word)
    rest = _WORD.sub(" ", lowered)
    if re.search(r"\d", rest) and not kinds:
        raise _fail(f"{_show(text)} is a number, not a kind")
    odd = [c for c in rest if not (c.isspace() or c in ",.;:!-")]
    if unknown:
        raise _fail(f"the word {unknown[0]!r} is not understood here")
    if odd:
        raise _fail(f"{odd[0]!r} is not understood here")
    if not kinds:
        raise _fail(f"{_show(text)} is not a kind")
    if len(set(kinds)) > 1:
        raise _fail("two different kinds are named")
    return Reading(kind=kinds[0])


def _strip_brackets(text: str) -> str:
    text = text.strip()
    if text[:1] in "([" and text[-1:] in ")]":
        inner = text[1:-1]
        if "(" not in inner and "[" not in inner and ")" not in inner and "]" not in inner:
            return inner.strip()
    if any(c in text for c in "()[]"):
        raise _fail("unbalanced or nested brackets")
    return text


def _read_scalar(text: str, form: str) -> Reading:
    text = _strip_brackets(text)
    compact = re.sub(r"\s+", " ", text).strip()
    if "×" in compact:
        return _product(compact, form)
    if ":" in compact:
        left, _, right = compact.partition(":")
        top, bottom = _number(left), _number(right)
        if bottom.value == 0:
            raise _fail(f"{compact!r} divides by zero")
        if bottom.value == 1:
            return Reading((top,))
        return Reading((Typed(top.value / bottom.value, False, 0, 0, compact),))
    return _single(compact, form)


def _product(text: str, form: str) -> Reading:
    factors = [f.strip() for f in text.split("×")]
    if any(not f for f in factors):
        raise _fail(f"'×' is not understood in {_show(text)}")
    if (
        form != "integer"
        or len(factors) > MAX_FACTORS
        or not all(re.fullmatch(r"\d+", f) for f in factors)
    ):
        raise _fail(f"{_show(text)} is a product of {len(factors)} numbers: give its value")
    value = 1
    for factor in factors:
        value *= int(factor)
    return Reading((Typed(Fraction(value), False, 0, 0, text),))


def _single(text: str, form: str) -> Reading:
    """One number, allowing thousands separators and a decimal comma that cannot be one."""
    if _GROUPED_COMMA.fullmatch(text):
        if form == "integer" or "." in text:
            return Reading((_number(text.replace(",", "")),))
        raise _fail(
            f"{text!r} could be {text.replace(',', '')} or {text.replace(',', '.')}: "
            "write it without the comma, or with a decimal point"
        )
    grouped = _GROUPED_OTHER.fullmatch(text)
    if grouped is not None:
        return Reading((_number(re.sub(r"[ _'’]", "", text)),))
    european = _EUROPEAN.fullmatch(text) if form != "integer" else None
    if european is not None:
        plain = european.group(1).replace(".", "") + "." + european.group(2)
        return Reading((_number(plain),), notes=(_comma_note(text, plain),))
    comma = _COMMA_DECIMAL.fullmatch(text) if form != "integer" else None  # 1,2: two values
    if comma is not None:
        plain = f"{comma.group(1)}.{comma.group(2)}"
        return Reading((_number(plain),), notes=(_comma_note(text, plain),))
    pieces = [p for p in re.split(r"[,;\s]+", text) if p]
    if len(pieces) > 1:
        raise _fail(f"expected 1 value, got {len(pieces):,}")
    return Reading((_number(text),))


def _comma_note(typed: str, plain: str) -> str:
    return f"{typed} was read as {plain} (a decimal comma)"


def _read_vector(text: str, size: int, shape: bool) -> Reading:
    text = _strip_brackets(text)
    if shape:
        text = text.replace("×", ",")
    elif "×" in text:
        raise _fail("'×' is not understood between values: separate them with commas")
    if ":" in text:
        raise _fail("':' is not understood between values: separate them with commas")
    if ";" in text:
        pieces = [p.strip() for p in text.split(";")]
    else:
        pieces = [p for p in re.split(r"[,\s]+", text) if p]
        if len(pieces) != size:
            spaced = text.split()
            if len(spaced) == size and all(_decimal_comma(p) for p in spaced):
                pieces = spaced
    if any(not p for p in pieces):
        raise _fail("an empty value between separators")
    if len(pieces) != size:
        shown = ", ".join(map(_brief, pieces[:6])) + (", …" if len(pieces) > 6 else "")
        raise _fail(f"expected {_plural(size, 'value')}, got {len(pieces):,} ({shown})")
    values: list[Typed] = []
    commas: list[str] = []
    for piece in pieces:
        if _decimal_comma(piece):
            plain = piece.replace(",", ".")
            values.append(_number(plain))
            commas.append(plain)
        else:
            values.append(_number(piece))
    notes: tuple[str, ...] = ()
    if commas:
        plural = "s" if len(commas) > 1 else ""
        notes = (f"the decimal comma{plural} read as point{plural} ({', '.join(commas)})",)
    return Reading(tuple(values), notes=notes)


def _decimal_comma(piece: str) -> bool:
    return bool(_COMMA_DECIMAL.fullmatch(piece)) and not _GROUPED_COMMA.fullmatch(piece)


def _number(token: str) -> Typed:
    """One plain number: its value, and (for a decimal) the places and figures written."""
    token = re.sub(r"\s+", "", token)
    if len(token) > MAX_TOKEN_CHARS:
        digits = sum(c.isdigit() for c in token)
        raise _fail(
            f"a {digits:,}-digit number is too long (a number has at most "
            f"{MAX_TOKEN_CHARS} characters)"
        )
    try:
        value = parse_number(token, ARGUMENT)
    except InputError as error:
        if "finite" in error.problem or "zero" in error.problem or "exponent" in error.problem:
            raise
        raise _fail(f"{_show(token)} is not a number") from None
    match = _DECIMAL.fullmatch(token)
    if match is None or "/" in token:
        return Typed(value, False, 0, 0, token)
    whole, fraction, exponent = match.group(1), match.group(2), match.group(3)
    if fraction is None and exponent is None:
        figures = len(whole.strip("0"))  # 12 has two significant figures; 10 and 100 one
        return Typed(value, False, 0, figures, token)
    fraction = fraction or ""
    places = len(fraction) - (int(exponent) if exponent else 0)
    significant = len((whole + fraction).lstrip("0"))
    return Typed(value, True, places, significant, token)


_ASKED = re.compile(
    r"(\d+)\s*(?:(decimal\s+places?|places?|d\.?\s?p\.?)|(significant\s+(?:figures?|digits?)|s\.?\s?f\.?))",
    re.IGNORECASE,
)


def asked_precision(question: str) -> tuple[int, int]:
    """The precision a question's text asks for: ``(places, figures)``, 0 where not asked.

    >>> asked_precision("what is the new value of w5 (8 decimal places)?")
    (8, 0)
    >>> asked_precision("Compute KL (exactly, or to 4 significant figures).")
    (0, 4)
    """
    places = figures = 0
    for match in _ASKED.finditer(question[: MAX_ANSWER_CHARS * 4]):
        count = min(int(match.group(1)), 60)
        if match.group(2) and not places:
            places = count
        elif match.group(3) and not figures:
            figures = count
    return places, figures
