"""Vectorized forward passes for big nets and big batches (float64 or float32, no exact math).

API (stable; ``aecalc/commands/forward.py`` codes against it)
-------------------------------------------------------------
Import this module only inside a command body: it imports NumPy at module top.

``ACTIVATIONS: tuple[str, ...]``
    The accepted names: ``sigmoid``, ``tanh``, ``relu``, ``leaky_relu`` (slope 0.01),
    ``elu`` (α = 1), ``linear``, ``softmax`` (row-wise, i.e. over each sample's units).

``forward_batch(weights, biases, activations, x, *, dtype=np.float64, target=None, top=5,
out=None) -> BatchResult``
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
(``np.matmul(out=)``), the bias and the activation are applied in place (sigmoid layers get
−W and −b so the product comes out negated, saving a pass; the elementwise operations are exactly
the textbook formula's, and the benchmark's reconstructions match its straightforward script
bit for bit). With two cores, two threads each take the next chunk and carry it through
every layer, while OpenBLAS is switched to one thread per call for the duration (found at run
time in the loaded library, restored afterwards; no environment variable is touched): one core's
matrix products then overlap the other's activations. Without that control the products use
threaded BLAS and the elementwise work is split over two threads instead. (The BLAS thread
count is process-wide: don't run two batches at once from different threads.) See
``docs/batch.md`` and ``bench/batch_forward.py`` for the measurements.
"""

from __future__ import annotations

import ctypes
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np
import numpy.typing as npt

from aecalc.errors import InputError
from aecalc.record import Record

ACTIVATIONS: tuple[str, ...] = (
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "elu",
    "linear",
    "softmax",
)

LEAKY_SLOPE = 0.01
ELU_ALPHA = 1.0

FloatArray = npt.NDArray[np.floating[Any]]


class BatchResult(Record):
    """A batch forward pass: reconstructions, per-sample errors and their summary."""

    x_hat: FloatArray
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
    mse: float

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
# Checks (all before any arithmetic)


_DTYPES: dict[str, np.dtype[Any]] = {
    "float64": np.dtype(np.float64),
    "float32": np.dtype(np.float32),
}


def _dtype_of(dtype: object) -> np.dtype[Any]:
    """``np.float64``/``np.float32``, their dtypes, or the names ``"float64"``/``"float32"``."""
    for name, resolved in _DTYPES.items():
        if dtype in (name, resolved) or dtype is resolved.type:
            return resolved
    raise InputError("--dtype", f"must be float64 or float32, not {dtype!r}")


def _shape_text(shape: tuple[int, ...]) -> str:
    return "×".join(str(size) for size in shape) if shape else "a scalar"


def check_net(
    weights: Sequence[npt.ArrayLike], biases: Sequence[npt.ArrayLike], argument: str = "--model"
) -> tuple[int, ...]:
    """Check that the layers chain (W_k+1 has as many columns as W_k has rows, b_k matches W_k).

    Returns the architecture (input size, then each layer's output size). Raises ``InputError``
    naming both shapes on a mismatch.
    """
    if len(weights) == 0:
        raise InputError(argument, "has no layers (expected W1, b1, …)")
    if len(weights) != len(biases):
        raise InputError(
            argument, f"has {len(weights)} weight matrices but {len(biases)} bias vectors"
        )
    sizes: list[int] = []
    for k, (w, b) in enumerate(zip(weights, biases, strict=True), start=1):
        w_shape = np.shape(w)
        b_shape = np.shape(b)
        if len(w_shape) != 2 or 0 in w_shape:
            raise InputError(
                argument,
                f"W{k} must be a non-empty 2-D matrix (out × in), not {_shape_text(w_shape)}",
            )
        if b_shape != (w_shape[0],):
            raise InputError(
                argument,
                f"b{k} has shape {_shape_text(b_shape)} but W{k} is {_shape_text(w_shape)} "
                f"(b{k} needs {w_shape[0]} values)",
            )
        if k == 1:
            sizes.append(w_shape[1])
        elif w_shape[1] != sizes[-1]:
            previous = np.shape(weights[k - 2])
            raise InputError(
                argument,
                f"W{k} is {_shape_text(w_shape)} but W{k - 1} is {_shape_text(previous)}: "
                f"W{k} needs {previous[0]} columns to take W{k - 1}'s {previous[0]} outputs",
            )
        sizes.append(w_shape[0])
    return tuple(sizes)


