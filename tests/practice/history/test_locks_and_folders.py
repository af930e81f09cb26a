"""The practice history under stress: a thousand attempts, a locked file, an unwritable folder, a
closed connection. The promise is that a stored attempt is never lost and a failure to store one
is said once on stderr, never a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from aecalc.practice.history import attempts
from aecalc.practice.history import store as sqlite_store
from aecalc.practice.history.attempts import Attempt, History


def attempt(i: int, topic: str = "params") -> Attempt:
    return Attempt(
        topic, f"P{i % 7}", f"question {i}", str(i), correct=i % 3 != 0, skipped=i % 10 == 9
    )


def test_a_thousand_attempts_are_all_counted(tmp_path: Path) -> None:
    topics = ("params", "loss", "theory")
    with History(tmp_path / "history.db") as store:
        assert all(store.record(attempt(i, topics[i % 3])) for i in range(1_000))
    with History(tmp_path / "history.db") as store:
        stats = store.stats()
        assert store.count() == stats.attempts == 1_000
        assert stats.correct == sum(1 for i in range(1_000) if i % 3 != 0)
        per_topic = {t.topic: t.attempts for t in stats.topics}
        assert per_topic == {"params": 334, "loss": 333, "theory": 333}
        assert sum(n for n, _ in store.progress().values()) == sum(
            1 for i in range(1_000) if i % 10 != 9
        )


def test_default_folder_is_the_platform_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_data_dir

    monkeypatch.delenv("AECALC_HOME", raising=False)
    assert attempts.home() == Path(user_data_dir("aecalc", appauthor=False))
    monkeypatch.setenv("AECALC_HOME", "~/somewhere")
    assert attempts.home() == Path("~/somewhere").expanduser()


def test_a_folder_that_cannot_be_created_keeps_the_session_in_memory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with History(blocker / "history.db") as store:
        assert not store.record(attempt(1))  # not in a file: False
        assert store.count() == 1  # but this session can still read it back
        assert str(store.path) == ":memory:"
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("Warning: cannot create")
    assert "kept in memory only: nothing will be saved" in err[0]
    assert store.summary() == (
        f"Nothing was saved: 1 attempt(s) could not be written to {blocker / 'history.db'} "
        f"(cannot create the folder {str(blocker)!r} (File exists)).",
        "yellow",
    )


def test_a_locked_history_warns_once_and_reports_unsaved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sqlite_store, "BUSY_TIMEOUT_S", 0.05)
    monkeypatch.setattr(sqlite_store.time, "sleep", lambda seconds: None)
    path = tmp_path / "history.db"
    with History(path) as store:
        assert store.record(attempt(0))
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            assert not store.record(attempt(1))
            assert not store.record(attempt(2))  # still locked: no second warning
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert store.record(attempt(3))  # the lock is gone: saved again
        assert store.count() == 2
    # closing wrote the two attempts kept in memory: none was lost
    assert (store.saved, store.saved_late, store.unsaved) == (4, 2, 0)
    with History(path) as again:
        assert again.count() == 4
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("Warning: could not save to")
    assert "locked" in err[0] and "the session goes on" in err[0]


def test_a_write_that_fails_is_rolled_back_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with History(tmp_path / "history.db") as store:
        bad = Attempt("params", "P1", "q", "a", correct=True, slip=object())  # type: ignore[arg-type]
        assert not store.record(bad)
        assert store.count() == 0
        assert store.record(
            attempt(5)
        )  # the connection is still usable: the failed one rolled back
        assert store.count() == 1
    assert "could not save" in capsys.readouterr().err


def test_reading_from_a_closed_history_gives_empty_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = History(tmp_path / "history.db")
    store.record(attempt(1))
    store.close()
    stats = store.stats()
    assert (stats.attempts, stats.sessions, stats.due_theory, stats.slips) == (0, 0, 0, ())
    assert store.cards() == {}
    store.close()  # closing twice is harmless
    assert capsys.readouterr().err.count("Warning:") == 1


def test_a_history_that_cannot_be_moved_aside_goes_to_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "history.db"
    path.write_bytes(b"this is not SQLite" * 100)

    def refuse(self: Path, target: Path) -> Path:
        raise PermissionError("read-only folder")

    monkeypatch.setattr(Path, "replace", refuse)
    with History(path) as store:
        assert str(store.path) == ":memory:"
        assert not store.record(attempt(1))
    assert path.read_bytes().startswith(b"this is not SQLite")  # the stranger's file is untouched
    err = capsys.readouterr().err
    assert "is unreadable (file is not a database) and cannot be moved aside" in err
    assert "nothing will be saved" in err
