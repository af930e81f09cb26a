"""Helpers the CLI tests share: run a command through Typer's CliRunner and check its contract."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from aecalc.cli import app
from aecalc.render.text import minus

runner = CliRunner()


def run(
    *args: str, columns: int | None = None, env: Mapping[str, str | None] | None = None
) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``aecalc ARGS`` run in this process (``columns``: the
    terminal width, read by Rich from ``COLUMNS`` as in a real process whose stdout is not a
    terminal; ``env``: variables set, or unset where None, for the run)."""
    changes = dict(env or {})
    if columns is not None:
        changes["COLUMNS"] = str(columns)
    result = runner.invoke(app, list(args), env=changes or None)
    return result.exit_code, result.stdout, result.stderr


AECALC = (sys.executable, "-c", "from aecalc.cli import main; main()")
"""``aecalc`` as a real process of this interpreter (the tests that need one: start-up, time
bounds, terminals, signals)."""


def run_process(
    *args: str, env: Mapping[str, str] | None = None, timeout: float = 180
) -> tuple[subprocess.CompletedProcess[str], float]:
    """``aecalc ARGS`` in a real process (``env``: variables added): its result and the seconds
    it took. ``timeout`` stops a hung run, so that a regression fails instead of hanging."""
    began = time.monotonic()
    done = subprocess.run(
        [*AECALC, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )
    return done, time.monotonic() - began


def run_json(*args: str) -> dict[str, Any]:
    """``aecalc ARGS --json``: must succeed and print one JSON object."""
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def run_error(*args: str) -> str:
    """``aecalc ARGS``: must fail with exit 2, nothing on stdout, one ``Error:`` line on stderr."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def quoted(path: str | Path) -> str:
    """A file name as error lines quote it: in quotes, its last 60 characters."""
    text = str(path)
    return repr(text if len(text) <= 60 else "…" + text[-59:])


def session_answers(topic: str, seed: int, count: int) -> list[str]:
    """The right answers of a seeded practice session (it draws from the same generator)."""
    import random

    from aecalc.practice import topics

    rng = random.Random(seed)
    out = []
    for _ in range(count):
        problem = topics.generate(topic, rng)
        assert problem.spec is not None
        out.append(topics.solve(problem.spec).expected.as_answer(6))
    return out


def bank_answers() -> list[str]:
    """Every bank answer as a printout shows it: one minus sign − (the JSON keeps ASCII)."""
    result = runner.invoke(app, ["sheet", "--json"])
    assert result.exit_code == 0, result.stderr
    problems = json.loads(result.stdout)["problems"]
    return [minus(p["answer"]) for p in problems if isinstance(p["answer"], str)]


def pdf_text(pdf: Path) -> str:
    """A PDF's text by pdftotext on one line, spaces collapsed; a typeset 2/3 reads '2 / 3'."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext is not None
    done = subprocess.run(
        [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True, timeout=120
    )
    return re.sub(r" ?/ ?", "/", " ".join(done.stdout.split()))
