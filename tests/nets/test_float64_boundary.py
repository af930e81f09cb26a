"""Exact values become float64 in one place (``nets.arith`` and ``values.parse.to_float64``): a
number beyond float64's range is one ``Error:`` line naming its option in every command that
needs float64 — ``train``, ``pca --compare-ae``, a batch forward pass, a loss worked in floats —
and the JSON of an exact result beyond float64 holds ``null`` beside the exact string.

Also here: seeds NumPy cannot take, and the exact PCA of data near 1e308, whose closed forms
cancel 600 digits (SymPy's default working precision returned a wrong or complex value).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cli import run, run_error, run_json

BIG = "1e400"
BEYOND = "is beyond the float64 range (±1.8e+308); decimals-only arithmetic cannot hold it"
DATA = "0,1;1,0;1,1"
TRAIN = ["train", "--sizes", "2-1", "--epochs", "2", "--seed", "1"]
NET = ["--we", "1,0;0,1", "--wd", "1,0;0,1"]


@pytest.mark.parametrize(
    ("args", "line"),
    [
        ([*TRAIN, "--x", DATA, "--lr", BIG], f"--lr: η 1.00e+400 {BEYOND}"),
        ([*TRAIN, "--x", DATA, "--noise", f"gaussian:{BIG}"], f"--noise: σ 1.00e+400 {BEYOND}"),
        ([*TRAIN, "--x", DATA, "--penalty", f"l1:{BIG}"], f"--penalty: λ 1.00e+400 {BEYOND}"),
        (
            [*TRAIN, "--x", DATA, "--penalty", f"sparse-kl:0.05:{BIG}"],
            f"--penalty: β 1.00e+400 {BEYOND}",
        ),
        ([*TRAIN, "--x", f"0,1;{BIG},0"], f"--x: a value 1.00e+400 {BEYOND}"),
        (
            ["pca", "--x", "2,0;0,1;3,3;1,2", "--compare-ae", "--lr", BIG],
            f"--lr: η 1.00e+400 {BEYOND}",
        ),
        (
            ["pca", "--x", f"2,0;0,1;3,3;{BIG},2", "--compare-ae"],
            f"--x: a value 1.00e+400 {BEYOND}",
        ),
        (["forward", "--x", f"{BIG},0;0,1", *NET], f"--x: an input 1.00e+400 {BEYOND}"),
        (
            ["forward", "--x", "1,0;0,1", "--we", "1,0;0,1", "--be", f"{BIG},0", "--wd", "1,0;0,1"],
            f"--be: a bias 1.00e+400 {BEYOND}",
        ),
        (
            ["forward", "--x", "1,0;0,1", "--we", f"{BIG},0;0,1", "--wd", "1,0;0,1"],
            f"--we: a weight 1.00e+400 {BEYOND}",
        ),
        (
            ["forward", "--x", "1,0;0,1", *NET, "--target", f"{BIG},0;0,1"],
            f"--target: a value 1.00e+400 {BEYOND}",
        ),
    ],
)
def test_a_number_beyond_float64_names_its_option(args: list[str], line: str) -> None:
    assert run_error(*args) == f"Error: {line}"


def test_a_batch_through_a_model_file_names_x(tmp_path: Path) -> None:
    model = tmp_path / "m.npz"
    np.savez(model, W1=np.eye(2), b1=np.zeros(2))
    line = run_error("forward", "--model", str(model), "--x", f"{BIG},0;0,1")
    assert line == f"Error: --x: an input 1.00e+400 {BEYOND}"


def test_a_loss_worked_in_float64_that_overflows_is_an_error_line() -> None:
    """(1e160)² is beyond float64: the float pass's MSE is an error, not an OverflowError."""
    args = ["--x", "1e160,0", *NET, "--act", "linear", "--target", "0,0", "--float"]
    expected = (
        "Error: --target: the mse of x̂ against it goes beyond float64 (±1.8e+308), where these "
        "values are worked in float64: scale them down"
    )
    assert run_error("forward", *args) == expected
    back = ["backprop", "--x", "1e160,0", "--w", "1,0;0,1", "--act", "linear", "--float"]
    assert run_error(*back, "--target", "0,0") == expected
    # exact arithmetic holds the same loss
    code, out, _ = run("forward", *args[:-1], "--json")
    assert code == 0
    assert json.loads(out)["loss"]["mse_exact"].startswith("5" + "0" * 30)


@pytest.mark.parametrize(
    ("args", "keys"),
    [
        (["penalty", "l1", "--h", "1,0", "--lambda", BIG], ("value", "weight", "total")),
        (
            ["penalty", "sparse-kl", "--rho", "0.5", "--rho-hat", "0.1", "--beta", BIG],
            ("value", "weight"),
        ),
        (["penalty", "l1", "--h", f"{BIG},0"], ("value", "penalty")),
        (["penalty", "vae-kl", "--mu", BIG, "--logvar", "0"], ("value", "penalty")),
        (["penalty", "contractive", "--we", BIG, "--x", "1"], ("pre_activation",)),
        (["vae", "--mu", "2", "--sigma", "3", "--eps", "-1.5", "--beta", BIG], ("beta",)),
    ],
)
def test_json_of_an_exact_value_beyond_float64_is_null_beside_its_exact_string(
    args: list[str], keys: tuple[str, ...]
) -> None:
    data = run_json(*args)
    for key in keys:
        value = data[key]
        assert value is None or value == [None], (key, value)
        exact = data.get(f"{key}_exact", data.get("exact"))
        if key in ("value", "weight", "beta"):
            assert isinstance(exact, str) and len(exact) > 300, (key, exact)


def test_the_json_holds_no_infinity_anywhere() -> None:
    """Not ``Infinity`` (which is not JSON) and not an error line: every float is finite or null."""
    code, out, err = run("pca", "--x", "1e308,0;0,1;-1e308,3", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["eigenvalues"][0] is None  # 1e616 / 1 … beyond float64
    assert "Infinity" not in out and "NaN" not in out


def test_exact_pca_near_1e308_is_evaluated_past_the_cancellation() -> None:
    """The eigenvectors' closed forms cancel about 600 digits: evaluated at SymPy's default
    working precision, the first component came out complex (a traceback) or 1.65e-228 where
    it is 1; every digit shown is now right."""
    data = run_json("pca", "--x", "1e308,0;0,1;-1e308,3", "--k", "1")
    first = data["components"][0]
    assert first[0] == 1.0
    assert first[1] == pytest.approx(-1.5e-308, rel=1e-12)
    assert data["reconstruction_mse"] == pytest.approx(1 / 36, rel=1e-12)


def test_compare_ae_on_data_whose_squares_overflow_is_an_error_line() -> None:
    line = run_error("pca", "--x", "1e300,0;0,1;-1e300,3", "--compare-ae")
    assert line == (
        "Error: --x: the data's squares go beyond float64 (±1.8e+308), so the autoencoder cannot "
        "be trained on them: scale the data down for --compare-ae"
    )


@pytest.mark.parametrize(
    "args",
    [
        [*TRAIN[:-2], "--x", DATA, "--seed", "-1"],
        ["pca", "--x", "2,0;0,1;3,3;1,2", "--compare-ae", "--seed", "-7"],
    ],
)
def test_a_negative_seed_is_an_error_line(args: list[str]) -> None:
    seed = args[-1]
    assert (
        run_error(*args)
        == f"Error: --seed: {seed} is negative: a seed is a whole number, 0 or more"
    )


def test_a_large_seed_is_taken() -> None:
    code, _, err = run(*TRAIN[:-2], "--x", DATA, "--seed", str(2**100), "--json")
    assert code == 0, err
