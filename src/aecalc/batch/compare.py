"""``pca --compare-ae``: a linear autoencoder D → K → D trained on the same data, beside PCA.

The autoencoder (linear activations, MSE, biases, Glorot-uniform start) is trained by
:func:`aecalc.batch.train.train` with full-batch gradient descent. Its reconstructions
x̂ = W₂(W₁x + b₁) + b₂ lie in the affine subspace spanned by W₂'s K columns; the comparison
is the largest principal angle between that span and the span of the first K principal
components, and the reconstruction MSE of each (the mean over all n·D entries).

The default learning rate is scaled to the data: η = D / (4 s) with s the largest eigenvalue
of XᵀX/n (the uncentred second moment, since the biases start at 0), which keeps full-batch
gradient descent on the mean squared error stable for weights of order one.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from aecalc.batch.pca import subspace_angles
from aecalc.batch.train import glorot_uniform, seeded, train
from aecalc.errors import InputError
from aecalc.nets.pca import CONVERGED_DEG, AutoencoderComparison

FloatArray = npt.NDArray[np.float64]


EPOCHS = 3000
WORK = 600_000_000
"""--compare-ae's default budget: epochs × n × D at most this (3,000 epochs up to 200,000 values)."""


def default_epochs(shape: tuple[int, ...]) -> int:
    """3,000 full-batch epochs, fewer (at least 100) when n × D is large."""
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


def compare_linear_autoencoder(
    x: FloatArray,
    k: int,
    components: FloatArray,
    *,
    epochs: int,
    lr: float | None,
    seed: int,
) -> AutoencoderComparison:
    d = x.shape[1]
    sizes = (d, k, d)
    rng = seeded(seed)
    weights, biases = glorot_uniform(sizes, rng)
    rate = default_lr(x) if lr is None else lr
    result = train(
        weights,
        biases,
        ("linear", "linear"),
        x,
        loss="mse",
        lr=rate,
        epochs=epochs,
        seed=seed,
        code_index=1,
        top=0,
        rng=rng,
        init=f"Glorot uniform (seed {seed}), biases 0",
    )
    decoder = result.weights[1]  # D × K: its columns span the reconstructions
    angles = subspace_angles(components, decoder.T)
    gram = decoder.T @ decoder
    return AutoencoderComparison(
        architecture=sizes,
        epochs=result.epochs_done,
        lr=rate,
        seed=seed,
        reconstruction_mse=float(result.errors.mean()),
        subspace_angle_deg=angles[0],
        principal_angles_deg=angles,
        code_gram=tuple(tuple(float(v) for v in row) for row in gram),
        loss_history=(*result.loss_history, result.final_loss),
        converged=angles[0] < CONVERGED_DEG,
    )
