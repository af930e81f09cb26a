"""Anomaly thresholds against NumPy: mean + K·``np.std`` (ddof 0), ``np.percentile`` (linear),
a value, and the samples above each, in ``batch.threshold`` and through ``forward --threshold``.

The figures are frozen in ``tests/data/pca_numpy.json`` (``bench/frameworks/pca_numpy.py``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rich.cells import cell_len

from aecalc.batch.threshold import apply_rule, read_rule
from cli import run, run_json

DATA = Path(__file__).resolve().parents[1] / "data" / "pca_numpy.json"
TABLE: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
ROWS = [(sets, rule) for sets in TABLE["thresholds"] for rule in sets["rules"]]


@pytest.mark.parametrize(("errors", "expected"), ROWS, ids=[rule["rule"] for _, rule in ROWS])
def test_threshold_agrees_with_numpy(errors: dict[str, Any], expected: dict[str, Any]) -> None:
    values = np.asarray(errors["errors"], dtype=np.float64)
    t = apply_rule(read_rule(expected["rule"]), values, "errors")
    assert t.value == pytest.approx(expected["threshold"], rel=1e-15, abs=1e-17)
    assert t.anomalies.tolist() == expected["anomalies"]
    assert t.mean == pytest.approx(errors["mean"], rel=1e-15)
    assert t.std == pytest.approx(errors["std"], rel=1e-15)
    assert t.std_sample == pytest.approx(errors["std_sample"], rel=1e-15)


def test_the_briefs_example_mean_002_std_0005_gives_0035() -> None:
    brief = TABLE["thresholds"][0]
    t = apply_rule(read_rule("mean+3std"), np.asarray(brief["errors"]), "errors")
    assert (round(t.mean, 12), round(t.std, 12), round(t.value, 12)) == (0.02, 0.005, 0.035)


def _forward_args(tmp_path: Path) -> list[str]:
    case = TABLE["forward"]["input"]
    path = tmp_path / "x.npy"
    np.save(path, np.asarray(case["x"], dtype=np.float64))
    args = ["forward", "--x", str(path), "--act", "linear"]
    for w, b in zip(case["w"], case["b"], strict=True):
        args += ["--w", ";".join(",".join(repr(v) for v in row) for row in w)]
        args += ["--b", ",".join(repr(v) for v in b)]
    return args


@pytest.mark.parametrize(
    "expected", TABLE["forward"]["numpy"]["rules"], ids=lambda r: str(r["rule"])
)
def test_forward_threshold_agrees_with_numpy(expected: dict[str, Any], tmp_path: Path) -> None:
    data = run_json(*_forward_args(tmp_path), "--threshold", expected["rule"])
    numpy = TABLE["forward"]["numpy"]
    assert data["errors"]["mean"] == pytest.approx(numpy["mean"], rel=1e-12)
    assert data["threshold"] == pytest.approx(expected["threshold"], rel=1e-12)
    assert data["anomalies"] == expected["anomalies"]
    rule = data["threshold_rule"]
    assert rule["std"] == pytest.approx(numpy["std"], rel=1e-12)
    assert rule["std_sample"] == pytest.approx(numpy["std_sample"], rel=1e-12)
    assert rule["count"] == len(expected["anomalies"])


def test_forward_threshold_printout_shows_the_arithmetic(tmp_path: Path) -> None:
    code, out, _ = run(*_forward_args(tmp_path), "--threshold", "mean+3std", columns=80)
    text = " ".join(out.split())
    numpy = TABLE["forward"]["numpy"]
    mean, std = numpy["mean"], numpy["std"]
    assert code == 0
    assert f"mean + 3·std = {mean:.4f} + 3 × {std:.4f} = {mean + 3 * std:.4f}" in text
    assert "population, ÷ n; the sample std, ÷ (n − 1), is" in text
    assert "Samples above the threshold (anomalies)" in text
    assert max(cell_len(line) for line in out.splitlines()) <= 80
