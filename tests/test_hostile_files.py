"""Hostile files: FIFOs and devices given as data or problem files, reads that must stay bounded
when ``st_size`` is 0, an ``.npz`` whose member is not a ``.npy``, float128 and ±inf arrays,
NaN results bound for ``--out``, ``--out`` onto a full disk, and a file where a folder should be.

FIFOs are made in the test (``os.mkfifo``); a full disk is a real 64 KiB tmpfs when the tests
run as root, and a simulated ``ENOSPC`` from ``posix_fallocate`` otherwise (both run where they
can). Every refusal is one ``Error:`` line, and nothing may block: each FIFO test would hang
forever if aecalc opened the FIFO for reading.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from aecalc.batch import data
from aecalc.errors import InputError
from aecalc.values import paths
from cli import quoted, run_error
from disks import tmpfs

NET = ["--we", "1,0;0,1", "--wd", "1,0;0,1", "--act", "linear"]


def refused(call: object, *args: object) -> str:
    with pytest.raises(InputError) as error:
        call(*args)  # type: ignore[operator]
    return str(error.value)


# -- FIFOs and devices -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["x.npy", "x.csv", "x.npz"])
def test_a_fifo_as_data_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    os.mkfifo(name)
    message = refused(data.load_samples, name, "--x")
    assert message == f"--x: {name!r} is a FIFO (named pipe), not a regular file"


def test_a_fifo_as_model_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "m.npz"
    os.mkfifo(fifo)
    assert "is a FIFO (named pipe), not a regular file" in refused(data.load_model, fifo, "--model")


@pytest.mark.parametrize("name", ["zero.csv", "zero.npy", "zero.npz"])
def test_a_symlink_to_dev_zero_is_refused(tmp_path: Path, name: str) -> None:
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    assert refused(data.load_samples, link, "--x").endswith(
        "is a character device, not a regular file"
    )


def test_a_fifo_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    os.mkfifo("batch.npy")
    line = run_error("forward", "--x", "batch.npy", *NET)
    assert line == "Error: --x: 'batch.npy' is a FIFO (named pipe), not a regular file"


def test_a_problem_file_that_is_a_fifo_or_dev_zero(tmp_path: Path) -> None:
    fifo = tmp_path / "q.toml"
    os.mkfifo(fifo)
    assert run_error("solve", str(fifo)).startswith("Error: FILE: ")
    from aecalc.practice.bank.files import load_file

    assert "is a FIFO (named pipe), not a regular file" in refused(load_file, fifo)


def test_a_bank_holding_a_symlink_to_dev_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``problems`` reads every ``*.toml`` of the bank: one of them must not be endless."""
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "zero.toml").symlink_to("/dev/zero")
    monkeypatch.setenv("AECALC_PROBLEMS", str(bank))
    line = run_error("problems")
    assert line.endswith("/bank/zero.toml' is a character device, not a regular file")


# -- bounded reads ---------------------------------------------------------------------------


