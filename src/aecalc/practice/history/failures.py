"""What an SQLite error, or the state of a history file, tells the store to do.

:class:`~aecalc.practice.history.store.Store` meets four kinds of trouble and answers each its
own way: a lock (:func:`is_busy`: wait and try again), a damaged file (:func:`is_corrupt`: move
it aside, once), values the file's own tables refuse (:func:`refused_by_schema`: keep them apart)
and everything else — a full disk, an I/O error, a read-only file system — which is *not*
damage (:func:`unwritable`, :func:`reason`: say so and keep the writes in memory). The facts
about the file that those decisions rest on are here too: whether it is still the same file
(:func:`identity`) and whether it is an SQLite file at all (:func:`header_is_sqlite`).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

# SQLite's primary result codes (the low byte of ``sqlite3.Error.sqlite_errorcode``).
_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_CORRUPT = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
READ_ONLY = 8  # SQLITE_READONLY
PASSING = {10, 13}  # SQLITE_IOERR, SQLITE_FULL: a later write may succeed
_REASONS = {
    READ_ONLY: "the file or its folder is read-only",
    10: "a disk I/O error",  # SQLITE_IOERR
    13: "the disk is full",  # SQLITE_FULL
    14: "the file cannot be opened",  # SQLITE_CANTOPEN
}
_HEADER = b"SQLite format 3\x00"
_SCHEMA_WORDS = ("no such column", "has no column named", "no such table")


class IntegrityFailure(sqlite3.DatabaseError):
    """``PRAGMA quick_check`` found damage: the file is a database no longer fit to use."""


def code(error: BaseException) -> int | None:
    """SQLite's primary result code of ``error``, or None where it has none."""
    value = getattr(error, "sqlite_errorcode", None)
    return value & 0xFF if isinstance(value, int) else None


def is_busy(error: BaseException) -> bool:
    """Another connection holds the file: wait and try again."""
    value = code(error)
    if value is not None:
        return value in _BUSY
    text = str(error)
    return "locked" in text or "busy" in text


def is_corrupt(error: BaseException) -> bool:
    """The file is not a database, or a damaged one."""
    return code(error) in _CORRUPT or isinstance(error, IntegrityFailure)


def reason(error: BaseException) -> str:
    """What went wrong, in words (``the disk is full``, with SQLite's own text where it adds)."""
    value = code(error)
    described = _REASONS.get(value) if value is not None else None
    if described is None or str(error).lower() in described.lower():
        return described or str(error)
    return f"{described}: {error}"


def refused_by_schema(error: sqlite3.Error) -> bool:
    """True when the file's tables refuse the values (a constraint, a column or table they do
    not have): not a problem of the file, and writing again cannot help."""
    if isinstance(error, sqlite3.IntegrityError):
        return True
    text = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and any(w in text for w in _SCHEMA_WORDS)


def identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file at ``path``, or None: tells a replaced file from the same one."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def unwritable(path: Path) -> str | None:
    """Why nobody could write ``path`` at all (a read-only file system, no permission), or None."""
    try:
        if os.statvfs(path.parent).f_flag & os.ST_RDONLY:
            return "the file system is read-only"
    except (OSError, AttributeError):  # pragma: no cover - no statvfs
        pass
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return "no permission to write it or its folder"
    return None


def header_is_sqlite(path: Path) -> bool:
    """True for an empty file (SQLite starts a database in it) or one with SQLite's header."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_HEADER))
    except OSError:
        return True  # cannot tell: not evidence of corruption
    return head in (b"", _HEADER)
