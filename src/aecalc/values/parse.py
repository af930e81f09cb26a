"""A small, safe tokenizer: user text → exact numbers, vectors, matrices and layer sizes.

Nothing here evaluates text. Numbers are read by a regular expression into
:class:`fractions.Fraction`, so ``0.1`` is exactly 1/10 and ``1/3`` is a third.
Accepted: integers, decimals, fractions ``p/q``, a sign, and scientific notation
(``2.5e-3``); parentheses are read as brackets (``(1, 0)`` is ``[1, 0]``). Refused: ``nan``, ``inf``, names, expressions, empty values. One
argument holds at most :data:`MAX_VALUES` numbers of at most
:data:`MAX_TOKEN_CHARS` characters each (exponents within ±:data:`MAX_EXPONENT`);
larger data belongs in a file.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from aecalc.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Sequence
    from fractions import Fraction

MAX_TOKEN_CHARS = 400
MAX_EXPONENT = 400
MAX_TEXT_CHARS = 2_000_000
MAX_VALUES = 10_000
MAX_LAYER_UNITS = 10**12

# ``fractions`` loads only when a number is read: ``params`` and ``classify`` never need it.
Vector = tuple["Fraction", ...]
Matrix = tuple[Vector, ...]

_DECIMAL = r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER = re.compile(rf"([+-]?)(?:({_DECIMAL})|(\d+)/(\d+))", re.ASCII)
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-"})
# (1, 0) as a student writes a vector on paper (and the answer checker reads it): brackets
_PARENTHESES = str.maketrans("()", "[]")
_SEPARATORS = frozenset("[];,")
_NON_FINITE = {"nan", "inf", "infinity", "+inf", "-inf", "+nan", "-nan", "+infinity", "-infinity"}


def _show(token: str) -> str:
    """Quote a token for an error message, shortened if it is long."""
    shown = token if len(token) <= 24 else token[:20] + "…"
    return repr(shown)


def parse_number(text: str, argument: str) -> Fraction:
    """Read one exact number: ``3``, ``-0.25``, ``1/3``, ``2.5e-3``."""
    from fractions import Fraction

    token = text.strip().translate(_MINUS_SIGNS)
    if not token:
        raise InputError(argument, "a value is empty")
    if len(token) > MAX_TOKEN_CHARS:
        raise InputError(
            argument, f"a number has {len(token):,} characters (at most {MAX_TOKEN_CHARS})"
        )
    match = _NUMBER.fullmatch(token)
    if match is None:
        if token.lower() in _NON_FINITE:
            raise InputError(argument, f"{_show(token)} is not a finite number")
        raise InputError(
            argument,
            f"{_show(token)} is not a number (use integers, decimals, fractions like 1/3, or 2.5e-3)",
        )
    sign, decimal, numerator, denominator = match.groups()
    if decimal is not None:
        mantissa, _, exponent = decimal.lower().partition("e")
        if exponent and abs(int(exponent)) > MAX_EXPONENT:
            raise InputError(argument, f"{_show(token)} has an exponent beyond ±{MAX_EXPONENT}")
        value = Fraction(mantissa)
        if exponent:
            value *= Fraction(10) ** int(exponent)
    else:
        if int(denominator) == 0:
            raise InputError(argument, f"{_show(token)} divides by zero")
        value = Fraction(int(numerator), int(denominator))
    return -value if sign == "-" else value


def _tokens(text: str, argument: str) -> list[str]:
    """Split into brackets, separators and number tokens."""
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(
            argument, f"the value has {len(text):,} characters (at most {MAX_TEXT_CHARS:,})"
        )
    too_many = InputError(
        argument,
        f"has more than {MAX_VALUES:,} values (larger data belongs in a .npy or .csv file)",
    )
    # n values need n - 1 separators: a quick count refuses 10⁶ values before splitting them.
    if text.count(",") + text.count(";") >= MAX_VALUES:
        raise too_many
    text = text.translate(_MINUS_SIGNS)
    stripped = text.strip()
    if stripped.startswith("(") and stripped.endswith(")"):  # (1, 0) written as on paper
        text = text.translate(_PARENTHESES)
    tokens = [t for t in re.split(r"([\[\];,]|\s+)", text) if t and not t.isspace()]
    if sum(1 for t in tokens if t not in _SEPARATORS) > MAX_VALUES:
        raise too_many
    return tokens


def _split_row(items: list[str], argument: str, row: int | None) -> Vector:
    """Numbers separated by commas (or spaces); an empty item is refused."""
    where = "" if row is None else f" in row {row}"
    values: list[Fraction] = []
    expect_number = True
    for item in items:
        if item == ",":
            if expect_number:
                raise InputError(argument, f"empty value at position {len(values) + 1}{where}")
            expect_number = True
            continue
        if item in "[]":
            raise InputError(argument, f"unexpected {item!r}{where}")
        values.append(parse_number(item, argument))
        expect_number = False
    if not values:
        raise InputError(argument, f"no values{where}")
    if expect_number:
        raise InputError(argument, f"empty value at position {len(values) + 1}{where}")
    return tuple(values)


def _strip_brackets(tokens: list[str], argument: str) -> list[str]:
    if tokens and tokens[0] == "[":
        if tokens[-1] != "]":
            raise InputError(argument, "'[' is never closed")
        return tokens[1:-1]
    if tokens and tokens[-1] == "]":
        raise InputError(argument, "']' has no matching '['")
    return tokens


_TOO_DEEP = "brackets nested deeper than a matrix ([[…],[…]])"


def _depth(tokens: list[str]) -> int:
    """How deep the brackets among ``tokens`` nest (without recursion: 10⁴ levels are fine)."""
    depth = deepest = 0
    for token in tokens:
        if token == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif token == "]":
            depth -= 1
    return deepest


def parse_vector(text: str, argument: str) -> Vector:
    """Read a vector: ``1,0``, ``0.5, -1.25``, ``1/2,3/4``, ``[1, 0]`` or ``(1, 0)``."""
    tokens = _strip_brackets(_tokens(text, argument), argument)
    if ";" in tokens or "[" in tokens or "]" in tokens:
        if _depth(tokens) >= 2:  # [[[1]]] and deeper: inside the outer pair, still two levels
            raise InputError(argument, _TOO_DEEP)
        if ";" in tokens:
            raise InputError(
                argument,
                "';' starts a new sample (a matrix row), but one vector is expected here: "
                "separate its values with commas, e.g. 1,0",
            )
        raise InputError(argument, "expected one vector like 1,0 but got several rows")
    return _split_row(tokens, argument, None)


def comma_hint(values: Sequence[Fraction], expected: int) -> str:
    """What to add to a message about ``values`` having the wrong length, when a decimal comma
    explains it: ``0,5`` is read as the two values 0 and 5 where one was expected (``""`` when
    it does not explain it: twice the count expected, whole numbers, every second one ≥ 0).

    Every message about a vector of the wrong length ends with this (``aecalc.nets.network``,
    ``aecalc.nets.forward``, ``aecalc.nets.vae``, the vae-kl penalty).

    >>> from fractions import Fraction as F
    >>> comma_hint((F(0), F(5)), 1)[:34]
    ' (a comma separates values: 0,5 is'
    >>> comma_hint((F(1), F(2), F(3)), 1)
    ''
    """
    if expected < 1 or len(values) != 2 * expected:
        return ""
    if any(v.denominator != 1 for v in values) or any(v < 0 for v in values[1::2]):
        return ""
    return (
        " (a comma separates values: 0,5 is read as two numbers, 0 and 5, not as a decimal; "
        "write 0.5)"
    )


def parse_matrix(text: str, argument: str) -> Matrix:
    """Read a matrix: rows split by ``;`` (``1,-1;0,1``) or nested brackets (``[[1,-1],[0,1]]``).

    A plain vector is a one-row matrix. Every row must have the same length.
    """
    tokens = _tokens(text, argument)
    if not tokens:
        raise InputError(argument, "no values")
    rows_tokens: list[list[str]]
    if tokens[0] == "[" and len(tokens) > 1 and tokens[1] == "[":
        rows_tokens = _bracket_rows(tokens, argument)
    else:
        tokens = _strip_brackets(tokens, argument)
        if "[" in tokens or "]" in tokens:
            raise InputError(argument, "mixed brackets: write [[1,2],[3,4]] or 1,2;3,4")
        rows_tokens = [[]]
        for token in tokens:
            if token == ";":
                rows_tokens.append([])
            else:
                rows_tokens[-1].append(token)
    rows = tuple(_split_row(r, argument, i + 1) for i, r in enumerate(rows_tokens))
    width = len(rows[0])
    for i, row in enumerate(rows[1:], start=2):
        if len(row) != width:
            raise InputError(
                argument, f"ragged matrix: row 1 has {width} values but row {i} has {len(row)}"
            )
    return rows


def _bracket_rows(tokens: list[str], argument: str) -> list[list[str]]:
    """``[ [a, b], [c, d] ]`` → ``[[a, ',', b], [c, ',', d]]``, nesting at most two deep."""
    if tokens[-1] != "]":
        raise InputError(argument, "'[' is never closed")
    inner = tokens[1:-1]
    rows: list[list[str]] = []
    position = 0
    while position < len(inner):
        token = inner[position]
        if token == "[":
            try:
                end = inner.index("]", position)
            except ValueError:
                raise InputError(argument, "'[' is never closed") from None
            row = inner[position + 1 : end]
            if "[" in row:
                raise InputError(argument, _TOO_DEEP)
            rows.append(row)
            position = end + 1
            if position < len(inner):
                if inner[position] not in ",;":
                    raise InputError(
                        argument, f"expected ',' between rows, got {_show(inner[position])}"
                    )
                position += 1
                if position == len(inner):
                    raise InputError(argument, "a row is missing after the last ','")
        else:
            raise InputError(argument, f"expected '[' to start a row, got {_show(token)}")
    if not rows:
        raise InputError(argument, "no values")
    return rows


_SIZE_SEPARATORS = re.compile(r"->|→|-|,")


def parse_sizes(tokens: list[str], argument: str = "SIZES") -> tuple[int, ...]:
    """Layer sizes from ``10 8 4``, ``784-128-32`` or ``10→8→4`` (tokens may mix forms)."""
    sizes: list[int] = []
    for token in tokens:
        if re.fullmatch(r"\s*-0+\s*", token, re.ASCII):  # -0 is zero, not negative
            raise InputError(
                argument, "a layer of 0 units has no neurons: sizes must be at least 1"
            )
        if re.fullmatch(r"\s*-\d+\s*", token, re.ASCII):
            raise InputError(
                argument, f"{_show(token.strip())} is negative: a layer needs at least 1 unit"
            )
        if token.strip() and not _SIZE_SEPARATORS.sub("", token.strip()).strip():
            raise InputError(
                argument,
                f"{_show(token.strip())} stands alone between the sizes: write the sizes "
                "separated by spaces (784 128 32), or join them without spaces (784→128→32)",
            )
        parts = _SIZE_SEPARATORS.split(token.strip())
        for part in parts:
            sizes.append(parse_size(part, argument))
    if not sizes:
        raise InputError(argument, "give the layer sizes, e.g. 10 8 4 or 784-128-32")
    return tuple(sizes)


def parse_size(text: str, argument: str) -> int:
    """One layer size: a positive integer (``1e3`` is not accepted: write 1000)."""
    part = text.strip()
    if not part:
        raise InputError(argument, "a layer size is empty")
    if len(part) > 40:
        raise InputError(argument, f"{_show(part)} is far too large for a layer size")
    if re.fullmatch(r"-0+", part, re.ASCII):  # -0 is zero, not negative
        raise InputError(argument, "a layer of 0 units has no neurons: sizes must be at least 1")
    if not re.fullmatch(r"[+]?\d+", part, re.ASCII):
        if re.fullmatch(r"-\d+", part, re.ASCII):
            raise InputError(argument, f"{_show(part)} is negative: a layer needs at least 1 unit")
        if _NUMBER.fullmatch(part):
            raise InputError(argument, f"{_show(part)} is not a whole number of units")
        raise InputError(argument, f"{_show(part)} is not a layer size (a positive integer)")
    value = int(part)
    if value == 0:
        raise InputError(argument, "a layer of 0 units has no neurons: sizes must be at least 1")
    if value > MAX_LAYER_UNITS:
        raise InputError(
            argument, f"{value:,} units is beyond the {MAX_LAYER_UNITS:,} aecalc counts"
        )
    return value


FLOAT64_MAX = 1.7976931348623157e308


def to_float64(value: Fraction | int, argument: str, what: str = "") -> float:
    """``value`` as the nearest float64, or an :class:`InputError` naming ``argument`` when it is
    beyond float64's range (``1e400``: ``float()`` would raise ``OverflowError``).

    ``what`` names the value in the message (``"a weight"``); exact arithmetic carries such a
    number, so the message says so where that applies.
    """
    try:
        return float(value)
    except OverflowError:
        from decimal import Decimal, localcontext
        from fractions import Fraction

        number = Fraction(value)
        with localcontext() as context:
            context.prec = 4
            shown = format(Decimal(number.numerator) / Decimal(number.denominator), ".2e")
        subject = f"{what} {shown}" if what else shown
        raise InputError(
            argument,
            f"{subject.strip()} is beyond the float64 range (±{FLOAT64_MAX:.1e}); "
            "decimals-only arithmetic cannot hold it",
        ) from None
