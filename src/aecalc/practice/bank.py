"""The problem bank: one TOML file per problem, read with :mod:`tomllib` and checked field by field.

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

Where the bank lives: ``problems/`` at the repository root is the source; the
wheel ships a copy as ``aecalc/problems`` (hatch ``force-include``), so an
installed aecalc finds it inside the package and a source checkout (editable
install) finds it beside ``src/``. ``AECALC_PROBLEMS`` overrides both.

A malformed file raises :class:`~aecalc.errors.InputError` naming the file, the
line (where it can be found) and the field: ``problems/q2.toml:7: field
solve.sizes: …``.

This module loads and validates whole files; the field readers are in
:mod:`aecalc.practice.fields`, the per-topic ``[solve]`` readers in
:mod:`aecalc.practice.readers` and the records in :mod:`aecalc.practice.specs`.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path

from aecalc.errors import InputError
from aecalc.practice import topics
from aecalc.practice.answers.precision import asked_precision
from aecalc.practice.fields import FieldError, string, strings, where, whole
from aecalc.practice.specs import (
    BackpropSpec,
    ClassifySpec,
    ConvParamsSpec,
    ForwardSpec,
    LossSpec,
    ParamsSpec,
    PenaltySpec,
    Problem,
    Spec,
)
from aecalc.values.paths import read_bounded, user_path

__all__ = [
    "MAX_FILE_BYTES",
    "SOLVE_KINDS",
    "TOPICS",
    "BackpropSpec",
    "ClassifySpec",
    "ConvParamsSpec",
    "ForwardSpec",
    "LossSpec",
    "ParamsSpec",
    "PenaltySpec",
    "Problem",
    "Spec",
    "bank_dir",
    "find",
    "load_bank",
    "load_file",
]

TOPICS = topics.IDS
SOLVE_KINDS = topics.NUMERIC
MAX_FILE_BYTES = 200_000


def bank_dir() -> Path:
    """The folder holding the bank (see the module docstring for the search order)."""
    override = os.environ.get("AECALC_PROBLEMS")
    if override:
        return Path(override)
    package = Path(__file__).resolve().parents[1]  # src/aecalc (an installed wheel: aecalc/)
    inside = package / "problems"
    if inside.is_dir():
        return inside
    return package.parents[1] / "problems"  # the repository's problems/ in a source checkout


def load_file(path: Path) -> Problem:
    """Read and validate one problem file; raise InputError (file, line, field) if malformed."""
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
    try:
        return _problem(data, path)
    except FieldError as error:
        raise InputError(
            where(path, text, error.name), f"field {error.name}: {error.problem}"
        ) from None


def _spec(data: Mapping[str, object]) -> Spec:
    """The ``[solve]`` table, read by its kind's reader (:mod:`aecalc.practice.topics`)."""
    kind = data.get("kind")
    if kind not in SOLVE_KINDS:
        raise FieldError("solve.kind", f"{kind!r} is not one of {', '.join(SOLVE_KINDS)}")
    spec: Spec = topics.resolve(topics.get(str(kind)).reader)(data)
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
    }
    for name in data:
        if name not in known:
            raise FieldError(name, f"unknown field (known: {', '.join(sorted(known))})")
    ident = string(data, "id")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}", ident):
        raise FieldError("id", "use letters, digits, '-', '_' or '.' (at most 40)")
    topic = string(data, "topic")
    if topic not in TOPICS:
        raise FieldError("topic", f"{topic!r} is not one of {', '.join(TOPICS)}")
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
        path=path,
    )


def _answer(data: Mapping[str, object]) -> str:
    value = data.get("answer")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return string(data, "answer")


def load_bank(folder: Path | None = None) -> list[Problem]:
    """Every problem in the bank, in file-name order; ids must be unique."""
    place = folder or bank_dir()
    if not place.is_dir():
        raise InputError("problems", f"the problem bank {str(place)!r} is not a folder")
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for path in sorted(place.glob("*.toml")):
        problem = load_file(path)
        if problem.id in seen:
            text = path.read_text(encoding="utf-8")
            raise InputError(
                where(path, text, "id"),
                f"field id: {problem.id!r} is also the id of {seen[problem.id].name}",
            )
        seen[problem.id] = path
        problems.append(problem)
    return sorted(problems, key=_order)


def _order(problem: Problem) -> tuple[int, int, str, int, str]:
    """Topic order, then the course notes' own problems (Q, F, L) first, then by number."""
    match = re.fullmatch(r"([A-Za-z]+)(\d*)(.*)", problem.id)
    prefix, digits, rest = match.groups() if match else (problem.id, "", "")
    notes_first = 0 if prefix.upper() in ("Q", "F", "L") else 1
    return (TOPICS.index(problem.topic), notes_first, prefix.upper(), int(digits or 0), rest)


def find(name: str, folder: Path | None = None) -> Problem:
    """A problem by file path, or by id (``Q2``) or file stem from the bank."""
    if not name.strip():
        raise InputError("FILE", "is empty: give a problem file or a bank id such as Q2")
    path = Path(name)
    try:
        named_file = path.suffix == ".toml" or path.exists()
    except OSError:  # a name too long to be a file: it may still be an id
        named_file = False
    if named_file:
        user_path(path, "FILE")
        if not path.exists():
            raise InputError("FILE", f"{name!r} does not exist")
        if not path.is_file():
            raise InputError("FILE", f"{name!r} is not a file")
        return load_file(path)
    for problem in load_bank(folder):
        stem = problem.path.stem if problem.path is not None else ""
        if name.lower() in (problem.id.lower(), stem.lower()):
            return problem
    raise InputError("FILE", f"{name!r} is neither a .toml file nor a problem id in the bank")
