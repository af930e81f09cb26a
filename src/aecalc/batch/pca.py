"""PCA in float64 through NumPy's SVD, for data that are not exact or not small.

``float_pca(x, k) -> PcaResult`` (:mod:`aecalc.nets.pca`): the SVD of the centred data
X_c = U S Vᵀ gives the components (the rows of Vᵀ) and the eigenvalues of the covariance
λ_i = s_i² / (n − 1) without forming X_cᵀX_c (better conditioned); the covariance itself is
formed only to be shown, when D ≤ :data:`MAX_SHOWN_FEATURES`. Eigenvalues beyond min(n, D)
are 0 (listed, so all D appear). The worked tables (centred data, projection, reconstruction)
are kept when the data are small (n ≤ :data:`MAX_WORKED_SAMPLES`, D ≤
:data:`MAX_WORKED_FEATURES`); larger data are summarised.

``subspace_angles(a, b) -> degrees`` gives the principal angles between the row spaces of two
K × D matrices (largest first), from the singular values of Q_aᵀ Q_b, with the largest one
recomputed from sin θ = ‖(I − P_a) Q_b‖₂ so a small angle keeps its digits.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from aecalc.errors import InputError
from aecalc.nets.pca import NO_VARIANCE, PcaResult, check_shape, notes, tie_note

FloatArray = npt.NDArray[np.float64]
MAX_SHOWN_FEATURES = 200
MAX_WORKED_SAMPLES = 20
MAX_WORKED_FEATURES = 8


def _rows(array: FloatArray) -> tuple[tuple[float, ...], ...]:
    return tuple(tuple(float(v) for v in row) for row in array)


def sign_fixed(components: FloatArray) -> FloatArray:
    """Each row times ±1 so that its largest-magnitude entry is positive (first of equals)."""
    biggest = np.argmax(np.abs(components), axis=1)
    signs = np.sign(components[np.arange(components.shape[0]), biggest])
    signs[signs == 0] = 1.0
    result: FloatArray = components * signs[:, np.newaxis]
    return result


def decompose(x: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(mean, eigenvalues (all D, descending), components (min(n, D) unit rows))."""
    n, d = x.shape
    mean = x.mean(axis=0)
    centred = x - mean
    _, singular, vt = np.linalg.svd(centred, full_matrices=False)
    eigenvalues = np.zeros(d)
    eigenvalues[: singular.size] = singular**2 / (n - 1)
    return mean, eigenvalues, sign_fixed(vt)


def float_pca(x: FloatArray, k: int | None = None) -> PcaResult:
    """PCA of a float64 data matrix (n × D), worked for small data, summarised otherwise."""
    n, d = x.shape
    k = check_shape(n, d, k)
    mean, eigenvalues, vt = decompose(x)
    total = float(eigenvalues.sum())
    if total == 0.0 or not np.isfinite(total):
        raise InputError("--x", NO_VARIANCE if total == 0.0 else "the variance overflows float64")
    components = vt[:k]
    centred = x - mean
    z = centred @ components.T
    x_hat = mean + z @ components
    mse = float(np.mean((x - x_hat) ** 2))
    worked = n <= MAX_WORKED_SAMPLES and d <= MAX_WORKED_FEATURES
    covariance = centred.T @ centred / (n - 1) if d <= MAX_SHOWN_FEATURES else None
    shown_vectors = vt if worked else components
    return PcaResult(
        arithmetic="float",
        n=n,
        d=d,
        k=k,
        mean=tuple(float(v) for v in mean),
        centred=_rows(centred) if worked else None,
        covariance=None if covariance is None else _rows(covariance),
        trace=total,
        characteristic=None,
        eigenvalues=tuple(float(v) for v in eigenvalues),
        eigenvectors=_rows(shown_vectors),
        explained_ratio=tuple(float(v) / total for v in eigenvalues),
        projection=_rows(z) if worked else None,
        reconstruction=_rows(x_hat) if worked else None,
        mse=mse,
        notes=notes(
            n,
            d,
            k,
            "float",
            tie_note(tuple(float(v) for v in eigenvalues), k, len(shown_vectors)),
        ),
    )


def orthonormal_rows(matrix: FloatArray) -> FloatArray:
    """An orthonormal basis (as rows) of the row space of a full-rank K × D matrix."""
    q, _ = np.linalg.qr(np.asarray(matrix, dtype=np.float64).T)
    result: FloatArray = q.T
    return result


def subspace_angles(a: Any, b: Any) -> tuple[float, ...]:
    """Principal angles in degrees between the row spaces of ``a`` and ``b`` (K × D), largest
    first: arccos of the singular values of Q_a Q_bᵀ for angles above 45°, arcsin of those of
    (I − P_a) Q_b below (where arccos would lose the digits), as Knyazev and Argentati advise."""
    qa, qb = orthonormal_rows(a), orthonormal_rows(b)
    cosines = np.sort(np.clip(np.linalg.svd(qa @ qb.T, compute_uv=False), 0.0, 1.0))[::-1]
    residual = qb - (qb @ qa.T) @ qa
    sines = np.sort(np.clip(np.linalg.svd(residual, compute_uv=False), 0.0, 1.0))
    angles = [
        float(np.degrees(np.arcsin(sine) if cosine * cosine >= 0.5 else np.arccos(cosine)))
        for cosine, sine in zip(cosines, sines, strict=True)
    ]
    return tuple(sorted(angles, reverse=True))