def test_a_csv_whose_size_says_zero_is_still_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``/proc`` files are regular files with ``st_size`` 0: the limit must hold anyway."""
    source = Path("/proc/self/maps")
    if not source.exists() or source.stat().st_size != 0:
        pytest.skip("needs a /proc file whose st_size is 0")
    monkeypatch.setattr(data, "MAX_CSV_BYTES", 100)
    link = tmp_path / "maps.csv"
    link.symlink_to(source)
    assert os.stat(link).st_size == 0
    message = refused(data.load_samples, link, "--x")
    assert "is larger than 100 bytes (a CSV is parsed as text" in message


def test_read_bounded_reads_at_most_limit_plus_one_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * 10_000)
    sizes: list[int] = []
    real_open = open

    class Spy:
        def __init__(self, handle: object) -> None:
            self.handle = handle

        def __enter__(self) -> Spy:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()  # type: ignore[attr-defined]

        def read(self, size: int) -> bytes:
            sizes.append(size)
            return self.handle.read(size)  # type: ignore[attr-defined,no-any-return]

    def spying_open(file: object, *args: object, **kwargs: object) -> object:
        return Spy(real_open(file, *args, **kwargs))  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", spying_open)
    with pytest.raises(InputError, match="too big"):
        paths.read_bounded(big, "FILE", 100, "FILE: too big")
    assert sizes == [101]
    assert paths.read_bounded(big, "FILE", 10_000, "too big") == b"x" * 10_000


def test_read_line_keeps_memory_bounded() -> None:
    """A 1 MB line without a newline: read in pieces of the limit, kept to the limit."""

    class Stream:
        def __init__(self, text: str) -> None:
            self.text, self.position, self.requests = text, 0, []

        def readline(self, size: int = -1) -> str:
            self.requests.append(size)
            end = self.text.find("\n", self.position)
            end = len(self.text) if end < 0 else end + 1
            if size >= 0:
                end = min(end, self.position + size)
            piece = self.text[self.position : end]
            self.position = end
            return piece

    stream = Stream("7" * 1_000_000 + "\nskip\n")
    line = paths.read_line(stream, 1_000)  # type: ignore[arg-type]
    assert line == "7" * 1_000
    assert set(stream.requests) == {1_000}
    assert paths.read_line(stream, 1_000) == "skip"  # the rest of the long line was dropped
    assert paths.read_line(stream, 1_000) is None
    assert paths.read_line(None, 10) is None  # stdin closed


def test_a_practice_line_of_a_megabyte_is_cut_and_the_session_goes_on(home: Path) -> None:
    from typer.testing import CliRunner

    from aecalc.cli import app

    result = CliRunner().invoke(
        app,
        ["practice", "--topic", "params", "--count", "1", "--seed", "1"],
        input="9" * 1_000_000 + "\nskip\n",
    )
    assert result.exit_code == 0, result.output
    assert "Score: 0/1" in result.stdout
    # the echo of the line (wrapped by Rich) holds the first MAX_LINE_CHARS characters only
    assert paths.MAX_LINE_CHARS <= result.stdout.count("9") <= paths.MAX_LINE_CHARS + 100


# -- archives and arrays -----------------------------------------------------------------------


def test_an_npz_member_that_is_not_npy(tmp_path: Path) -> None:
    archive = tmp_path / "odd.npz"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("x.txt", "hello")
    assert refused(data.load_samples, archive, "--x") == (
        f"--x: {archive}[x.txt] is not a .npy array (an .npz archive must hold only .npy "
        "arrays, as np.savez writes them)"
    )
    disguised = tmp_path / "disguised.npz"
    with zipfile.ZipFile(disguised, "w") as zipped:
        zipped.writestr("x.npy", "not an array at all")
    assert "disguised.npz[x.npy] is not a .npy array" in refused(
        data.load_samples, disguised, "--x"
    )
    assert "is not a .npy array" in refused(data.load_model, disguised, "--model")


def test_float128_beyond_float64_is_an_error_without_warnings(tmp_path: Path) -> None:
    if np.dtype(np.longdouble).itemsize <= 8:
        pytest.skip("this platform's long double is float64")
    file = tmp_path / "wide.npy"
    big = np.array([[1.0, 2.0]], dtype=np.longdouble) * np.longdouble(10) ** 400
    np.save(file, big)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any NumPy warning fails the test
        message = refused(data.load_samples, file, "--x")
    assert "has 2 values beyond the float64 range (first at index [0, 0]" in message
    # float128 values within range are read as float64
    np.save(file, np.array([[0.5, 0.25]], dtype=np.longdouble))
    assert data.load_samples(file, "--x").tolist() == [[0.5, 0.25]]


def test_inf_in_a_batch_is_one_error_line_and_no_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    np.save("inf.npy", np.array([[1.0, np.inf], [0.0, -np.inf]]))
    line = run_error("forward", "--x", "inf.npy", *NET, "--out", "r.npy")
    assert line == (
        "Error: --x: inf.npy has 2 non-finite values (first: inf at index [0, 1]); "
        "only finite numbers are allowed"
    )
    assert sorted(os.listdir(tmp_path)) == ["inf.npy"]


def test_nan_results_are_not_written_to_out(tmp_path: Path) -> None:
    out = tmp_path / "r.npy"
    with (
        pytest.raises(InputError) as error,
        data.OutputArray(out, (3, 2), np.float64, "--out") as x,
    ):
        x[:] = [[1.0, 2.0], [np.nan, 0.0], [3.0, np.inf]]
    assert str(error.value) == (
        "--out: the results hold non-finite values (first: nan in row 2): the arithmetic "
        f"overflowed float64 (scale the data or the weights down); nothing was written to {out}"
    )
    assert list(tmp_path.iterdir()) == []


def test_nan_from_overflow_in_a_batch_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    np.save("big.npy", np.array([[1e308, 1e308]]))
    code = (
        "import sys\nfrom aecalc.cli import main\n"
        "sys.argv = ['aecalc', 'forward', '--x', 'big.npy', '--we', '1,1;1,1', "
        "'--wd', '1,-1;1,1', '--act', 'linear', '--out', 'r.npy']\nmain()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 2 and done.stdout == ""
    assert "Error: --out: the results hold non-finite values (first: nan in row 1)" in done.stderr
    assert done.stderr.count("\n") == 1  # no RuntimeWarning from NumPy, no traceback
    assert sorted(os.listdir(tmp_path)) == ["big.npy"]


# -- --out onto a full disk ----------------------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64k tmpfs of our own."""
    with tmpfs(tmp_path, "64k", " (the simulated ENOSPC test still runs)") as folder:
        yield folder


