"""Shared test settings: hypothesis profiles, each test's own ``AECALC_HOME``, ``/dev/full``.

The suite runs in parallel (``pytest -n 2`` in ``.ci/run``, pytest-xdist), so no test may share
a file with another: every test gets a fresh ``AECALC_HOME`` unless its module's fixture set one
(a module sandbox), temporary files go under ``tmp_path`` (one base folder per worker), and
hypothesis keeps no example database (a ``.hypothesis/`` folder in the work tree would be
written by both workers, and by anyone else running the suite in the same tree).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("ci", max_examples=60, deadline=None, database=None)
settings.register_profile("dev", max_examples=30, deadline=None, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _nothing_leaks() -> Iterator[None]:
    """A test leaves the working directory and the ``AECALC_*`` variables as it found them
    (``monkeypatch.chdir``/``setenv`` undo themselves): with tests spread over workers in any
    order, a test that moved into its temporary folder would change the next one's paths."""
    cwd = os.getcwd()
    ours = {key: value for key, value in os.environ.items() if key.startswith("AECALC_")}
    yield
    moved = os.getcwd() != cwd
    now = {key: value for key, value in os.environ.items() if key.startswith("AECALC_")}
    changed = now != ours
    os.chdir(cwd)  # put back, so that one leak fails one test, not the ones after it
    for key in now.keys() - ours.keys():
        del os.environ[key]
    os.environ.update(ours)
    assert not moved, "the test changed the working directory: use monkeypatch.chdir"
    assert not changed, "the test changed an AECALC_ variable: use monkeypatch.setenv"


_OUTER_HOME = os.environ.get("AECALC_HOME")
"""The ``AECALC_HOME`` the suite was started with (the developer's own, or none): never used."""


@pytest.fixture(autouse=True)
def _own_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh ``AECALC_HOME`` for every test whose module did not set one, so that no test
    reads the developer's history or another test's (tests that need the folder ask ``home``)."""
    if os.environ.get("AECALC_HOME") == _OUTER_HOME:
        monkeypatch.setenv("AECALC_HOME", str(tmp_path_factory.mktemp("aecalc-home")))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh ``AECALC_HOME`` (history, stats) for one test."""
    folder = tmp_path / "home"
    monkeypatch.setenv("AECALC_HOME", str(folder))
    return folder


@pytest.fixture
def dev_full() -> Path:
    """``/dev/full`` (every write fails with ENOSPC); the test skips, saying why, where it is
    missing or not a character device (a container may bind an ordinary file there)."""
    path = Path("/dev/full")
    try:
        mode = path.stat().st_mode
    except OSError as error:
        pytest.skip(f"/dev/full is missing here ({error.strerror}): no device to fill stdout")
    if not stat.S_ISCHR(mode):
        pytest.skip("/dev/full is not a character device here: writes to it would not fail")
    return path
