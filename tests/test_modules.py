"""Every module of the package says what it is and stays small enough to read in one sitting.

CONTRIBUTING.md asks for modules with one idea each; past 500 lines a module had always grown a
second idea (history/store.py's failures and locks, checker.py's expected answers, exam.py's
clock), so the bound is checked here rather than remembered.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import aecalc

PACKAGE = Path(aecalc.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 500


def test_the_package_is_found() -> None:
    assert len(MODULES) > 100, MODULES


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_has_a_docstring_and_at_most_500_lines(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.count("\n")
    assert lines <= MAX_LINES, f"{lines} lines: split it along its ideas"
    docstring = ast.get_docstring(ast.parse(text))
    assert docstring and len(docstring.split()) >= 3, "no docstring saying what the module is"


def test_the_practice_wings_table_names_every_module() -> None:
    # docs/practice-wings.md is where a newcomer looks for a module's home; a topic's own module
    # is covered by its row "topics/params.py … topics/pca.py" (one per entry of TOPICS)
    from aecalc.practice.topics import TOPICS

    table = (PACKAGE.parents[1] / "docs" / "practice-wings.md").read_text(encoding="utf-8")
    practice = PACKAGE / "practice"
    missing = [
        name
        for path in sorted(practice.glob("*/*.py"))
        if path.name != "__init__.py"
        and path.stem not in {topic.id for topic in TOPICS}
        and f"`{(name := str(path.relative_to(practice)))}`" not in table
    ]
    assert not missing, f"docs/practice-wings.md has no row for {missing}"
