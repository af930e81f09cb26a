"""Vectorized forward passes for big nets and big batches (float64 or float32, no exact math).

API (stable; ``aecalc/commands/forward.py`` codes against it)
-------------------------------------------------------------
Import this module only inside a command body: it imports NumPy at module top.

``ACTIVATIONS: tuple[str, ...]``
    The accepted names, those of :data:`aecalc.nets.activations.ACTIVATIONS`: ``sigmoid``,
    ``tanh``, ``relu``, ``leaky_relu`` (slope 0.01), ``elu`` (α = 1), ``linear``, ``softmax``
    (row-wise, i.e. over each sample's units). Each layer's kernel is its registry entry's
    ``in_place`` (or ``in_place_negated``).

``forward_batch(weights, biases, activations, x, *, dtype=np.float64, target=None, top=5,
out=None, keep=True) -> BatchResult``
    ``weights``: sequence of 2-D arrays, layer k's W shaped (out × in), input to output.
    ``biases``: sequence of 1-D arrays, b shaped (out,); same length as ``weights``.
    ``activations``: sequence of names, one per layer; a single name means every layer.
    ``x``: 2-D array (n samples × d, one sample per row) or 1-D (one sample).
    ``dtype``: ``np.float64`` (default) or ``np.float32``; everything is computed in it.
    ``target``: optional array shaped like the output (n × out, or 1-D when n == 1); the
    per-sample errors are measured against it instead of ``x``.
    ``top``: how many of the largest per-sample errors to list (0 for none).
    ``out``: optional (n × out) array of ``dtype`` to write x̂ into (e.g. the memory-mapped
    ``.npy`` of ``aecalc.batch.data.OutputArray``); then ``BatchResult.x_hat`` is that array.
    ``keep=False`` (and no ``out``): x̂ is not kept (``BatchResult.x_hat`` is None), only the
    errors, so a summary of n samples needs no n × out array.
    ``x`` may be of any real dtype (an int8 ``.npy`` memory-mapped by :mod:`aecalc.batch.data`):
    each chunk of rows is converted as it is reached, never the whole of it.
    Checks everything before any arithmetic and raises ``InputError`` with these arguments:
    ``--act`` (unknown name, wrong count), ``--model`` (W/b count or shapes don't chain:
    both shapes named), ``--x`` (width ≠ W1's in, or output size ≠ d and no target),
    ``--target`` (shape ≠ output shape), ``--dtype`` (not float64/float32), ``--top`` (< 0).
    The inputs are not modified. NaN/inf in the inputs are the loaders' job (see
    :mod:`aecalc.batch.data`); non-finite results (e.g. from huge weights with relu) are allowed
    and show up as such in the errors.

``BatchResult`` (an immutable record)
    ``x_hat``: (n × out) array in ``dtype`` (the reconstructions; save with
    ``aecalc.batch.data.save_array``).
    ``errors``: (n,) float64 array, per-sample MSE (mean over the row of (x̂ − x)², or of
    (x̂ − target)² when a target was given).
    ``mean_error``, ``min_error``, ``max_error``: floats (over the n samples).
    ``top``: tuple of ``(index, error)`` pairs, largest error first (ties: lower index first),
    at most ``top`` long — the anomaly-detection view.
    ``n_samples``, ``input_dim``, ``output_dim``: ints; ``architecture``: tuple of layer
    sizes (input, …, output); ``activations``: tuple of names, one per layer;
    ``dtype``: ``"float64"`` or ``"float32"``; ``against``: ``"x"`` or ``"target"``.
    ``as_json()`` → dict (no big arrays)::

        {"mode": "batch", "shape": [n, d], "output_shape": [n, out],
         "architecture": [...], "activations": [...], "dtype": "float64",
         "errors": {"kind": "mse", "against": "x", "mean": …, "min": …, "max": …},
         "top": [{"index": i, "error": e}, …],
         "loss": {"mse": mean}}

    ``loss.mse`` is the MSE over all n·out elements (= the mean of the per-sample MSEs).

``check_net(weights, biases, argument="--model") -> architecture`` and
``check_activations(activations, layers) -> names`` are the checks ``forward_batch`` runs first.

Speed: rows go through the net in chunks of ``CHUNK_ROWS``; x @ Wᵀ goes into per-chunk buffers
(``np.matmul(out=)``), the bias and the activation are applied in place (an activation with an
``in_place_negated`` kernel — the sigmoid — gets −W and −b so the product comes out negated,
saving a pass; the elementwise operations are exactly the textbook formula's, and the
benchmark's reconstructions match its straightforward script bit for bit). With two cores, two
threads each take the next chunk and carry it through every layer, while the BLAS library is
limited to one thread per call for the duration (``threadpoolctl``: OpenBLAS, MKL or BLIS,
restored afterwards; no environment variable is touched): one core's matrix products then
overlap the other's activations. Where no BLAS library is found the products use threaded
BLAS and the elementwise work is split over two threads instead. (The BLAS thread count is
process-wide: don't run two batches at once from different threads.) See
``docs/batch.md`` and ``bench/batch_forward.py`` for the measurements.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np
import numpy.typing as npt

from aecalc.batch import threads
from aecalc.batch.checks import check_activations, check_net, dtype_of, shape_text
from aecalc.errors import InputError
from aecalc.nets import activations as registry
from aecalc.nets import dense
from aecalc.nets.arith import Arrays, Elementwise, Settled
from aecalc.nets.dense import Dense
from aecalc.record import Record

ACTIVATIONS: tuple[str, ...] = registry.NAMES

FloatArray = npt.NDArray[np.floating[Any]]

__all__ = [
    "ACTIVATIONS",
    "CHUNK_ROWS",
    "BatchResult",
    "check_activations",
    "check_net",
    "dtype_of",
    "forward_batch",
]


class BatchResult(Record):
    """A batch forward pass: reconstructions, per-sample errors and their summary."""

    x_hat: FloatArray | None
    errors: npt.NDArray[np.float64]
    mean_error: float
    min_error: float
    max_error: float
    top: tuple[tuple[int, float], ...]
    n_samples: int
    input_dim: int
    output_dim: int
    architecture: tuple[int, ...]
    activations: tuple[str, ...]
    dtype: str
    against: str

    @property
    def mse(self) -> float:
        """The MSE over all n·out elements: the mean of the per-sample MSEs."""
        return self.mean_error

    def as_json(self) -> dict[str, object]:
        return {
            "mode": "batch",
            "shape": [self.n_samples, self.input_dim],
            "output_shape": [self.n_samples, self.output_dim],
            "architecture": list(self.architecture),
            "activations": list(self.activations),
            "dtype": self.dtype,
            "errors": {
                "kind": "mse",
                "against": self.against,
                "mean": self.mean_error,
                "min": self.min_error,
                "max": self.max_error,
            },
            "top": [{"index": index, "error": error} for index, error in self.top],
            "loss": {"mse": self.mse},
        }


# ---------------------------------------------------------------------------------------------
# The engine

#: Rows per chunk: big enough for BLAS to run at full speed, small enough that a chunk's
#: activations stay in cache and the per-chunk buffers add little to the peak memory.
CHUNK_ROWS = 512

#: "halves": two threads, each running whole chunks with single-threaded BLAS (needs a BLAS
#: library threadpoolctl can limit); "split": multithreaded BLAS, elementwise work split.
STRATEGY = "halves"


class _Buffered(Arrays):
    """The batch arithmetic writing each layer's W·h into a buffer of its own (one set per
    thread), and, given a pool, splitting ``+ b`` and the activation over two threads."""

    def __init__(self, buffers: dict[int, FloatArray], pool: ThreadPoolExecutor | None) -> None:
        self.buffers = buffers
        self.pool = pool

    def product(self, w: FloatArray, h: FloatArray) -> FloatArray:
        out = self.buffers[id(w)][: h.shape[0]]
        np.matmul(h, w.T, out=out)
        return out

    def plus(self, u: FloatArray, v: FloatArray) -> FloatArray:
        def add(part: FloatArray) -> None:
            part += v

        _split(u, add, self.pool)
        return u

    def activate(self, act: Elementwise, a: FloatArray, reuse: bool = False) -> Settled:
        _split(a, act.in_place, self.pool)
        return a, None


def _split(
    block: FloatArray, work: Callable[[FloatArray], None], pool: ThreadPoolExecutor | None
) -> None:
    """work(block) in place — on two threads, a row half each, given a pool and rows enough."""

    def guarded(part: FloatArray) -> None:
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):  # per thread
            work(part)

    rows = block.shape[0]
    if pool is None or rows < 64:
        guarded(block)
        return
    half = rows // 2
    future: Future[None] = pool.submit(guarded, block[half:])
    guarded(block[:half])
    future.result()


class _Engine:
    """Chunks of rows carried through every layer by :func:`aecalc.nets.dense.forward`."""

    def __init__(
        self,
        samples: npt.NDArray[Any],
        reference: npt.NDArray[Any],
        layers: tuple[Dense, ...],
        x_hat: FloatArray | None,
        errors: npt.NDArray[np.float64],
        dt: np.dtype[Any],
        out_dim: int,
    ) -> None:
        self.samples = samples
        self.reference = reference
        self.layers = layers
        self.x_hat = x_hat
        self.out_dim = out_dim
        self.errors = errors
        self.dt = dt

    def run(self, starts: Iterator[int], chunk: int, pool: ThreadPoolExecutor | None) -> None:
        """Carry the chunks whose first rows ``starts`` yields through every layer.

        Two threads may share one ``starts`` iterator: each takes the next chunk when it is
        done with its last (``next`` on an iterator is atomic under the GIL), so the work
        stays balanced even when one core is busy with something else. Each thread has its own
        buffers; the last layer writes straight into x̂.
        """
        samples, dt, n = self.samples, self.dt, self.samples.shape[0]
        last = self.layers[-1].weights
        buffers = {
            id(layer.weights): np.empty((chunk, layer.weights.shape[0]), dtype=dt)
            for layer in self.layers[:-1]
        }
        ar = _Buffered(buffers, pool)
        direct = samples.dtype == dt and samples.flags.c_contiguous
        staging = None if direct else np.empty((chunk, samples.shape[1]), dtype=dt)
        scratch = np.empty((chunk, self.out_dim), dtype=np.float64)
        # without x̂ to keep, each chunk's output goes to a buffer of this thread's own
        x_hat = np.empty((chunk, self.out_dim), dtype=dt) if self.x_hat is None else self.x_hat
        offset = 0 if self.x_hat is None else 1  # × start: where the chunk's rows go in x_hat
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):  # inf − inf: NaN
            for start in starts:
                stop = min(start + chunk, n)
                rows = stop - start
                if staging is None:
                    h: FloatArray = samples[start:stop]
                else:
                    h = staging[:rows]
                    np.copyto(h, samples[start:stop], casting="unsafe")
                buffers[id(last)] = x_hat[offset * start : offset * start + rows]
                h = dense.forward(ar, self.layers, h, keep=False)[-1].out
                diff = scratch[:rows]
                np.subtract(h, self.reference[start:stop], out=diff, casting="unsafe")
                np.square(diff, out=diff)
                np.sum(diff, axis=1, out=self.errors[start:stop])


def worst(errors: npt.NDArray[np.float64], top: int) -> list[int]:
    """The indices of the ``top`` largest errors, largest first (ties: lower index first),
    found a block at a time: no sort of all n errors, no n-long temporary."""
    if top <= 0:
        return []
    candidates: list[tuple[float, int]] = []
    block = max(1 << 20, top)
    for start in range(0, errors.shape[0], block):
        part = errors[start : start + block]
        part = np.where(np.isnan(part), -np.inf, part)  # NaN ranks last, as argsort puts it
        if part.shape[0] > top:
            threshold = np.partition(part, part.shape[0] - top)[part.shape[0] - top]
            above = np.flatnonzero(part > threshold)
            ties = np.flatnonzero(part == threshold)[: top - above.shape[0]]
            chosen = np.concatenate((above, ties))
        else:
            chosen = np.arange(part.shape[0])
        candidates += [(-float(part[i]), start + int(i)) for i in chosen]
    candidates.sort()
    return [index for _, index in candidates[:top]]


def forward_batch(
    weights: Sequence[npt.ArrayLike],
    biases: Sequence[npt.ArrayLike],
    activations: Sequence[str] | str,
    x: npt.ArrayLike,
    *,
    dtype: object = np.float64,
    target: npt.ArrayLike | None = None,
    top: int = 5,
    out: npt.NDArray[Any] | None = None,
    keep: bool = True,
) -> BatchResult:
    """Run a batch through the net; see the module docstring for the contract.

    ``out``: an (n × out) array of ``dtype`` to write x̂ into (e.g. a memory-mapped .npy from
    :class:`aecalc.batch.data.OutputArray`), so a batch larger than memory is never held in it.
    """
    dt = dtype_of(dtype)
    architecture = check_net(weights, biases)
    names = check_activations(activations, len(architecture) - 1)
    if top < 0:
        raise InputError("--top", f"must be 0 or more, not {top}")
    samples = np.asarray(x)
    if samples.ndim == 1:
        samples = samples[np.newaxis, :]
    if samples.ndim != 2 or samples.shape[0] == 0:
        raise InputError(
            "--x", f"must be a non-empty batch (n × d), not {shape_text(samples.shape)}"
        )
    n, d = samples.shape
    if d != architecture[0]:
        raise InputError(
            "--x",
            f"has {d} values per sample but W1 is {shape_text(np.shape(weights[0]))} (expects {architecture[0]})",
        )
    out_dim = architecture[-1]
    if target is None:
        if out_dim != d:
            raise InputError(
                "--x",
                f"has {d} values per sample but the net outputs {out_dim} "
                f"(W{len(names)} is {shape_text(np.shape(weights[-1]))}); give --target for another target",
            )
        reference = samples
        against = "x"
    else:
        reference = np.asarray(target)
        if reference.ndim == 1 and n == 1:
            reference = reference[np.newaxis, :]
        if reference.shape != (n, out_dim):
            raise InputError(
                "--target",
                f"is {shape_text(reference.shape)} but the output is {n}×{out_dim}",
            )
        against = "target"

    # Sigmoid layers get −W and −b (small copies) so the products come out already negated
    # and the activation starts from −a (one pass fewer).
    layers: list[Dense] = []
    for w, b, name in zip(weights, biases, names, strict=True):
        w_cast, bias = np.asarray(w, dtype=dt), np.asarray(b, dtype=dt)
        act = registry.ACTIVATIONS[name]
        negated = act.of_negated()
        if negated is not None:
            w_cast, bias, act = -w_cast, -bias, negated
        layers.append(Dense(w_cast, bias, act))

    if out is not None and (out.shape != (n, out_dim) or out.dtype != dt):
        raise ValueError(f"out must be {n}×{out_dim} {dt}, not {out.shape} {out.dtype}")
    x_hat = out if out is not None else np.empty((n, out_dim), dtype=dt) if keep else None
    errors = np.empty(n, dtype=np.float64)
    engine = _Engine(samples, reference, tuple(layers), x_hat, errors, dt, out_dim)
    chunk = min(CHUNK_ROWS, n)
    starts = iter(range(0, n, chunk))
    pool = threads.helper_pool()
    blas = (
        threads.blas_controller()
        if pool is not None and n > chunk and STRATEGY == "halves"
        else None
    )
    if pool is None or n <= chunk:
        engine.run(starts, chunk, None)
    elif blas is not None:
        # BLAS on one thread per call, and two threads each carrying whole chunks through every
        # layer: one core's matrix products overlap the other's activations, and no BLAS
        # worker spins while the activations run.
        with blas.limit(limits=1, user_api="blas"):
            future: Future[None] = pool.submit(engine.run, starts, chunk, None)
            engine.run(starts, chunk, None)
            future.result()
    else:
        # BLAS threads each matrix product; the bias and activation are split over two threads.
        engine.run(starts, chunk, pool)
    errors /= out_dim

    order = worst(errors, top)
    return BatchResult(
        x_hat=x_hat,
        errors=errors,
        mean_error=float(errors.mean()),
        min_error=float(errors.min()),
        max_error=float(errors.max()),
        top=tuple((int(i), float(errors[i])) for i in order),
        n_samples=n,
        input_dim=d,
        output_dim=out_dim,
        architecture=architecture,
        activations=names,
        dtype=str(dt),
        against=against,
    )
