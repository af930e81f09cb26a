"""``--output NAME``: what is at the name decides how it is written, and nothing that is not a
regular file is ever replaced.

- a character device (``/dev/null``, ``/dev/full`` made with ``mknod`` in a temporary folder,
  never the machine's own) and a FIFO are written *through* with ``--force``, and stay what they
  were; a FIFO that nobody reads is an error within seconds, not a wait;
- ``/dev/stdout``, ``/dev/stderr`` and ``/dev/fd/N`` write to aecalc's own descriptor, whatever
  the shell made of it (a pipe, a file opened for appending);
- a folder, a block device, a socket, a symbolic link to a file and a dangling link are refused,
  with or without ``--force``, by one ``Error:`` line that does not suggest ``--force``.

Device nodes need root (``mknod``); those tests skip with the reason otherwise. Every test that
meets a FIFO runs under a time bound, so a regression fails instead of hanging.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from cli import quoted, run, run_error

PARAMS = ["params", "8", "3", "8", "-f", "markdown"]
SCRIPT = "import sys\nfrom aecalc.cli import main\nsys.argv = ['aecalc', *sys.argv[1:]]\nmain()\n"


def node(folder: Path, name: str, kind: int, major: int, minor: int) -> Path:
    """A device node made in ``folder`` (skips the test where this user cannot make one)."""
    path = folder / name
    try:
        os.mknod(path, kind | 0o666, os.makedev(major, minor))
    except PermissionError as error:
        pytest.skip(f"mknod needs root (or CAP_MKNOD): {error}")
    return path


def aecalc(
    *args: str, timeout: float = 60, **options: object
) -> subprocess.CompletedProcess[bytes]:
    """aecalc in a real process (descriptors and FIFOs are the point), under a time bound."""
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-c", SCRIPT, *args], timeout=timeout, check=False, **options
    )


def unchanged(path: Path, before: os.stat_result) -> bool:
    after = os.lstat(path)
    return (after.st_ino, after.st_mode, after.st_rdev) == (
        before.st_ino,
        before.st_mode,
        before.st_rdev,
    )


# -- written through ------------------------------------------------------------------------------


def test_a_null_device_is_written_through_and_stays_a_device(tmp_path: Path) -> None:
    null = node(tmp_path, "null", stat.S_IFCHR, 1, 3)
    before = os.lstat(null)
    code, out, err = run(*PARAMS, "--output", str(null), "--force")
    assert (code, out, err) == (0, "", "")
    assert stat.S_ISCHR(os.lstat(null).st_mode) and unchanged(null, before)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]  # no temporary file left


def test_a_device_without_force_says_force_writes_into_it(tmp_path: Path) -> None:
    null = node(tmp_path, "null", stat.S_IFCHR, 1, 3)
    assert run_error(*PARAMS, "--output", str(null)) == (
        f"Error: --output: {quoted(null)} is a character device (add --force to write into it)"
    )


def test_a_full_device_is_an_error_line_and_stays_a_device(tmp_path: Path) -> None:
    full = node(tmp_path, "full", stat.S_IFCHR, 1, 7)
    before = os.lstat(full)
    line = run_error(*PARAMS, "--output", str(full), "--force")
    assert line == f"Error: --output: {quoted(full)} cannot be written (No space left on device)"
    assert unchanged(full, before)


def test_a_link_to_a_device_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    null = node(tmp_path, "null", stat.S_IFCHR, 1, 3)
    link = tmp_path / "out.md"
    link.symlink_to(null)
    assert run(*PARAMS, "--output", str(link), "--force")[0] == 0
    assert link.is_symlink() and os.readlink(link) == str(null)
    assert stat.S_ISCHR(os.lstat(null).st_mode)


def test_a_fifo_with_a_reader_gets_the_document(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as stream:  # blocks until aecalc opens the FIFO for writing
            received.append(stream.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    done = aecalc(*PARAMS, "--output", str(fifo), "--force", capture_output=True)
    reader.join(timeout=30)
    assert done.returncode == 0, done.stderr
    assert received and received[0].startswith(b"## Parameters of 8") and b"59" in received[0]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_fifo_that_nobody_reads_is_refused_within_seconds(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    done = aecalc(*PARAMS, "--output", str(fifo), "--force", capture_output=True, timeout=30)
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode() == (
        f"Error: --output: {quoted(fifo)} is a FIFO (named pipe) that nobody is reading: "
        "start its reader first\n"
    )
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


# -- aecalc's own descriptors ----------------------------------------------------------------------


def test_dev_stdout_is_the_pipe_aecalc_writes_to() -> None:
    done = aecalc(*PARAMS, "--output", "/dev/stdout", capture_output=True)
    assert done.returncode == 0 and done.stderr == b""
    assert done.stdout.startswith(b"## Parameters of 8") and b"59" in done.stdout
    assert Path("/dev/stdout").is_symlink()  # still the system's link (it was never touched)


def test_dev_stdout_appends_to_a_file_opened_for_appending(tmp_path: Path) -> None:
    """``>> log.md``: the document goes after what is there, as the shell asked (a reopened
    name would start at 0, a rename would replace the file)."""
    log = tmp_path / "log.md"
    log.write_bytes(b"kept\n")
    with open(log, "ab") as stdout:
        done = aecalc(*PARAMS, "--output", "/dev/stdout", stdout=stdout, stderr=subprocess.PIPE)
    assert done.returncode == 0, done.stderr
    text = log.read_bytes()
    assert text.startswith(b"kept\n## Parameters of 8") and b"59" in text


def test_dev_stderr_and_dev_fd(tmp_path: Path) -> None:
    done = aecalc(*PARAMS, "--output", "/dev/stderr", capture_output=True)
    assert done.returncode == 0 and done.stdout == b""
    assert done.stderr.startswith(b"## Parameters of 8")
    read, write = os.pipe()
    done = aecalc(*PARAMS, "--output", f"/dev/fd/{write}", pass_fds=(write,))
    os.close(write)
    with os.fdopen(read, "rb") as stream:
        assert stream.read().startswith(b"## Parameters of 8")
    assert done.returncode == 0


def test_a_descriptor_that_is_not_open_is_an_error_line() -> None:
    line = run_error(*PARAMS, "--output", "/dev/fd/987")
    assert line in (
        "Error: --output: '/dev/fd/987' names descriptor 987, which is not open",
        "Error: --output: folder '/dev/fd' does not exist",  # where /dev/fd is not mounted
    )


# -- refused ----------------------------------------------------------------------------------------


def refused_either_way(path: Path) -> str:
    """The error line with and without --force: the same line, and it never suggests --force."""
    plain = run_error(*PARAMS, "--output", str(path))
    forced = run_error(*PARAMS, "--output", str(path), "--force")
    assert plain == forced and "--force" not in plain, (plain, forced)
    return plain


def test_a_block_device_is_refused(tmp_path: Path) -> None:
    block = node(tmp_path, "disk", stat.S_IFBLK, 7, 0)
    before = os.lstat(block)
    assert refused_either_way(block) == (
        f"Error: --output: {quoted(block)} is a block device; aecalc writes only to files, "
        "terminals and pipes: give a file name"
    )
    assert unchanged(block, before)


def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.md"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        before = os.lstat(path)
        assert "is a socket; aecalc writes only to files" in refused_either_way(path)
        assert unchanged(path, before)
    finally:
        server.close()


def test_a_folder_is_refused(tmp_path: Path) -> None:
    assert refused_either_way(tmp_path) == (
        f"Error: --output: {quoted(tmp_path)} is a folder, not a file (give a file name inside it)"
    )


def test_a_link_to_a_file_is_refused_and_both_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_text("my notes\n", encoding="utf-8")
    link = tmp_path / "out.md"
    link.symlink_to(target)
    line = refused_either_way(link)
    assert line.startswith(f"Error: --output: {quoted(link)} is a symbolic link to ")
    assert line.endswith(
        "neither replaces the link nor writes through it: give the file's own name, or remove the link"
    )
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "my notes\n"


def test_a_dangling_link_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    """A link planted to aim the write at a new file elsewhere: neither followed nor replaced."""
    aim = tmp_path / "elsewhere.md"
    link = tmp_path / "out.md"
    link.symlink_to(aim)
    assert refused_either_way(link) == (
        f"Error: --output: {quoted(link)} is a symbolic link to {quoted(aim)}, which does not "
        "exist; aecalc does not follow it: give a name that is not a link"
    )
    assert link.is_symlink() and not aim.exists()


def test_a_regular_file_still_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "q.md"
    target.write_text("mine\n", encoding="utf-8")
    assert run_error(*PARAMS, "--output", str(target)) == (
        f"Error: --output: {quoted(target)} exists (add --force to overwrite)"
    )
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert run(*PARAMS, "--output", str(target), "--force")[0] == 0
    assert "59" in target.read_text(encoding="utf-8") and not target.is_symlink()


@pytest.mark.parametrize("make", ["fifo", "link"])
def test_a_name_that_changes_kind_during_the_run_is_not_renamed_over(
    tmp_path: Path, make: str
) -> None:
    """The name was a regular file when checked and something else when the file is finished:
    nothing is renamed over it."""
    from aecalc.errors import InputError
    from aecalc.values.writing import Staged

    target = tmp_path / "x.md"
    target.write_text("old\n", encoding="utf-8")
    staged = Staged(target, "--output", force=True)
    staged.stream.write(b"new\n")
    target.unlink()
    swap: Callable[[], None] = (
        (lambda: os.mkfifo(target))
        if make == "fifo"
        else (lambda: target.symlink_to("/etc/hostname"))
    )
    swap()
    before = os.lstat(target)
    with pytest.raises(InputError, match="changed while aecalc was working"):
        staged.commit()
    assert unchanged(target, before)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.md"]
