"""``:nobias`` on one conv, convT or dense token: that layer alone is counted without biases
(PyTorch ``bias=False``, Keras ``use_bias=False``), and its mirrored twin too."""

from __future__ import annotations

import pytest

from aecalc.nets.conv.count import count_conv_params
from aecalc.nets.conv.tokens import parse_layer
from cli import run_error, run_json


def test_one_layer_without_biases_among_layers_with_them() -> None:
    data = run_json(
        "params", "--input", "28x28x1", "conv3x3:16:nobias", "bn", "pool2", "conv3x3:8", "pool2"
    )
    first, _, _, fourth, _ = data["layers"]
    assert (first["weights"], first["biases"], first["layer"]) == (144, 0, "conv3x3:16:nobias")
    assert (fourth["weights"], fourth["biases"]) == (3 * 3 * 16 * 8, 8)
    assert data["total_params"] == 144 + 2 * 16 + 3 * 3 * 16 * 8 + 8


@pytest.mark.parametrize(
    ("token", "weights"),
    [
        ("conv5x5s2p2:8:nobias", 5 * 5 * 3 * 8),
        ("convT3x3s2p1o1:4:NOBIAS", 3 * 3 * 3 * 4),
        ("conv3x1s2x1p1x0d2:6:nobias", 3 * 1 * 3 * 6),
    ],
)
def test_kernel_layers_drop_their_biases(token: str, weights: int) -> None:
    (layer,) = count_conv_params("16x16x3", [token]).layers
    assert (layer.weights, layer.biases) == (weights, 0)
    assert layer.formula.endswith("(no biases)")


def test_dense_without_biases() -> None:
    spec = parse_layer("dense:32:nobias", 1)
    assert (spec.filters, spec.bias, spec.layer) == (32, False, "dense:32:nobias")
    (_, dense) = count_conv_params("4x4x2", ["flatten", "dense:32:nobias"]).layers
    assert (dense.weights, dense.biases) == (32 * 32, 0)


def test_the_mirrored_twin_has_no_biases_either() -> None:
    result = count_conv_params("28x28x1", ["conv3x3:16:nobias", "pool2"], mirror=True)
    twin = result.layers[-1]
    assert twin.spec.kind == "convT" and twin.spec.layer.endswith(":nobias")
    assert (twin.weights, twin.biases) == (3 * 3 * 16 * 1, 0)


@pytest.mark.parametrize("token", ["pool2:nobias", "bn:nobias", "flatten:nobias", "up2:nobias"])
def test_a_layer_without_biases_cannot_drop_them(token: str) -> None:
    line = run_error("params", "--input", "8x8x4", token)
    assert "has no biases to leave out" in line and token in line
