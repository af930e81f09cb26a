"""Fresh exam-sized problems per topic, reproducible from a :class:`random.Random`.

Numbers are chosen so the hand arithmetic stays friendly: small layer sizes,
weights in {−1, 0, 1, 2}, binary inputs, x̂ in tenths for cross-entropy. Each
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
    value = Fraction(value)
    if value.denominator == 1:
        text = str(value.numerator)
    elif fmt.is_terminating(value, 6):
        text = fmt.decimal(value, 6).rstrip("0").rstrip(".")
    else:
        text = fmt.exact(value)
    return text.replace("-", "−")


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
    return Problem(
        id=ident,
        topic=topic,
        title=title,
        statement=statement,
        source="generated",
        spec=spec,
    )


def params(rng: random.Random) -> Problem:
    """A parameter-counting question: vanilla, stacked, tied, no-bias, output size or ratio."""
    variant = rng.choice(
        ("vanilla", "vanilla", "stacked", "stacked", "tied", "no_bias", "output", "ratio")
    )
    if variant in ("vanilla", "tied", "no_bias"):
        n = rng.randint(4, 12)
        h = rng.randint(2, n - 1)
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
    if variant == "stacked":
        c = rng.randint(2, 5)
        b = rng.randint(c + 1, c + 6)
        a = rng.randint(b + 1, b + 8)
        quantity = rng.choice(("total", "total", "encoder", "decoder"))
        what = {
            "total": "the whole network",
            "encoder": "the encoder alone",
            "decoder": "the decoder alone",
        }[quantity]
        text = (
            f"A stacked autoencoder has the encoder {arrow((a, b, c))} and a mirrored decoder "
            f"{arrow((c, b, a))}. How many parameters (weights and biases) has {what}?"
        )
        return generated(
            "params",
            f"gen-params-stacked-{a}-{b}-{c}-{quantity}",
            f"Stacked {arrow((a, b, c))}: {quantity}",
            text,
            ParamsSpec((a, b, c), quantity),
        )
    if variant == "output":
        n = rng.randint(3, 64)
        h = rng.randint(2, 96)
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
    code = rng.choice((2, 4, 8, 16, 32))
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


def classify(rng: random.Random) -> Problem:
    """Under- or overcomplete, by the course notes' rule (equal sizes come up often)."""
    n = rng.randint(2, 100)
    roll = rng.random()
    if roll < 0.2:
        h = n
    elif roll < 0.6:
        h = rng.randint(1, max(1, n - 1))
    else:
        h = rng.randint(n + 1, 2 * n + 10)
    text = (
        f"An autoencoder has {n} input neurons and {h} hidden (code) neurons. "
        "By the course notes' convention, is it undercomplete or overcomplete?"
    )
    return generated(
        "classify", f"gen-classify-{n}-{h}", f"Input {n}, hidden {h}", text, ClassifySpec(n, h)
    )


def _matrix(rng: random.Random, rows: int, cols: int) -> tuple[tuple[Fraction, ...], ...]:
    while True:
        matrix = tuple(
            tuple(Fraction(rng.choice(_WEIGHTS)) for _ in range(cols)) for _ in range(rows)
        )
        if all(any(v != 0 for v in row) for row in matrix):
            return matrix


def forward(rng: random.Random) -> Problem:
    """A 2 → 2 → 2 (or 3 → 2 → 3) pass with small integer weights and a binary input."""
    n = rng.choice((2, 2, 3))
    h = 2
    x = tuple(Fraction(rng.randint(0, 1)) for _ in range(n))
    if not any(x):
        x = (Fraction(1), *x[1:])
    we = _matrix(rng, h, n)
    wd = _matrix(rng, n, h)
    be = tuple(Fraction(rng.choice((0, 0, 0, 1, -1))) for _ in range(h))
    bd = tuple(Fraction(0) for _ in range(n))
    act = rng.choice((("sigmoid", "sigmoid"), ("sigmoid", "sigmoid"), ("relu", "sigmoid")))
    quantity = rng.choice(("x_hat", "x_hat", "z"))
    what = "the code z" if quantity == "z" else "the reconstruction x̂"
    text = (
        f"x = {vector_text(x)}; W_e = {matrix_text(we)}, b_e = {vector_text(be)}; "
        f"W_d = {matrix_text(wd)}, b_d = {vector_text(bd)}. "
        f"Encoder activation {act[0]}, decoder activation {act[1]}. "
        f"Compute {what} (4 decimal places; separate the values with commas)."
    )
    return generated(
        "forward",
        f"gen-forward-{rng.randrange(10**9)}",
        f"Forward pass {arrow((n, h, n))}",
        text,
        ForwardSpec(x=x, we=we, wd=wd, be=be, bd=bd, act=act, quantity=quantity),
    )


def loss(rng: random.Random) -> Problem:
    """MSE or ½ Σ of small integers (exact answers), or BCE of a binary x and x̂ in tenths."""
    kind = rng.choice(("mse", "mse", "bce", "bce", "half-sse"))
    n = rng.randint(2, 4)
    if kind == "bce":
        n = min(n, 3)
        x = tuple(Fraction(rng.randint(0, 1)) for _ in range(n))
        xhat = tuple(Fraction(rng.randint(1, 9), 10) for _ in range(n))
        text = (
            f"x = {vector_text(x)} and x̂ = {vector_text(xhat)}. Compute the binary "
            f"cross-entropy with the natural log, averaged over the {n} outputs (4 places)."
        )
        spec = LossSpec("bce", x, xhat, "ln", "mean")
    else:
        x = tuple(Fraction(rng.randint(0, 5)) for _ in range(n))
        deltas = [rng.choice((-2, -1, -1, 0, 1, 1, 2)) for _ in range(n)]
        if not any(deltas):
            deltas[0] = 1
        xhat = tuple(v + d for v, d in zip(x, deltas, strict=True))
        if kind == "mse":
            what = f"the mean squared error over the {n} values (exactly, or to 4 places)"
            spec = LossSpec("mse", x, xhat, "ln", "mean")
        else:
            what = "the lecture's loss L = ½ Σ (x_i − x̂_i)²"
            spec = LossSpec("half-sse", x, xhat, "ln", "sum")
        text = f"x = {vector_text(x)} and x̂ = {vector_text(xhat)}. Compute {what}."
    label = {"mse": "MSE", "bce": "BCE", "half-sse": "½ Σ (x − x̂)²"}[kind]
    return generated(
        "loss",
        f"gen-loss-{kind}-{'_'.join(map(str, x))}-{'_'.join(number_text(v) for v in xhat)}",
        label,
        text,
        spec,
    )


NUMERIC_TOPICS = topics.NUMERIC


def generator(topic: str) -> Callable[[random.Random], Problem]:
    """The generator of ``topic`` (named in :mod:`aecalc.practice.topics`)."""
    found: Callable[[random.Random], Problem] = topics.resolve(topics.get(topic).generator)
    return found


def generate(topic: str, rng: random.Random) -> Problem:
    """One fresh numeric problem of ``topic``."""
    return generator(topic)(rng)
