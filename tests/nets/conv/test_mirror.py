"""``--mirror`` for the tutorial layers: flatten ↔ reshape, dense back to its input size,
pools ↔ upsampling, transpose convs with the output padding that restores the size, and
bn/dropout kept after the layer they followed — and the output says what it did."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import cli
from aecalc.nets.conv.count import count_conv_params


def layers(shape: str, tokens: list[str]) -> list[str]:
    return [x.spec.layer for x in count_conv_params(shape, tokens, mirror=True).layers]


def test_dense_bottleneck_mirrors_to_the_pytorch_tutorial_decoder() -> None:
    encoder = ["conv3x3s2p1:32", "conv3x3s2p1:64", "flatten", "dense:16"]
    result = count_conv_params("28x28x1", encoder, mirror=True)
    assert [x.spec.layer for x in result.layers][4:] == [
        "dense:3136",
        "reshape:7x7x64",
        "convT3x3s2p1o1:32",
        "convT3x3s2p1o1:1",
    ]
    assert result.output_matches_input and result.code_index == 4
    assert result.total_params == 141073
    steps = " ".join(result.mirror_steps)
    assert "layer 4 dense:16 → layer 5 dense:3136 (back to its input size)" in steps
    assert "layer 3 flatten → layer 6 reshape:7x7x64" in steps
    assert "output padding 1 restores 28" in steps


def test_bn_and_dropout_stay_after_the_layer_they_followed() -> None:
    encoder = ["conv3x3s2p1:16", "bn", "conv3x3s2p1:32", "bn", "dropout:0.1"]
    assert layers("28x28x1", encoder)[5:] == [
        "convT3x3s2p1o1:16",
        "bn",
        "dropout:0.1",
        "convT3x3s2p1o1:1",
    ]
    result = count_conv_params("28x28x1", encoder, mirror=True)
    assert any("not repeated after the output layer" in s for s in result.mirror_steps)
    leading = count_conv_params("28x28x3", ["bn", "conv3x3:8", "pool2"], mirror=True)
    assert [x.spec.layer for x in leading.layers] == [
        "bn",
        "conv3x3:8",
        "pool2",
        "up2",
        "convT3x3:3",
    ]
    assert "before any other layer" in leading.mirror_steps[0]


def test_pools_and_upsampling_swap() -> None:
    assert layers("28x28x1", ["conv3x3:8", "avgpool2", "up2"])[3:] == [
        "pool2",
        "up2",
        "convT3x3:1",
    ]


def test_same_pool_that_rounded_up_is_said_not_hidden() -> None:
    encoder = ["conv3x3:16", "pool2:same", "conv3x3:8", "pool2:same"]
    result = count_conv_params("14x14x1", encoder, mirror=True)
    assert result.layers[-1].output_shape == (16, 16, 1)
    assert not result.output_matches_input and result.warnings
    assert any("up2 gives 8×8×8 from 4×4×8, not the 7×7×8" in s for s in result.mirror_steps)


@settings(max_examples=40)
@given(
    size=st.integers(4, 40),
    kernel=st.integers(1, 5),
    stride=st.integers(1, 3),
    padding=st.integers(0, 2),
)
def test_explicit_padding_mirror_restores_every_size(
    size: int, kernel: int, stride: int, padding: int
) -> None:
    token = f"conv{kernel}x{kernel}s{stride}p{padding}:4"
    if kernel > size + 2 * padding:
        return
    result = count_conv_params((size, size, 2), [token], mirror=True)
    assert result.layers[-1].output_shape == (size, size, 2)
    assert all(o < max(stride, 1) for o in result.layers[-1].spec.output_padding)


def test_cli_says_what_the_mirror_did() -> None:
    code, out, _ = cli.run(
        "params", "--input", "28x28x1", "conv3x3:8", "pool2", "flatten", "dense:10", "--mirror"
    )
    assert code == 0
    assert "--mirror built the decoder" in out
    data = cli.run_json(
        "params", "--input", "28x28x1", "conv3x3:8", "pool2", "flatten", "dense:10", "--mirror"
    )
    assert data["mirrored"] and len(data["mirror"]) == 4
    assert [x["layer"] for x in data["layers"]][4:] == [
        "dense:1568",
        "reshape:14x14x8",
        "up2",
        "convT3x3:1",
    ]


def test_the_given_layers_are_the_encoder_and_the_note_names_each_twin_in_full() -> None:
    # an encoder whose last layer widens after a pool: the code is still its output, not the
    # smaller map before it, and the twin of a :nobias layer is named with its :nobias
    encoder = ["conv3x3:64", "pool2", "conv3x3:128:nobias", "bn"]
    result = count_conv_params("32x32x3", encoder, mirror=True)
    assert [x.part for x in result.layers] == ["encoder"] * 4 + ["decoder"] * 4
    assert result.code_index == 3 and result.code_shape == (16, 16, 128)
    assert result.layers[4].spec.layer == "convT3x3:64:nobias"
    assert "layer 3 conv3x3:128:nobias → layer 5 convT3x3:64:nobias" in " ".join(
        result.mirror_steps
    )
    assert "kept after convT3x3:64:nobias" in " ".join(result.mirror_steps)


def test_a_code_after_a_dense_layer_is_not_called_the_dense_bottleneck() -> None:
    result = count_conv_params(
        "28x28x1", ["flatten", "dense:64", "reshape:8x8x1", "conv3x3:16"], mirror=True
    )
    assert result.code_index == 4
    code_note = next(n for n in result.notes if n.startswith("Code (latent)"))
    assert "dense bottleneck" not in code_note and "8×8×16 = 1,024 values" in code_note
    dense = count_conv_params("28x28x1", ["flatten", "dense:16"], mirror=True)
    assert "(the dense bottleneck): 16 values" in " ".join(dense.notes)
    one = count_conv_params("4", ["dense:1", "dense:4"])
    assert "1 value," in " ".join(one.notes) and "1 values" not in " ".join(one.notes)
