"""Fresh exam-sized problems per topic, reproducible from a :class:`random.Random`.

Numbers are chosen so the hand arithmetic stays friendly at level 2 (the exam's
usual size): small layer sizes, weights in {−1, 0, 1, 2}, binary inputs, x̂ in
tenths for cross-entropy. Level 1 has one-layer nets and small integers, level 3
deeper nets and awkward decimals. Every generator is ``(rng, level, kind)``:
``kind`` (``tied``, ``w_new``, …; the third part of the problem's id) asks for one
question type, as ``practice --review`` does for the kinds a student got wrong. Each
generator returns a :class:`~aecalc.practice.specs.Problem` with a structured spec, so a
generated problem is solved and checked exactly like a bank problem. This module
holds the architecture, forward and loss generators and the dispatch by topic;
:mod:`aecalc.practice.generate_beyond` the backprop, penalty and conv ones.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from fractions import Fraction

from aecalc.practice import topics
from aecalc.practice.answers.precision import asked_precision
from aecalc.practice.specs import (
    ClassifySpec,
    ForwardSpec,
    LossSpec,
    ParamsSpec,
    Problem,
    Spec,
)
from aecalc.values import fmt

_WEIGHTS = (-1, 0, 1, 1, 2)


def number_text(value: Fraction | int) -> str:
    """``2``, ``0.5``, ``−1``, ``1/3``: short, exact, with a real minus sign."""
    return fmt.short(Fraction(value), 6).replace("-", "−")


def vector_text(values: Sequence[Fraction | int]) -> str:
    return "[" + ", ".join(number_text(v) for v in values) + "]"


def matrix_text(rows: Sequence[Sequence[Fraction | int]]) -> str:
    return "[" + ", ".join(vector_text(row) for row in rows) + "]"


def arrow(sizes: Sequence[int]) -> str:
    return " → ".join(map(str, sizes))


def generated(
    topic: str,
    ident: str,
    title: str,
    statement: str,
    spec: Spec,
) -> Problem:
    """A generated problem; ``ident`` is ``gen-{topic}-{kind}-…`` (see :func:`~aecalc.practice.topics.kind_of`)."""
    return Problem(
        id=ident,
        topic=topic,
        title=title,
        statement=statement,
        source="generated",
        spec=spec,
        precision=asked_precision(statement),
    )


def pick(rng: random.Random, kind: str | None, choices: Sequence[str]) -> str:
    """The kind asked for, or one drawn from ``choices`` (repeats weigh a kind)."""
    if kind is None:
        return rng.choice(tuple(choices))
    if kind not in choices:
        raise ValueError(f"unknown kind {kind!r} (known: {', '.join(sorted(set(choices)))})")
    return kind


PARAMS_KINDS = {
    1: ("vanilla", "vanilla", "no_bias", "output"),
    2: ("vanilla", "vanilla", "stacked", "stacked", "tied", "no_bias", "output", "ratio"),
    3: ("stacked", "stacked", "deep", "tied", "no_bias", "ratio"),
}


def params(rng: random.Random, level: int = 2, kind: str | None = None) -> Problem:
    """A parameter-counting question: vanilla, stacked, deep, tied, no-bias, output size or ratio."""
    variant = pick(rng, kind, PARAMS_KINDS[level] if kind is None else PARAMS_KINDS[2] + ("deep",))
    if variant in ("vanilla", "tied", "no_bias"):
        low, high = {1: (3, 6), 2: (4, 12), 3: (20, 100)}[level]
        n = rng.randint(low, high)
        h = rng.randint(1 if level == 1 else 2, n - 1)
        sizes = (n, h, n)
        net = arrow(sizes)
        if variant == "tied":
            spec = ParamsSpec(sizes, "total", tied=True)
            text = (
                f"The autoencoder {net} ties its weights (W_d = W_eᵀ). "
                "How many trainable parameters has it, biases included?"
            )
        elif variant == "no_bias":
            spec = ParamsSpec(sizes, "total", bias=False)
            text = f"The autoencoder {net} has no bias terms. How many parameters has it?"
        else:
            spec = ParamsSpec(sizes, "total")
            text = f"How many parameters (weights and biases) has the vanilla autoencoder {net}?"
        return generated(
            "params", f"gen-params-{variant}-{n}-{h}", f"Parameters of {net}", text, spec
        )
    if variant in ("stacked", "deep"):
        if variant == "deep":
            a = rng.choice((784, 512, 300, 256))
            b = rng.randint(64, 200)
            c = rng.randint(16, 63)
            encoder: tuple[int, ...] = (a, b, c, rng.randint(2, 15))
        else:
            c = rng.randint(2, 5)
            b = rng.randint(c + 1, c + 6)
            a = rng.randint(b + 1, b + 8)
            encoder = (a, b, c)
        quantity = rng.choice(("total", "total", "encoder", "decoder"))
        what = {
            "total": "the whole network",
            "encoder": "the encoder alone",
            "decoder": "the decoder alone",
        }[quantity]
        text = (
            f"A stacked autoencoder has the encoder {arrow(encoder)} and a mirrored decoder "
            f"{arrow(encoder[::-1])}. How many parameters (weights and biases) has {what}?"
        )
        return generated(
            "params",
            f"gen-params-{variant}-{'-'.join(map(str, encoder))}-{quantity}",
            f"Stacked {arrow(encoder)}: {quantity}",
            text,
            ParamsSpec(encoder, quantity),
        )
    if variant == "output":
        n = rng.randint(3, 64 if level > 1 else 12)
        h = rng.randint(2, 96 if level > 1 else 12)
        text = (
            f"An autoencoder has {n} input neurons and {h} hidden neurons. "
            "How many neurons has its output layer?"
        )
        return generated(
            "params",
            f"gen-params-output-{n}-{h}",
            "Output neurons",
            text,
            ParamsSpec((n, h), "output_units"),
        )
    code = rng.choice((2, 4, 8, 16, 32) if level < 3 else (3, 5, 6, 10, 12, 20, 24))
    factor = rng.choice((2, 3, 4, 6, 8, 12, 16, 24))
    ratio_sizes: tuple[int, ...] = (
        (code * factor, code * 2, code) if factor >= 4 else (code * factor, code)
    )
    text = (
        f"The encoder {arrow(ratio_sizes)} is mirrored into a decoder. What is the compression "
        "ratio, input size / code size?"
    )
    return generated(
        "params",
        f"gen-params-ratio-{'-'.join(map(str, ratio_sizes))}",
        "Compression ratio",
        text,
        ParamsSpec(ratio_sizes, "compression_ratio"),
    )


def classify(rng: random.Random, level: int = 2, kind: str | None = None) -> Problem:
    """Under- or overcomplete, by the course notes' rule (equal sizes come up often)."""
    pick(rng, kind or "sizes", ("sizes",))
    low, high = {1: (2, 10), 2: (2, 100), 3: (100, 2000)}[level]
    n = rng.randint(low, high)
    roll = rng.random()
    if roll < 0.2:
        h = n
    elif roll < 0.6:
        h = rng.randint(max(1, n - 5) if level == 3 else 1, max(1, n - 1))
    else:
        h = rng.randint(n + 1, n + 5 if level == 3 else 2 * n + 10)
    text = (
        f"An autoencoder has {n} input neurons and {h} hidden (code) neurons. "
        "By the course notes' convention, is it undercomplete or overcomplete?"
    )
    return generated(
        "classify",
        f"gen-classify-sizes-{n}-{h}",
        f"Input {n}, hidden {h}",
        text,
        ClassifySpec(n, h),
    )


