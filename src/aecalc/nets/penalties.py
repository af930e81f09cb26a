"""The penalties of regularised autoencoders, exact and term by term.

- contractive: λ‖∂z/∂x‖²_F for a sigmoid encoder z = σ(W_e·x + b_e). The Jacobian
  is J = diag(z ⊙ (1 − z))·W_e, so ‖J‖²_F = Σ_j (z_j(1 − z_j))² Σ_i W_ji².
- sparse-kl: Σ_j KL(ρ ‖ ρ̂_j), KL(ρ ‖ ρ̂) = ρ ln(ρ/ρ̂) + (1 − ρ) ln((1 − ρ)/(1 − ρ̂)).
- vae-kl: KL(N(μ, σ²) ‖ N(0, I)) = −½ Σ_j (1 + log σ_j² − μ_j² − σ_j²), σ² = e^(log σ²).
- l1: λ Σ_j |h_j| on the code activations.

Every function takes exact rationals (:class:`~fractions.Fraction`, as
:mod:`aecalc.values.parse` reads them) and returns a :class:`Penalty` whose values are
SymPy closed forms (rationals stay :class:`~fractions.Fraction`). The full
objective is ``recon + weight · penalty`` when a reconstruction loss is given.
Logarithms are natural (as PyTorch and Keras use).

Practice generators can call :func:`contractive`, :func:`sparse_kl`,
:func:`vae_kl` and :func:`l1` directly; ``result.value`` is the weighted penalty.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from aecalc.errors import InputError
from aecalc.record import Record
from aecalc.values import fmt, quantity
from aecalc.values.quantity import Value

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Array = NDArray[Any]
else:
    Array = Any

PenaltyKind = Literal["contractive", "sparse-kl", "vae-kl", "l1"]
Vector = tuple[Fraction, ...]
Matrix = tuple[Vector, ...]


class PenaltyTerm(Record):
    """One unit's share of the penalty, with the quantities it was computed from."""

    label: str
    formula: str  # the term's formula with the unit's numbers put in
    value: Value
    inputs: tuple[tuple[str, Value], ...]

    def as_json(self) -> dict[str, object]:
        return {
            "label": self.label,
            "formula": self.formula,
            "value": quantity.to_float(self.value),
            "exact": quantity.plain(self.value),
            **{name: quantity.to_float(v) for name, v in self.inputs},
        }


class Penalty(Record):
    """A penalty, its weight and (optionally) the full objective it belongs to."""

    kind: PenaltyKind
    formula: str
    formula_tex: str
    terms: tuple[PenaltyTerm, ...]
    penalty: Value  # unweighted: Σ terms
    weight: Fraction
    weight_symbol: str
    recon: Fraction | None
    notes: tuple[str, ...]
    pre_activation: Vector | None = None
    z: tuple[Value, ...] | None = None
    jacobian: tuple[tuple[Value, ...], ...] | None = None

    @property
    def value(self) -> Value:
        """The weighted penalty: weight × Σ terms."""
        return _times(self.weight, self.penalty)

    @property
    def total(self) -> Value | None:
        """reconstruction + weight · penalty, when a reconstruction loss was given."""
        if self.recon is None:
            return None
        return _plus(self.recon, self.value)

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "kind": self.kind,
            "formula": self.formula,
            "value": quantity.to_float(self.value),
            "exact": quantity.plain(self.value),
            "penalty": quantity.to_float(self.penalty),
            "penalty_exact": quantity.plain(self.penalty),
            "weight": float(self.weight),
            "weight_exact": quantity.plain(self.weight),
            "weight_symbol": self.weight_symbol,
            "terms": [term.as_json() for term in self.terms],
            "recon": None if self.recon is None else float(self.recon),
            "total": None if self.total is None else quantity.to_float(self.total),
            "total_exact": None if self.total is None else quantity.plain(self.total),
            "log": "ln",
        }
        if self.jacobian is not None and self.z is not None and self.pre_activation is not None:
            data["pre_activation"] = [float(a) for a in self.pre_activation]
            data["z"] = [quantity.to_float(v) for v in self.z]
            data["jacobian"] = [[quantity.to_float(v) for v in row] for row in self.jacobian]
            data["jacobian_exact"] = [[quantity.plain(v) for v in row] for row in self.jacobian]
        return data


