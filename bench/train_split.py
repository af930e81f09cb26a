"""When is a training step worth splitting over two threads? Epoch times with every step split
and with none, for nets from 6-2-6 to 784-128-32-128-784 (full batch, or batches of 256).

Run:  python bench/train_split.py      (a minute; best of 3 per cell, wall time)

The work of a step is rows × Σ fan-in·fan-out multiply-adds; batch.train.SPLIT_WORK is the
threshold these figures set.
"""

from __future__ import annotations

import itertools
import time

import numpy as np

from aecalc.batch import train as trainer
from aecalc.batch.train import glorot_uniform, train
from common import load, machine

CASES = [
    ((6, 2, 6), 200, None),
    ((32, 8, 32), 512, None),
    ((64, 16, 64), 256, None),
    ((128, 32, 128), 256, None),
    ((256, 64, 256), 256, None),
    ((784, 128, 32, 128, 784), 1024, 256),
]


def best_of(sizes: tuple[int, ...], x: np.ndarray, batch: int | None, split: bool) -> float:
    trainer.SPLIT_WORK = 0 if split else 10**18
    best = float("inf")
    for _ in range(3):
        weights, biases = glorot_uniform(sizes, np.random.default_rng(1))
        start = time.perf_counter()
        train(
            weights, biases, ["sigmoid"] * (len(sizes) - 1), x, loss="mse", lr=0.1,
            epochs=2 if batch else 200, batch_size=batch, seed=1,
            code_index=(len(sizes) - 1) // 2, top=0,
        )  # fmt: skip
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    print(f"Machine: {machine()}; load {load()}.\n")
    print("| net | rows a step | multiply-adds a step | every step split (s) | none split (s) |")
    print("|---|---|---|---|---|")
    rng = np.random.default_rng(0)
    for sizes, rows, batch in CASES:
        x = rng.random((rows, sizes[0]))
        step_rows = batch or rows
        work = step_rows * sum(a * b for a, b in itertools.pairwise(sizes))
        split, whole = best_of(sizes, x, batch, True), best_of(sizes, x, batch, False)
        name = "-".join(map(str, sizes))
        print(f"| {name} | {step_rows} | {work:,} | {split:.3f} | {whole:.3f} |")


if __name__ == "__main__":
    main()
