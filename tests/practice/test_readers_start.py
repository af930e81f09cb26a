"""The commands that only read the practice tables (``plan``, ``practice --stats``,
``problems``) start light: no NumPy, no SymPy, and not the answer checker with its reader and
spelling rules (a topic describes its answers with ``answers.expected``). bench/instructions.py
measures what they cost; this keeps the imports from coming back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HEAVY = (
    "numpy",
    "sympy",
    "aecalc.practice.answers.checker",
    "aecalc.practice.answers.reading",
    "aecalc.practice.answers.spelling",
)

CODE = """
import sys
from aecalc.cli import app
for argv in (["plan"], ["practice", "--stats"], ["problems"]):
    try:
        app(argv)
    except SystemExit as done:
        assert not done.code, (argv, done.code)
print(sorted(m for m in sys.modules if m.startswith(HEAVY)))
"""


def test_plan_stats_and_problems_load_no_solver_machinery(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"HEAVY = {HEAVY!r}\n{CODE}"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "AECALC_HOME": str(tmp_path), "COLUMNS": "100"},
    )
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout[-600:]
