"""The attempts' later columns (issue 24): hints, seconds, level and mode are added to an older
file on opening, an older aecalc's writes still work, and a snapshot reads without writing."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from aecalc.practice.history.attempts import ADDED_COLUMNS, Attempt, History, Snapshot
from cli import run

FIRST_SCHEMA = """
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, session TEXT NOT NULL,
    topic TEXT NOT NULL, problem TEXT NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL,
    correct INTEGER NOT NULL, skipped INTEGER NOT NULL, slip TEXT
);
CREATE TABLE cards (problem TEXT PRIMARY KEY, card TEXT NOT NULL, due TEXT NOT NULL,
    updated TEXT NOT NULL);
CREATE TABLE kind_cards (kind TEXT PRIMARY KEY, card TEXT NOT NULL, due TEXT NOT NULL,
    updated TEXT NOT NULL);
"""
OLD_INSERT = (
    "INSERT INTO attempts (time, session, topic, problem, question, answer, correct, skipped, "
    "slip) VALUES ('2024-05-01T10:00:00+00:00', 'old', 'params', ?, 'q', ?, 1, 0, NULL)"
)


def old_file(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.executescript(FIRST_SCHEMA)
    connection.execute(OLD_INSERT, ("gen-params-tied-9-5", "59 [retry; hints: 1]"))
    connection.commit()
    connection.close()


def columns(path: Path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        return {str(row[1]) for row in connection.execute("PRAGMA table_info(attempts)")}
    finally:
        connection.close()


def test_an_older_file_gets_the_columns_and_its_rows_read_hints_from_their_notes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "history.db"
    old_file(path)
    with History(path) as history:
        history.record(
            Attempt("loss", "gen-loss-mse-1-2", "q", "b", True, hints=0, seconds=8.25, level=3)
        )
        rows = history.done()
    assert {name for name, _ in ADDED_COLUMNS} <= columns(path)
    first, second = rows
    assert (first.hints, first.seconds, first.level, first.mode) == (2, None, None, None)
    assert (second.hints, second.seconds, second.level) == (0, 8.2, 3)


def test_an_older_aecalc_still_writes_and_reads_a_newer_file(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    with History(path) as history:
        history.record(Attempt("params", "gen-params-tied-9-5", "q", "59", True, mode="mcq"))
    connection = sqlite3.connect(path)  # what the first schema's code does, word for word
    connection.execute(OLD_INSERT, ("gen-params-tied-9-6", "60"))
    connection.commit()
    read = connection.execute(
        "SELECT time, session, topic, problem, correct, skipped, slip, answer FROM attempts "
        "ORDER BY id"
    ).fetchall()
    connection.close()
    assert [row[3] for row in read] == ["gen-params-tied-9-5", "gen-params-tied-9-6"]
    with Snapshot(path) as snapshot:
        rows = snapshot.done()
    assert [(r.mode, r.hints) for r in rows] == [("mcq", 0), (None, 0)]


def test_two_sessions_opening_an_older_file_add_the_columns_once(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    old_file(path)
    with History(path) as first, History(path) as second:
        assert first.columns == second.columns
        second.record(Attempt("params", "gen-params-tied-9-7", "q", "1", False, hints=3))
    with Snapshot(path) as snapshot:
        assert [r.hints for r in snapshot.done()] == [2, 3]


def test_a_snapshot_never_writes(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    old_file(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns
    with Snapshot(path) as snapshot:
        assert len(snapshot.done()) == 1 and snapshot.kind_cards() == {}
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before
    assert "hints" not in columns(path)  # not migrated
    missing = tmp_path / "none" / "history.db"
    with Snapshot(missing) as snapshot:
        assert snapshot.done() == [] and snapshot.cards() == {}
    assert not missing.parent.exists()


def test_the_readers_read_an_older_file_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """practice --stats, problems and plan read a file without the later columns and leave it
    so (a session adds them)."""
    path = tmp_path / "history.db"
    old_file(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    monkeypatch.setenv("AECALC_HOME", str(tmp_path))
    code, out, err = run("practice", "--stats", "--json")
    assert code == 0 and err == "" and json.loads(out)["attempts"] == 1
    for argv in (["problems", "--json"], ["plan", "--json"]):
        code, out, err = run(*argv)
        assert code == 0 and err == "", (argv, err)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert "hints" not in columns(path)
