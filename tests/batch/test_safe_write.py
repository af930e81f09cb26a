"""``train --out`` and ``forward --out``: one staged writer (:mod:`aecalc.values.writing`), so a
name planted beside the output is never written through and never stalls a run.

- A symlink or a FIFO planted at the temporary names the writers used to use (``.m.npz.partial``,
  ``.r.npy.PID.partial``) is left alone: the run finishes, the link's target is untouched, the
  FIFO is never opened (a run that opened it would hang: every such run has a time bound).
- The temporary file is created exclusively: a symlink or FIFO planted at the very name the
  random generator picks is skipped, never opened (shown by making the generator predictable).
- Two runs at once never share a temporary file; each leaves a whole file and nothing else.
- The output name itself follows the ``--output`` rules: a character device (made with
  ``mknod`` in the test's folder, as root) is written through, a link to a file is refused.
"""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from aecalc.batch.data import load_model
from aecalc.batch.saving import OutputArray, save_model
from aecalc.errors import InputError
from aecalc.values import writing
from aecalc.values.writing import Staged
from cli import quoted

SCRIPT = "import sys\nfrom aecalc.cli import main\nsys.argv = ['aecalc', *sys.argv[1:]]\nmain()\n"
TRAIN = ["train", "--x", "0,1;1,0;1,1", "--sizes", "2-1", "--epochs", "3", "--json"]


