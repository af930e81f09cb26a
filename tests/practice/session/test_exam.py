"""``aecalc exam`` (a timed mock paper and its marked script) and ``check`` hygiene (issue 12)."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aecalc.cli import app
from aecalc.practice import topics
from aecalc.practice.history.attempts import History
from aecalc.practice.session.exam import paper_topics
from aecalc.practice.topics import solve
from pseudo_terminal import ended, spawn

runner = CliRunner()


def exam(*args: str, answers: str) -> str:
    result = runner.invoke(app, ["exam", *args], input=answers, env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    return result.stdout


def numeric_answers(seed: int, count: int) -> list[str | None]:
    """The right answer of each numeric question of a seeded paper (None for theory)."""
    return [None if q is None else q[0][-1] for q in paper(seed, count)]


def paper(seed: int, count: int) -> list[tuple[list[str], int] | None]:
    """Each question of a seeded paper as the lines that answer it right — a question worked in
    steps has one line a step, every step but the last left out (Enter) — and its marks (a
    mark a step there); None for theory."""
    rng = random.Random(seed)
    from aecalc.practice.bank.folder import load_bank

    rng.shuffle([p for p in load_bank() if p.is_theory])  # the paper shuffles theory first
    out: list[tuple[list[str], int] | None] = []
    for topic in paper_topics(count, topics.IDS):
        if topic == "theory":
            out.append(None)
            continue
        problem = topics.generate(topic, rng, 2)
        assert problem.spec is not None
        solution = solve(problem.spec)
        final = solution.expected.as_answer(6)
        steps = 0 if solution.working is None else len(solution.working.steps)
        if steps > 1:
            out.append(([""] * (steps - 1) + [final], steps))
        else:
            out.append(([final], topics.get(topic).marks))
    return out


def test_the_paper_mixes_numeric_and_theory_as_past_papers() -> None:
    order = paper_topics(9, topics.IDS)
    assert order[2] == order[5] == order[8] == "theory"
    assert order[:2] == ["params", "classify"]
    assert len(paper_topics(30, topics.IDS)) == 30


def test_a_paper_marks_each_question_and_ends_with_the_total(home: Path) -> None:
    questions = paper(4, 6)
    script = []
    for question in questions:
        script += question[0] if question is not None else ["the bottleneck forces a code"]
    script += ["2", "1"]  # self-marking of the two theory answers
    out = exam("--count", "6", "--seed", "4", answers="\n".join(script) + "\n")
    for number in range(1, 7):
        assert f"Question {number}/6" in out
    marks = [q[1] for q in questions if q is not None]
    assert out.rstrip().splitlines()[-1] == f"Marks: {sum(marks) + 2 + 1}/{sum(marks) + 8}"
    assert "left" in out.split("Question 1/6")[1].splitlines()[0]  # the clock is shown
    assert "key points" in out
    with History() as history:
        rows = history._rows("SELECT answer, correct, skipped FROM attempts")
    assert len(rows) == 6
    assert all("[exam:" in str(answer) for answer, _c, _s in rows)


def test_a_wrong_answer_shows_right_answer_and_slip_in_the_script(home: Path) -> None:
    out = exam("--count", "1", "--seed", "0", answers="1\n")
    assert "wrong" in out and out.rstrip().endswith("Marks: 0/2")


def test_skip_and_quit_hand_in_with_the_rest_unanswered(home: Path) -> None:
    out = exam("--count", "4", "--seed", "1", answers="skip\nquit\n")
    assert "The paper is handed in." in out
    assert out.split("Question 1 ·")[0].count("not answered") == 4  # the overview's rows
    assert out.rstrip().splitlines()[-1].startswith("Marks: 0/")
    with History() as history:
        assert history.count() == 4


def test_output_writes_the_marked_script(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "script.md"
    out = exam("--count", "2", "--seed", "3", "--output", str(target), answers="1\n2\n")
    text = target.read_text(encoding="utf-8")
    assert "Marked script" in text and "Marks" in text and "| 1 |" in text
    assert f"written to {target}" in " ".join(out.split())


def test_a_tiny_time_ends_the_paper_without_hanging(home: Path, tmp_path: Path) -> None:
    env = {**os.environ, "AECALC_HOME": str(home), "PYTHONPATH": os.pathsep.join(sys.path)}
    start = time.monotonic()
    command = [sys.executable, "-c", "from aecalc.cli import main; main()", "exam"]
    log = tmp_path / "out.txt"
    with log.open("wb") as stdout:
        process = subprocess.Popen(  # stdin stays open and silent: the clock must end the paper
            [*command, "--minutes", "0.02", "--count", "3", "--seed", "1"],
            stdin=subprocess.PIPE,
            stdout=stdout,
            stderr=subprocess.STDOUT,
            env=env,
        )
        try:
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
            assert process.stdin is not None
            process.stdin.close()
    err = out = log.read_bytes()
    assert time.monotonic() - start < 25
    text = out.decode()
    assert process.returncode == 0, err.decode()
    assert "Time is up" in text and "time ran out" in text
    assert text.rstrip().splitlines()[-1].startswith("Marks: 0/")


@pytest.mark.parametrize(
    ("args", "argument"),
    [
        (["--minutes", "-1"], "--minutes"),
        (["--minutes", "0"], "--minutes"),
        (["--count", "0"], "--count"),
        (["--count", "41"], "--count"),
    ],
)
def test_bad_exam_options_are_one_error_line(args: list[str], argument: str) -> None:
    result = runner.invoke(app, ["exam", *args])
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {argument}:")


# -- check hygiene ---------------------------------------------------------------------------------


def test_check_records_nothing_unless_asked(home: Path) -> None:
    for args in (["Q2", "59"], ["Q2", "27"], ["L1", "0.68"]):
        runner.invoke(app, ["check", *args])
    with History() as history:
        assert history.count() == 0
    runner.invoke(app, ["check", "Q2", "27", "--record"])
    with History() as history:
        assert history.count() == 1


def test_an_answer_with_a_minus_sign_is_an_answer(home: Path) -> None:
    wrong = runner.invoke(app, ["check", "L1", "-0.6994"])
    shown = wrong.stdout.replace("−", "-")  # the printout may write a real minus sign
    assert wrong.exit_code == 1 and "-0.6994" in shown and "0.6835" in shown
    right = runner.invoke(app, ["check", "B02", "0.1385", "--json"])
    assert right.exit_code == 0
    for args in (["check", "B02", "-0.1385", "--json"], ["check", "--json", "B02", "-0.1385"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1 and '"given": "-0.1385"' in result.stdout, result.output


def test_the_clock_ends_a_paper_on_a_real_terminal(home: Path) -> None:
    """At a terminal the wait for an answer has the time left as its timeout."""
    child = spawn(home, "exam", "--minutes", "0.03", "--count", "3", "--seed", "2")
    child.expect_exact("Answer (")
    child.sendline("7")  # answer the first question, then wait
    child.expect_exact("Marks:")
    text = ended(child)
    assert "Question 2/3" in text and "Time is up" in text
    assert re.search(r"Marks: \d+/\d+", text)
    with History() as history:
        assert history.count() == 3


def test_a_killed_paper_keeps_the_answers_already_marked(home: Path) -> None:
    import select
    import signal

    env = {**os.environ, "AECALC_HOME": str(home), "PYTHONPATH": os.pathsep.join(sys.path)}
    command = [sys.executable, "-c", "from aecalc.cli import main; main()", "exam"]
    process = subprocess.Popen(
        [*command, "--count", "3", "--seed", "5"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert process.stdin is not None and process.stdout is not None
    seen = b""
    deadline = time.monotonic() + 30
    try:
        process.stdin.write(b"7\n")
        process.stdin.flush()
        while b"Question 2/3" not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([process.stdout], [], [], 1.0)
            if ready:
                seen += os.read(process.stdout.fileno(), 65536)
        assert b"Question 2/3" in seen
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    with History() as history:
        rows = history._rows("SELECT answer, correct FROM attempts")
    assert rows == [("7 [exam: 0/2 marks]", 0)]


def test_stats_list_the_mock_exams_with_their_marks(home: Path) -> None:
    import json

    exam("--count", "2", "--seed", "0", answers="skip\nskip\n")
    data = json.loads(runner.invoke(app, ["practice", "--stats", "--json"]).stdout)
    assert len(data["exams"]) == 1
    assert data["exams"][0]["marks"] == 0 and data["exams"][0]["total"] == 3
    shown = runner.invoke(app, ["practice", "--stats"], env={"COLUMNS": "120"}).stdout
    assert "Mock exams" in shown and "0/3" in shown


def test_an_exam_level_changes_the_paper_and_a_bad_one_is_an_error(home: Path) -> None:
    easy = exam("--count", "4", "--seed", "6", "--level", "1", answers="quit\n")
    usual = exam("--count", "4", "--seed", "6", answers="quit\n")
    assert "level 1" in easy and "level 2" in usual
    assert easy.split("Question 1/4")[1][:200] != usual.split("Question 1/4")[1][:200]
    result = runner.invoke(app, ["exam", "--level", "4"])
    assert result.exit_code == 2 and result.stderr.startswith("Error: --level:")


def test_the_script_shows_each_answer_to_the_precision_its_question_asks(home: Path) -> None:
    """Seed 7: question 7 is a backprop update asking 4 significant figures of about −0.0185."""
    rng = random.Random(7)
    from aecalc.practice.bank.folder import load_bank

    rng.shuffle([p for p in load_bank() if p.is_theory])
    problem = None
    for topic in paper_topics(7, topics.IDS):
        if topic != "theory":
            problem = topics.generate(topic, rng, 2)
    assert problem is not None and problem.topic == "backprop" and problem.spec is not None
    assert "(4 significant figures)" in problem.statement
    value = float(solve(problem.spec).expected.values[0].value)
    assert 0.01 < abs(value) < 0.1
    assert problem.spec is not None
    working = solve(problem.spec).working
    assert working is not None
    steps = len(working.steps)
    answers = ["skip"] * 6 + [""] * (steps - 1) + [f"{value:.3g}"]  # right, to 3 of 4 figures
    result = runner.invoke(
        app,
        ["exam", "--count", "7", "--seed", "7"],
        input="\n".join(answers) + "\n",
        env={"COLUMNS": "200"},
    )
    out = result.stdout
    assert f"Step {steps}/{steps}" in out
    row = next(line for line in out.splitlines() if line.startswith("│ 7 "))
    assert f"{value:.4g}".replace("-", "−") in row and "right" in row
    # every step left out is implied by the right answer: all the question's marks
    worth = topics.get("backprop").marks
    assert f"{worth}/{worth}" in row
    assert "the question asks for 4 significant figures; 3 were given" in out
    assert out.rstrip().splitlines()[-1].startswith(f"Marks: {worth}/")


def test_key_points_wrap_under_their_text(home: Path) -> None:
    result = runner.invoke(
        app,
        ["exam", "--count", "3", "--seed", "4"],
        input="1\nover\nthe target is the input\n2\n",
        env={"COLUMNS": "60"},
    )
    lines = result.stdout.split("Marking the theory answers")[1].split("Answer: how many")[0]
    points = [line for line in lines.splitlines() if line.startswith("  ")]
    assert len(points) > 4  # at 60 columns some key points take two lines
    for line in points:
        assert len(line) <= 60
        assert line[2].isdigit() or (line.startswith("     ") and line[5] != " "), line


def test_a_vector_answer_partly_right_earns_that_share_of_the_marks(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aecalc.practice.answers.checker import Value, check, vector
    from aecalc.practice.answers.marks import numeric_marks
    from aecalc.practice.session import exam as sitting

    shape = topics.generate("conv", random.Random(1), 2, "shape")  # answered in one line
    assert shape.spec is not None and solve(shape.spec).working is None
    h, w, _c = solve(shape.spec).expected.as_answer().split(", ")

    def one_question(self: sitting.Exam) -> list[sitting.Question]:
        return [sitting.Question(1, shape, solve(shape.spec), 3)]  # type: ignore[arg-type]

    monkeypatch.setattr(sitting.Exam, "_paper", one_question)
    out = exam("--count", "1", "--seed", "0", answers=f"{h}, {w}, 99\n")
    row = next(line for line in out.splitlines() if line.lstrip("│ ").startswith("1 "))
    assert "partly right" in row and "2/3" in row, row
    assert "some entries right earns that share of the marks" in out
    assert out.rstrip().splitlines()[-1] == "Marks: 2/3"
    with History() as history:
        answers = [str(a) for (a,) in history._rows("SELECT answer FROM attempts")]
    assert f"{h}, {w}, 99 [exam: 2/3 marks]" in answers
    # the share is rounded down; a scalar or a wrong length earns nothing
    truth = vector([Value(Fraction(v)) for v in (1, 2, 3)])
    assert [numeric_marks(5, check(truth, a)) for a in ("1, 2, 9", "1, 9, 9", "1, 2")] == [3, 1, 0]
