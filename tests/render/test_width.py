"""80 columns (and 60): no Rich output cuts anything with ``…``; every answer appears in full.

Each command runs in this process (CliRunner) with ``COLUMNS`` at 200, 80 and 60: Rich takes
the width from ``COLUMNS`` when stdout is not a terminal, in a piped process or not (a fresh
process per run cost half a second of imports and proved nothing more). The oracle is the wide
run: whatever ``…`` it prints is content (a row standing for left-out terms), so a narrow run
may print no more of them; and every number the command's ``--json`` gives as its answer must
appear, whole, at each width.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

import examples
from cli import run

MAZUR = " ".join(examples.MAZUR)
CONV = " ".join(examples.CONV)
# three inputs: layer 1's table of 8 columns once folded its vectors at the commas at 80 columns
WIDE_BACKPROP = "backprop --x 1,0,1 --we 1,-1,0;0,1,1 --wd 1,0;0,1;1,1 --act sigmoid"
# one example of every command (tests/examples.py), then the outputs that were once too wide
COMMANDS = list(
    dict.fromkeys(
        [" ".join(argv) for argv, _ in examples.ALL]
        + [
            "params 1000000 1000000",
            "params 784 512 256 128 64 32",
            "forward --we 1,-1;0,1 --wd 1,0;0,1 --x 1,0;0,1;1,1 --act sigmoid",
            "loss bce --x 1,0 --xhat 0.68,0.38 --log log10",
            MAZUR + " --steps 20",
            WIDE_BACKPROP,
            CONV,
            CONV + " deconv2x2:16 deconv2x2:1",
            "solve B01",
            "solve V01",
            "problems",
        ]
    )
)
# the numbers a reader must find whole: (command, numbers)
ANSWERS = {
    "params 1000000 1000000": ["2,000,002,000,000", "1,000,001,000,000"],
    CONV: ["4,640", "160", "14×14×32"],
    MAZUR: ["0.1498", "0.1996", "0.3589", "0.4087", "0.5308"],
}


def aecalc(command: str, columns: int, home: Path) -> subprocess.CompletedProcess[str]:
    env = {"AECALC_HOME": str(home), "NO_COLOR": "1", "LINES": None}
    code, out, err = run(*command.split(), columns=columns, env=env)
    return subprocess.CompletedProcess(command, code, out, err)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("home")


@pytest.mark.parametrize("command", COMMANDS)
def test_nothing_is_cut_at_80_or_60_columns(command: str, home: Path) -> None:
    wide = aecalc(command, 200, home)
    if "--steps" in command and wide.returncode == 2:
        pytest.skip("--steps is not in this build of backprop")
    assert wide.returncode == 0, wide.stderr
    for columns in (80, 60):
        narrow = aecalc(command, columns, home)
        assert narrow.returncode == 0, narrow.stderr
        assert narrow.stdout.count("…") <= wide.stdout.count("…"), (columns, narrow.stdout)
        for number in ANSWERS.get(command, []):
            assert number in narrow.stdout, (columns, number)


def test_every_decimal_of_the_answers_is_whole_at_60_columns(home: Path) -> None:
    for command in ("params 1000000 1000000", CONV, MAZUR):
        data = json.loads(aecalc(command + " --json", 200, home).stdout)
        numbers = re.findall(r"\d[\d,]*\.?\d*", aecalc(command, 200, home).stdout)
        narrow = aecalc(command, 60, home).stdout
        for number in {n for n in numbers if len(n) >= 5}:
            assert number in narrow, (command, number)
        assert data  # the JSON is the answer the printout shows


def test_columns_0_falls_back_to_a_sane_width(home: Path) -> None:
    done = aecalc("params 10 8 4", 0, home)
    assert done.returncode == 0 and "254" in done.stdout
    assert max(len(line) for line in done.stdout.splitlines()) <= 80


_CELL = re.compile(r"[│┃]([^│┃]*)")


@pytest.mark.parametrize(
    "command",
    [
        WIDE_BACKPROP,
        MAZUR,
        "vae --mu 0.5,-1 --logvar 0,0.5 "
        "--eps 0.5,-1 --wd 1,-1;0.5,1;0,2 --bd 0,0.1,-0.2 --x 1,0,0 --loss bce",
    ],
)
@pytest.mark.parametrize("columns", [80, 60])
def test_no_vector_of_numbers_breaks_inside_a_table_cell(
    command: str, columns: int, home: Path
) -> None:
    """Every ``[`` of a vector of numbers in a table cell closes on the same line, within the
    width (a table whose vectors cannot all fit whole is stacked instead)."""
    from rich.cells import cell_len

    done = aecalc(command, columns, home)
    assert done.returncode == 0, done.stderr
    for line in done.stdout.splitlines():
        assert cell_len(line) <= columns, line
        for cell in _CELL.findall(line):
            opened = re.search(r"\[[−\d.,/ ]*\d,$", cell.rstrip())
            assert opened is None, (columns, line)
