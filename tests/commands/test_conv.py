"""``aecalc conv`` and ``conv --transpose`` (issue 21): the contract's keys, the worked examples of
the brief, chains, files, exactness and the printout at 80 columns."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import cli

# BRIEF.md's worked example: cross-correlation, stride 1, no padding
X = "2,5,-3,0;0,6,0,-4;-1,-3,0,2;5,0,0,3"
K = "-2,0;4,6"
TABLE = json.loads((Path(__file__).parents[1] / "data" / "conv_numbers.json").read_text())


def test_the_briefs_worked_example() -> None:
    data = cli.run_json("conv", "--x", X, "--k", K)
    assert data["output"][0] == [32, 14, -18]
    assert data["output"] == [[32, 14, -18], [-22, -24, 12], [22, 6, 18]]
    assert data["shape"] == [3, 3]
    first = data["cells"][0]
    assert (first["row"], first["col"], first["value"]) == (1, 1, 32)
    assert first["terms"] == [[2, -2], [5, 0], [0, 4], [6, 6]]
    code, out, _ = cli.run("conv", "--x", X, "--k", K, columns=80)
    assert code == 0
    assert "2·(−2) + 5·0 + 0·4 + 6·6 = 32" in out
    assert "Cross-correlation, as PyTorch's Conv2d and Keras' Conv2D" in out
    assert "32, 14, −18; −22, −24, 12; 22, 6, 18" in out  # the answer as --x reads it back
    assert max(len(line) for line in out.splitlines()) <= 80


def test_flip_is_the_correlation_with_the_kernel_turned_by_hand() -> None:
    flipped = cli.run_json("conv", "--x", X, "--k", K, "--flip")
    by_hand = cli.run_json("conv", "--x", X, "--k", "6,4;0,-2")  # K rotated by 180°
    assert (
        flipped["output"] == by_hand["output"] != cli.run_json("conv", "--x", X, "--k", K)["output"]
    )
    assert flipped["operation"] == "convolution"
    code, out, _ = cli.run("conv", "--x", X, "--k", K, "--flip", columns=80)
    assert code == 0 and "rotated by 180°" in out


def test_the_d2l_transposed_convolution() -> None:
    data = cli.run_json("conv", "--transpose", "--x", "0,1;2,3", "--k", "0,1;2,3")
    assert data["output"] == [[0, 0, 1], [0, 4, 6], [4, 12, 9]]
    assert data["shape"] == [3, 3]
    placed = data["contributions"]
    assert [p["value"] for p in placed] == [0, 1, 2, 3]
    assert placed[3] == {
        "row": 2,
        "col": 2,
        "value": 3,
        "placed_at": [2, 2],
        "scaled": [[0, 3], [6, 9]],
    }
    code, out, _ = cli.run("conv", "--transpose", "--x", "0,1;2,3", "--k", "0,1;2,3", columns=80)
    assert code == 0
    assert "0·3 + 1·2 + 2·1 + 3·0 = 4" in out  # the overlaps of the middle cell, summed
    assert "rotated by 180°" in out  # the gather view is stated
    assert max(len(line) for line in out.splitlines()) <= 80


def test_transposed_stride_padding_and_output_padding_match_pytorch() -> None:
    case = next(
        c
        for c in TABLE["cases"]["transpose"]
        if len(c["x"]) == 1 and len(c["weights"]) == 1 and c["output_padding"] != [0, 0]
    )
    matrix = ";".join(",".join(row) for row in case["x"][0])
    kernel = ";".join(",".join(row) for row in case["weights"][0][0])
    pair = "{}x{}".format
    args = ["conv", "--transpose", "--x", matrix, "--k", kernel]
    args += ["--stride", pair(*case["stride"]), "--padding", pair(*case["padding"])]
    args += [
        "--output-padding",
        pair(*case["output_padding"]),
        "--dilation",
        pair(*case["dilation"]),
    ]
    if case["bias"]:
        args += ["--bias", case["bias"][0]]
    data = cli.run_json(*args)
    assert np.allclose(data["output"], case["output"][0], rtol=0, atol=1e-12)


def test_npy_input_and_weights_give_one_map_per_filter(tmp_path: Path) -> None:
    case = next(c for c in TABLE["cases"]["conv"] if len(c["weights"]) == 2 and len(c["x"]) > 1)
    np.save(tmp_path / "x.npy", np.array(case["x"], dtype=float))
    np.save(tmp_path / "w.npy", np.array(case["weights"], dtype=float))
    args = ["conv", "--x", str(tmp_path / "x.npy"), "--k", str(tmp_path / "w.npy")]
    args += [
        "--stride",
        "{}x{}".format(*case["stride"]),
        "--dilation",
        "{}x{}".format(*case["dilation"]),
    ]
    padding = case["padding"]
    args += ["--padding", padding if padding == "same" else "{}x{}".format(*padding)]
    if case["flip"]:
        args.append("--flip")
    if case["bias"]:
        args += ["--bias", ",".join(case["bias"])]
    if case["act"]:
        args += ["--act", case["act"]]
    data = cli.run_json(*args)
    assert data["shape"][0] == 2 and len(data["output"]) == 2
    assert np.allclose(data["output"], case["output"], rtol=1e-12, atol=1e-12)
    assert {cell["filter"] for cell in data["cells"]} == {1, 2}


def test_decimals_stay_exact() -> None:
    data = cli.run_json("conv", "--x", "0.1,0.2;0.3,0.4", "--k", "1/3")
    assert data["output_exact"] == [["1/30", "1/15"], ["1/10", "2/15"]]
    code, out, _ = cli.run("conv", "--x", "0.1,0.2;0.3,0.4", "--k", "1/3", columns=80)
    assert code == 0 and "0.1·(1/3) = 1/30" in out


def test_channels_are_summed_and_shown_one_by_one() -> None:
    args = ("conv", "--x", "1,2;3,4", "--x", "0,1;1,0", "--k", "1,1;1,1", "--k", "2,0;0,2")
    data = cli.run_json(*args, "--bias", "-1")
    # by hand: channel 1 sums to 10, channel 2 to 2·0 + 2·0 = 0; + bias −1
    assert data["output"] == [[9]]
    assert data["cells"][0]["channel_sums"] == [10, 0]
    code, out, _ = cli.run(*args, "--bias", "-1", columns=80)
    assert code == 0 and "channel 2" in out and "10 + 0 + (−1) = 9" in out


def test_a_chain_in_one_command() -> None:
    args = ["conv", "--x", X, "--k", K, "--padding", "1", "--stride", "2"]
    data = cli.run_json(*args, "--then", "relu", "--then", "maxpool2", "--then", "flatten")
    # by hand: the conv gives 3×3 (⌊(4 + 2 − 2)/2⌋ + 1); ReLU; a 2×2 pool keeps one window
    assert data["shape"] == [3, 3]
    assert [step["step"] for step in data["steps"]] == ["relu", "maxpool2", "flatten"]
    relu = data["steps"][0]["output"]
    assert relu == [[max(v, 0) for v in row] for row in data["output"]]
    assert data["steps"][1]["output"] == [[max(relu[0][:2] + relu[1][:2])]]
    assert data["final"]["output"] == [data["steps"][1]["output"][0][0]]  # flattened
    code, out, _ = cli.run(*args, "--then", "relu", "--then", "maxpool2", columns=80)
    assert code == 0 and "Step 2: relu" in out and "Step 3: maxpool2" in out


def test_the_json_of_one_step_is_the_x_of_the_next(tmp_path: Path) -> None:
    code, out, _ = cli.run("conv", "--x", "1,-2,3;4,5,-6;7,8,9", "--k", "1,0;0,1/2", "--json")
    assert code == 0
    saved = tmp_path / "step1.json"
    saved.write_text(out, encoding="utf-8")
    chained = cli.run_json("pool", "max", "--x", str(saved), "--size", "2", "--stride", "1")
    at_once = cli.run_json(
        "conv", "--x", "1,-2,3;4,5,-6;7,8,9", "--k", "1,0;0,1/2", "--then", "maxpool2s1"
    )
    assert chained["output"] == at_once["final"]["output"]
    # the printed answer reads back as --x too
    printed = cli.run("conv", "--x", X, "--k", K)[1]
    answer = next(line for line in printed.splitlines() if line.startswith("y "))
    again = cli.run_json("pool", "max", "--x", answer[1:].strip(), "--size", "1")
    assert again["output"] == cli.run_json("conv", "--x", X, "--k", K)["output"]


def test_sigmoid_gives_closed_forms() -> None:
    data = cli.run_json("conv", "--x", "1,2;3,4", "--k", "1,0;0,1", "--act", "sigmoid")
    assert data["cells"][0]["pre_activation"] == 5
    assert data["output"][0][0] == pytest.approx(1 / (1 + np.exp(-5)), rel=1e-12)
    assert data["output_exact"][0][0] == "1/(1 + e⁻⁵)"  # the closed form, as forward writes it


def test_conv_without_a_transcendental_activation_loads_neither_numpy_nor_sympy() -> None:
    code = (
        "import sys; from aecalc.cli import build_app; from typer.testing import CliRunner; "
        "r = CliRunner().invoke(build_app('conv'), ['conv', '--x', '1,2;3,4', '--k', '1,0;0,1', "
        "'--act', 'relu', '--then', 'maxpool2', '--padding', 'same']); assert r.exit_code == 0; "
        "print(sorted(m for m in ('numpy', 'sympy') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "args",
    [
        [
            "conv",
            "--x",
            "1,2,3;4,5,6;7,8,9",
            "--k",
            "1,0;0,1",
            "--padding",
            "same",
            "--stride",
            "2",
        ],
        ["conv", "--x", "1,2,3;4,5,6", "--k", "1,2,3", "--dilation", "1x2", "--padding", "0x2"],
        [
            "conv",
            "--transpose",
            "--x",
            "1,2;3,4",
            "--k",
            "1,-1;2,0.5",
            "--stride",
            "2",
            "--padding",
            "1",
        ],
    ],
)
def test_more_printouts_fit_80_columns(args: list[str]) -> None:
    code, out, err = cli.run(*args, columns=80)
    assert code == 0, err
    assert max(len(line) for line in out.splitlines()) <= 80


def test_the_records_show_themselves_in_a_notebook() -> None:
    from fractions import Fraction

    from aecalc.nets.conv.correlate import ConvSpec, convolve
    from aecalc.nets.conv.pooling import PoolSpec, UpSpec, pool, upsample
    from aecalc.nets.conv.solve import Axis, solve
    from aecalc.nets.conv.transpose import TransposeSpec, transpose
    from aecalc.render.notebook import show

    x = ((tuple(map(Fraction, (1, 2))), tuple(map(Fraction, (3, 4)))),)
    k = ((tuple(map(Fraction, (1, 0))), tuple(map(Fraction, (0, 1)))),)
    records: list[Any] = [
        convolve(x, (k,), ConvSpec()),
        transpose(x, (k,), TransposeSpec()),
        pool(x, PoolSpec()),
        upsample(x, UpSpec()),
        solve(Axis(size_in=28, kernel=3), "out"),
    ]
    for record in records:
        page = show("html", record)
        assert page is not None and page.startswith('<div class="aecalc">'), type(record)
