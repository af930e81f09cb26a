"""Fresh exam-sized problems per topic, reproducible from a :class:`random.Random`.

Numbers are chosen so the hand arithmetic stays friendly: small layer sizes,
weights in {−1, 0, 1, 2}, binary inputs, x̂ in tenths for cross-entropy. Each
generator returns a :class:`~aecalc.practice.bank.Problem` with a structured spec, so a
generated problem is solved and checked exactly like a bank problem.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from fractions import Fraction

from aecalc.practice.bank import (
    BackpropSpec,
    ClassifySpec,
    ConvParamsSpec,
    ForwardSpec,
    LossSpec,
    ParamsSpec,
    PenaltySpec,
    Problem,
    Spec,
)
from aecalc.values import fmt

NUMERIC_TOPICS = ("params", "classify", "forward", "loss", "backprop", "penalty", "conv")
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


def _problem(
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
        return _problem(
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
        return _problem(
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
        return _problem(
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
    return _problem(
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
    return _problem(
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
    return _problem(
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
    return _problem(
        "loss",
        f"gen-loss-{kind}-{'_'.join(map(str, x))}-{'_'.join(number_text(v) for v in xhat)}",
        label,
        text,
        spec,
    )


def _tenths(rng: random.Random, low: int, high: int) -> Fraction:
    return Fraction(rng.randint(low, high), 10)


def backprop(rng: random.Random) -> Problem:
    """One gradient step on a 2 → 2 → 2 sigmoid net with weights in tenths (½ Σ or MSE loss)."""
    weights = tuple(
        tuple(tuple(_tenths(rng, -5, 9) for _ in range(2)) for _ in range(2)) for _ in range(2)
    )
    biases = tuple(tuple(_tenths(rng, 0, 5) for _ in range(2)) for _ in range(2))
    x = tuple(Fraction(rng.randint(0, 1)) for _ in range(2))
    if not any(x):
        x = (Fraction(1), x[1])
    target = tuple(Fraction(rng.randint(0, 1)) for _ in range(2))
    loss_name = rng.choice(("half-sse", "half-sse", "mse"))
    lr = rng.choice((Fraction(1, 2), Fraction(1, 2), Fraction(1), Fraction(1, 10)))
    quantity = rng.choice(("w_new", "w_new", "w_new", "delta", "b_new"))
    layer = 2 if quantity == "delta" else rng.choice((1, 2, 2))
    row, col = rng.randint(1, 2), rng.randint(1, 2)
    if layer == 1 and x[col - 1] == 0:  # ∂E/∂W1[i,j] = δ_i·x_j would be 0: ask a live weight
        col = 3 - col
    loss_text = (
        "E = ½ Σ (t_i − x̂_i)²"
        if loss_name == "half-sse"
        else "the MSE E = (1/n) Σ (t_i − x̂_i)² with n = 2"
    )
    if quantity == "w_new":
        what = f"the new value of W{layer}[{row},{col}] (row {row}, column {col})"
    elif quantity == "b_new":
        what = f"the new value of b{layer}[{row}]"
    else:
        what = f"δ at output unit {row} (∂E/∂a at that unit's pre-activation)"
    text = (
        f"A 2 → 2 → 2 net with sigmoid units everywhere: W1 = {matrix_text(weights[0])}, "
        f"b1 = {vector_text(biases[0])}, W2 = {matrix_text(weights[1])}, "
        f"b2 = {vector_text(biases[1])}. Input x = {vector_text(x)}, target t = "
        f"{vector_text(target)}, loss {loss_text}, learning rate η = {number_text(lr)}. "
        f"After one step of gradient descent on this sample, what is {what}? "
        "(4 significant figures)"
    )
    spec = BackpropSpec(
        weights=weights,
        x=x,
        biases=biases,
        target=target,
        act="sigmoid",
        loss=loss_name,
        lr=lr,
        quantity=quantity,
        layer=layer,
        row=row,
        col=col,
    )
    return _problem(
        "backprop",
        f"gen-backprop-{quantity}-{rng.randrange(10**9)}",
        "One gradient step on 2 → 2 → 2",
        text,
        spec,
    )


_RHOS = (Fraction(1, 20), Fraction(1, 10), Fraction(1, 5))
_HALVES = tuple(Fraction(n, 2) for n in range(-4, 5))


def penalty(rng: random.Random) -> Problem:
    """A sparse-KL Σ KL(ρ‖ρ̂_j) with ρ like 0.05, or a VAE KL with μ, log σ² in halves."""
    if rng.random() < 0.5:
        rho = rng.choice(_RHOS)
        n = rng.randint(2, 3)
        rho_hat = tuple(_tenths(rng, 1, 5) for _ in range(n))
        if all(r == rho for r in rho_hat):
            rho_hat = (Fraction(3, 10), *rho_hat[1:])
        weight = rng.choice((Fraction(1), Fraction(1), Fraction(1), Fraction(3)))
        beta = "" if weight == 1 else "β "
        with_beta = "" if weight == 1 else f" with β = {number_text(weight)}"
        text = (
            f"A sparse autoencoder has target activation ρ = {number_text(rho)} and its hidden "
            f"units' mean activations are ρ̂ = {vector_text(rho_hat)}. Compute the penalty "
            f"{beta}Σ_j KL(ρ‖ρ̂_j){with_beta}, where KL(ρ‖ρ̂) = ρ ln(ρ/ρ̂) + "
            "(1 − ρ) ln((1 − ρ)/(1 − ρ̂)) "
            "(4 significant figures)."
        )
        spec = PenaltySpec("sparse-kl", rho=rho, rho_hat=rho_hat, weight=weight)
        ident = f"gen-penalty-kl-{number_text(rho)}-{'_'.join(map(number_text, rho_hat))}"
        title = "Sparse KL penalty"
    else:
        n = rng.randint(1, 3)
        mu = tuple(rng.choice(_HALVES) for _ in range(n))
        logvar = tuple(rng.choice((Fraction(0), Fraction(0), *_HALVES[2:7])) for _ in range(n))
        if not any(mu) and not any(logvar):
            mu = (Fraction(1), *mu[1:])
        text = (
            f"A VAE's encoder outputs μ = {vector_text(mu)} and log σ² = {vector_text(logvar)} "
            "(natural log). Compute KL(N(μ, σ²) ‖ N(0, I)) = −½ Σ_j (1 + log σ_j² − μ_j² − σ_j²) "
            "(exactly, or to 4 significant figures)."
        )
        spec = PenaltySpec("vae-kl", mu=mu, logvar=logvar)
        ident = f"gen-penalty-vae-{'_'.join(map(number_text, mu))}-" + "_".join(
            map(number_text, logvar)
        )
        title = "VAE KL term"
    return _problem("penalty", ident.replace("−", "m"), title, text, spec)


def conv(rng: random.Random) -> Problem:
    """A conv layer's parameters or output shape, or a small conv autoencoder's total."""
    variant = rng.choice(("layer", "layer", "shape", "shape", "autoencoder"))
    if variant == "autoencoder":
        a = rng.choice((4, 8, 16))
        b = rng.choice((8, 16, 32))
        c = rng.choice((1, 1, 3))
        shape = f"28x28x{c}"
        tokens = (
            f"conv3x3:{a}",
            "pool2",
            f"conv3x3:{b}",
            "pool2",
            "up2",
            f"convT3x3:{a}",
            "up2",
            f"convT3x3:{c}",
        )
        quantity = rng.choice(("total", "total", "code_size"))
        what = (
            "How many parameters (weights and biases) has the whole network?"
            if quantity == "total"
            else "How many numbers are in the code (the latent H × W × C)?"
        )
        text = (
            f"A convolutional autoencoder takes 28 × 28 × {c} images: {' → '.join(tokens)} "
            "(3 × 3 kernels, stride 1, 'same' padding; 2 × 2 max-pooling; ×2 upsampling). " + what
        )
        spec = ConvParamsSpec(shape, tokens, quantity)
        return _problem(
            "conv", f"gen-conv-ae-{a}-{b}-{c}-{quantity}", "Conv autoencoder", text, spec
        )
    size = rng.choice((28, 28, 14, 32))
    c_in = rng.choice((1, 1, 3, 8, 16))
    c_out = rng.choice((4, 8, 16, 32))
    k = rng.choice((3, 3, 3, 5))
    if variant == "layer":
        token = f"conv{k}x{k}:{c_out}"
        text = (
            f"A convolutional layer with {c_out} filters of size {k} × {k} takes a "
            f"{size} × {size} × {c_in} input. How many parameters (weights and biases) has it?"
        )
        spec = ConvParamsSpec(f"{size}x{size}x{c_in}", (token,), "layer_params")
        return _problem("conv", f"gen-conv-layer-{size}-{c_in}-{token}", "Conv layer", text, spec)
    stride = rng.choice((1, 2, 2))
    padding = rng.choice((0, 1, k // 2))
    token = f"conv{k}x{k}s{stride}p{padding}:{c_out}"
    text = (
        f"A {size} × {size} × {c_in} input goes through a convolution with {c_out} filters of "
        f"size {k} × {k}, stride {stride} and padding {padding}. What is the output shape? "
        "(give H, W, C separated by commas)"
    )
    spec = ConvParamsSpec(f"{size}x{size}x{c_in}", (token,), "output_shape")
    return _problem(
        "conv", f"gen-conv-shape-{size}-{c_in}-{token}", "Conv output shape", text, spec
    )


GENERATORS = {
    "params": params,
    "classify": classify,
    "forward": forward,
    "loss": loss,
    "backprop": backprop,
    "penalty": penalty,
    "conv": conv,
}


def generate(topic: str, rng: random.Random) -> Problem:
    """One fresh numeric problem of ``topic``."""
    return GENERATORS[topic](rng)
