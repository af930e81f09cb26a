"""Every ``$ aecalc …`` example in docs/working.md prints what the page shows (run as the README's
examples are: a real process at 100 columns, colour off, an empty history)."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_readme import BLOCK, matches, run_example

PAGE = Path(__file__).resolve().parents[3] / "docs" / "working.md"
EXAMPLES = BLOCK.findall(PAGE.read_text(encoding="utf-8"))


def test_the_page_has_its_examples() -> None:
    commands = [command for command, _ in EXAMPLES]
    assert "aecalc solve F1 --steps" in commands and "aecalc check L1 0.6836" in commands
    assert any("check F1 --working -" in command for command in commands)


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_an_example_prints_what_it_shows(command: str, expected: str, tmp_path: Path) -> None:
    output = run_example(command, tmp_path)
    assert matches(expected, output), f"$ {command}\n{output}"
