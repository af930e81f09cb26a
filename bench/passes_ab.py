"""A/B of the batch workloads between two source trees, in instructions (callgrind) and bits.

Measures what a change to the passes (nets/dense.py and its callers) costs the float64 batch work:
one training epoch (784-128-32-128-784, sigmoid, MSE, batches of 256 over 2,048 samples) and one
batch forward pass (784-512-256-128-32 mirrored, sigmoid, 4,096 samples), each in a fresh process
under callgrind with one BLAS thread, for tree A (e.g. a `git worktree` of an older commit) and
tree B (this checkout). Instruction counts do not depend on what else the machine is doing, so a
difference of a percent means something where wall times on a shared 2-core machine scatter by
±30 %. It also checks that both trees compute the same bits (the sum of the trained weights, the
sum of the reconstructions).

Run:  git worktree add /tmp/aecalc-a <commit>
      python bench/passes_ab.py /tmp/aecalc-a/src src      (needs valgrind; ~15 minutes)
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from common import load, machine

WORK = r"""
import itertools, sys
import numpy as np
from aecalc.batch.engine import forward_batch
from aecalc.batch.train import glorot_uniform, train
rng = np.random.default_rng(0)
if sys.argv[1] == "train":
    x = rng.random((2048, 784))
    w, b = glorot_uniform([784, 128, 32, 128, 784], np.random.default_rng(1))
    r = train(w, b, ["sigmoid"] * 4, x, loss="mse", lr=0.1, epochs=1, batch_size=256, seed=3,
              code_index=2)
    print(repr(float(sum(v.sum() for v in r.weights))))
else:
    sizes = [784, 512, 256, 128, 32, 128, 256, 512, 784]
    ws = [rng.standard_normal((o, i)) / np.sqrt(i) for i, o in itertools.pairwise(sizes)]
    bs = [rng.standard_normal(o) * 0.1 for o in sizes[1:]]
    print(repr(float(forward_batch(ws, bs, "sigmoid", rng.random((4096, 784))).x_hat.sum())))
"""


def measure(src: Path, workload: str) -> tuple[int, str]:
    """Instructions and the printed checksum of one workload run from ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src), "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-c",
            WORK,
            workload,
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"{workload} from {src} failed: {done.stderr[-400:]}")
    return int(found.group(1)), done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("a", type=Path, help="tree A's src folder")
    parser.add_argument("b", type=Path, help="tree B's src folder")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    print(f"Machine: {machine()}; load {load()}. Instructions counted by callgrind.\n")
    print("| workload | A (M instructions) | B (M instructions) | B / A | same bits |")
    print("|---|---|---|---|---|")
    for workload in ("train", "forward"):
        count_a, sum_a = measure(args.a, workload)
        count_b, sum_b = measure(args.b, workload)
        print(
            f"| {workload} | {count_a / 1e6:,.1f} | {count_b / 1e6:,.1f} | "
            f"{count_b / count_a:.3f} | {'yes' if sum_a == sum_b else f'no ({sum_a} vs {sum_b})'} |"
        )


if __name__ == "__main__":
    main()
