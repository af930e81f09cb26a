"""``pca --compare-ae``: a linear autoencoder D → K → D trained on the same data, beside PCA.

The autoencoder (linear activations, MSE, biases, Glorot-uniform start) is trained by
:func:`aecalc.batch.train.train` with full-batch gradient descent until it converges: the
trainer's ``converge`` option stops it once the objective has changed by at most
:data:`TOLERANCE` of its value over the last :data:`WINDOW` epochs, within a budget of epochs
(:func:`default_epochs`); the record says whether the criterion was met. Its reconstructions
x̂ = W₂(W₁x + b₁) + b₂ lie in the affine subspace spanned by W₂'s K columns; the comparison is
the largest principal angle between that span and the span of the first K principal
components, the reconstruction MSE of each (the mean over all n·D entries), and the composed
map W₂W₁ beside PCA's projector V_K V_Kᵀ, which a converged linear autoencoder reproduces
whatever basis its code uses.

It is trained on the centred data X − μ. A far-off mean makes plain gradient descent crawl: the
step must be small enough for the direction of the mean (curvature of order ‖μ‖²) while the
subspace is found along directions whose curvature is the gap between eigenvalues — on six
features whose means lie within ±10 it was still 20 % above PCA's error after 30,000 epochs,
and within 1,000 epochs centred. The net on centred data is the same function of the raw x with
its biases moved, b₁ ← b₁ − W₁μ and b₂ ← b₂ + μ, which is how its weights are reported.

The learning rate is scaled to the data: η = D / (4 s) with s the largest eigenvalue of
X_cᵀX_c/n, which keeps full-batch gradient descent on the mean squared error stable for weights
of order one.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from aecalc.batch.pca import subspace_angles
from aecalc.batch.train import glorot_uniform, seeded, train
from aecalc.errors import InputError
from aecalc.nets.pca import tied
from aecalc.nets.pca_ae import AutoencoderComparison

FloatArray = npt.NDArray[np.float64]

TOLERANCE = 1e-12
"""Converged: the objective changed by at most this fraction of itself over :data:`WINDOW`
epochs (then the subspace angle is within about 0.005° even where two eigenvalues differ by
0.3 %; float64 rounding of the objective is near 1e-15)."""
WINDOW = 100
EPOCHS = 100_000
WORK = 1_000_000_000
"""--compare-ae's default budget: epochs × n × D at most this (100,000 epochs up to 10,000
values, then fewer, at least 100)."""


def default_epochs(shape: tuple[int, ...]) -> int:
    """The budget: 100,000 full-batch epochs, fewer (at least 100) when n × D is large."""
    size = max(1, shape[0] * shape[1])
    return max(100, min(EPOCHS, WORK // size))


def default_lr(x: FloatArray) -> float:
    n, d = x.shape
    with np.errstate(over="ignore"):
        top = np.float64(np.linalg.norm(x, 2)) ** 2 / n
    if not np.isfinite(top):  # data near ±1.8e308: their squares, and any step, overflow
        raise InputError(
            "--x",
            "the data's squares go beyond float64 (±1.8e+308), so the autoencoder cannot be "
            "trained on them: scale the data down for --compare-ae",
        )
    return float(d / (4.0 * top)) if top > 0 else 0.1


def _rows(matrix: FloatArray) -> tuple[tuple[float, ...], ...]:
    return tuple(tuple(float(v) for v in row) for row in np.atleast_2d(matrix))


def compare_linear_autoencoder(
    x: FloatArray,
    k: int,
    components: FloatArray,
    *,
    eigenvalues: tuple[float, ...],
    pca_mse: float,
    epochs: int,
    lr: float | None,
    seed: int,
) -> AutoencoderComparison:
    """Train D → K → D on ``x`` (centred first) until the criterion or ``epochs``; compare."""
    d = x.shape[1]
    sizes = (d, k, d)
    rng = seeded(seed)
    weights, biases = glorot_uniform(sizes, rng)
    mean = x.mean(axis=0)
    centred = x - mean
    rate = default_lr(centred) if lr is None else lr
    result = train(
        weights,
        biases,
        ("linear", "linear"),
        centred,
        loss="mse",
        lr=rate,
        epochs=epochs,
        seed=seed,
        code_index=1,
        top=0,
        rng=rng,
        init=f"Glorot uniform (seed {seed}), biases 0",
        converge=(TOLERANCE, WINDOW),
    )
    encoder, decoder = result.weights  # K × D, D × K: the decoder's columns span x̂ − b₂
    encoder_b = result.biases[0] - encoder @ mean
    decoder_b = result.biases[1] + mean
    angles = subspace_angles(components, decoder.T)
    composed = decoder @ encoder
    projector = components.T @ components
    return AutoencoderComparison(
        architecture=sizes,
        epochs=result.epochs_done,
        epochs_budget=epochs,
        lr=rate,
        seed=seed,
        reconstruction_mse=result.final_recon,
        subspace_angle_deg=angles[0],
        principal_angles_deg=angles,
        code_gram=_rows(decoder.T @ decoder),
        loss_history=(*result.loss_history, result.final_loss),
        stopped=bool(result.converged),
        tolerance=TOLERANCE,
        window=WINDOW,
        tie=k - 1 in tied(eigenvalues, k),
        seconds=result.seconds,
        encoder_w=_rows(encoder),
        encoder_b=tuple(float(v) for v in encoder_b),
        decoder_w=_rows(decoder),
        decoder_b=tuple(float(v) for v in decoder_b),
        composed=_rows(composed),
        projector=_rows(projector),
        composed_gap=float(np.max(np.abs(composed - projector))),
        pca_mse=pca_mse,
    )
