"""Issue 24 in whole sessions: levels that follow mastery (scripted sessions right, with a hint,
wrong), a seeded first session that is reproducible at level 1, ``practice`` without options
following today's plan, and ``--mcq`` on stdin and on a real terminal."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from typer.testing import CliRunner

from aecalc.cli import app
from aecalc.practice import topics
from aecalc.practice.history.attempts import Snapshot
from aecalc.practice.session.choice import ChoiceTurn
from aecalc.practice.topics.problem import Problem
from pseudo_terminal import ended, spawn

runner = CliRunner()


def practice(*args: str, answers: str, env: dict[str, str] | None = None) -> str:
    result = runner.invoke(
        app, ["practice", *args], input=answers, env={"COLUMNS": "80", **(env or {})}
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def flat(text: str) -> str:
    """Text with its line breaks and runs of spaces as single spaces (a statement wraps)."""
    return " ".join(text.split())


def kinds() -> dict[tuple[str, str], dict[str, object]]:
    result = runner.invoke(app, ["practice", "--stats", "--json"])
    assert result.exit_code == 0, result.output
    return {(k["topic"], k["kind"]): k for k in json.loads(result.stdout)["kinds"]}


def right_answer(problem: Problem) -> str:
    assert problem.spec is not None
    return topics.solve(problem.spec).expected.as_answer(6)


def test_levels_follow_mastery_through_scripted_sessions(home: Path) -> None:
    # session 1, empty history: classify has one kind, asked at level 1; three right answers,
    # the first interleaved (+1), the next two a run of the same kind (+½ each): familiar
    rng = random.Random(1)
    first = [topics.generate("classify", rng, 1) for _ in range(3)]
    out = practice(
        "--topic", "classify", "--count", "3", "--seed", "1",
        answers="".join(right_answer(p) + "\n" for p in first),
    )  # fmt: skip
    assert out.count("· level 1") == 3 and "Score: 3/3" in out
    entry = kinds()[("classify", "sizes")]
    assert (entry["mastery"], entry["level"]) == ("familiar", 2)
    # session 2: asked at level 2 now; right after a hint (no change), then wrong (down a stage)
    rng = random.Random(2)
    second = [topics.generate("classify", rng, 2) for _ in range(2)]
    wrong = "overcomplete" if right_answer(second[1]) != "overcomplete" else "undercomplete"
    out = practice(
        "--topic", "classify", "--count", "2", "--seed", "2",
        answers=f"hint\n{right_answer(second[0])}\n{wrong}\n",
    )  # fmt: skip
    assert out.count("Question 1/2 · classify · level 2") == 1
    assert "Question 2/2 · classify · level 2" in out  # the hint kept it familiar
    assert flat(second[0].statement) in flat(out) and flat(second[1].statement) in flat(out)
    entry = kinds()[("classify", "sizes")]
    assert (entry["mastery"], entry["level"]) == ("attempted", 1)
    with Snapshot() as history:
        rows = history.done()
    assert [(r.level, r.hints, r.correct) for r in rows] == [
        (1, 0, True),
        (1, 0, True),
        (1, 0, True),
        (2, 1, True),
        (2, 0, False),
    ]
    assert all(r.seconds is not None and r.seconds >= 0 for r in rows)


def test_level_still_forces_one(home: Path) -> None:
    out = practice("--topic", "params", "--count", "2", "--seed", "3", "--level", "3",
                   answers="skip\nskip\n")  # fmt: skip
    assert "level 3" in out.splitlines()[0] and "· level" not in out.split("Question 1/2")[1]
    rng = random.Random(3)
    assert flat(topics.generate("params", rng, 3).statement) in flat(out)


def test_a_seeded_first_session_is_reproducible_at_level_one(tmp_path: Path) -> None:
    args = ("--topic", "all", "--count", "6", "--seed", "9")
    outs = []
    for run in ("a", "b"):
        out = practice(*args, answers="skip\n" * 6 + "1\n" * 6,
                       env={"AECALC_HOME": str(tmp_path / run)})  # fmt: skip
        outs.append(out.split("Score:")[0])
    assert outs[0] == outs[1]
    fixed = practice(*args, "--level", "1", answers="skip\n" * 6 + "1\n" * 6,
                     env={"AECALC_HOME": str(tmp_path / "c")})  # fmt: skip
    statements = [line for line in outs[0].splitlines() if line.endswith("?")]
    assert statements and all(line in fixed for line in statements)


def test_practice_without_options_follows_todays_plan(home: Path) -> None:
    env = {"AECALC_TODAY": "2025-06-01"}
    result = runner.invoke(app, ["plan", "--exam", "2025-06-20", "--json"], env=env)
    planned = json.loads(result.stdout)["today"][:4]
    out = practice("--count", "4", answers="skip\nskip\nskip\nskip\n", env=env)
    assert out.startswith("Practice · today's plan: 4 questions")
    assert "exam 2025-06-20 in 19 days" in out.splitlines()[0] + out.splitlines()[1]
    asked = re.findall(r"^Question \d/4 · (\w+)", out, flags=re.MULTILINE)
    assert asked == [item["topic"] for item in planned]
    assert out.count("Plan · never tried") == 4
    assert "aecalc plan shows where you stand" in out and "Repeat these" not in out
    after = json.loads(runner.invoke(app, ["plan", "--json"], env=env).stdout)
    first = (planned[0]["topic"], planned[0]["kind"])
    assert first not in [
        (t["topic"], t["kind"]) for t in after["today"] if t["reason"] == "never tried"
    ]


def test_mcq_names_every_wrong_option_and_is_recorded_as_multiple_choice(home: Path) -> None:
    args = ("--mcq", "--topic", "loss", "--count", "2", "--seed", "5", "--level", "2")
    rng = random.Random(5)
    problem = topics.generate("loss", rng, 2)
    assert problem.spec is not None
    turn = ChoiceTurn(problem, topics.solve(problem.spec), 4, rng, ("", ""))
    right = next(o for o in turn.options if o.right)
    out = practice(*args, answers=f"x\n{right.letter}\nskip\n")
    assert "multiple choice" in out.splitlines()[0]
    for option in turn.options:
        assert f"  {option.letter}) {option.text}" in out
        if not option.right:
            assert f"{option.letter}) {option.text} — {option.slip}" in out
    assert "Answer with one letter, a to d" in out and "✓ Right" in out
    again = practice(
        *args, answers=f"x\n{right.letter}\nskip\n", env={"AECALC_HOME": str(home / "b")}
    )
    assert again.split("Score:")[0] == out.split("Score:")[0]
    with Snapshot() as history:
        assert [(r.mode, r.correct) for r in history.done()] == [("mcq", True), ("mcq", False)]


def test_mcq_on_a_real_terminal(home: Path) -> None:
    """The letter typed at Rich's prompt on a pseudo-terminal, the options and the slips named."""
    rng = random.Random(8)
    problem = topics.generate("params", rng, 2)
    assert problem.spec is not None
    turn = ChoiceTurn(problem, topics.solve(problem.spec), 4, rng, ("", ""))
    wrong = next(o for o in turn.options if not o.right)
    child = spawn(
        home, "practice", "--mcq", "--topic", "params", "--count", "1", "--seed", "8",
        "--level", "2", columns=80,
    )  # fmt: skip
    child.expect_exact("Answer (a letter")
    child.sendline(wrong.letter)
    child.expect_exact("so far")
    child.sendline("")  # no 'why' at the offer after the last question
    child.expect_exact("Score:")
    shown = ended(child)
    assert "✗ Not right" in shown and f"— {wrong.slip}" in shown and "Score: 0/1" in shown


