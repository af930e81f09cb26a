"""Every ``$ aecalc …`` example in README.md prints what the README shows.

A block may start ``$ printf 'ANSWERS' | aecalc …``: the answers (``\\n`` between them) go to
stdin, as a script feeds a practice session.

Each ```` ```console ```` block starting with ``$ aecalc`` is run in a real process at 100
columns with colour off and an empty history; its output must equal the block. A line
holding only ``…`` in the README stands for any lines there (an excerpt of a long output).
Regenerate a block after a deliberate change with ``python tests/test_readme.py`` (prints
the new outputs).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"```console\n\$ ((?:printf '[^'\n]*' \| )?aecalc[^\n]*)\n(.*?)```", re.S)
PIPED = re.compile(r"printf '([^'\n]*)' \| (aecalc.*)")
ENTRY = "import sys; from aecalc.cli import main; sys.argv[0] = 'aecalc'; main()"


def examples() -> list[tuple[str, str]]:
    return BLOCK.findall(README.read_text(encoding="utf-8"))


def run_example(command: str, home: Path) -> str:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"FORCE_COLOR", "COLUMNS", "LINES", "AECALC_HOME"}
    }
    env.update(COLUMNS="100", NO_COLOR="1", TERM="dumb", AECALC_HOME=str(home))
    stdin = ""
    piped = PIPED.fullmatch(command)
    if piped:  # printf 'answers\n' | aecalc …: the answers on stdin
        stdin, command = piped.group(1).replace("\\n", "\n"), piped.group(2)
    argv = shlex.split(command)[1:]
    done = subprocess.run(
        [sys.executable, "-c", ENTRY, *argv],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    return done.stdout + done.stderr


def matches(expected: str, output: str) -> bool:
    """``output`` equals ``expected``, where an ``…`` line in ``expected`` matches any lines."""
    pieces = [re.escape(piece) for piece in re.split(r"^…\n", expected, flags=re.M)]
    return re.fullmatch("(?:.*\n)*?".join(pieces), output) is not None


def test_the_readme_has_examples() -> None:
    commands = [command for command, _ in examples()]
    assert "aecalc params 10 8 4" in commands
    assert len(commands) >= 8


@pytest.mark.parametrize(("command", "expected"), examples(), ids=[c for c, _ in examples()])
def test_readme_example_prints_what_it_shows(command: str, expected: str, tmp_path: Path) -> None:
    output = run_example(command, tmp_path)
    assert matches(expected, output), f"$ {command}\n{output}"


def test_an_ellipsis_line_matches_any_lines_and_nothing_else_does() -> None:
    assert matches("a\n…\nz\n", "a\nb\nc\nz\n")
    assert matches("a\n…\nz\n", "a\nz\n")
    assert not matches("a\nz\n", "a\nb\nz\n")
    assert not matches("a\n…\nz\n", "a\nb\ny\n")


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    import tempfile

    for command, _ in examples():
        print(f"$ {command}")
        print(run_example(command, Path(tempfile.mkdtemp())), end="")
        print("-" * 40)
