"""Every line a session or an exam reads comes through one buffered reader
(``session.terminal.lines``): answers typed ahead are never lost in a buffer the clock does not
look at, and input that is not text ends the session as the end of input does.

The pipes here are written ahead and left open (no end of input to rescue a lost answer);
``/dev/zero`` is made with ``mknod`` in the test's folder (as root; skipped otherwise), never the
machine's own node. Every process runs under a time bound: a regression fails, it does not hang.
"""

from __future__ import annotations

import os
import random
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aecalc.practice import topics
from aecalc.practice.history.attempts import History
from aecalc.practice.session import terminal
from aecalc.practice.session.exam import paper_topics
from pseudo_terminal import ended, spawn

MAIN = "from aecalc.cli import main; main()"


def start(home: Path, *args: str, stdin: int | None = subprocess.PIPE) -> subprocess.Popen[bytes]:
    """``aecalc ARGS`` in a process whose stdout and stderr go to files (``home/out``,
    ``home/err``), so that the test can wait for it with its stdin pipe still open."""
    home.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "AECALC_HOME": str(home), "COLUMNS": "120", "PYTHONUNBUFFERED": "1"}
    with (home / "out").open("wb") as out, (home / "err").open("wb") as err:
        return subprocess.Popen(
            [sys.executable, "-c", MAIN, *args], stdin=stdin, stdout=out, stderr=err, env=env
        )


def finish(process: subprocess.Popen[bytes], home: Path, timeout: float) -> tuple[str, str]:
    """Wait for the process (its stdin left open: no end of input), then its stdout and stderr."""
    try:
        process.wait(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdin is not None:
            process.stdin.close()
    return (home / "out").read_text(), (home / "err").read_text()


def first_answers(seed: int, count: int) -> list[str]:
    """The right answers of a seeded paper whose questions are all one-line numeric ones."""
    rng = random.Random(seed)
    from aecalc.practice.bank.folder import load_bank

    rng.shuffle([p for p in load_bank() if p.is_theory])  # the paper shuffles theory first
    answers = []
    for topic in paper_topics(count, topics.IDS):
        problem = topics.generate(topic, rng, 2)
        assert problem.spec is not None
        solution = topics.solve(problem.spec)
        assert solution.working is None or len(solution.working.steps) < 2, topic
        answers.append(solution.expected.as_answer(6))
    return answers


def test_answers_typed_ahead_in_one_write_are_all_marked(home: Path) -> None:
    """Both answers arrive in one write and the pipe stays open: the exam marks both and ends
    at once. It used to wait on the descriptor while the second answer sat in Python's buffer,
    until the time ran out, and marked the question not answered."""
    answers = first_answers(5, 2)
    minutes = 2.0
    process = start(home, "exam", "--count", "2", "--seed", "5", "--minutes", str(minutes))
    assert process.stdin is not None
    began = time.monotonic()
    process.stdin.write(("\n".join(answers) + "\n").encode())
    process.stdin.flush()  # and not closed: no end of input
    text, err = finish(process, home, 60 * minutes + 60)
    took = time.monotonic() - began
    assert process.returncode == 0, err
    assert "Time is up" not in text and took < 60 * minutes, text
    assert "not answered" not in text.split("Marked script")[-1], text
    with History(home / "history.db") as history:
        rows = history._rows("SELECT correct FROM attempts")
    assert [bool(right) for (right,) in rows] == [True, True]


def test_practice_lines_typed_ahead_are_each_read_once(home: Path) -> None:
    """The practice session reads from the same reader: three lines in one write, read while
    the pipe stays open (after the last question the session waits for one more line — a
    ``why`` — so the pipe is closed once both skips are echoed)."""
    process = start(home, "practice", "--topic", "params", "--count", "2", "--seed", "3")
    assert process.stdin is not None
    process.stdin.write(b"hint\nskip\nskip\n")
    process.stdin.flush()
    deadline = time.monotonic() + 120
    while (home / "out").read_text().count("> skip") < 2 and process.poll() is None:
        assert time.monotonic() < deadline, (home / "out").read_text()
        time.sleep(0.05)
    process.stdin.close()  # the end of input: no "why" after the last question
    text, err = finish(process, home, 120)
    assert process.returncode == 0, err
    assert text.count("> skip") == 2 and "> hint" in text
    assert "Score: 0/2" in text


@pytest.fixture
def dev_zero(tmp_path: Path) -> Path:
    """A character device 1:5 (what /dev/zero is) made in the test's folder."""
    node = tmp_path / "zero"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 5))
    except PermissionError:
        pytest.skip("making a device node needs root (CAP_MKNOD)")
    return node