def _matrix(
    rng: random.Random, rows: int, cols: int, values: Sequence[Fraction | int] = _WEIGHTS
) -> tuple[tuple[Fraction, ...], ...]:
    while True:
        matrix = tuple(
            tuple(Fraction(rng.choice(tuple(values))) for _ in range(cols)) for _ in range(rows)
        )
        if all(any(v != 0 for v in row) for row in matrix):
            return matrix


_TENTHS = tuple(Fraction(n, 10) for n in range(-9, 10))
FORWARD_KINDS = ("x_hat", "x_hat", "z")


def forward(rng: random.Random, level: int = 2, kind: str | None = None) -> Problem:
    """A vanilla pass: 2 → 1 → 2 ReLU/linear in integers (level 1), 2 → 2 → 2 or 3 → 2 → 3
    sigmoid with small integer weights (level 2), 3–4 inputs with weights in tenths (level 3)."""
    n = rng.choice({1: (2,), 2: (2, 2, 3), 3: (3, 4)}[level])
    h = rng.choice((2, 3)) if level == 3 else level  # 1 unit at level 1, 2 at level 2
    values: Sequence[Fraction | int] = _TENTHS if level == 3 else _WEIGHTS
    if level == 3:
        x = tuple(Fraction(rng.randint(0, 10), 10) for _ in range(n))
    else:
        x = tuple(Fraction(rng.randint(0, 1)) for _ in range(n))
    if not any(x):
        x = (Fraction(1), *x[1:])
    we = _matrix(rng, h, n, values)
    wd = _matrix(rng, n, h, values)
    biases: tuple[Fraction, ...] = tuple(map(Fraction, (0, 0, 0, 1, -1))) if level < 3 else _TENTHS
    be = tuple(rng.choice(biases) for _ in range(h))
    bd = tuple(Fraction(0) for _ in range(n))
    act = {
        1: (("relu", "linear"),),
        2: (("sigmoid", "sigmoid"), ("sigmoid", "sigmoid"), ("relu", "sigmoid")),
        3: (("sigmoid", "sigmoid"), ("tanh", "sigmoid"), ("relu", "sigmoid"), ("tanh", "linear")),
    }[level]
    activations = rng.choice(act)
    quantity = pick(rng, kind, FORWARD_KINDS)
    what = "the code z" if quantity == "z" else "the reconstruction x̂"
    places = "exactly" if level == 1 else "4 decimal places"
    text = (
        f"x = {vector_text(x)}; W_e = {matrix_text(we)}, b_e = {vector_text(be)}; "
        f"W_d = {matrix_text(wd)}, b_d = {vector_text(bd)}. "
        f"Encoder activation {activations[0]}, decoder activation {activations[1]}. "
        f"Compute {what} ({places}; separate the values with commas)."
    )
    return generated(
        "forward",
        f"gen-forward-{quantity}-{rng.randrange(10**9)}",
        f"Forward pass {arrow((n, h, n))}",
        text,
        ForwardSpec(x=x, we=we, wd=wd, be=be, bd=bd, act=activations, quantity=quantity),
    )


