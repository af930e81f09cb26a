"""A printable booklet of the problem bank (``aecalc sheet``).

Every problem with its worked solution, grouped by topic, with a table of contents
and the answers at the end; or, with ``blank``, an exercise sheet: the questions
only, then the answers (and the theory questions' key points). The booklet is one
:class:`~aecalc.present.document.Document` built from the same presenters as ``aecalc solve``
(:func:`aecalc.practice.printouts.problems.problem_document`), so every renderer prints the
same numbers and nothing is computed twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from aecalc.errors import InputError
from aecalc.practice import topics
from aecalc.present.document import (
    Block,
    Contents,
    Document,
    Facts,
    Note,
    Section,
    Space,
    Table,
)
from aecalc.record import Record

if TYPE_CHECKING:
    from aecalc.practice.topics.problem import Problem
    from aecalc.practice.topics.solution import Solution


class Entry(Record):
    """One problem of the booklet and its solution (``None`` for a theory question)."""

    problem: Problem
    solution: Solution | None


def parse_topics(text: str | None) -> tuple[str, ...] | None:
    """``--topic params,loss`` → ``("params", "loss")``; ``None`` or ``all`` → every topic."""
    if text is None or text.strip() == "all":
        return None
    wanted = tuple(t.strip() for t in text.split(",") if t.strip())
    if not wanted:
        raise InputError("--topic", "is empty (choose from " + topics.choices_text() + ")")
    for topic in wanted:
        if topic not in topics.IDS:
            raise InputError(
                "--topic", f"{topic!r} is not a topic (choose {topics.choices_text()} or all)"
            )
    return wanted


def check_folder(folder: Path) -> None:
    """The DIR argument: an existing folder holding ``*.toml`` problem files."""
    from aecalc.values.paths import user_path

    user_path(folder, "DIR")
    if not folder.exists():
        raise InputError("DIR", f"folder {str(folder)!r} does not exist")
    if not folder.is_dir():
        raise InputError("DIR", f"{str(folder)!r} is not a folder (give the problem bank folder)")
    if not any(folder.glob("*.toml")):
        raise InputError("DIR", f"{str(folder)!r} holds no problem files (*.toml)")


def load_entries(folder: Path, chosen: tuple[str, ...] | None) -> list[Entry]:
    """The folder's problems (in the bank's order) for the chosen topics, each solved once."""
    from aecalc.practice.bank.folder import load_bank

    check_folder(folder)
    problems = load_bank(folder, only=chosen)
    if not problems:
        raise InputError(
            "--topic", f"no problems of topic {', '.join(chosen or ())} in {str(folder)!r}"
        )
    return [Entry(p, topics.solve_problem(p)) for p in problems]


def anchor(name: str) -> str:
    """A link target: lower-case letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "section"


def _answer_text(entry: Entry, digits: int, blank: bool) -> str:
    if entry.solution is None:
        return "listed below" if blank else _first_point(entry.problem)
    return entry.solution.expected.as_text(digits)


def _first_point(problem: Problem) -> str:
    """A theory question's first key point, and how many more its section lists."""
    points = problem.key_points
    if not points:
        return f"see {problem.id}"
    more = len(points) - 1
    rest = f" (+{more} more key point{'s' if more > 1 else ''} under {problem.id})" if more else ""
    return points[0] + rest


def _answers(entries: Sequence[Entry], digits: int, blank: bool) -> Section:
    rows = tuple(
        (
            e.problem.id,
            e.problem.title,
            "key points" if e.solution is None else e.solution.label,
            _answer_text(e, digits, blank),
        )
        for e in entries
    )
    blocks: list[Block] = [Table("", ("problem", "title", "asked for", "answer"), rows)]
    if blank:
        for entry in entries:
            if entry.solution is None:
                points = tuple(
                    (f"{i}.", point) for i, point in enumerate(entry.problem.key_points, start=1)
                )
                blocks.append(Facts(f"{entry.problem.id} · {entry.problem.title}", points))
        blocks.append(
            Note(
                "The worked solutions: aecalc sheet without --blank, or aecalc solve ID for one "
                "problem; aecalc check ID ANSWER checks an answer and names a known slip."
            )
        )
    return Section("Answers", "answers", tuple(blocks), page_break=True)


