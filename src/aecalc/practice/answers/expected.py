"""What a question wants: its true values (exact or close), their form, the known slips, and how
the answer is shown and described.

An :class:`Expected` is made by a topic's solver (:func:`number`, :func:`vector`,
:func:`matrix`, :func:`kind`) and checked by :func:`aecalc.practice.answers.checker.check`. A
:class:`Value` is the number itself (``exact``) or, for a transcendental result (σ(1), ln 0.675),
a Fraction good to 30+ places that only decimals can match. A :class:`Slip` is a known mistake
and the answer it produces, itself an :class:`Expected`.

The precision a question asks for (``(8 decimal places)``, ``(4 significant figures)``) is read
once, when the question is made (:mod:`aecalc.practice.answers.precision`), and given to the
answer by :meth:`Expected.asking`: the answer is then shown to that precision and the prompt
(:meth:`Expected.describe`) says it, next to what is accepted; it never changes a verdict. An
answer worked from values rounded as a working shows them is accepted too where a step list
gives it that alternative (:meth:`Expected.allowing`, :attr:`Expected.rounded`; see
:mod:`aecalc.practice.answers.steps`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Literal

from aecalc.practice.answers.precision import Precision, places_for_figures
from aecalc.record import Record, field, replace
from aecalc.values import fmt

Form = Literal["number", "integer", "vector", "kind"]

KINDS = ("undercomplete", "overcomplete", "complete")
DEFAULT_DIGITS = 4
"""Places an answer is shown to unless the question or the typed answer asks for more."""
MAX_SHOWN_DIGITS = 20
"""The most places an answer is shown to."""


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
    """What a question wants: its ``form``, the true values (or kind word), and the known slips.

    ``asked`` is the precision the question's text asks for (0 places and figures: not said); it
    changes only how the answer is shown and described, never what is accepted.
    """

    form: Form
    values: tuple[Value, ...] = ()
    kind: str = ""
    slips: tuple[Slip, ...] = ()
    asked: Precision = Precision()
    rounded: Callable[[int], Slip | None] | None = field(default=None, compare=False)
    """Given the places a working rounds to: the answer worked from the earlier values rounded
    so, accepted as right (its ``explanation`` is the note said), or None; None: no steps."""
    rows: int = 0
    """A matrix answer (form ``vector``): its number of rows, the values in reading order; 0: not
    a matrix."""

    @property
    def size(self) -> int:
        return len(self.values)

    @property
    def columns(self) -> int:
        """A matrix's number of columns (a vector's size)."""
        return self.size // self.rows if self.rows else self.size

    @property
    def shape_text(self) -> str:
        """``3×3`` for a matrix, ``""`` for anything else."""
        return f"{self.rows}×{self.columns}" if self.rows else ""

    @property
    def is_shape(self) -> bool:
        """A vector of exact whole numbers (an output shape): ``14x14x16`` reads as three values."""
        return (
            self.form == "vector"
            and not self.rows
            and all(v.exact and v.value.denominator == 1 for v in self.values)
        )

    def asking(self, precision: Precision) -> Expected:
        """The same answer, shown to the precision its question asks for."""
        if precision == self.asked or not precision.said:
            return self
        return replace(self, asked=precision)

    def allowing(self, rounded: Callable[[int], Slip | None]) -> Expected:
        """The same answer, also accepting what values rounded as a working shows them give."""
        return replace(self, rounded=rounded)

    @property
    def rounding_places(self) -> int:
        """The places a working's earlier values are rounded to: 4, or more where asked."""
        return max(DEFAULT_DIGITS, self.asked.places)

    def describe(self) -> str:
        """The expected form, in words, for prompts and 'cannot read' messages.

        It promises exactly what :func:`check` accepts.
        """
        if self.form == "kind":
            words = (
                "undercomplete, overcomplete or complete"
                if self.kind == "complete"
                else ("undercomplete or overcomplete")
            )
            return f"a kind: {words} (under / over will do)"
        if self.form == "integer":
            return "a whole number, e.g. 59"
        rounded = "a decimal correctly rounded to 2 or more significant figures"
        asked = self.asked.text()
        if asked:
            rounded = (
                f"a decimal to {asked} (any decimal correctly rounded to 2 or more "
                "significant figures is accepted)"
            )
        if self.rows:
            each = f"each to {asked}; " if asked else ""
            return (
                f"a {self.shape_text} matrix, rows split by ';', e.g. "
                f"{_matrix_example(self.rows, self.columns)} (brackets allowed; {each}decimals "
                "correctly rounded to 2 or more significant figures are accepted)"
            )
        if self.form == "vector":
            each = f"each to {asked}; " if asked else ""
            return (
                f"{self.size} numbers separated by commas, e.g. {_example(self.size)} ({each}any decimal "
                "correctly rounded to 2 or more significant figures is accepted)"
            )
        if self.values and self.values[0].exact:
            return f"a number: exact (a fraction like 1/3) or {rounded}"
        return rounded

    def _shown_digits(self, value: Value, digits: int) -> int:
        """Places to show ``value`` to: ``digits``, or more where the question asks for more
        places; where it asks for significant figures, as many places as those figures take
        (2.517 and 0.007288 for 4 figures), or ``digits`` when more were asked for by the caller
        (more than the default: the places an answer was typed to)."""
        if self.asked.figures and value.value:
            figures = places_for_figures(value.value, self.asked.figures)
            shown = figures if digits <= DEFAULT_DIGITS else max(digits, figures)
        else:
            shown = max(digits, self.asked.places)
        return min(shown, max(digits, MAX_SHOWN_DIGITS))

    def as_text(self, digits: int = DEFAULT_DIGITS) -> str:
        """The true answer written out (exact where exact, else ``digits`` places, or the
        precision the question asks for: more places, or its significant figures)."""
        if self.form == "kind":
            return self.kind
        return self._joined([value_text(v, self._shown_digits(v, digits)) for v in self.values])

    def _joined(self, texts: Sequence[str]) -> str:
        """Values as written: ``1, 2, 3``, or a matrix's rows split by ``;`` (``1, 2; 3, 4``)."""
        if not self.rows:
            return ", ".join(texts)
        width = self.columns
        return "; ".join(", ".join(texts[i : i + width]) for i in range(0, len(texts), width))

    def as_answer(self, digits: int = DEFAULT_DIGITS) -> str:
        """What a student who got it right would type: exact fractions, else ``digits`` places."""
        if self.form == "kind":
            return self.kind
        return self._joined(
            [
                fmt.exact(v.value)
                if v.exact
                else fmt.decimal(v.value, self._shown_digits(v, digits))
                for v in self.values
            ]
        )


