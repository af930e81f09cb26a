"""File names typed by a user, checked before the file system sees them, and bounded reads.

``pathlib`` raises rather than answers for some names: a NUL character
(``ValueError``), a name longer than the system allows (``OSError``
ENAMETOOLONG), a folder that cannot be entered (EACCES), a symlink loop
(ELOOP). :func:`user_path` turns each into an :class:`InputError` naming the
argument, so ``exists()`` and ``is_dir()`` afterwards only ever say yes or no.
A name whose "folder" is a file (``notes.txt/x.md``) is refused as such.

Reading a user's file goes through :func:`regular_file` and :func:`read_bounded`:
only a regular file is opened (a FIFO would block, ``/dev/zero`` never ends; a
symlink is followed to what it names), and never more than a set number of
bytes is read, whatever ``st_size`` claims (it is 0 for ``/proc`` files and
devices). :func:`read_line` reads one line of input with the same bound.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import TextIO

from aecalc.errors import InputError

MAX_LINE_CHARS = 10_000  # one line of practice input (an answer, a note): the rest is dropped
_ABSENT = (errno.ENOENT, errno.ENOTDIR)
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _shown(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:56] + "…")


def _tail(text: str) -> str:
    """Quote a path for a message, keeping its end (the file's own name) when it is long."""
    return repr(text if len(text) <= 60 else "…" + text[-59:])


def _file_as_folder(file: Path) -> Path | None:
    """The nearest ancestor of ``file`` that exists and is not a folder, if there is one."""
    for parent in file.parents:
        try:
            status = os.stat(parent)
        except (OSError, ValueError):
            continue
        return None if stat.S_ISDIR(status.st_mode) else parent
    return None


def user_path(path: str | Path, argument: str) -> Path:
    """``path`` as a :class:`Path`, refused with a clear message if no file could have that name."""
    file = Path(path)
    text = str(path)
    if "\x00" in text:
        raise InputError(argument, f"{_shown(text)} contains a NUL character: not a file name")
    try:
        os.stat(file)
    except ValueError:  # a name that cannot be encoded for the file system
        raise InputError(argument, f"{_shown(text)} is not a usable file name") from None
    except OSError as error:
        if error.errno == errno.ENOTDIR:
            blocker = _file_as_folder(file)
            if blocker is not None:
                raise InputError(
                    argument, f"{_tail(str(blocker))} is a file, not a folder"
                ) from None
        if error.errno not in _ABSENT:
            reason = error.strerror or type(error).__name__
            raise InputError(argument, f"{_shown(text)}: {reason}") from None
    return file


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def environment_folder(variable: str) -> Path | None:
    """The folder the environment variable ``variable`` names (``~`` and ``~user`` expanded), or
    None when it is unset or empty; an :class:`InputError` naming the variable when ``~user``
    names nobody or ``~`` has no home to stand for. Whether the folder can be made or written
    is its user's to find out (the practice history then keeps a session in memory)."""
    text = os.environ.get(variable)
    if not text:
        return None
    try:
        folder = Path(text).expanduser()
    except RuntimeError:  # pathlib: "Could not determine home directory."
        head = text.split("/", 1)[0]
        who = f"there is no user {head[1:]!r}" if len(head) > 1 else "this user has no home folder"
        raise InputError(
            variable, f"{_shown(text)} starts with {head}, but {who}: give the folder's full path"
        ) from None
    return folder


def regular_file(path: str | Path, argument: str) -> os.stat_result:
    """The status of ``path``, refused unless it names (or links to) a regular file."""
    file = user_path(path, argument)
    try:
        status = os.stat(file)
    except OSError as error:
        if error.errno in _ABSENT:
            raise InputError(argument, f"{_tail(str(file))} does not exist") from None
        raise InputError(  # pragma: no cover - user_path has already met these
            argument, f"{_tail(str(file))}: {error.strerror or error}"
        ) from None
    if not stat.S_ISREG(status.st_mode):
        raise InputError(
            argument, f"{_tail(str(file))} is {_kind(status.st_mode)}, not a regular file"
        )
    return status


def read_bounded(path: str | Path, argument: str, limit: int, too_large: str) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them; ``too_large`` is the message beyond.

    The file is opened without blocking (a FIFO swapped in after the check cannot hang the
    read) and checked again once open; at most ``limit + 1`` bytes are read, so the limit
    holds for a file whose ``st_size`` is 0 or wrong.
    """
    regular_file(path, argument)
    shown = _tail(str(path))
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise InputError(argument, f"{shown} cannot be read ({error.strerror or error})") from None
    with open(descriptor, "rb", closefd=True) as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):  # replaced since the check
            raise InputError(argument, f"{shown} is not a regular file")
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise InputError(
                argument, f"{shown} cannot be read ({error.strerror or error})"
            ) from None
    if len(data) > limit:
        raise InputError(argument, too_large)
    return data


def read_line(stream: TextIO | None, limit: int) -> str | None:
    """One line of ``stream`` without its line ending, or None at the end of input.

    At most ``limit`` characters are kept: the rest of a longer line is read and dropped in
    pieces of ``limit``, so a line of 100 MB without a newline costs no more memory than
    ``limit`` characters. A stream that is missing (stdin closed) or fails to read ends the
    input; bytes that are not text in the stream's encoding become U+FFFD.
    """
    if stream is None:
        return None
    try:
        line = stream.readline(limit)
        if not line:
            return None
        if not line.endswith("\n") and len(line) >= limit:
            while True:
                rest = stream.readline(limit)
                if not rest or rest.endswith("\n"):
                    break
    except UnicodeDecodeError:
        return "\ufffd"
    except (OSError, ValueError):  # a closed or unreadable stream: the end of the input
        return None
    return line.rstrip("\r\n")
