"""The linear autoencoder that PCA gives, checked by running it through the one forward pass.

With the first K components as the rows of V_Kᵀ (K × D) and the mean μ, the net D → K → D with
linear activations and

    encoder  W_e = V_Kᵀ,  b_e = −V_Kᵀ·μ        decoder  W_d = V_K,  b_d = μ

gives x̂ = W_d(W_e·x + b_e) + b_d = μ + V_K V_Kᵀ(x − μ): PCA's reconstruction. The claim is not
taken on trust: :func:`linear_autoencoder` lifts these weights into an arithmetic
(:func:`aecalc.nets.dense.lift`), runs :func:`aecalc.nets.dense.forward` on the samples and
compares what comes out with the reconstruction PCA computed its own way (X̂ = μ + Z·V_Kᵀ…
from the scores). Exact data go through :data:`~aecalc.nets.arith.EXACT` one sample at a time
(closed forms, carried as 60-digit numbers once they grow), float64 data through
:data:`~aecalc.nets.arith.ARRAYS` all at once.

:class:`AutoencoderComparison` is ``pca --compare-ae``'s record: a linear autoencoder trained by
gradient descent (:mod:`aecalc.batch.compare`), its weights and how it stopped.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Literal

from aecalc.nets import dense
from aecalc.nets.arith import ARRAYS, EXACT
from aecalc.record import Record
from aecalc.values import quantity
from aecalc.values.quantity import Value

ValueMatrix = tuple[tuple[Value, ...], ...]
Agreement = Literal["exact", "60 digits", "30 digits", "float64"]

CONVERGED_DEG = 1.0
"""--compare-ae: a largest principal angle at or above this, K not cutting through a tie of the
eigenvalues, means the autoencoder has not found the PCA subspace."""

_CARRIED = {"exact": 60, "mixed": 30, "float": 15}
"""Significant digits the pass carries: EXACT's numbers, the mixed path's decimals, float64."""


class LinearAutoencoder(Record):
    """PCA's weights as a linear autoencoder D → K → D, and how well the forward pass through
    them reproduced PCA's reconstruction (``checked`` samples, the largest difference of an
    entry relative to the entry where it is above 1, ``agrees`` when within the digits the pass
    carries)."""

    encoder_w: ValueMatrix  # K × D: V_Kᵀ, the components as rows
    encoder_b: tuple[Value, ...]  # K: −V_Kᵀ·μ
    decoder_w: ValueMatrix  # D × K: V_K
    decoder_b: tuple[Value, ...]  # D: μ
    checked: int
    largest_difference: float
    agreement: Agreement
    agrees: bool

    def as_json(self, exact: bool) -> dict[str, object]:
        def floats(values: tuple[Value, ...]) -> list[float]:
            return [quantity.to_float(v) for v in values]

        data: dict[str, object] = {
            "encoder_w": [floats(row) for row in self.encoder_w],
            "encoder_b": floats(self.encoder_b),
            "decoder_w": [floats(row) for row in self.decoder_w],
            "decoder_b": floats(self.decoder_b),
        }
        if exact:
            data.update(
                {
                    "encoder_w_exact": [[quantity.plain(v) for v in r] for r in self.encoder_w],
                    "encoder_b_exact": [quantity.plain(v) for v in self.encoder_b],
                    "decoder_w_exact": [[quantity.plain(v) for v in r] for r in self.decoder_w],
                    "decoder_b_exact": [quantity.plain(v) for v in self.decoder_b],
                }
            )
        data["forward_check"] = {
            "samples": self.checked,
            "largest_relative_difference": self.largest_difference,
            "agreement": self.agreement,
            "reproduces_pca": self.agrees,
        }
        return data


def _sym(value: Value) -> Any:
    import sympy

    from aecalc.values.exact import rational

    return rational(value) if quantity.is_fraction(value) else sympy.sympify(value, strict=True)


def _difference(out: Value, expected: Value) -> float:
    """|out − expected| / max(1, |expected|) as a float: 0.0 exactly when both are closed forms
    and equal. Evaluated strictly (:func:`aecalc.values.exact.evaluated`): where data near 1e400
    make 400 digits cancel, SymPy's default evaluation would return a wrong or complex value."""
    if quantity.is_fraction(out) and quantity.is_fraction(expected):
        gap_q = abs(out - expected)
        return float(gap_q / max(1, abs(expected)))
    import sympy

    from aecalc.values.exact import evaluated

    gap = _sym(out) - _sym(expected)
    if not gap.has(sympy.Float):
        gap = sympy.expand(gap)
        if gap == 0:
            return 0.0
    size = sympy.Max(1, abs(evaluated(_sym(expected), 30)))
    return float(abs(evaluated(gap, 30)) / size)


