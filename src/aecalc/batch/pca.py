"""PCA in float64 through NumPy's SVD, for data that are not exact or not small.

``float_pca(x, k, divisor) -> PcaResult`` (:mod:`aecalc.nets.pca`): the SVD of the centred data
X_c = U S Vᵀ gives the components (the rows of Vᵀ) and the eigenvalues of the covariance
λ_i = s_i² / (n − 1) (or s_i² / n with ``divisor="n"``) without forming X_cᵀX_c (better
conditioned); the covariance itself is formed only to be shown, when D ≤
:data:`MAX_SHOWN_FEATURES`. The scores Z = X_c V_Kᵀ of every sample are kept up to
:data:`MAX_PROJECTIONS` values, and PCA's linear autoencoder is run through the forward pass
on the samples (:func:`aecalc.nets.pca_ae.linear_autoencoder`). Eigenvalues beyond min(n, D)
are 0 (listed, so all D appear). The worked tables (centred data, projection, reconstruction)
are kept when the data are small (n ≤ :data:`MAX_WORKED_SAMPLES`, D ≤
:data:`MAX_WORKED_FEATURES`); larger data are summarised. Data of more than
:data:`STREAM_VALUES` values (a memory-mapped ``.npy`` of any real dtype) are read a chunk of rows
at a time through their covariance (:func:`streamed_pca`), never widened to float64 as a whole.

``subspace_angles(a, b) -> degrees`` gives the principal angles between the row spaces of two
K × D matrices (largest first), from the singular values of Q_aᵀ Q_b, with the largest one
recomputed from sin θ = ‖(I − P_a) Q_b‖₂ so a small angle keeps its digits.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from aecalc.errors import InputError
from aecalc.nets.pca import (
    NO_VARIANCE,
    Divisor,
    PcaResult,
    check_shape,
    divided_by,
    notes,
    tie_note,
)
from aecalc.nets.pca_ae import LinearAutoencoder, linear_autoencoder

FloatArray = npt.NDArray[np.float64]
MAX_SHOWN_FEATURES = 200
STREAM_VALUES = 1 << 22
"""Data with more values than this (32 MiB as float64) are worked a chunk of rows at a time."""
MAX_STREAM_FEATURES = 4_096
CHUNK_VALUES = 1 << 20
MAX_WORKED_SAMPLES = 20
MAX_WORKED_FEATURES = 8
MAX_PROJECTIONS = 1_000_000
"""Scores (n·K values) kept for --json up to this many; beyond, the summary says so."""


def _rows(array: FloatArray) -> tuple[tuple[float, ...], ...]:
    return tuple(tuple(float(v) for v in row) for row in array)


def sign_fixed(components: FloatArray) -> FloatArray:
    """Each row times ±1 so that its largest-magnitude entry is positive (first of equals)."""
    biggest = np.argmax(np.abs(components), axis=1)
    signs = np.sign(components[np.arange(components.shape[0]), biggest])
    signs[signs == 0] = 1.0
    result: FloatArray = components * signs[:, np.newaxis]
    return result


def decompose(x: FloatArray, divisor: Divisor = "n-1") -> tuple[FloatArray, FloatArray, FloatArray]:
    """(mean, eigenvalues (all D, descending), components (min(n, D) unit rows))."""
    n, d = x.shape
    mean = x.mean(axis=0)
    centred = x - mean
    _, singular, vt = np.linalg.svd(centred, full_matrices=False)
    eigenvalues = np.zeros(d)
    eigenvalues[: singular.size] = singular**2 / divided_by(divisor, n)
    return mean, eigenvalues, sign_fixed(vt)


def _other(eigenvalues: FloatArray, n: int, divisor: Divisor) -> tuple[float, ...]:
    """The eigenvalues with the other divisor: × (n − 1)/n, or × n/(n − 1)."""
    scale = (n - 1) / n if divisor == "n-1" else n / (n - 1)
    return tuple(float(v) * scale for v in eigenvalues)


def _autoencoder(
    components: FloatArray, mean: FloatArray, x: FloatArray, x_hat: FloatArray
) -> LinearAutoencoder:
    """PCA's linear autoencoder, checked on the rows ``x`` against their reconstruction."""
    encoder_b = tuple(float(v) for v in -(components @ mean))
    return linear_autoencoder(
        "float", encoder_b, _rows(components), tuple(float(v) for v in mean), x, x_hat
    )


