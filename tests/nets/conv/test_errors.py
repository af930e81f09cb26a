"""Bad conv input (issues 13 and 11): one ``Error:`` line naming the layer or token, exit 2."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cli
from aecalc.errors import InputError
from aecalc.nets.conv.count import count_conv_params
from aecalc.present.conv import conv_params_document


def error(*tokens: str, shape: str = "28x28x1") -> str:
    return cli.run_error("params", "--input", shape, "--", *tokens)


@pytest.mark.parametrize(
    ("token", "what"),
    [
        ("conv3x3g2:16", "grouped"),
        ("depthwise3x3:16", "depthwise"),
        ("pool2s2x1", "per-axis pool stride"),
        ("conv1d3:16", "1-D or 3-D"),
        ("conv3d3:16", "1-D or 3-D"),
        ("maxpool3d2", "1-D or 3-D"),
        ("conv3x3x3:16", "3-D kernel"),
        ("pool2x3", "rectangular pool"),
    ],
)
def test_unexpressible_layers_are_not_supported(token: str, what: str) -> None:
    line = error("conv3x3:8", token)
    assert line.startswith(f"Error: layer 2 {token!r}: ")
    assert what in line and "not supported" in line


@pytest.mark.parametrize("token", ["conv3x3s(2,1):16", "conv3x3p1,0:16", "convT3x3s2p1o(1,0):8"])
def test_per_axis_numbers_in_other_spellings_say_how_to_write_them(token: str) -> None:
    line = error("conv3x3:8", token)
    assert line.startswith(f"Error: layer 2 {token!r}: ") and "s2x1, p1x0, d2x1" in line


@pytest.mark.parametrize(
    ("tokens", "shape", "start", "fragment"),
    [
        (["flatten", "reshape:7x7x8"], "28x28x1", "layer 2 'reshape:7x7x8'", "must agree"),
        (["conv3x3:8", "dense:16"], "28x28x1", "layer 2 'dense:16'", "put flatten before it"),
        (["flatten", "flatten"], "28x28x1", "layer 2 'flatten'", "already a flat vector"),
        (["dropout:1.5"], "28x28x1", "layer 1 'dropout:1.5'", "probability below 1"),
        (["dropout:1"], "28x28x1", "layer 1 'dropout:1'", "probability below 1"),
        (["dropout:-0.1"], "28x28x1", "layer 1 'dropout:-0.1'", "not a dropout rate"),
        (["conv0x3:8"], "28x28x1", "layer 1 'conv0x3:8'", "kernel size must be at least 1"),
        (["convT0x0:8"], "28x28x1", "layer 1 'convT0x0:8'", "kernel size must be at least 1"),
        (["pool0"], "28x28x1", "layer 1 'pool0'", "pool size must be at least 1"),
        (["avgpool0:same"], "28x28x1", "layer 1 'avgpool0:same'", "at least 1"),
        (["dense:0"], "784", "layer 1 'dense:0'", "at least 1"),
        (["conv3x3:8"], "784", "layer 1 'conv3x3:8'", "put reshape:HxWxC before it"),
        (["pool2:full"], "28x28x1", "layer 1 'pool2:full'", ":same or :valid"),
        (["convT3x3o1:8"], "28x28x1", "layer 1 'convT3x3o1:8'", "explicit padding"),
        (["convT3x3s2p1o2:8"], "28x28x1", "layer 1 'convT3x3s2p1o2:8'", "smaller than the stride"),
        (["convT3x3s2x1p1o1x1:8"], "28x28x1", "layer 1 'convT3x3s2x1p1o1x1:8'", "stride 1"),
        (["convT3x3s1p1o2d2:8"], "28x28x1", "layer 1 'convT3x3s1p1o2d2:8'", "dilation 2"),
        (["conv3x3d0:8"], "28x28x1", "layer 1 'conv3x3d0:8'", "dilation must be at least 1"),
        (["conv3x3s1x0:8"], "28x28x1", "layer 1 'conv3x3s1x0:8'", "stride must be at least 1"),
        (["conv3x3p0d14:8"], "28x28x1", "layer 1 'conv3x3p0d14:8'", "dilated kernel"),
        (["conv3x3s2p1o1:8"], "28x28x1", "layer 1 'conv3x3s2p1o1:8'", "transpose convolution"),
        (["pool3p1"], "28x28x1", "layer 1 'pool3p1'", "poolK:same"),
        (["pool2:valid"], "1x1x1", "layer 1 'pool2:valid'", "larger than its input"),
    ],
)
def test_bad_layers_name_the_layer(
    tokens: list[str], shape: str, start: str, fragment: str
) -> None:
    line = error(*tokens, shape=shape)
    assert line.startswith(f"Error: {start}: "), line
    assert fragment in line


def test_plain_pool_that_does_not_divide_names_both_remedies() -> None:
    line = error("conv3x3:8", "pool2", "pool2", "pool2")
    assert line.startswith("Error: layer 4 'pool2': cannot pool 7×7×8 by 2")
    assert "pool2:same" in line and "pool2:valid" in line


@pytest.mark.parametrize("token", ["conv３x3:16", "conv3x3:١٦", "pool٢", "up²", "dense:٣"])
def test_unicode_digits_in_tokens_are_refused(token: str) -> None:
    line = error(token)
    assert "is not an ASCII digit" in line and line.startswith("Error: layer 1 ")


@pytest.mark.parametrize("shape", ["２8x28x1", "28x28x١", "٧٨٤"])
def test_unicode_digits_in_shapes_are_refused(shape: str) -> None:
    line = cli.run_error("params", "--input", shape, "up2")
    assert line.startswith("Error: --input: ") and "ASCII digit" in line


def test_huge_numbers_are_an_error_line_not_a_traceback() -> None:
    digits = "7" * 5000  # past Python's 4,300-digit int-to-string limit
    assert cli.run_error("params", "--input", f"{digits}x28x1", "up2").startswith(
        "Error: --input: height has 5000 digits"
    )
    assert "too long" in error(f"conv3x3:{digits}")
    assert "beyond" in error(f"conv3x3:{'9' * 11}")
    line = error(*["up999999999"] * 3)
    assert line.startswith("Error: layer 1 'up999999999': its output would be larger")
    # the largest layers allowed still give printable figures
    data = cli.run_json("params", "--input", "784", *["dense:999999999"] * 5)
    assert data["total_params"] == 784 * 999999999 + 4 * 999999999**2 + 5 * 999999999


def test_leading_zeros_past_the_int_string_limit_are_read_as_the_number() -> None:
    # hypothesis found it: 4,301 zeros passed the digit check (it counts significant digits)
    # and then int() raised ValueError past Python's 4,300-digit limit
    zeros = "0" * 4301
    assert cli.run_error("params", "--input", zeros).startswith(
        "Error: --input: size must be at least 1, not 0"
    )
    data = cli.run_json("params", "--input", f"{zeros}28x28x1", "conv3x3:0016")
    assert data["total_params"] == 3 * 3 * 16 + 16
    assert "is too long" in error(f"conv3x3:{zeros}16")  # a token has its own length limit


def test_bn_first_is_the_inputs_channels() -> None:
    data = cli.run_json("params", "--input", "28x28x3", "bn")
    assert data["layers"][0]["params"] == 6 and data["non_trainable_params"] == 6


_TOKENS = st.one_of(
    st.builds(
        "conv{}x{}s{}{}:{}".format,
        st.integers(0, 6),
        st.integers(0, 6),
        st.integers(1, 3),
        st.sampled_from(["", "p0", "p1", "p2"]),
        st.integers(1, 9),
    ),
    st.builds(
        "convT{}x{}s{}{}:{}".format,
        st.integers(1, 5),
        st.integers(1, 5),
        st.integers(1, 3),
        st.sampled_from(["", "p0", "p1", "p1o1", "p0o2"]),
        st.integers(1, 9),
    ),
    st.builds(
        "{}{}{}".format,
        st.sampled_from(["pool", "avgpool", "up"]),
        st.integers(0, 4),
        st.sampled_from(["", ":same", ":valid"]),
    ),
    st.sampled_from(["bn", "dropout", "dropout:0.3", "flatten", "dense:7", "reshape:2x2x3"]),
)


@settings(max_examples=150, deadline=None)
@given(
    shape=st.sampled_from(["1x1x1", "7x7x3", "28x28x1", "5x9x2", "12"]),
    tokens=st.lists(_TOKENS, min_size=1, max_size=6),
    mirror=st.booleans(),
)
def test_any_token_sequence_gives_figures_or_an_input_error(
    shape: str, tokens: list[str], mirror: bool
) -> None:
    try:
        result = count_conv_params(shape, tokens, mirror=mirror)
    except InputError as error:
        assert str(error).startswith(("layer ", "--input", "SIZES")), error
        return
    assert result.total_params == sum(x.params for x in result.layers)
    assert result.encoder_params + result.decoder_params == result.total_params
    for before, after in zip(result.layers, result.layers[1:], strict=False):
        assert before.output_shape == after.input_shape
    assert conv_params_document(result).title
