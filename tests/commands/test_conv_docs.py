"""Every ``$ aecalc …`` example of docs/convolution.md prints what the page shows, at 80 columns.

A line holding only ``…`` stands for any lines (an excerpt). Lines are compared without their
trailing spaces (the terminal's table padding)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

import cli

PAGE = Path(__file__).resolve().parents[2] / "docs" / "convolution.md"
BLOCK = re.compile(r"```console\n\$ (aecalc[^\n]*)\n(.*?)```", re.S)
EXAMPLES = BLOCK.findall(PAGE.read_text(encoding="utf-8"))


def matches(expected: list[str], actual: list[str]) -> bool:
    """``expected`` with ``…`` lines standing for any run of lines."""
    if not expected:
        return not actual
    head, *rest = expected
    if head == "…":
        return any(matches(rest, actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0] == head and matches(rest, actual[1:])


def test_the_page_has_an_example_of_each_command() -> None:
    commands = {shlex.split(command)[1] for command, _ in EXAMPLES}
    assert commands >= {"conv", "pool", "upsample", "shape", "params"}
    assert any("--transpose" in command for command, _ in EXAMPLES)


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_example(command: str, shown: str) -> None:
    code, out, err = cli.run(*shlex.split(command)[1:], columns=80)
    assert code == 0, err
    actual = [line.rstrip() for line in out.rstrip("\n").splitlines()]
    expected = shown.rstrip("\n").splitlines()
    assert matches(expected, actual), "\n".join(actual)
