"""The problem bank: where its folder is, every problem in it (in order), and one found by id.

Where the bank lives: ``problems/`` at the repository root is the source; the wheel ships a
copy as ``aecalc/problems`` (hatch ``force-include``), so an installed aecalc finds it inside the
package and a source checkout (editable install) finds it beside ``src/``. ``AECALC_PROBLEMS``
overrides both.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from pathlib import Path

from aecalc.errors import InputError
from aecalc.practice import topics
from aecalc.practice.bank.files import load_file, problem_of, read_table, topic_of, where
from aecalc.practice.topics.problem import Problem
from aecalc.values.paths import user_path


def bank_dir() -> Path:
    """The folder holding the bank (see the module docstring for the search order)."""
    override = os.environ.get("AECALC_PROBLEMS")
    if override:
        return Path(override)
    package = Path(__file__).resolve().parents[2]  # src/aecalc (an installed wheel: aecalc/)
    inside = package / "problems"
    if inside.is_dir():
        return inside
    return package.parents[1] / "problems"  # the repository's problems/ in a source checkout


def load_bank(folder: Path | None = None, only: Collection[str] | None = None) -> list[Problem]:
    """Every problem in the bank (of the topics ``only`` names, if given), in the topics' order;
    ids must be unique.

    With ``only``, a file of another topic is read as TOML and left there: its ``[solve]``
    table is not worked through its topic's reader, and its fields are checked by the readers
    of the whole bank (``aecalc problems`` without ``--topic``, ``check``), not here.
    """
    place = folder or bank_dir()
    if not place.is_dir():
        raise InputError("problems", f"the problem bank {str(place)!r} is not a folder")
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for path in sorted(place.glob("*.toml")):
        data, text = read_table(path)
        if only is not None and topic_of(data) not in only:
            continue
        problem = problem_of(data, text, path)
        if problem.id in seen:
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
    return (topics.IDS.index(problem.topic), notes_first, prefix.upper(), int(digits or 0), rest)


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
