"""∂L/∂x (``backprop``'s ``grad_x``) and ∂(output)/∂x (``forward --jacobian``) against PyTorch
autograd, frozen in ``tests/data/vae_gradients.json`` by ``bench/frameworks/vae_gradients.py``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cli import run_json

DATA = Path(__file__).resolve().parents[1] / "data" / "vae_gradients.json"
TABLE: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))


def _net(case: dict[str, Any]) -> list[str]:
    args = ["--x", case["x"], "--act", ",".join(case["act"])]
    for w, b in zip(case["w"], case["b"], strict=True):
        args += ["--w", w, "--b", b]
    return args


@pytest.mark.parametrize("row", TABLE["grad_x"], ids=lambda row: row["input"]["name"])
def test_grad_x_matches_pytorch(row: dict[str, Any]) -> None:
    case, torch = row["input"], row["torch"]
    args = ["backprop", *_net(case), "--loss", case["loss"]]
    if case["target"] is not None:
        args += ["--target", case["target"]]
    data = run_json(*args)
    assert data["loss"] == pytest.approx(torch["loss"], rel=1e-12)
    assert data["grad_x"] == pytest.approx(torch["grad_x"], rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("row", TABLE["jacobian"], ids=lambda row: row["input"]["name"])
def test_jacobian_matches_pytorch(row: dict[str, Any]) -> None:
    case, torch = row["input"], row["torch"]
    data = run_json("forward", *_net(case), "--jacobian")
    assert data["x_hat"] == pytest.approx(torch["output"], rel=1e-12)
    assert len(data["jacobian"]) == len(torch["jacobian"])
    for ours, theirs in zip(data["jacobian"], torch["jacobian"], strict=True):
        assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-15)