def aecalc(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """aecalc in a real process in ``folder``, bounded in time: a FIFO opened by mistake would
    block it, and the bound turns that hang into a failure."""
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def planted(folder: Path, name: str, kind: str) -> tuple[Path, Path]:
    """A symlink to a victim file, or a FIFO, at ``folder/name``; returns (the name, the victim)."""
    victim = folder / "victim.txt"
    if not victim.exists():
        victim.write_text("the victim's own text\n", encoding="utf-8")
    path = folder / name
    if kind == "link":
        path.symlink_to(victim)
    else:
        os.mkfifo(path)
    return path, victim


def intact(path: Path, victim: Path, kind: str) -> bool:
    mode = os.lstat(path).st_mode
    same_kind = stat.S_ISLNK(mode) if kind == "link" else stat.S_ISFIFO(mode)
    return same_kind and victim.read_text(encoding="utf-8") == "the victim's own text\n"


@pytest.mark.parametrize("kind", ["link", "fifo"])
def test_train_out_ignores_a_planted_partial_name(tmp_path: Path, kind: str) -> None:
    """Before: train opened .m.npz.partial following links (overwriting the victim) and hung
    forever on a FIFO there."""
    trap, victim = planted(tmp_path, ".m.npz.partial", kind)
    done = aecalc(tmp_path, *TRAIN, "--out", "m.npz")
    assert done.returncode == 0, done.stderr
    assert intact(trap, victim, kind)
    weights, biases = load_model(tmp_path / "m.npz", "--model")
    assert [w.shape for w in weights] == [(1, 2), (2, 1)] and len(biases) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [".m.npz.partial", "m.npz", "victim.txt"]


@pytest.mark.parametrize("kind", ["link", "fifo"])
def test_an_output_array_ignores_a_planted_partial_name(tmp_path: Path, kind: str) -> None:
    """forward --out's array used .r.npy.PID.partial (opened following links, a FIFO blocking)."""
    trap, victim = planted(tmp_path, f".r.npy.{os.getpid()}.partial", kind)

    def write() -> None:
        with OutputArray(tmp_path / "r.npy", (2, 2), np.float64, "--out") as x:
            x[:] = [[1.0, 2.0], [3.0, 4.0]]

    worker = threading.Thread(target=write, daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "the output array opened the planted FIFO and blocked"
    assert intact(trap, victim, kind)
    np.testing.assert_array_equal(np.load(tmp_path / "r.npy"), [[1.0, 2.0], [3.0, 4.0]])


@pytest.fixture
def predictable_names(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The temporary-name generator made predictable: it offers "planted" first, then "fresh".

    This reaches into ``tempfile._get_candidate_names`` (a private function, the one place
    ``mkstemp`` draws names from), so the test can plant a trap at the exact name it will try."""
    if not hasattr(tempfile, "_get_candidate_names"):  # pragma: no cover - other Pythons
        pytest.skip("this Python's tempfile has no _get_candidate_names to make predictable")
    offered: list[str] = []

    def names() -> Iterator[str]:
        for name in ("planted", "fresh"):
            offered.append(name)
            yield name

    monkeypatch.setattr(tempfile, "_get_candidate_names", names)
    yield offered


@pytest.mark.parametrize("kind", ["link", "fifo"])
def test_the_temporary_file_is_never_a_planted_name(
    tmp_path: Path, predictable_names: list[str], kind: str
) -> None:
    """O_CREAT | O_EXCL: the name taken by the trap is skipped (a link is not followed, a FIFO
    not opened), and the next name is used."""
    out = tmp_path / "m.npz"
    trap, victim = planted(tmp_path, ".m.npz.planted.part", kind)
    worker = threading.Thread(
        target=save_model, args=(out, [np.eye(2)], [np.zeros(2)]), daemon=True
    )
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "save_model opened the planted FIFO and blocked"
    assert predictable_names == ["planted", "fresh"]
    assert intact(trap, victim, kind)
    weights, _ = load_model(out, "--model")
    np.testing.assert_array_equal(weights[0], np.eye(2))


def test_two_staged_writers_never_share_a_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "r.bin"
    first = Staged(out, "--out", force=True)
    second = Staged(out, "--out", force=True)
    assert first.temporary != second.temporary
    assert first.temporary is not None and second.temporary is not None
    assert all(Path(name).parent == tmp_path for name in (first.temporary, second.temporary))
    first.stream.write(b"A" * 100_000)
    second.stream.write(b"B" * 100_000)
    second.commit()
    first.commit()
    assert out.read_bytes() == b"A" * 100_000  # the last one finished wins, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.bin"]


def test_two_concurrent_trainings_into_one_out(tmp_path: Path) -> None:
    """Two processes at once: both finish, the file is one whole model, nothing else is left."""
    command = [sys.executable, "-c", SCRIPT, *TRAIN, "--epochs", "300", "--out", "m.npz"]
    runs = [
        subprocess.Popen(
            [*command, "--seed", str(seed)],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for seed in (1, 2)
    ]
    for process in runs:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    weights, _ = load_model(tmp_path / "m.npz", "--model")
    assert weights[0].shape == (1, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.npz"]


# -- the output name itself ---------------------------------------------------------------------


def null_device(folder: Path, name: str) -> Path:
    path = folder / name
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError as error:
        pytest.skip(f"mknod needs root (or CAP_MKNOD): {error}")
    return path


def test_out_onto_a_device_writes_through(tmp_path: Path) -> None:
    null = null_device(tmp_path, "null.npz")
    save_model(null, [np.eye(2)], [np.zeros(2)])
    sink = null_device(tmp_path, "null.npy")
    with OutputArray(sink, (2, 2), np.float64, "--out") as x:
        x[:] = 1.0
    assert all(stat.S_ISCHR(os.lstat(p).st_mode) for p in (null, sink))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null.npy", "null.npz"]


def test_out_into_a_fifo_with_a_reader_is_a_whole_model(tmp_path: Path) -> None:
    fifo = tmp_path / "m.npz"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as stream:
            received.append(stream.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    save_model(fifo, [np.eye(2)], [np.ones(2)])
    reader.join(timeout=30)
    with np.load(io.BytesIO(received[0]), allow_pickle=False) as model:
        np.testing.assert_array_equal(model["b1"], np.ones(2))
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_out_as_a_link_to_a_file_is_refused(tmp_path: Path) -> None:
    victim = tmp_path / "victim.npz"
    victim.write_bytes(b"mine")
    link = tmp_path / "m.npz"
    link.symlink_to(victim)
    with pytest.raises(InputError) as error:
        save_model(link, [np.eye(2)], [np.zeros(2)])
    assert str(error.value).startswith(f"--out: {quoted(link)} is a symbolic link to ")
    assert victim.read_bytes() == b"mine" and link.is_symlink()
    done = aecalc(tmp_path, *TRAIN, "--out", "m.npz")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("Error: --out: 'm.npz' is a symbolic link to ")
    assert victim.read_bytes() == b"mine"


def test_without_hard_links_the_name_is_created_exclusively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file system without hard links: the finished bytes are copied into a name created with
    O_EXCL | O_NOFOLLOW, so a link planted at the name meanwhile is an ``exists`` error, and the
    link's target is never written."""

    def no_links(*_: object, **__: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    out = tmp_path / "r.md"
    with Staged(out, "--output", force=False) as stream:
        stream.write(b"whole")
    assert out.read_bytes() == b"whole" and not out.is_symlink()
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o666 & ~_umask()  # not mkstemp's 0600
    trap, victim = planted(tmp_path, "s.md", "link")
    trap.unlink()
    staged = Staged(tmp_path / "s.md", "--output", force=False)
    staged.stream.write(b"new")
    trap.symlink_to(victim)
    # planted in the instant between the last look at the name and its creation
    monkeypatch.setattr(writing, "_status", lambda path: None)
    with pytest.raises(InputError, match="exists"):
        staged.commit()
    assert intact(trap, victim, "link")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md", "s.md", "victim.txt"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
