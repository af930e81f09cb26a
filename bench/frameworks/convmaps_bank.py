"""The answers of the bank's convolution-arithmetic problems (``problems/m*.toml``, topic
``convmaps``) computed by PyTorch, for aecalc's tests.

Standalone: neither the aecalc package nor its tests import this script (nor torch). It reads each
problem's ``[solve]`` table with :mod:`tomllib` and its own small reader of the matrix syntax
(``2, 5, -3; 0, 6, 0``), computes the answer in float64 and freezes it in
``tests/data/convmaps_bank.json``; ``tests/practice/topics/test_convmaps_bank.py`` solves every
problem with aecalc and compares, and checks the answer stored in the problem file too.

- ``conv``: ``torch.nn.functional.conv2d`` with stride, padding, dilation and bias (the textbook
  convolution, ``flip = true``, as conv2d with ``torch.flip``-ed weights), then ReLU where asked;
  then the ``then`` steps: ``relu``, ``maxpoolK[sS]`` (``max_pool2d``), ``flatten``;
- ``transpose``: ``conv_transpose2d`` with stride, padding and output padding;
- ``pool``: ``max_pool2d`` or ``avg_pool2d``;
- ``shape``: a ``Conv2d`` or ``ConvTranspose2d`` run on zeros of the input size; for an unknown
  padding or kernel, every value from 0 (or 1) to 64 is tried and those that give the output
  size are kept.

How to run it (the venv that has torch)::

    python bench/frameworks/convmaps_bank.py           # writes the JSON
    python bench/frameworks/convmaps_bank.py --check   # compares instead (exit 1 when they differ)
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tomllib
from fractions import Fraction
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

REPO = Path(__file__).resolve().parents[2]
FROZEN = REPO / "tests" / "data" / "convmaps_bank.json"


def matrix(text: str) -> torch.Tensor:
    """``2, 5; -1, 0.5`` as a (1, 1, H, W) float64 tensor."""
    rows = [[float(Fraction(v.strip())) for v in row.split(",")] for row in text.split(";")]
    return torch.tensor(rows, dtype=torch.float64)[None, None]


def then(t: torch.Tensor, step: str) -> torch.Tensor:
    if step == "relu":
        return torch.relu(t)
    if step == "flatten":
        return t.flatten()
    size, _, stride = step.removeprefix("max").removeprefix("pool").partition("s")
    return F.max_pool2d(t, int(size), int(stride or size))


def conv_size(
    transpose: bool, size: int, kernel: int, stride: int, padding: int, extra: int
) -> int:
    """The output height PyTorch gives for a zero input (0 when the layer refuses it)."""
    layer: nn.Module
    if transpose:
        layer = nn.ConvTranspose2d(1, 1, kernel, stride, padding, output_padding=extra)
    else:
        layer = nn.Conv2d(1, 1, kernel, stride, padding, dilation=extra or 1)
    try:
        return int(layer(torch.zeros(1, 1, size, size)).shape[-1])
    except RuntimeError:
        return 0


def shape(solve: dict[str, Any]) -> list[int]:
    transpose = bool(solve.get("transpose", False))
    stride = int(solve.get("stride", 1))
    extra = int(solve.get("output_padding" if transpose else "dilation", 0 if transpose else 1))
    unknown = solve.get("unknown", "out")
    size, padding, kernel = int(solve["in"]), int(solve.get("padding", 0)), solve.get("kernel")
    if unknown == "out":
        return [conv_size(transpose, size, int(kernel), stride, padding, extra)]
    out = int(solve["out"])
    if unknown == "padding":
        return [
            p for p in range(65) if conv_size(transpose, size, int(kernel), stride, p, extra) == out
        ]
    return [k for k in range(1, 65) if conv_size(transpose, size, k, stride, padding, extra) == out]


def answer(solve: dict[str, Any]) -> Any:
    op = solve.get("op", "conv")
    if op == "shape":
        return shape(solve)
    x = matrix(solve["x"])
    stride, padding = int(solve.get("stride", 1)), int(solve.get("padding", 0))
    if op == "pool":
        window = int(solve.get("window", 2))
        moves = int(solve.get("pool_stride", window))
        pooled = F.max_pool2d if solve.get("pool", "max") == "max" else F.avg_pool2d
        out = pooled(x, window, moves, padding)
    else:
        k = matrix(solve["k"])
        bias = (
            torch.tensor([float(Fraction(str(solve["bias"])))], dtype=torch.float64)
            if "bias" in solve
            else None
        )
        if op == "transpose":
            extra = int(solve.get("output_padding", 0))
            out = F.conv_transpose2d(x, k, bias, stride, padding, output_padding=extra)
        else:
            if solve.get("flip", False):
                k = torch.flip(k, (2, 3))
            out = F.conv2d(x, k, bias, stride, padding, dilation=int(solve.get("dilation", 1)))
        if solve.get("act") == "relu":
            out = torch.relu(out)
    for step in solve.get("then", []):
        out = then(out, step)
    if "cell" in solve:
        row, col = solve["cell"]
        return float(out[0, 0, row - 1, col - 1])
    return out.squeeze().tolist() if out.dim() > 1 else out.tolist()


def generate() -> dict[str, Any]:
    problems = {}
    for path in sorted((REPO / "problems").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if data.get("topic") == "convmaps":
            problems[data["id"]] = {"file": path.name, "answer": answer(data["solve"])}
    return {
        "made_by": "bench/frameworks/convmaps_bank.py",
        "torch": torch.__version__,
        "python": platform.python_version(),
        "problems": problems,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the frozen file")
    args = parser.parse_args()
    data = generate()
    if args.check:
        frozen = json.loads(FROZEN.read_text(encoding="utf-8"))
        same = frozen["problems"] == data["problems"]
        print("same as the frozen file" if same else "differs from the frozen file")
        return 0 if same else 1
    FROZEN.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(data['problems'])} answers to {FROZEN.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
