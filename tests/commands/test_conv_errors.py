"""Bad input to ``conv``, ``pool``, ``upsample`` and ``shape``: one ``Error:`` line naming the
option and what to do, exit 2, nothing on stdout."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import cli


@pytest.mark.parametrize(
    ("args", "start", "fragment"),
    [
        (
            ["conv", "--x", "1,2;3,4", "--k", "1,2,3;4,5,6;7,8,9"],
            "--k",
            "larger than its padded input",
        ),
        (["conv", "--x", "1,2;3,4", "--k", "1", "--stride", "0"], "--stride", "at least 1"),
        (["conv", "--x", "1,2;3,4", "--k", "1", "--dilation", "0"], "--dilation", "at least 1"),
        (["conv", "--x", "1,2;3", "--k", "1"], "--x", "ragged matrix"),
        (
            ["conv", "--x", "1,2;3,4", "--x", "1,2,3;4,5,6", "--k", "1", "--k", "1"],
            "--x",
            "same height and width",
        ),
        (["conv", "--x", "1,2;3,4", "--k", "1", "--k", "2"], "--k", "more --k than --x"),
        (["conv", "--x", "1,2;3,4", "--x", "1,2;3,4", "--k", "1"], "--k", "one --k per --x"),
        (["conv", "--x", "1,2;3,4", "--k", "1", "--k", "1,2"], "--k", "more --k than --x"),
        (["conv", "--x", "1,2;3,4", "--k", "1", "--bias", "1,2"], "--bias", "one per filter"),
        (["conv", "--x", "1,2;3,4", "--k", "1", "--act", "softmax"], "--act", "couples"),
        (["conv", "--x", "1,2;3,4", "--k", "1", "--act", "swish"], "--act", "unknown activation"),
        (["conv", "--x", "1,2;3,4", "--k", "1", "--padding", "wide"], "--padding", "not a padding"),
        (
            ["conv", "--x", "1,2;3,4", "--k", "1", "--output-padding", "1"],
            "--output-padding",
            "--transpose",
        ),
        (
            [
                "conv",
                "--transpose",
                "--x",
                "1,2",
                "--k",
                "1",
                "--stride",
                "2",
                "--output-padding",
                "2",
            ],
            "--output-padding",
            "smaller than the stride",
        ),
        (
            ["conv", "--transpose", "--x", "1,2", "--k", "1", "--padding", "same"],
            "--padding",
            "as a number",
        ),
        (
            ["conv", "--transpose", "--x", "1", "--k", "1", "--padding", "1"],
            "--padding",
            "leaves no output",
        ),
        (["conv", "--transpose", "--x", "1", "--k", "1", "--flip"], "--flip", "gather view"),
        (
            ["conv", "--x", "1,2;3,4", "--k", "1", "--then", "conv3x3:8"],
            "--then 'conv3x3:8'",
            "not a step",
        ),
        (
            ["conv", "--x", "1,2;3,4", "--k", "1", "--then", "flatten", "--then", "relu"],
            "--then 'flatten'",
            "last step",
        ),
        (
            ["conv", "--x", "1,2;3,4", "--k", "1", "--then", "nonsense"],
            "--then 'nonsense'",
            "not a step",
        ),
        (["conv", "--x", "1,2;3,4", "--k", "1", "--padding", "100000"], "--padding", "at most"),
        (["pool", "median", "--x", "1,2;3,4"], "KIND", "choose max or avg"),
        (
            ["pool", "max", "--x", "1,2;3,4", "--size", "3"],
            "--size",
            "larger than its padded input",
        ),
        (["pool", "max", "--x", "1,2;3,4", "--padding", "2"], "--padding", "half"),
        (["pool", "max", "--x", "1,2;3,4", "--stride", "0"], "--stride", "at least 1"),
        (["upsample", "--x", "1,2", "--mode", "bilinear"], "--mode", "nearest or zeros"),
        (["upsample", "--x", "1,2", "--scale", "0"], "--scale", "at least 1"),
        (["shape", "--in", "28"], "--out", "give all but one"),
        (
            [
                "shape",
                "--in",
                "28",
                "--kernel",
                "3",
                "--out",
                "26",
                "--stride",
                "1",
                "--padding",
                "0",
            ],
            "--out",
            "every number is given",
        ),
        (["shape", "--in", "28", "--kernel", "?", "--out", "?"], "--out", "only one"),
        (["shape", "--in", "0", "--kernel", "3"], "--in", "at least 1"),
        (
            ["shape", "--in", "28", "--kernel", "3", "--output-padding", "1"],
            "--output-padding",
            "--transpose",
        ),
        (
            ["shape", "--transpose", "--in", "7", "--kernel", "3", "--output-padding", "1"],
            "--output-padding",
            "smaller than the stride",
        ),
    ],
)
def test_bad_input_is_one_error_line(args: list[str], start: str, fragment: str) -> None:
    line = cli.run_error(*args)
    assert line.startswith(f"Error: {start}: "), line
    assert fragment in line, line


def test_bad_files(tmp_path: Path) -> None:
    np.save(tmp_path / "flat.npy", np.arange(4.0))
    line = cli.run_error("conv", "--x", str(tmp_path / "flat.npy"), "--k", "1")
    assert line.startswith("Error: --x: ") and "(C, H, W) or (H, W)" in line
    np.save(tmp_path / "w.npy", np.ones((1, 1, 2, 2)))
    line = cli.run_error("conv", "--x", "1,2;3,4", "--k", str(tmp_path / "w.npy"), "--k", "1")
    assert line.startswith("Error: --k: ") and "alone" in line
    (tmp_path / "other.json").write_text('{"total_params": 59}', encoding="utf-8")
    line = cli.run_error("pool", "max", "--x", str(tmp_path / "other.json"))
    assert line.startswith("Error: --x: ") and "no 'output'" in line
    (tmp_path / "flat.json").write_text('{"output": [1, 2, 3]}', encoding="utf-8")
    line = cli.run_error("pool", "max", "--x", str(tmp_path / "flat.json"))
    assert "vector" in line
    line = cli.run_error("pool", "max", "--x", str(tmp_path / "missing.json"))
    assert line.startswith("Error: --x: ")
