"""Fresh problems for the "beyond the notes" topics: one backprop step, KL penalties, conv layers.

Level 2 (the exam's usual size): a 2 → 2 → 2 sigmoid net with weights in tenths,
ρ like 0.05, μ and log σ² in halves, conv layers on the usual image sizes. Level 1:
one linear layer in small integers, one or two KL terms, a 3 × 3 layer's count.
Level 3: 2 → 3 → 2 or 3 → 2 → 3 nets in hundredths, more units and β ≠ 1, odd
sizes with strides and bigger kernels. Each generator is ``(rng, level, kind)`` as
in :mod:`aecalc.practice.generate`.
"""

from __future__ import annotations

import random
from fractions import Fraction

from aecalc.practice.generate import (
    arrow,
    generated,
    matrix_text,
    number_text,
    pick,
    vector_text,
)
from aecalc.practice.specs import BackpropSpec, ConvParamsSpec, PenaltySpec, Problem

BACKPROP_KINDS = ("w_new", "w_new", "w_new", "delta", "b_new")


def _tenths(rng: random.Random, low: int, high: int) -> Fraction:
    return Fraction(rng.randint(low, high), 10)


def _weight(rng: random.Random, level: int, bias: bool) -> Fraction:
    if level == 1:
        return Fraction(rng.choice((0, 1)) if bias else rng.choice((-1, 0, 1, 2)))
    if level == 3:
        return Fraction(rng.randint(-50, 50) if bias else rng.randint(-99, 99), 100)
    return _tenths(rng, 0, 5) if bias else _tenths(rng, -5, 9)


def backprop(rng: random.Random, level: int = 2, kind: str | None = None) -> Problem:
    """One gradient step: one linear layer 2 → 2 in integers (level 1), a 2 → 2 → 2 sigmoid net
    in tenths (level 2), a 2 → 3 → 2 or 3 → 2 → 3 net in hundredths (level 3)."""
    sizes: tuple[int, ...] = (2, 2, 2)
    if level == 1:
        sizes = (2, 2)
    elif level == 3:
        sizes = rng.choice(((2, 3, 2), (3, 2, 3)))
    count = len(sizes) - 1
    weights = tuple(
        tuple(
            tuple(_weight(rng, level, False) for _ in range(sizes[k])) for _ in range(sizes[k + 1])
        )
        for k in range(count)
    )
    biases = tuple(
        tuple(_weight(rng, level, True) for _ in range(sizes[k + 1])) for k in range(count)
    )
    if level == 3:
        x = tuple(_tenths(rng, 0, 10) for _ in range(sizes[0]))
    else:
        x = tuple(Fraction(rng.randint(0, 1)) for _ in range(sizes[0]))
    if not any(x):
        x = (Fraction(1), *x[1:])
    target = tuple(Fraction(rng.randint(0, 1)) for _ in range(sizes[-1]))
    losses = {1: ("half-sse",), 2: ("half-sse", "half-sse", "mse"), 3: ("half-sse", "mse", "bce")}
    loss_name = rng.choice(losses[level])
    lr = rng.choice((Fraction(1, 2), Fraction(1, 2), Fraction(1), Fraction(1, 10)))
    quantity = pick(rng, kind, BACKPROP_KINDS)
    layer = count if quantity == "delta" or count == 1 else rng.choice((1, 2, 2))
    row, col = rng.randint(1, sizes[layer]), rng.randint(1, sizes[layer - 1])
    if layer == 1 and x[col - 1] == 0:  # ∂E/∂W1[i,j] = δ_i·x_j would be 0: ask a live weight
        col = next(j for j, v in enumerate(x, start=1) if v != 0)
    n = sizes[-1]
    loss_text = {
        "half-sse": "E = ½ Σ (t_i − x̂_i)²",
        "mse": f"the MSE E = (1/n) Σ (t_i − x̂_i)² with n = {n}",
        "bce": f"the binary cross-entropy averaged over the {n} outputs (natural log)",
    }[loss_name]
    act = "sigmoid"
    units = "sigmoid units everywhere"
    if level == 1:
        act, units = "linear", "no activation (x̂ = W1·x + b1)"
    elif level == 3 and rng.random() < 0.5:
        act, units = "tanh,sigmoid", "tanh hidden units and sigmoid outputs"
    if quantity == "w_new":
        what = f"the new value of W{layer}[{row},{col}] (row {row}, column {col})"
    elif quantity == "b_new":
        what = f"the new value of b{layer}[{row}]"
    else:
        what = f"δ at output unit {row} (∂E/∂a at that unit's pre-activation)"
    matrices = ", ".join(
        f"W{k + 1} = {matrix_text(weights[k])}, b{k + 1} = {vector_text(biases[k])}"
        for k in range(count)
    )
    figures = "exactly" if level == 1 else "4 significant figures"
    text = (
        f"A {arrow(sizes)} net with {units}: {matrices}. Input x = {vector_text(x)}, target t = "
        f"{vector_text(target)}, loss {loss_text}, learning rate η = {number_text(lr)}. "
        f"After one step of gradient descent on this sample, what is {what}? ({figures})"
    )
    spec = BackpropSpec(
        weights=weights,
        x=x,
        biases=biases,
        target=target,
        act=act,
        loss=loss_name,
        lr=lr,
        quantity=quantity,
        layer=layer,
        row=row,
        col=col,
    )
    return generated(
        "backprop",
        f"gen-backprop-{quantity}-{rng.randrange(10**9)}",
        f"One gradient step on {arrow(sizes)}",
        text,
        spec,
    )


