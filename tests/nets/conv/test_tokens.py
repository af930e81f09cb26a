"""Layer tokens with per-axis numbers and a dilation (issue 21), and the receptive field column."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cli
from aecalc.nets.conv.count import count_conv_params
from aecalc.nets.conv.tokens import parse_layer


@pytest.mark.parametrize(
    ("token", "canonical", "kernel", "stride", "padding", "dilation"),
    [
        ("conv3x3:16", "conv3x3:16", (3, 3), (1, 1), None, (1, 1)),
        ("conv3x4s2x1p1x0:8", "conv3x4s2x1p1x0:8", (3, 4), (2, 1), (1, 0), (1, 1)),
        ("conv3x3d2:8", "conv3x3d2:8", (3, 3), (1, 1), None, (2, 2)),
        ("Conv3x3s2p1dil2x1:8", "conv3x3s2p1d2x1:8", (3, 3), (2, 2), (1, 1), (2, 1)),
        ("conv5d2:8", "conv5x5d2:8", (5, 5), (1, 1), None, (2, 2)),
        ("conv3×3s2×2p1:8", "conv3x3s2p1:8", (3, 3), (2, 2), (1, 1), (1, 1)),
    ],
)
def test_conv_tokens_read_per_axis_numbers(
    token: str,
    canonical: str,
    kernel: tuple[int, int],
    stride: tuple[int, int],
    padding: tuple[int, int] | None,
    dilation: tuple[int, int],
) -> None:
    spec = parse_layer(token, 1)
    assert spec.layer == canonical
    assert (spec.kernel, spec.stride, spec.padding, spec.dilation) == (
        kernel,
        stride,
        padding,
        dilation,
    )
    assert parse_layer(spec.layer, 1) == parse_layer(spec.layer, 1)  # the spelling reads back


def test_transpose_tokens_read_per_axis_output_padding() -> None:
    spec = parse_layer("convT3x3s2x1p1o1x0d1:4", 1)
    assert spec.output_padding == (1, 0) and spec.stride == (2, 1)
    assert spec.layer == "convT3x3s2x1p1o1x0:4"


def test_every_existing_spelling_still_reads() -> None:
    for token in ("conv3x3:16", "conv5x5s2p2:8", "convT3x3s2p1o1:16", "deconv2x2:1", "pool2"):
        assert parse_layer(token, 1).layer.lower() == token.replace("deconv", "convT").lower()


def test_per_axis_shapes_with_their_formulas() -> None:
    # by hand: H ⌊(14 + 2·1 − 2·(3 − 1) − 1)/2⌋ + 1 = 6, W 14 + 2·0 − 2·(3 − 1) − 1 + 1 = 10
    result = count_conv_params((14, 14, 1), ["conv3x3s2x1p1x0d2:4"])
    layer = result.layers[0]
    assert layer.output_shape == (6, 10, 4)
    assert "⌊(14 + 2·1 − 2·(3 − 1) − 1)/2⌋ + 1 = 6" in layer.shape_formula
    assert layer.params == 3 * 3 * 1 * 4 + 4  # the dilation adds no weights


@settings(max_examples=40, deadline=None)
@given(
    size=st.tuples(st.integers(6, 30), st.integers(6, 30)),
    kernel=st.tuples(st.integers(1, 4), st.integers(1, 4)),
    stride=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    padding=st.tuples(st.integers(0, 2), st.integers(0, 2)),
    dilation=st.tuples(st.integers(1, 2), st.integers(1, 2)),
)
def test_mirror_restores_per_axis_sizes(
    size: tuple[int, int],
    kernel: tuple[int, int],
    stride: tuple[int, int],
    padding: tuple[int, int],
    dilation: tuple[int, int],
) -> None:
    if any(
        d * (k - 1) + 1 > n + 2 * p
        for n, k, p, d in zip(size, kernel, padding, dilation, strict=True)
    ):
        return
    token = (
        f"conv{kernel[0]}x{kernel[1]}s{stride[0]}x{stride[1]}p{padding[0]}x{padding[1]}"
        f"d{dilation[0]}x{dilation[1]}:3"
    )
    result = count_conv_params((*size, 2), [token], mirror=True)
    assert result.layers[-1].output_shape == (*size, 2)


def test_receptive_field_of_a_textbook_encoder() -> None:
    # the usual table: 3×3 conv r = 3; 2×2 pool r = 4, j = 2; 3×3 conv r = 4 + 2·2 = 8;
    # 2×2 pool r = 8 + 1·2 = 10, j = 4; then flatten sees everything
    tokens = ["conv3x3:8", "pool2", "conv3x3:8", "pool2", "flatten"]
    layers = count_conv_params((28, 28, 1), tokens).layers
    assert [x.receptive.size for x in layers] == [(3, 3), (4, 4), (8, 8), (10, 10), None]
    assert [x.receptive.jump[0] for x in layers[:4]] == [1, 2, 2, 4]


def test_params_shows_and_lists_the_receptive_field() -> None:
    args = ("params", "--input", "28x28x1", "conv3x3:8", "pool2", "up2", "convT3x3:1")
    code, out, _ = cli.run(*args, columns=200)
    assert code == 0 and "receptive field" in out and "4×4, jump 2" in out
    layers = cli.run_json(*args)["layers"]
    assert layers[1]["receptive_field"] == [4, 4] and layers[1]["jump"] == [2.0, 2.0]
    assert layers[2]["jump"] == [1.0, 1.0] and layers[3]["receptive_field"] == [6, 6]
    assert layers[0]["stride"] == [1, 1] and layers[0]["dilation"] == [1, 1]
