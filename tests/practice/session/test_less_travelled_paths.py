"""Practice sessions on their less-travelled paths: hints, quitting mid-question, theory cards
rated and skipped without a seed (the fsrs due order), and a history that cannot be written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cli import run


def session(*args: str, answers: str) -> str:
    from typer.testing import CliRunner

    from aecalc.cli import app

    result = CliRunner().invoke(app, ["practice", *args], input=answers)
    assert result.exit_code == 0, result.output
    return result.stdout


def stats() -> dict[str, object]:
    code, out, _ = run("practice", "--stats", "--json")
    assert code == 0
    data: dict[str, object] = json.loads(out)
    return data


def test_hint_then_quit_records_nothing(home: Path) -> None:
    out = session("--topic", "params", "--count", "2", "--seed", "3", answers="hint\nquit\n")
    assert "Hint: " in out
    assert "Session ended." in out and "Score: 0/0" in out
    assert stats()["attempts"] == 0


def test_theory_cards_rated_and_skipped_without_a_seed(home: Path) -> None:
    # no --seed: the deck is ordered by the fsrs due dates in the history, and the session
    # says how to repeat it
    answers = "an encoder and a decoder\nhint\ngood\nskip\n"
    out = session("--topic", "theory", "--count", "2", answers=answers)
    assert "Noted: it will come back later." in out
    assert "Skipped: it will come back soon." in out
    assert re.search(r"Repeat these questions with --seed \d+\.", out)
    assert "Score: 1/2" in out
    figures = stats()
    assert figures["attempts"] == 2
    topics = figures["topics"]
    assert isinstance(topics, dict)
    assert topics["theory"]["correct"] == 1 and topics["theory"]["skipped"] == 1
    # a second session reads the cards back to order the deck (both are now scheduled)
    out = session("--topic", "theory", "--count", "1", answers="\n4\n")
    assert "Noted: it will come back later." in out
    assert stats()["attempts"] == 3


def test_a_rating_that_is_not_one_is_asked_again_and_quit_ends(home: Path) -> None:
    out = session("--topic", "theory", "--count", "1", "--seed", "1", answers="notes\n7\nquit\n")
    assert "Give a rating from 1 to 4 (or again, hard, good, easy" in out
    assert "Score: 0/0" in out


def test_an_unwritable_history_is_said_once_and_the_session_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the history folder should be")
    monkeypatch.setenv("AECALC_HOME", str(blocker))
    from typer.testing import CliRunner

    from aecalc.cli import app

    result = CliRunner().invoke(
        app, ["practice", "--topic", "classify", "--count", "1", "--seed", "2"], input="skip\n"
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Warning:") == 1 and "kept in memory only" in result.stderr
    assert "Score: 0/1" in result.stdout
    assert "Nothing was saved: 1 attempt(s) could not be written" in " ".join(result.stdout.split())
