"""A mock exam's marked script, to study from: every question as set, the answer given, the right
answer, the marks, which step lost which mark where the working was marked, and the worked
solution of each question answered wrong.

The script opens with the marks of every question at a glance, then takes the questions one by
one, and ends with the result. ``full`` (the script written to a file) gives each question
answered wrong its whole worked solution; on the terminal it has the worked steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from aecalc.present.document import Block, Cell, Document, Facts, Note, Table

if TYPE_CHECKING:
    from aecalc.practice.answers.checker import Expected
    from aecalc.practice.answers.marks import MarkedWorking
    from aecalc.practice.topics.problem import Problem
    from aecalc.practice.topics.solution import Solution


class Marked(Protocol):
    """What the script needs of one question of the paper, as it was sat."""

    @property
    def number(self) -> int: ...
    @property
    def problem(self) -> Problem: ...
    @property
    def solution(self) -> Solution | None: ...
    @property
    def marks(self) -> int: ...
    @property
    def answer(self) -> str: ...
    @property
    def answered(self) -> bool: ...
    @property
    def right(self) -> bool: ...
    @property
    def slip(self) -> str | None: ...
    @property
    def scored(self) -> int: ...
    @property
    def notes(self) -> tuple[str, ...]: ...
    @property
    def marked(self) -> MarkedWorking | None: ...
    @property
    def expected(self) -> Expected | None: ...
    @property
    def partly_right(self) -> bool: ...


def result_text(q: Marked) -> str:
    """``right``, ``wrong (slip: …)``, ``partly right``, ``not answered``, ``self-marked``."""
    if q.expected is None:
        return "self-marked" if q.answered else "not answered"
    if not q.answered:
        return "not answered"
    result = "right" if q.right else "wrong"
    if q.partly_right:
        result = "partly right"
    elif q.marked is not None and not q.right and q.scored:
        result += ", method marks"
    if q.slip:
        result += f" (slip: {q.slip})"
    return result


def overview(questions: Sequence[Marked], digits: int) -> Table:
    """Every question in one row: its topic, the answer given, the right answer, the result and
    the marks."""
    rows = []
    for q in questions:
        right_answer = (
            "key points (self-marked)" if q.expected is None else q.expected.as_text(digits)
        )
        rows.append(
            (
                str(q.number),
                q.problem.topic,
                q.answer or "—",
                right_answer,
                result_text(q),
                f"{q.scored}/{q.marks}",
            )
        )
    return Table(
        "Marked script",
        ("question", "topic", "your answer", "answer", "result", "marks"),
        tuple(rows),
    )


def question_blocks(q: Marked, digits: int, full: bool) -> list[Block]:
    """One question: as set, the answer given and the right one, the marked working (which
    step lost which mark), and where it was answered wrong its worked solution."""
    from aecalc.practice.printouts.problems import theory_blocks, worked_blocks
    from aecalc.practice.printouts.working import marked_table

    heading = f"Question {q.number} · {q.problem.topic} · {q.scored}/{q.marks} marks"
    items: list[tuple[str, Cell]] = [("question", q.problem.statement)]
    items.append(("your answer", q.answer if q.answered and q.answer else "—"))
    if q.expected is not None:
        items.append(("answer", q.expected.as_text(digits)))
    items.append(("result", result_text(q)))
    blocks: list[Block] = [Facts(heading, tuple(items))]
    if q.marked is not None:
        blocks.append(marked_table(q.marked, digits, f"Question {q.number} · your working"))
        lost = [line for line in q.marked.lines if line.lost]
        if lost:
            said = "; ".join(f"{line.step.name} −{line.lost}" for line in lost)
            worth = q.marked
            scaled = (
                ""
                if worth.out_of == q.marks
                else f" Step marks {worth.marks}/{worth.out_of} of the question's {q.marks} "
                f"marks, rounded down: {q.scored}/{q.marks}."
            )
            blocks.append(Note(f"Marks lost: {said}. {worth.summary(digits)}{scaled}"))
    if q.solution is None:
        if not q.right:
            blocks += theory_blocks(q.problem)
        return blocks
    if q.right:
        return blocks
    if full:
        blocks += worked_blocks(q.solution, digits, q.problem)
    else:
        lines = q.solution.steps(digits)
        if q.solution.working is not None:
            lines = tuple(step.line(digits) for step in q.solution.working.steps)
        numbered = tuple((f"{n}.", line) for n, line in enumerate(lines, start=1))
        blocks.append(Facts(f"Question {q.number} · worked solution", numbered))
    return blocks


def script_document(
    questions: Sequence[Marked], result: Facts, digits: int, full: bool = False
) -> Document:
    """The marked script (see the module docstring); ``result`` is the marks, time and seed."""
    blocks: list[Block] = [overview(questions, digits)]
    blocks += [Note(f"on question {q.number}, {note}.") for q in questions for note in q.notes]
    if any(q.partly_right for q in questions):
        blocks.append(
            Note(
                "a vector answer with some entries right earns that share of the marks, "
                "rounded down."
            )
        )
    if any(q.marked is not None for q in questions):
        blocks.append(
            Note(
                "a working earns each step's mark when the step is right or follows through "
                "(an earlier wrong value carried forward correctly), and a step left out earns "
                "its mark when a later step worked from it does."
            )
        )
    for q in questions:
        blocks += question_blocks(q, digits, full)
    blocks.append(result)
    return Document("Mock exam · marked script", tuple(blocks))