def number(value: Fraction | int, exact: bool = True, slips: Sequence[Slip] = ()) -> Expected:
    """A single number; ``integer`` form when it is an exact whole number."""
    value = Fraction(value)
    form: Form = "integer" if exact and value.denominator == 1 else "number"
    return Expected(form, (Value(value, exact),), slips=tuple(slips))


def vector(values: Sequence[Value], slips: Sequence[Slip] = ()) -> Expected:
    return Expected("vector", tuple(values), slips=tuple(slips))


def matrix(rows: Sequence[Sequence[Value]], slips: Sequence[Slip] = ()) -> Expected:
    """A matrix (a feature map), row by row."""
    values = tuple(v for row in rows for v in row)
    return Expected("vector", values, slips=tuple(slips), rows=len(rows))


def kind(word: str, slips: Sequence[Slip] = ()) -> Expected:
    if word not in KINDS:
        raise ValueError(f"{word!r} is not a kind")
    return Expected("kind", kind=word, slips=tuple(slips))


def value_text(value: Value, digits: int = DEFAULT_DIGITS) -> str:
    """``59``, ``1/3 ≈ 0.3333``, ``0.6835`` (an approximation shows only its decimal)."""
    if value.exact:
        text = fmt.short(value.value, digits)
        return f"{text} ≈ {fmt.decimal(value.value, digits)}" if "/" in text else text
    return fmt.decimal(value.value, digits)


def _matrix_example(rows: int, columns: int) -> str:
    """``1, 2; 3, 4``: a matrix of the shape asked for, to show the form (``…`` past four rows).

    >>> _matrix_example(2, 3), _matrix_example(6, 1)
    ('1, 2, 3; 4, 5, 6', '1; 2; 3; 4; …')
    """
    shown = [
        ", ".join(str(r * columns + c + 1) for c in range(columns)) for r in range(min(rows, 4))
    ]
    return "; ".join(shown) + ("; …" if rows > 4 else "")


def _example(size: int) -> str:
    """An answer of ``size`` numbers to show the form: ``0.5, 1/4, 0.75``; past four, ``…``.

    >>> _example(2), _example(3), _example(6)
    ('0.5, 1/4', '0.5, 1/4, 0.75', '0.5, 1/4, 0.75, 2, …')
    """
    shown = ("0.5", "1/4", "0.75", "2")[: max(size, 1)]
    return ", ".join(shown) + (", …" if size > len(shown) else "")
