"""Fresh problems for the "beyond the notes" topics: one backprop step, KL penalties, conv layers.

Weights and activations in tenths, ρ like 0.05, μ and log σ² in halves, conv
shapes of the usual image sizes: numbers a student can push through by hand.
"""

from __future__ import annotations

import random
from fractions import Fraction

from aecalc.practice.generate import generated, matrix_text, number_text, vector_text
from aecalc.practice.specs import BackpropSpec, ConvParamsSpec, PenaltySpec, Problem


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
    return generated(
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
    return generated("penalty", ident.replace("−", "m"), title, text, spec)


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
        return generated(
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
        return generated("conv", f"gen-conv-layer-{size}-{c_in}-{token}", "Conv layer", text, spec)
    stride = rng.choice((1, 2, 2))
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
