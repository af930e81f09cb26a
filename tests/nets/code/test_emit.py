"""``params --emit pytorch|keras``: the code parses, PyTorch runs it and counts what aecalc counts,
and reading it back with ``--from-code`` gives the same tokens.

The emitted PyTorch programs are run where torch is installed (it is not a dependency of aecalc:
without it those tests are skipped, saying so); Keras is not installed in the test environment,
so the Keras programs are parsed and read back, and were run by hand with Keras 3.15 (docs/code.md).
"""

from __future__ import annotations

import ast
import importlib.util
import io
import json
import runpy
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from aecalc.errors import InputError
from aecalc.nets.code.emit import emit_code, framework_named
from aecalc.nets.code.reading import read_model
from aecalc.nets.code.source import Source
from aecalc.nets.code.translate import count_code
from aecalc.nets.conv.count import count_conv_params
from aecalc.nets.conv.tokens import parse_layer
from cli import run, run_error, run_json

TORCH = importlib.util.find_spec("torch") is not None
needs_torch = pytest.mark.skipif(
    not TORCH, reason="torch is not installed (not an aecalc dependency)"
)

NETS: dict[str, list[str]] = {
    "strided_same": [
        "--input",
        "28x28x1",
        "conv3x3s2:8",
        "conv4x4s2:16",
        "convT3x3s2:8",
        "convT4x4s2:1",
    ],
    "q3_mirrored": ["10", "8", "4"],
    "q2_as_given": ["8", "3", "8"],
    "no_bias": ["12", "6", "--no-bias"],
    "tied": ["9", "5", "9", "--tied"],
    "tied_deep_no_bias": ["16", "8", "4", "--tied", "--mirror", "--no-bias"],
    "plain_feed_forward": ["784", "128", "10", "--as-given"],
    "course_cae": [
        "--input",
        "28x28x1",
        "conv3x3:16",
        "pool2",
        "conv3x3:32",
        "pool2",
        "up2",
        "convT3x3:16",
        "up2",
        "convT3x3:1",
    ],
    "bottleneck": [
        "--input",
        "28x28x1",
        "conv3x3s2p1:16:nobias",
        "bn",
        "conv3x3s2p1:32",
        "flatten",
        "dense:16",
        "dropout:0.25",
        "dense:1568",
        "reshape:7x7x32",
        "convT3x3s2p1o1:16",
        "convT3x3s2p1o1:1",
    ],
    "mirrored_conv": [
        "--input",
        "32x32x3",
        "conv3x3:8",
        "pool2:same",
        "conv5x5s2p2:16",
        "--mirror",
    ],
    "per_axis": ["--input", "12x20x2", "conv3x5s1x2p1x2:4", "avgpool2:valid", "conv3x3d2:6"],
}


def emitted(args: list[str], framework: str) -> str:
    code, out, err = run("params", *args, "--emit", framework)
    assert code == 0, err
    return out


@pytest.mark.parametrize("framework", ["pytorch", "keras"])
@pytest.mark.parametrize("name", list(NETS))
def test_the_code_parses_and_names_the_count(name: str, framework: str) -> None:
    code = emitted(NETS[name], framework)
    ast.parse(code)
    total = run_json("params", *NETS[name])["total_params"]
    assert f"{total:,}" in code.split("\n", 1)[0]  # the docstring's first line


@needs_torch
@pytest.mark.parametrize("name", list(NETS))
def test_pytorch_counts_what_aecalc_counts(name: str, tmp_path: Path) -> None:
    data = run_json("params", *NETS[name])
    path = tmp_path / f"{name}.py"
    path.write_text(emitted(NETS[name], "pytorch"), encoding="utf-8")
    printed = io.StringIO()
    with redirect_stdout(printed):
        runpy.run_path(str(path), run_name="__main__")
    lines = printed.getvalue().split("\n")
    shape = tuple(int(d) for d in lines[0].strip("()").split(",") if d.strip())
    last = data["layers"][-1].get("output_shape", [data["architecture"][-1]])
    assert shape == ((1, last[0]) if len(last) == 1 else (1, last[2], last[0], last[1]))
    assert int(lines[1]) == data["total_params"]
    if data.get("non_trainable_params"):
        assert int(lines[2]) == data["non_trainable_params"]


