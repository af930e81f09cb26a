"""Benchmark: one epoch of `aecalc train` against a plain NumPy script (and PyTorch on the CPU).

Run:  python bench/train_epoch.py [--repeats 5] [--samples 20000] [--torch PYTHON]

The workload of issue 15: 20,000 MNIST-sized samples (784 features, uniform in [0, 1]), the net
784-128-32 mirrored (784 → 128 → 32 → 128 → 784), sigmoid on every layer, MSE, batches of 256
in a seeded shuffled order, plain gradient descent (lr 0.1), Glorot-uniform start weights.

Timed, interleaved, ``repeats`` times each, in this process (the data and weights already in
memory, so only the epoch is timed):

* plain        — a straightforward NumPy script: per batch the four forward products, the
                 textbook sigmoid 1/(1 + exp(−a)) with fresh temporaries, δ = g ⊙ h(1 − h), the
                 eight backward products (∂W = δᵀh, ∂h = δW), the updates. Nothing else.
* aecalc steps — :func:`aecalc.batch.train.train` with ``epochs=1``: the time its gradient steps
                 took (``TrainResult.step_seconds``), i.e. the same work as ``plain``.
* aecalc epoch — the whole ``train(epochs=1)`` call, which also evaluates the objective over
                 the whole set before the epoch (the loss curve's first point) and after it (the
                 final loss, per-sample errors and codes): two forward passes more.
* plain + eval — ``plain`` plus the same two whole-set forward passes with the loss, the fair
                 comparison for ``aecalc epoch``.
* torch        — with ``--torch PYTHON`` (a Python with torch installed, e.g. a separate venv
                 holding torch==2.13.0 CPU), the same epoch in PyTorch: float64 tensors,
                 nn.Linear layers, torch.sigmoid, F.mse_loss, loss.backward() and a plain
                 torch.optim.SGD step, run as a child process (once per repeat, interleaved
                 with the others) that times its second epoch itself (the first warms up).

Checks that aecalc's weights after the epoch equal the plain script's (max |difference|, which
should be ~1e-15: the same formulas), and prints a Markdown table of medians, the ratios to
``plain``, the target (aecalc steps ≤ 1.5× plain), the machine and the load.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

import common
from aecalc.batch.train import glorot_uniform, train

SIZES = (784, 128, 32, 128, 784)
BATCH = 256
LR = 0.1
SEED = 0

PLAIN_TORCH = r"""
import json, sys, time
import numpy as np
import torch
torch.set_num_threads(int(sys.argv[2]))
data = np.load(sys.argv[1])
x = torch.from_numpy(data["x"])
order = torch.from_numpy(data["order"])
layers = []
for k in range(1, 5):
    linear = torch.nn.Linear(data[f"W{k}"].shape[1], data[f"W{k}"].shape[0]).double()
    with torch.no_grad():
        linear.weight.copy_(torch.from_numpy(data[f"W{k}"]))
        linear.bias.copy_(torch.from_numpy(data[f"b{k}"]))
    layers += [linear, torch.nn.Sigmoid()]
net = torch.nn.Sequential(*layers)
optimiser = torch.optim.SGD(net.parameters(), lr=float(sys.argv[3]))
batch = int(sys.argv[4])
times = []
cpu = []
for repeat in range(int(sys.argv[5]) + 1):
    start = time.perf_counter()
    start_cpu = time.process_time()
    for i in range(0, x.shape[0], batch):
        xb = x[order[i:i + batch]]
        optimiser.zero_grad(set_to_none=True)
        loss = torch.nn.functional.mse_loss(net(xb), xb)
        loss.backward()
        optimiser.step()
    if repeat:
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
print(json.dumps({"times": times, "cpu": cpu, "version": torch.__version__,
                  "threads": torch.get_num_threads()}))
