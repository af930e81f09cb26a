"""Convolutional autoencoder shapes and parameters: the core and ``params --input``."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import cli
from aecalc.errors import InputError
from aecalc.nets.conv.count import count_conv_params
from aecalc.nets.conv.shapes import parse_shape
from aecalc.nets.conv.tokens import parse_layer

runner = CliRunner()
EXAMPLE = ["conv3x3:16", "pool2", "conv3x3:32", "pool2", "up2", "convT3x3:16", "up2", "convT3x3:1"]


def run(*args: str) -> tuple[int, str, str]:
    return cli.run(*args, columns=220)


def test_brief_example_layer_by_layer() -> None:
    result = count_conv_params("28x28x1", EXAMPLE)
    shapes = [layer.output_shape for layer in result.layers]
    assert shapes == [
        (28, 28, 16),
        (14, 14, 16),
        (14, 14, 32),
        (7, 7, 32),
        (14, 14, 32),
        (14, 14, 16),
        (28, 28, 16),
        (28, 28, 1),
    ]
    # k·k·c_in·c_out + c_out, written out by hand for each layer
    assert [layer.params for layer in result.layers] == [
        3 * 3 * 1 * 16 + 16,
        0,
        3 * 3 * 16 * 32 + 32,
        0,
        0,
        3 * 3 * 32 * 16 + 16,
        0,
        3 * 3 * 16 * 1 + 1,
    ]
    assert [layer.params for layer in result.layers if layer.params] == [160, 4640, 4624, 145]
    assert result.total_params == 9569
    assert result.code_index == 4
    assert result.code_shape == (7, 7, 32)
    assert result.code_size == 1568
    assert result.encoder_params == 160 + 4640
    assert result.decoder_params == 4624 + 145
    assert result.compression_ratio == Fraction(784, 1568)
    assert result.is_expansion
    assert result.classification.kind == "overcomplete"
    assert result.output_matches_input
    assert result.warnings == ()


def test_mirror_builds_the_brief_decoder() -> None:
    mirrored = count_conv_params("28x28x1", EXAMPLE[:4], mirror=True)
    assert [x.spec.canonical() for x in mirrored.layers] == EXAMPLE
    assert mirrored.total_params == 9569


def test_no_bias_drops_only_biases() -> None:
    result = count_conv_params("28x28x1", EXAMPLE, bias=False)
    assert result.total_params == 9569 - (16 + 32 + 16 + 1)


def test_stride_and_padding_options() -> None:
    # 28 with a 3x3 kernel, stride 2, no padding: floor((28 - 3)/2) + 1 = 13
    result = count_conv_params("28x28x1", ["conv3x3s2p0:8"])
    assert result.layers[0].output_shape == (13, 13, 8)
    assert result.layers[0].params == 3 * 3 * 1 * 8 + 8
    # same padding with stride 2: ceil(28 / 2) = 14; transpose conv stride 2 doubles
    result = count_conv_params("28x28x3", ["conv3x3s2:8", "convT3x3s2:3"])
    assert [x.output_shape for x in result.layers] == [(14, 14, 8), (28, 28, 3)]
    assert result.layers[1].params == 3 * 3 * 8 * 3 + 3
    # explicit transpose padding: (14 - 1)·2 - 2·1 + 4 = 28
    result = count_conv_params("14x14x4", ["convT4x4s2p1:2"])
    assert result.layers[0].output_shape == (28, 28, 2)
    # rectangular kernels and pooling with its own stride
    assert parse_layer("conv3x5:8", 1).kernel == (3, 5)
    result = count_conv_params("9x9x1", ["pool3s2"])
    assert result.layers[0].output_shape == (4, 4, 1)


def test_output_shape_differs_is_a_warning() -> None:
    result = count_conv_params("28x28x1", ["conv3x3:16", "pool2"])
    assert not result.output_matches_input
    assert "differs from the input shape" in result.warnings[0]
    # an encoder alone: its last layer is the code
    assert result.code_index == 2
    assert result.code_shape == (14, 14, 16)


def test_undercomplete_conv_net_and_ratio() -> None:
    tokens = ["conv3x3:4", "pool2", "conv3x3:2", "pool2", "up2", "convT3x3:4", "up2", "convT3x3:1"]
    result = count_conv_params("28x28x1", tokens)
    assert result.code_size == 7 * 7 * 2
    assert result.compression_ratio == Fraction(784, 98) == 8
    assert result.classification.kind == "undercomplete"
    assert not result.is_expansion


@pytest.mark.parametrize(
    ("shape", "tokens", "fragment"),
    [
        ("28x28x1", ["conv3x3:16", "pool2", "pool2", "pool2"], "layer 4 'pool2'"),
        ("28x28x1", ["conv3x3:16", "blur3"], "layer 2 'blur3': not a layer token"),
        ("4x4x1", ["conv7x7p1:2"], "larger than its padded input"),
        ("28x28x1", ["conv3x3"], "filter count"),
        ("28x28x1", ["conv3x3:0"], "filter count must be at least 1"),
        ("28x28x1", ["pool0"], "pool size"),
        ("2x2x1", ["pool3"], "larger than"),
        ("28x28x1", [], "SIZES"),
        ("28x28x1x3", ["up2"], "--input"),
        ("axbxc", ["up2"], "--input"),
    ],
)
def test_bad_specs_name_the_token(shape: str, tokens: list[str], fragment: str) -> None:
    with pytest.raises(InputError) as error:
        count_conv_params(shape, tokens)
    assert fragment in str(error.value)


def test_odd_pool_message_is_precise_and_names_both_remedies() -> None:
    with pytest.raises(InputError) as error:
        count_conv_params("28x28x1", ["pool2", "pool2", "pool2"])
    message = str(error.value)
    assert message.startswith("layer 3 'pool2': cannot pool 7×7×1 by 2")
    assert "pool2:same to round up (⌈7/2⌉ = 4" in message
    assert "pool2:valid to round down (⌊(7 − 2)/2⌋ + 1 = 3" in message


def test_parse_shape_forms() -> None:
    assert parse_shape("28x28x1") == parse_shape("28×28×1") == parse_shape("28,28,1") == (28, 28, 1)
    assert parse_shape("32x16") == (32, 16, 1)


def _positions(size: int, kernel: int, stride: int, padding: int) -> int:
    """Count kernel placements one by one (independent of the closed formula)."""
    count, start = 0, -padding
    while start + kernel <= size + padding:
        count += 1
        start += stride
    return count


@given(
    size=st.integers(1, 40),
    kernel=st.integers(1, 7),
    stride=st.integers(1, 4),
    padding=st.integers(0, 3),
    channels=st.integers(1, 5),
    filters=st.integers(1, 9),
)
def test_conv_output_matches_counting_positions(
    size: int, kernel: int, stride: int, padding: int, channels: int, filters: int
) -> None:
    token = f"conv{kernel}x{kernel}s{stride}p{padding}:{filters}"
    if kernel > size + 2 * padding:
        with pytest.raises(InputError):
            count_conv_params((size, size, channels), [token])
        return
    result = count_conv_params((size, size, channels), [token])
    expected = _positions(size, kernel, stride, padding)
    assert result.layers[0].output_shape == (expected, expected, filters)
    assert result.layers[0].params == kernel * kernel * channels * filters + filters


@given(
    size=st.integers(1, 30),
    kernel=st.integers(1, 7),
    stride=st.integers(1, 4),
    padding=st.integers(0, 3),
)
def test_transpose_conv_undoes_the_conv_shape(
    size: int, kernel: int, stride: int, padding: int
) -> None:
    """A transpose conv maps n to the size o whose conv (same K, S, P) gives back n."""
    out = (size - 1) * stride - 2 * padding + kernel
    token = f"convT{kernel}x{kernel}s{stride}p{padding}:2"
    if out < 1:
        with pytest.raises(InputError):
            count_conv_params((size, size, 1), [token])
        return
    result = count_conv_params((size, size, 1), [token])
    o = result.layers[0].output_shape[0]
    assert o == out
    if kernel <= o + 2 * padding:
        assert _positions(o, kernel, stride, padding) == size


def test_cli_table_and_json() -> None:
    code, out, _ = run("params", "--input", "28x28x1", *EXAMPLE)
    assert code == 0
    for text in (
        "9,569",
        "7×7×32",
        "1,568",
        "3·3·16·32 = 4,608",
        "+ 32",
        "= 4,640",
        "expansion",
        "4,800",
    ):
        assert text in out
    code, out, _ = run("params", "--input", "28x28x1", *EXAMPLE, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["total_params"] == 9569
    assert data["encoder_params"] == 4800
    assert data["decoder_params"] == 4769
    assert data["kind"] == "overcomplete"
    assert data["compression_ratio"] == 0.5
    assert data["architecture"][0] == 784
    assert data["layers"][0]["output_shape"] == [28, 28, 16]
    assert [x["params"] for x in data["layers"]] == [160, 0, 4640, 0, 0, 4624, 0, 145]
    assert all({"weights", "biases", "params", "output_shape"} <= set(x) for x in data["layers"])


def test_cli_errors_exit_2_with_one_line() -> None:
    code, out, err = run("params", "--input", "28x28x1", "conv3x3:16", "pool2", "pool2", "pool2")
    assert code == 2
    assert out == ""
    assert err.startswith("Error: layer 4 'pool2'")
    code, _, err = run("params", "--input", "28x28x1", "conv3x3:16", "--tied")
    assert code == 2 and "--tied" in err


def test_cli_markdown_output() -> None:
    code, out, _ = run("params", "--input", "28x28x1", *EXAMPLE, "--format", "markdown")
    assert code == 0
    assert "| 8 | decoder | convT3x3:1" in out
