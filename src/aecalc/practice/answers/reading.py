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
* **matrices** (a feature map) as rows split by ``;`` (``32, 14, -18; -22, -24, 12``), with or
  without brackets, or each row in its own brackets (``[[1, 2], [3, 4]]``, ``(1 2) (3 4)``), or
  every value in reading order; the shape asked for is checked (:func:`read`'s ``rows``);
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
from aecalc.practice.answers.spelling import (
    ARGUMENT,
    EXPLANATION,
    KIND_FILLERS,
    KIND_WORDS,
    SHAPE_WORDS,
    SUPERSCRIPT,
    UNIT_WORDS,
    VECTOR_WORDS,
    WORD,
    depth_split,
    drop_words,
    fail,
    label_colon,
    normalise,
    show,
    strip_decorations,
)
from aecalc.record import Record
from aecalc.values.fmt import counted
from aecalc.values.parse import MAX_TOKEN_CHARS, parse_number

MAX_FACTORS = 8

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


def _brief(text: str) -> str:
    return text if len(text) <= 16 else text[:12] + "…"


def read(form: str, size: int, text: str, *, shape: bool = False, rows: int = 0) -> Reading:
    """Read ``text`` as an answer of ``form`` (``integer``, ``number``, ``vector``, ``kind``).

    ``size`` is the number of values expected; ``shape`` says the vector is a shape (whole
    numbers), so ``14x14x16`` is read as three values; ``rows`` (a vector only) says it is a
    matrix of that many rows, its values in reading order (a vector without ``rows`` typed as
    rows is read in reading order too). Raises :class:`InputError` with what was not understood.
    """
    body = normalise(text)
    if form != "kind":  # a kind reads its own label and reason ("kind: over", "over: h > n")
        body = label_colon(body)
    if form == "vector" and size > 1:
        named = _named_elements(body, size)
        if named is not None:
            return named
    parts = [p.strip() for p in depth_split(body, "=≈~")]
    final = parts[-1]
    if not final:
        raise fail("nothing after '='" if len(parts) > 1 else "no answer given")
    reading = _read_part(form, size, final, shape, rows)
    others: list[tuple[Typed, ...]] = []
    for part in parts[:-1]:
        if not part:
            continue
        try:
            other = _read_part(form, size, part, shape, rows)
        except InputError:
            continue  # a name (x̂, W2[1,1]) or working (48 + 11) before the answer
        if form == "kind":
            if other.kind != reading.kind:
                raise fail(f"the two sides of '=' name different kinds: {part!r} and {final!r}")
            continue
        others.append(other.values)
    return Reading(reading.values, reading.kind, tuple(others), reading.notes)


def _named_elements(body: str, size: int) -> Reading | None:
    """``x̂₁ = 0.675, x̂₂ = 0.6225`` or ``H = 14; W = 14; C = 16``: one name and value per element."""
    stripped = body.strip()
    if stripped[:1] in "([" and stripped[-1:] in ")]":
        stripped = stripped[1:-1]
    pieces = depth_split(stripped, ",;")
    if len(pieces) != size or not all("=" in p for p in pieces):
        return None
    values: list[Typed] = []
    notes: list[str] = []
    for piece in pieces:
        name, _, value = piece.rpartition("=")
        if not WORD.match(name.strip()):
            return None
        reading = _read_part("number", 1, value.strip(), False)
        values.extend(reading.values)
        notes.extend(reading.notes)
    return Reading(tuple(values), notes=tuple(notes))


def _read_part(form: str, size: int, text: str, shape: bool, rows: int = 0) -> Reading:
    if form == "kind":
        return _read_kind(text)
    text = strip_decorations(text)
    text = re.sub(r"(?<=\d)\s*-\s*fold\b", " fold", text)
    text = _SCIENTIFIC.sub(_scientific, text)
    if shape:
        text = _SHAPE_TIMES.sub(" × ", text)
    elif form != "vector":
        text = _TIMES.sub(" × ", text)  # 7 × 7 × 16 (2*3 stays unread: no arithmetic on code)
    if form != "vector":
        text = _TRAILING_TIMES.sub("", text)
    allowed = UNIT_WORDS if form != "vector" else VECTOR_WORDS | (SHAPE_WORDS if shape else set())
    text = drop_words(text, allowed)
    if form == "vector" and shape:
        text = re.sub(r"\bby\b", ",", text)
    odd = [c for c in text if not _ALLOWED.fullmatch(c) and c != "×"]
    if odd:
        raise fail(f"{odd[0]!r} is not understood here")
    text = text.strip()
    if not text:
        raise fail("no number given")
    if form == "vector" and rows:
        return _read_matrix(text, rows, size // rows)
    if form == "vector":
        return _read_vector(text, size, shape)
    return _read_scalar(text, form)


def _scientific(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return f"{match.group(1)}e{match.group(2)}"
    return f"{match.group(3)}e{match.group(4).translate(SUPERSCRIPT)}"


def _read_kind(text: str) -> Reading:
    lowered = text.lower()
    lowered = re.sub(r"\b(over|under)[\s_\-]*complete\b", r"\1complete", lowered)
    first = re.search(r"\b(?:over|under)?complete\b|\b(?:over|under)\b", lowered)
    if first is not None:
        reason = EXPLANATION.search(lowered, first.end())
        if reason is not None:
            lowered = lowered[: reason.start()]  # "overcomplete because h > n": not read further
    lowered = lowered.strip().rstrip(".!")
    kinds: list[str] = []
    unknown: list[str] = []
    for word in WORD.findall(lowered):
        if word in KIND_WORDS:
            kinds.append(KIND_WORDS[word])
        elif word not in KIND_FILLERS:
            unknown.append(word)
    rest = WORD.sub(" ", lowered)
    if re.search(r"\d", rest) and not kinds:
        raise fail(f"{show(text)} is a number, not a kind")
    odd = [c for c in rest if not (c.isspace() or c in ",.;:!-")]
    if unknown:
        raise fail(f"the word {unknown[0]!r} is not understood here")
    if odd:
        raise fail(f"{odd[0]!r} is not understood here")
    if not kinds:
        raise fail(f"{show(text)} is not a kind")
    if len(set(kinds)) > 1:
        raise fail("two different kinds are named")
    return Reading(kind=kinds[0])


def _strip_brackets(text: str) -> str:
    text = text.strip()
    if text[:1] in "([" and text[-1:] in ")]":
        inner = text[1:-1]
        if "(" not in inner and "[" not in inner and ")" not in inner and "]" not in inner:
            return inner.strip()
    if any(c in text for c in "()[]"):
        raise fail("unbalanced or nested brackets")
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
            raise fail(f"{compact!r} divides by zero")
        if bottom.value == 1:
            return Reading((top,))
        return Reading((Typed(top.value / bottom.value, False, 0, 0, compact),))
    return _single(compact, form)


def _product(text: str, form: str) -> Reading:
    factors = [f.strip() for f in text.split("×")]
    if any(not f for f in factors):
        raise fail(f"'×' is not understood in {show(text)}")
    if (
        form != "integer"
        or len(factors) > MAX_FACTORS
        or not all(re.fullmatch(r"\d+", f) for f in factors)
    ):
        raise fail(f"{show(text)} is a product of {len(factors)} numbers: give its value")
    value = 1
    for factor in factors:
        value *= int(factor)
    return Reading((Typed(Fraction(value), False, 0, 0, text),))


def _single(text: str, form: str) -> Reading:
    """One number, allowing thousands separators and a decimal comma that cannot be one."""
    if _GROUPED_COMMA.fullmatch(text):
        if form == "integer" or "." in text:
            return Reading((_number(text.replace(",", "")),))
        raise fail(
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
        raise fail(f"expected 1 value, got {len(pieces):,}")
    return Reading((_number(text),))


def _comma_note(typed: str, plain: str) -> str:
    return f"{typed} was read as {plain} (a decimal comma)"


def _read_vector(text: str, size: int, shape: bool) -> Reading:
    if not shape and _as_rows(text, size):  # a matrix given for a vector: in reading order
        return Reading(tuple(_number(p) for row in _grid(text) for p in row))
    text = _strip_brackets(text)
    if shape:
        text = text.replace("×", ",")
    elif "×" in text:
        raise fail("'×' is not understood between values: separate them with commas")
    if ":" in text:
        raise fail("':' is not understood between values: separate them with commas")
    if ";" in text:
        pieces = [p.strip() for p in text.split(";")]
    else:
        pieces = [p for p in re.split(r"[,\s]+", text) if p]
        if len(pieces) != size:
            spaced = text.split()
            if len(spaced) == size and all(_decimal_comma(p) for p in spaced):
                pieces = spaced
    if any(not p for p in pieces):
        raise fail("an empty value between separators")
    if len(pieces) != size:
        shown = ", ".join(map(_brief, pieces[:6])) + (", …" if len(pieces) > 6 else "")
        raise fail(f"expected {counted(size, 'value')}, got {len(pieces):,} ({shown})")
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


def _outer(text: str) -> bool:
    """Whether ``text`` is one pair of brackets around everything (``[[1], [2]]``, not
    ``[1] [2]``)."""
    if text[:1] not in "([" or text[-1:] not in ")]":
        return False
    depth = 0
    for i, char in enumerate(text):
        depth += char in "(["
        depth -= char in ")]"
        if depth == 0 and i < len(text) - 1:
            return False
    return True


_ROW = re.compile(r"[\[(]([^\[\]()]*)[\])]")


def _grid(text: str) -> list[list[str]]:
    """The rows of a matrix as typed, each a list of value texts: rows split by ``;`` or each in
    brackets (one pair of brackets around them all allowed), values split by commas or spaces;
    text without rows is one row. Raises for brackets that are neither."""
    inner = text.strip()
    if _outer(inner):
        inner = inner[1:-1].strip()
    if any(c in inner for c in "()[]"):
        lines = _ROW.findall(inner)
        if not lines or _ROW.sub(" ", inner).strip(" ,;"):
            raise fail("unbalanced or nested brackets")
    else:
        lines = inner.split(";")
    grid = [[p for p in re.split(r"[,\s]+", line.strip()) if p] for line in lines]
    if any(not row for row in grid):
        raise fail("an empty row between separators")
    return grid


def _as_rows(text: str, size: int) -> bool:
    """Whether a vector's ``text`` is rows of a matrix holding its ``size`` values (``1, 2; 3,
    4`` or ``[[1, 2], [3, 4]]``), not values split by ``;`` (``0,5; 0,25``: decimal commas)."""
    try:
        grid = _grid(text)
    except InputError:
        return False
    pieces = [p.strip(" []()") for p in text.split(";")] if ";" in text else []
    return (
        len(grid) > 1
        and len({len(row) for row in grid}) == 1
        and len(grid) * len(grid[0]) == size
        and len(pieces) != size
        and not any(_COMMA_DECIMAL.fullmatch(p) for p in pieces)
    )


def _shape_text(rows: int, cols: int) -> str:
    return f"{counted(rows, 'row')} of {counted(cols, 'value')}"


def _read_matrix(text: str, rows: int, cols: int) -> Reading:
    """A ``rows`` × ``cols`` matrix (:func:`_grid`), or its values in reading order, in one row."""
    grid = _grid(text)
    if len(grid) == 1 and rows > 1 and len(grid[0]) == rows * cols:
        grid = [grid[0][r * cols : (r + 1) * cols] for r in range(rows)]
    if len(grid) != rows or any(len(row) != cols for row in grid):
        counts = sorted({len(row) for row in grid})
        typed = (
            f"{counted(len(grid[0]), 'value')} in one row"
            if len(grid) == 1
            else _shape_text(len(grid), counts[0])
            if len(counts) == 1
            else f"{counted(len(grid), 'row')} of {', '.join(map(str, counts[:-1]))} and "
            f"{counts[-1]} values"
        )
        raise fail(f"expected a {rows}×{cols} matrix ({_shape_text(rows, cols)}), got {typed}")
    return Reading(tuple(_number(p) for row in grid for p in row))


def _decimal_comma(piece: str) -> bool:
    return bool(_COMMA_DECIMAL.fullmatch(piece)) and not _GROUPED_COMMA.fullmatch(piece)


def _number(token: str) -> Typed:
    """One plain number: its value, and (for a decimal) the places and figures written."""
    token = re.sub(r"\s+", "", token)
    if len(token) > MAX_TOKEN_CHARS:
        digits = sum(c.isdigit() for c in token)
        raise fail(
            f"a {digits:,}-digit number is too long (a number has at most "
            f"{MAX_TOKEN_CHARS} characters)"
        )
    try:
        value = parse_number(token, ARGUMENT)
    except InputError as error:
        if "finite" in error.problem or "zero" in error.problem or "exponent" in error.problem:
            raise
        raise fail(f"{show(token)} is not a number") from None
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