"""


def plain_epoch(
    weights: list[np.ndarray], biases: list[np.ndarray], x: np.ndarray, order: np.ndarray
) -> None:
    """The straightforward script, updating ``weights`` and ``biases`` in place."""
    n, d = x.shape
    for start in range(0, n, BATCH):
        xb = x[order[start : start + BATCH]]
        hs = [xb]
        for w, b in zip(weights, biases, strict=True):
            hs.append(1.0 / (1.0 + np.exp(-(hs[-1] @ w.T + b))))
        y = hs[-1]
        g = 2.0 * (y - xb) / (xb.shape[0] * d)
        for k in range(len(weights) - 1, -1, -1):
            h = hs[k + 1]
            delta = g * h * (1.0 - h)
            grad_w = delta.T @ hs[k]
            grad_b = delta.sum(axis=0)
            if k:
                g = delta @ weights[k]
            weights[k] -= LR * grad_w
            biases[k] -= LR * grad_b


def plain_eval(weights: list[np.ndarray], biases: list[np.ndarray], x: np.ndarray) -> float:
    total = 0.0
    for start in range(0, x.shape[0], 4096):
        h = x[start : start + 4096]
        for w, b in zip(weights, biases, strict=True):
            h = 1.0 / (1.0 + np.exp(-(h @ w.T + b)))
        total += float(((h - x[start : start + 4096]) ** 2).sum())
    return total / x.size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--samples", type=int, default=20_000)
    parser.add_argument("--torch", help="a Python interpreter that has torch installed")
    args = parser.parse_args()

    rng = np.random.default_rng(SEED)
    x = rng.uniform(0.0, 1.0, size=(args.samples, SIZES[0]))
    weights0, biases0 = glorot_uniform(SIZES, np.random.default_rng(1))
    # the order aecalc's trainer draws for epoch 1 (its generator after the start weights)
    order = np.random.default_rng(SEED).permutation(args.samples)

    cpu: dict[str, list[float]] = {}

    def run_plain(evaluate: bool, threads: int | None = 1) -> float:
        w = [m.copy() for m in weights0]
        b = [v.copy() for v in biases0]
        limit = threadpool_limits(limits=threads, user_api="blas")
        with limit:
            start, start_cpu = time.perf_counter(), time.process_time()
            if evaluate:
                plain_eval(w, b, x)
            plain_epoch(w, b, x, order)
            if evaluate:
                plain_eval(w, b, x)
            key = ("plain + eval" if evaluate else "plain") + (
                "" if threads == 1 else ", default threads"
            )
            cpu.setdefault(key, []).append(time.process_time() - start_cpu)
            return time.perf_counter() - start

    def run_aecalc() -> tuple[float, float, list[np.ndarray]]:
        start, start_cpu = time.perf_counter(), time.process_time()
        result = train(
            weights0,
            biases0,
            ("sigmoid",) * 4,
            x,
            loss="mse",
            lr=LR,
            epochs=1,
            batch_size=BATCH,
            seed=SEED,
            code_index=2,
            top=5,
        )
        cpu.setdefault("epoch", []).append(time.process_time() - start_cpu)
        return time.perf_counter() - start, result.step_seconds, list(result.weights)

    # agreement: the same epoch, the same order, the same formulas
    w = [m.copy() for m in weights0]
    b = [v.copy() for v in biases0]
    plain_epoch(w, b, x, order)
    _, _, trained = run_aecalc()
    difference = max(float(np.max(np.abs(p - q))) for p, q in zip(w, trained, strict=True))

    times: dict[str, list[float]] = {
        "plain": [],
        "plain, default threads": [],
        "plain + eval": [],
        "steps": [],
        "epoch": [],
    }
    torch_line: dict[str, object] | None = None
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as folder:
        path = Path(folder) / "train.npz"
        if args.torch:
            arrays = {"x": x, "order": order}
            for k, (wk, bk) in enumerate(zip(weights0, biases0, strict=True), start=1):
                arrays[f"W{k}"], arrays[f"b{k}"] = wk, bk
            np.savez(path, **arrays)
        for _ in range(args.repeats):
            times["plain"].append(run_plain(False))
            times["plain, default threads"].append(run_plain(False, None))
            epoch, steps, _ = run_aecalc()
            times["epoch"].append(epoch)
            times["steps"].append(steps)
            times["plain + eval"].append(run_plain(True))
            if not args.torch:
                continue
            for threads in (1, len(os.sched_getaffinity(0))):
                # one warm-up epoch, then one timed: the child reports its own epoch time
                done = subprocess.run(
                    [args.torch, "-c", PLAIN_TORCH, str(path), str(threads), str(LR), str(BATCH), "1"],
                    capture_output=True, text=True, check=True,
                )  # fmt: skip
                torch_line = json.loads(done.stdout)
                times.setdefault(f"torch {threads}", []).extend(torch_line["times"])  # type: ignore[arg-type]
                cpu.setdefault(f"torch {threads}", []).extend(torch_line["cpu"])  # type: ignore[arg-type]

    base = statistics.median(times["plain"])
    base_eval = statistics.median(times["plain + eval"])
    rows = [
        ("plain NumPy script (steps only), 1 BLAS thread", "plain", base),
        ("the same with OpenBLAS's default threads", "plain, default threads", base),
        ("aecalc train: its gradient steps", "steps", base),
        ("plain NumPy + the two whole-set loss evaluations", "plain + eval", base_eval),
        ("aecalc train(epochs=1), whole call", "epoch", base_eval),
    ]
    if torch_line is not None:
        for key in sorted(k for k in times if k.startswith("torch")):
            label = f"PyTorch {torch_line['version']} CPU, float64, {key.split()[1]} thread(s)"
            rows.append((label, key, base))
    print(
        f"One epoch, {args.samples:,} × 784, {'-'.join(map(str, SIZES))}, sigmoid, mse, batch {BATCH}"
    )
    print()
    base_min = {"plain": min(times["plain"]), "plain + eval": min(times["plain + eval"])}
    print("| run | median s | min s | median × plain | min × plain's min | CPU s (median) |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, key, reference in rows:
        median = statistics.median(times[key])
        floor = base_min["plain + eval" if reference == base_eval else "plain"]
        print(
            f"| {label} | {median:.3f} | {min(times[key]):.3f} | {median / reference:.2f} "
            f"| {min(times[key]) / floor:.2f} | "
            + (f"{statistics.median(cpu[key]):.3f} |" if key in cpu else "– |")
        )
    print()
    ratio = statistics.median(times["steps"]) / base
    print(
        f"Target: aecalc's steps ≤ 1.5× plain: {ratio:.2f}× (medians) — "
        f"{'met' if ratio <= 1.5 else 'NOT met'}"
    )
    print(f"Weights after the epoch vs the plain script: max |difference| {difference:.1e}")
    print(
        "CPU s: process CPU time (all threads) of the in-process runs and of the PyTorch epoch; "
        "aecalc's steps alone have no CPU column (the whole call's is under 'epoch')."
    )
    print(f"Machine: {common.machine()}; load {common.load()}; {args.repeats} repeats, interleaved")


if __name__ == "__main__":
    sys.exit(main())
