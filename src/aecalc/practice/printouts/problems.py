"""A problem on the page: as set, with its answer and worked solution (``solve``), with a
checked answer (``check``), and the bank with the student's progress (``problems``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from aecalc.present.document import Block, Cell, Document, Facts, Note, Table
from aecalc.values import fmt

if TYPE_CHECKING:  # the checker (and its answer reader) loads only where an answer is checked
    from aecalc.practice.answers.checker import Expected, Verdict
    from aecalc.practice.topics.problem import Problem
    from aecalc.practice.topics.solution import Solution

_LEVEL = {1: "★", 2: "★★", 3: "★★★"}


def answer_json(expected: Expected) -> dict[str, object]:
    """The true answer as JSON: ``answer`` (text), ``value`` (number, list or word), ``exact``."""
    if expected.form == "kind":
        return {"answer": expected.kind, "value": expected.kind, "exact": expected.kind}
    values = [float(v.value) for v in expected.values]
    exact = [fmt.exact(v.value) if v.exact else None for v in expected.values]
    return {
        "answer": expected.as_text(),
        "value": values if expected.form == "vector" else values[0],
        "exact": exact if expected.form == "vector" else exact[0],
    }


def problem_json(problem: Problem, solution: Solution | None) -> dict[str, object]:
    data = problem.as_json()
    data["stored_answer"] = data.pop("answer")
    if solution is None:
        data["answer"] = list(problem.key_points)
        return data
    data.update(answer_json(solution.expected.asking(problem.precision)))
    data["label"] = solution.label
    data["hint"] = problem.hint or solution.hint
    return data


def header(problem: Problem) -> Facts:
    """The problem as set: question, source, topic and difficulty."""
    items: list[tuple[str, Cell]] = [("question", problem.statement)]
    if problem.source:
        items.append(("source", problem.source))
    items.append(("topic", f"{problem.topic} · difficulty {_LEVEL.get(problem.difficulty, '')}"))
    return Facts("Problem", tuple(items))


def theory_blocks(problem: Problem) -> list[Block]:
    """Key points and the worked example of a theory question."""
    points = tuple((f"{i}.", point) for i, point in enumerate(problem.key_points, start=1))
    blocks: list[Block] = [Facts("Key points", points)]
    if problem.example:
        blocks.append(Facts("Example", (("", problem.example),)))
    return blocks


def worked_blocks(solution: Solution, digits: int, problem: Problem | None = None) -> list[Block]:
    """The answer line (to the precision ``problem`` asks for), then the worked solution of the
    core's own presenter."""
    expected = solution.expected if problem is None else solution.expected.asking(problem.precision)
    answer = Facts("The answer", ((solution.label, expected.as_text(digits)),))
    return [answer, *_worked(solution, digits)]


def _worked(solution: Solution, digits: int) -> list[Block]:
    """The worked solution of the core's own presenter, under a line naming it."""
    worked = solution.document(digits)
    return [Note(f"Worked solution: {worked.title}"), *worked.blocks]


def problem_document(problem: Problem, solution: Solution | None, digits: int) -> Document:
    """``aecalc solve``: the problem, its answer and every step."""
    blocks: list[Block] = [header(problem)]
    if solution is None:
        blocks += theory_blocks(problem)
    else:
        blocks += worked_blocks(solution, digits, problem)
        if problem.answer and not stored_agrees(problem, solution):
            blocks.append(
                Note(
                    f"The bank stores the answer {problem.answer!r}, which does not match the "
                    "computed one: please report it.",
                    "warning",
                )
            )
    return Document(f"{problem.id} · {problem.title}", tuple(blocks))


def stored_agrees(problem: Problem, solution: Solution) -> bool:
    from aecalc.practice.answers.checker import check

    return check(solution.expected, problem.answer).right


def verdict_document(
    problem: Problem, verdict: Verdict, solution: Solution, digits: int, full: bool = False
) -> Document:
    """``aecalc check``: right or not and the slip if one matched, then, if wrong, the lines of
    the solution that matter — one screen; ``full`` adds the question and the whole worked
    solution below."""
    title = f"{problem.id} · {'right' if verdict.right else 'not right'}"
    items: list[tuple[str, Cell]] = [("your answer", verdict.given.strip())]
    items.append(("answer", verdict.expected.as_text(digits)))
    if verdict.slip is not None:
        items.append(("slip", f"{verdict.slip.name}: {verdict.slip.explanation}"))
    blocks: list[Block] = [Note(verdict.message, "note" if verdict.right else "warning")]
    blocks.append(Facts("Check", tuple(items)))
    lines = solution.steps(digits) if not verdict.right else ()
    if lines:
        numbered = tuple((f"{number}.", line) for number, line in enumerate(lines, start=1))
        blocks.append(Facts("The steps that matter", numbered))
    if full:
        blocks += [header(problem), *_worked(solution, digits)]
    elif not verdict.right:
        blocks.append(Note(f"aecalc check {problem.id} ANSWER --full adds the whole solution."))
    return Document(title, tuple(blocks))


def _progress(progress: tuple[int, int] | None) -> str:
    if progress is None or progress[0] == 0:
        return "—"
    attempts, right = progress
    mark = "✓" if right else "✗"
    return f"{mark} {right}/{attempts}"


def bank_document(
    problems: Sequence[Problem], progress: dict[str, tuple[int, int]], folder: str
) -> Document:
    """``aecalc problems``: the bank with the user's progress on each problem."""
    rows = tuple(
        (
            p.id,
            p.topic,
            p.title,
            _LEVEL.get(p.difficulty, str(p.difficulty)),
            p.source,
            _progress(progress.get(p.id)),
        )
        for p in problems
    )
    done = sum(1 for p in problems if progress.get(p.id, (0, 0))[1] > 0)
    numeric = sum(1 for p in problems if not p.is_theory)
    table = Table(
        "Problem bank",
        ("id", "topic", "title", "level", "source", "progress"),
        rows,
        caption=f"{len(problems)} problems ({numeric} numeric, {len(problems) - numeric} theory); "
        f"{done} solved at least once",
    )
    notes = (
        Note(f"Bank folder: {folder}"),
        Note("aecalc solve ID shows a worked solution; aecalc check ID ANSWER checks yours."),
    )
    return Document("Problems", (table, *notes))
