"""A problem file asks for bounded work: its lists hold at most ``MAX_LIST_ITEMS`` items, so a
160 kB file of 40,000 one-unit layers is refused at once (``check`` and ``solve`` ran for
minutes on it). Checked in a process with a time bound: a regression fails, it does not hang."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aecalc.practice.bank.files import MAX_LIST_ITEMS
from cli import run_error, run_process

BOUND_S = 60


def backprop_file(path: Path, layers: int) -> Path:
    weights = ",".join(['"1"'] * layers)
    path.write_text(
        'id = "BIG"\ntopic = "backprop"\ntitle = "deep"\nstatement = "deep"\nanswer = "1"\n\n'
        f'[solve]\nkind = "backprop"\nweights = [{weights}]\nx = "1"\ntarget = "0.5"\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("command", [["solve"], ["check", "1"]])
def test_a_file_of_40000_layers_is_refused_at_once(tmp_path: Path, command: list[str]) -> None:
    path = backprop_file(tmp_path / "big.toml", 40_000)
    assert 150_000 < path.stat().st_size < 200_000  # within the file size limit
    args = [command[0], str(path), *command[1:]]
    done, took = run_process(*args, timeout=BOUND_S * 3)
    assert took < BOUND_S
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        f"Error: {path}:9: field solve.weights: has 40,000 items: a problem file's list holds at "
        f"most {MAX_LIST_ITEMS} (an exam question's net is small; the commands take larger ones)"
    ]


def test_the_bound_holds_at_any_depth_and_outside_solve(tmp_path: Path) -> None:
    nested = tmp_path / "nested.toml"
    rows = json.dumps([[1]] * (MAX_LIST_ITEMS + 1))
    nested.write_text(
        'id = "N"\ntopic = "forward"\ntitle = "n"\nstatement = "n"\nanswer = "1"\n\n'
        f'[solve]\nkind = "forward"\nweights = [{rows}]\nx = "1"\n',
        encoding="utf-8",
    )
    assert "field solve.weights: has 101 items" in run_error("solve", str(nested))
    theory = tmp_path / "theory.toml"
    points = json.dumps(["a point"] * (MAX_LIST_ITEMS + 1))
    theory.write_text(
        f'id = "T"\ntopic = "theory"\ntitle = "t"\nquestion = "q"\nkey_points = {points}\n',
        encoding="utf-8",
    )
    assert "field key_points: has 101 items" in run_error("solve", str(theory))


def test_a_file_at_the_bound_is_solved(tmp_path: Path) -> None:
    path = backprop_file(tmp_path / "deep.toml", MAX_LIST_ITEMS)
    done, took = run_process("solve", str(path), "--json", timeout=BOUND_S * 3)
    assert done.returncode == 0, done.stderr
    assert took < BOUND_S
