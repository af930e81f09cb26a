"""The sparsity penalty Σ_j KL(ρ ‖ ρ̂_j), exact and vectorised.

KL(ρ ‖ ρ̂) = ρ ln(ρ/ρ̂) + (1 − ρ) ln((1 − ρ)/(1 − ρ̂)): the divergence of a unit's mean activation
ρ̂ from the small target ρ, natural logarithms as PyTorch and Keras use.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from aecalc.errors import InputError
from aecalc.nets.penalties.entry import (
    Array,
    PenaltyEntry,
    PenaltyInput,
    PenaltyParams,
    TokenNumber,
    TrainUse,
)
from aecalc.nets.penalties.result import (
    Penalty,
    PenaltyTerm,
    Vector,
    as_value,
    check_weight,
    in_formula,
    negative_weight,
    tex_symbol,
    to_sympy,
    total_of,
    weight_flag,
)
from aecalc.values import quantity
from aecalc.values.parse import parse_number, parse_vector
from aecalc.values.quantity import Value


def check_rho(rho: Fraction) -> Fraction:
    if not 0 < rho < 1:
        raise InputError(
            "--rho",
            f"{quantity.plain(rho)} is outside (0, 1): the target activation must be strictly "
            "between 0 and 1",
        )
    return rho


def check_rho_hat(rho_hat: Vector) -> Vector:
    for j, value in enumerate(rho_hat, start=1):
        if value in (0, 1):
            raise InputError(
                "--rho-hat",
                f"value {j} is {in_formula(value)}: KL(ρ‖ρ̂) is infinite at ρ̂ = 0 or 1 "
                "(a sigmoid unit's mean activation lies strictly between)",
            )
        if not 0 < value < 1:
            raise InputError(
                "--rho-hat",
                f"value {j} is {in_formula(value)}, outside (0, 1): ρ̂ is a mean sigmoid activation",
            )
    return rho_hat


def kl_bernoulli(rho: Fraction, rho_hat: Fraction) -> Value:
    """KL(ρ ‖ ρ̂) = ρ ln(ρ/ρ̂) + (1 − ρ) ln((1 − ρ)/(1 − ρ̂)), exact (0 when ρ̂ = ρ)."""
    import sympy

    if rho == rho_hat:
        return Fraction(0)
    return as_value(
        to_sympy(rho) * sympy.log(to_sympy(rho / rho_hat))
        + to_sympy(1 - rho) * sympy.log(to_sympy((1 - rho) / (1 - rho_hat)))
    )


def sparse_kl(
    rho: Fraction,
    rho_hat: Vector,
    weight: Fraction = Fraction(1),
    *,
    recon: Fraction | None = None,
    weight_symbol: str = "β",
) -> Penalty:
    """Σ_j KL(ρ ‖ ρ̂_j) over the hidden units, each term shown."""
    check_rho(rho)
    check_rho_hat(rho_hat)
    check_weight(weight, weight_flag(weight_symbol))
    n = in_formula
    terms = [
        PenaltyTerm(
            label=f"unit {j}",
            formula=f"{n(rho)}·ln({n(rho)}/{n(r)}) + {n(1 - rho)}·ln({n(1 - rho)}/{n(1 - r)})",
            value=kl_bernoulli(rho, r),
            inputs=(("rho_hat", r),),
        )
        for j, r in enumerate(rho_hat, start=1)
    ]
    return Penalty(
        kind="sparse-kl",
        formula=(
            f"{weight_symbol} Σ_j KL(ρ‖ρ̂_j), KL(ρ‖ρ̂) = ρ ln(ρ/ρ̂) + (1 − ρ) ln((1 − ρ)/(1 − ρ̂))"
        ),
        formula_tex=(
            rf"\{tex_symbol(weight_symbol)} \sum_j \left[\rho \ln\frac{{\rho}}{{\hat\rho_j}} + "
            rf"(1-\rho)\ln\frac{{1-\rho}}{{1-\hat\rho_j}}\right]"
        ),
        terms=tuple(terms),
        penalty=total_of([t.value for t in terms]),
        weight=weight,
        weight_symbol=weight_symbol,
        recon=recon,
        notes=(
            "ρ̂_j is unit j's average activation over the training set; the penalty pushes it "
            "towards the small target ρ, so most units are off for most inputs.",
            "KL(ρ‖ρ̂) is 0 when ρ̂ = ρ and grows without bound as ρ̂ → 0 or 1.",
        ),
    )


# ---------------------------------------------------------------- vectorised (the trainer)


def _np() -> Any:
    import numpy

    return numpy


def _rho(p: PenaltyParams) -> float:
    if p.rho is None:
        raise ValueError("sparse-kl needs ρ")
    return p.rho


def _value(z: Array, p: PenaltyParams) -> float:
    np = _np()
    rho, rho_hat = _rho(p), z.mean(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        kl = rho * np.log(rho / rho_hat) + (1 - rho) * np.log((1 - rho) / (1 - rho_hat))
    return float(p.weight * kl.sum())


def _grad_z(z: Array, p: PenaltyParams) -> Array:
    np = _np()
    rho, rho_hat = _rho(p), z.mean(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_unit = -rho / rho_hat + (1 - rho) / (1 - rho_hat)  # ∂KL/∂ρ̂_j
    result: Array = np.broadcast_to(p.weight * per_unit / z.shape[0], z.shape).copy()
    return result


def _rho_problem(rho: Fraction, text: str) -> str | None:
    return None if 0 < rho < 1 else f"ρ = {text} is outside (0, 1)"


def _code_problem(activation: str, layer: int) -> str | None:
    if activation in ("sigmoid", "softmax"):
        return None
    return (
        f"sparse-kl needs code activations in (0, 1), but the code layer is {activation} "
        "(use --act with sigmoid at the code layer, e.g. sigmoid for all layers)"
    )


ENTRY = PenaltyEntry(
    name="sparse-kl",
    title="Sparsity penalty Σ KL(ρ ‖ ρ̂_j)",
    formula="β Σ_j KL(ρ‖ρ̂_j), KL(ρ‖ρ̂) = ρ ln(ρ/ρ̂) + (1 − ρ) ln((1 − ρ)/(1 − ρ̂))",
    weight_symbol="β",
    exact=sparse_kl,
    inputs=(
        PenaltyInput("--rho", "rho", "target activation ρ in (0, 1).", parse_number, check_rho),
        PenaltyInput(
            "--rho-hat",
            "rho_hat",
            "mean activation ρ̂_j of each hidden unit.",
            parse_vector,
            check_rho_hat,
        ),
    ),
    example="--rho 0.05 --rho-hat 0.1,0.2,0.05",
    numpy_value=_value,
    numpy_grad_z=_grad_z,
    needs="code activations in (0, 1) (a sigmoid or softmax code layer)",
    natural_log=True,
    train=TrainUse(
        numbers=(
            TokenNumber("ρ", "rho", _rho_problem),
            TokenNumber("β", "weight", negative_weight),
        ),
        example="0.05:3",
        code_problem=_code_problem,
        over=" (ρ̂_j: the mean of z_j over the batch)",
        rank=1,
        batch_coupled=True,
    ),
)
