"""Benchmark: `aecalc forward --model` on a big batch against two plain NumPy scripts.

Run:  python bench/batch_forward.py [--repeats 7] [--samples 20000]

It writes a 784-512-256-128-32 mirrored net (8 layers, sigmoid everywhere) and a batch X.npy
into a temporary folder (in /dev/shm when there is one, so that disk write-back does not add
noise), then runs, as separate processes, interleaved, `repeats` times each:

* floor        — only the loads, the eight matrix products and the save;
* straightforward — the same, plus `+ b` and `1/(1 + exp(−t))` with fresh temporaries;
* aecalc       — `aecalc forward --model m.npz --x X.npy --act sigmoid --out R.npy`
                 (or, while that command does not exist yet, a `python -c` calling
                 aecalc.batch.data + aecalc.batch.engine.forward_batch the same way).

Per run it records the wall time and the child's peak resident memory (ru_maxrss from
os.wait4), and prints a Markdown table of medians with the ratios to the floor, the targets
(≤ 1.3× the floor's time, ≤ 1.15× its peak memory, no slower than straightforward), the
agreement of aecalc's reconstructions with the straightforward script's (≤ 1e-10 relative),
and the machine.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from common import load

SIZES = [784, 512, 256, 128, 32, 128, 256, 512, 784]

FLOOR = """
import sys
import numpy as np
model = np.load(sys.argv[1])
x = np.load(sys.argv[2])
h = x
for k in range(1, len(model.files) // 2 + 1):
    h = h @ model[f"W{k}"].T
np.save(sys.argv[3], h)
"""

STRAIGHTFORWARD = """
import sys
import numpy as np
model = np.load(sys.argv[1])
x = np.load(sys.argv[2])
h = x
for k in range(1, len(model.files) // 2 + 1):
    h = 1.0 / (1.0 + np.exp(-(h @ model[f"W{k}"].T + model[f"b{k}"])))
np.save(sys.argv[3], h)
"""

# Used only while `aecalc forward --model` is not available: the same library calls.
LIBRARY = """
import sys
from aecalc.batch.engine import forward_batch
from aecalc.batch.data import load_model, load_samples, save_array
weights, biases = load_model(sys.argv[1], "--model")
x = load_samples(sys.argv[2], "--x")
result = forward_batch(weights, biases, "sigmoid", x)
save_array(sys.argv[3], result.x_hat, "--out")
print(result.as_json()["errors"])
"""


def make_inputs(folder: Path, samples: int) -> tuple[Path, Path]:
    rng = np.random.default_rng(2024)
    arrays: dict[str, np.ndarray] = {}
    for k, (fan_in, fan_out) in enumerate(itertools.pairwise(SIZES), start=1):
        arrays[f"W{k}"] = rng.standard_normal((fan_out, fan_in)) / np.sqrt(fan_in)
        arrays[f"b{k}"] = rng.standard_normal(fan_out) * 0.1
    model = folder / "m.npz"
    np.savez(model, **arrays)  # type: ignore[arg-type]
    x = folder / "X.npy"
    np.save(x, rng.random((samples, SIZES[0])))
    return model, x


def aecalc_command(model: Path, x: Path, out: Path) -> tuple[list[str], str]:
    """The real CLI command when `aecalc forward` takes --model, else the library fallback."""
    exe = shutil.which("aecalc") or str(Path(sys.executable).with_name("aecalc"))
    probe = subprocess.run(
        [exe, "forward", "--help"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
    )
    if probe.returncode == 0 and "--model" in probe.stdout and "--out" in probe.stdout:
        command = [exe, "forward", "--model", str(model), "--x", str(x), "--act", "sigmoid"]
        return [
            *command,
            "--out",
            str(out),
        ], "aecalc forward --model m.npz --x X.npy --act sigmoid --out R.npy"
    command = [sys.executable, "-c", LIBRARY, str(model), str(x), str(out)]
    return command, "python -c (aecalc.batch.data + aecalc.batch.engine.forward_batch + save_array)"


def busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (Linux), else 0."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def run_once(command: list[str]) -> tuple[float, float, float, float]:
    """Wall seconds, peak RSS in MiB, CPU seconds (all threads), and others' share of a core.

    The last figure is the machine's busy CPU time during the run minus the child's own CPU
    time, per second of wall time: other processes competing for the cores.
    """
    busy = busy_seconds()
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    foreign = busy_seconds() - busy - usage.ru_utime - usage.ru_stime
    child.returncode = os.waitstatus_to_exitcode(status)
    error = child.stderr.read().decode() if child.stderr else ""
    if child.returncode != 0:
        raise SystemExit(f"{command[:3]} failed ({child.returncode}): {error.strip()[-500:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return wall, usage.ru_maxrss / 1024, cpu, max(foreign, 0.0) / wall  # ru_maxrss is in KiB


def machine() -> list[str]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    blas = "unknown"
    try:
        config = np.show_config(mode="dicts")  # type: ignore[func-returns-value]
        info = config["Build Dependencies"]["blas"]
        blas = f"{info['name']} {info['version']}"
    except (TypeError, KeyError, AttributeError):
        pass
    coretype = os.environ.get("OPENBLAS_CORETYPE")
    lines = [
        f"- CPU: {cpu}, {cores} cores available",
        f"- Python {platform.python_version()}, NumPy {np.__version__}, BLAS: {blas}",
        f"- OS: {platform.system()} {platform.release()}",
    ]
    if coretype:
        lines.append(f"- OPENBLAS_CORETYPE={coretype} (set in the environment)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--samples", type=int, default=20_000)
    parser.add_argument(
        "--max-foreign",
        type=float,
        default=0.1,
        help="discard a run (and run it again) when other processes used more than this share "
        "of a core meanwhile (default 0.1; 2 or more keeps every run)",
    )
    args = parser.parse_args()
    started_load = load()

    base = "/dev/shm" if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(prefix="aecalc-bench-", dir=base) as name:
        folder = Path(name)
        model, x = make_inputs(folder, args.samples)
        (folder / "floor.py").write_text(FLOOR)
        (folder / "straightforward.py").write_text(STRAIGHTFORWARD)
        outputs = {key: folder / f"R_{key}.npy" for key in ("floor", "straightforward", "aecalc")}
        aecalc, aecalc_label = aecalc_command(model, x, outputs["aecalc"])
        commands = {
            "floor": [
                sys.executable,
                str(folder / "floor.py"),
                str(model),
                str(x),
                str(outputs["floor"]),
            ],
            "straightforward": [
                sys.executable,
                str(folder / "straightforward.py"),
                str(model),
                str(x),
                str(outputs["straightforward"]),
            ],
            "aecalc": aecalc,
        }
        for command in commands.values():  # warm-up: page cache, .pyc files
            run_once(command)
        walls: dict[str, list[float]] = {key: [] for key in commands}
        peaks: dict[str, list[float]] = {key: [] for key in commands}
        cpus: dict[str, list[float]] = {key: [] for key in commands}
        discarded = 0
        kept_noisy = 0
        attempts = 0
        while min(map(len, walls.values())) < args.repeats:
            for key, command in commands.items():
                if len(walls[key]) >= args.repeats:
                    continue
                wall, peak, cpu, foreign = run_once(command)
                attempts += 1
                noisy = foreign > args.max_foreign
                if noisy and attempts < 10 * args.repeats * len(commands):
                    discarded += 1
                    print(
                        f"  {key}: {wall:.3f} s, discarded (others used {foreign:.0%} of a core)",
                        file=sys.stderr,
                    )
                    continue
                kept_noisy += noisy
                print(f"  {key}: {wall:.3f} s, {peak:.0f} MiB", file=sys.stderr)
                walls[key].append(wall)
                peaks[key].append(peak)
                cpus[key].append(cpu)

        expected = np.load(outputs["straightforward"])
        got = np.load(outputs["aecalc"])
        if got.shape != expected.shape:
            raise SystemExit(f"shapes differ: aecalc {got.shape}, straightforward {expected.shape}")
        relative = float(np.max(np.abs(got - expected) / np.maximum(np.abs(expected), 1e-300)))

    time_of = {key: statistics.median(values) for key, values in walls.items()}
    peak_of = {key: statistics.median(values) for key, values in peaks.items()}
    cpu_of = {key: statistics.median(values) for key, values in cpus.items()}
    labels = {
        "floor": "floor: loads + 8 matmuls + save",
        "straightforward": "straightforward NumPy (+ b, sigmoid, fresh temporaries)",
        "aecalc": aecalc_label,
    }
    print(
        f"Batch forward pass: {'-'.join(map(str, SIZES))} (8 layers, sigmoid), "
        f"{args.samples:,} samples, float64; medians of {args.repeats} interleaved runs "
        f"(each a fresh process; {discarded} runs discarded and repeated because other "
        f"processes used more than {args.max_foreign:.0%} of a core meanwhile"
        + (f"; {kept_noisy} such runs kept after the retry limit" if kept_noisy else "")
        + ")\n"
    )
    print(
        "| command | wall time (s) | × floor | range (s) | CPU time (s) | peak RSS (MiB) | × floor |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for key in commands:
        print(
            f"| {labels[key]} | {time_of[key]:.3f} | {time_of[key] / time_of['floor']:.2f} "
            f"| {min(walls[key]):.3f}–{max(walls[key]):.3f} | {cpu_of[key]:.2f} "
            f"| {peak_of[key]:.0f} | {peak_of[key] / peak_of['floor']:.2f} |"
        )
    time_ratio = time_of["aecalc"] / time_of["floor"]
    memory_ratio = peak_of["aecalc"] / peak_of["floor"]
    checks = [
        (f"time ≤ 1.3× floor: {time_ratio:.2f}×", time_ratio <= 1.3),
        (f"peak memory ≤ 1.15× floor: {memory_ratio:.2f}×", memory_ratio <= 1.15),
        (
            f"no slower than straightforward: {time_of['aecalc']:.3f} s vs {time_of['straightforward']:.3f} s",
            time_of["aecalc"] <= time_of["straightforward"],
        ),
        (
            f"agreement with straightforward: max relative difference {relative:.1e} (≤ 1e-10)",
            relative <= 1e-10,
        ),
    ]
    print()
    for text, ok in checks:
        print(f"- {'PASS' if ok else 'FAIL'}: {text}")
    print("\nMachine:")
    print("\n".join(machine()))
    print(f"- load average: {started_load} at the start, {load()} at the end")


if __name__ == "__main__":
    main()
