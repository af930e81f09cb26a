"""Work that no memory could hold is refused before it is allocated, saying how much it needs;
a large ``.npy`` of small integers is read chunk by chunk, never widened to float64 as a whole.

Memory is measured the hard way: the command runs in a fresh interpreter whose address space is
capped with ``RLIMIT_AS`` (``resource.setrlimit``), so an allocation beyond the promise is a
``MemoryError`` there, not a number to compare.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from aecalc.batch import memory
from cli import run_error

CAPPED = """
import resource, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
sys.argv = ["aecalc", *sys.argv[2:]]
from aecalc.cli import main
main()
"""

PEAK = """
import atexit, sys
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmPeak:"):
            print(int(line.split()[1]) * 1024, file=sys.stderr)
atexit.register(peak)
sys.argv = ["aecalc", *sys.argv[1:]]
from aecalc.cli import main
main()
"""


def capped(limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CAPPED, str(limit), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def peak(*args: str) -> int:
    """The address space a run of ``aecalc ARGS`` reached (VmPeak), in bytes."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return int(done.stderr.strip().splitlines()[-1])


def test_size_text() -> None:
    assert memory.size_text(512) == "512 bytes"
    assert memory.size_text(16 * 10**12) == "14.6 TiB"
    assert memory.size_text(3 << 30) == "3.0 GiB"


def test_a_net_no_memory_could_hold_is_refused_before_allocating() -> None:
    """5·10¹² parameters: refused at once with the memory it would take (it used to ask NumPy
    for 14.6 TiB of weights and die with a MemoryError traceback)."""
    line = run_error("train", "--x", "0,1;1,0", "--sizes", "2-1000000000000", "--seed", "1")
    assert line.startswith(
        "Error: --sizes: training 2 → 1,000,000,000,000 → 2 (5,000,000,000,002 parameters) "
        "needs at least 167.3 TiB of memory, but "
    )
    assert line.endswith(": make it smaller")


def test_the_address_space_limit_counts_too() -> None:
    """Under ``ulimit -v`` (here 1 GiB) a net of 1.9 GiB of weights is refused the same way,
    naming the limit, instead of a MemoryError in the middle of the run."""
    limit = 1 << 30
    done = capped(limit, "train", "--x", "0,1;1,0", "--sizes", "2-50000000", "--seed", "1")
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "Error: --sizes: training 2 → 50,000,000 → 2 (250,000,002 parameters) needs at least "
        "8.6 GiB of memory, but the process may use (ulimit -v) 1.0 GiB: make it smaller"
    ]


@pytest.fixture(scope="module")
def small_ints(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """48,000,000 int8 values (46 MiB on disk, 366 MiB as float64), one sample per row of 8;
    and the same command's tiny file, 4,096 rows (enough to start the engine's helper thread,
    whose stack and malloc arena then count in the baseline too)."""
    folder = tmp_path_factory.mktemp("ints")
    path = folder / "x.npy"
    rng = np.random.default_rng(0)
    values = np.lib.format.open_memmap(path, mode="w+", dtype=np.int8, shape=(6_000_000, 8))
    for start in range(0, values.shape[0], 500_000):
        values[start : start + 500_000] = rng.integers(-3, 4, size=(500_000, 8), dtype=np.int8)
    values.flush()
    del values
    model = folder / "m.npz"
    weights = {"W1": rng.normal(size=(3, 8)) / 8, "W2": rng.normal(size=(8, 3))}
    np.savez(model, **weights, b1=np.zeros(3), b2=np.zeros(8))
    np.save(folder / "tiny.npy", rng.integers(-3, 4, size=(4096, 8), dtype=np.int8))
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["forward", "--model", "{folder}/m.npz", "--act", "tanh,linear", "--x", "{x}"],
        ["pca", "--k", "2", "--x", "{x}"],
    ],
)
def test_an_int8_npy_is_never_widened_as_a_whole(small_ints: Path, command: list[str]) -> None:
    """The run's address space may grow by 200 MiB (and the data's memory map) over what the
    same command takes on a tiny file: the 366 MiB of a float64 copy of the data do not fit;
    chunks, and the 46 MiB of per-sample errors, do."""
    folder = small_ints.parent

    def args(x: Path) -> list[str]:
        return [part.format(folder=folder, x=x) for part in command] + ["--json"]

    baseline = peak(*args(folder / "tiny.npy"))
    mapped = small_ints.stat().st_size  # the memory map of the data counts as address space
    done = capped(baseline + mapped + (200 << 20), *args(small_ints))
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stderr == ""
    assert '"samples": 6000000' in done.stdout or '"shape": [\n    6000000' in done.stdout
