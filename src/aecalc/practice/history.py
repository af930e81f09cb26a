"""Practice history in SQLite: every attempt, and the spaced-repetition cards of theory questions.

The file is ``history.db`` in the user data directory (platformdirs), or in
``$AECALC_HOME`` when that is set. It never loses an attempt:

* WAL journal and one short transaction per write (``BEGIN IMMEDIATE`` … commit),
  with a generous busy timeout, so two sessions at once both keep every attempt.
  SQLite answers some statements "database is locked" at once, without waiting
  (``PRAGMA journal_mode = WAL`` while another process creates the file), so
  opening and writing retry with back-off until :data:`BUSY_TIMEOUT_S` has passed:
  a lock is never a reason to give up the file;
* a file that SQLite says is not a database (or is malformed) is moved aside
  (``history.db.corrupt-…``) with a one-line warning on stderr, and a fresh one is
  started. That happens once, under a lock (``history.db.lock``), and only after
  the same file fails again under the lock: a second session that met the same
  file then opens the fresh one instead of moving it aside too;
* a full disk, a disk I/O error or a read-only file system is *not* corruption:
  the file is left where it is, the attempts that could not be written are kept
  in memory and written again when the history is closed, and the session says
  what happened (:meth:`History.summary`);
* if no file can be written at all, the session goes on with an in-memory
  history, and says plainly, once, that nothing will be saved.
"""

from __future__ import annotations

import contextlib
import json
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


# SQLite's primary result codes (the low byte of ``sqlite3.Error.sqlite_errorcode``).
_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_CORRUPT = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_REASONS = {
    8: "the file or its folder is read-only",  # SQLITE_READONLY
    10: "a disk I/O error",  # SQLITE_IOERR
    13: "the disk is full",  # SQLITE_FULL
    14: "the file cannot be opened",  # SQLITE_CANTOPEN
}
_HEADER = b"SQLite format 3\x00"


def _pause(seconds: float) -> None:
    """Back off before trying a locked file again (one place, for the tests to step in)."""
    time.sleep(seconds)


def _code(error: BaseException) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _is_busy(error: BaseException) -> bool:
    code = _code(error)
    if code is not None:
        return code in _BUSY
    text = str(error)
    return "locked" in text or "busy" in text


def _is_corrupt(error: BaseException) -> bool:
    return _code(error) in _CORRUPT or isinstance(error, _IntegrityFailure)


def _reason(error: BaseException) -> str:
    code = _code(error)
    described = _REASONS.get(code) if code is not None else None
    if described is None or str(error).lower() in described.lower():
        return described or str(error)
    return f"{described}: {error}"


class _IntegrityFailure(sqlite3.DatabaseError):
    """``PRAGMA quick_check`` found damage: the file is a database no longer fit to use."""


def _identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file at ``path``, or None: tells a replaced file from the same one."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _unwritable(path: Path) -> str | None:
    """Why nobody could write ``path`` at all (a read-only file system, no permission), or None."""
    try:
        if os.statvfs(path.parent).f_flag & os.ST_RDONLY:
            return "the file system is read-only"
    except (OSError, AttributeError):  # pragma: no cover - no statvfs
        pass
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return "no permission to write it or its folder"
    return None


