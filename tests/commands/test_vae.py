"""``aecalc vae`` on the command line: what a student sees, the JSON contract, bad input."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from cli import run, run_error, run_json

DECODER = ("--wd", "1,-1;0.5,1;0,2", "--bd", "0,0.1,-0.2", "--x", "1,0,0", "--loss", "bce")


def test_brief_example_as_a_student_reads_it() -> None:
    code, out, _ = run("vae", "--mu", "2", "--sigma", "3", "--eps", "-1.5", columns=80)
    assert code == 0
    assert "2 + 3·(−1.5) = −5/2 = −2.5" in out
    assert "½·3·(−1.5) = −9/4 = −2.25" in out  # ∂z/∂log σ²
    assert "Why the trick" in out
    assert all(cell_len(line) <= 80 for line in out.splitlines())


def test_json_keys_of_the_contract() -> None:
    data = run_json("vae", "--mu", "0.5", "--sigma", "1", "--eps", "0")
    for key in ("z", "sigma", "logvar", "dz_dmu", "dz_dsigma", "dz_dlogvar", "kl"):
        assert key in data
    assert data["kl_exact"] == "1/8"
    assert data["x_hat"] is None and data["reconstruction"] is None and data["loss"] is None


def test_with_a_decoder_the_pass_is_shown_as_forward_shows_a_layer() -> None:
    args = ("vae", "--mu", "0.5,-1", "--logvar", "0,0.5", "--eps", "0.5,-1", *DECODER)
    code, out, _ = run(*args, columns=200)
    assert code == 0
    assert "1 decoder: W_d is 3×2" in out  # forward's layer heading
    assert "x̂ = σ(W_d·z + b_d)" in out
    assert "reconstruction + β·KL = " in out and "∂loss/∂μ_j" in out
    code, out, _ = run(*args, columns=80)
    assert code == 0 and all(cell_len(line) <= 80 for line in out.splitlines())


def test_decoder_without_x_gives_x_hat_but_no_loss() -> None:
    data = run_json(
        "vae", "--mu", "0", "--sigma", "1", "--eps", "1", "--wd", "2;1", "--act", "linear"
    )
    assert data["x_hat"] == [2.0, 1.0]
    assert data["loss"] is None and data["gradients"] is None


def test_beta_weights_the_kl() -> None:
    data = run_json(
        "vae", "--mu", "1", "--sigma", "1", "--eps", "0", "--wd", "1", "--act", "linear",
        "--x", "1", "--beta", "3",
    )  # fmt: skip
    # z = 1 = x̂ = x: no reconstruction error; KL = ½μ² = ½; loss = 3·½
    assert data["reconstruction"] == 0 and data["kl"] == 0.5 and data["loss"] == 1.5


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--mu", "0", "--sigma", "-1", "--eps", "1"), ["--sigma", "never negative"]),
        (("--mu", "0", "--sigma", "0", "--eps", "1"), ["--sigma", "infinite"]),
        (("--mu", "0", "--sigma", "1", "--logvar", "0", "--eps", "1"), ["--sigma", "not both"]),
        (("--mu", "0", "--eps", "1"), ["--logvar", "--sigma"]),
        (("--mu", "0,1", "--sigma", "1,1", "--eps", "1"), ["--eps", "1 values", "--mu has 2"]),
        (("--mu", "0", "--sigma", "1,1", "--eps", "1"), ["--sigma", "2 values"]),
        (("--mu", "0", "--sigma", "1", "--eps", "0,5"), ["--eps", "comma", "0.5"]),
        (("--mu", "0", "--logvar", "0,5", "--eps", "1"), ["--logvar", "comma", "0.5"]),
        (("--mu", "0,1", "--sigma", "1,1", "--eps", "1,1", "--wd", "1,1,1"), ["--wd", "z has 2"]),
        (
            ("--mu", "0,1", "--sigma", "1,1", "--eps", "1,1", "--wd", "1,1,1;1,1,1"),
            ["--wd", "did you give W_dᵀ"],
        ),
        (("--mu", "0", "--sigma", "1", "--eps", "1", "--x", "1"), ["--x", "--wd"]),
        (("--mu", "0", "--sigma", "1", "--eps", "1", "--bd", "1"), ["--bd", "--wd"]),
        (
            ("--mu", "0", "--sigma", "1", "--eps", "1", "--wd", "1;1", "--x", "1"),
            ["--x", "outputs 2"],
        ),
        (("--mu", "0", "--sigma", "1", "--eps", "1", "--beta", "-1"), ["--beta", "negative"]),
        (("--mu", "0", "--logvar", "1e6", "--eps", "1"), ["--logvar", "400"]),
        (("--mu", "0", "--sigma", "1", "--eps", "1", "--loss", "hinge"), ["--loss", "hinge"]),
        (
            (
                "--mu",
                "0",
                "--sigma",
                "1",
                "--eps",
                "1",
                "--wd",
                "1",
                "--act",
                "linear",
                "--x",
                "2",
                "--loss",
                "bce",
            ),
            ["--loss", "bce"],
        ),
    ],
)
def test_bad_input_is_one_error_line(args: tuple[str, ...], expected: list[str]) -> None:
    line = run_error("vae", *args)
    for text in expected:
        assert text in line, line


@pytest.mark.parametrize(
    ("fmt", "mark"), [("markdown", "−2.5"), ("latex", "2.5"), ("html", "−2.5")]
)
def test_printout_formats(fmt: str, mark: str) -> None:
    code, out, _ = run("vae", "--mu", "2", "--sigma", "3", "--eps", "-1.5", "--format", fmt)
    assert code == 0 and mark in out and "KL" in out