def _sympy(value: Value) -> Any:
    """A Fraction as a SymPy Rational; a SymPy value unchanged."""
    if not quantity.is_fraction(value):
        return value
    from aecalc.values import exact

    return exact.rational(Fraction(value))


def _times(a: Fraction, b: Value) -> Value:
    if quantity.is_fraction(b):
        return a * Fraction(b)
    return _sympy(a) * b


def _plus(a: Fraction, b: Value) -> Value:
    if quantity.is_fraction(b):
        return a + Fraction(b)
    return _sympy(a) + b


def _as_value(expr: Any) -> Value:
    """A SymPy value as a Fraction when it is rational (so rational results stay cheap)."""
    import sympy

    if isinstance(expr, sympy.Rational):
        return Fraction(int(expr.p), int(expr.q))
    return expr


def _sum(values: list[Value]) -> Value:
    if all(quantity.is_fraction(v) for v in values):
        return sum((Fraction(v) for v in values), Fraction(0))
    import sympy

    return _as_value(sympy.Add(*(_sympy(v) for v in values)))


def check_weight(weight: Fraction, argument: str) -> Fraction:
    if weight < 0:
        raise InputError(
            argument, f"{quantity.plain(weight)} is negative: a penalty weight must be ≥ 0"
        )
    return weight


def _n(value: Fraction) -> str:
    """A number inside a formula: ``0.05`` when its decimal is short, else ``(1/3)``; negatives
    in parentheses, so ``(−1)²`` and ``ln(0.05/0.1)`` read right."""
    text = fmt.short(value, 8)
    return f"({text})" if value < 0 or "/" in text else text


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
    check_weight(weight, f"--{'lambda' if weight_symbol == 'λ' else 'beta'}")
    pre = tuple(
        sum((w * xi for w, xi in zip(row, x, strict=True)), b)
        for row, b in zip(w_e, b_e, strict=True)
    )
    z: list[Value] = []
    jacobian: list[tuple[Value, ...]] = []
    terms: list[PenaltyTerm] = []
    for j, (a, row) in enumerate(zip(pre, w_e, strict=True)):
        e = sympy.exp(-_sympy(a))
        slope_expr = e / (1 + e) ** 2  # z(1 − z), written without cancellation
        z_j = _as_value(1 / (1 + e))
        slope = _as_value(slope_expr)
        z.append(z_j)
        jacobian.append(tuple(_as_value(_sympy(w) * slope_expr) for w in row))
        squares = sum((w * w for w in row), Fraction(0))
        value = _as_value(_sympy(squares) * slope_expr**2)
        weights_text = " + ".join(f"{_n(w)}²" for w in row)
        terms.append(
            PenaltyTerm(
                label=f"unit {j + 1}",
                formula=(
                    f"(z{j + 1}(1 − z{j + 1}))² · Σ_i W{j + 1}i² = "
                    f"({quantity.plain(slope)})² · ({weights_text} = {_n(squares)})"
                ),
                value=value,
                inputs=(("a", a), ("z", z_j), ("slope", slope), ("row_squares", squares)),
            )
        )
    penalty = _sum([t.value for t in terms])
    return Penalty(
        kind="contractive",
        formula=f"{weight_symbol}‖∂z/∂x‖²_F = {weight_symbol} Σ_j (z_j(1 − z_j))² Σ_i W_ji²",
        formula_tex=(
            rf"\{_tex_symbol(weight_symbol)}\left\|\frac{{\partial z}}{{\partial x}}\right\|_F^2 = "
            rf"\{_tex_symbol(weight_symbol)}\sum_j \left(z_j(1-z_j)\right)^2 \sum_i W_{{ji}}^2"
        ),
        terms=tuple(terms),
        penalty=penalty,
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


def _tex_symbol(symbol: str) -> str:
    return "lambda" if symbol == "λ" else "beta"


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
                f"value {j} is {_n(value)}: KL(ρ‖ρ̂) is infinite at ρ̂ = 0 or 1 "
                "(a sigmoid unit's mean activation lies strictly between)",
            )
        if not 0 < value < 1:
            raise InputError(
                "--rho-hat",
                f"value {j} is {_n(value)}, outside (0, 1): ρ̂ is a mean sigmoid activation",
            )
    return rho_hat