LOSS_KINDS = ("mse", "mse", "bce", "bce", "half_sse")


def loss(rng: random.Random, level: int = 2, kind: str | None = None) -> Problem:
    """MSE or ½ Σ of small integers (exact answers), or BCE of a binary x and x̂ in tenths;
    level 1 has two values, level 3 four or five, in tenths and hundredths."""
    picked = pick(rng, kind, LOSS_KINDS)
    name = "half-sse" if picked == "half_sse" else picked
    n = 2 if level == 1 else rng.randint(2, 4) if level == 2 else rng.randint(4, 5)
    if name == "bce":
        n = min(n, 3) if level < 3 else n
        x = tuple(Fraction(rng.randint(0, 1)) for _ in range(n))
        if level == 3:
            xhat = tuple(Fraction(rng.randint(1, 99), 100) for _ in range(n))
        else:
            xhat = tuple(Fraction(rng.randint(1, 9), 10) for _ in range(n))
        text = (
            f"x = {vector_text(x)} and x̂ = {vector_text(xhat)}. Compute the binary "
            f"cross-entropy with the natural log, averaged over the {n} outputs (4 places)."
        )
        spec = LossSpec("bce", x, xhat, "ln", "mean")
    else:
        if level == 3:
            x = tuple(Fraction(rng.randint(0, 10), 10) for _ in range(n))
            xhat = tuple(Fraction(rng.randint(0, 100), 100) for _ in range(n))
            if xhat == x:
                xhat = (x[0] + Fraction(1, 100), *xhat[1:])
        else:
            x = tuple(Fraction(rng.randint(0, 5 if level == 2 else 3)) for _ in range(n))
            deltas = [rng.choice((-2, -1, -1, 0, 1, 1, 2)) for _ in range(n)]
            if not any(deltas):
                deltas[0] = 1
            xhat = tuple(v + d for v, d in zip(x, deltas, strict=True))
        if name == "mse":
            what = f"the mean squared error over the {n} values (exactly, or to 4 places)"
            spec = LossSpec("mse", x, xhat, "ln", "mean")
        else:
            what = "the lecture's loss L = ½ Σ (x_i − x̂_i)²"
            spec = LossSpec("half-sse", x, xhat, "ln", "sum")
        text = f"x = {vector_text(x)} and x̂ = {vector_text(xhat)}. Compute {what}."
    label = {"mse": "MSE", "bce": "BCE", "half-sse": "½ Σ (x − x̂)²"}[name]
    return generated(
        "loss",
        f"gen-loss-{picked}-{'_'.join(map(number_text, x))}-"
        + "_".join(number_text(v) for v in xhat),
        label,
        text,
        spec,
    )


NUMERIC_TOPICS = topics.NUMERIC
Generator = Callable[[random.Random, int, "str | None"], Problem]


def generator(topic: str) -> Generator:
    """The generator of ``topic`` (named in :mod:`aecalc.practice.topics`)."""
    found: Generator = topics.resolve(topics.get(topic).generator)
    return found


def generate(topic: str, rng: random.Random, level: int = 2, kind: str | None = None) -> Problem:
    """One fresh numeric problem of ``topic`` at ``level`` (1–3), of ``kind`` if given."""
    return generator(topic)(rng, level, kind)