@pytest.mark.parametrize("framework", ["pytorch", "keras"])
@pytest.mark.parametrize("name", [n for n in NETS if "tied" not in n])
def test_reading_the_code_back_counts_the_same(name: str, framework: str, tmp_path: Path) -> None:
    data = run_json("params", *NETS[name])
    path = tmp_path / "emitted.py"
    path.write_text(emitted(NETS[name], framework), encoding="utf-8")
    extra = ["--input", NETS[name][1]] if NETS[name][0] == "--input" else []
    back = run_json("params", "--from-code", str(path), *(extra if framework == "pytorch" else []))
    assert back["total_params"] == data["total_params"]
    assert back.get("non_trainable_params") == data.get("non_trainable_params")
    assert [x["params"] for x in back["layers"]] == [x["params"] for x in data["layers"]]


def test_tied_weights_say_what_reads_back_and_what_does_not(tmp_path: Path) -> None:
    code = emitted(NETS["tied"], "pytorch")
    assert "class TiedAutoencoder(nn.Module)" in code and "layer.weight.t()" in code
    path = tmp_path / "tied.py"
    path.write_text(code, encoding="utf-8")
    line = run_error("params", "--from-code", str(path))
    assert "nn.ParameterList is not a layer aecalc counts" in line
    keras = emitted(NETS["tied"], "keras")
    assert "class DenseTranspose(layers.Layer)" in keras
    assert '"Total params: 59"' in keras


def test_json_carries_the_code_and_output_writes_it(tmp_path: Path) -> None:
    data = run_json("params", "10", "8", "4", "--emit", "keras")
    assert data["emit"]["framework"] == "keras" and data["total_params"] == 254
    ast.parse(data["emit"]["code"])
    target = tmp_path / "model.py"
    code, out, err = run("params", "10", "8", "4", "--emit", "torch", "--output", str(target))
    assert (code, out, err) == (0, "", "")
    assert "nn.Linear(10, 8)" in target.read_text(encoding="utf-8")
    assert run_error("params", "8", "4", "--emit", "jax").startswith(
        "Error: --emit: 'jax' is not a framework (choose pytorch, keras)"
    )
    assert "--emit writes Python code" in run_error(
        "params", "8", "4", "--emit", "keras", "--format", "html"
    )


def test_code_read_from_one_framework_is_written_in_the_other(tmp_path: Path) -> None:
    path = tmp_path / "torch_model.py"
    path.write_text(emitted(NETS["course_cae"], "pytorch"), encoding="utf-8")
    data = json.loads(
        run("params", "--from-code", str(path), "--input", "28x28x1", "--emit", "keras", "--json")[
            1
        ]
    )
    assert data["emit"]["code"].count("layers.Conv2DTranspose(") == 2
    assert data["total_params"] == 9569


def test_a_layer_a_framework_cannot_write_is_one_error() -> None:
    keras = run_error("params", "--input", "8x8x1", "convT3x3p2:4", "--emit", "keras")
    assert keras.startswith("Error: --emit: convT3x3p2:4 (Keras pads a transposed convolution")
    torch = run_error("params", "--input", "8x8x1", "conv2x2s1x2:4", "--emit", "pytorch")
    assert torch.startswith("Error: --emit: conv2x2s1x2:4 ('same' with an even kernel")


# --------------------------------------------------------------------------- the round trip


def _pair(draw: st.DrawFn, low: int, high: int) -> tuple[int, int]:
    first = draw(st.integers(low, high))
    return first, draw(st.sampled_from([first, draw(st.integers(low, high))]))


