"""A worked solution's steps on the page (``solve --steps``) and a student's working marked as an
examiner marks it (``check --working``): every line right, wrong or follow-through, the first
wrong step, what went wrong there, the marks — then the steps of the solution, and the whole
worked solution only when asked (``--full``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aecalc.present.document import Block, Cell, Document, Facts, Note, Table

if TYPE_CHECKING:
    from aecalc.practice.answers.marks import Marked, MarkedWorking
    from aecalc.practice.answers.steps import Step, Working
    from aecalc.practice.topics.problem import Problem
    from aecalc.practice.topics.solution import Solution

MAX_SHOWN_CHARS = 28
"""A typed value longer than this is shortened in the marked table (the JSON keeps it all)."""


def _marks(count: int) -> str:
    return f"{count} mark{'' if count == 1 else 's'}"


def steps_items(working: Working, digits: int) -> tuple[tuple[str, Cell], ...]:
    """``z  σ(W_e·x) = [0.7311, 0.5]``: each step by its name, how it is worked and its value."""
    items: list[tuple[str, Cell]] = []
    for step in working.steps:
        line = step.line(digits)
        items.append((step.name, line.removeprefix(f"{step.name} = ")))
    return tuple(items)


def steps_document(problem: Problem, working: Working, digits: int) -> Document:
    """``aecalc solve ID --steps``: the steps, one a line, with the names a working uses (to
    the places the question asks for, where it asks for more)."""
    digits = max(digits, min(problem.precision.places, 20))
    blocks: list[Block] = [
        Facts("Steps of the worked solution", steps_items(working, digits)),
        Note(
            f"{_marks(working.out_of)}"
            + (
                ", one per step."
                if all(step.marks == 1 for step in working.steps)
                else " (" + ", ".join(f"{s.name} {s.marks}" for s in working.steps) + ")."
            )
            + f" Check a working with aecalc check {problem.id} --working - (one step a line, "
            "in this order, name = value or the value alone; - for a step left out)."
        ),
    ]
    return Document(f"{problem.id} · {problem.title} · the steps", tuple(blocks))


def steps_json(problem: Problem, working: Working) -> dict[str, object]:
    """``solve --steps --json``: the steps in order, each ``name`` and ``value`` (a number or a
    list), with its other spellings, the steps it depends on and its marks."""

    def value(step: Step) -> object:
        numbers = [float(v.value) for v in step.expected.values]
        return numbers if step.vector else numbers[0]

    return {
        "id": problem.id,
        "steps": [
            {
                "name": step.name,
                "value": value(step),
                "text": step.expected.as_text(),
                "how": step.how or None,
                "depends": list(step.depends),
                "aliases": list(step.aliases),
                "marks": step.marks,
            }
            for step in working.steps
        ],
        "out_of": working.out_of,
    }


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_SHOWN_CHARS else text[: MAX_SHOWN_CHARS - 1] + "…"


def _why(line: Marked) -> str:
    """The remark on one marked line: the slip where one is named, where a follow-through comes
    from, why a line earns nothing or a left-out line its mark."""
    if line.verdict == "wrong" and line.slip is not None:
        return f"slip: {line.slip.name}" + (f"; {line.note}" if line.note else "")
    if line.verdict == "left out" and not line.implied:
        return "nothing after it shows it"
    return line.note


def marked_table(marked: MarkedWorking, digits: int, title: str = "Your working, marked") -> Table:
    """One row per step: the name, the value typed, the verdict, the marks and the remark."""
    rows = tuple(
        (
            line.step.name,
            "—" if line.given is None else _short(line.given),
            line.verdict,
            f"{line.earned}/{line.step.marks}",
            _why(line),
        )
        for line in marked.lines
    )
    return Table(title, ("step", "you wrote", "verdict", "marks", "remark"), rows)


def marked_blocks(marked: MarkedWorking, working: Working, digits: int) -> list[Block]:
    """The steps of the solution, the marked lines, then the first wrong step and the marks."""
    first = marked.first_wrong
    return [
        Facts("The worked steps", steps_items(working, digits)),
        marked_table(marked, digits),
        Note(marked.summary(digits), "warning" if first is not None else "note"),
    ]


def verdict_line(marked: MarkedWorking, working: Working, digits: int) -> str:
    """``Final answer right: x̂ = [0.6750, 0.6225].`` (or not, and whether it follows through)."""
    last = working.steps[-1]
    value = last.expected.as_text(digits)
    shown = f"[{value}]" if last.vector else value
    verdict = "right" if marked.final_right else "not right"
    line = f"Final answer {verdict}: {last.name} = {shown}."
    if marked.lines[-1].verdict == "follow-through":
        line += " Yours follows through from an earlier wrong value."
    return line


def marked_document(
    problem: Problem, marked: MarkedWorking, solution: Solution, digits: int, full: bool
) -> Document:
    """``aecalc check ID --working``: the verdict on the final answer first, the worked steps,
    the marked lines, the first wrong step and the marks; the whole solution with ``full``."""
    from aecalc.practice.printouts.problems import header, worked_blocks

    working = solution.working
    assert working is not None
    blocks: list[Block] = [
        Note(verdict_line(marked, working, digits), "note" if marked.final_right else "warning"),
        *marked_blocks(marked, working, digits),
    ]
    if full:
        blocks += [header(problem), *worked_blocks(solution, digits, problem)]
    return Document(
        f"{problem.id} · working marked · {marked.marks}/{marked.out_of}", tuple(blocks)
    )