def test_out_onto_a_full_disk_is_an_error_not_sigbus(tiny_disk: Path, tmp_path: Path) -> None:
    """Before: the sparse memory-mapped file met ENOSPC as SIGBUS (exit -7), .partial left."""
    batch = tmp_path / "rows.npy"
    np.save(batch, np.random.default_rng(1).random((20_000, 2)))
    code = (
        "import sys\nfrom aecalc.cli import main\n"
        f"sys.argv = ['aecalc', 'forward', '--x', {str(batch)!r}, '--we', '1,0;0,1', "
        f"'--wd', '1,0;0,1', '--act', 'linear', '--out', {str(tiny_disk / 'r.npy')!r}]\nmain()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 2, done
    assert done.stderr.strip() == (
        f"Error: --out: {quoted(tiny_disk / 'r.npy')} cannot be written (No space left on device)"
    )
    assert list(tiny_disk.iterdir()) == []  # no .partial left behind


def test_out_with_a_simulated_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(descriptor: int, offset: int, length: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "posix_fallocate", full)
    out = tmp_path / "r.npy"
    with pytest.raises(InputError) as error:
        data.OutputArray(out, (1000, 4), np.float64, "--out")
    assert str(error.value) == f"--out: {quoted(out)} cannot be written (No space left on device)"
    assert list(tmp_path.iterdir()) == []


# -- a file where a folder should be ---------------------------------------------------------------


def test_a_file_given_as_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("notes.txt").write_text("a file")
    assert run_error("params", "10", "8", "4", "--output", "notes.txt/x.md") == (
        "Error: --output: 'notes.txt' is a file, not a folder"
    )
    assert run_error("forward", "--x", "1,0", *NET, "--output", "notes.txt/deeper/x.md") == (
        "Error: --output: 'notes.txt' is a file, not a folder"
    )
    assert run_error("forward", "--x", "notes.txt/x.npy", *NET) == (
        "Error: --x: 'notes.txt' is a file, not a folder"
    )
    np.save("rows.npy", np.ones((2, 2)))
    assert run_error("forward", "--x", "rows.npy", *NET, "--out", "notes.txt/r.npy") == (
        "Error: --out: 'notes.txt' is a file, not a folder"
    )
