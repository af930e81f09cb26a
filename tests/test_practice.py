"""Practice mode: generators, the scripted session loop, history (concurrency, corruption), stats."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from aecalc.cli import app
from aecalc.practice import topics
from aecalc.practice.answers.checker import check
from aecalc.practice.history.attempts import Attempt, History
from aecalc.practice.session.terminal import Reader
from aecalc.practice.topics import solve
from cli import session_answers

runner = CliRunner()


def before_score(output: str) -> str:
    return output.split("Score:", maxsplit=1)[0]


# -- generators -----------------------------------------------------------------------------------


def assert_solvable(topic: str, seed: int) -> None:
    problem = topics.generate(topic, random.Random(seed))
    assert problem.topic == topic
    assert problem.statement
    assert problem.spec is not None
    expected = solve(problem.spec).expected
    assert check(expected, expected.as_answer(6)).right
    for slip in expected.slips:  # a slip never coincides with the answer
        assert not check(expected, slip.answer.as_answer(6)).right, (problem.statement, slip.name)


@given(st.integers(min_value=0, max_value=2**32))
@settings(max_examples=60, deadline=None)
def test_params_and_classify_generators_are_solvable(seed: int) -> None:
    assert_solvable("params", seed)
    assert_solvable("classify", seed)


@given(st.integers(min_value=0, max_value=2**32))
@settings(max_examples=30, deadline=None)
def test_forward_and_loss_generators_are_solvable(seed: int) -> None:
    assert_solvable("forward", seed)
    assert_solvable("loss", seed)


@given(st.integers(min_value=0, max_value=2**32))
@settings(max_examples=30, deadline=None)
def test_backprop_penalty_and_conv_generators_are_solvable(seed: int) -> None:
    assert_solvable("backprop", seed)
    assert_solvable("penalty", seed)
    assert_solvable("conv", seed)


def test_every_generator_topic_is_covered() -> None:
    assert set(topics.NUMERIC) == {t.id for t in topics.TOPICS if t.numeric}
    assert {"backprop", "penalty", "conv"} <= set(topics.NUMERIC)
    for topic in topics.NUMERIC:  # every numeric entry has its three functions
        entry = topics.get(topic)
        for function in (entry.reader, entry.solver, entry.generator):
            assert callable(function), (topic, function)


def test_generators_are_reproducible() -> None:
    for topic in ("params", "classify", "backprop", "penalty", "conv"):
        first = [topics.generate(topic, random.Random(3)) for _ in range(3)]
        again = [topics.generate(topic, random.Random(3)) for _ in range(3)]
        assert first == again


# -- the session loop ------------------------------------------------------------------------------


def test_scripted_session_right_wrong_hint_unreadable_skip(home: Path) -> None:
    right = session_answers("params", 11, 3)
    script = f"hint\nnot a number\n{right[0]}\n999999\nskip\n"
    result = runner.invoke(
        app, ["practice", "--topic", "params", "--count", "3", "--seed", "11"], input=script
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
    args = ["practice", "--topic", "all", "--count", "4", "--seed", "42"]
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
        ["practice", "--topic", "classify", "--count", "5", "--seed", "5"],
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
    result = runner.invoke(app, ["practice", "--topic", "params", "--count", "3", "--seed", "8"])
    assert result.exit_code == 0
    assert "Score: 1/1" in result.output
    with History() as history:
        assert history.count() == 1


def test_theory_session_rates_recall_and_schedules_cards(home: Path) -> None:
    pytest.importorskip("fsrs")
    script = "the target is the input itself\n4\n\nsoso\nagain\n"
    result = runner.invoke(
        app, ["practice", "--topic", "theory", "--count", "2", "--seed", "3"], input=script
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
        ["practice", "--topic", "params", "--count", "2", "--seed", "2"],
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


# -- history: concurrency and corruption ----------------------------------------------------------


def test_concurrent_threads_lose_no_attempt(home: Path) -> None:
    def writer(tag: int) -> None:
        with History() as history:
            for i in range(40):
                assert history.record(Attempt("params", f"p{tag}-{i}", "q", str(i), i % 2 == 0))

    threads = [threading.Thread(target=writer, args=(t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with History() as history:
        assert history.count() == 160


def test_two_processes_lose_no_attempt(home: Path) -> None:
    code = (
        "from aecalc.practice.history.attempts import Attempt, History\n"
        "h = History()\n"
        "ok = sum(h.record(Attempt('loss', f'p{i}', 'q', '1', True)) for i in range(150))\n"
        "h.close()\n"
        "print(ok)\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert outputs == ["150", "150"]
    with History() as history:
        assert history.count() == 300


def test_corrupt_history_is_moved_aside_and_session_goes_on(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "history.db").write_bytes(b"this is not a database, just bytes " * 40)
    right = session_answers("params", 4, 1)
    result = runner.invoke(
        app, ["practice", "--topic", "params", "--count", "1", "--seed", "4"], input=f"{right[0]}\n"
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
        app, ["practice", "--topic", "classify", "--count", "1", "--seed", "1"], input="over\n"
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
