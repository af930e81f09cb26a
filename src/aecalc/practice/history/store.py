"""An SQLite file that never loses a write: locks waited out, a damaged file moved aside, a full disk.

:class:`Store` knows nothing of what it stores: its owner gives the schema, writes statements
(each write one short transaction, however many statements it holds) and reads rows. What it
promises, whatever happens to the file:

* WAL journal and one short transaction per write (``BEGIN IMMEDIATE`` … commit), with a
  generous busy timeout, so two sessions at once both keep every write. SQLite answers some
  statements "database is locked" at once, without waiting (``PRAGMA journal_mode = WAL``
  while another process creates the file), so opening and writing retry with back-off until
  :data:`BUSY_TIMEOUT_S` has passed: a lock is never a reason to give up the file;
* a file that SQLite says is not a database (or is malformed) is moved aside
  (``history.db.corrupt-…``) with a one-line warning on stderr, and a fresh one is started.
  That happens once, under a lock (``history.db.lock``, held exclusively), and only after the
  same file fails again under the lock: a second session that met the same file then opens the
  fresh one instead of moving it aside too. Every session opens the file holding the same lock
  shared, so no session is half-way through opening (or creating) the file while another moves
  files aside: the side files (``-wal``, ``-shm``) moved with a damaged file are always its own,
  never those of a fresh file another session has just created;
* a full disk, a disk I/O error or a read-only file system is *not* corruption: the file is
  left where it is, the writes that could not be made are kept in memory and made again when
  the store is closed, and :meth:`Store.summary` says what happened;
* a file that cannot be written but can be read (a read-only disk) is still read: what it
  holds is shown, and this session's writes are kept in memory only;
* a write the file's own tables refuse — a history written by a newer aecalc, whose
  ``attempts`` has a column this version does not fill (``NOT NULL constraint failed``) — is
  not lost: it is kept in a table of the store's own, :data:`KEPT_TABLE` (the statements and
  their values as JSON, with the reason), and the summary says where and why;
* if no file can be written at all, the store goes on in memory, and says plainly, once, that
  nothing will be saved.

A write counts the *attempts* it holds (the owner says how many), so that the summary can speak
of attempts saved and lost. What an error means (busy, damaged, refused, not writable) is
:mod:`aecalc.practice.history.failures`'s to say; the lock file is
:mod:`aecalc.practice.history.locks`.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from aecalc.practice.history import failures
from aecalc.practice.history.locks import opening_lock, recovery_lock
from aecalc.record import Record

BUSY_TIMEOUT_S = 30.0
KEPT_TABLE = "aecalc_kept_writes"
"""Where writes the file's tables refuse are kept (its own table, created when first needed)."""
_KEPT_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {KEPT_TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "time TEXT NOT NULL, reason TEXT NOT NULL, attempts INTEGER NOT NULL, statements TEXT NOT NULL)"
)

Statement = tuple[str, tuple[object, ...]]
"""One SQL statement and its parameters."""


def warn(message: str) -> None:
    """One line on stderr."""
    print(f"Warning: {message}", file=sys.stderr, flush=True)


def _pause(seconds: float) -> None:
    """Back off before trying a locked file again (one place, for the tests to step in)."""
    time.sleep(seconds)


class _Write(Record):
    """Statements made in one transaction, and how many attempts they store."""

    statements: tuple[Statement, ...]
    attempts: int


def open_read_only(file: Path, probe: str) -> sqlite3.Connection:
    """``file`` opened for reading only, ``probe`` run on it: ``mode=ro``; where nobody can write
    the file (:func:`~aecalc.practice.history.failures.unwritable`: a read-only disk, on which
    SQLite cannot make the WAL's shared-memory file), then ``immutable=1``, which is safe only
    there (it reads the main file and ignores a WAL that a writer could still be filling). Raises
    the last :class:`sqlite3.Error` when none reads it."""
    uri = file.resolve().as_uri()
    failed: sqlite3.Error | None = None
    queries = ("?mode=ro", "?immutable=1") if failures.unwritable(file) else ("?mode=ro",)
    for query in queries:
        try:
            connection = sqlite3.connect(uri + query, uri=True, timeout=BUSY_TIMEOUT_S)
        except sqlite3.Error as error:
            failed = error
            continue
        try:
            connection.execute(probe).fetchone()
        except sqlite3.Error as error:
            connection.close()
            failed = error
            continue
        return connection
    assert failed is not None
    raise failed


