"""Practice history in SQLite: every attempt, and the spaced-repetition cards of theory questions.

The file is ``history.db`` in the user data directory (platformdirs), or in
``$AECALC_HOME`` when that is set. It never loses an attempt:

* WAL journal and one short transaction per write (``BEGIN IMMEDIATE`` … commit),
  with a generous busy timeout, so two sessions at once both keep every attempt;
* a file that is not a readable database is moved aside (``history.db.corrupt-…``)
  with a one-line warning on stderr, and a fresh one is started;
* if no file can be written at all, the session goes on with an in-memory
  history (and says so once).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from aecalc.record import Record

FILENAME = "history.db"
BUSY_TIMEOUT_S = 30.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    session TEXT NOT NULL,
    topic TEXT NOT NULL,
    problem TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    correct INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    slip TEXT
);
CREATE INDEX IF NOT EXISTS attempts_problem ON attempts (problem);
CREATE TABLE IF NOT EXISTS cards (
    problem TEXT PRIMARY KEY,
    card TEXT NOT NULL,
    due TEXT NOT NULL,
    updated TEXT NOT NULL
);
"""


def home() -> Path:
    """The folder of ``history.db``: ``$AECALC_HOME`` or the platform's user data directory."""
    override = os.environ.get("AECALC_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("aecalc", appauthor=False))


def warn(message: str) -> None:
    """One line on stderr."""
    print(f"Warning: {message}", file=sys.stderr, flush=True)


class Attempt(Record):
    """One answered or skipped question."""

    topic: str
    problem: str
    question: str
    answer: str
    correct: bool
    skipped: bool = False
    slip: str | None = None


class TopicStats(Record):
    topic: str
    attempts: int
    correct: int
    skipped: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.attempts if self.attempts else 0.0

    def as_json(self) -> dict[str, object]:
        return {
            "attempts": self.attempts,
            "correct": self.correct,
            "wrong": self.attempts - self.correct - self.skipped,
            "skipped": self.skipped,
            "accuracy": round(self.accuracy, 4),
        }


class Stats(Record):
    """Accuracy per topic and the most frequent slips, over all sessions."""

    path: str
    attempts: int
    correct: int
    topics: tuple[TopicStats, ...]
    slips: tuple[tuple[str, int], ...]
    sessions: int
    due_theory: int

    def as_json(self) -> dict[str, object]:
        return {
            "attempts": self.attempts,
            "correct": self.correct,
            "accuracy": round(self.correct / self.attempts, 4) if self.attempts else 0.0,
            "sessions": self.sessions,
            "topics": {t.topic: t.as_json() for t in self.topics},
            "slips": [{"slip": name, "count": count} for name, count in self.slips],
            "due_theory": self.due_theory,
            "history": self.path,
        }


class History:
    """A connection to the history file; every write is its own short transaction."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else home() / FILENAME
        self.session = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{os.getpid()}"
        self._warned = False
        self._connection = self._open()

    # -- opening, and recovering from a bad file -------------------------------------------
    def _connect(self, target: str) -> sqlite3.Connection:
        connection = sqlite3.connect(target, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            if target != ":memory:":
                connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.executescript(_SCHEMA)
            row = connection.execute("PRAGMA quick_check").fetchone()
            if row is None or row[0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {row}")
            connection.execute("SELECT COUNT(*) FROM attempts").fetchone()
        except BaseException:
            connection.close()
            raise
        return connection

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return self._in_memory(f"cannot create {str(self.path.parent)!r} ({error.strerror})")
        try:
            return self._connect(str(self.path))
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
                return self._in_memory(f"{str(self.path)!r} stayed locked ({error})")
            if not self.path.exists():
                return self._in_memory(f"cannot open {str(self.path)!r} ({error})")
            aside = self._move_aside()
            if aside is None:
                return self._in_memory(f"{str(self.path)!r} is unreadable and cannot be moved")
            warn(
                f"history {str(self.path)!r} was unreadable ({error}); moved to "
                f"{aside.name!r} and started a fresh one"
            )
            try:
                return self._connect(str(self.path))
            except sqlite3.Error as again:
                return self._in_memory(f"cannot start {str(self.path)!r} ({again})")

    def _move_aside(self) -> Path | None:
        stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{os.getpid()}"
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            self.path.replace(aside)
        except OSError:
            return None
        for suffix in ("-wal", "-shm"):
            extra = self.path.with_name(self.path.name + suffix)
            with contextlib.suppress(OSError):
                extra.replace(aside.with_name(aside.name + suffix))
        return aside

    def _in_memory(self, reason: str) -> sqlite3.Connection:
        warn(f"{reason}; this session's history is kept in memory only")
        self.path = Path(":memory:")
        return self._connect(":memory:")

    @staticmethod
    @contextlib.contextmanager
    def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._connection.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------------
    def _write(self, sql: str, parameters: tuple[object, ...]) -> bool:
        for attempt in range(3):
            try:
                with self._transaction(self._connection):
                    self._connection.execute(sql, parameters)
                return True
            except sqlite3.OperationalError as error:
                if "locked" in str(error) or "busy" in str(error):
                    time.sleep(0.05 * (attempt + 1))
                    continue
                self._write_failed(error)
                return False
            except sqlite3.Error as error:
                self._write_failed(error)
                return False
        self._write_failed(sqlite3.OperationalError("database stayed locked"))
        return False

    def _write_failed(self, error: sqlite3.Error) -> None:
        if not self._warned:
            warn(f"could not save to {str(self.path)!r} ({error}); the session goes on")
            self._warned = True

    def record(self, attempt: Attempt) -> bool:
        """Store one attempt at once (its own transaction); False if it could not be saved."""
        return self._write(
            "INSERT INTO attempts (time, session, topic, problem, question, answer, correct, "
            "skipped, slip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                datetime.now(UTC).isoformat(timespec="seconds"),
                self.session,
                attempt.topic,
                attempt.problem,
                attempt.question[:2000],
                attempt.answer[:2000],
                int(attempt.correct),
                int(attempt.skipped),
                attempt.slip,
            ),
        )

    def save_card(self, problem: str, card_json: str, due: datetime) -> bool:
        return self._write(
            "INSERT INTO cards (problem, card, due, updated) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(problem) DO UPDATE SET card = excluded.card, due = excluded.due, "
            "updated = excluded.updated",
            (problem, card_json, due.isoformat(), datetime.now(UTC).isoformat()),
        )

    # -- reading ------------------------------------------------------------------------------
    def _rows(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        try:
            return list(self._connection.execute(sql, parameters).fetchall())
        except sqlite3.Error as error:
            self._write_failed(error)
            return []

    def cards(self) -> dict[str, str]:
        """Theory card states (fsrs JSON) by problem id."""
        return {str(p): str(c) for p, c in self._rows("SELECT problem, card FROM cards")}

    def progress(self) -> dict[str, tuple[int, int]]:
        """(attempts, right) per problem id."""
        rows = self._rows(
            "SELECT problem, COUNT(*), SUM(correct) FROM attempts WHERE skipped = 0 "
            "GROUP BY problem"
        )
        return {str(p): (_int(n), _int(c)) for p, n, c in rows}

    def count(self) -> int:
        rows = self._rows("SELECT COUNT(*) FROM attempts")
        return _int(rows[0][0]) if rows else 0

    def stats(self, now: datetime | None = None) -> Stats:
        now = now or datetime.now(UTC)
        topics = tuple(
            TopicStats(str(t), _int(n), _int(c), _int(s))
            for t, n, c, s in self._rows(
                "SELECT topic, COUNT(*), SUM(correct), SUM(skipped) FROM attempts "
                "GROUP BY topic ORDER BY topic"
            )
        )
        slips = tuple(
            (str(name), _int(n))
            for name, n in self._rows(
                "SELECT slip, COUNT(*) AS n FROM attempts WHERE slip IS NOT NULL "
                "GROUP BY slip ORDER BY n DESC, slip LIMIT 10"
            )
        )
        sessions = self._rows("SELECT COUNT(DISTINCT session) FROM attempts")
        due = self._rows("SELECT COUNT(*) FROM cards WHERE due <= ?", (now.isoformat(),))
        return Stats(
            path=str(self.path),
            attempts=sum(t.attempts for t in topics),
            correct=sum(t.correct for t in topics),
            topics=topics,
            slips=slips,
            sessions=_int(sessions[0][0]) if sessions else 0,
            due_theory=_int(due[0][0]) if due else 0,
        )


def _int(value: object) -> int:
    return int(value) if isinstance(value, int | float | str) else 0
