"""A problem file: one TOML file per problem, read with :mod:`tomllib` and checked field by field.

A numeric problem says *how* to solve it as structured inputs — a ``[solve]``
table with a ``kind`` (a numeric topic of :mod:`aecalc.practice.topics`, whose
``reader`` checks that kind's parameters) — never as code or a command line to run. A theory problem
has a question, key points and an optional worked example. Example::

    id = "Q2"
    topic = "params"
    title = "Parameters of a vanilla 8 → 3 → 8 autoencoder"
    source = "course notes, Q2"
    difficulty = 1
    statement = "A vanilla autoencoder is 8 → 3 → 8. How many parameters has it?"
    answer = "59"

    [solve]
    kind = "params"
    sizes = [8, 3, 8]
    quantity = "total"

A malformed file raises :class:`~aecalc.errors.InputError` naming the file, the
line (where it can be found) and the field: ``problems/q2.toml:7: field
solve.sizes: …``.

This module reads and checks one file (the fields every problem has are read here; the
``[solve]`` table by its topic's reader, :mod:`aecalc.practice.topics`);
:mod:`aecalc.practice.bank.folder` finds the bank and reads all of it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from aecalc.errors import InputError
from aecalc.practice import topics
from aecalc.practice.answers.precision import asked_precision
from aecalc.practice.topics.fields import FieldError, whole
from aecalc.practice.topics.problem import Problem
from aecalc.values.paths import read_bounded

if TYPE_CHECKING:
    from aecalc.practice.topics.problem import Spec

MAX_FILE_BYTES = 200_000
MAX_LIST_ITEMS = 100
"""Items a list of a ``[solve]`` table may hold (layers, sizes, rows): an exam question's net is
small, and 40,000 one-unit layers in a 160 kB file made ``check`` and ``solve`` run for minutes.
A list inside a list is bounded the same way; a matrix written as text is bounded by
:data:`aecalc.values.parse.MAX_VALUES`."""


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


def topic_of(data: Mapping[str, object]) -> str | None:
    """A file's ``topic`` as its problem will hold it (its spaces folded, as :func:`string`
    folds them), or None where it is not text."""
    value = data.get("topic")
    return flow(value) if isinstance(value, str) else None


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


def load_file(path: Path) -> Problem:
    """Read and validate one problem file; raise InputError (file, line, field) if malformed."""
    return problem_of(*read_table(path), path)


def read_table(path: Path) -> tuple[dict[str, object], str]:
    """One problem file's TOML table and its text, not yet checked as a problem (InputError
    where the file cannot be read or is not TOML)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputError(str(path), f"larger than {MAX_FILE_BYTES:,} bytes: not a problem file")
        raw = read_bounded(
            path,
            str(path),
            MAX_FILE_BYTES,
            f"larger than {MAX_FILE_BYTES:,} bytes: not a problem file",
        )
    except OSError as error:
        raise InputError(str(path), f"cannot read: {error.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(str(path), "not UTF-8 text") from None
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors write
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise InputError(str(path), "not valid TOML: arrays or tables nested too deeply") from None
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column \d+\)", message)
        detail = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        location = f"{path}:{found.group(1)}" if found else str(path)
        raise InputError(location, f"not valid TOML: {detail}") from None
    except ValueError:  # int() refuses integers of more than 4,300 digits
        raise InputError(str(path), "not valid TOML: a number has too many digits") from None
    return data, text


def problem_of(data: Mapping[str, object], text: str, path: Path) -> Problem:
    """The problem a file's table (:func:`read_table`) describes, each field checked (InputError
    naming the file, line and field)."""
    try:
        return _problem(data, path)
    except FieldError as error:
        raise InputError(
            where(path, text, error.name), f"field {error.name}: {error.problem}"
        ) from None


