"""The contractive penalty λ‖∂z/∂x‖²_F of a sigmoid encoder z = σ(W_e·x + b_e), exact and vectorised.

The Jacobian is J = diag(z ⊙ (1 − z))·W_e, so ‖J‖²_F = Σ_j (z_j(1 − z_j))² Σ_i W_ji².
"""

from __future__ import annotations

from fractions import Fraction

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
    Matrix,
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
from aecalc.values.parse import parse_matrix, parse_vector
from aecalc.values.quantity import Value


def contractive(
    w_e: Matrix,
    b_e: Vector | None,
    x: Vector,
    weight: Fraction = Fraction(1),
    *,
    recon: Fraction | None = None,
    weight_symbol: str = "λ",
) -> Penalty:
    """λ‖∂z/∂x‖²_F of a sigmoid encoder at ``x``, with the Jacobian itself.

    ``w_e`` is hidden × input (acts as W_e·x); ``b_e`` defaults to zeros.
    """
    import sympy

    rows, cols = len(w_e), len(w_e[0])
    if b_e is None:
        b_e = (Fraction(0),) * rows
    if len(b_e) != rows:
        raise InputError(
            "--be", f"has {len(b_e)} values but W_e is {rows}×{cols} (expects {rows}, one per unit)"
        )
    if len(x) != cols:
        raise InputError(
            "--x", f"has {len(x)} values but W_e is {rows}×{cols} (expects {cols}, one per input)"
        )
    check_weight(weight, weight_flag(weight_symbol))
    pre = tuple(
        sum((w * xi for w, xi in zip(row, x, strict=True)), b)
        for row, b in zip(w_e, b_e, strict=True)
    )
    z: list[Value] = []
    jacobian: list[tuple[Value, ...]] = []
    terms: list[PenaltyTerm] = []
    for j, (a, row) in enumerate(zip(pre, w_e, strict=True)):
        e = sympy.exp(-to_sympy(a))
        slope_expr = e / (1 + e) ** 2  # z(1 − z), written without cancellation
        z_j = as_value(1 / (1 + e))
        slope = as_value(slope_expr)
        z.append(z_j)
        jacobian.append(tuple(as_value(to_sympy(w) * slope_expr) for w in row))
        squares = sum((w * w for w in row), Fraction(0))
        value = as_value(to_sympy(squares) * slope_expr**2)
        weights_text = " + ".join(f"{in_formula(w)}²" for w in row)
        terms.append(
            PenaltyTerm(
                label=f"unit {j + 1}",
                formula=(
                    f"(z{j + 1}(1 − z{j + 1}))² · Σ_i W{j + 1}i² = "
                    f"({quantity.plain(slope)})² · ({weights_text} = {in_formula(squares)})"
                ),
                value=value,
                inputs=(("a", a), ("z", z_j), ("slope", slope), ("row_squares", squares)),
            )
        )
    symbol = tex_symbol(weight_symbol)
    return Penalty(
        kind="contractive",
        formula=f"{weight_symbol}‖∂z/∂x‖²_F = {weight_symbol} Σ_j (z_j(1 − z_j))² Σ_i W_ji²",
        formula_tex=(
            rf"\{symbol}\left\|\frac{{\partial z}}{{\partial x}}\right\|_F^2 = "
            rf"\{symbol}\sum_j \left(z_j(1-z_j)\right)^2 \sum_i W_{{ji}}^2"
        ),
        terms=tuple(terms),
        penalty=total_of([t.value for t in terms]),
        weight=weight,
        weight_symbol=weight_symbol,
        recon=recon,
        notes=(
            "Sigmoid encoder z = σ(W_e·x + b_e): ∂z_j/∂x_i = z_j(1 − z_j)·W_ji, so the Jacobian "
            "is diag(z ⊙ (1 − z))·W_e (one row per code unit, one column per input).",
            "A small ‖∂z/∂x‖²_F means the code hardly moves when x moves a little: the encoder "
            "is contractive near the training data.",
        ),
        pre_activation=pre,
        z=tuple(z),
        jacobian=tuple(jacobian),
    )


# ---------------------------------------------------------------- vectorised (the trainer)


def _row_squares(p: PenaltyParams) -> Array:
    if p.w_e is None:
        raise ValueError("contractive needs W_e")
    result: Array = (p.w_e * p.w_e).sum(axis=1)
    return result


def _value(z: Array, p: PenaltyParams) -> float:
    slope = z * (1 - z)
    return float(p.weight * (slope * slope * _row_squares(p)).sum() / z.shape[0])


def _grad_z(z: Array, p: PenaltyParams) -> Array:
    slope = z * (1 - z)  # d(s²)/dz = 2 s (1 − 2z)
    result: Array = (2 * p.weight / z.shape[0]) * slope * (1 - 2 * z) * _row_squares(p)
    return result


def _grad_w(z: Array, p: PenaltyParams) -> Array:
    assert p.w_e is not None
    slope = z * (1 - z)
    mean_squares = (slope * slope).mean(axis=0)
    result: Array = 2 * p.weight * mean_squares[:, None] * p.w_e
    return result


def _code_problem(activation: str, layer: int) -> str | None:
    if layer == 1 and activation == "sigmoid":
        return None
    return (
        "contractive is λ‖∂z/∂x‖²_F of a one-layer sigmoid encoder z = σ(W₁·x + b₁): "
        f"here the code is layer {layer} with {activation}"
    )


ENTRY = PenaltyEntry(
    name="contractive",
    title="Contractive penalty λ‖∂z/∂x‖²_F (sigmoid encoder)",
    formula="λ‖∂z/∂x‖²_F = λ Σ_j (z_j(1 − z_j))² Σ_i W_ji²",
    weight_symbol="λ",
    exact=contractive,
    inputs=(
        PenaltyInput("--we", "w_e", "encoder weights W_e (hidden × input).", parse_matrix),
        PenaltyInput(
            "--be", "b_e", "encoder biases b_e (default 0).", parse_vector, required=False
        ),
        PenaltyInput("--x", "x", "the input x.", parse_vector),
    ),
    example='--we "1,-1;0,1" --x 1,0 --lambda 0.1',
    numpy_value=_value,
    numpy_grad_z=_grad_z,
    numpy_grad_w=_grad_w,
    needs="a one-layer sigmoid encoder (z = σ(W_e·x + b_e))",
    train=TrainUse(
        numbers=(TokenNumber("λ", "weight", negative_weight),),
        example="0.1",
        code_problem=_code_problem,
        over=" (mean over the samples)",
        rank=3,
    ),
)