class Store:
    """A connection to an SQLite file; every write is its own short transaction.

    ``saved`` counts the attempts written to the file; after :meth:`close`, ``unsaved``
    counts those that could not be, and :meth:`summary` says so in one line.
    """

    def __init__(self, path: Path, schema: str, probe: str) -> None:
        self.path = path
        self.file = self.path
        self.schema = schema
        self.probe = probe  # a query that must run for the file to count as readable
        self.saved = 0
        self.saved_late = 0
        self.unsaved = 0
        self.kept = 0  # attempts kept in KEPT_TABLE (the file's own tables refused them)
        self.kept_reason: str | None = None
        self.problem: str | None = None  # why something was not written (when it was not)
        self.memory_only = False
        self._retry_file = True  # whether writing the file again at close() may work
        self._pending: list[_Write] = []
        self._warned = False
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
            connection.executescript(self.schema)
            row = connection.execute("PRAGMA quick_check").fetchone()
            if row is None or row[0] != "ok":
                raise failures.IntegrityFailure(f"integrity check failed: {row}")
            connection.execute(self.probe).fetchone()
        except BaseException:
            connection.close()
            raise
        return connection

    def _connect_file(self) -> sqlite3.Connection:
        """Connect to the file, retrying with back-off while it is locked (until the busy timeout).

        Each try holds the lock file shared (:func:`opening_lock`), so that it never meets a
        recovery half-way: a session moving a damaged file aside holds it exclusively."""
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        delay = 0.01
        lock = self.file.with_name(self.file.name + ".lock")
        while True:
            try:
                with opening_lock(lock):
                    return self._connect(str(self.file))
            except sqlite3.Error as error:
                if not failures.is_busy(error) or time.monotonic() >= deadline:
                    raise
            _pause(delay)
            delay = min(delay * 2, 0.25)

    def _connect_read_only(self) -> sqlite3.Connection | None:
        """The file opened for reading only (:func:`open_read_only`), or None when it cannot be
        read either."""
        if not self.file.is_file():
            return None
        try:
            return open_read_only(self.file, self.probe)
        except sqlite3.Error:
            return None

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
            seen = failures.identity(self.file)
            try:
                return self._connect_file()
            except sqlite3.Error as error:
                if failures.is_busy(error):
                    return self._in_memory(
                        f"{shown} stayed locked for {BUSY_TIMEOUT_S:g} s ({error})", retry=True
                    )
                if not failures.is_corrupt(error) or seen is None or time.monotonic() >= deadline:
                    blocked = failures.unwritable(self.file)
                    code = failures.code(error)
                    unwritable = blocked is not None or code == failures.READ_ONLY
                    reader = self._connect_read_only() if unwritable else None
                    if reader is not None:  # a read-only disk: show what it holds
                        return self._read_only(
                            reader, f"cannot write {shown} ({blocked or failures.reason(error)})"
                        )
                    return self._in_memory(
                        f"cannot write {shown} ({blocked or failures.reason(error)})",
                        retry=blocked is None and (code in failures.PASSING or code is None),
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
                if failures.identity(self.file) != seen:
                    return None
                try:
                    connection = self._connect(str(self.file))
                except sqlite3.Error as again:
                    if not failures.is_corrupt(again):
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
        what = (
            "is not an SQLite database"
            if not failures.header_is_sqlite(aside)
            else "was unreadable"
        )
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

    def _read_only(self, connection: sqlite3.Connection, reason: str) -> sqlite3.Connection:
        """Go on reading the file through ``connection``; writes stay in memory (none saved)."""
        self.memory_only = True
        self._retry_file = False
        self.problem = reason
        warn(
            f"{reason}; what it holds is read, but this session's history is kept in memory "
            "only: nothing will be saved"
        )
        return connection

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
            for sql, parameters in write.statements:
                connection.execute(sql, parameters)
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
                if not failures.is_busy(error) or time.monotonic() >= deadline:
                    return error
            _pause(delay)
            delay = min(delay * 2, 0.25)

    def _store(self, connection: sqlite3.Connection, write: _Write) -> sqlite3.Error | None:
        """Make ``write`` (:meth:`_try`) or, where the file's own tables refuse it, keep it in
        :data:`KEPT_TABLE`; the error when neither was done."""
        error = self._try(connection, write)
        if error is None or not failures.refused_by_schema(error):
            return error
        reason = str(error)
        statements = json.dumps(
            [[sql, list(parameters)] for sql, parameters in write.statements], default=str
        )
        kept = _Write(
            (
                (_KEPT_SCHEMA, ()),
                (
                    f"INSERT INTO {KEPT_TABLE} (time, reason, attempts, statements) "
                    "VALUES (?, ?, ?, ?)",
                    (datetime.now(UTC).isoformat(), reason, write.attempts, statements),
                ),
            ),
            write.attempts,
        )
        failed = self._try(connection, kept)
        if failed is not None:
            return failed
        self.kept += write.attempts
        if self.kept_reason is None:
            self.kept_reason = reason
            warn(
                f"history {str(self.file)!r} refuses what this aecalc writes ({reason}); it was "
                f"written by a newer version? This session's writes are kept apart in its table "
                f"{KEPT_TABLE!r}, not lost"
            )
        return None

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
        waiting = sum(write.attempts for write in pending)
        connection: sqlite3.Connection | None = None if self.memory_only else self._connection
        if connection is None and self._retry_file:
            with contextlib.suppress(sqlite3.Error, OSError):
                connection = self._connect_file()
        if connection is None:
            self.unsaved += waiting
            return
        written = 0
        for number, write in enumerate(pending):
            error = self._store(connection, write)
            if error is not None:
                self.problem = failures.reason(error)
                self.unsaved += sum(w.attempts for w in pending[number:])
                break
            written += write.attempts
        self.saved += written
        self.saved_late += written
        if connection is not self._connection:
            connection.close()
        if self.unsaved:
            warn(
                f"{self.unsaved} attempt(s) could not be saved to {str(self.file)!r} ({self.problem})"
            )

    def __enter__(self) -> Self:
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
        if self.kept:
            return (
                f"Saved {self.saved} attempt(s) to {where}, {self.kept} of them kept apart in its "
                f"table {KEPT_TABLE} because its own tables refuse them ({self.kept_reason}).",
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

    # -- writing and reading -----------------------------------------------------------------
    def write(self, statements: Sequence[Statement], attempts: int = 0) -> bool:
        """Make ``statements`` in one transaction (they store ``attempts`` attempts); False if
        they are not in the file yet (kept to try again at :meth:`close`, or refused)."""
        write = _Write(tuple(statements), attempts)
        if self._closed:
            self._write_failed("the history is closed")
            self.unsaved += attempts
            return False
        if self.memory_only:
            with contextlib.suppress(sqlite3.Error):  # for this session's own reads
                self._transaction_write(self._connection, write)
            self._pending.append(write)
            return False
        error = self._store(self._connection, write)
        if error is None:
            self.saved += attempts
            return True
        if not isinstance(error, sqlite3.OperationalError):
            # The values themselves were refused (not the file): writing them again cannot help.
            self.problem = failures.reason(error)
            self._write_failed(self.problem)
            self.unsaved += attempts
            return False
        self.problem = failures.reason(error)
        self._pending.append(write)
        self._write_failed(f"{self.problem}; kept in memory to save again at the end")
        return False

    def _write_failed(self, reason: str) -> None:
        if not self._warned:
            warn(f"could not save to {str(self.file)!r} ({reason}); the session goes on")
            self._warned = True

    def _rows(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        """The rows of one query, or none (with one warning) when the file cannot be read."""
        try:
            return list(self._connection.execute(sql, parameters).fetchall())
        except sqlite3.Error as error:
            if not self._warned:
                warn(
                    f"could not read {str(self.file)!r} ({failures.reason(error)}); the session goes on"
                )
                self._warned = True
            return []