def check_activations(activations: Sequence[str] | str, layers: int) -> tuple[str, ...]:
    """One name per layer (a single name is used for every layer); unknown names are refused."""
    names = (activations,) if isinstance(activations, str) else tuple(activations)
    for name in names:
        if name not in ACTIVATIONS:
            raise InputError(
                "--act", f"unknown activation {name!r} (use one of {', '.join(ACTIVATIONS)})"
            )
    if len(names) == 1:
        return names * layers
    if len(names) != layers:
        raise InputError(
            "--act",
            f"gives {len(names)} activations but the net has {layers} layers (give 1 or {layers})",
        )
    return names


# ---------------------------------------------------------------------------------------------
# In-place activations on a 2-D block (rows = samples)


def _sigmoid(h: FloatArray) -> None:
    # 1 / (1 + e^(−t)): the same operations, in the same order, as the textbook formula, so the
    # result is bit-for-bit the straightforward one. e^(−t) overflows to inf for t < −709, and
    # then 1 / (1 + inf) = 0 is the correctly rounded answer; e^(−t) underflows to 0 for large t,
    # and 1 / (1 + 0) = 1 is right too: neither flag is an error, so the engine runs with
    # over/under ignored (invalid and divide stay as the caller set them).
    np.negative(h, out=h)
    _sigmoid_of_negated(h)


def _sigmoid_of_negated(h: FloatArray) -> None:
    """σ(t) given h = −t (the engine feeds sigmoid layers negated weights and biases).

    −(x·Wᵀ + b) = x·(−W)ᵀ + (−b) holds bit for bit (rounding to nearest is symmetric in
    sign), so this saves a pass without changing a single bit; 1.0 / v is the same division
    as np.reciprocal but faster.
    """
    np.exp(h, out=h)
    h += 1.0
    np.divide(1.0, h, out=h)


def _tanh(h: FloatArray) -> None:
    np.tanh(h, out=h)


def _relu(h: FloatArray) -> None:
    np.maximum(h, 0.0, out=h)


def _leaky_relu(h: FloatArray) -> None:
    np.multiply(h, LEAKY_SLOPE, out=h, where=h < 0.0)


def _elu(h: FloatArray) -> None:
    np.expm1(h, out=h, where=h < 0.0)  # α = 1


def _linear(h: FloatArray) -> None:
    return


def _softmax(h: FloatArray) -> None:
    h -= h.max(axis=1, keepdims=True)
    np.exp(h, out=h)
    h /= h.sum(axis=1, keepdims=True)


_IN_PLACE: dict[str, Callable[[FloatArray], None]] = {
    "sigmoid": _sigmoid,
    "tanh": _tanh,
    "relu": _relu,
    "leaky_relu": _leaky_relu,
    "elu": _elu,
    "linear": _linear,
    "softmax": _softmax,
}


# ---------------------------------------------------------------------------------------------
# The engine

#: Rows per chunk: big enough for BLAS to run at full speed, small enough that a chunk's
#: activations stay in cache and the per-chunk buffers add little to the peak memory.
CHUNK_ROWS = 512

_pool_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _helper_pool() -> ThreadPoolExecutor | None:
    """One extra thread for the elementwise work (None on a single core)."""
    global _pool  # noqa: PLW0603
    if _cores() < 2:
        return None
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aecalc-batch")
        return _pool


def _elementwise(
    block: FloatArray,
    bias: FloatArray,
    activation: Callable[[FloatArray], None],
    pool: ThreadPoolExecutor | None,
) -> None:
    """block += bias; activation(block) — split over two threads on row halves."""

    def work(part: FloatArray) -> None:
        with np.errstate(
            over="ignore", under="ignore"
        ):  # each thread has its own floating-point error state
            part += bias
            activation(part)

    rows = block.shape[0]
    if pool is None or rows < 64:
        work(block)
        return
    half = rows // 2
    future: Future[None] = pool.submit(work, block[half:])
    work(block[:half])
    future.result()


