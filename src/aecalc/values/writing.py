"""Writing a user's output file: whole or not at all, never over or through what is not a file.

Every file aecalc writes — ``--output`` printouts, ``forward --out`` and ``train --out`` arrays —
goes through :class:`Staged`: the bytes go to a new temporary file first, and only a finished
file reaches the name. What is at the name decides how (:func:`target`):

- nothing: the finished file is *linked* to the name (``os.link`` fails if another process took
  the name meanwhile, so two racing runs give one whole file and one ``exists`` error);
- a regular file: replaced atomically (``os.replace``) with ``force``, refused without it;
- a character device or a FIFO (or a symbolic link to one): written *through*, with ``force`` —
  opened for writing as it is, never created, truncated or renamed over; a FIFO that nobody
  reads within two seconds is refused instead of waiting for a reader forever;
- ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N``, ``/proc/self/fd/N``: aecalc's own descriptor,
  written where it stands (``gawk`` reads these names the same way), so the shell's ``>``,
  ``>>`` or ``|`` decides where the bytes go; nothing at a name is replaced, so no ``force``;
- refused, with what to do instead: a folder, a block device, a socket, and a symbolic link to a
  regular file or to nothing (replacing the link would break it; following it would let a link
  planted in a shared folder aim the write at any file the user can write).

The temporary file is :func:`tempfile.mkstemp` in the target's folder (``O_CREAT | O_EXCL``, a
random name, mode 0600 until it is finished): a symlink or a FIFO planted at any name is never
opened, and two runs never share a temporary name. Bytes bound for a device, a FIFO or a
descriptor are staged in an unnamed :func:`tempfile.TemporaryFile` instead.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from pathlib import Path
from typing import IO, Literal, NamedTuple

from aecalc.errors import InputError
from aecalc.values.paths import user_path

_DESCRIPTOR = re.compile(r"/(?:dev/fd|proc/self/fd)/([0-9]{1,6})")
_STANDARD = {"/dev/stdout": 1, "/dev/stderr": 2}
_CHUNK = 1 << 20
READER_WAIT = 2.0  # seconds a FIFO's reader gets to open its end before the write is refused

Kind = Literal["new", "file", "through", "descriptor"]


class Target(NamedTuple):
    """What an output name is: ``new`` (nothing there yet), ``file`` (a regular file to replace),
    ``through`` (a character device or a FIFO) or ``descriptor`` (aecalc's own, numbered)."""

    path: Path
    kind: Kind
    descriptor: int = -1


def _quoted(path: str | Path) -> str:
    text = str(path)
    return repr(text if len(text) <= 60 else "…" + text[-59:])


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"


def _descriptor(path: Path) -> int | None:
    text = str(path)
    if text in _STANDARD:
        return _STANDARD[text]
    match = _DESCRIPTOR.fullmatch(text)
    return int(match.group(1)) if match else None


def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _check_folder(path: Path, argument: str) -> None:
    folder = _folder(path)
    if not folder.is_dir():
        raise InputError(argument, f"folder {_quoted(folder)} does not exist")
    if not os.access(folder, os.W_OK):
        raise InputError(argument, f"cannot write to folder {_quoted(folder)}")


def _status(path: Path) -> os.stat_result | None:
    """``lstat`` of ``path`` (the name itself, not what a link names), or None if it is free."""
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def target(path: str | Path, argument: str, force: bool) -> Target:
    """What is at ``path``, checked before any work is done; refused (an :class:`InputError` that
    says what to do) where writing would damage something or could not work."""
    file = user_path(path, argument)
    number = _descriptor(file)
    if number is not None:
        try:
            os.fstat(number)
        except OSError:
            raise InputError(
                argument, f"{_quoted(file)} names descriptor {number}, which is not open"
            ) from None
        return Target(file, "descriptor", number)
    link = _status(file)
    if link is None:
        _check_folder(file, argument)
        return Target(file, "new")
    mode = link.st_mode
    if stat.S_ISLNK(mode):
        try:
            mode = os.stat(file).st_mode
        except OSError:  # a link to nothing (or a loop user_path did not meet)
            raise InputError(
                argument,
                f"{_quoted(file)} is a symbolic link to {_quoted(os.readlink(file))}, which does "
                "not exist; aecalc does not follow it: give a name that is not a link",
            ) from None
        if stat.S_ISREG(mode):
            raise InputError(
                argument,
                f"{_quoted(file)} is a symbolic link to {_quoted(os.path.realpath(file))}; aecalc "
                "neither replaces the link nor writes through it: give the file's own name, "
                "or remove the link",
            )
    if stat.S_ISREG(mode):
        if not force:
            raise InputError(argument, f"{_quoted(file)} exists (add --force to overwrite)")
        _check_folder(file, argument)
        return Target(file, "file")
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        if not force:
            raise InputError(
                argument, f"{_quoted(file)} is {_kind(mode)} (add --force to write into it)"
            )
        return Target(file, "through")
    if stat.S_ISDIR(mode):
        raise InputError(
            argument, f"{_quoted(file)} is a folder, not a file (give a file name inside it)"
        )
    raise InputError(
        argument,
        f"{_quoted(file)} is {_kind(mode)}; aecalc writes only to files, terminals and pipes: "
        "give a file name",
    )


class Staged:
    """A new temporary file that becomes ``path`` when :meth:`commit` runs (or the ``with`` block
    ends without an error), and vanishes otherwise.

    ``stream`` is the open binary file to write (or memory-map). ``force`` replaces an existing
    regular file and allows writing into a device or a FIFO, as in :func:`target`.
    """

    def __init__(self, path: str | Path, argument: str, *, force: bool) -> None:
        import tempfile

        self.target = target(path, argument, force)
        self.argument = argument
        self.force = force
        self.temporary: str | None = None
        file = self.target.path
        try:
            if self.target.kind in ("new", "file"):
                handle, self.temporary = tempfile.mkstemp(
                    prefix=f".{file.name[:80]}.", suffix=".part", dir=_folder(file)
                )
                self.stream: IO[bytes] = os.fdopen(handle, "w+b")
            else:
                self.stream = tempfile.TemporaryFile()  # noqa: SIM115 - closed by discard()
        except OSError as error:
            self.discard()
            raise self.failure(error) from None

    def __enter__(self) -> IO[bytes]:
        return self.stream

    def __exit__(self, kind: object, error: BaseException | None, trace: object) -> None:
        if error is None:
            self.commit()
            return
        self.discard()
        if isinstance(error, OSError):  # writing into the temporary file failed (a full disk)
            raise self.failure(error) from None

    def failure(self, error: OSError) -> InputError:
        """The one line for a write that failed: the name and the system's reason."""
        reason = error.strerror or str(error) or type(error).__name__
        return InputError(
            self.argument, f"{_quoted(self.target.path)} cannot be written ({reason})"
        )

    def discard(self) -> None:
        """Close and remove the temporary file (nothing is written to the name)."""
        stream = getattr(self, "stream", None)
        if stream is not None and not stream.closed:
            stream.close()
        if self.temporary is not None and os.path.lexists(self.temporary):
            os.unlink(self.temporary)
        self.temporary = None

    def commit(self) -> None:
        """Give the finished content its name, by the rule for what is at the name now."""
        try:
            self.stream.flush()
            if self.temporary is not None:
                descriptor = self.stream.fileno()
                os.fsync(descriptor)
                os.fchmod(descriptor, 0o666 & ~_umask())
                self.stream.close()
                self._name(self.temporary)
            elif self.target.kind == "descriptor":
                if self.target.descriptor in (1, 2):  # what Python has buffered goes first
                    (sys.stdout if self.target.descriptor == 1 else sys.stderr).flush()
                self._copy(self.target.descriptor)
            else:
                self._write_through()
        except FileExistsError:
            raise InputError(
                self.argument, f"{_quoted(self.target.path)} exists (add --force to overwrite)"
            ) from None
        except OSError as error:
            raise self.failure(error) from None
        finally:
            self.discard()

    def _changed(self, mode: int) -> InputError:
        return InputError(
            self.argument,
            f"{_quoted(self.target.path)} changed while aecalc was working (it is now "
            f"{_kind(mode)}); nothing was written: run again",
        )

    def _name(self, temporary: str) -> None:
        """Link the finished file to a free name, or replace a regular file (``force``)."""
        path = self.target.path
        for _ in range(2):
            status = _status(path)
            if status is None:
                try:
                    _link(temporary, path)
                    return
                except FileExistsError:
                    if not self.force:
                        raise
                    continue  # taken meanwhile: look at what took it
            if not stat.S_ISREG(status.st_mode):
                raise self._changed(status.st_mode)
            if not self.force:
                raise FileExistsError(path)
            os.replace(temporary, path)
            return
        raise FileExistsError(path)  # pragma: no cover - the name changed twice during the run

    def _write_through(self) -> None:
        """Open the device or FIFO as it is (no create, no truncate) and copy the content in."""
        path = self.target.path
        descriptor = _open_through(path)
        if descriptor is None:
            raise InputError(
                self.argument,
                f"{_quoted(path)} is a FIFO (named pipe) that nobody is reading: "
                "start its reader first",
            )
        try:
            mode = os.fstat(descriptor).st_mode
            if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
                raise self._changed(mode)
            os.set_blocking(descriptor, True)
            self._copy(descriptor)
        finally:
            os.close(descriptor)

    def _copy(self, descriptor: int) -> None:
        self.stream.seek(0)
        while chunk := self.stream.read(_CHUNK):
            view = memoryview(chunk)
            while view:
                view = view[os.write(descriptor, view) :]


def _open_through(path: Path) -> int | None:
    """``path`` opened for writing without blocking, creating or truncating it; None for a FIFO
    that still has no reader after :data:`READER_WAIT` seconds (a reader started at the same
    moment as aecalc gets that long to open its end)."""
    import time

    flags = os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK | os.O_CLOEXEC
    give_up = time.monotonic() + READER_WAIT
    while True:
        try:
            return os.open(path, flags)
        except OSError as error:
            if error.errno != errno.ENXIO:
                raise
        if time.monotonic() >= give_up:
            return None
        time.sleep(0.02)


def _link(temporary: str, path: Path) -> None:
    """Give the finished file a free name: a hard link, or where the file system has none, an
    exclusively created file (never following a link planted there) with the bytes copied in."""
    try:
        os.link(temporary, path, follow_symlinks=False)
        return
    except FileExistsError:
        raise
    except OSError:
        pass
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    descriptor = os.open(path, flags, 0o666)
    try:
        with open(temporary, "rb") as source:
            while chunk := source.read(_CHUNK):
                view = memoryview(chunk)
                while view:
                    view = view[os.write(descriptor, view) :]
        os.fsync(descriptor)
    except BaseException:
        os.close(descriptor)
        os.unlink(path)
        raise
    os.close(descriptor)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
