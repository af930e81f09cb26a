"""NumPy's figures for PCA (either covariance divisor), PCA's linear autoencoder and anomaly
thresholds, frozen as a table.

Standalone: neither the aecalc package nor its tests import this script. Its output is frozen in
``tests/data/pca_numpy.json``; ``tests/nets/test_pca_oracle.py`` and
``tests/batch/test_threshold_oracle.py`` compare aecalc against that file and never run this.

What it records (float64 throughout):

- ``pca``: for small data sets typed as text (read here with ``fractions.Fraction``, then
  float64) and a few drawn with a fixed seed, for ``ddof`` 1 (divisor n − 1) and 0 (divisor n):
  ``np.mean``, ``np.cov(X.T, ddof=…)``, the eigenvalues and eigenvectors of ``np.linalg.eigh``
  (descending; each eigenvector's sign set so that its largest-magnitude entry is positive), the
  explained-variance ratios, the projections (scores) X_c·V_K, the reconstruction
  μ + X_c·V_K·V_Kᵀ, its total squared error and MSE; and the linear autoencoder PCA gives
  (W_e = V_Kᵀ, b_e = −V_Kᵀμ, W_d = V_K, b_d = μ) with its output W_d(W_e·x + b_e) + b_d computed
  by matrix products, which must equal the reconstruction.
- ``thresholds``: per-sample error vectors with, for each rule, the threshold (mean + K·``np.std``
  with ddof 0, ``np.percentile(…, method="linear")``, or the value), the samples above it (from
  1), and the mean and both standard deviations.
- ``forward``: a 3 → 1 → 3 linear net with fixed weights and a batch with two odd samples: the
  per-sample MSE computed here by matrix products, and the thresholds on it, for
  ``aecalc forward --threshold``.

How to run it::

    python bench/frameworks/pca_numpy.py            # from the repository root
    python bench/frameworks/pca_numpy.py --check    # compare with the frozen file
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[2]
FROZEN = REPO / "tests" / "data" / "pca_numpy.json"
TOLERANCE = 1e-12

TYPED = [
    {"x": "2,0;0,1;3,3;1,2", "k": 1},
    {"x": "1,2;3,4;5,0", "k": 1},
    {"x": "0,0;2,1;1,0;3,2", "k": 1},
    {"x": "1/2,3;2,-1;5,7/3", "k": 1},
    {"x": "1,2,0;3,5,1;4,4,2;0,1,1", "k": 1},
    {"x": "1,2,0;3,5,1;4,4,2;0,1,1", "k": 2},
    {"x": "2,1,0;0,1,3;1,1,1;4,0,2;3,3,3", "k": 2},
]
DRAWN = [(12, 4, 2, 7), (40, 6, 3, 8), (25, 10, 4, 9)]  # n, D, K, seed

RULES = ["mean+3std", "mean+2.5std", "mean+1std", "mean+0std", "p95", "p99.5", "p50", "p0", "p100"]


def matrix(text: str) -> np.ndarray:
    return np.array(
        [[float(Fraction(v)) for v in row.split(",")] for row in text.split(";")], dtype=np.float64
    )


def sign_fixed(vectors: np.ndarray) -> np.ndarray:
    """Rows times ±1 so that each row's largest-magnitude entry (the first of equals) is > 0."""
    out = vectors.copy()
    for i, row in enumerate(out):
        biggest = int(np.argmax(np.abs(row)))
        if row[biggest] < 0:
            out[i] = -row
    return out


def pca(x: np.ndarray, k: int, ddof: int) -> dict[str, Any]:
    mean = x.mean(axis=0)
    centred = x - mean
    cov = np.atleast_2d(np.cov(x.T, ddof=ddof))
    values, vectors = np.linalg.eigh(cov)
    order = np.argsort(values)[::-1]
    values = values[order]
    components = sign_fixed(vectors[:, order].T)[:k]  # K × D
    scores = centred @ components.T
    x_hat = mean + scores @ components
    w_e, b_e = components, -(components @ mean)
    w_d, b_d = components.T, mean
    x_ae = (x @ w_e.T + b_e) @ w_d.T + b_d  # W_d(W_e·x + b_e) + b_d, one sample per row
    total = float(np.sum((x - x_hat) ** 2))
    return {
        "divisor": "n-1" if ddof == 1 else "n",
        "mean": mean.tolist(),
        "covariance": cov.tolist(),
        "eigenvalues": values.tolist(),
        "components": components.tolist(),
        "explained_variance_ratio": (values / values.sum()).tolist(),
        "projections": scores.tolist(),
        "reconstruction": x_hat.tolist(),
        "total_squared_error": total,
        "reconstruction_mse": total / x.size,
        "linear_autoencoder": {
            "encoder_w": w_e.tolist(),
            "encoder_b": b_e.tolist(),
            "decoder_w": w_d.tolist(),
            "decoder_b": b_d.tolist(),
            "output": x_ae.tolist(),
        },
    }