#: "halves": two threads, each running whole chunks with single-threaded BLAS (needs OpenBLAS's
#: thread control, found at run time); "split": multithreaded BLAS, elementwise work split.
STRATEGY = "halves"

_BLAS_SYMBOLS = (
    ("scipy_openblas_get_num_threads64_", "scipy_openblas_set_num_threads64_"),
    ("scipy_openblas_get_num_threads", "scipy_openblas_set_num_threads"),
    ("openblas_get_num_threads64_", "openblas_set_num_threads64_"),
    ("openblas_get_num_threads", "openblas_set_num_threads"),
)
BlasControl = tuple[Callable[[], int], Callable[[int], None]]
_blas_searched = False
_blas_control: BlasControl | None = None


def _blas_threads_control() -> BlasControl | None:
    """(get, set) for the number of OpenBLAS threads NumPy uses, or None if not found.

    Looks for an OpenBLAS library already loaded into the process (NumPy's wheels bundle
    one) and its thread-count functions; no environment variable is read or changed.
    """
    global _blas_control, _blas_searched  # noqa: PLW0603
    if _blas_searched:
        return _blas_control
    _blas_searched = True
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {line.split()[-1] for line in maps if "openblas" in line.lower()}
    except OSError:
        return None
    for path in sorted(paths):
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        for get_name, set_name in _BLAS_SYMBOLS:
            getter = getattr(library, get_name, None)
            setter = getattr(library, set_name, None)
            if getter is None or setter is None:
                continue
            getter.restype = ctypes.c_int
            getter.argtypes = []
            setter.restype = None
            setter.argtypes = [ctypes.c_int]

            def get_threads(getter: Any = getter) -> int:
                return int(getter())

            def set_threads(count: int, setter: Any = setter) -> None:
                setter(count)

            _blas_control = (get_threads, set_threads)
            return _blas_control
    return None


