"""``aecalc pca`` against NumPy, with either covariance divisor, and PCA's linear autoencoder.

The figures are frozen in ``tests/data/pca_numpy.json``, written by
``bench/frameworks/pca_numpy.py`` (``np.cov(…, ddof=1/0)``, ``np.linalg.eigh``, projections,
reconstruction, and the autoencoder W_d(W_e·x + b_e) + b_d by matrix products); this test never
runs that script.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from cli import run_json

DATA = Path(__file__).resolve().parents[1] / "data" / "pca_numpy.json"
TABLE: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
CASES = [(case, figures) for case in TABLE["pca"] for figures in case["numpy"]]


def _id(pair: tuple[dict[str, Any], dict[str, Any]]) -> str:
    case, figures = pair
    given = case["input"]
    data = given.get("x", f"seed {given.get('seed')}")
    return f"{data} k={given['k']} /{figures['divisor']}"


def _close(ours: Any, theirs: Any, tolerance: float) -> None:
    np.testing.assert_allclose(
        np.asarray(ours, dtype=float),
        np.asarray(theirs, dtype=float),
        rtol=tolerance,
        atol=tolerance,
    )


@pytest.mark.parametrize("pair", CASES, ids=[_id(pair) for pair in CASES])
def test_pca_agrees_with_numpy(pair: tuple[dict[str, Any], dict[str, Any]], tmp_path: Path) -> None:
    case, numpy = pair
    given = case["input"]
    if "x" in given:
        source = given["x"]
        tolerance = 1e-12  # exact closed forms, shown as floats, against float64
    else:
        path = tmp_path / "x.npy"
        np.save(path, np.asarray(given["data"], dtype=np.float64))
        source = str(path)
        tolerance = 1e-9  # SVD here, eigh there
    data = run_json("pca", "--x", source, "--k", str(given["k"]), "--divisor", numpy["divisor"])
    assert data["divisor"] == numpy["divisor"]
    _close(data["mean"], numpy["mean"], tolerance)
    _close(data["covariance"], numpy["covariance"], tolerance)
    _close(data["eigenvalues"], numpy["eigenvalues"], tolerance)
    _close(data["components"], numpy["components"], tolerance)  # same sign rule
    _close(data["explained_variance_ratio"], numpy["explained_variance_ratio"], tolerance)
    _close(data["projections"], numpy["projections"], tolerance)
    assert data["total_squared_error"] == pytest.approx(
        numpy["total_squared_error"], rel=tolerance, abs=tolerance
    )
    assert data["reconstruction_mse"] == pytest.approx(
        numpy["reconstruction_mse"], rel=tolerance, abs=tolerance
    )
    if "reconstruction" in data:
        _close(data["reconstruction"], numpy["reconstruction"], tolerance)
    ae, theirs = data["linear_autoencoder"], numpy["linear_autoencoder"]
    for key in ("encoder_w", "encoder_b", "decoder_w", "decoder_b"):
        _close(ae[key], theirs[key], tolerance)
    assert ae["forward_check"]["reproduces_pca"] is True
    # NumPy's own autoencoder output is its reconstruction: the identity itself
    _close(theirs["output"], numpy["reconstruction"], 1e-12)


def test_the_other_divisor_scales_the_eigenvalues_and_nothing_else() -> None:
    sample = run_json("pca", "--x", "2,0;0,1;3,3;1,2", "--k", "1")
    course = run_json("pca", "--x", "2,0;0,1;3,3;1,2", "--k", "1", "--divisor", "n")
    assert sample["eigenvalues_exact"] == ["7/3", "1"] and course["eigenvalues_exact"] == [
        "7/4",
        "3/4",
    ]
    assert sample["eigenvalues_with_other_divisor"] == {"divisor": "n", "eigenvalues": [1.75, 0.75]}
    assert course["eigenvalues_with_other_divisor"]["divisor"] == "n-1"
    for key in (
        "components_exact",
        "explained_variance_ratio_exact",
        "projections_exact",
        "reconstruction_mse_exact",
        "total_squared_error_exact",
        "linear_autoencoder",
    ):
        assert sample[key] == course[key], key
    assert sample["total_squared_error_exact"] == "3"  # (n − 1)·λ₂ = 3 · 1 = n·λ₂ = 4 · 3/4
    assert sample["covariance_divisor"] == "n - 1" and course["covariance_divisor"] == "n"
