"""Fresh convolution-arithmetic questions (the ``convmaps`` topic's generator), by kind and level.

Level 1 is a 3×3 input and a 2×2 kernel, stride 1 (a 4×4 map for a pool, a 2×2 one for a
transposed convolution); level 2 a 4×4 input with padding or stride 2, a bias, ReLU or the
textbook convolution; level 3 dilation, transposed convolutions with a crop and output padding,
halves in the kernel, chains that end in a flatten. Numbers are small integers so that every
product is worked in the head; every kind can be asked at every level (review asks a kind again
at its own level), and a level without a kind draws from :data:`LEVEL_KINDS`.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Literal

from aecalc.errors import InputError
from aecalc.nets.conv.maps import Map, flip
from aecalc.practice.topics.convmaps_work import ConvMapsSpec, run
from aecalc.practice.topics.generating import generated, number_text, pick
from aecalc.practice.topics.problem import Problem

Made = tuple[ConvMapsSpec, str, str]
"""A question: its spec, its title and its statement."""

LEVEL_KINDS = {
    1: ("cell", "cell", "map", "map", "pool", "size"),
    2: ("cell", "map", "map", "pool", "size", "tsize"),
    3: ("cell", "map", "transpose", "transpose", "tsize", "chain", "chain", "size"),
}
"""What a level asks when no kind is given (repeats weigh a kind)."""


def generate(rng: random.Random, level: int = 2, kind: str | None = None) -> Problem:
    """One question of ``kind`` (or one drawn from the level's kinds) at ``level``."""
    picked = pick(rng, kind, LEVEL_KINDS[level] if kind is None else tuple(MAKERS))
    import hashlib  # OpenSSL's: loaded when a question is made, not by the readers of the table

    spec, title, text = MAKERS[picked](rng, level)
    digest = hashlib.sha256(text.encode()).hexdigest()[:10]
    return generated("convmaps", f"gen-convmaps-{picked}-{level}-{digest}", title, text, spec)


def matrix_text(rows: Map) -> str:
    """``[2, 5, −3; 0, 6, 0]``: a map as the commands read it, rows split by ``;``."""
    return "[" + "; ".join(", ".join(number_text(v) for v in row) for row in rows) + "]"


def shown(**maps: Map) -> str:
    """The maps of a statement, one a line (``x = [2, 5; 0, 6]  (2×2)``), so that none breaks."""
    return "".join(
        f"\n  {name} = {matrix_text(rows)}  ({len(rows)}×{len(rows[0])})"
        for name, rows in maps.items()
    )


def _grid(rng: random.Random, height: int, width: int, values: Sequence[int]) -> Map:
    return tuple(tuple(Fraction(rng.choice(values)) for _ in range(width)) for _ in range(height))


def _kernel(rng: random.Random, size: int, level: int) -> Map:
    """A kernel with a negative entry, not the same turned by 180° (so flipping it matters)."""
    values = (
        (-2, -1, 0, 1, 2, 3) if level < 3 else (-2, -1, Fraction(-1, 2), 0, Fraction(1, 2), 1, 2)
    )
    while True:
        k = tuple(tuple(Fraction(rng.choice(values)) for _ in range(size)) for _ in range(size))
        flat = [v for row in k for v in row]
        if min(flat) < 0 < max(flat) and flip(k) != k:
            return k


def _conv(rng: random.Random, level: int, whole: bool) -> tuple[ConvMapsSpec, str]:
    """A convolution's numbers and how the statement says them (``whole``: the map is asked, so
    its output stays at most 3×3)."""
    if level == 1:
        size, k, s, p, d = 3, 2, 1, 0, 1
    elif level == 2:
        setups = [(2, 2, 0), (2, 2, 1), (3, 2, 1)] + ([] if whole else [(2, 1, 1), (3, 1, 1)])
        size, d = 4, 1
        k, s, p = rng.choice(setups)
    else:
        size, k, s, p, d = rng.choice(((5, 2, 1, 0, 2), (4, 3, 2, 1, 1), (4, 2, 1, 0, 1)))
    bias = Fraction(rng.choice((-3, -2, -1, 1, 2))) if level > 1 and rng.random() < 0.5 else None
    act = "relu" if level > 1 and rng.random() < 0.5 else None
    flipped = level > 1 and rng.random() < (0.25 if level == 2 else 0.5)
    while True:  # with ReLU: some values cut to 0, but not most of them
        x = _grid(rng, size, size, range(-1, 6) if level == 1 else range(-3, 6))
        spec = ConvMapsSpec("conv", x, _kernel(rng, k, level), s, p, d, bias=bias, flip=flipped)
        values = [v for row in run(spec).final for v in row]
        if act is None or 0 < sum(v < 0 for v in values) <= len(values) // 2:
            break
    spec = spec.changed(act=act)
    how = (
        "Convolve x with k in the textbook sense (the kernel turned by 180° before it slides)"
        if flipped
        else "Cross-correlate x with k as PyTorch's Conv2d does (the kernel is not flipped)"
    )
    options = [f"stride {s}", f"padding {p} (zeros)" if p else "no padding"]
    if d > 1:
        options.append(f"dilation {d}")
    tail = ""
    if bias is not None or act:
        tail = ", then " + " and ".join(
            ([f"add the bias {number_text(bias)}"] if bias is not None else [])
            + (["apply ReLU"] if act else [])
        )
    text = f"{how}, {', '.join(options)}{tail}:{shown(x=x, k=spec.k)}\n"
    return spec, text


def _cell(rng: random.Random, level: int) -> Made:
    spec, text = _conv(rng, level, False)
    final = run(spec).final
    row, col = rng.randint(1, len(final)), rng.randint(1, len(final[0]))
    asked = f"What is the output value in row {row}, column {col}?"
    return spec.changed(cell=(row, col)), "Feature map cell", text + asked


def _map(rng: random.Random, level: int) -> Made:
    spec, text = _conv(rng, level, True)
    return spec, "Feature map", text + "What is the output map? (rows split by ';')"


def _pool(rng: random.Random, level: int) -> Made:
    setups: dict[int, list[tuple[int, Literal["max", "avg"], int, int | None]]] = {
        1: [(4, "max", 2, None)],
        2: [(4, "avg", 2, None), (4, "max", 3, 1), (3, "max", 2, 1)],
        3: [(5, "max", 3, 2), (5, "avg", 3, 2), (6, "max", 2, None), (4, "avg", 2, 1)],
    }
    size, kind, window, stride = rng.choice(setups[level])
    while True:  # distinct values, and windows that do not all give one value
        values = rng.sample(range(20) if level < 3 else range(-9, 30), size * size)
        x = tuple(
            tuple(Fraction(v) for v in values[r * size : (r + 1) * size]) for r in range(size)
        )
        spec = ConvMapsSpec("pool", x, pool=kind, window=window, pool_stride=stride)
        if len({v for row in run(spec).final for v in row}) > 1:
            break
    layer = "MaxPool2d" if kind == "max" else "AvgPool2d"
    moves = f"stride {stride}" if stride else "stride the window size"
    call = f"nn.{layer}({window})" if stride is None else f"nn.{layer}({window}, stride={stride})"
    text = (
        f"Apply {window}×{window} {'max' if kind == 'max' else 'average'} pooling, {moves} "
        f"(PyTorch's {call}), to x:{shown(x=x)}\nWhat is the pooled map? (rows split by ';')"
    )
    return spec, "Pooled map", text


def _transpose(rng: random.Random, level: int) -> Made:
    setups = {
        1: [(2, 2, 1, 0, 0)],
        2: [(2, 2, 2, 0, 0), (2, 3, 2, 1, 0), (3, 2, 1, 0, 0)],
        3: [(2, 3, 2, 1, 1), (2, 3, 1, 1, 0), (3, 2, 2, 1, 0), (2, 3, 2, 0, 0)],
    }
    size, k, s, p, o = rng.choice(setups[level])
    x = _grid(rng, size, size, range(4) if level < 3 else range(-2, 4))
    spec = ConvMapsSpec("transpose", x, _kernel(rng, k, min(level, 2)), s, p, output_padding=o)
    extra = f", output_padding={o}" if o else ""
    text = (
        f"PyTorch's nn.ConvTranspose2d(1, 1, kernel_size={k}, stride={s}, padding={p}{extra}, "
        f"bias=False) with the kernel k takes the map x:{shown(x=x, k=spec.k)}\n"
        "What is its output map? (rows split by ';')"
    )
    return spec, "Transposed convolution", text


def _tsize(rng: random.Random, level: int) -> Made:
    h = rng.choice({1: (3, 4, 5, 7, 8), 2: (4, 5, 7, 8, 14, 16), 3: (7, 13, 16, 28)}[level])
    k = rng.choice({1: (2, 3), 2: (3, 4, 5), 3: (3, 4, 5)}[level])
    s = 2 if level < 3 else rng.choice((2, 3))
    p = 0 if level == 1 else rng.randint(1, min(2, k - 1))
    o = rng.randint(1, s - 1) if level == 3 and rng.random() < 0.6 else 0
    spec = ConvMapsSpec("shape", stride=s, padding=p, output_padding=o, size_in=h, kernel=k)
    spec = spec.changed(transpose=True)
    extra = f", output_padding={o}" if o else ""
    text = (
        f"A {h}×{h} feature map goes through PyTorch's nn.ConvTranspose2d(8, 8, kernel_size={k}, "
        f"stride={s}, padding={p}{extra}). What is the height (= width) of its output?"
    )
    return spec, "Transposed convolution size", text


def _size(rng: random.Random, level: int) -> Made:
    """The padding or the kernel that gives a size; drawn again until exactly one does."""
    while True:
        unknown = rng.choice(("padding", "kernel"))
        transpose = level == 3 and rng.random() < 0.4
        h = rng.choice((14, 16, 28, 32, 64) if not transpose else (7, 8, 14, 16))
        if transpose:
            unknown, k, s, p, d = "padding", rng.choice((4, 6)), 2, 0, 1
            p = (k - s) // 2
        else:
            k = rng.choice((3, 5, 7) if unknown == "padding" else (3, 5, 7, 9, 11, 15))
            s = 1 if level == 1 else rng.choice((1, 2))
            d = 2 if level == 3 and unknown == "padding" and rng.random() < 0.5 else 1
            p = (
                (d * (k - 1)) // 2
                if unknown == "padding"
                else (0 if level == 1 else rng.randint(0, 2))
            )
        spec = ConvMapsSpec("shape", stride=s, padding=p, dilation=d, size_in=h, kernel=k)
        spec = spec.changed(transpose=transpose)
        try:
            out = run(spec).solved
        except InputError:  # a kernel larger than the input
            continue
        assert out is not None
        asked = spec.changed(out=out.solutions[0], unknown=unknown)
        asked = asked.changed(**{unknown: 0})
        solved = run(asked).solved
        if solved is not None and solved.lowest is not None and solved.lowest == solved.highest:
            break
    layer = "nn.ConvTranspose2d" if transpose else "a convolution"
    given = [f"kernel {k}×{k}"] if unknown == "padding" else [f"padding {p}"]
    given += [f"stride {s}"] + ([f"dilation {d}"] if d > 1 else [])
    text = (
        f"Which {unknown} makes {layer} ({', '.join(given)}) turn a {h}×{h} map into a "
        f"{asked.out}×{asked.out} map?"
    )
    return asked, f"The {unknown} for a size", text


def _chain(rng: random.Random, level: int) -> Made:
    while True:
        size, k, s, p = {1: (3, 2, 1, 0), 2: (4, 2, 1, 0), 3: (6, 2, 2, 1)}[level]
        x = _grid(rng, size, size, range(-3, 6))
        then = {1: ("relu",), 2: ("relu", "maxpool2s1"), 3: ("relu", "maxpool2", "flatten")}
        bias = Fraction(rng.choice((-2, -1, 1))) if level == 3 else None
        spec = ConvMapsSpec("conv", x, _kernel(rng, k, 2), s, p, bias=bias, then=then[level])
        if any(v < 0 for row in run(spec.changed(then=())).final for v in row):
            break  # ReLU changes something
    layers = [f"Conv2d(1, 1, kernel_size={k}, stride={s}, padding={p})"]
    layers += ["ReLU", *{1: [], 2: ["MaxPool2d(2, stride=1)"], 3: ["MaxPool2d(2)"]}[level]]
    layers += ["Flatten"] if level == 3 else []
    weights = f"bias {number_text(bias)}" if bias is not None else "no bias"
    what = (
        "the flattened vector (row by row)" if level == 3 else "the output map (rows split by ';')"
    )
    text = (
        f"A small encoder is {' → '.join(layers)}, with the kernel k and {weights}; it takes "
        f"x:{shown(x=x, k=spec.k)}\nWhat is {what}?"
    )
    return spec, "Convolution, ReLU, pool", text


MAKERS: dict[str, Callable[[random.Random, int], Made]] = {
    "cell": _cell,
    "map": _map,
    "pool": _pool,
    "transpose": _transpose,
    "tsize": _tsize,
    "size": _size,
    "chain": _chain,
}
"""Each question kind's maker."""