WORKING_LINES = (8, 18)
"""The fewest and the most ruled lines an exercise sheet leaves for a question's working."""


def _working_lines(entry: Entry, digits: int) -> int:
    """Room for the working: two lines for each line of the solution that matters, and more
    for a theory answer (a paragraph or a list of points)."""
    if entry.solution is None:
        return 12
    least, most = WORKING_LINES
    return min(most, max(least, 4 + 2 * len(entry.solution.steps(digits))))


def _problem_section(
    entry: Entry, digits: int, blank: bool, shared: dict[Document, Entry]
) -> Section:
    """A problem's section; a worked solution that an earlier problem already printed (Q3a,
    Q3b and Q3c work the same net) is given by its answer and a pointer to that one."""
    from aecalc.practice.printouts.problems import header, problem_document, worked_blocks

    problem, solution = entry.problem, entry.solution
    title = f"{problem.id} · {problem.title}"
    section = anchor(f"p-{problem.id}")
    if blank:
        blocks: tuple[Block, ...] = (header(problem), Space(_working_lines(entry, digits)))
        return Section(title, section, blocks)
    if solution is None:
        return Section(title, section, problem_document(problem, None, digits).blocks)
    worked = solution.document(digits)
    first = shared.setdefault(worked, entry)
    if first is not entry:
        answer = worked_blocks(_reuse(solution, worked), digits, problem)[0]
        pointer = Note(
            f"Worked solution: the same as {first.problem.id}'s ({first.problem.title}), "
            f"printed there in full; the answer above is read from it."
        )
        return Section(title, section, (header(problem), answer, pointer))
    return Section(
        title, section, problem_document(problem, _reuse(solution, worked), digits).blocks
    )


def _reuse(solution: Solution, worked: Document) -> Solution:
    """The same solution whose worked document is the one already built (not built again)."""
    from aecalc.practice.topics.solution import Solution

    return Solution(
        solution.expected,
        solution.label,
        solution.hint,
        lambda _digits: worked,
        solution.steps,
        solution.working,
    )


def booklet_document(entries: Sequence[Entry], digits: int, blank: bool) -> Document:
    """The booklet: about, contents, one section per topic (a subsection per problem), answers."""
    from aecalc import __version__

    theory = sum(1 for e in entries if e.solution is None)
    present = [t for t in topics.IDS if any(e.problem.topic == t for e in entries)]
    about = Facts(
        "About this booklet",
        (
            (
                "problems",
                f"{len(entries)} ({len(entries) - theory} numeric, {theory} theory)",
            ),
            ("topics", ", ".join(topics.title(t) for t in present)),
            (
                "how to use",
                "work each question in the ruled space under it, then compare with the "
                "answers at the end"
                if blank
                else "each problem gives the question, the answer, then every step of the "
                "worked solution; the answers are listed again at the end",
            ),
            ("made with", f"aecalc {__version__} (decimals to {digits} places)"),
        ),
    )
    blocks: list[Block] = [about, Contents()]
    shared: dict[Document, Entry] = {}
    for topic in present:
        inner = tuple(
            _problem_section(e, digits, blank, shared) for e in entries if e.problem.topic == topic
        )
        blocks.append(
            Section(topics.title(topic), anchor(f"topic-{topic}"), inner, page_break=True)
        )
    blocks.append(_answers(entries, digits, blank))
    kind = "exercise sheet" if blank else "worked solutions"
    return Document(f"Autoencoder problems: {kind}", tuple(blocks))


def booklet_json(
    entries: Sequence[Entry], folder: Path, digits: int, blank: bool
) -> dict[str, object]:
    """``--json``: the problems in booklet order with their answers."""
    from aecalc.practice.printouts.problems import answer_json

    problems: list[dict[str, object]] = []
    for entry in entries:
        problem = entry.problem
        item: dict[str, object] = {
            "id": problem.id,
            "topic": problem.topic,
            "title": problem.title,
            "statement": problem.statement,
            "anchor": anchor(f"p-{problem.id}"),
        }
        if entry.solution is None:
            item["answer"] = list(problem.key_points)
        else:
            item.update(answer_json(entry.solution.expected))
            item["label"] = entry.solution.label
        problems.append(item)
    return {
        "folder": str(folder),
        "blank": blank,
        "digits": digits,
        "count": len(entries),
        "problems": problems,
    }