def _bounded(value: object, name: str) -> None:
    """Refuse a list (at any depth) of more than :data:`MAX_LIST_ITEMS` items in ``value``."""
    lists = [value]
    while lists:
        current = lists.pop()
        if isinstance(current, list):
            if len(current) > MAX_LIST_ITEMS:
                raise FieldError(
                    name,
                    f"has {len(current):,} items: a problem file's list holds at most "
                    f"{MAX_LIST_ITEMS} (an exam question's net is small; the commands take "
                    "larger ones)",
                )
            lists += current
        elif isinstance(current, dict):
            lists += current.values()


def _spec(data: Mapping[str, object]) -> Spec:
    """The ``[solve]`` table, read by its kind's reader (:data:`aecalc.practice.topics.TOPICS`),
    its lists bounded first (:data:`MAX_LIST_ITEMS`)."""
    for name, value in data.items():
        _bounded(value, f"solve.{name}")
    kind = data.get("kind")
    if kind not in topics.NUMERIC:
        raise FieldError("solve.kind", f"{kind!r} is not one of {', '.join(topics.NUMERIC)}")
    reader = topics.get(str(kind)).reader
    assert reader is not None
    spec: Spec = reader(data)
    return spec


def _problem(data: Mapping[str, object], path: Path) -> Problem:
    known = {
        "id",
        "topic",
        "title",
        "statement",
        "question",
        "source",
        "difficulty",
        "answer",
        "hint",
        "key_points",
        "example",
        "themes",
        "solve",
        "marks",
    }
    for name in data:
        if name not in known:
            raise FieldError(name, f"unknown field (known: {', '.join(sorted(known))})")
        if name != "solve":  # the [solve] table's lists are bounded by _spec, field by field
            _bounded(data[name], name)
    ident = string(data, "id")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}", ident):
        raise FieldError("id", "use letters, digits, '-', '_' or '.' (at most 40)")
    topic = string(data, "topic")
    if topic not in topics.IDS:
        raise FieldError("topic", f"{topic!r} is not one of {', '.join(topics.IDS)}")
    entry = topics.get(topic)
    difficulty = whole(data.get("difficulty", 1), "difficulty", 1, 3)
    title = string(data, "title")
    source = string(data, "source", required=False)
    hint = string(data, "hint", required=False)
    example = string(data, "example", required=False)
    themes = strings(data, "themes", required=False)
    if not entry.numeric:
        if "solve" in data:
            raise FieldError("solve", "a theory question has no [solve] table")
        if "marks" in data:
            raise FieldError("marks", "a theory question has no steps to give marks to")
        return Problem(
            id=ident,
            topic=topic,
            title=title,
            statement=string(data, "question"),
            source=source,
            difficulty=difficulty,
            hint=hint,
            key_points=strings(data, "key_points", required=True),
            example=example,
            themes=themes,
            path=path,
        )
    solve = data.get("solve")
    if not isinstance(solve, dict):
        raise FieldError("solve", "is missing: a numeric problem needs a [solve] table")
    spec = _spec(solve)
    if spec.kind != topic and spec.kind not in entry.also_solves:
        raise FieldError("solve.kind", f"{spec.kind!r} does not fit topic {topic!r}")
    statement = string(data, "statement")
    return Problem(
        id=ident,
        topic=topic,
        title=title,
        statement=statement,
        source=source,
        difficulty=difficulty,
        spec=spec,
        answer=_answer(data),
        hint=hint,
        example=example,
        themes=themes,
        precision=asked_precision(statement),
        marks=_marks(data),
        path=path,
    )


MAX_STEP_MARKS = 20


def _marks(data: Mapping[str, object]) -> tuple[tuple[str, int], ...]:
    """The ``[marks]`` table: step name → whole marks from 0 to 20 (the names are checked
    against the problem's steps when it is solved)."""
    table = data.get("marks")
    if table is None:
        return ()
    if not isinstance(table, dict) or not table:
        raise FieldError("marks", "must be a table of step names and marks, e.g. z = 2")
    return tuple(
        (str(name), whole(value, f"marks.{name}", 0, MAX_STEP_MARKS))
        for name, value in table.items()
    )


def _answer(data: Mapping[str, object]) -> str:
    value = data.get("answer")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return string(data, "answer")
