"""``aecalc --help`` lists each command in whole sentences; the output options name pdf; bad
sizes and vectors get a line that says what to write instead."""

from __future__ import annotations

import re

import pytest

from aecalc.cli import COMMANDS, summary
from cli import run, run_error


def test_each_command_is_listed_in_whole_lines_at_80_columns() -> None:
    code, out, _ = run("--help", columns=80)
    assert code == 0
    panel = out[out.index("Commands") :]
    rows = [line.strip("│ ").rstrip() for line in panel.splitlines()[1:] if line.startswith("│")]
    text = re.sub(r"\s+", " ", " ".join(rows))
    for name, (module, function) in COMMANDS.items():
        doc = getattr(__import__(module, fromlist=[function]), function).__doc__
        line = summary(doc)
        assert line is not None and "\n" not in line
        assert f"{name} {line}" in text, name


def test_the_format_and_output_help_name_pdf() -> None:
    code, out, _ = run("loss", "--help", columns=200)
    assert code == 0
    assert "rich, json, markdown, latex, html or pdf" in out
    assert ".md .tex .html .pdf .json .txt .svg" in out


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("params", "10", "-4"),
            "Error: SIZES: -4 is negative: sizes and counts are positive whole numbers (a layer "
            "needs at least 1 unit)",
        ),
        (
            ("classify", "10", "-4"),
            "Error: INPUT / HIDDEN: -4 is negative: sizes and counts are positive whole numbers "
            "(a layer needs at least 1 unit)",
        ),
        (
            ("params", "784", "→", "128"),
            "Error: SIZES: '→' stands alone between the sizes: write the sizes separated by "
            "spaces (784 128 32), or join them without spaces (784→128→32)",
        ),
        (
            ("params", "784", "-", "128"),
            "Error: SIZES: '-' stands alone between the sizes: write the sizes separated by "
            "spaces (784 128 32), or join them without spaces (784→128→32)",
        ),
        (
            ("loss", "mse", "--x", "1;0", "--xhat", "1,0"),
            "Error: --x: ';' starts a new sample (a matrix row), but one vector is expected "
            "here: separate its values with commas, e.g. 1,0",
        ),
    ],
)
def test_the_error_line_says_what_to_write(args: tuple[str, ...], line: str) -> None:
    assert run_error(*args) == line


def test_parentheses_read_as_a_vector() -> None:
    code, out, _ = run("loss", "mse", "--x", "(3, 5, 2)", "--xhat", "[2,4,3]", "--json")
    assert code == 0 and '"value": 1.0' in out
    code, out, _ = run("forward", "--x", "(1,0)", "--we", "1,-1;0,1", "--tied", "--json")
    assert code == 0