class _Engine:
    """The per-chunk pipeline over a range of rows, with its own buffers."""

    def __init__(
        self,
        samples: npt.NDArray[Any],
        reference: npt.NDArray[Any],
        w_t: list[FloatArray],
        biases: list[FloatArray],
        steps: list[Callable[[FloatArray], None]],
        x_hat: FloatArray,
        errors: npt.NDArray[np.float64],
        dt: np.dtype[Any],
    ) -> None:
        self.samples = samples
        self.reference = reference
        self.w_t = w_t
        self.biases = biases
        self.steps = steps
        self.x_hat = x_hat
        self.errors = errors
        self.dt = dt

    def run(self, starts: Iterator[int], chunk: int, pool: ThreadPoolExecutor | None) -> None:
        """Carry the chunks whose first rows ``starts`` yields through every layer.

        Two threads may share one ``starts`` iterator: each takes the next chunk when it is
        done with its last (``next`` on an iterator is atomic under the GIL), so the work
        stays balanced even when one core is busy with something else.
        """
        samples, dt, layers, n = self.samples, self.dt, len(self.w_t), self.samples.shape[0]
        buffers = [np.empty((chunk, w.shape[1]), dtype=dt) for w in self.w_t[:-1]]
        direct = samples.dtype == dt and samples.flags.c_contiguous
        staging = None if direct else np.empty((chunk, samples.shape[1]), dtype=dt)
        scratch = np.empty((chunk, self.x_hat.shape[1]), dtype=np.float64)
        with np.errstate(over="ignore", under="ignore"):
            for start in starts:
                stop = min(start + chunk, n)
                rows = stop - start
                if staging is None:
                    h: FloatArray = samples[start:stop]
                else:
                    h = staging[:rows]
                    np.copyto(h, samples[start:stop], casting="unsafe")
                for k in range(layers):
                    out = self.x_hat[start:stop] if k == layers - 1 else buffers[k][:rows]
                    np.matmul(h, self.w_t[k], out=out)
                    _elementwise(out, self.biases[k], self.steps[k], pool)
                    h = out
                diff = scratch[:rows]
                np.subtract(h, self.reference[start:stop], out=diff, casting="unsafe")
                np.square(diff, out=diff)
                np.sum(diff, axis=1, out=self.errors[start:stop])


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
) -> BatchResult:
    """Run a batch through the net; see the module docstring for the contract.

    ``out``: an (n × out) array of ``dtype`` to write x̂ into (e.g. a memory-mapped .npy from
    :class:`aecalc.batch.data.OutputArray`), so a batch larger than memory is never held in it.
    """
    dt = _dtype_of(dtype)
    architecture = check_net(weights, biases)
    layers = len(architecture) - 1
    names = check_activations(activations, layers)
    if top < 0:
        raise InputError("--top", f"must be 0 or more, not {top}")
    samples = np.asarray(x)
    if samples.ndim == 1:
        samples = samples[np.newaxis, :]
    if samples.ndim != 2 or samples.shape[0] == 0:
        raise InputError(
            "--x", f"must be a non-empty batch (n × d), not {_shape_text(samples.shape)}"
        )
    n, d = samples.shape
    if d != architecture[0]:
        raise InputError(
            "--x",
            f"has {d} values per sample but W1 is {_shape_text(np.shape(weights[0]))} (expects {architecture[0]})",
        )
    out_dim = architecture[-1]
    if target is None:
        if out_dim != d:
            raise InputError(
                "--x",
                f"has {d} values per sample but the net outputs {out_dim} "
                f"(W{layers} is {_shape_text(np.shape(weights[-1]))}); give --target for another target",
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
                f"is {_shape_text(reference.shape)} but the output is {n}×{out_dim}",
            )
        against = "target"

    # Transposed views of the weights: x @ Wᵀ without copying (BLAS reads the transpose).
    # Sigmoid layers get −W and −b (small copies) so the products come out already negated.
    w_t: list[FloatArray] = []
    b_cast: list[FloatArray] = []
    steps: list[Callable[[FloatArray], None]] = []
    for w, b, name in zip(weights, biases, names, strict=True):
        w_cast, bias = np.asarray(w, dtype=dt), np.asarray(b, dtype=dt)
        step: Callable[[FloatArray], None]
        if name == "sigmoid":
            w_cast, bias, step = -w_cast, -bias, _sigmoid_of_negated
        else:
            step = _IN_PLACE[name]
        w_t.append(w_cast.T)
        b_cast.append(bias)
        steps.append(step)

    if out is not None and (out.shape != (n, out_dim) or out.dtype != dt):
        raise ValueError(f"out must be {n}×{out_dim} {dt}, not {out.shape} {out.dtype}")
    x_hat = np.empty((n, out_dim), dtype=dt) if out is None else out
    errors = np.empty(n, dtype=np.float64)
    engine = _Engine(samples, reference, w_t, b_cast, steps, x_hat, errors, dt)
    chunk = min(CHUNK_ROWS, n)
    starts = iter(range(0, n, chunk))
    pool = _helper_pool()
    strategy = STRATEGY
    blas = _blas_threads_control() if strategy == "halves" else None
    if strategy == "halves" and blas is None:
        strategy = "split"
    if pool is None or n <= chunk:
        engine.run(starts, chunk, None)
    elif strategy == "halves" and blas is not None:
        # BLAS on one thread per call, and two threads each carrying whole chunks through every
        # layer: one core's matrix products overlap the other's activations, and no BLAS
        # worker spins while the activations run.
        get_threads, set_threads = blas
        before = get_threads()
        set_threads(1)
        try:
            future: Future[None] = pool.submit(engine.run, starts, chunk, None)
            engine.run(starts, chunk, None)
            future.result()
        finally:
            set_threads(before)
    else:
        # BLAS threads each matrix product; the bias and activation are split over two threads.
        engine.run(starts, chunk, pool)
    errors /= out_dim

    order = np.argsort(-errors, kind="stable")[:top]
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
        mse=float(errors.mean()),
    )
