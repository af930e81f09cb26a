"""Feature maps, pools, transposed convolutions and upsampling computed by PyTorch, for aecalc's tests.

Standalone: neither the aecalc package nor its tests import this script (nor torch). Its output is
frozen in ``tests/data/conv_numbers.json``; ``tests/nets/conv/test_numbers.py`` computes every case
with aecalc's exact arithmetic and compares.

Cases are drawn from a seeded generator: small maps of integers or short decimals (kept as the
decimal strings they were written as, so aecalc reads them exactly), one to three input channels,
one or two filters, every option the commands take. PyTorch computes each in float64:

- ``conv``: ``torch.nn.functional.conv2d`` with per-axis stride, padding and dilation, a bias, an
  activation after it; the true convolution (``flip``) as conv2d with ``torch.flip``-ed weights;
  Keras' "same" padding as ``F.pad`` with the amounts TensorFlow's rule gives (the extra zero row
  below, the extra column to the right), then conv2d without padding;
- ``transpose``: ``conv_transpose2d`` with stride, padding, output padding and dilation (weights
  stored here as (F, C, KH, KW); PyTorch's layout is (C, F, KH, KW));
- ``pool``: ``max_pool2d`` (with ``return_indices``, the argmax) and ``avg_pool2d``
  (``count_include_pad=True``), with padding and ``ceil_mode``;
- ``upsample``: ``interpolate(mode='nearest')``, and the zeros mode as a ``conv_transpose2d`` whose
  kernel is 1 in its top-left cell and 0 elsewhere, stride the scale;
- ``receptive``: stacks of layer tokens built as PyTorch modules with all-ones weights; for each
  output position, the rows and columns of the input whose gradient is not zero; the largest
  extent over 8×8 positions in the middle of the output is the receptive field.

How to run it (the venv that has torch; the frozen file used torch 2.13.0+cpu)::

    python bench/frameworks/conv_numbers.py           # from the repository root; writes the JSON
    python bench/frameworks/conv_numbers.py --check   # compares instead (exit 1 when they differ)
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

REPO = Path(__file__).resolve().parents[2]
FROZEN = REPO / "tests" / "data" / "conv_numbers.json"
SEED = 21
COUNTS = {"conv": 160, "transpose": 80, "pool": 90, "upsample": 20}

ACTS = {
    "relu": torch.relu,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "leaky_relu": lambda t: F.leaky_relu(t, 0.01),
    "elu": F.elu,
}


def number(rng: random.Random, decimals: bool) -> str:
    """An integer from −5 to 5, or a decimal with one or two places (``-2.5``, ``0.25``)."""
    if not decimals:
        return str(rng.randint(-5, 5))
    return str(rng.choice([rng.randint(-50, 50) / 10, rng.randint(-200, 200) / 100]))


def grid(rng: random.Random, shape: tuple[int, ...], decimals: bool) -> Any:
    if not shape:
        return number(rng, decimals)
    return [grid(rng, shape[1:], decimals) for _ in range(shape[0])]


def tensor(values: Any) -> torch.Tensor:
    def floats(v: Any) -> Any:
        return [floats(x) for x in v] if isinstance(v, list) else float(v)

    return torch.tensor(floats(values), dtype=torch.float64)


def listed(t: torch.Tensor) -> Any:
    return t.tolist()


def same_pads(length: int, k: int, s: int, d: int) -> tuple[int, int]:
    """TensorFlow's 'SAME': out = ceil(length / s); the extra padding goes after."""
    out = -(-length // s)
    total = max((out - 1) * s + d * (k - 1) + 1 - length, 0)
    return total // 2, total - total // 2


def conv_case(rng: random.Random, i: int) -> dict[str, Any]:
    while True:
        c, f = rng.randint(1, 3), rng.choice([1, 1, 2])
        h, w = rng.randint(3, 7), rng.randint(3, 7)
        kh, kw = rng.randint(1, 4), rng.randint(1, 4)
        stride = [rng.choice([1, 1, 2, 3]), rng.choice([1, 1, 2, 3])]
        dilation = [rng.choice([1, 1, 1, 2]), rng.choice([1, 1, 1, 2])]
        padding: Any = "same" if rng.random() < 0.2 else [rng.randint(0, 2), rng.randint(0, 2)]
        if padding != "same" and (
            dilation[0] * (kh - 1) + 1 > h + 2 * padding[0]
            or dilation[1] * (kw - 1) + 1 > w + 2 * padding[1]
        ):
            continue
        break
    decimals = rng.random() < 0.4
    x = grid(rng, (c, h, w), decimals)
    weights = grid(rng, (f, c, kh, kw), decimals)
    bias = grid(rng, (f,), decimals) if rng.random() < 0.5 else None
    flip = rng.random() < 0.25
    act = rng.choice([None, None, None, *ACTS]) if rng.random() < 0.5 else None
    xt, wt = tensor(x)[None], tensor(weights)
    if flip:
        wt = torch.flip(wt, dims=(-2, -1))
    if padding == "same":
        top, bottom = same_pads(h, kh, stride[0], dilation[0])
        left, right = same_pads(w, kw, stride[1], dilation[1])
        xt = F.pad(xt, (left, right, top, bottom))
        pad: Any = 0
    else:
        pad = tuple(padding)
    out = F.conv2d(
        xt,
        wt,
        None if bias is None else tensor(bias),
        stride=tuple(stride),
        padding=pad,
        dilation=tuple(dilation),
    )
    if act is not None:
        out = ACTS[act](out)
    return {
        "id": f"conv{i}",
        "x": x,
        "weights": weights,
        "stride": stride,
        "padding": padding,
        "dilation": dilation,
        "bias": bias,
        "flip": flip,
        "act": act,
        "output": listed(out[0]),
    }


def transpose_case(rng: random.Random, i: int) -> dict[str, Any]:
    while True:
        c, f = rng.randint(1, 2), rng.choice([1, 1, 2])
        h, w = rng.randint(1, 4), rng.randint(1, 4)
        kh, kw = rng.randint(1, 4), rng.randint(1, 4)
        stride = [rng.randint(1, 3), rng.randint(1, 3)]
        dilation = [rng.choice([1, 1, 2]), rng.choice([1, 1, 2])]
        padding = [rng.randint(0, 2), rng.randint(0, 2)]
        output_padding = [
            rng.randint(0, max(s, d) - 1) for s, d in zip(stride, dilation, strict=True)
        ]
        sizes = [
            (n - 1) * s - 2 * p + d * (k - 1) + o + 1
            for n, s, p, d, k, o in zip(
                (h, w), stride, padding, dilation, (kh, kw), output_padding, strict=True
            )
        ]
        if min(sizes) >= 1:
            break
    decimals = rng.random() < 0.4
    x = grid(rng, (c, h, w), decimals)
    weights = grid(rng, (f, c, kh, kw), decimals)
    bias = grid(rng, (f,), decimals) if rng.random() < 0.4 else None
    out = F.conv_transpose2d(
        tensor(x)[None],
        tensor(weights).permute(1, 0, 2, 3),
        None if bias is None else tensor(bias),
        stride=tuple(stride),
        padding=tuple(padding),
        output_padding=tuple(output_padding),
        dilation=tuple(dilation),
    )
    return {
        "id": f"transpose{i}",
        "x": x,
        "weights": weights,
        "stride": stride,
        "padding": padding,
        "output_padding": output_padding,
        "dilation": dilation,
        "bias": bias,
        "output": listed(out[0]),
    }


def pool_case(rng: random.Random, i: int) -> dict[str, Any]:
    while True:
        c = rng.randint(1, 2)
        h, w = rng.randint(2, 7), rng.randint(2, 7)
        size = [rng.randint(1, 4), rng.randint(1, 4)]
        stride = None if rng.random() < 0.4 else [rng.randint(1, 3), rng.randint(1, 3)]
        padding = [rng.randint(0, size[0] // 2), rng.randint(0, size[1] // 2)]
        if rng.random() < 0.5:
            padding = [0, 0]
        if size[0] <= h + 2 * padding[0] and size[1] <= w + 2 * padding[1]:
            break
    kind = rng.choice(["max", "avg"])
    ceil = rng.random() < 0.4
    x = grid(rng, (c, h, w), rng.random() < 0.4)
    args = {
        "kernel_size": tuple(size),
        "stride": None if stride is None else tuple(stride),
        "padding": tuple(padding),
        "ceil_mode": ceil,
    }
    case: dict[str, Any] = {
        "id": f"pool{i}",
        "kind": kind,
        "x": x,
        "size": size,
        "stride": stride,
        "padding": padding,
        "ceil": ceil,
    }
    if kind == "max":
        out, index = F.max_pool2d(tensor(x)[None], return_indices=True, **args)
        case["argmax"] = [
            [[divmod(int(v), w) for v in row] for row in ch] for ch in index[0].tolist()
        ]
    else:
        out = F.avg_pool2d(tensor(x)[None], count_include_pad=True, **args)
    case["output"] = listed(out[0])
    return case


def upsample_case(rng: random.Random, i: int) -> dict[str, Any]:
    c, h, w = rng.randint(1, 2), rng.randint(1, 4), rng.randint(1, 4)
    scale = [rng.randint(1, 3), rng.randint(1, 3)]
    mode = rng.choice(["nearest", "zeros"])
    x = grid(rng, (c, h, w), rng.random() < 0.4)
    xt = tensor(x)[None]
    if mode == "nearest":
        out = F.interpolate(xt, scale_factor=tuple(float(s) for s in scale), mode="nearest")
    else:
        one = torch.zeros((c, 1, *scale), dtype=torch.float64)
        one[:, 0, 0, 0] = 1.0
        out = F.conv_transpose2d(xt, one, stride=tuple(scale), groups=c)
    return {"id": f"upsample{i}", "x": x, "scale": scale, "mode": mode, "output": listed(out[0])}


# ---------------------------------------------------------------- receptive fields

STACKS = [
    ["conv3x3:1", "pool2", "conv3x3:1", "pool2"],
    ["conv5x5s2p2:1", "conv3x3d2:1", "pool3s2:valid"],
    ["conv3x3s2x1p1:1", "conv3x5d2x1:1"],
    ["conv3x3:1", "pool2", "up2", "conv3x3:1"],
    ["conv3x3:1", "up2", "convT2x2s2:1"],
    ["pool2", "convT3x3s2p1:1", "conv3x3:1"],
    ["conv7x7s2p3:1", "pool3s2:valid", "conv3x3:1", "conv3x3:1"],
    ["conv3x3d3:1", "conv3x3d2:1", "conv3x3:1"],
]


def module(token: str) -> nn.Module:
    """The few token kinds the stacks use, as PyTorch modules with all-ones weights."""
    import re

    if token.startswith("pool"):
        m = re.fullmatch(r"pool(\d+)(?:s(\d+))?(?::valid)?", token)
        assert m
        k = int(m[1])
        return nn.AvgPool2d(k, int(m[2] or k))
    if token.startswith("up"):
        return nn.Upsample(scale_factor=int(token[2:]), mode="nearest")
    m = re.fullmatch(
        r"(convT|conv)(\d+)x(\d+)(?:s(\d+)(?:x(\d+))?)?(?:p(\d+))?(?:d(\d+)(?:x(\d+))?)?:1", token
    )
    assert m, token
    kind, kh, kw = m[1], int(m[2]), int(m[3])
    sh = int(m[4] or 1)
    sw = int(m[5] or sh)
    p = m[6]
    dh = int(m[7] or 1)
    dw = int(m[8] or dh)
    if kind == "conv":
        padding: Any = "same" if p is None else int(p)
        if p is None and (sh, sw) != (1, 1):
            raise ValueError("same padding needs stride 1 here")
        layer: nn.Module = nn.Conv2d(
            1, 1, (kh, kw), (sh, sw), padding, (dh, dw), bias=False, dtype=torch.float64
        )
    else:
        layer = nn.ConvTranspose2d(
            1, 1, (kh, kw), (sh, sw), int(p or 0), bias=False, dtype=torch.float64
        )
    with torch.no_grad():
        layer.weight.fill_(1.0)
    return layer


def receptive_case(tokens: list[str]) -> dict[str, Any]:
    net = nn.Sequential(*(module(t) for t in tokens))
    size = 64
    x = torch.ones((1, 1, size, size), dtype=torch.float64, requires_grad=True)
    y = net(x)
    best = [0, 0]
    _, _, oh, ow = y.shape
    # positions in the middle, 8 by 8: more than the stacks' strides multiplied, so every
    # phase of a stride or an upsampling is among them
    for r in range(oh // 3, oh // 3 + 8):
        for c in range(ow // 3, ow // 3 + 8):
            if x.grad is not None:
                x.grad.zero_()
            y[0, 0, r, c].backward(retain_graph=True)
            assert x.grad is not None
            seen = x.grad[0, 0].abs() > 0
            rows = torch.nonzero(seen.any(dim=1)).flatten()
            cols = torch.nonzero(seen.any(dim=0)).flatten()
            touches = rows[0] == 0 or rows[-1] == size - 1 or cols[0] == 0 or cols[-1] == size - 1
            if not touches:  # a border window is cut by the edge of the input
                best[0] = max(best[0], int(rows[-1] - rows[0] + 1))
                best[1] = max(best[1], int(cols[-1] - cols[0] + 1))
    return {"tokens": tokens, "input": [size, size, 1], "receptive_field": best}


def generate() -> dict[str, Any]:
    rng = random.Random(SEED)
    makers = {
        "conv": conv_case,
        "transpose": transpose_case,
        "pool": pool_case,
        "upsample": upsample_case,
    }
    cases = {name: [makers[name](rng, i) for i in range(count)] for name, count in COUNTS.items()}
    return {
        "generated_by": "bench/frameworks/conv_numbers.py",
        "versions": {
            "python": platform.python_version(),
            "torch": torch.__version__,
        },
        "notes": [
            "Maps are (C, H, W), weights (F, C, KH, KW), outputs (F or C, H, W); every number "
            "given as the decimal string it was drawn as; outputs are PyTorch's float64.",
            "Positions (argmax) are 0-based [row, col] in the unpadded input.",
        ],
        "cases": cases,
        "receptive": [receptive_case(stack) for stack in STACKS],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=FROZEN)
    parser.add_argument("--check", action="store_true", help="compare with the frozen file")
    args = parser.parse_args()
    torch.use_deterministic_algorithms(True)
    data = generate()
    text = json.dumps(data, indent=1) + "\n"
    if args.check:
        frozen = json.loads(args.output.read_text(encoding="utf-8"))
        same = frozen["cases"] == data["cases"] and frozen["receptive"] == data["receptive"]
        print("same as the frozen file" if same else "DIFFERENT from the frozen file")
        return 0 if same else 1
    args.output.write_text(text, encoding="utf-8")
    total = sum(len(v) for v in data["cases"].values()) + len(data["receptive"])
    print(f"wrote {total} cases to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
