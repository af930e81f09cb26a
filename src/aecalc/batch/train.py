"""Gradient descent on a data set, vectorised in float64: the formulas of ``backprop``, batched.

API (``aecalc/commands/train.py`` and ``aecalc pca --compare-ae`` code against it)
---------------------------------------------------------------------------------
``glorot_uniform(sizes, rng, tied) -> (weights, biases)``
    W_ℓ ~ U(−a, a), a = √(6 / (fan_in + fan_out)), shaped (out × in); biases 0. Tied: each
    decoder W is its encoder twin's transpose.

``train(weights, biases, activations, x, *, loss, lr, epochs, batch_size=None, seed=0,
noise=None, penalty=None, tied=False, code_index, progress=None, init="", converge=None)
-> TrainResult``
    ``x``: n × d float64, one sample per row. Every epoch visits the samples in a fresh seeded
    order (full batch: in order) in batches of ``batch_size`` (default n); each batch is one
    plain step W ← W − η ∂J/∂W on its objective J = mean over its samples of the per-sample
    loss (:data:`aecalc.nets.losses.LOSSES`: mse and bce a mean over features, half-sse ½Σ)
    plus the penalty on the code layer (:data:`aecalc.nets.penalties.PENALTIES`). The
    activations' values and vector-Jacobian products come from
    :data:`aecalc.nets.activations.ACTIVATIONS`.
    ``noise``: (kind, level) from :func:`aecalc.nets.noise.parse_noise`; each batch's inputs are
    corrupted afresh (Gaussian: x + σ·ε; mask: each entry 0 with probability p) and the loss is
    taken against the clean batch. ``penalty``: (name, weight, ρ or None).
    ``tied``: layer L−1−ℓ uses W_ℓᵀ; the shared matrix takes the sum of both gradients.
    ``progress(epochs_done, epochs, objective)`` is called after each epoch.
    ``converge``: (tolerance, window), an optional stopping criterion: training stops before an
    epoch's first step once the objective has changed by at most tolerance × its value over the
    last ``window`` epochs, or has fallen to tolerance × its start (``epochs`` is then a
    budget); ``TrainResult.converged`` says whether it did (None when no criterion was given).
    Ctrl-C (SIGINT, in the main thread) stops after the batch under way; the result says so and
    holds the weights reached. A non-finite objective raises ``InputError("--lr", …)`` naming the
    epoch.

``TrainResult``: ``loss_history`` (the objective over the whole set, clean inputs, before each
epoch's first update), ``final_loss`` (after the last update), the weights, the per-sample
reconstruction MSE and the ``top`` worst, the code of the first samples, timings.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from aecalc.batch import threads
from aecalc.errors import InputError
from aecalc.nets import dense
from aecalc.nets.activations import ACTIVATIONS
from aecalc.nets.arith import ARRAYS
from aecalc.nets.dense import Dense
from aecalc.nets.losses import LOSSES
from aecalc.nets.network import twins
from aecalc.nets.penalties import PENALTIES, PenaltyParams, check_code
from aecalc.record import Record

FloatArray = npt.NDArray[np.float64]
EVAL_ROWS = 4096
CODES_SHOWN = 5
MAX_EPOCHS = 1_000_000


class TrainResult(Record):
    """A training run: the loss curve, the weights reached and the reconstruction errors."""

    architecture: tuple[int, ...]
    activations: tuple[str, ...]
    loss: str
    lr: float
    epochs: int  # asked for
    epochs_done: int  # completed
    batch_size: int
    batches_per_epoch: int
    seed: int
    init: str
    tied: bool
    noise: tuple[str, float] | None
    penalty: tuple[str, float, float | None] | None
    code_index: int
    loss_history: tuple[float, ...]
    final_loss: float
    final_recon: float  # the loss alone (no penalty) after the last update
    weights: tuple[FloatArray, ...]
    biases: tuple[FloatArray, ...]
    errors: FloatArray  # per-sample MSE of x̂ against the clean x, after training
    top: tuple[tuple[int, float], ...]
    codes: tuple[tuple[float, ...], ...]  # the code of the first samples
    interrupted: bool
    stopped_at: tuple[int, int] | None  # (epoch, batches done in it) when interrupted
    seconds: float
    step_seconds: float = 0.0  # of which the gradient steps
    eval_seconds: float = 0.0  # of which the whole-set evaluations (loss curve, final errors)
    converged: bool | None = None  # the ``converge`` criterion was met (None: none given)

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "architecture": list(self.architecture),
            "activations": list(self.activations),
            "loss_name": self.loss,
            "lr": self.lr,
            "epochs": self.epochs_done,
            "epochs_requested": self.epochs,
            "batch_size": self.batch_size,
            "seed": self.seed,
            "init": self.init,
            "tied": self.tied,
            "noise": None
            if self.noise is None
            else {"kind": self.noise[0], "level": self.noise[1]},
            "penalty": None
            if self.penalty is None
            else {"kind": self.penalty[0], "weight": self.penalty[1], "rho": self.penalty[2]},
            "loss_history": list(self.loss_history),
            "final_loss": self.final_loss,
            "final_reconstruction_loss": self.final_recon,
            "errors": {
                "kind": "mse",
                "against": "x",
                "mean": float(self.errors.mean()),
                "min": float(self.errors.min()),
                "max": float(self.errors.max()),
            },
            "top": [{"index": i, "error": e} for i, e in self.top],
            "codes": [list(code) for code in self.codes],
            "interrupted": self.interrupted,
            "seconds": self.seconds,
        }
        if self.converged is not None:
            data["converged"] = self.converged
        return data


# ---------------------------------------------------------------------------------------------
# Initialisation and checks


def seeded(seed: int, argument: str = "--seed") -> np.random.Generator:
    """NumPy's generator for ``seed`` (start weights, shuffling, noise); NumPy takes only seeds of
    0 or more, so a negative one is an :class:`InputError` naming ``argument``."""
    if seed < 0:
        raise InputError(argument, f"{seed} is negative: a seed is a whole number, 0 or more")
    return np.random.default_rng(seed)


def glorot_uniform(
    sizes: Sequence[int], rng: np.random.Generator, tied: bool = False
) -> tuple[list[FloatArray], list[FloatArray]]:
    """Glorot (Xavier) uniform weights, zero biases; tied decoders are transposes."""
    weights: list[FloatArray] = []
    layers = len(sizes) - 1
    for index in range(layers):
        fan_in, fan_out = sizes[index], sizes[index + 1]
        twin = layers - 1 - index
        if tied and twin < index:
            weights.append(weights[twin].T.copy())
            continue
        limit = float(np.sqrt(6.0 / (fan_in + fan_out)))
        weights.append(rng.uniform(-limit, limit, size=(fan_out, fan_in)))
    biases = [np.zeros(size) for size in sizes[1:]]
    return weights, biases


def check_tied(weights: Sequence[FloatArray], argument: str = "--model") -> None:
    layers = len(weights)
    if layers % 2:
        raise InputError(
            "--tied", f"needs an even number of layers (a mirrored net); this one has {layers}"
        )
    for decoder, encoder in twins(layers).items():
        if weights[decoder].shape != weights[encoder].T.shape:
            raise InputError(
                "--tied",
                f"W{decoder + 1} is {'×'.join(map(str, weights[decoder].shape))} but W{encoder + 1}ᵀ is "
                f"{'×'.join(map(str, weights[encoder].T.shape))}: tied weights need a mirrored net",
            )
        if not np.array_equal(weights[decoder], weights[encoder].T):
            raise InputError(
                argument,
                f"W{decoder + 1} is not W{encoder + 1}ᵀ, so the model is not tied "
                "(drop --tied, or save the decoder as the encoder's transpose)",
            )


def check_penalty(
    penalty: tuple[str, float, float | None] | None, names: Sequence[str], code_index: int
) -> None:
    """Refuse a penalty train cannot use, or one its code layer does not suit (the entry says)."""
    if penalty is not None:
        check_code(penalty[0], names[code_index - 1], code_index)


# ---------------------------------------------------------------------------------------------
# The passes

SPLIT_WORK = 200_000
"""A step of at least this many multiply-adds (rows × Σ fan-in·fan-out) is split over two threads
when there are two cores. Below it the threads' hand-over costs more than it saves: split, a step
of 16-4-16 on 512 rows (65,536) took 1.8× as long, one of 16-8-16 on 1,024 rows (262,144) 0.55×
(bench/train_split.py; bench/README.md)."""


class _Net:
    """The weights being trained and the forward/backward formulas."""

    def __init__(
        self,
        weights: Sequence[FloatArray],
        biases: Sequence[FloatArray],
        names: Sequence[str],
        loss: str,
        penalty: tuple[str, float, float | None] | None,
        code_index: int,
        tied: bool,
    ) -> None:
        self.weights = [np.array(w, dtype=np.float64) for w in weights]
        self.biases = [np.array(b, dtype=np.float64) for b in biases]
        self.acts = [ACTIVATIONS[name] for name in names]
        self.loss = LOSSES[loss]
        self.loss_is_mse = loss == "mse"
        self.penalty = None if penalty is None else PENALTIES[penalty[0]]
        self.weight = 0.0 if penalty is None else penalty[1]
        self.rho = None if penalty is None else penalty[2]
        self.code_index = code_index
        self.twins = twins(len(self.weights)) if tied else {}
        use = None if self.penalty is None else self.penalty.train
        self.split_blocked = use is not None and use.batch_coupled  # ρ̂ is over the whole batch

    def params(self) -> PenaltyParams:
        return PenaltyParams(self.weight, self.rho, self.weights[0])

    def layers(self) -> list[Dense]:
        """The layers as they stand (the arrays themselves, not copies)."""
        return [
            Dense(w, b, act) for w, b, act in zip(self.weights, self.biases, self.acts, strict=True)
        ]

    def output(self, x: FloatArray) -> tuple[FloatArray, FloatArray]:
        """(x̂, the code): the forward pass without keeping the pre-activations (an evaluation)."""
        passes = dense.forward(ARRAYS, self.layers(), x, keep=False)
        return passes[-1].out, passes[self.code_index - 1].out

    def gradients(
        self, x_in: FloatArray, x_clean: FloatArray, rows: int
    ) -> tuple[list[FloatArray], list[FloatArray]]:
        """This block's share of ∂J/∂W and ∂J/∂b, J the mean objective over ``rows`` samples
        (the block is all of them, or part of them when a step is split over two threads)."""
        layers = self.layers()
        passes = dense.forward(ARRAYS, layers, x_in)
        g = self.loss.numpy_grad(x_clean, passes[-1].out)
        g /= rows
        share = x_in.shape[0] / rows  # the penalty's gradients are means over the block
        explicit_w0 = None
        adjust = None
        if self.penalty is not None:
            penalty, params, code = self.penalty, self.params(), self.code_index - 1
            z = passes[code].out
            if penalty.numpy_grad_w is not None:
                explicit_w0 = penalty.numpy_grad_w(z, params)
                if share != 1:
                    explicit_w0 *= share

            def adjust(i: int, g: FloatArray) -> FloatArray:
                """At the code layer, the penalty's ∂/∂z joins the loss's gradient."""
                if i != code:
                    return g
                g_z = penalty.numpy_grad_z(z, params)
                return g + (g_z if share == 1 else share * g_z)

        grads = dense.backward(ARRAYS, layers, passes, g, adjust=adjust)
        grads_w: list[FloatArray] = [grad.grad_w for grad in grads]
        if explicit_w0 is not None:
            grads_w[0] += explicit_w0
        return grads_w, [grad.grad_b for grad in grads]

    def step(self, x_in: FloatArray, x_clean: FloatArray, lr: float) -> None:
        """One gradient step on the batch's mean objective.

        With a second core, the batch is cut in two halves whose gradients are computed at the
        same time (each on one BLAS thread) and added; sparse-kl, whose ρ̂ is the mean over the
        whole batch, is not split.
        """
        rows = x_in.shape[0]
        pool = threads.helper_pool()
        work = rows * sum(w.shape[0] * w.shape[1] for w in self.weights)
        if pool is None or work < SPLIT_WORK or rows < 2 or self.split_blocked:
            grads_w, grads_b = self.gradients(x_in, x_clean, rows)
        else:
            half = rows // 2
            other = pool.submit(self.gradients, x_in[half:], x_clean[half:], rows)
            grads_w, grads_b = self.gradients(x_in[:half], x_clean[:half], rows)
            more_w, more_b = other.result()
            for i in range(len(grads_w)):
                grads_w[i] += more_w[i]
                grads_b[i] += more_b[i]
        for decoder, encoder in self.twins.items():
            grads_w[encoder] += grads_w[decoder].T
        for i in range(len(self.weights)):
            if i not in self.twins:
                self.weights[i] -= lr * grads_w[i]
            self.biases[i] -= lr * grads_b[i]
        for decoder, encoder in self.twins.items():
            self.weights[decoder] = self.weights[encoder].T

    def evaluate(self, x: FloatArray) -> tuple[float, float, FloatArray, FloatArray]:
        """(objective, loss alone, per-sample MSE, code) over the whole set, in chunks (with a
        second core, every other chunk on the helper thread)."""
        n = x.shape[0]
        errors = np.empty(n)
        code = np.empty((n, self.weights[self.code_index - 1].shape[0]))

        def chunk_loss(start: int) -> float:
            chunk = np.asarray(x[start : start + EVAL_ROWS], dtype=np.float64)
            x_hat, z = self.output(chunk)
            per_sample = self.loss.numpy(chunk, x_hat)
            rows = slice(start, start + chunk.shape[0])
            if self.loss_is_mse:
                errors[rows] = per_sample
            else:
                diff = x_hat - chunk
                errors[rows] = np.einsum("ij,ij->i", diff, diff) / diff.shape[1]
            code[rows] = z
            return float(per_sample.sum())

        starts = list(range(0, n, EVAL_ROWS))
        pool = threads.helper_pool() if len(starts) > 1 else None
        if pool is None:
            sums = [chunk_loss(start) for start in starts]
        else:
            helped = [pool.submit(chunk_loss, start) for start in starts[1::2]]
            sums = [chunk_loss(start) for start in starts[0::2]]
            sums += [future.result() for future in helped]
        recon = sum(sums) / n
        total = recon
        if self.penalty is not None:
            total += self.penalty.numpy_value(code, self.params())
        return total, recon, errors, code


def _corrupt(
    x: FloatArray, noise: tuple[str, float] | None, rng: np.random.Generator
) -> FloatArray:
    if noise is None:
        return x
    kind, level = noise
    if kind == "gaussian":
        corrupted: FloatArray = x + level * rng.standard_normal(x.shape)
        return corrupted
    masked: FloatArray = x * (rng.random(x.shape) >= level)
    return masked


def _diverged(epoch: int, value: float, lr: float) -> InputError:
    smaller = f"{lr / 10:.3g}"
    when = "before the first update" if epoch == 0 else f"after epoch {epoch}"
    return InputError(
        "--lr",
        f"training diverged: the loss is {value} {when}; try a smaller --lr (e.g. {smaller})",
    )


def train(
    weights: Sequence[FloatArray],
    biases: Sequence[FloatArray],
    activations: Sequence[str],
    x: FloatArray,
    *,
    loss: str,
    lr: float,
    epochs: int,
    batch_size: int | None = None,
    seed: int = 0,
    noise: tuple[str, float] | None = None,
    penalty: tuple[str, float, float | None] | None = None,
    tied: bool = False,
    code_index: int,
    top: int = 5,
    progress: Callable[[int, int, float], None] | None = None,
    init: str = "",
    rng: np.random.Generator | None = None,
    converge: tuple[float, int] | None = None,
) -> TrainResult:
    """Train; see the module docstring."""
    n = x.shape[0]
    if not lr > 0:
        raise InputError("--lr", f"{lr} is not a learning rate: η must be > 0")
    if not 1 <= epochs <= MAX_EPOCHS:
        raise InputError("--epochs", f"{epochs} is out of range (1 to {MAX_EPOCHS:,})")
    size = n if batch_size is None else batch_size
    if size < 1:
        raise InputError("--batch-size", f"{size} samples per batch: it must be at least 1")
    size = min(size, n)
    names = tuple(activations)
    check_penalty(penalty, names, code_index)
    if tied:
        check_tied(weights)
    generator = rng if rng is not None else seeded(seed)
    net = _Net(weights, biases, names, loss, penalty, code_index, tied)
    batches = -(-n // size)
    history: list[float] = []
    interrupted = False
    converged = None if converge is None else False
    stopped_at = None
    started = time.perf_counter()
    evaluating = 0.0
    with np.errstate(all="ignore"), threads.interruptible() as stop, threads.blas_threads(size):
        for epoch in range(epochs):
            tick = time.perf_counter()
            objective = net.evaluate(x)[0]
            evaluating += time.perf_counter() - tick
            if not np.isfinite(objective):
                raise _diverged(epoch, objective, lr)
            history.append(objective)
            if converge is not None and epoch >= converge[1]:
                tolerance, window = converge
                change = abs(history[epoch - window] - objective)
                if change <= tolerance * abs(objective) or objective <= tolerance * history[0]:
                    converged = True
                    history.pop()  # no step is taken in this epoch: ``final`` is this value
                    break
            order = generator.permutation(n) if size < n else None
            for index in range(batches):
                if order is None:
                    batch = np.asarray(x, dtype=np.float64)
                else:
                    batch = x[order[index * size : (index + 1) * size]]
                net.step(_corrupt(batch, noise, generator), batch, lr)
                if stop.requested:
                    interrupted, stopped_at = True, (epoch + 1, index + 1)
                    break
            if interrupted:
                break
            if progress is not None:
                progress(epoch + 1, epochs, objective)
        tick = time.perf_counter()
        final, recon, errors, code = net.evaluate(x)
        evaluating += time.perf_counter() - tick
    if not np.isfinite(final) and not interrupted:
        raise _diverged(epochs, final, lr)
    done = len(history) - (1 if interrupted else 0)
    order_by_error = np.lexsort((np.arange(n), -errors))[: max(top, 0)]
    return TrainResult(
        architecture=(int(net.weights[0].shape[1]), *(int(w.shape[0]) for w in net.weights)),
        activations=names,
        loss=loss,
        lr=lr,
        epochs=epochs,
        epochs_done=done,
        batch_size=size,
        batches_per_epoch=batches,
        seed=seed,
        init=init,
        tied=tied,
        noise=noise,
        penalty=penalty,
        code_index=code_index,
        loss_history=tuple(history),
        final_loss=final,
        final_recon=recon,
        weights=tuple(net.weights),
        biases=tuple(net.biases),
        errors=errors,
        top=tuple((int(i), float(errors[i])) for i in order_by_error),
        codes=tuple(tuple(float(v) for v in row) for row in code[:CODES_SHOWN]),
        interrupted=interrupted,
        stopped_at=stopped_at,
        seconds=(elapsed := time.perf_counter() - started),
        step_seconds=elapsed - evaluating,
        eval_seconds=evaluating,
        converged=converged,
    )