def float_pca(x: npt.NDArray[Any], k: int | None = None, divisor: Divisor = "n-1") -> PcaResult:
    """PCA of a data matrix (n × D, any real dtype), worked for small data, summarised otherwise;
    a large one (more than :data:`STREAM_VALUES` values, at most :data:`MAX_STREAM_FEATURES`
    features) a chunk of rows at a time (:func:`streamed_pca`)."""
    n, d = x.shape
    k = check_shape(n, d, k)
    if n * d > STREAM_VALUES and n >= d and d <= MAX_STREAM_FEATURES:
        return streamed_pca(x, k, divisor)
    x = np.asarray(x, dtype=np.float64)
    mean, eigenvalues, vt = decompose(x, divisor)
    total = float(eigenvalues.sum())
    if total == 0.0 or not np.isfinite(total):
        raise InputError("--x", NO_VARIANCE if total == 0.0 else "the variance overflows float64")
    components = vt[:k]
    centred = x - mean
    z = centred @ components.T
    x_hat = mean + z @ components
    total_squared = float(np.sum((x - x_hat) ** 2))
    worked = n <= MAX_WORKED_SAMPLES and d <= MAX_WORKED_FEATURES
    by = divided_by(divisor, n)
    covariance = centred.T @ centred / by if d <= MAX_SHOWN_FEATURES else None
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
        projection=_rows(z) if n * k <= MAX_PROJECTIONS else None,
        reconstruction=_rows(x_hat) if worked else None,
        mse=total_squared / (n * d),
        notes=notes(
            n,
            d,
            k,
            "float",
            tie_note(tuple(float(v) for v in eigenvalues), k, len(shown_vectors)),
            divisor,
        ),
        divisor=divisor,
        total_squared_error=total_squared,
        other_eigenvalues=_other(eigenvalues, n, divisor),
        linear_autoencoder=_autoencoder(components, mean, x, x_hat),
        worked=worked,
    )


def _chunks(x: npt.NDArray[Any]) -> Iterator[FloatArray]:
    """``x`` a block of rows at a time, as float64 (a memory-mapped int8 file is never widened
    as a whole)."""
    rows = max(1, CHUNK_VALUES // x.shape[1])
    for start in range(0, x.shape[0], rows):
        yield np.array(x[start : start + rows], dtype=np.float64)  # a copy: worked in place


def streamed_pca(x: npt.NDArray[Any], k: int, divisor: Divisor = "n-1") -> PcaResult:
    """PCA of large data through its covariance, three passes over the rows and never more than
    a chunk of them in float64 at once: the mean, then C = Σ (x − μ)(x − μ)ᵀ / (n − 1) (or / n; the D × D
    covariance, decomposed with ``eigh``), then the reconstruction MSE (PCA's autoencoder is
    checked on the first chunk). Memory: the covariance
    and a chunk, however many rows there are. (The covariance squares the data's condition
    number, which the SVD of small data avoids; at this size the summary's digits are not
    affected.)"""
    from aecalc.batch import memory

    n, d = x.shape
    memory.check(4 * memory.FLOAT64 * d * d, "--x", f"PCA of {d:,} features")
    with np.errstate(over="ignore", invalid="ignore"):
        mean = sum((chunk.sum(axis=0) for chunk in _chunks(x)), np.zeros(d)) / n
        scatter = np.zeros((d, d))
        for chunk in _chunks(x):
            np.subtract(chunk, mean, out=chunk)
            scatter += chunk.T @ chunk
        covariance = scatter / divided_by(divisor, n)
    if not np.all(np.isfinite(covariance)):
        raise InputError("--x", "the variance overflows float64")
    values, vectors = np.linalg.eigh(covariance)
    order = np.argsort(values, kind="stable")[::-1]
    eigenvalues = np.clip(values[order], 0.0, None)
    total = float(eigenvalues.sum())
    if total == 0.0:
        raise InputError("--x", NO_VARIANCE)
    components = sign_fixed(vectors[:, order].T)[:k]
    squares = 0.0
    first: tuple[FloatArray, FloatArray] | None = None  # a chunk and its X̂, for the check
    for chunk in _chunks(x):
        if first is None:
            first = (chunk.copy(), mean + ((chunk - mean) @ components.T) @ components)
        np.subtract(chunk, mean, out=chunk)
        np.subtract(chunk, (chunk @ components.T) @ components, out=chunk)  # X_c − X̂_c
        squares += float(np.einsum("ij,ij->", chunk, chunk))
    return PcaResult(
        arithmetic="float",
        n=n,
        d=d,
        k=k,
        mean=tuple(float(v) for v in mean),
        centred=None,
        covariance=_rows(covariance) if d <= MAX_SHOWN_FEATURES else None,
        trace=total,
        characteristic=None,
        eigenvalues=tuple(float(v) for v in eigenvalues),
        eigenvectors=_rows(components),
        explained_ratio=tuple(float(v) / total for v in eigenvalues),
        projection=None,
        reconstruction=None,
        mse=squares / (n * d),
        notes=notes(
            n, d, k, "float", tie_note(tuple(float(v) for v in eigenvalues), k, k), divisor
        ),
        divisor=divisor,
        total_squared_error=squares,
        other_eigenvalues=_other(eigenvalues, n, divisor),
        linear_autoencoder=None if first is None else _autoencoder(components, mean, *first),
        worked=False,
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