@pytest.mark.parametrize(
    "args",
    [
        ["practice", "--topic", "params", "--count", "2", "--seed", "1"],
        ["exam", "--count", "2", "--seed", "1", "--minutes", "5"],
    ],
)
def test_dev_zero_as_input_ends_the_session(home: Path, dev_zero: Path, args: list[str]) -> None:
    """Endless NUL bytes and no newline: each chunk used to be an unreadable answer, asked
    again forever. The first over-long run of them ends the input."""
    with dev_zero.open("rb") as zeros:
        process = start(home, *args, stdin=zeros.fileno())
        text, err = finish(process, home, 120)
    assert process.returncode == 0, err
    assert err == ""
    assert "Session ended." in text or "handed in" in text, text[-2000:]
    assert len(text) < 20_000  # not one echo of the NULs, not a screenful of re-asking


def reader_over(tmp_path: Path, data: bytes, limit: int = 100) -> terminal.LineReader:
    """A reader of ``data`` through a descriptor (a file: a pipe would block the write of more
    than its 64 KiB)."""
    path = tmp_path / f"input-{len(list(tmp_path.iterdir()))}"
    path.write_bytes(data)
    return terminal.LineReader(path.open(encoding="utf-8"), limit)


def test_a_reader_keeps_lines_typed_ahead_and_bounds_long_ones(tmp_path: Path) -> None:
    reader = reader_over(tmp_path, b"skip\r\nx" + b"7" * 1_000 + b"\n\xff\xfe no\nlast")
    assert reader.line() == "skip"
    assert reader.line() == "x" + "7" * 99  # cut to the limit, the rest dropped
    assert reader.line() == "\ufffd\ufffd no"  # not text: U+FFFD, asked again
    assert reader.line() == "last"  # a last line without a newline
    assert reader.line() is None and reader.line() is None


def test_a_reader_waits_only_while_its_buffer_has_no_line() -> None:
    read, write = os.pipe()
    os.write(write, b"one\ntwo\n")  # written ahead, the pipe left open
    reader = terminal.LineReader(os.fdopen(read, "r", encoding="utf-8"))
    soon = time.monotonic() + 0.2
    assert reader.line(soon) == "one"
    assert reader.line(soon) == "two"  # from the buffer, no wait on the descriptor
    with pytest.raises(terminal.TimedOut):
        reader.line(time.monotonic() + 0.05)
    os.write(write, b"three")
    os.close(write)
    assert reader.line(time.monotonic() + 5) == "three"
    assert reader.line() is None


def test_binary_input_ends_the_input(tmp_path: Path) -> None:
    assert reader_over(tmp_path, b"\x00" * 100_000).line() is None  # no newline in sight
    noise = reader_over(tmp_path, b"\xff\x00\n" * (terminal.UNREADABLE_RUN + 5))
    seen = 0
    while noise.line() is not None:
        seen += 1
    assert seen == terminal.UNREADABLE_RUN - 1  # the run ends it
    # a few unreadable lines among text are asked again, as before
    mixed = reader_over(tmp_path, b"\xff\n" * 3 + b"skip\n" + b"\xff\n" * 3 + b"quit\n")
    assert [mixed.line() for _ in range(8)][3::4] == ["skip", "quit"]


def test_answers_typed_ahead_at_a_terminal_are_all_marked(home: Path) -> None:
    """At a terminal (an ``expect`` script, a paste) the exam reads key by key; two answers
    arriving in one read are both answered: the second used to be dropped with the rest of the
    chunk."""
    answers = first_answers(5, 2)
    child = spawn(home, "exam", "--count", "2", "--seed", "5", "--minutes", "2", columns=120)
    child.expect_exact("Answer (")
    child.send("\n".join(answers) + "\n")  # both answers at the first prompt, in one write
    child.expect_exact("Marks:")
    seen = ended(child)
    assert "Time is up" not in seen, seen
    with History(home / "history.db") as history:
        rows = history._rows("SELECT correct FROM attempts")
    assert [bool(right) for (right,) in rows] == [True, True], seen
