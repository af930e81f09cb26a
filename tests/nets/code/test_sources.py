"""Each model source of the table read with ``params --from-code`` and counted as the frameworks
count it.

``tests/data/code_models.json`` is written by ``bench/frameworks/code_counts.py``, which runs
every source in PyTorch or Keras (its ``versions`` and ``notes`` say how each figure was taken)
and carries, beside the figures, the tokens each source should read as — written by hand in the
script. Neither framework is needed here: only the table is read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cli import run_json

TESTS = Path(__file__).resolve().parents[2]
TABLE: dict[str, Any] = json.loads((TESTS / "data" / "code_models.json").read_text("utf-8"))
MODELS: list[dict[str, Any]] = TABLE["models"]


def read(model: dict[str, Any], folder: Path) -> dict[str, Any]:
    path = folder / f"{model['name']}.py"
    path.write_text("\n".join(model["source"]) + "\n", encoding="utf-8")
    extra = ["--input", model["input"]] if model["input"] else []
    return run_json("params", "--from-code", str(path), *extra)


def test_the_table_covers_both_frameworks_and_every_style() -> None:
    assert len(MODELS) >= 25
    assert TABLE["generated_by"] == "bench/frameworks/code_counts.py"
    assert (TESTS.parent / TABLE["generated_by"]).is_file()
    styles = {(m["framework"], m["style"]) for m in MODELS}
    for wanted in [
        ("pytorch", "sequential"),
        ("pytorch", "class"),
        ("pytorch", "script"),
        ("keras", "sequential"),
        ("keras", "functional"),
        ("keras", "script"),
    ]:
        assert wanted in styles


@pytest.mark.parametrize("model", MODELS, ids=[m["name"] for m in MODELS])
def test_the_count_is_the_frameworks(model: dict[str, Any], tmp_path: Path) -> None:
    data = read(model, tmp_path)
    given = model["read_as"]
    expected = given if given.startswith("--input") else f"--as-given {given}"
    assert data["from_code"]["command"] == f"aecalc params {expected}"
    assert data["total_params"] == model["total_params"]
    assert data.get("non_trainable_params", 0) == model["non_trainable_params"]
    assert data.get("keras_total_params", data["total_params"]) == model["keras_total_params"]
    layers = data["layers"]
    last = layers[-1].get("output_shape", [data["architecture"][-1]])
    assert last == model["output_shape"]
    weighted = [
        (x["params"], x.get("non_trainable", 0))
        for x in layers
        if x["params"] or x.get("non_trainable", 0)
    ]
    assert weighted == [(x["params"], x["non_trainable"]) for x in model["layers"]]
