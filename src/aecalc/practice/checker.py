"""Checking a typed answer against the true one: exact equivalence, decimals, vectors, kinds.

Pure Python (no NumPy, no SymPy), so ``check`` and ``practice`` start quickly.

The rule (CLI.md):

* an answer **equal** to the true value is right, whatever its spelling:
  ``1/2`` = ``0.5`` = ``2/4``; ``3/3`` = ``1``;
* a **decimal** is also right when it agrees with the true value to the places
  written (|answer − truth| ≤ ½·10⁻ᵈ for d places) *and* carries at least two
  significant figures: ``0.68`` matches 0.6835, ``0.7`` and ``1`` do not;
* a **vector** is right when every element is right (``0.675, 0.6225`` or
  ``[0.675, 0.6225]``);
* a **kind** is a word: ``over`` / ``overcomplete``, ``under`` / ``undercomplete``.

A wrong answer is compared with the problem's known slips (values a typical
mistake produces, computed by the solver) with the same rule; the first that
matches is named. Text that cannot be read in the expected form is neither
right nor wrong: :func:`check` reports it as unreadable with the form expected.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction
from typing import Literal

from aecalc.errors import InputError
from aecalc.record import Record
from aecalc.values import fmt
from aecalc.values.parse import parse_number

Form = Literal["number", "integer", "vector", "kind"]
Status = Literal["right", "wrong", "unreadable"]

KINDS = ("undercomplete", "overcomplete", "complete")
_KIND_WORDS = {
    "under": "undercomplete",
    "undercomplete": "undercomplete",
    "over": "overcomplete",
    "overcomplete": "overcomplete",
    "complete": "complete",
}
_DECIMAL = re.compile(r"[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?", re.ASCII)
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+", re.ASCII)
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})


class Value(Record):
    """A true value: ``exact`` when ``value`` is the number itself, else a close approximation.

    For transcendental results (σ(1), ln 0.675) the solver passes a Fraction good
    to 30+ places and ``exact=False``; then only decimals can match it.
    """

    value: Fraction
    exact: bool = True


class Slip(Record):
    """A known mistake: its ``name`` (short), ``explanation``, and the answer it produces."""

    name: str
    explanation: str
    answer: Expected


class Expected(Record):
    """What a question wants: its ``form``, the true values (or kind word), and the known slips."""

    form: Form
    values: tuple[Value, ...] = ()
    kind: str = ""
    slips: tuple[Slip, ...] = ()

    @property
    def size(self) -> int:
        return len(self.values)

    def describe(self) -> str:
        """The expected form, in words, for prompts and 'cannot read' messages."""
        if self.form == "kind":
            words = (
                "undercomplete, overcomplete or complete"
                if self.kind == "complete"
                else ("undercomplete or overcomplete")
            )
            return f"a kind: {words} (under / over will do)"
        if self.form == "integer":
            return "a whole number, e.g. 59"
        if self.form == "vector":
            return f"{self.size} numbers separated by commas, e.g. 0.5, 1/4"
        return "a number: an integer, a decimal (two significant figures or more) or a fraction"

    def as_text(self, digits: int = 4) -> str:
        """The true answer written out (exact where exact, else ``digits`` places)."""
        if self.form == "kind":
            return self.kind
        return ", ".join(value_text(v, digits) for v in self.values)

    def as_answer(self, digits: int = 4) -> str:
        """What a student who got it right would type: exact fractions, else ``digits`` places."""
        if self.form == "kind":
            return self.kind
        return ", ".join(
            fmt.exact(v.value) if v.exact else fmt.decimal(v.value, digits) for v in self.values
        )


def number(value: Fraction | int, exact: bool = True, slips: Sequence[Slip] = ()) -> Expected:
    """A single number; ``integer`` form when it is an exact whole number."""
    value = Fraction(value)
    form: Form = "integer" if exact and value.denominator == 1 else "number"
    return Expected(form, (Value(value, exact),), slips=tuple(slips))


def vector(values: Sequence[Value], slips: Sequence[Slip] = ()) -> Expected:
    return Expected("vector", tuple(values), slips=tuple(slips))


def kind(word: str, slips: Sequence[Slip] = ()) -> Expected:
    if word not in KINDS:
        raise ValueError(f"{word!r} is not a kind")
    return Expected("kind", kind=word, slips=tuple(slips))


def value_text(value: Value, digits: int = 4) -> str:
    """``59``, ``1/3 ≈ 0.3333``, ``0.6835`` (an approximation shows only its decimal)."""
    if value.exact:
        if value.value.denominator == 1:
            return str(value.value.numerator)
        if fmt.is_terminating(value.value, digits):
            return fmt.decimal(value.value, digits).rstrip("0").rstrip(".")
        return f"{fmt.exact(value.value)} ≈ {fmt.decimal(value.value, digits)}"
    return fmt.decimal(value.value, digits)


class Verdict(Record):
    """The checker's decision: ``right``, ``wrong`` or ``unreadable``, with the slip if one matched."""

    status: Status
    message: str
    expected: Expected
    given: str
    slip: Slip | None = None

    @property
    def right(self) -> bool:
        return self.status == "right"

    def as_json(self) -> dict[str, object]:
        return {
            "correct": self.right,
            "status": self.status,
            "answer": self.expected.as_text(),
            "given": self.given,
            "slip": None if self.slip is None else self.slip.name,
            "message": self.message,
        }