_RHOS = (Fraction(1, 20), Fraction(1, 10), Fraction(1, 5))
_HALVES = tuple(Fraction(n, 2) for n in range(-4, 5))


def penalty(rng: random.Random, level: int = 2, kind: str | None = None) -> Problem:
    """A sparse-KL Σ KL(ρ‖ρ̂_j) with ρ like 0.05, or a VAE KL with μ, log σ² in halves."""
    if kind is None:
        kind = "kl" if rng.random() < 0.5 else "vae"
    pick(rng, kind, ("kl", "vae"))
    if kind == "kl":
        rho = rng.choice(_RHOS if level < 3 else (Fraction(1, 50), Fraction(3, 20)))
        n = rng.randint(*{1: (1, 2), 2: (2, 3), 3: (3, 5)}[level])
        if level == 3:
            rho_hat = tuple(Fraction(rng.randint(1, 60), 100) for _ in range(n))
        else:
            rho_hat = tuple(_tenths(rng, 1, 5) for _ in range(n))
        if all(r == rho for r in rho_hat):
            rho_hat = (Fraction(3, 10), *rho_hat[1:])
        weights = {
            1: (Fraction(1),),
            2: (Fraction(1), Fraction(1), Fraction(1), Fraction(3)),
            3: (Fraction(1, 2), Fraction(2), Fraction(3)),
        }[level]
        weight = rng.choice(weights)
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
        n = rng.randint(*{1: (1, 1), 2: (1, 3), 3: (3, 4)}[level])
        if level == 3:
            mu = tuple(Fraction(rng.randint(-15, 15), 10) for _ in range(n))
            logvar = tuple(Fraction(rng.randint(-10, 10), 10) for _ in range(n))
        elif level == 1:
            mu = tuple(rng.choice(_HALVES) for _ in range(n))
            logvar = tuple(Fraction(0) for _ in range(n))  # σ² = 1: an exact answer
        else:
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
    return generated("penalty", ident.replace("−", "m"), title, text, spec)


CONV_KINDS = {
    1: ("layer",),
    2: ("layer", "layer", "shape", "shape", "ae"),
    3: ("shape", "shape", "layer", "ae"),
}


def conv(rng: random.Random, level: int = 2, kind: str | None = None) -> Problem:
    """A conv layer's parameters or output shape, or a small conv autoencoder's total."""
    variant = pick(rng, kind, CONV_KINDS[level] if kind is None else CONV_KINDS[2])
    if variant == "ae":
        a = rng.choice((4, 8, 16))
        b = rng.choice((8, 16, 32))
        c = rng.choice((1, 1, 3) if level < 3 else (3,))
        k = 3 if level < 3 else 5
        shape = f"28x28x{c}"
        tokens = (
            f"conv{k}x{k}:{a}",
            "pool2",
            f"conv{k}x{k}:{b}",
            "pool2",
            "up2",
            f"convT{k}x{k}:{a}",
            "up2",
            f"convT{k}x{k}:{c}",
        )
        quantity = rng.choice(("total", "total", "code_size"))
        what = (
            "How many parameters (weights and biases) has the whole network?"
            if quantity == "total"
            else "How many numbers are in the code (the latent H × W × C)?"
        )
        text = (
            f"A convolutional autoencoder takes 28 × 28 × {c} images: {' → '.join(tokens)} "
            f"({k} × {k} kernels, stride 1, 'same' padding; 2 × 2 max-pooling; ×2 upsampling). "
            + what
        )
        spec = ConvParamsSpec(shape, tokens, quantity)
        return generated(
            "conv", f"gen-conv-ae-{a}-{b}-{c}-{quantity}", "Conv autoencoder", text, spec
        )
    if level == 1:
        size, c_in, c_out, k = 28, rng.choice((1, 3)), rng.choice((4, 8, 16)), 3
    elif level == 3:
        size = rng.choice((27, 31, 33, 65))
        c_in = rng.choice((3, 16, 32, 64))
        c_out = rng.choice((32, 64, 128))
        k = rng.choice((3, 5, 7))
    else:
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
        return generated("conv", f"gen-conv-layer-{size}-{c_in}-{token}", "Conv layer", text, spec)
    stride = rng.choice((1, 2, 2) if level < 3 else (2, 3))
    padding = rng.choice((0, 1, k // 2))
    token = f"conv{k}x{k}s{stride}p{padding}:{c_out}"
    text = (
        f"A {size} × {size} × {c_in} input goes through a convolution with {c_out} filters of "
        f"size {k} × {k}, stride {stride} and padding {padding}. What is the output shape? "
        "(give H, W, C separated by commas)"
    )
    spec = ConvParamsSpec(f"{size}x{size}x{c_in}", (token,), "output_shape")
    return generated(
        "conv", f"gen-conv-shape-{size}-{c_in}-{token}", "Conv output shape", text, spec
    )
