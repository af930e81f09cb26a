"""The L1 sparsity penalty λ Σ_j |h_j| on the code activations, exact and vectorised."""

from __future__ import annotations

from fractions import Fraction

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
    check_weight,
    in_formula,
    negative_weight,
    tex_symbol,
    weight_flag,
)
from aecalc.values.parse import parse_vector


def l1(
    h: Vector,
    weight: Fraction = Fraction(1),
    *,
    recon: Fraction | None = None,
    weight_symbol: str = "λ",
) -> Penalty:
    """λ Σ_j |h_j|, the L1 sparsity penalty on the code activations."""
    check_weight(weight, weight_flag(weight_symbol))
    terms = tuple(
        PenaltyTerm(
            label=f"unit {j}", formula=f"|{in_formula(v)}|", value=abs(v), inputs=(("h", v),)
        )
        for j, v in enumerate(h, start=1)
    )
    return Penalty(
        kind="l1",
        formula=f"{weight_symbol} Σ_j |h_j|",
        formula_tex=rf"\{tex_symbol(weight_symbol)} \sum_j |h_j|",
        terms=terms,
        penalty=sum((abs(v) for v in h), Fraction(0)),
        weight=weight,
        weight_symbol=weight_symbol,
        recon=recon,
        notes=(
            "The L1 penalty on the activations drives many of them to exactly 0: a sparse code.",
        ),
    )


def _value(z: Array, p: PenaltyParams) -> float:
    import numpy as np

    return float(p.weight * np.abs(z).sum() / z.shape[0])


def _grad_z(z: Array, p: PenaltyParams) -> Array:
    import numpy as np

    result: Array = (p.weight / z.shape[0]) * np.sign(z)  # sign(0) = 0: a subgradient
    return result


def _anywhere(activation: str, layer: int) -> str | None:
    return None


ENTRY = PenaltyEntry(
    name="l1",
    title="L1 sparsity penalty λ Σ |h_j|",
    formula="λ Σ_j |h_j|",
    weight_symbol="λ",
    exact=l1,
    inputs=(PenaltyInput("--h", "h", "the code activations h.", parse_vector),),
    example="--h 0.2,0,-0.5 --lambda 0.01",
    numpy_value=_value,
    numpy_grad_z=_grad_z,
    train=TrainUse(
        numbers=(TokenNumber("λ", "weight", negative_weight),),
        example="0.001",
        code_problem=_anywhere,
        over=" (mean over the samples)",
        rank=2,
    ),
)
