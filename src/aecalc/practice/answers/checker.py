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
* a **matrix** (a feature map: a vector with ``rows``) is right when every cell is right, its rows
  split by ``;`` or bracketed (``32, 14; -22, -24``, ``[[32, 14], [-22, -24]]``); a wrong one
  names the cells that are off, and a map of another shape is marked wrong where a known slip
  gives that shape (the padding forgotten makes a smaller map), else it is not read;
* a **kind** is a word: ``over`` / ``overcomplete``, ``under`` / ``undercomplete``.

How the text is read — units, separators, approximately-signs, names before
``=``, shapes, ratios, decimal commas — is :mod:`aecalc.practice.answers.reading`'s
job; the reading never changes a value, so a decoration never changes a verdict.
Where an answer is written with ``=`` (``1/3 ≈ 0.3333``), every side that reads
as an answer must be right.

What a question wants — its values, form, slips and the precision it asks for, which changes
how the answer is shown, never a verdict — is an :class:`~aecalc.practice.answers.expected.Expected`
(:mod:`aecalc.practice.answers.expected`; its names are importable from here too, as the topics
write ``checker.number(...)``).

An answer worked from values rounded as a working shows them (each earlier step to 4 places,
or to the places the question asks) is right too, with a note saying so: a step list gives
its answer that alternative (:attr:`Expected.rounded`, see :mod:`aecalc.practice.answers.steps`).

A wrong answer is compared with the problem's known slips (values a typical
mistake produces, computed by the solver) with the same rule; the first that
matches is named. Text that cannot be read in the expected form is neither
right nor wrong: :func:`check` reports it as unreadable, saying what was not
understood and the form expected.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Literal

from aecalc.errors import InputError
from aecalc.practice.answers import reading
from aecalc.practice.answers.expected import (
    DEFAULT_DIGITS,
    KINDS,
    MAX_SHOWN_DIGITS,
    Expected,
    Form,
    Slip,
    Value,
    kind,
    matrix,
    number,
    value_text,
    vector,
)
from aecalc.practice.answers.precision import figures_text, places_text
from aecalc.practice.answers.reading import Reading, Typed
from aecalc.record import Record
from aecalc.values import fmt

__all__ = [
    "KINDS",
    "Expected",
    "Form",
    "Slip",
    "Status",
    "Value",
    "Verdict",
    "check",
    "kind",
    "matrix",
    "number",
    "value_text",
    "vector",
]

Status = Literal["right", "wrong", "unreadable"]


class Verdict(Record):
    """The checker's decision: ``right``, ``wrong`` or ``unreadable``, with the slip if one matched.

    ``notes`` are remarks on how the answer was read (a decimal comma) or on its precision; they
    are part of ``message`` too.
    """

    status: Status
    message: str
    expected: Expected
    given: str
    slip: Slip | None = None
    notes: tuple[str, ...] = ()
    elements_right: int = 0
    """How many elements of a vector answer match (all of them when it is right)."""

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


def _read(expected: Expected, text: str) -> Reading:
    """The typed numbers or kind word; raises InputError when unreadable."""
    return reading.read(
        expected.form, expected.size, text, shape=expected.is_shape, rows=expected.rows
    )


def _close(typed: Typed, truth: Value) -> bool:
    """Agrees with the truth to the places written (correctly rounded)."""
    return abs(typed.value - truth.value) <= Fraction(1, 2) * Fraction(10) ** (-typed.places)


def _rounds(typed: Typed, truth: Value) -> bool:
    """The typed number may be a rounding of the truth: a decimal, or an integer against an
    approximate truth (``12`` for 12.3456…; against an exact 24.5 an integer must be exact)."""
    return typed.decimal or (not truth.exact and typed.significant > 0)


def _matches(typed: Typed, truth: Value) -> bool:
    if truth.exact and typed.value == truth.value:
        return True
    return _rounds(typed, truth) and typed.significant >= 2 and _close(typed, truth)


