"""``aecalc pool max|avg`` and ``aecalc upsample`` (issue 21): windows, argmax, padding, ceil mode,
the two upsampling modes; numbers worked by hand (the oracle table covers the rest)."""

from __future__ import annotations

import cli

X = "1,3,2,1;4,6,5,0;7,2,9,8;1,0,3,4"


def test_max_pool_names_each_window_and_its_argmax() -> None:
    data = cli.run_json("pool", "max", "--x", X)
    assert data["output"] == [[6, 5], [7, 9]] and data["shape"] == [2, 2]
    first = data["windows"][0]
    assert first == {
        "row": 1,
        "col": 1,
        "values": [1, 3, 4, 6],
        "value": 6,
        "value_exact": "6",
        "padding": 0,
        "argmax": [2, 2],
    }
    code, out, _ = cli.run("pool", "max", "--x", X, columns=80)
    assert code == 0 and "max(1, 3, 4, 6) = 6 (at row 2, column 2)" in out
    assert "the window size" in out  # the default stride is said
    assert max(len(line) for line in out.splitlines()) <= 80


def test_average_with_padding_counts_the_zeros() -> None:
    # by hand: the top-left 2×2 window over a ring of zeros holds 0, 0, 0, 1: (0+0+0+1)/4
    data = cli.run_json("pool", "avg", "--x", "1,2;3,4", "--padding", "1", "--stride", "2")
    assert data["output_exact"] == [["1/4", "1/2"], ["3/4", "1"]]
    assert data["windows"][0]["divisor"] == 4 and data["windows"][0]["values"] == [0, 0, 0, 1]
    code, out, _ = cli.run("pool", "avg", "--x", "1,2;3,4", "--padding", "1", columns=80)
    assert code == 0 and "count_include_pad" in out


def test_ceil_keeps_a_last_partial_window() -> None:
    floor = cli.run_json("pool", "max", "--x", "1,2,3;4,5,6;7,8,9")
    ceil = cli.run_json("pool", "max", "--x", "1,2,3;4,5,6;7,8,9", "--ceil")
    assert floor["output"] == [[5]]
    assert ceil["output"] == [[5, 6], [8, 9]]  # the overhanging windows use what they cover
    mean = cli.run_json("pool", "avg", "--x", "1,2,3;4,5,6;7,8,9", "--ceil")
    assert mean["output_exact"][1][1] == "9"  # a 1-cell window divides by 1, not 4


def test_rectangular_windows_and_strides() -> None:
    data = cli.run_json("pool", "max", "--x", "1,2,3,4;5,6,7,8", "--size", "2x1", "--stride", "1x2")
    assert data["output"] == [[5, 7]]


def test_upsampling_nearest_and_zeros() -> None:
    near = cli.run_json("upsample", "--x", "1,2;3,4")
    assert near["output"] == [[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]
    zeros = cli.run_json("upsample", "--x", "1,2", "--scale", "2x3", "--mode", "zeros")
    assert zeros["output"] == [[1, 0, 0, 2, 0, 0], [0, 0, 0, 0, 0, 0]]
    code, out, _ = cli.run("upsample", "--x", "1,2;3,4", "--mode", "zeros", columns=80)
    assert code == 0 and "top-left" in out


def test_pool_then_steps() -> None:
    data = cli.run_json("pool", "avg", "--x", X, "--then", "up2", "--then", "flatten")
    assert data["final"]["shape"] == [16]
    assert data["steps"][0]["output"][0] == [7 / 2, 7 / 2, 2, 2]