def test_an_exam_paper_in_multiple_choice(home: Path, tmp_path: Path) -> None:
    args = ["exam", "--mcq", "--count", "2", "--seed", "3"]
    first = runner.invoke(app, [*args, "--output", str(tmp_path / "a.json")], input="skip\nover\n")
    assert first.exit_code == 0, first.output
    options = dict(re.findall(r"^  ([a-d])\) (.+)$", first.stdout, flags=re.MULTILINE))
    assert sorted(options) == ["a", "b", "c", "d"] and "Answer (a letter, a to d" in first.stdout
    script = json.loads((tmp_path / "a.json").read_text())
    expected = script["questions"][0]["expected"]
    right = next(letter for letter, text in options.items() if text == expected)
    second = runner.invoke(
        app, args, input=f"e\n{right}\nover\n", env={"AECALC_HOME": str(tmp_path)}
    )
    assert second.exit_code == 0, second.output
    assert "Answer with one letter" in second.stdout
    assert second.stdout.split("Answer (a letter")[0] == first.stdout.split("Answer (a letter")[0]
    marks = topics.get("params").marks
    assert f"{marks}/{marks}" in second.stdout.split("Marked script")[1]
    with Snapshot() as history:  # the first paper: skipped, recorded as multiple choice
        rows = {r.topic: (r.mode, r.skipped, r.level) for r in history.done()}
    assert rows == {"params": ("mcq", True, 2), "classify": (None, False, 2)}
