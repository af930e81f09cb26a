"""Shared test settings: a hypothesis profile that keeps the suite quick on two cores."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("ci", max_examples=60, deadline=None)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh ``AECALC_HOME`` (history, stats) for one test."""
    folder = tmp_path / "home"
    monkeypatch.setenv("AECALC_HOME", str(folder))
    return folder