def _header_is_sqlite(path: Path) -> bool:
    """True for an empty file (SQLite starts a database in it) or one with SQLite's header."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_HEADER))
    except OSError:
        return True  # cannot tell: not evidence of corruption
    return head in (b"", _HEADER)


@contextlib.contextmanager
def recovery_lock(path: Path) -> Iterator[None]:
    """Hold ``path`` (``history.db.lock``) exclusively: one session at a time moves a file aside."""
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no advisory locks
            yield
            return
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


class _Write(Record):
    sql: str
    parameters: tuple[object, ...]
    attempt: bool


class History:
    """A connection to the history file; every write is its own short transaction.

    ``saved`` counts the attempts written to the file; after :meth:`close`, ``unsaved``
    counts those that could not be, and :meth:`summary` says so in one line.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else home() / FILENAME
        self.file = self.path
        self.session = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{os.getpid()}"
        self.saved = 0
        self.saved_late = 0
        self.unsaved = 0
        self.problem: str | None = None  # why something was not written (when it was not)
        self.memory_only = False
        self._retry_file = True  # whether writing the file again at close() may work
        self._pending: list[_Write] = []
        self._warned = False
        self._warned_cards = False
        self._closed = False
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
                raise _IntegrityFailure(f"integrity check failed: {row}")
            connection.execute("SELECT COUNT(*) FROM attempts").fetchone()
        except BaseException:
            connection.close()
            raise
        return connection

    def _connect_file(self) -> sqlite3.Connection:
        """Connect to the file, retrying with back-off while it is locked (until the busy timeout)."""
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        delay = 0.01
        while True:
            try:
                return self._connect(str(self.file))
            except sqlite3.Error as error:
                if not _is_busy(error) or time.monotonic() >= deadline:
                    raise
            _pause(delay)
            delay = min(delay * 2, 0.25)

    def _open(self) -> sqlite3.Connection:
        shown = repr(str(self.file))
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return self._in_memory(
                f"cannot create the folder {str(self.file.parent)!r} ({error.strerror})",
                retry=False,
            )
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            seen = _identity(self.file)
            try:
                return self._connect_file()
            except sqlite3.Error as error:
                if _is_busy(error):
                    return self._in_memory(
                        f"{shown} stayed locked for {BUSY_TIMEOUT_S:g} s ({error})", retry=True
                    )
                if not _is_corrupt(error) or seen is None or time.monotonic() >= deadline:
                    blocked = _unwritable(self.file)
                    code = _code(error)
                    return self._in_memory(
                        f"cannot write {shown} ({blocked or _reason(error)})",
                        retry=blocked is None and (code in (10, 13) or code is None),
                    )
                failed = self._recover(seen, error)
                if failed is not None:
                    return failed

    def _recover(self, seen: tuple[int, int], error: sqlite3.Error) -> sqlite3.Connection | None:
        """Move the unreadable file aside, once, under the lock; None: open the path again.

        Under the lock the file is looked at again: if it is no longer the file that failed
        (another session moved it aside and started a fresh one), or it now opens, or it fails
        for another reason (locked: someone is using it), it is left alone.
        """
        shown = repr(str(self.file))
        lock = self.file.with_name(self.file.name + ".lock")
        try:
            with recovery_lock(lock):
                if _identity(self.file) != seen:
                    return None
                try:
                    connection = self._connect(str(self.file))
                except sqlite3.Error as again:
                    if not _is_corrupt(again):
                        return None
                    error = again
                else:
                    connection.close()
                    return None
                aside = self._move_aside()
                if aside is None:
                    return self._in_memory(
                        f"{shown} is unreadable ({error}) and cannot be moved aside", retry=False
                    )
        except OSError as failure:
            return self._in_memory(
                f"{shown} is unreadable ({error}) and cannot be moved aside "
                f"({failure.strerror or failure})",
                retry=False,
            )
        what = "is not an SQLite database" if not _header_is_sqlite(aside) else "was unreadable"
        warn(f"history {shown} {what} ({error}); moved to {aside.name!r} and started a fresh one")
        return None

    def _move_aside(self) -> Path | None:
        stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{os.getpid()}"
        aside = self.file.with_name(f"{self.file.name}.corrupt-{stamp}")
        try:
            self.file.replace(aside)
        except OSError:
            return None
        for suffix in ("-wal", "-shm"):
            extra = self.file.with_name(self.file.name + suffix)
            with contextlib.suppress(OSError):
                extra.replace(aside.with_name(aside.name + suffix))
        return aside

    def _in_memory(self, reason: str, *, retry: bool) -> sqlite3.Connection:
        self.memory_only = True
        self._retry_file = retry
        self.problem = reason
        self.path = Path(":memory:")
        later = (
            "this session's attempts are kept in memory; aecalc tries to save them again at the end"
            if retry
            else "this session's history is kept in memory only: nothing will be saved"
        )
        warn(f"{reason}; {later}")
        return self._connect(":memory:")

    @staticmethod
    def _transaction_write(connection: sqlite3.Connection, write: _Write) -> None:
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.execute(write.sql, write.parameters)
        except BaseException:
            with contextlib.suppress(sqlite3.Error):  # SQLITE_FULL may have rolled it back
                connection.execute("ROLLBACK")
            raise
        try:
            connection.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
            raise

    def _try(self, connection: sqlite3.Connection, write: _Write) -> sqlite3.Error | None:
        """One write, retried with back-off while locked; the error if it did not happen."""
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        delay = 0.01
        while True:
            try:
                self._transaction_write(connection, write)
                return None
            except sqlite3.Error as error:
                if not _is_busy(error) or time.monotonic() >= deadline:
                    return error
            _pause(delay)
            delay = min(delay * 2, 0.25)

    def close(self) -> None:
        """Write what is still pending (one more try), then close the connection."""
        if self._closed:
            return
        self._closed = True
        if self._pending:
            self._flush()
        with contextlib.suppress(sqlite3.Error):
            self._connection.close()

    def _flush(self) -> None:
        pending, self._pending = self._pending, []
        waiting = sum(write.attempt for write in pending)
        connection: sqlite3.Connection | None = None if self.memory_only else self._connection
        if connection is None and self._retry_file:
            with contextlib.suppress(sqlite3.Error, OSError):
                connection = self._connect_file()
        if connection is None:
            self.unsaved += waiting
            return
        written = 0
        for number, write in enumerate(pending):
            error = self._try(connection, write)
            if error is not None:
                self.problem = _reason(error)
                self.unsaved += sum(w.attempt for w in pending[number:])
                break
            written += write.attempt
        self.saved += written
        self.saved_late += written
        if connection is not self._connection:
            connection.close()
        if self.unsaved:
            warn(
                f"{self.unsaved} attempt(s) could not be saved to {str(self.file)!r} ({self.problem})"
            )

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def summary(self) -> tuple[str, str] | None:
        """The session's last line about its attempts (text, Rich style), or None if it had none."""
        where = str(self.file)
        if self.unsaved:
            if not self.saved:
                return (
                    f"Nothing was saved: {self.unsaved} attempt(s) could not be written to "
                    f"{where} ({self.problem}).",
                    "yellow",
                )
            return (
                f"{self.unsaved} attempt(s) could not be saved to {where} ({self.problem}); "
                f"{self.saved} were saved.",
                "yellow",
            )
        if self.saved_late:
            return (
                f"Saved {self.saved} attempt(s) to {where}, {self.saved_late} of them only at the "
                f"end (earlier: {self.problem}).",
                "yellow",
            )
        if self.saved:
            return f"Saved {self.saved} attempt(s) to {where}.", "dim"
        return None

    # -- writing ------------------------------------------------------------------------------
    def _write(self, sql: str, parameters: tuple[object, ...], attempt: bool) -> bool:
        write = _Write(sql, parameters, attempt)
        if self._closed:
            self._write_failed("the history is closed")
            self.unsaved += attempt
            return False
        if self.memory_only:
            with contextlib.suppress(sqlite3.Error):  # for this session's own reads
                self._transaction_write(self._connection, write)
            self._pending.append(write)
            return False
        error = self._try(self._connection, write)
        if error is None:
            self.saved += attempt
            return True
        if not isinstance(error, sqlite3.OperationalError):
            # The values themselves were refused (not the file): writing them again cannot help.
            self._write_failed(str(error))
            self.unsaved += attempt
            return False
        self.problem = _reason(error)
        self._pending.append(write)
        self._write_failed(f"{self.problem}; kept in memory to save again at the end")
        return False

    def _write_failed(self, reason: str) -> None:
        if not self._warned:
            warn(f"could not save to {str(self.file)!r} ({reason}); the session goes on")
            self._warned = True

    def record(self, attempt: Attempt) -> bool:
        """Store one attempt at once (its own transaction); False if it is not in the file yet."""
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
            True,
        )

    def save_card(self, problem: str, card_json: str, due: datetime) -> bool:
        return self._write(
            "INSERT INTO cards (problem, card, due, updated) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(problem) DO UPDATE SET card = excluded.card, due = excluded.due, "
            "updated = excluded.updated",
            (problem, card_json, due.isoformat(), datetime.now(UTC).isoformat()),
            False,
        )

    # -- reading ------------------------------------------------------------------------------
    def _rows(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        try:
            return list(self._connection.execute(sql, parameters).fetchall())
        except sqlite3.Error as error:
            if not self._warned:
                warn(f"could not read {str(self.file)!r} ({_reason(error)}); the session goes on")
                self._warned = True
            return []

    def cards(self) -> dict[str, str]:
        """Theory card states (fsrs JSON) by problem id.

        A card that fsrs cannot read back (unreadable JSON, missing fields, a due date that is
        not a date) is left out, so that question starts afresh, with one warning for them all.
        """
        rows = self._rows("SELECT problem, card FROM cards")
        if not rows:
            return {}
        from fsrs import Card

        cards: dict[str, str] = {}
        bad: list[str] = []
        for problem, card in rows:
            try:
                Card.from_json(str(card))
                due = json.loads(str(card))["due"]
            except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
                bad.append(str(problem))
                continue
            if not isinstance(due, str):
                bad.append(str(problem))
                continue
            cards[str(problem)] = str(card)
        if bad and not self._warned_cards:
            self._warned_cards = True
            listed = ", ".join(bad[:5]) + (" …" if len(bad) > 5 else "")
            warn(
                f"{len(bad)} review card(s) in {str(self.file)!r} cannot be read ({listed}); "
                "those questions start afresh"
            )
        return cards

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

    # -- added for issue 12 (the tutor: review and progress), by the practice engineer --------
    def attempt_rows(self) -> list[tuple[str, str, str, str, bool, bool, str | None, str]]:
        """Every attempt, oldest first: (time, session, topic, problem, correct, skipped, slip,
        answer)."""
        return [
            (
                str(t),
                str(s),
                str(o),
                str(p),
                bool(c),
                bool(k),
                None if x is None else str(x),
                str(a),
            )
            for t, s, o, p, c, k, x, a in self._rows(
                "SELECT time, session, topic, problem, correct, skipped, slip, answer "
                "FROM attempts ORDER BY id"
            )
        ]

    def save_kind_card(self, kind: str, card_json: str, due: datetime) -> bool:
        """The FSRS card of a numeric question kind (``params/tied``), in table ``kind_cards``."""
        self._write(
            "CREATE TABLE IF NOT EXISTS kind_cards (kind TEXT PRIMARY KEY, card TEXT NOT NULL, "
            "due TEXT NOT NULL, updated TEXT NOT NULL)",
            (),
            False,
        )
        return self._write(
            "INSERT INTO kind_cards (kind, card, due, updated) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(kind) DO UPDATE SET card = excluded.card, due = excluded.due, "
            "updated = excluded.updated",
            (kind, card_json, due.isoformat(), datetime.now(UTC).isoformat()),
            False,
        )

    def kind_cards(self) -> dict[str, str]:
        """The FSRS cards (JSON) of numeric question kinds, by kind; {} before the first one."""
        exists = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kind_cards'"
        if not self._rows(exists):
            return {}
        return {str(k): str(c) for k, c in self._rows("SELECT kind, card FROM kind_cards")}


def _int(value: object) -> int:
    return int(value) if isinstance(value, int | float | str) else 0