def _values_agree(values: Sequence[Typed], truths: Sequence[Value]) -> bool:
    return len(values) == len(truths) and all(
        _matches(t, v) for t, v in zip(values, truths, strict=True)
    )


def _consistent(values: Sequence[Typed], truths: Sequence[Value]) -> bool:
    """Each value is the truth, or the truth correctly rounded to the places written."""
    return len(values) == len(truths) and all(
        (v.exact and t.value == v.value) or (_rounds(t, v) and _close(t, v))
        for t, v in zip(values, truths, strict=True)
    )


def _agrees(expected: Expected, typed: Reading) -> bool:
    """Right: the answer matches; where it has several sides (``1/3 ≈ 0.3333``), one side
    matches and every side is true (``1/3 ≈ 0.3`` is right, ``0.5 = 0.6835`` is not)."""
    if expected.form == "kind":
        return typed.kind == expected.kind
    sides = (typed.values, *typed.others)
    return any(_values_agree(side, expected.values) for side in sides) and all(
        _consistent(side, expected.values) for side in sides
    )


def _element(index: int, size: int, columns: int = 0) -> str:
    """``element 2: `` (or a matrix's ``cell (1, 2): ``; ``""`` for a single number)."""
    if columns:
        return f"cell {_cell(index, columns)}: "
    return f"element {index + 1}: " if size > 1 else ""


def _cell(index: int, columns: int) -> str:
    """``(1, 2)``: a matrix cell's row and column, from 1."""
    return f"({index // columns + 1}, {index % columns + 1})"


def _near_miss(typed: Sequence[Typed], truths: Sequence[Value], columns: int = 0) -> str:
    """Why an answer that is almost right is still wrong, naming the element that is off (for a
    matrix of ``columns`` columns, every cell that is off)."""
    size = len(truths)
    off = [i for i, (t, v) in enumerate(zip(typed, truths, strict=True)) if not _matches(t, v)]
    for i in off:
        t, v = typed[i], truths[i]
        if not _rounds(t, v):
            continue
        where = _element(i, size, columns)
        if t.significant < 2 and _close(t, v):
            return (
                f" ({where}right to the places written, but a decimal needs two significant "
                "figures)"
            )
        if t.places >= 0 and abs(t.value - v.value) <= Fraction(10) ** (-t.places):
            rounded = fmt.decimal(v.value, t.places)
            written = fmt.decimal(t.value, t.places)
            if rounded != written:
                unit = "place" if t.places == 1 else "places"
                return f" ({where}to {t.places} {unit} it rounds to {rounded}, not {written})"
    if columns and 0 < len(off) < size:
        cells = [_cell(i, columns) for i in off]
        right = size - len(off)
        rest = f"the other {right} {'is' if right == 1 else 'are'} right"
        if len(cells) == 1:
            return f" (cell {cells[0]} is off, as (row, column); {rest})"
        listed = f"{', '.join(cells[:-1])} and {cells[-1]}"
        return f" (cells {listed} are off, as (row, column); {rest})"
    if columns and off:
        return " (every cell is off)"
    if size > 1 and 0 < len(off) < size:
        names = [str(i + 1) for i in off]
        if len(names) == 1:
            return f" (element {names[0]} is off)"
        return f" (elements {', '.join(names[:-1])} and {names[-1]} are off)"
    return ""


def _notes_text(notes: Sequence[str]) -> str:
    return "".join(f" Note: {note}." for note in notes)


def _precision_note(expected: Expected, typed: Reading) -> str:
    """On a right answer: the question asked for more places or figures than were written."""
    decimals = [t for t in typed.values if t.decimal]
    if not decimals or expected.form == "kind":
        return ""
    asked = expected.asked
    if asked.places and min(t.places for t in decimals) < asked.places:
        fewest = min(t.places for t in decimals)
        return (
            f"the question asks for {places_text(asked.places)}; "
            f"{fewest} {'was' if fewest == 1 else 'were'} given"
        )
    if asked.figures and min(t.significant for t in decimals) < asked.figures:
        fewest = min(t.significant for t in decimals)
        return (
            f"the question asks for {figures_text(asked.figures)}; "
            f"{fewest} {'was' if fewest == 1 else 'were'} given"
        )
    return ""


