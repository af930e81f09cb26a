"""``aecalc sheet``: the booklet of worked solutions, the exercise sheet, topics and bad input."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aecalc.cli import app
from aecalc.practice.bank.folder import bank_dir, load_bank
from aecalc.practice.printouts.booklet import anchor
from aecalc.practice.topics import solve
from aecalc.render.text import minus

runner = CliRunner()
BANK = bank_dir()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def booklet(tmp_path_factory: pytest.TempPathFactory) -> str:
    target = tmp_path_factory.mktemp("sheet") / "booklet.md"
    code, out, err = run("sheet", str(BANK), "--output", str(target))
    count = len(load_bank(BANK))
    assert (code, out, err) == (0, "", f"Booklet of {count} problems written to {target}.\n")
    return target.read_text(encoding="utf-8")


def test_the_booklet_has_every_problem_a_contents_entry_and_a_section(booklet: str) -> None:
    problems = load_bank(BANK)
    assert len(problems) >= 40
    contents = booklet[booklet.index("## Contents") : booklet.index('<a id="topic-')]
    for problem in problems:
        target = anchor(f"p-{problem.id}")
        assert f"(#{target})" in contents
        assert booklet.count(f'<a id="{target}"></a>') == 1
        assert f"### {problem.id} · " in booklet
    assert "(#answers)" in contents and booklet.count('<a id="answers"></a>') == 1


def test_the_booklet_shows_each_worked_solution_and_the_answers_at_the_end(booklet: str) -> None:
    q2 = booklet[booklet.index('<a id="p-q2"></a>') : booklet.index('<a id="p-q3a"></a>')]
    assert "8 × 3 = 24" in q2 and "59" in q2 and "| **total**" in q2
    f1 = booklet[booklet.index('<a id="p-f1"></a>') : booklet.index('<a id="p-f2"></a>')]
    assert "0.6750, 0.6225" in f1 and r"\frac{1}{1 + e^{-1}}" in f1 and "```text" in f1
    answers = booklet[booklet.index('<a id="answers"></a>') :]
    for problem in load_bank(BANK):
        if problem.spec is not None:
            expected = solve(problem.spec).expected.as_text(4)
            assert f"| {problem.id} | " in answers
            assert minus(expected).replace("|", "\\|") in answers, problem.id
    for number in ("| Q2 |", "| 59 |", "| 254 |", "| 0.6835 |", "| overcomplete |"):
        assert number in answers


def test_theory_problems_show_their_key_points(booklet: str) -> None:
    bottleneck = next(p for p in load_bank(BANK) if p.id == "T02")
    start = booklet.index('<a id="p-t02"></a>')
    section = booklet[start : booklet.index("<a id=", start + 10)]
    assert "Key points" in section
    for point in bottleneck.key_points:
        assert point.replace("$", "\\$") in section


def test_topic_filters_and_takes_a_list() -> None:
    code, out, err = run("sheet", str(BANK), "--topic", "loss", "--format", "markdown")
    assert code == 0, err
    ids = re.findall(r"^### (\w+) · ", out, flags=re.MULTILINE)
    assert ids and all(i.startswith("L") for i in ids)
    code, out, _ = run("sheet", str(BANK), "--topic", "classify,params", "--json")
    assert code == 0
    data = json.loads(out)
    assert {p["topic"] for p in data["problems"]} == {"classify", "params"}
    q2 = next(p for p in data["problems"] if p["id"] == "Q2")
    assert q2["value"] == 59 and q2["anchor"] == "p-q2"


def test_blank_makes_an_exercise_sheet_with_the_answers_at_the_end() -> None:
    code, out, err = run(
        "sheet", str(BANK), "--blank", "--topic", "forward,theory", "-f", "markdown"
    )
    assert code == 0, err
    assert out.startswith("# Autoencoder problems: exercise sheet")
    answers_at = out.index('<a id="answers"></a>')
    questions, answers = out[:answers_at], out[answers_at:]
    assert "x = [1, 0]; W_e" in questions  # F1's question is asked…
    assert "0.6750" not in questions and "layer by layer" not in questions  # …not answered
    assert "Key points" not in questions
    assert "| F1 |" in answers and "0.6750, 0.6225" in answers
    assert "T02 · The bottleneck" in answers and "narrowest hidden layer" in answers


def test_the_booklet_as_html_and_latex(tmp_path: Path) -> None:
    page_path = tmp_path / "booklet.html"
    code, _, err = run("sheet", str(BANK), "--topic", "params,forward", "-o", str(page_path))
    assert code == 0, err
    page = page_path.read_text(encoding="utf-8")
    assert '<nav aria-label="contents">' in page and '<a href="#p-f1">' in page
    assert '<section id="p-f1" class="problem">' in page and "<svg" in page
    code, latex, _ = run("sheet", str(BANK), "--topic", "loss", "--format", "latex")
    assert code == 0 and latex.startswith(r"\section*{") and latex.isascii()
    assert r"\subsection*{Reconstruction losses}" in latex and r"\subsubsection*{L2" in latex


def test_sheet_uses_the_folder_it_is_given(tmp_path: Path) -> None:
    for name in ("q2-vanilla-8-3-8.toml", "t02-the-bottleneck.toml"):
        shutil.copy(BANK / name, tmp_path / name)
    code, out, err = run("sheet", str(tmp_path), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [p["id"] for p in data["problems"]] == ["Q2", "T02"]
    assert data["folder"] == str(tmp_path) and data["count"] == 2


@pytest.mark.parametrize(
    ("args", "argument"),
    [
        (["sheet", "/no/such/folder"], "DIR"),
        (["sheet", str(BANK / "q2-vanilla-8-3-8.toml")], "DIR"),
        (["sheet", str(BANK), "--topic", "poetry"], "--topic"),
        (["sheet", str(BANK), "--topic", "params,poetry"], "--topic"),
        (["sheet", str(BANK), "--format", "pdf"], "--format"),
        (["sheet", str(BANK), "--output", "/no/such/folder/b.md"], "--output"),
        (["sheet", str(BANK), "--format", "markdown", "--output", "b.html"], "--output"),
    ],
)
def test_sheet_bad_input(args: list[str], argument: str) -> None:
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert err.startswith(f"Error: {argument}") and len(err.strip().splitlines()) == 1


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    code, _, err = run("sheet", str(tmp_path))
    assert code == 2 and err.startswith("Error: DIR") and "no problem files" in err


def test_a_malformed_problem_file_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('id = "X1"\ntopic = "params"\n', encoding="utf-8")
    code, _, err = run("sheet", str(tmp_path))
    assert code == 2 and err.startswith("Error: ") and "bad.toml" in err


def test_every_topic_heading_is_the_topic_title_from_the_registry(tmp_path: Path) -> None:
    """``--topic conv,penalty`` once printed the raw ids ``penalty`` and ``conv`` as headings."""
    from aecalc.practice import topics

    target = tmp_path / "beyond.md"
    code, out, err = run("sheet", str(BANK), "--topic", "conv,penalty", "--output", str(target))
    assert (code, out) == (0, "") and err.endswith(f"written to {target}.\n")
    text = target.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    for topic in ("penalty", "conv"):
        assert topics.title(topic) != topic
        assert topics.title(topic) in headings
        assert topic not in headings
    assert f"{topics.title('penalty')}, {topics.title('conv')}" in text  # the "topics" fact
    for entry in topics.TOPICS:  # every topic has a title of its own
        assert entry.title and entry.title != entry.id