MAX_CLOSED_SPAN = 20
"""Data whose non-zero entries span more decimal orders than this are checked on numbers: the
exact arithmetic turns long closed forms into 60-digit numbers with SymPy's default evaluation,
which goes wrong (or complex) where hundreds of digits cancel."""
MAX_NUMERIC_DIGITS = 2_000


def _span(samples: Any) -> int:
    """Decimal orders of magnitude between the data's largest and smallest non-zero entries."""
    sizes = [abs(Fraction(v)) for row in samples for v in row if v != 0]
    if not sizes:
        return 0
    top, low = max(sizes), min(sizes)
    return len(str(top.numerator // top.denominator)) + len(str(low.denominator // low.numerator))


def _numbers(values: Any, digits: int) -> tuple[Value, ...]:
    """Values as numbers of ``digits`` significant digits, evaluated strictly."""
    from aecalc.values.exact import evaluated

    return tuple(evaluated(_sym(v), digits) for v in values)


def _exact_pass(weights: list[Any], biases: list[Any], samples: Any) -> list[tuple[Value, ...]]:
    """x̂ for each sample through :func:`aecalc.nets.dense.forward` in EXACT: closed forms for
    data of a modest span of magnitudes, else (or where SymPy cannot carry a closed form) the
    same pass on numbers with 60 digits more than twice the span, so that what cancels leaves
    60 right."""
    span = _span(samples)
    if span <= MAX_CLOSED_SPAN:
        layers = dense.lift(EXACT, weights, biases, ("linear", "linear"))
        try:
            return [
                tuple(dense.forward(EXACT, layers, EXACT.vector(row))[-1].out) for row in samples
            ]
        except (TypeError, ValueError, ArithmeticError):  # a closed form SymPy cannot evaluate
            pass
    digits = min(MAX_NUMERIC_DIGITS, 60 + 2 * span)
    numeric = dense.lift(
        EXACT,
        [tuple(_numbers(row, digits) for row in w) for w in weights],
        [_numbers(b, digits) for b in biases],
        ("linear", "linear"),
    )
    return [
        tuple(dense.forward(EXACT, numeric, EXACT.vector(_numbers(row, digits)))[-1].out)
        for row in samples
    ]


def linear_autoencoder(
    arithmetic: Literal["exact", "mixed", "float"],
    encoder_b: tuple[Value, ...],
    components: ValueMatrix,
    mean: tuple[Value, ...],
    samples: Any,
    reconstruction: Any,
) -> LinearAutoencoder:
    """PCA's linear autoencoder, run through :func:`aecalc.nets.dense.forward` on ``samples``
    (rows of values, or an n × D float64 array) and compared with ``reconstruction`` (PCA's X̂
    of the same rows; the same kind). ``encoder_b`` is −V_Kᵀ·μ as the caller can best write it
    (a closed form for exact data). The difference of an entry is taken relative to the entry
    where it is above 1."""
    decoder_w = tuple(zip(*components, strict=True))
    weights, biases = [components, decoder_w], [encoder_b, mean]
    largest = 0.0
    if arithmetic == "float":
        import numpy as np

        layers = dense.lift(ARRAYS, weights, biases, ("linear", "linear"))
        rows = np.asarray(samples, dtype=np.float64)
        checked = int(rows.shape[0])
        if checked:
            with np.errstate(all="ignore"):
                out = dense.forward(ARRAYS, layers, rows)[-1].out
                expected = np.asarray(reconstruction, dtype=np.float64)
                relative = np.abs(out - expected) / np.maximum(1.0, np.abs(expected))
            largest = float(np.max(relative))
        agreement: Agreement = "float64"
    else:
        exact_outputs = True
        checked = len(samples)
        for out, target in zip(_exact_pass(weights, biases, samples), reconstruction, strict=True):
            for value, wanted in zip(out, target, strict=True):
                exact_outputs = exact_outputs and quantity.is_closed_form(value)
                largest = max(largest, _difference(value, wanted))
        if arithmetic == "mixed":
            agreement = "30 digits"
        elif exact_outputs and largest == 0.0:
            agreement = "exact"
        else:
            agreement = "60 digits"
    return LinearAutoencoder(
        encoder_w=tuple(tuple(row) for row in components),
        encoder_b=tuple(encoder_b),
        decoder_w=tuple(tuple(row) for row in decoder_w),
        decoder_b=tuple(mean),
        checked=checked,
        largest_difference=largest,
        agreement=agreement,
        agrees=largest <= 10.0 ** (5 - _CARRIED[arithmetic]),
    )


class AutoencoderComparison(Record):
    """A linear autoencoder with a K-unit code trained on the same data, beside the PCA: how it
    was trained and stopped, its reconstruction error, the angles between its decoder's span
    and the components', and its weights (in the data's coordinates)."""

    architecture: tuple[int, ...]
    epochs: int  # done
    epochs_budget: int
    lr: float
    seed: int
    reconstruction_mse: float
    subspace_angle_deg: float
    principal_angles_deg: tuple[float, ...]
    code_gram: tuple[tuple[float, ...], ...]  # decoder columns' Gram matrix (not I in general)
    loss_history: tuple[float, ...]
    stopped: bool  # the stopping criterion was met within the budget
    tolerance: float  # relative change of the objective over ``window`` epochs
    window: int
    tie: bool  # K cuts through a repeated eigenvalue: the PCA subspace itself is not unique
    seconds: float
    encoder_w: tuple[tuple[float, ...], ...]
    encoder_b: tuple[float, ...]
    decoder_w: tuple[tuple[float, ...], ...]
    decoder_b: tuple[float, ...]
    composed: tuple[tuple[float, ...], ...]  # W_d·W_e (D × D)
    projector: tuple[tuple[float, ...], ...]  # PCA's V_K·V_Kᵀ (D × D)
    composed_gap: float  # the largest |W_d·W_e − V_K·V_Kᵀ|
    pca_mse: float  # PCA's reconstruction MSE on the same data

    @property
    def excess(self) -> float:
        """How far the autoencoder's MSE is above PCA's, as a fraction of PCA's (0 when PCA's is 0)."""
        if self.pca_mse == 0:
            return 0.0
        return (self.reconstruction_mse - self.pca_mse) / self.pca_mse

    @property
    def found_subspace(self) -> bool:
        """The decoder spans the PCA subspace (to :data:`CONVERGED_DEG`), or K cuts a tie."""
        return self.tie or self.subspace_angle_deg < CONVERGED_DEG

    @property
    def converged(self) -> bool:
        """The criterion was met and the autoencoder found the PCA subspace."""
        return self.stopped and self.found_subspace

    def as_json(self) -> dict[str, object]:
        return {
            "converged": self.converged,
            "stopped_by_criterion": self.stopped,
            "criterion": {
                "relative_change": self.tolerance,
                "over_epochs": self.window,
            },
            "architecture": list(self.architecture),
            "epochs": self.epochs,
            "epochs_budget": self.epochs_budget,
            "lr": self.lr,
            "seed": self.seed,
            "seconds": self.seconds,
            "reconstruction_mse": self.reconstruction_mse,
            "above_pca": self.excess,
            "subspace_angle_deg": self.subspace_angle_deg,
            "principal_angles_deg": list(self.principal_angles_deg),
            "tie_at_k": self.tie,
            "decoder_gram": [list(row) for row in self.code_gram],
            "final_loss": self.loss_history[-1],
            "encoder_w": [list(row) for row in self.encoder_w],
            "encoder_b": list(self.encoder_b),
            "decoder_w": [list(row) for row in self.decoder_w],
            "decoder_b": list(self.decoder_b),
            "decoder_times_encoder": [list(row) for row in self.composed],
            "pca_projector": [list(row) for row in self.projector],
            "largest_projector_difference": self.composed_gap,
        }
