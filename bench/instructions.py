"""Start-up in instructions: each light command against the bare Typer + Rich floor, counted by
valgrind's callgrind. Unlike wall time, an instruction count is the same from run to run and does
not care what else the machine is doing, so it settles the ≤ 1.1× start-up goal where timings on a
shared 2-core machine scatter by ±10 %.

Both sides start from bytecode (aecalc's package and the floor module are compiled first) and
print to a pipe. The floor is the same one bench/startup.py uses: a one-command Typer app printing
the very tables and lines the aecalc command prints.

Run:  python bench/instructions.py [--only params,classify]   (needs valgrind; a run takes ~1 min)
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import aecalc_path, load, machine
from startup import COMMANDS, FLOOR_TEMPLATE, REPO, capture

LIGHT = ("params 10 8 4", "classify 50 80", "loss mse", "practice --stats", "problems")


def instructions(argv: list[str], env: dict[str, str]) -> int:
    """Instructions one run executes, as callgrind counts them."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        env=env,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"{argv} failed under valgrind: {done.stderr[-400:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", help="comma-separated command names (first word)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    import aecalc

    compileall.compile_dir(str(Path(aecalc.__file__).parent), quiet=1)
    print(f"Machine: {machine()}; load {load()}. Instructions counted by callgrind.\n")
    print("| command | aecalc (M instructions) | floor (M instructions) | ratio |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "AECALC_HOME": folder, "PYTHONPATH": folder, "COLUMNS": "80"}
        for number, label in enumerate(LIGHT):
            argv = COMMANDS[label]
            if args.only and argv[0] not in args.only.split(","):
                continue
            blocks, _ = capture(argv, env)
            floor = Path(folder) / f"floor_{number}.py"
            floor.write_text(
                FLOOR_TEMPLATE.replace("{blocks}", repr(blocks)).replace("{imports}", "")
            )
            compileall.compile_file(str(floor), quiet=1)
            ours = instructions([aecalc_path(), *argv], env)
            bare = instructions([sys.executable, "-c", f"import {floor.stem}"], env)
            print(
                f"| `aecalc {label}` | {ours / 1e6:.1f} | {bare / 1e6:.1f} | {ours / bare:.3f}× |"
            )


if __name__ == "__main__":
    main()
