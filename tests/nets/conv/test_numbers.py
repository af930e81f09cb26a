"""aecalc's exact convolutions, pools, transposed convolutions and upsampling against PyTorch.

``tests/data/conv_numbers.json`` holds a few hundred cases PyTorch computed in float64
(``bench/frameworks/conv_numbers.py`` made it; torch is not imported here). aecalc reads the same
decimal strings exactly and must agree to 1e-12; the output shapes of the token rules of
``params`` and the receptive fields of its table are checked against the same table.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from aecalc.nets.conv.correlate import ConvSpec, convolve
from aecalc.nets.conv.count import count_conv_params
from aecalc.nets.conv.maps import Volume
from aecalc.nets.conv.pooling import PoolSpec, UpSpec, pool, upsample
from aecalc.nets.conv.transpose import TransposeSpec, transpose
from aecalc.values import quantity

TABLE = json.loads(
    (Path(__file__).parents[2] / "data" / "conv_numbers.json").read_text(encoding="utf-8")
)
CASES: dict[str, list[dict[str, Any]]] = TABLE["cases"]


def exact(values: Any) -> Any:
    if isinstance(values, list):
        return tuple(exact(v) for v in values)
    return Fraction(values)


def assert_close(ours: Volume, theirs: list[Any]) -> None:
    assert len(ours) == len(theirs)
    for grid, expected in zip(ours, theirs, strict=True):
        assert [len(grid), len(grid[0])] == [len(expected), len(expected[0])]
        for row, want in zip(grid, expected, strict=True):
            for value, target in zip(row, want, strict=True):
                got = quantity.to_float(value)
                assert math.isclose(got, target, rel_tol=1e-12, abs_tol=1e-12), (got, target)


def pair_text(pair: list[int]) -> str:
    return f"{pair[0]}x{pair[1]}"


@pytest.mark.parametrize("case", CASES["conv"], ids=lambda c: c["id"])
def test_conv2d(case: dict[str, Any]) -> None:
    padding = case["padding"] if case["padding"] == "same" else tuple(case["padding"])
    spec = ConvSpec(
        stride=tuple(case["stride"]),
        padding=padding,
        dilation=tuple(case["dilation"]),
        flip=case["flip"],
        bias=() if case["bias"] is None else exact(case["bias"]),
        act=case["act"],
    )
    result = convolve(exact(case["x"]), exact(case["weights"]), spec)
    assert_close(result.output, case["output"])
    # the params token of the same layer gives the same output shape
    c, h, w = len(case["x"]), len(case["x"][0]), len(case["x"][0][0])
    f = len(case["weights"])
    kh, kw = len(case["weights"][0][0]), len(case["weights"][0][0][0])
    pad = "" if case["padding"] == "same" else f"p{pair_text(case['padding'])}"
    token = f"conv{kh}x{kw}s{pair_text(case['stride'])}{pad}d{pair_text(case['dilation'])}:{f}"
    layer = count_conv_params((h, w, c), [token]).layers[0]
    out = case["output"]
    assert layer.output_shape == (len(out[0]), len(out[0][0]), f)


@pytest.mark.parametrize("case", CASES["transpose"], ids=lambda c: c["id"])
def test_conv_transpose2d(case: dict[str, Any]) -> None:
    spec = TransposeSpec(
        stride=tuple(case["stride"]),
        padding=tuple(case["padding"]),
        output_padding=tuple(case["output_padding"]),
        dilation=tuple(case["dilation"]),
        bias=() if case["bias"] is None else exact(case["bias"]),
    )
    result = transpose(exact(case["x"]), exact(case["weights"]), spec)
    assert_close(result.output, case["output"])
    c, h, w = len(case["x"]), len(case["x"][0]), len(case["x"][0][0])
    f = len(case["weights"])
    kh, kw = len(case["weights"][0][0]), len(case["weights"][0][0][0])
    token = (
        f"convT{kh}x{kw}s{pair_text(case['stride'])}p{pair_text(case['padding'])}"
        f"o{pair_text(case['output_padding'])}d{pair_text(case['dilation'])}:{f}"
    )
    layer = count_conv_params((h, w, c), [token]).layers[0]
    assert layer.output_shape == (len(case["output"][0]), len(case["output"][0][0]), f)


@pytest.mark.parametrize("case", CASES["pool"], ids=lambda c: c["id"])
def test_pools(case: dict[str, Any]) -> None:
    spec = PoolSpec(
        kind=case["kind"],
        size=tuple(case["size"]),
        stride=None if case["stride"] is None else tuple(case["stride"]),
        padding=tuple(case["padding"]),
        ceil=case["ceil"],
    )
    result = pool(exact(case["x"]), spec)
    assert_close(result.output, case["output"])
    if case["kind"] == "max":
        width = len(result.output[0][0])
        for channel, windows in enumerate(result.windows):
            for window in windows:
                want = case["argmax"][channel][window.row][window.col]
                assert list(window.argmax or ()) == want, (window.row, window.col, width)


@pytest.mark.parametrize("case", CASES["upsample"], ids=lambda c: c["id"])
def test_upsampling(case: dict[str, Any]) -> None:
    result = upsample(exact(case["x"]), UpSpec(tuple(case["scale"]), case["mode"]))
    assert_close(result.output, case["output"])


@pytest.mark.parametrize("case", TABLE["receptive"], ids=lambda c: " ".join(c["tokens"]))
def test_receptive_field_column(case: dict[str, Any]) -> None:
    result = count_conv_params(tuple(case["input"]), case["tokens"])
    assert list(result.layers[-1].receptive.size or ()) == case["receptive_field"]


def test_the_table_covers_every_option() -> None:
    conv = CASES["conv"]
    assert len(conv) + len(CASES["transpose"]) + len(CASES["pool"]) + len(CASES["upsample"]) >= 300
    assert {c["act"] for c in conv} >= {None, "relu", "sigmoid", "tanh"}
    assert any(c["flip"] for c in conv) and any(c["padding"] == "same" for c in conv)
    assert any(len(c["x"]) == 3 for c in conv) and any(len(c["weights"]) == 2 for c in conv)
    assert any(c["dilation"] != [1, 1] for c in conv) and any(
        c["stride"][0] != c["stride"][1] for c in conv
    )
    assert any("." in str(c["x"]) for c in conv)
    transposed = CASES["transpose"]
    assert any(c["output_padding"] != [0, 0] for c in transposed)
    assert any(c["dilation"] != [1, 1] for c in transposed)
    pools = CASES["pool"]
    assert {c["kind"] for c in pools} == {"max", "avg"}
    assert any(c["ceil"] for c in pools) and any(c["padding"] != [0, 0] for c in pools)
    assert {c["mode"] for c in CASES["upsample"]} == {"nearest", "zeros"}
