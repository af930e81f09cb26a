"""Small disks of a test's own: a tmpfs mounted in its folder (root and mount(8) needed, else the
test skips and says why), to fill up or to remount read-only."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def tmpfs(tmp_path: Path, size: str, without_root: str = "") -> Iterator[Path]:
    """``tmp_path/disk`` as a tmpfs of ``size`` (``64k``, ``1m``) for the ``with`` block, unmounted
    after; ``without_root`` adds to the skip reason where the test is not run as root."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip(f"mounting a tmpfs needs root{without_root}")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def remount_read_only(folder: Path) -> None:
    """The tmpfs at ``folder``, read-only from now on."""
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
