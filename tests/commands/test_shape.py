"""``aecalc shape`` (issue 21): one axis forward, or solved for the number left out — every
whole solution, a run open above, or none."""

from __future__ import annotations

import pytest

import cli


def test_the_issues_two_questions() -> None:
    kernel = cli.run_json("shape", "--in", "256", "--out", "242", "--padding", "0")
    assert (kernel["unknown"], kernel["solutions"]) == ("kernel", [15])
    assert kernel["formula"] == "H_out = ⌊(H_in + 2P − D·(K − 1) − 1)/S⌋ + 1"
    padding = cli.run_json("shape", "--in", "28", "--out", "28", "--kernel", "5")
    assert (padding["unknown"], padding["solutions"]) == ("padding", [2])
    assert padding["defaults"] == ["stride"]
    code, out, _ = cli.run("shape", "--in", "28", "--out", "28", "--kernel", "5", columns=80)
    assert code == 0 and "28 + 2·2 − 5 + 1 = 28" in out and "not given" in out


def test_forward_sizes() -> None:
    assert cli.run_json("shape", "--in", "28", "--kernel", "3", "--stride", "2", "--padding", "1")[
        "solutions"
    ] == [14]
    same = cli.run_json("shape", "--in", "7", "--kernel", "4", "--stride", "2", "--padding", "same")
    assert same["solutions"] == [4]
    dilated = cli.run_json("shape", "--in", "10", "--kernel", "3", "--dilation", "2")
    assert dilated["solutions"] == [6]  # 10 − 2·(3 − 1) − 1 + 1
    transposed = ["shape", "--transpose", "--in", "7", "--kernel", "3", "--stride", "2"]
    assert cli.run_json(*transposed, "--padding", "1", "--output-padding", "1")["solutions"] == [14]


@pytest.mark.parametrize(
    ("args", "unknown", "solutions", "unbounded"),
    [
        # ⌊8/S⌋ + 1 = 3: S = 3 or 4 (by hand: 8/3 → 2, 8/4 → 2, 8/5 → 1)
        (["--in", "11", "--kernel", "3", "--out", "3", "--stride", "?"], "stride", [3, 4], False),
        # one window fits for every stride above 2
        (["--in", "5", "--kernel", "3", "--out", "1", "--stride", "?"], "stride", [3], True),
        # even without padding 7 − 3 + 1 = 5 > 4
        (["--in", "7", "--kernel", "3", "--out", "4"], "padding", [], False),
        # stride 2, padding 1, kernel 3: inputs 27 and 28 both give 14
        (
            ["--kernel", "3", "--stride", "2", "--padding", "1", "--out", "14"],
            "in",
            [27, 28],
            False,
        ),
        # (H − 1)·2 − 2·1 + 3 = 2H − 1: 13 from H = 7, and no whole H gives 14
        (
            ["--transpose", "--kernel", "3", "--stride", "2", "--padding", "1", "--out", "13"],
            "in",
            [7],
            False,
        ),
        (
            ["--transpose", "--kernel", "3", "--stride", "2", "--padding", "1", "--out", "14"],
            "in",
            [],
            False,
        ),
        # (7 − 1)·2 − 2·1 + K = 13: K = 3
        (
            ["--transpose", "--in", "7", "--stride", "2", "--padding", "1", "--out", "13"],
            "kernel",
            [3],
            False,
        ),
    ],
)
def test_solutions(args: list[str], unknown: str, solutions: list[int], unbounded: bool) -> None:
    data = cli.run_json("shape", *args)
    assert (data["unknown"], data["solutions"], data["unbounded"]) == (
        unknown,
        solutions,
        unbounded,
    )


def test_no_solution_and_several_are_said() -> None:
    code, out, _ = cli.run("shape", "--in", "7", "--kernel", "3", "--out", "4", columns=80)
    assert code == 0 and "none" in out and "larger than 4" in out
    code, out, _ = cli.run("shape", "--in", "11", "--kernel", "3", "--out", "3", "--stride", "?")
    assert code == 0 and "3 or 4" in out and "Several values" in out
