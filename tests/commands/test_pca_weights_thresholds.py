"""Issue 22 (part A) at the command line: ``pca --divisor``, the projections, the total error and
PCA's linear autoencoder; ``--compare-ae`` trained to convergence; ``--threshold`` on ``forward``
and ``train``; ``train --show-weights`` and ``forward --model``; and their bad input."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from rich.cells import cell_len

from aecalc.nets import dense
from aecalc.nets.pca import exact_pca
from aecalc.values.parse import parse_matrix
from cli import run, run_error, run_json


def _text(*args: str, columns: int = 80) -> str:
    code, out, err = run(*args, columns=columns)
    assert code == 0, err
    assert max(cell_len(line) for line in out.splitlines()) <= columns
    return " ".join(re.sub("[\u2500-\u257f]", " ", out).split())  # box lines dropped


def _gap_data(path: Path, *, gap: float, seed: int, spread: float = 10.0) -> Path:
    """200 samples of 6 features whose covariance has exactly the eigenvalues 5, 3.1 + gap, 3.1,
    1, 0.5, 0.2 (the second and third close), around means within ±spread."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((200, 6))
    z -= z.mean(axis=0)
    z = z @ np.linalg.inv(np.linalg.cholesky(np.cov(z.T))).T  # sample covariance I
    q, _ = np.linalg.qr(rng.standard_normal((6, 6)))
    scale = np.sqrt([5.0, 3.1 + gap, 3.1, 1.0, 0.5, 0.2])
    np.save(path, (z * scale) @ q.T + rng.uniform(-spread, spread, 6))
    return path


# ---------------------------------------------------------------------------------------------
# pca: the divisor, the projections, the total error, the linear autoencoder


def test_pca_says_the_divisor_either_way() -> None:
    sample = _text("pca", "--x", "2,0;0,1;3,3;1,2")
    assert "covariance divisor n − 1 = 3 (the sample covariance; --divisor n for 1/n)" in sample
    assert "C = X_cᵀ X_c / (n − 1) = X_cᵀ X_c / 3" in sample
    assert "With n = 4 as the divisor instead, λ = [1.75, 0.75]" in sample
    course = _text("pca", "--x", "2,0;0,1;3,3;1,2", "--divisor", "n")
    assert "covariance divisor n = 4" in course and "C = X_cᵀ X_c / n = X_cᵀ X_c / 4" in course
    assert "7/4 = 1.75" in course and "Divided by n = 4 (--divisor n), not by n − 1 = 3" in course
    assert "total squared error 3" in course and "reconstruction MSE 3/8 = 0.375" in course


def test_pca_prints_the_linear_autoencoder_and_checks_it_through_the_forward_pass() -> None:
    text = _text("pca", "--x", "2,0;0,1;3,3;1,2", "--k", "1")
    assert "The linear autoencoder PCA gives: 2 → 1 → 2" in text
    assert "W_e = V_Kᵀ, row 1 [√2/2, √2/2] ≈ [0.7071, 0.7071]" in text
    assert "b_e = −V_Kᵀ·μ [−3·√2/2] ≈ [−2.1213]" in text
    assert "b_d = μ [3/2, 3/2] = [1.5, 1.5]" in text
    assert "equals PCA's reconstruction X̂ exactly" in text
    data = run_json("pca", "--x", "2,0;0,1;3,3;1,2", "--k", "1")
    ae = data["linear_autoencoder"]
    assert ae["encoder_b_exact"] == ["-3·sqrt(2)/2"] and ae["decoder_b_exact"] == ["3/2", "3/2"]
    assert ae["forward_check"] == {
        "samples": 4,
        "largest_relative_difference": 0.0,
        "agreement": "exact",
        "reproduces_pca": True,
    }


@pytest.mark.parametrize(
    ("data", "k", "agreement"),
    [
        ("0,0;2,1;1,0;3,2", 1, "60 digits"),  # √865 in the components: 60-digit numbers
        ("1,2,0;3,5,1;4,4,2;0,1,1", 2, "30 digits"),  # a cubic's roots as 30-digit decimals
        ("1/2,3;2,-1;5,7/3", 2, "60 digits"),
    ],
)
def test_the_forward_check_in_each_arithmetic(data: str, k: int, agreement: str) -> None:
    check = run_json("pca", "--x", data, "--k", str(k))["linear_autoencoder"]["forward_check"]
    assert check["agreement"] == agreement and check["reproduces_pca"] is True
    assert check["largest_relative_difference"] < 1e-25


def test_the_check_runs_the_one_forward_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    original = dense.forward

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(dense, "forward", counting)
    result = exact_pca(parse_matrix("2,0;0,1;3,3;1,2", "--x"), 1)
    assert len(calls) == 4  # one pass per sample, in EXACT
    assert result.linear_autoencoder is not None and result.linear_autoencoder.agrees


