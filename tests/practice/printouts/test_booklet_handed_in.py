"""The booklet as a student hands it in: one worked solution for Q3a/Q3b/Q3c, theory answers
with their first key point, room to write on the exercise sheet, the line saying where it went."""

from __future__ import annotations

from pathlib import Path

import pytest

from aecalc.practice.bank.folder import bank_dir, load_bank
from aecalc.practice.printouts.booklet import WORKING_LINES, booklet_document, load_entries
from aecalc.present.document import Document, Section, Space, sections
from cli import run

BANK = bank_dir()


def section(document: Document, anchor: str) -> Section:
    for topic in sections(document.blocks):
        for inner in sections(topic.blocks):
            if inner.anchor == anchor:
                return inner
    raise KeyError(anchor)


@pytest.fixture(scope="module")
def worked() -> Document:
    return booklet_document(load_entries(BANK, ("params", "theory")), 4, blank=False)


def test_a_worked_solution_is_printed_once_and_pointed_to(worked: Document) -> None:
    first = section(worked, "p-q3a")
    assert len(first.blocks) > 5  # the whole worked solution
    for later in ("p-q3b", "p-q3c"):
        shared = section(worked, later)
        assert len(shared.blocks) == 3  # the question, its own answer, the pointer
        assert "the same as Q3a's" in shared.blocks[-1].text  # type: ignore[union-attr]
    assert len(section(worked, "p-q2").blocks) > 5  # a solution of its own stays whole


def test_the_answers_give_a_theory_questions_first_key_point(worked: Document) -> None:
    answers = worked.blocks[-1]
    assert isinstance(answers, Section) and answers.anchor == "answers"
    table = answers.blocks[0]
    problems = {p.id: p for p in load_bank(BANK)}
    rows = {row[0]: row[3] for row in table.rows}  # type: ignore[union-attr]
    t01 = problems["T01"]
    assert (
        rows["T01"] == f"{t01.key_points[0]} (+{len(t01.key_points) - 1} more key points under T01)"
    )
    assert not any(str(text).startswith("see ") for text in rows.values())


def test_the_exercise_sheet_leaves_ruled_room_for_the_working() -> None:
    blank = booklet_document(load_entries(BANK, ("params", "theory")), 4, blank=True)
    least, most = WORKING_LINES
    for topic in sections(blank.blocks)[:-1]:
        for problem in sections(topic.blocks):
            room = problem.blocks[-1]
            assert isinstance(room, Space) and least <= room.lines <= most, problem.anchor


@pytest.mark.parametrize(
    ("suffix", "mark"),
    [(".md", "\n___\n"), (".html", '<div class="line"></div>'), (".tex", r"\rule{\linewidth}")],
)
def test_every_format_draws_the_room_and_sheet_says_where_it_wrote(
    tmp_path: Path, suffix: str, mark: str
) -> None:
    target = tmp_path / f"sheet{suffix}"
    code, out, err = run("sheet", "--topic", "classify", "--blank", "--output", str(target))
    assert (code, out) == (0, "")
    assert err == f"Exercise sheet of 5 problems written to {target}.\n"
    text = target.read_text(encoding="utf-8")
    assert text.count(mark) >= 5 * WORKING_LINES[0]
