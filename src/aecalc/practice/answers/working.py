"""A student's working as typed: one step per line, in the order of the worked solution.

A line is a value (read as the checker reads an answer: vectors, fractions, ``≈``, units), or
``name = value`` where ``name`` is a step's name or another spelling of it (``z``, ``x̂``,
``xhat``, ``We·x``; ``name: value`` too), or ``-`` (or nothing) for a step left out. A named
line may skip ahead (the steps between are left out) or go back to a step not yet given; the
lines after it follow on from it. Blank lines at the end are not steps.
"""

from __future__ import annotations

from aecalc.errors import InputError
from aecalc.practice.answers.steps import Working

LEFT_OUT = frozenset({"", "-", "−", "–", "—", "?"})
"""What a line (or the value after ``name =``) is when its step is left out."""
MAX_WORKING_CHARS = 20_000


def named(working: Working, line: str) -> tuple[int | None, str]:
    """The step a line names (``z = …``, ``z: …``) and the value after the name; (None, the
    whole line) when it names none (a value's own ``=``, ``1/3 = 0.3333``, stays in it)."""
    for separator in ("=", ":"):
        head, found, rest = line.partition(separator)
        if found and head.strip():
            index = working.position(head.strip())
            if index is not None:
                return index, rest.strip()
    return None, line.strip()


def read_working(working: Working, text: str, argument: str = "--working") -> list[str | None]:
    """The value typed for each step, in the steps' order (None: left out); raises InputError
    (naming ``argument``) for more lines than steps or a step given twice."""
    if len(text) > MAX_WORKING_CHARS:
        raise InputError(
            argument, f"is too long ({len(text):,} characters; at most {MAX_WORKING_CHARS:,})"
        )
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    count = len(working.steps)
    entries: list[str | None] = [None] * count
    given_on: dict[int, int] = {}
    cursor = 0
    for number, line in enumerate(lines, start=1):
        index, value = named(working, line)
        if index is None:
            index = cursor
        if index >= count:
            raise InputError(
                argument,
                f"line {number} goes past the last step: the worked solution has {count} steps "
                f"({', '.join(working.names)})",
            )
        if index in given_on:
            raise InputError(
                argument,
                f"step {working.steps[index].name} is given twice (lines {given_on[index]} and "
                f"{number})",
            )
        given_on[index] = number
        entries[index] = None if value in LEFT_OUT else value
        cursor = index + 1
    return entries