def test_projections_of_every_sample_beyond_the_worked_tables(tmp_path: Path) -> None:
    path = tmp_path / "x.npy"
    np.save(path, np.random.default_rng(2).normal(size=(40, 6)))
    data = run_json("pca", "--x", str(path), "--k", "3")
    assert np.asarray(data["projections"]).shape == (40, 3) and "reconstruction" not in data
    text = _text("pca", "--x", str(path), "--k", "3")
    assert "Projections (scores) Z = X_c V_Kᵀ of all 40 samples: in --json" in text


# ---------------------------------------------------------------------------------------------
# --compare-ae to convergence


def test_compare_ae_converges_where_eigenvalues_are_close(tmp_path: Path) -> None:
    path = _gap_data(tmp_path / "gap.npy", gap=0.2, seed=3)
    data = run_json("pca", "--x", str(path), "--k", "2", "--compare-ae")
    ae = data["autoencoder"]
    assert ae["converged"] is True and ae["stopped_by_criterion"] is True
    assert ae["epochs"] < ae["epochs_budget"] == 100_000
    assert 0 <= ae["above_pca"] < 1e-9
    assert ae["subspace_angle_deg"] < 0.01 and ae["largest_projector_difference"] < 1e-4
    assert ae["criterion"] == {"relative_change": 1e-12, "over_epochs": 100}
    text = _text("pca", "--x", str(path), "--k", "2", "--compare-ae")
    assert "stopped after" in text and "The trained autoencoder's weights" in text
    assert "W_d·W_e is PCA's projector V_K·V_Kᵀ" in text


def test_compare_ae_says_plainly_when_the_budget_ran_out(tmp_path: Path) -> None:
    path = _gap_data(tmp_path / "gap.npy", gap=0.2, seed=3)
    data = run_json("pca", "--x", str(path), "--k", "2", "--compare-ae", "--epochs", "150")
    ae = data["autoencoder"]
    assert ae["converged"] is False and ae["stopped_by_criterion"] is False
    assert ae["epochs"] == 150 and ae["above_pca"] > 0
    text = _text("pca", "--x", str(path), "--k", "2", "--compare-ae", "--epochs", "150")
    assert "Not converged: after 150 epochs (the whole budget)" in text


def test_compare_ae_at_a_tie_says_the_angle_means_nothing(tmp_path: Path) -> None:
    path = _gap_data(tmp_path / "tie.npy", gap=0.0, seed=9, spread=5.0)
    data = run_json("pca", "--x", str(path), "--k", "2", "--compare-ae")
    ae = data["autoencoder"]
    assert ae["tie_at_k"] is True and ae["converged"] is True and ae["above_pca"] < 1e-9
    text = _text("pca", "--x", str(path), "--k", "2", "--compare-ae")
    assert "K cuts through a repeated eigenvalue" in text


def test_compare_ae_beside_table_for_small_data() -> None:
    text = _text("pca", "--x", "2,0;0,1;3,3;1,2", "--k", "1", "--compare-ae")
    assert "Weights: PCA's autoencoder beside the trained one" in text
    assert "W_d·W_e row 1 [0.5000, 0.5000] [0.5000, 0.5000]" in text


# ---------------------------------------------------------------------------------------------
# weights on screen


def _train_31(tmp_path: Path, *extra: str) -> tuple[Path, list[str]]:
    out = tmp_path / "m.npz"
    args = [
        "train",
        "--x",
        "1,2,3;2,4,6;1,2,2;3,6,9;2,4,5",
        "--sizes",
        "3-1",
        "--act",
        "linear",
        "--lr",
        "0.02",
        "--epochs",
        "300",
        "--seed",
        "1",
        "--out",
        str(out),
        *extra,
    ]
    return out, args


def test_train_show_weights_prints_what_the_file_holds(tmp_path: Path) -> None:
    out, args = _train_31(tmp_path)
    text = _text(*args, "--show-weights")
    data = run_json(*args, "--show-weights")
    saved = np.load(out)
    assert [layer["name"] for layer in data["weights"]] == ["W1", "W2"]
    for i, layer in enumerate(data["weights"], start=1):
        np.testing.assert_array_equal(layer["W"], saved[f"W{i}"])
        np.testing.assert_array_equal(layer["b"], saved[f"b{i}"])
    w1 = ", ".join(f"{v:.4f}" for v in saved["W1"][0]).replace("-", "−")
    assert f"W1 row 1 (of 1×3) [{w1}]" in text
    assert "Trained weights and biases after 300 epochs (float64)" in text
    assert "weights" not in run_json(*args)  # only when asked


