"""Every layer of a dozen real models against the figures PyTorch and Keras computed for them.

The figures are frozen in ``tests/data/conv_frameworks.json``, written by
``bench/frameworks/conv_figures.py`` (its ``versions`` and ``notes`` say which frameworks ran
and how each figure was taken): output shapes and parameter counts from PyTorch modules
(``numel`` of parameters and of BatchNorm's running mean/variance buffers) and checked equal
to Keras' ``model.summary()`` counts by the script; ``multiply_adds`` from
``torch.utils.flop_counter.FlopCounterMode`` (FLOPs / 2); ``torchinfo_mult_adds`` from
torchinfo's summary. The frameworks are not test dependencies: only the table is read here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import cli
from aecalc.nets.conv.count import count_conv_params

TESTS = Path(__file__).resolve().parents[2]  # tests/nets/conv/this file → tests/
DATA = TESTS / "data" / "conv_frameworks.json"
FIGURES: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
MODELS: list[dict[str, Any]] = FIGURES["models"]

# The table's token spelling → aecalc's, where they differ (none do at present).
TOKENS: dict[str, str] = {}


def tokens(model: dict[str, Any]) -> list[str]:
    return [TOKENS.get(x["token"], x["token"]) for x in model["layers"]]


def shape(model: dict[str, Any]) -> str:
    return "x".join(str(d) for d in model["input"])


def test_the_table_holds_a_dozen_models_from_both_frameworks() -> None:
    assert len(MODELS) >= 12
    assert all("pytorch" in m["sources"] for m in MODELS)
    assert FIGURES["generated_by"] == "bench/frameworks/conv_figures.py"
    assert (TESTS.parent / FIGURES["generated_by"]).is_file()


@pytest.mark.parametrize("model", MODELS, ids=[m["name"] for m in MODELS])
def test_every_layer_matches_the_frameworks(model: dict[str, Any]) -> None:
    assert [x["token"] for x in model["layers"]] == model["tokens"]
    result = count_conv_params(shape(model), tokens(model))
    assert len(result.layers) == len(model["layers"])
    for ours, theirs in zip(result.layers, model["layers"], strict=True):
        where = f"{model['name']} layer {ours.index} {theirs['token']}"
        assert list(ours.output_shape) == theirs["output_shape"], where
        assert ours.params == theirs["params"], where
        assert ours.non_trainable == theirs["non_trainable"], where
        assert ours.multiply_adds == theirs["multiply_adds"], where
        assert ours.torchinfo_mult_adds == theirs["torchinfo_mult_adds"], where
    assert result.total_params == model["total_params"]
    assert result.non_trainable_params == model["non_trainable_params"]
    assert result.keras_total_params == model["keras_total_params"]
    assert result.multiply_adds == model["total_multiply_adds"]
    assert result.torchinfo_mult_adds == model["torchinfo_total_mult_adds"]


@pytest.mark.parametrize("model", MODELS[:3], ids=[m["name"] for m in MODELS[:3]])
def test_the_command_line_gives_the_same_json(model: dict[str, Any]) -> None:
    data = cli.run_json("params", "--input", shape(model), *tokens(model))
    assert [x["output_shape"] for x in data["layers"]] == [
        x["output_shape"] for x in model["layers"]
    ]
    assert data["total_params"] == model["total_params"]
    assert data["non_trainable_params"] == model["non_trainable_params"]
    assert data["keras_total_params"] == model["keras_total_params"]
    assert data["multiply_adds"] == model["total_multiply_adds"]
