"""The layers of Keras and PyTorch tutorials (issue 13): same/valid pools, average pools,
transpose convolutions with output padding, batch norm, dropout, flatten, dense, reshape.

Expected figures are written out by hand from the frameworks' documented rules; the output
sizes are checked against counting window positions one by one, not the closed formulas."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cli
from aecalc.errors import InputError
from aecalc.nets.conv.count import count_conv_params
from aecalc.nets.conv.shapes import parse_shape
from aecalc.nets.conv.tokens import parse_layer

KERAS_BLOG = [
    "conv3x3:16",
    "pool2:same",
    "conv3x3:8",
    "pool2:same",
    "conv3x3:8",
    "pool2:same",
    "conv3x3:8",
    "up2",
    "conv3x3:8",
    "up2",
    "conv3x3p0:16",
    "up2",
    "conv3x3:1",
]
DENSE = ["conv3x3s2p1:32", "conv3x3s2p1:64", "flatten", "dense:16"]
DENSE_AE = [*DENSE, "dense:3136", "reshape:7x7x64", "convT3x3s2p1o1:32", "convT3x3s2p1o1:1"]


def test_keras_blog_cae_same_pools_round_up() -> None:
    result = count_conv_params("28x28x1", KERAS_BLOG)
    shapes = [x.output_shape for x in result.layers]
    assert shapes[:7] == [
        (28, 28, 16),
        (14, 14, 16),
        (14, 14, 8),
        (7, 7, 8),
        (7, 7, 8),
        (4, 4, 8),  # ⌈7/2⌉ = 4, Keras padding='same'
        (4, 4, 8),
    ]
    assert shapes[10] == (14, 14, 16)  # the valid conv: 16 + 0 − 3 + 1
    assert shapes[-1] == (28, 28, 1)
    assert result.layers[5].shape_formula.startswith("H = W: ⌈7/2⌉ = 4")
    # encoder 160 + 1,160 + 584 (+ 584 for the 4×4×8 conv); decoder 584 + 1,168 + 145
    assert [x.params for x in result.layers if x.params] == [
        3 * 3 * 1 * 16 + 16,
        3 * 3 * 16 * 8 + 8,
        3 * 3 * 8 * 8 + 8,
        3 * 3 * 8 * 8 + 8,
        3 * 3 * 8 * 8 + 8,
        3 * 3 * 8 * 16 + 16,
        3 * 3 * 16 * 1 + 1,
    ]
    assert result.total_params == 4385
    assert result.code_shape == (4, 4, 8) and result.code_size == 128
    assert result.compression_ratio == Fraction(784, 128)


def test_valid_pool_rounds_down_with_its_arithmetic() -> None:
    result = count_conv_params("7x7x1", ["pool2:valid"])
    assert result.layers[0].output_shape == (3, 3, 1)
    assert "⌊(7 − 2)/2⌋ + 1 = 3" in result.layers[0].shape_formula
    same = count_conv_params("7x7x1", ["avgpool2:same"])
    assert same.layers[0].output_shape == (4, 4, 1)
    assert same.layers[0].spec.kind == "avgpool" and same.layers[0].params == 0


def test_same_conv_accepts_a_kernel_larger_than_its_input() -> None:
    result = count_conv_params("2x2x4", ["conv3x3:8"])
    layer = result.layers[0]
    assert layer.output_shape == (2, 2, 8)
    assert layer.params == 3 * 3 * 4 * 8 + 8
    # every output position multiplies the whole kernel, padding zeros included
    assert layer.multiply_adds == 2 * 2 * 3 * 3 * 4 * 8


def test_dense_bottleneck_is_the_code() -> None:
    result = count_conv_params("28x28x1", DENSE_AE)
    assert [x.output_shape for x in result.layers] == [
        (14, 14, 32),
        (7, 7, 64),
        (3136,),
        (16,),
        (3136,),
        (7, 7, 64),
        (14, 14, 32),
        (28, 28, 1),
    ]
    dense = result.layers[3]
    assert dense.weights == 3136 * 16 and dense.biases == 16
    assert dense.formula == "3,136·16 + 16 = 50,192"
    assert dense.multiply_adds == 3136 * 16
    assert result.layers[2].shape_formula == "7·7·64 = 3,136"
    assert result.code_index == 4 and result.code_size == 16
    assert result.compression_ratio == 49
    assert result.layers[6].shape_formula.startswith("H = W: (7 − 1)·2 − 2·1 + 3 + 1 = 14")
    # transpose conv: every input value times every kernel weight
    assert result.layers[6].multiply_adds == 7 * 7 * 3 * 3 * 64 * 32
    assert result.encoder_params == 320 + 18496 + 50192
    assert result.total_params == 141073


def test_batch_norm_counts_apart() -> None:
    tokens = ["conv3x3s2p1:16", "bn", "conv3x3s2p1:32", "bn", "convT3x3s2p1o1:16", "bn"]
    result = count_conv_params("28x28x1", [*tokens, "convT3x3s2p1o1:1"])
    bns = [x for x in result.layers if x.spec.kind == "bn"]
    assert [(x.params, x.non_trainable) for x in bns] == [(32, 32), (64, 64), (32, 32)]
    assert bns[0].formula == "2·16 = 32 learnable + 2·16 = 32 non-trainable"
    assert result.non_trainable_params == 128
    assert result.total_params == 9569 + 128
    assert result.keras_total_params == 9569 + 256
    assert any('"Total params" adds both' in note for note in result.notes)
    # bn on a flat vector: its features; bn first: the input's own channels
    flat = count_conv_params("784", ["dense:64", "bn", "dense:784"])
    assert flat.layers[1].params == 128 and flat.non_trainable_params == 128
    assert flat.total_params == 784 * 64 + 64 + 128 + 64 * 784 + 784
    first = count_conv_params("32x32x3", ["bn", "conv3x3:8"])
    assert first.layers[0].params == 6 and first.layers[0].non_trainable == 6


def test_no_bias_keeps_batch_norm_beta() -> None:
    result = count_conv_params("28x28x1", ["conv3x3:16", "bn"], bias=False)
    assert result.layers[0].params == 144
    assert result.layers[1].params == 32


def test_dropout_and_reshape_keep_counts() -> None:
    result = count_conv_params("784", ["dropout", "dense:32", "dropout:0.25", "reshape:4x4x2"])
    assert [x.output_shape for x in result.layers] == [(784,), (32,), (32,), (4, 4, 2)]
    assert [x.params for x in result.layers] == [0, 784 * 32 + 32, 0, 0]
    assert parse_layer("dropout:0.25", 1).rate == Fraction(1, 4)
    assert parse_shape("784") == (784,)


def test_torchinfo_figures_differ_for_transpose_convs() -> None:
    result = count_conv_params("14x14x8", ["convT3x3s2p1o1:4"])
    layer = result.layers[0]
    assert layer.output_shape == (28, 28, 4)
    assert layer.multiply_adds == 14 * 14 * 9 * 8 * 4
    assert layer.torchinfo_mult_adds == (9 * 8 * 4 + 4) * 28 * 28


def _starts(size: int, kernel: int, stride: int, mode: str) -> int:
    """Count pool windows one by one: valid windows lie inside; same windows start inside."""
    count, start = 0, 0
    while start < size and (mode == "same" or start + kernel <= size):
        count += 1
        start += stride
    return count


@settings(max_examples=60)
@given(
    size=st.integers(1, 40),
    kernel=st.integers(1, 5),
    stride=st.integers(1, 4),
    mode=st.sampled_from(["same", "valid"]),
    kind=st.sampled_from(["pool", "avgpool"]),
)
def test_pool_output_matches_counting_windows(
    size: int, kernel: int, stride: int, mode: str, kind: str
) -> None:
    token = f"{kind}{kernel}s{stride}:{mode}"
    if mode == "valid" and kernel > size:
        with pytest.raises(InputError, match="larger than its input"):
            count_conv_params((size, size, 1), [token])
        return
    result = count_conv_params((size, size, 1), [token])
    expected = _starts(size, kernel, stride, mode)
    assert result.layers[0].output_shape == (expected, expected, 1)


@settings(max_examples=40)
@given(size=st.integers(1, 12), kernel=st.integers(1, 9), stride=st.integers(1, 3))
def test_same_conv_any_kernel(size: int, kernel: int, stride: int) -> None:
    result = count_conv_params((size, size, 2), [f"conv{kernel}x{kernel}s{stride}:3"])
    out = len(range(0, size, stride))  # one output per stride step that starts inside
    assert result.layers[0].output_shape == (out, out, 3)
    assert result.layers[0].multiply_adds == out * out * kernel * kernel * 2 * 3


def test_cli_json_keys_per_cli_md() -> None:
    data = cli.run_json("params", "--input", "28x28x1", *DENSE_AE[:3], "bn", "dense:16")
    layers = data["layers"]
    assert layers[2]["output_shape"] == [3136]
    assert layers[1]["output_shape"] == [7, 7, 64]
    assert all(
        {"weights", "biases", "params", "non_trainable", "multiply_adds", "output_shape"} <= set(x)
        for x in layers
    )
    assert layers[3]["params"] == 6272 and layers[3]["non_trainable"] == 6272
    assert data["non_trainable_params"] == 6272
    assert data["keras_total_params"] == data["total_params"] + 6272
    assert data["multiply_adds"] == sum(x["multiply_adds"] for x in layers)


def test_cli_rows_show_the_arithmetic() -> None:
    code, out, _ = cli.run("params", "--input", "28x28x1", *DENSE_AE, "bn", columns=250)
    assert code == 0
    for text in (
        "3,136·16 = 50,176",
        "= 50,192",
        "7·7·64 = 3,136",
        "(7 − 1)·2 − 2·1 + 3 + 1 = 14",
        "Keras Total params",
        "torchinfo",
        "7·7·3·3·64·32 = 903,168",
    ):
        assert text in out, text


def test_conv_params_import_neither_numpy_nor_sympy() -> None:
    """``params`` stays a fast-start command with every conv layer kind (a real process)."""
    import subprocess
    import sys

    tokens = [*DENSE_AE, "bn", "dropout:0.1", "avgpool2:same", "up2", "pool2:valid"]
    code = (
        "import sys\n"
        "from aecalc.cli import app\n"
        "try:\n"
        f"    app(['params', '--input', '28x28x1', *{tokens!r}, '--mirror'])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'sympy')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
