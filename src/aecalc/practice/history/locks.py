"""The history's lock file: held shared while a session opens the file, exclusively while one
moves a damaged file aside.

So no session is half-way through opening (or creating) ``history.db`` while another moves files
aside, and the side files (``-wal``, ``-shm``) moved with a damaged file are always its own. The
locks are advisory (``flock``); where there are none (not POSIX) they hold nothing.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def _held(descriptor: int, shared: bool) -> Iterator[None]:
    """``descriptor`` locked (shared or exclusively) until the block ends; then it is closed,
    which releases the lock."""
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no advisory locks
            yield
            return
        fcntl.flock(descriptor, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def recovery_lock(path: Path) -> Iterator[None]:
    """Hold ``path`` (``history.db.lock``) exclusively: one session at a time moves a file aside."""
    with _held(os.open(path, os.O_RDWR | os.O_CREAT, 0o600), shared=False):
        yield


@contextlib.contextmanager
def opening_lock(path: Path) -> Iterator[None]:
    """Hold ``path`` (``history.db.lock``) shared while the file is opened: any number of
    sessions open it at once, none while one moves a damaged file aside. Where the lock file
    cannot be made (a read-only folder, where nobody can move a file either) it opens unlocked."""
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        try:
            descriptor = os.open(path, os.O_RDONLY)
        except OSError:
            yield
            return
    with _held(descriptor, shared=True):
        yield