def _text(pair: tuple[int, int]) -> str:
    return str(pair[0]) if pair[0] == pair[1] else f"{pair[0]}x{pair[1]}"


@st.composite
def kernel_layer(draw: st.DrawFn, framework: str) -> str:
    kind = draw(st.sampled_from(["conv", "convT"]))
    kernel = _pair(draw, 1, 4)
    stride = _pair(draw, 1, 2)
    filters = draw(st.integers(1, 6))
    flag = draw(st.sampled_from(["", ":nobias"]))
    k = f"{kernel[0]}x{kernel[1]}"
    s = "" if stride == (1, 1) else f"s{_text(stride)}"
    if kind == "conv":
        same = framework == "keras" or stride == (1, 1)
        if same and draw(st.booleans()):
            return f"conv{k}{s}:{filters}{flag}"
        return f"conv{k}{s}p{_text(_pair(draw, 0, 2))}:{filters}{flag}"
    if framework == "keras" and draw(st.booleans()):
        return f"convT{k}{s}:{filters}{flag}"
    padding = (kernel[0] // 2, kernel[1] // 2) if draw(st.booleans()) else (0, 0)
    if framework == "pytorch":
        padding = (draw(st.integers(0, kernel[0] // 2)), draw(st.integers(0, kernel[1] // 2)))
    o = tuple(draw(st.integers(0, s_ - 1)) for s_ in stride)
    out = f"o{_text((o[0], o[1]))}" if o != (0, 0) else ""
    return f"convT{k}{s}p{_text(padding)}{out}:{filters}{flag}"


@st.composite
def net(draw: st.DrawFn, framework: str) -> tuple[str, list[str]]:
    shape = f"{draw(st.integers(4, 12))}x{draw(st.integers(4, 12))}x{draw(st.integers(1, 3))}"
    plain = st.sampled_from(
        ["pool2:valid", "pool2:same", "avgpool2:valid", "up2", "bn", "dropout:0.25"]
    )
    layers = draw(st.lists(st.one_of(kernel_layer(framework), plain), min_size=1, max_size=5))
    if draw(st.booleans()):
        layers += ["flatten", f"dense:{draw(st.integers(1, 9))}", "dropout"]
    return shape, layers


def _round_trip(framework: str, shape: str, layers: list[str]) -> None:
    try:
        result = count_conv_params(shape, layers)
        code = emit_code(result, framework_named(framework), "aecalc params …").code
    except InputError:
        assume(False)
        return
    ast.parse(code)
    model = read_model(Source(code, "emitted.py"))
    back = count_code(model, shape if framework == "pytorch" else None)
    expected = [parse_layer(t, i + 1).layer for i, t in enumerate(layers)]
    if back.conv is None:  # dense layers alone read back as sizes
        assert back.dense is not None
        assert [f"dense:{x.n_out}" for x in back.dense.layers] == expected
        return
    assert [x.spec.layer for x in back.conv.layers] == expected
    assert back.conv.total_params == result.total_params


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(net("pytorch"))
def test_pytorch_round_trip_gives_the_same_tokens(drawn: tuple[str, list[str]]) -> None:
    _round_trip("pytorch", *drawn)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(net("keras"))
def test_keras_round_trip_gives_the_same_tokens(drawn: tuple[str, list[str]]) -> None:
    _round_trip("keras", *drawn)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.integers(1, 300), min_size=2, max_size=6),
    st.sampled_from(["pytorch", "keras"]),
    st.booleans(),
)
def test_dense_round_trip(sizes: list[int], framework: str, bias: bool) -> None:
    from aecalc.nets.architecture import count_params

    result = count_params(sizes, mode="as_given", bias=bias)
    code = emit_code(result, framework_named(framework), "aecalc params …").code
    back = count_code(read_model(Source(code, "emitted.py")))
    assert back.dense is not None
    assert back.dense.architecture == result.architecture
    assert back.dense.total_params == result.total_params