def threshold(errors: np.ndarray, rule: str) -> dict[str, Any]:
    if rule.startswith("mean+"):
        k = float(rule[len("mean+") : -len("std")])
        value = float(errors.mean() + k * errors.std(ddof=0))
    elif rule.startswith("p"):
        value = float(np.percentile(errors, float(rule[1:]), method="linear"))
    else:
        value = float(rule)
    return {
        "rule": rule,
        "threshold": value,
        "anomalies": (np.flatnonzero(errors > value) + 1).tolist(),
    }


def thresholds(errors: np.ndarray, rules: list[str]) -> dict[str, Any]:
    return {
        "errors": errors.tolist(),
        "mean": float(errors.mean()),
        "std": float(errors.std(ddof=0)),
        "std_sample": float(errors.std(ddof=1)),
        "rules": [threshold(errors, rule) for rule in rules],
    }


def table() -> dict[str, Any]:
    cases = []
    for case in TYPED:
        x = matrix(case["x"])
        cases.append({"input": case, "numpy": [pca(x, case["k"], ddof) for ddof in (1, 0)]})
    for n, d, k, seed in DRAWN:
        rng = np.random.default_rng(seed)
        x = rng.normal(size=(n, d)) @ rng.normal(size=(d, d)) + rng.uniform(-5, 5, size=d)
        cases.append(
            {
                "input": {"data": x.tolist(), "k": k, "seed": seed},
                "numpy": [pca(x, k, ddof) for ddof in (1, 0)],
            }
        )
    # the brief's example: errors of mean 0.02 and std 0.005 give mean + 3·std = 0.035
    brief = np.array([0.015, 0.025] * 10)
    rng = np.random.default_rng(11)
    drawn = rng.lognormal(mean=-4.0, sigma=0.6, size=60)
    drawn[[13, 47]] *= 12  # two anomalies
    errors = [
        thresholds(brief, ["mean+3std", "mean+1std", "p95", "0.02"]),
        thresholds(drawn, [*RULES, "0.05"]),
    ]
    # a 3 → 1 → 3 linear net and a batch with two odd samples, for forward --threshold
    w1 = np.array([[0.5, 0.25, -0.5]])
    b1 = np.array([0.125])
    w2 = np.array([[1.0], [0.5], [-1.0]])
    b2 = np.array([0.0, 0.25, 0.5])
    base = rng.normal(size=(30, 1))
    batch = np.round(base @ np.array([[2.0, 1.0, -2.0]]) + 0.1 * rng.normal(size=(30, 3)), 3)
    batch[[4, 22]] = [[3.0, -3.0, 3.0], [-2.5, 4.0, 1.0]]
    x_hat = (batch @ w1.T + b1) @ w2.T + b2
    per_sample = np.mean((x_hat - batch) ** 2, axis=1)
    forward = {
        "input": {
            "w": [w1.tolist(), w2.tolist()],
            "b": [b1.tolist(), b2.tolist()],
            "x": batch.tolist(),
        },
        "numpy": thresholds(per_sample, ["mean+3std", "mean+2std", "p90", "p95", "1.5"]),
    }
    return {
        "generator": "bench/frameworks/pca_numpy.py",
        "numpy": np.__version__,
        "python": platform.python_version(),
        "pca": cases,
        "thresholds": errors,
        "forward": forward,
    }


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))
    return bool(a == b)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the frozen table")
    args = parser.parse_args()
    data = table()
    if args.check:
        frozen = json.loads(FROZEN.read_text(encoding="utf-8"))
        keys = ("pca", "thresholds", "forward")
        same = all(_same(data[key], frozen[key]) for key in keys)
        print("the frozen table agrees" if same else "the frozen table DIFFERS")
        return 0 if same else 1
    FROZEN.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {FROZEN.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
