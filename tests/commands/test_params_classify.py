"""``params`` and ``classify`` through Typer's CliRunner and the installed entry point."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cli

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    return cli.run(*args)


def test_params_table_shows_the_worked_arithmetic() -> None:
    code, out, _ = run("params", "10", "8", "4")
    assert code == 0
    for text in ("10 × 8 = 80", "+ 8", "= 88", "124", "130", "254", "undercomplete", "mirrored"):
        assert text in out
    assert "10 / 4 = 2.5×" in out
    assert "float32" in out and "multiply-adds" in out


def test_params_json_keys() -> None:
    code, out, _ = run("params", "10", "8", "4", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["architecture"] == [10, 8, 4, 8, 10]
    assert data["encoder_params"] == 124
    assert data["decoder_params"] == 130
    assert data["total_params"] == 254
    assert data["kind"] == "undercomplete"
    assert data["compression_ratio"] == 2.5
    assert [layer["params"] for layer in data["layers"]] == [88, 36, 40, 90]
    assert all({"weights", "biases", "params"} <= set(layer) for layer in data["layers"])


def test_params_spellings_and_flags() -> None:
    assert json.loads(run("params", "784-128-32", "--json")[1])["total_params"] == 209_968
    assert json.loads(run("params", "10→8→4", "--json")[1])["total_params"] == 254
    assert json.loads(run("params", "8", "3", "8", "--json")[1])["total_params"] == 59
    assert json.loads(run("params", "9", "5", "9", "--tied", "--json")[1])["total_params"] == 59
    assert json.loads(run("params", "8", "3", "8", "--mirror", "--json")[1])["architecture"] == [
        8,
        3,
        8,
        3,
        8,
    ]
    assert (
        json.loads(run("params", "10", "8", "4", "--no-bias", "--json")[1])["total_params"] == 224
    )
    data = json.loads(run("params", "10", "8", "4", "1", "--as-given", "--json")[1])
    assert data["total_params"] == 129
    assert data["kind"] is None


def test_params_markdown_and_latex() -> None:
    code, out, _ = run("params", "8", "3", "8", "--format", "markdown")
    assert code == 0
    assert "| 1 | encoder | 8 → 3 |" in out
    assert "**59**" in out
    code, out, _ = run("params", "8", "3", "8", "--format", "latex")
    assert code == 0
    assert r"\begin{tabular}" in out and r"\end{tabular}" in out
    assert out.count("{") == out.count("}")
    assert "59" in out


def test_output_file_and_force(tmp_path: Path) -> None:
    target = tmp_path / "q3.md"
    assert run("params", "10", "8", "4", "--output", str(target))[0] == 0
    assert "254" in target.read_text()
    code, out, err = run("params", "10", "8", "4", "--output", str(target))
    assert code == 2 and out == ""
    assert "exists (add --force to overwrite)" in err
    assert run("params", "10", "8", "4", "--output", str(target), "--force")[0] == 0
    html = tmp_path / "q3.html"
    assert run("params", "10", "8", "4", "-o", str(html))[0] == 0
    assert html.read_text().startswith("<!DOCTYPE html>")


def test_classify() -> None:
    code, out, _ = run("classify", "50", "80")
    assert code == 0 and "overcomplete" in out
    data = json.loads(run("classify", "2", "2", "--convention", "strict", "--json")[1])
    assert data["kind"] == "complete"
    assert {"kind", "input", "hidden", "reason"} <= set(data)
    assert json.loads(run("classify", "2", "2", "--json")[1])["kind"] == "overcomplete"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["params"], "Error: SIZES: give the layer sizes"),
        (["params", "0", "3"], "Error: SIZES: a layer of 0 units"),
        (["params", "10", "2.5"], "Error: SIZES: '2.5' is not a whole number"),
        (["params", "ten", "4"], "Error: SIZES: 'ten' is not a layer size"),
        (
            ["params", "10", "4", "--mirror", "--as-given"],
            "Error: --mirror: cannot be used with --as-given",
        ),
        (["params", "10", "8", "4", "1", "--as-given", "--tied"], "Error: --tied:"),
        (["params", "10", "4", "--format", "docx"], "Error: --format: unknown format 'docx'"),
        (["params", "10", "4", "--digits", "99"], "Error: --digits: 99 is out of range"),
        (["params", "10", "4", "--output", "/no/such/dir/x.md"], "Error: --output: folder"),
        (["params", "10", "4", "--output", "x.docx"], "Error: --output: cannot tell the format"),
        (
            ["params", "10", "4", "--output", "x.md", "--format", "latex"],
            "Error: --output: 'x.md' does not match --format latex",
        ),
        (["classify", "0", "3"], "Error: INPUT: a layer of 0 units"),
        (["classify", "3", "x"], "Error: HIDDEN: 'x' is not a layer size"),
        (["classify", "3", "2", "--convention", "book"], "Error: --convention:"),
    ],
)
def test_bad_input_is_one_error_line(args: list[str], message: str) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert out == ""
    assert err.startswith(message)
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_version_and_help() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("aecalc ")
    code, out, _ = run("params", "--help")
    assert code == 0 and "aecalc params 10 8 4" in out


def test_ten_thousand_layer_spec_is_summarised() -> None:
    sizes = ["4"] * 10_000
    code, out, _ = run("params", *sizes, "--as-given")
    assert code == 0
    assert "9,939 more" in out


def test_installed_entry_point_runs() -> None:
    exe = shutil.which("aecalc", path=os.path.dirname(sys.executable)) or shutil.which("aecalc")
    assert exe is not None, "the aecalc console script is not installed"
    done = subprocess.run(
        [exe, "params", "10", "8", "4", "--json"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["total_params"] == 254
    bad = subprocess.run([exe, "params", "0"], capture_output=True, text=True, check=False)
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert bad.stderr.startswith("Error: SIZES:")


def test_startup_path_imports_neither_numpy_nor_sympy() -> None:
    code = (
        "import sys\n"
        "from aecalc.cli import app\n"
        "try:\n"
        "    app(['params', '10', '8', '4'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "try:\n"
        "    app(['classify', '50', '80'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'sympy')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
