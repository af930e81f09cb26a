"""Reading one field of a problem file: typed, range-checked, with the field's name in every error.

Each reader raises :class:`FieldError` naming the dotted field (``solve.sizes``);
:func:`aecalc.practice.bank.load_file` turns it into an
:class:`~aecalc.errors.InputError` with the file and the line, found by
:func:`where`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path

from aecalc.errors import InputError
from aecalc.values.parse import Matrix, Vector, parse_matrix, parse_number, parse_vector


class FieldError(Exception):
    """A field of a problem file that is missing or malformed: ``name`` (dotted) and ``problem``."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(problem)
        self.name = name
        self.problem = problem


def line_of(text: str, dotted: str) -> int | None:
    """The line where ``dotted`` (``solve.sizes``) is set, by scanning the TOML text."""
    *tables, key = dotted.split(".")
    wanted = ".".join(tables)
    current = ""
    table_line: int | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        header = re.fullmatch(r"\[\s*([A-Za-z0-9_.\- ]+?)\s*\]\s*(#.*)?", line)
        if header:
            current = header.group(1).replace(" ", "")
            if current == dotted:
                return number
            if current == wanted:
                table_line = number
            continue
        if current == wanted and re.match(rf"{re.escape(key)}\s*=", line):
            return number
    return table_line


def where(path: Path, text: str, name: str) -> str:
    """``path:line`` of the field ``name`` (just the path when the line cannot be found)."""
    line = line_of(text, name) if name else None
    return f"{path}:{line}" if line is not None else str(path)


def flow(text: str) -> str:
    """Join a TOML multi-line string's lines into paragraphs (a blank line keeps a break)."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


def string(data: Mapping[str, object], name: str, required: bool = True, prefix: str = "") -> str:
    value = data.get(name)
    if value is None:
        if required:
            raise FieldError(prefix + name, "is missing")
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise FieldError(prefix + name, "must be a non-empty string")
    return flow(value)


def strings(data: Mapping[str, object], name: str, required: bool) -> tuple[str, ...]:
    value = data.get(name)
    if value is None:
        if required:
            raise FieldError(name, "is missing")
        return ()
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, str) and v.strip() for v in value)
    ):
        raise FieldError(name, "must be a non-empty list of strings")
    return tuple(flow(v) for v in value)


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