def _display(expected: Expected, typed: Reading) -> str:
    """The true answer, to the places asked for or written (at least the default 4)."""
    written = [t.places for t in typed.values if t.decimal and t.places > 0]
    digits = min(max([DEFAULT_DIGITS, *written]), MAX_SHOWN_DIGITS)
    return expected.as_text(digits)


def check(expected: Expected, text: str) -> Verdict:
    """Check ``text`` against ``expected``; never raises for bad text (status ``unreadable``).

    The answer is shown to the precision its question asks for (``expected.asked``, see
    :meth:`Expected.asking`); what is accepted does not depend on it.
    """
    try:
        typed = _read(expected, text)
    except InputError as error:
        other = _other_shape(expected, text)
        if other is not None:
            return Verdict(
                "wrong",
                f"Not right: the answer is the {expected.shape_text} map {expected.as_text()}; "
                f"yours is {other.answer.shape_text}. Slip: {other.name} — {other.explanation}",
                expected,
                text,
                other,
            )
        return Verdict(
            "unreadable",
            f"Cannot read that: {error.problem}. Give {expected.describe()}.",
            expected,
            text,
        )
    notes = list(typed.notes)
    shown = _display(expected, typed)
    agrees = _agrees(expected, typed)
    if not agrees and expected.rounded is not None:
        alternative = expected.rounded(expected.rounding_places)
        if alternative is not None and _agrees(alternative.answer, typed):
            agrees = True
            notes.append(alternative.explanation)
    if agrees:
        precision = _precision_note(expected, typed)
        if precision:
            notes.append(precision)
        return Verdict(
            "right",
            f"Right: {shown}.{_notes_text(notes)}",
            expected,
            text,
            notes=tuple(notes),
            elements_right=expected.size if expected.form == "vector" else 0,
        )
    matching = 0
    if expected.form == "vector" and len(typed.values) == expected.size:
        pairs = zip(typed.values, expected.values, strict=True)
        matching = sum(_matches(t, v) for t, v in pairs)
    for slip in expected.slips:
        if (
            (slip.answer.form == "kind") == (expected.form == "kind")
            and slip.answer.size == expected.size
            and slip.answer.rows == expected.rows
            and _agrees(slip.answer, Reading(typed.values, typed.kind))
        ):
            return Verdict(
                "wrong",
                f"Not right: the answer is {shown}. "
                f"Slip: {slip.name} — {slip.explanation}{_notes_text(notes)}",
                expected,
                text,
                slip,
                tuple(notes),
                matching,
            )
    hint = ""
    if expected.form != "kind":
        if typed.others and _values_agree(typed.values, expected.values):
            hint = " (a value on the other side of '=' is not right)"
        else:
            hint = _near_miss(typed.values, expected.values, expected.rows and expected.columns)
    return Verdict(
        "wrong",
        f"Not right: the answer is {shown}{hint}.{_notes_text(notes)}",
        expected,
        text,
        notes=tuple(notes),
        elements_right=matching,
    )


def _other_shape(expected: Expected, text: str) -> Slip | None:
    """The known slip whose map has the shape typed and agrees with it, for a matrix answer
    typed in another shape (the padding forgotten, the stride ignored); None if none does."""
    if not expected.rows:
        return None
    for slip in expected.slips:
        answer = slip.answer
        if not answer.rows or (answer.rows, answer.size) == (expected.rows, expected.size):
            continue
        try:
            typed = _read(answer, text)
        except InputError:
            continue
        if _agrees(answer, Reading(typed.values)):
            return slip
    return None
