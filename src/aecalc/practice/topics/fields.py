"""Reading one field of a problem file's ``[solve]`` table: typed, range-checked, with the
field's name in every error.

Each reader raises :class:`FieldError` naming the dotted field (``solve.sizes``);
:func:`aecalc.practice.bank.files.load_file` turns it into an
:class:`~aecalc.errors.InputError` with the file and the line.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from aecalc.errors import InputError
from aecalc.values.parse import Matrix, Vector, parse_matrix, parse_number, parse_vector


class FieldError(Exception):
    """A field of a problem file that is missing or malformed: ``name`` (dotted) and ``problem``."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(problem)
        self.name = name
        self.problem = problem


def whole(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(name, f"must be a whole number from {low} to {high}")
    if not low <= value <= high:
        raise FieldError(name, f"{value} is out of range ({low} to {high})")
    return value


def boolean(data: Mapping[str, object], name: str, default: bool) -> bool:
    value = data.get(name, default)
    if not isinstance(value, bool):
        raise FieldError(f"solve.{name}", "must be true or false")
    return value


def choice(data: Mapping[str, object], name: str, choices: tuple[str, ...], default: str) -> str:
    value = data.get(name, default)
    if value not in choices:
        raise FieldError(f"solve.{name}", f"{value!r} is not one of {', '.join(choices)}")
    return str(value)


def _text_of(value: object) -> str:
    """A TOML value (string, integer or array of them) as the CLI's input syntax."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise ValueError("true/false is not a number")
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ",".join(_text_of(v) for v in value) + "]"
    raise ValueError("expected numbers")


def vector(data: Mapping[str, object], name: str, required: bool = True) -> Vector | None:
    if name not in data:
        if required:
            raise FieldError(f"solve.{name}", "is missing")
        return None
    try:
        return parse_vector(_text_of(data[name]), name)
    except (InputError, ValueError) as error:
        problem = error.problem if isinstance(error, InputError) else str(error)
        raise FieldError(f"solve.{name}", problem) from None


def matrix(data: Mapping[str, object], name: str) -> Matrix:
    if name not in data:
        raise FieldError(f"solve.{name}", "is missing")
    value = data[name]
    try:
        if isinstance(value, list) and value and all(isinstance(v, list) for v in value):
            rows = tuple(parse_vector(_text_of(row), name) for row in value)
            for number, row in enumerate(rows[1:], start=2):
                if len(row) != len(rows[0]):
                    raise ValueError(
                        f"ragged matrix: row 1 has {len(rows[0])} values but row {number} "
                        f"has {len(row)}"
                    )
            return rows
        return parse_matrix(_text_of(value), name)
    except (InputError, ValueError) as error:
        problem = error.problem if isinstance(error, InputError) else str(error)
        raise FieldError(f"solve.{name}", problem) from None


def number(data: Mapping[str, object], name: str, default: Fraction) -> Fraction:
    if name not in data:
        return default
    try:
        return parse_number(_text_of(data[name]), name)
    except (InputError, ValueError) as error:
        problem = error.problem if isinstance(error, InputError) else str(error)
        raise FieldError(f"solve.{name}", problem) from None


def items(data: Mapping[str, object], name: str) -> list[object]:
    """A non-empty list field of ``[solve]``."""
    value = data.get(name)
    if not isinstance(value, list) or not value:
        raise FieldError(f"solve.{name}", "must be a non-empty list")
    return value