def kl_bernoulli(rho: Fraction, rho_hat: Fraction) -> Value:
    """KL(ρ ‖ ρ̂) = ρ ln(ρ/ρ̂) + (1 − ρ) ln((1 − ρ)/(1 − ρ̂)), exact (0 when ρ̂ = ρ)."""
    import sympy

    if rho == rho_hat:
        return Fraction(0)
    return _as_value(
        _sympy(rho) * sympy.log(_sympy(rho / rho_hat))
        + _sympy(1 - rho) * sympy.log(_sympy((1 - rho) / (1 - rho_hat)))
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
    check_weight(weight, f"--{'lambda' if weight_symbol == 'λ' else 'beta'}")
    terms = []
    for j, r in enumerate(rho_hat, start=1):
        terms.append(
            PenaltyTerm(
                label=f"unit {j}",
                formula=(
                    f"{_n(rho)}·ln({_n(rho)}/{_n(r)}) + {_n(1 - rho)}·ln({_n(1 - rho)}/{_n(1 - r)})"
                ),
                value=kl_bernoulli(rho, r),
                inputs=(("rho_hat", r),),
            )
        )
    notes = [
        "ρ̂_j is unit j's average activation over the training set; the penalty pushes it "
        "towards the small target ρ, so most units are off for most inputs.",
        "KL(ρ‖ρ̂) is 0 when ρ̂ = ρ and grows without bound as ρ̂ → 0 or 1.",
    ]
    return Penalty(
        kind="sparse-kl",
        formula=(
            f"{weight_symbol} Σ_j KL(ρ‖ρ̂_j), KL(ρ‖ρ̂) = ρ ln(ρ/ρ̂) + (1 − ρ) ln((1 − ρ)/(1 − ρ̂))"
        ),
        formula_tex=(
            rf"\{_tex_symbol(weight_symbol)} \sum_j \left[\rho \ln\frac{{\rho}}{{\hat\rho_j}} + "
            rf"(1-\rho)\ln\frac{{1-\rho}}{{1-\hat\rho_j}}\right]"
        ),
        terms=tuple(terms),
        penalty=_sum([t.value for t in terms]),
        weight=weight,
        weight_symbol=weight_symbol,
        recon=recon,
        notes=tuple(notes),
    )


def vae_kl(
    mu: Vector,
    logvar: Vector,
    weight: Fraction = Fraction(1),
    *,
    recon: Fraction | None = None,
    weight_symbol: str = "β",
) -> Penalty:
    """KL(N(μ, σ²) ‖ N(0, I)) = −½ Σ (1 + log σ² − μ² − σ²), one term per latent dimension."""
    import sympy

    if len(mu) != len(logvar):
        raise InputError(
            "--logvar",
            f"has {len(logvar)} values but --mu has {len(mu)}: give one log σ² per latent dimension",
        )
    check_weight(weight, f"--{'lambda' if weight_symbol == 'λ' else 'beta'}")
    terms = []
    for j, (m, lv) in enumerate(zip(mu, logvar, strict=True), start=1):
        variance = _as_value(sympy.exp(_sympy(lv)))
        value = _as_value(
            -sympy.Rational(1, 2) * (1 + _sympy(lv) - _sympy(m * m) - sympy.exp(_sympy(lv)))
        )
        sq = f"{_n(m)}²"
        terms.append(
            PenaltyTerm(
                label=f"dimension {j}",
                formula=f"−½(1 + {_n(lv)} − {sq} − {quantity.plain(variance)})",
                value=value,
                inputs=(("mu", m), ("logvar", lv), ("variance", variance)),
            )
        )
    return Penalty(
        kind="vae-kl",
        formula=f"{weight_symbol}·KL = {weight_symbol}·(−½) Σ_j (1 + log σ_j² − μ_j² − σ_j²)",
        formula_tex=(
            rf"\{_tex_symbol(weight_symbol)} \cdot \left(-\tfrac12\right)\sum_j "
            r"\left(1 + \log\sigma_j^2 - \mu_j^2 - \sigma_j^2\right)"
        ),
        terms=tuple(terms),
        penalty=_sum([t.value for t in terms]),
        weight=weight,
        weight_symbol=weight_symbol,
        recon=recon,
        notes=(
            "The encoder outputs μ and log σ² (the log keeps σ² = e^(log σ²) positive); the "
            "KL term pulls q(z|x) = N(μ, σ²) towards the prior N(0, I). Each term is ≥ 0 and is 0 "
            "only at μ = 0, log σ² = 0.",
            "Full VAE loss = reconstruction + β·KL (β = 1 is the plain VAE, β > 1 a β-VAE).",
        ),
    )


def l1(
    h: Vector,
    weight: Fraction = Fraction(1),
    *,
    recon: Fraction | None = None,
    weight_symbol: str = "λ",
) -> Penalty:
    """λ Σ_j |h_j|, the L1 sparsity penalty on the code activations."""
    check_weight(weight, f"--{'lambda' if weight_symbol == 'λ' else 'beta'}")
    terms = tuple(
        PenaltyTerm(
            label=f"unit {j}",
            formula=f"|{_n(v)}|",
            value=abs(v),
            inputs=(("h", v),),
        )
        for j, v in enumerate(h, start=1)
    )
    return Penalty(
        kind="l1",
        formula=f"{weight_symbol} Σ_j |h_j|",
        formula_tex=rf"\{_tex_symbol(weight_symbol)} \sum_j |h_j|",
        terms=terms,
        penalty=sum((abs(v) for v in h), Fraction(0)),
        weight=weight,
        weight_symbol=weight_symbol,
        recon=recon,
        notes=(
            "The L1 penalty on the activations drives many of them to exactly 0: a sparse code.",
        ),
    )


# ---------------------------------------------------------------------------------------------
# The registry: one entry per penalty, exact and vectorised


class PenaltyParams(Record):
    """The numbers a vectorised penalty needs besides the code: its weight, ρ (sparse-kl) and
    the encoder's W_e (contractive, hidden × input)."""

    weight: float
    rho: float | None = None
    w_e: Array | None = None


class PenaltyEntry(Record):
    """Everything about one penalty.

    ``exact`` is the worked, exact function above (its arguments differ per penalty).
    The NumPy forms take the code of a batch, ``z`` (B × k, one sample per row; for vae-kl
    the encoder's two heads side by side, [μ | log σ²], B × 2k) and :class:`PenaltyParams`:

    - ``numpy_value(z, p)``: the weighted penalty over the batch — sparse-kl:
      β Σ_j KL(ρ‖ρ̂_j) with ρ̂ the batch mean of z; the others: the weight times the mean over
      the batch of the per-sample penalty;
    - ``numpy_grad_z(z, p)``: its gradient with respect to z (same shape; the 1/B included);
    - ``numpy_grad_w(z, p)``: contractive only, the gradient with respect to W_e through its
      explicit appearance in ‖∂z/∂x‖²_F (the part through z is ``numpy_grad_z``).

    ``code_range`` names what the code must be for the penalty to be defined (sparse-kl:
    activations in (0, 1); contractive: a sigmoid encoder), for the trainer's checks.
    """

    name: PenaltyKind
    title: str
    formula: str
    weight_symbol: str
    exact: Callable[..., Penalty]
    numpy_value: Callable[[Array, PenaltyParams], float]
    numpy_grad_z: Callable[[Array, PenaltyParams], Array]
    numpy_grad_w: Callable[[Array, PenaltyParams], Array] | None = None
    needs: str = ""


def _np() -> Any:
    import numpy

    return numpy


def _rho(p: PenaltyParams) -> float:
    if p.rho is None:
        raise ValueError("sparse-kl needs ρ")
    return p.rho


def _sparse_value(z: Array, p: PenaltyParams) -> float:
    np = _np()
    rho, rho_hat = _rho(p), z.mean(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        kl = rho * np.log(rho / rho_hat) + (1 - rho) * np.log((1 - rho) / (1 - rho_hat))
    return float(p.weight * kl.sum())


def _sparse_grad(z: Array, p: PenaltyParams) -> Array:
    np = _np()
    rho, rho_hat = _rho(p), z.mean(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_unit = -rho / rho_hat + (1 - rho) / (1 - rho_hat)  # ∂KL/∂ρ̂_j
    result: Array = np.broadcast_to(p.weight * per_unit / z.shape[0], z.shape).copy()
    return result


def _l1_value(z: Array, p: PenaltyParams) -> float:
    np = _np()
    return float(p.weight * np.abs(z).sum() / z.shape[0])


def _l1_grad(z: Array, p: PenaltyParams) -> Array:
    np = _np()
    result: Array = (p.weight / z.shape[0]) * np.sign(z)  # sign(0) = 0: a subgradient
    return result


def _row_squares(p: PenaltyParams) -> Array:
    if p.w_e is None:
        raise ValueError("contractive needs W_e")
    result: Array = (p.w_e * p.w_e).sum(axis=1)
    return result


def _contractive_value(z: Array, p: PenaltyParams) -> float:
    slope = z * (1 - z)
    return float(p.weight * (slope * slope * _row_squares(p)).sum() / z.shape[0])


def _contractive_grad_z(z: Array, p: PenaltyParams) -> Array:
    slope = z * (1 - z)  # d(s²)/dz = 2 s (1 − 2z)
    result: Array = (2 * p.weight / z.shape[0]) * slope * (1 - 2 * z) * _row_squares(p)
    return result


def _contractive_grad_w(z: Array, p: PenaltyParams) -> Array:
    assert p.w_e is not None
    slope = z * (1 - z)
    mean_squares = (slope * slope).mean(axis=0)
    result: Array = 2 * p.weight * mean_squares[:, None] * p.w_e
    return result


def _vae_halves(z: Array) -> tuple[Array, Array]:
    half = z.shape[1] // 2
    return z[:, :half], z[:, half:]


def _vae_value(z: Array, p: PenaltyParams) -> float:
    np = _np()
    mu, logvar = _vae_halves(z)
    per_sample = -0.5 * (1 + logvar - mu * mu - np.exp(logvar)).sum(axis=1)
    return float(p.weight * per_sample.mean())


def _vae_grad(z: Array, p: PenaltyParams) -> Array:
    np = _np()
    mu, logvar = _vae_halves(z)
    scale = p.weight / z.shape[0]
    result: Array = np.concatenate([scale * mu, scale * 0.5 * (np.exp(logvar) - 1)], axis=1)
    return result


PENALTIES: dict[str, PenaltyEntry] = {
    entry.name: entry
    for entry in (
        PenaltyEntry(
            name="contractive",
            title="Contractive penalty λ‖∂z/∂x‖²_F (sigmoid encoder)",
            formula="λ‖∂z/∂x‖²_F = λ Σ_j (z_j(1 − z_j))² Σ_i W_ji²",
            weight_symbol="λ",
            exact=contractive,
            numpy_value=_contractive_value,
            numpy_grad_z=_contractive_grad_z,
            numpy_grad_w=_contractive_grad_w,
            needs="a one-layer sigmoid encoder (z = σ(W_e·x + b_e))",
        ),
        PenaltyEntry(
            name="sparse-kl",
            title="Sparsity penalty Σ KL(ρ ‖ ρ̂_j)",
            formula="β Σ_j KL(ρ‖ρ̂_j), KL(ρ‖ρ̂) = ρ ln(ρ/ρ̂) + (1 − ρ) ln((1 − ρ)/(1 − ρ̂))",
            weight_symbol="β",
            exact=sparse_kl,
            numpy_value=_sparse_value,
            numpy_grad_z=_sparse_grad,
            needs="code activations in (0, 1) (a sigmoid or softmax code layer)",
        ),
        PenaltyEntry(
            name="vae-kl",
            title="VAE KL term KL(N(μ, σ²) ‖ N(0, I))",
            formula="β·KL = β·(−½) Σ_j (1 + log σ_j² − μ_j² − σ_j²)",
            weight_symbol="β",
            exact=vae_kl,
            numpy_value=_vae_value,
            numpy_grad_z=_vae_grad,
            needs="an encoder with two heads, μ and log σ² (a variational autoencoder)",
        ),
        PenaltyEntry(
            name="l1",
            title="L1 sparsity penalty λ Σ |h_j|",
            formula="λ Σ_j |h_j|",
            weight_symbol="λ",
            exact=l1,
            numpy_value=_l1_value,
            numpy_grad_z=_l1_grad,
        ),
    )
}
"""Penalty name → its entry; ``KINDS`` lists the same names in the same order."""
KINDS: tuple[PenaltyKind, ...] = tuple(entry.name for entry in PENALTIES.values())
DEFAULT_SYMBOL: dict[PenaltyKind, str] = {
    entry.name: entry.weight_symbol for entry in PENALTIES.values()
}