def test_forward_model_prints_the_weights_exact_where_exact(tmp_path: Path) -> None:
    model = tmp_path / "m.npz"
    np.savez(
        model,
        W1=np.array([[0.5, -1.0, 0.375]]),
        b1=np.array([0.1]),
        W2=np.array([[2.0], [-0.25], [1.0]]),
        b2=np.array([0.0, 0.0, 0.0]),
    )
    text = _text("forward", "--model", str(model), "--x", "1,2,3;0,0,1", "--act", "linear")
    assert "Weights and biases read from" in text
    assert "W1 row 1 (of 1×3) [0.5, −1, 0.375]" in text  # exact floats written exactly
    assert "b1 [0.1000]" in text  # 0.1 is not exactly a float: rounded, and said so
    assert "W2 row 2 [−0.25]" in text and "b2 [0, 0, 0]" in text
    data = run_json("forward", "--model", str(model), "--x", "1,2,3;0,0,1", "--act", "linear")
    assert data["weights"][0]["W"] == [[0.5, -1.0, 0.375]]


def test_a_big_net_says_where_its_weights_are(tmp_path: Path) -> None:
    path = tmp_path / "x.npy"
    np.save(path, np.random.default_rng(0).random((8, 20)))
    out = tmp_path / "big.npz"
    args = ["train", "--x", str(path), "--sizes", "20-10", "--epochs", "1", "--seed", "0"]
    text = _text(*args, "--out", str(out), "--show-weights")
    assert "430 weights and biases, too many to print; they are saved in" in text
    forward = _text("forward", "--model", str(out), "--x", str(path))
    assert "too many to print; they are in" in forward
    assert run_json("forward", "--model", str(out), "--x", str(path))["weights"] is None


# ---------------------------------------------------------------------------------------------
# thresholds on train


def test_train_threshold_on_the_trained_errors(tmp_path: Path) -> None:
    _, args = _train_31(tmp_path, "--top", "5")
    for rule, numpy_rule in (("mean+1std", None), ("p60", 60.0), ("0.02", None)):
        data = run_json(*args, "--threshold", rule)
        errors = np.zeros(5)
        for entry in data["top"]:
            errors[entry["index"]] = entry["error"]
        if rule.startswith("mean"):
            expected = errors.mean() + errors.std()
        elif numpy_rule is not None:
            expected = np.percentile(errors, numpy_rule, method="linear")
        else:
            expected = 0.02
        assert data["threshold"] == pytest.approx(expected, rel=1e-12)
        assert data["anomalies"] == (np.flatnonzero(errors > data["threshold"]) + 1).tolist()
    text = _text(*args, "--threshold", "mean+1std")
    assert "Anomaly threshold (--threshold mean+1·std)" in text


# ---------------------------------------------------------------------------------------------
# bad input: one Error line naming the option, exit 2


@pytest.mark.parametrize(
    ("threshold", "says"),
    [
        ("abc", "is not a threshold"),
        ("mean+3", "is not a threshold"),
        ("p101", "outside 0 to 100"),
        ("p-0.5", "outside 0 to 100"),
        ("mean-2std", "is negative"),
        ("mean+-1std", "is negative"),
        ("-0.1", "is negative"),
        ("mean+1e400std", "float64"),
    ],
)
def test_bad_thresholds(threshold: str, says: str) -> None:
    forward = run_error(
        "forward",
        "--x",
        "1,0;0,1",
        "--we",
        "1,0;0,1",
        "--wd",
        "1,0;0,1",
        "--threshold",
        threshold,
    )
    train = run_error("train", "--x", "1,2;3,4", "--sizes", "2-1", "--threshold", threshold)
    for line in (forward, train):
        assert line.startswith("Error: --threshold") and says in line


def test_a_threshold_on_one_sample_is_refused() -> None:
    line = run_error(
        "forward", "--x", "1,0", "--we", "1,0;0,1", "--wd", "1,0;0,1", "--threshold", "p95"
    )
    assert line.startswith("Error: --threshold") and "batch" in line


@pytest.mark.parametrize("divisor", ["2", "n+1", "", "N-2"])
def test_bad_divisor(divisor: str) -> None:
    line = run_error("pca", "--x", "1,2;3,4;5,5", "--divisor", divisor)
    assert line.startswith("Error: --divisor") and "n-1" in line


@pytest.mark.parametrize("divisor", ["n-1", "n − 1", "N", "n"])
def test_divisor_spellings(divisor: str) -> None:
    assert run_json("pca", "--x", "1,2;3,4;5,5", "--divisor", divisor)["divisor"] in ("n-1", "n")


def test_the_forward_check_on_data_near_1e400() -> None:
    # SymPy's default evaluation of the closed forms goes wrong where 400 digits cancel: the
    # check runs the same pass on numbers with enough digits instead
    check = run_json("pca", "--x", "2,0;0,1;3,3;1e400,2")["linear_autoencoder"]["forward_check"]
    assert check["reproduces_pca"] is True and check["largest_relative_difference"] < 1e-50
