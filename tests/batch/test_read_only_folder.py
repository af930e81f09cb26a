"""An output into a folder that cannot be written is one ``Error:`` line, whenever the folder
turns out to be read-only: at the start (checked before any work), or only when the file is
written — a disk remounted read-only during a long ``train``, or a file system where
``access()`` says yes and creating the temporary file fails (the ``OSError`` from ``mkstemp``).
Nothing is left behind and stdout stays empty."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from aecalc.batch import train as training
from cli import quoted, run
from disks import remount_read_only, tmpfs


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A small tmpfs of our own (needs root and mount(8)), to remount read-only."""
    with tmpfs(tmp_path, "1m") as folder:
        yield folder


def read_only(folder: Path) -> None:
    remount_read_only(folder)


TRAIN = ["train", "--x", "0,1;1,0;1,1", "--sizes", "2-1", "--epochs", "3", "--seed", "1"]


def one_error(code: int, out: str, err: str) -> str:
    assert code == 2, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_a_read_only_folder_is_refused_before_training(disk: Path) -> None:
    read_only(disk)
    line = one_error(*run(*TRAIN, "--out", str(disk / "m.npz")))
    assert line == f"Error: --out: cannot write to folder {quoted(disk)}"


def test_a_folder_that_turns_read_only_during_training(
    disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = training.train

    def train_then_remount(*args: object, **kwargs: object) -> training.TrainResult:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        read_only(disk)  # the disk went read-only while the net was training
        return result

    monkeypatch.setattr(training, "train", train_then_remount)
    line = one_error(*run(*TRAIN, "--out", str(disk / "m.npz")))
    assert line == f"Error: --out: cannot write to folder {quoted(disk)}"
    assert list(disk.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "argument", "name"),
    [
        (TRAIN, "--out", "m.npz"),
        (["forward", "--x", "1,0;0,1", "--we", "1,0;0,1", "--wd", "1,0;0,1"], "--out", "r.npy"),
        (["params", "10", "8", "4", "-f", "markdown"], "--output", "p.md"),
    ],
)
def test_when_access_says_yes_the_temporary_files_oserror_is_the_line(
    disk: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], argument: str, name: str
) -> None:
    """access() can say yes where creating a file fails (NFS with root squash, some FUSE
    mounts); here it is made to, on a read-only disk: mkstemp's OSError is the error line."""
    read_only(disk)
    monkeypatch.setattr(os, "access", lambda *_, **__: True)
    line = one_error(*run(*args, argument, str(disk / name)))
    expected = f"Error: {argument}: {quoted(disk / name)} cannot be written (Read-only file system)"
    assert line == expected
