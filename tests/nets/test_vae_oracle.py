"""``aecalc vae`` against PyTorch: rsample with a fixed ε, autograd, ``kl_divergence``.

The figures are frozen in ``tests/data/vae_gradients.json``, written by
``bench/frameworks/vae_gradients.py`` (torch 2.13, float64); this test never runs PyTorch.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cli import run_json

DATA = Path(__file__).resolve().parents[1] / "data" / "vae_gradients.json"
TABLE: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
REL = 1e-12


def _args(case: dict[str, Any]) -> list[str]:
    args = ["vae", "--mu", case["mu"], "--eps", case["eps"]]
    for flag in ("logvar", "sigma", "x", "loss", "beta"):
        if flag in case:
            args += [f"--{flag}", case[flag]]
    for w, b in zip(case.get("wd", []), case.get("bd", []), strict=True):
        args += ["--wd", w, "--bd", b]
    if "act" in case:
        args += ["--act", ",".join(case["act"])]
    return args


def _close(ours: Any, theirs: Any) -> None:
    if isinstance(theirs, list):
        assert isinstance(ours, list) and len(ours) == len(theirs)
        for a, b in zip(ours, theirs, strict=True):
            _close(a, b)
    else:
        assert ours == pytest.approx(theirs, rel=REL, abs=1e-14)


@pytest.mark.parametrize("row", TABLE["vae"], ids=lambda row: row["input"]["name"])
def test_vae_matches_pytorch(row: dict[str, Any]) -> None:
    case, torch = row["input"], row["torch"]
    data = run_json(*_args(case))
    for key in ("z", "sigma", "logvar", "dz_dmu", "dz_dsigma", "dz_dlogvar", "kl"):
        _close(data[key], torch[key])
    if "wd" not in case:
        assert data["x_hat"] is None and data["loss"] is None
        return
    for key in ("x_hat", "reconstruction", "loss"):
        _close(data[key], torch[key])
    gradients = data["gradients"]
    for key in ("dloss_dmu", "dloss_dsigma", "dloss_dlogvar"):
        _close(gradients[key], torch[key])


def test_the_table_holds_the_brief_examples() -> None:
    """The frozen figures themselves agree with the brief (z = −2.5; KL = 0.125)."""
    by_name = {row["input"]["name"]: row["torch"] for row in TABLE["vae"]}
    assert by_name["brief: μ = 2, σ = 3, ε = −1.5"]["z"] == [-2.5]
    assert by_name["brief: KL(N(0.5, 1) ‖ N(0, 1))"]["kl"] == pytest.approx(0.125, abs=1e-15)
