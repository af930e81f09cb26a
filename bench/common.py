"""What every benchmark here shares: the machine line, the load average, medians of timed runs.

The bench scripts run as ``python bench/NAME.py`` (so this folder is on ``sys.path``) and import
this module as ``common``.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def machine() -> str:
    """CPU model, cores and Python version."""
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def load() -> str:
    """The 1-, 5- and 15-minute load averages, e.g. ``3.12 2.80 2.41``."""
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def aecalc_path() -> str:
    """The ``aecalc`` console script of the running interpreter's environment."""
    found = shutil.which("aecalc", path=str(Path(sys.executable).parent)) or shutil.which("aecalc")
    if found is None:
        raise SystemExit("aecalc is not installed in this environment")
    return found


def timed(run: Callable[[], object], runs: int, warm: int = 1) -> list[float]:
    """Wall-clock seconds of ``runs`` calls of ``run`` after ``warm`` untimed ones."""
    for _ in range(warm):
        run()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def run_quiet(argv: list[str], env: dict[str, str] | None = None, stdin: str = "") -> None:
    """Run a command with its output discarded; a non-zero exit stops the benchmark."""
    done = subprocess.run(
        argv,
        input=stdin,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        cwd=REPO,
        env=env,
    )
    if done.returncode != 0:
        raise SystemExit(f"{argv[:4]}… exited {done.returncode}: {done.stderr[-400:]}")


def summary(times: list[float]) -> dict[str, float]:
    """Median, minimum and maximum, rounded to the millisecond."""
    return {
        "median_s": round(statistics.median(times), 3),
        "min_s": round(min(times), 3),
        "max_s": round(max(times), 3),
    }


def header(runs: int, started_load: str) -> str:
    """The machine line, with the load average taken when the benchmark started."""
    return (
        f"Machine: {machine()}; load average {started_load} at the start; medians of {runs} runs."
    )
