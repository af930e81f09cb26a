"""The VAE's KL term KL(N(μ, σ²) ‖ N(0, I)) = −½ Σ_j (1 + log σ_j² − μ_j² − σ_j²), exact and
vectorised.

The encoder's second head is usually log σ² (σ² = e^(log σ²) is then positive by construction);
questions that give σ itself are worked with σ² = σ·σ and log σ² = ln(σ²).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from aecalc.errors import InputError
from aecalc.nets.penalties.entry import Array, PenaltyEntry, PenaltyInput, PenaltyParams
from aecalc.nets.penalties.result import (
    Penalty,
    PenaltyTerm,
    Vector,
    as_value,
    check_weight,
    in_formula,
    tex_symbol,
    to_sympy,
    total_of,
    weight_flag,
)
from aecalc.values import quantity
from aecalc.values.parse import parse_vector
from aecalc.values.quantity import Value


def check_sigma(sigma: Vector) -> Vector:
    for j, value in enumerate(sigma, start=1):
        if value < 0:
            raise InputError(
                "--sigma",
                f"value {j} is {quantity.plain(value)}: σ is a standard deviation, never negative "
                "(give --logvar for log σ²)",
            )
        if value == 0:
            raise InputError(
                "--sigma", f"value {j} is 0: log σ² is −∞ at σ = 0, so the KL term is infinite"
            )
    return sigma


def kl_term(mu: Value, log_variance: Value, variance: Value) -> Value:
    """One latent dimension's term −½(1 + log σ² − μ² − σ²), exact (a Fraction where rational)."""
    import sympy

    return as_value(
        -sympy.Rational(1, 2)
        * (1 + to_sympy(log_variance) - to_sympy(mu * mu) - to_sympy(variance))
    )


def vae_kl(
    mu: Vector,
    logvar: Vector | None = None,
    weight: Fraction = Fraction(1),
    *,
    sigma: Vector | None = None,
    recon: Fraction | None = None,
    weight_symbol: str = "β",
) -> Penalty:
    """KL(N(μ, σ²) ‖ N(0, I)) = −½ Σ (1 + log σ² − μ² − σ²), one term per latent dimension.

    Give the encoder's ``logvar`` (log σ²) or its ``sigma`` (σ ≥ 0), not both.
    """
    import sympy

    if (logvar is None) == (sigma is None):
        raise InputError(
            "--sigma" if sigma is not None else "--logvar",
            "give one: --logvar or --sigma, not both"
            if sigma is not None
            else "is required for vae-kl (or give --sigma instead)",
        )
    flag, given = ("--logvar", logvar) if logvar is not None else ("--sigma", sigma)
    assert given is not None
    if len(mu) != len(given):
        what = "log σ²" if logvar is not None else "σ"
        raise InputError(
            flag,
            f"has {len(given)} values but --mu has {len(mu)}: give one {what} per latent dimension",
        )
    if sigma is not None:
        check_sigma(sigma)
    check_weight(weight, weight_flag(weight_symbol))
    terms = []
    for j, (m, g) in enumerate(zip(mu, given, strict=True), start=1):
        if sigma is None:
            log_variance: Any = g
            variance = as_value(sympy.exp(to_sympy(g)))
            shown = f"{in_formula(g)}"
            inputs: tuple[tuple[str, Any], ...] = ()
        else:
            variance = g * g
            log_variance = as_value(sympy.log(to_sympy(variance)))
            shown = f"ln({in_formula(g)}²)"
            inputs = (("sigma", g),)
        value = kl_term(m, log_variance, variance)
        terms.append(
            PenaltyTerm(
                label=f"dimension {j}",
                formula=(f"−½(1 + {shown} − {in_formula(m)}² − {quantity.plain(variance)})"),
                value=value,
                inputs=(("mu", m), *inputs, ("logvar", log_variance), ("variance", variance)),
            )
        )
    notes: tuple[str, ...] = (
        "The encoder outputs μ and log σ² (the log keeps σ² = e^(log σ²) positive); the "
        "KL term pulls q(z|x) = N(μ, σ²) towards the prior N(0, I). Each term is ≥ 0 and is 0 "
        "only at μ = 0, log σ² = 0.",
        "Full VAE loss = reconstruction + β·KL (β = 1 is the plain VAE, β > 1 a β-VAE).",
    )
    if sigma is not None:
        notes += ("σ was given: σ² = σ·σ and log σ² = ln(σ²) (natural log).",)
    return Penalty(
        kind="vae-kl",
        formula=f"{weight_symbol}·KL = {weight_symbol}·(−½) Σ_j (1 + log σ_j² − μ_j² − σ_j²)",
        formula_tex=(
            rf"\{tex_symbol(weight_symbol)} \cdot \left(-\tfrac12\right)\sum_j "
            r"\left(1 + \log\sigma_j^2 - \mu_j^2 - \sigma_j^2\right)"
        ),
        terms=tuple(terms),
        penalty=total_of([t.value for t in terms]),
        weight=weight,
        weight_symbol=weight_symbol,
        recon=recon,
        notes=notes,
    )


# ---------------------------------------------------------------- vectorised ([μ | log σ²])


def _halves(z: Array) -> tuple[Array, Array]:
    half = z.shape[1] // 2
    return z[:, :half], z[:, half:]


def _value(z: Array, p: PenaltyParams) -> float:
    import numpy as np

    mu, logvar = _halves(z)
    per_sample = -0.5 * (1 + logvar - mu * mu - np.exp(logvar)).sum(axis=1)
    return float(p.weight * per_sample.mean())


def _grad_z(z: Array, p: PenaltyParams) -> Array:
    import numpy as np

    mu, logvar = _halves(z)
    scale = p.weight / z.shape[0]
    result: Array = np.concatenate([scale * mu, scale * 0.5 * (np.exp(logvar) - 1)], axis=1)
    return result


ENTRY = PenaltyEntry(
    name="vae-kl",
    title="VAE KL term KL(N(μ, σ²) ‖ N(0, I))",
    formula="β·KL = β·(−½) Σ_j (1 + log σ_j² − μ_j² − σ_j²)",
    weight_symbol="β",
    exact=vae_kl,
    inputs=(
        PenaltyInput("--mu", "mu", "the encoder's means μ.", parse_vector),
        PenaltyInput("--logvar", "logvar", "the encoder's log σ².", parse_vector, group="scale"),
        PenaltyInput(
            "--sigma",
            "sigma",
            "the standard deviations σ ≥ 0, instead of --logvar.",
            parse_vector,
            check_sigma,
            group="scale",
        ),
    ),
    example="--mu 0.5,-1 --logvar 0,0.5 --recon 0.3",
    numpy_value=_value,
    numpy_grad_z=_grad_z,
    needs="an encoder with two heads, μ and log σ² (a variational autoencoder)",
    natural_log=True,
)
