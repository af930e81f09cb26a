"""A practice session from stdin: marking, hints, unreadable answers, skip, end of input and
Ctrl-C, theory cards, --stats, a history that is corrupt or cannot be written, a light start."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aecalc.cli import app
from aecalc.practice.history.attempts import History
from aecalc.practice.session.terminal import Reader
from cli import session_answers

runner = CliRunner()


def before_score(output: str) -> str:
    return output.split("Score:", maxsplit=1)[0]


def test_scripted_session_right_wrong_hint_unreadable_skip(home: Path) -> None:
    right = session_answers("params", 11, 3)
    script = f"hint\nnot a number\n{right[0]}\n999999\nskip\n"
    result = runner.invoke(
        app,
        ["practice", "--topic", "params", "--count", "3", "--seed", "11", "--level", "2"],
        input=script,
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Hint:" in out
    assert "Cannot read that" in out  # told the form, asked again, not marked
    assert "✓ Right" in out
    assert "✗ Not right" in out
    assert "Skipped" in out
    assert "Score: 1/3" in out
    assert "Time:" in out.split("Score:")[1]
    with History() as history:
        stats = history.stats()
    assert stats.attempts == 3
    assert stats.correct == 1
    assert stats.topics[0].skipped == 1


def test_seeded_output_is_reproducible_and_history_free(home: Path) -> None:
    args = ["practice", "--topic", "all", "--count", "4", "--seed", "42", "--level", "2"]
    script = "1\nover\n3\n0.5\n"
    first = runner.invoke(app, args, input=script)
    second = runner.invoke(app, args, input=script)  # now with a history
    assert first.exit_code == 0 and second.exit_code == 0
    assert before_score(first.output) == before_score(second.output)
    assert "Score:" in first.output


def test_end_of_input_ends_cleanly_and_saves(home: Path) -> None:
    right = session_answers("classify", 5, 1)
    result = runner.invoke(
        app,
        ["practice", "--topic", "classify", "--count", "5", "--seed", "5", "--level", "2"],
        input=f"{right[0]}\n",
    )
    assert result.exit_code == 0
    assert "Session ended." in result.output
    assert "Score: 1/1" in result.output
    with History() as history:
        assert history.count() == 1


def test_ctrl_c_ends_cleanly_and_saves(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    right = session_answers("params", 8, 1)
    calls = iter([right[0]])

    def ask(self: Reader, prompt: str) -> str:
        try:
            return next(calls)
        except StopIteration:
            raise KeyboardInterrupt from None

    monkeypatch.setattr(Reader, "ask", ask)
    result = runner.invoke(
        app, ["practice", "--topic", "params", "--count", "3", "--seed", "8", "--level", "2"]
    )
    assert result.exit_code == 0
    assert "Score: 1/1" in result.output
    with History() as history:
        assert history.count() == 1


def test_theory_session_rates_recall_and_schedules_cards(home: Path) -> None:
    pytest.importorskip("fsrs")
    script = "the target is the input itself\n4\n\nsoso\nagain\n"
    result = runner.invoke(
        app,
        ["practice", "--topic", "theory", "--count", "2", "--seed", "3", "--level", "2"],
        input=script,
    )
    assert result.exit_code == 0, result.output
    assert "Key points" in result.output
    assert "Give a rating from 1 to 4" in result.output  # 'soso' is not a rating: asked again
    assert "Score: 1/2" in result.output
    with History() as history:
        cards = history.cards()
        assert len(cards) == 2
        assert all("due" in json.loads(card) for card in cards.values())


def test_stats_json_has_attempts_and_topics(home: Path) -> None:
    right = session_answers("params", 2, 2)
    runner.invoke(
        app,
        ["practice", "--topic", "params", "--count", "2", "--seed", "2", "--level", "2"],
        input=f"{right[0]}\n1\n",
    )
    result = runner.invoke(app, ["practice", "--stats", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["attempts"] == 2
    assert data["topics"]["params"]["attempts"] == 2
    assert data["topics"]["params"]["correct"] == 1
    assert data["topics"]["params"]["accuracy"] == 0.5
    text = runner.invoke(app, ["practice", "--stats"])
    assert text.exit_code == 0
    assert "params" in text.output


def test_bad_options(home: Path) -> None:
    assert runner.invoke(app, ["practice", "--topic", "cooking"]).exit_code == 2
    assert runner.invoke(app, ["practice", "--count", "0"]).exit_code == 2
    assert runner.invoke(app, ["practice", "--json"]).exit_code == 2


def test_corrupt_history_is_moved_aside_and_session_goes_on(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "history.db").write_bytes(b"this is not a database, just bytes " * 40)
    right = session_answers("params", 4, 1)
    result = runner.invoke(
        app,
        ["practice", "--topic", "params", "--count", "1", "--seed", "4", "--level", "2"],
        input=f"{right[0]}\n",
    )
    assert result.exit_code == 0
    assert "Score: 1/1" in result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == 1
    assert "moved to" in warnings[0]
    assert list(home.glob("history.db.corrupt-*"))
    with sqlite3.connect(home / "history.db") as db:
        assert db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 1


def test_unwritable_home_keeps_session_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("AECALC_HOME", str(blocker / "sub"))
    result = runner.invoke(
        app,
        ["practice", "--topic", "classify", "--count", "1", "--seed", "1", "--level", "2"],
        input="over\n",
    )
    assert result.exit_code == 0
    assert "Score:" in result.output
    assert "in memory" in result.stderr


def test_practice_params_start_is_light(home: Path) -> None:
    code = (
        "import sys\n"
        "sys.argv = ['aecalc', 'practice', '--topic', 'params', '--count', '1', '--seed', '1']\n"
        "from aecalc.cli import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "print('numpy' in sys.modules, 'sympy' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        input="skip\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Score: 0/1" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "False False"