class _Typed(Record):
    """One typed number: its value, and (for a decimal) places written and significant figures."""

    value: Fraction
    decimal: bool
    places: int
    significant: int


def _read_number(token: str) -> _Typed:
    token = token.strip().translate(_MINUS)
    if _GROUPED.fullmatch(token):
        token = token.replace(",", "")
    try:
        value = parse_number(token, "ANSWER")
    except InputError:
        raise InputError("ANSWER", f"{token[:24]!r} is not a number") from None
    match = _DECIMAL.fullmatch(token)
    if match is None or "/" in token:
        return _Typed(value, False, 0, 0)
    whole, fraction, exponent = match.group(1), match.group(2), match.group(3)
    if fraction is None and exponent is None:
        return _Typed(value, False, 0, 0)
    fraction = fraction or ""
    places = len(fraction) - (int(exponent) if exponent else 0)
    significant = len((whole + fraction).lstrip("0"))
    return _Typed(value, True, places, significant)


def _split(text: str) -> list[str]:
    body = text.strip().translate(_MINUS)
    if body.startswith("[") and body.endswith("]"):
        body = body[1:-1]
    if "[" in body or "]" in body:
        raise InputError("ANSWER", "unbalanced or nested brackets")
    parts = [p for p in re.split(r"[,;\s]+", body.strip()) if p]
    if not parts:
        raise InputError("ANSWER", "no answer given")
    return parts


def _close(typed: _Typed, truth: Value) -> bool:
    """Agrees with the truth to the places written (correctly rounded)."""
    return abs(typed.value - truth.value) <= Fraction(1, 2) * Fraction(10) ** (-typed.places)


def _matches(typed: _Typed, truth: Value) -> bool:
    if truth.exact and typed.value == truth.value:
        return True
    return typed.decimal and typed.significant >= 2 and _close(typed, truth)


def _read(expected: Expected, text: str) -> list[_Typed] | str:
    """The typed numbers or kind word; raises InputError when unreadable."""
    if expected.form == "kind":
        word = re.sub(r"[\s_-]+", "", text.strip().lower()).rstrip(".")
        if word not in _KIND_WORDS:
            raise InputError("ANSWER", f"{text.strip()!r} is not a kind")
        return _KIND_WORDS[word]
    stripped = text.strip()
    if expected.size == 1 and _GROUPED.fullmatch(stripped.translate(_MINUS)):
        return [_read_number(stripped)]
    parts = _split(stripped)
    if len(parts) != expected.size:
        raise InputError(
            "ANSWER",
            f"expected {expected.size} value{'s' if expected.size != 1 else ''}, got {len(parts)}",
        )
    return [_read_number(p) for p in parts]


def _agrees(expected: Expected, typed: list[_Typed] | str) -> bool:
    if isinstance(typed, str):
        return typed == expected.kind
    return all(_matches(t, v) for t, v in zip(typed, expected.values, strict=True))


def _near_miss(typed: list[_Typed], truths: Sequence[Value]) -> str:
    """Why a decimal that is almost right is still wrong: too few figures, or rounded wrongly."""
    for t, v in zip(typed, truths, strict=True):
        if not t.decimal:
            continue
        if t.significant < 2 and _close(t, v):
            return " (right to the places written, but a decimal needs two significant figures)"
        if t.places >= 0 and abs(t.value - v.value) <= Fraction(10) ** (-t.places):
            rounded = fmt.decimal(v.value, t.places)
            return f" (to {t.places} places it rounds to {rounded}, not {fmt.decimal(t.value, t.places)})"
    return ""


def check(expected: Expected, text: str) -> Verdict:
    """Check ``text`` against ``expected``; never raises for bad text (status ``unreadable``)."""
    try:
        typed = _read(expected, text)
    except InputError as error:
        return Verdict(
            "unreadable",
            f"Cannot read that: {error.problem}. Give {expected.describe()}.",
            expected,
            text,
        )
    if _agrees(expected, typed):
        return Verdict("right", f"Right: {expected.as_text()}.", expected, text)
    for slip in expected.slips:
        if (
            (slip.answer.form == "kind") == (expected.form == "kind")
            and slip.answer.size == expected.size
            and _agrees(slip.answer, typed)
        ):
            return Verdict(
                "wrong",
                f"Not right: the answer is {expected.as_text()}. "
                f"Slip: {slip.name} — {slip.explanation}",
                expected,
                text,
                slip,
            )
    hint = "" if isinstance(typed, str) else _near_miss(typed, expected.values)
    return Verdict(
        "wrong",
        f"Not right: the answer is {expected.as_text()}{hint}.",
        expected,
        text,
    )
