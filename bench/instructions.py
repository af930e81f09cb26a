"""Start-up in instructions: each light command against the bare Typer + Rich floor, counted by
valgrind's callgrind. Unlike wall time, an instruction count is the same from run to run and does
not care what else the machine is doing, so it settles the ≤ 1.1× start-up goal where timings on a
shared 2-core machine scatter by ±10 %.

Both sides start from bytecode (aecalc's package and the floor module are compiled first) and
print to a pipe. The floors are the ones bench/startup.py uses, for the same commands (its
COMMANDS): a one-command Typer app printing the very tables and lines the aecalc command prints
("bare floor") and, for a command that loads NumPy or SymPy, the same app importing those first
("floor + libs"), the ratio against which is aecalc's own share.

Run:  python bench/instructions.py [--only params,classify]   (needs valgrind; all 6–13 min)
      PYTHONPATH=TREE/src python bench/instructions.py …   counts another source tree's aecalc (a
      ``git worktree`` of an older commit, for an A/B; its floors are built from its own output).
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

    package = Path(aecalc.__file__).parent
    compileall.compile_dir(str(package), quiet=1)
    print(f"aecalc from {package}")
    print(f"Machine: {machine()}; load {load()}. Instructions counted by callgrind.\n")
    print(
        "| command | aecalc (M instructions) | bare floor (M) | ratio "
        "| floor + the libraries it loads (M) | ratio |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        # the caller's PYTHONPATH, if any, after the floors' folder: it may name the tree to count
        path = os.pathsep.join(filter(None, [folder, os.environ.get("PYTHONPATH")]))
        env = {**os.environ, "AECALC_HOME": folder, "PYTHONPATH": path, "COLUMNS": "80"}
        for number, (label, argv) in enumerate(COMMANDS.items()):
            if args.only and argv[0] not in args.only.split(","):
                continue
            blocks, heavy = capture(argv, env)
            counts = {}
            for side, imports in (("bare", ""), ("libs", "\n".join(f"import {h}" for h in heavy))):
                if side == "libs" and not heavy:
                    continue
                floor = Path(folder) / f"floor_{number}_{side}.py"
                floor.write_text(
                    FLOOR_TEMPLATE.replace("{blocks}", repr(blocks)).replace("{imports}", imports)
                )
                compileall.compile_file(str(floor), quiet=1)
                counts[side] = instructions([sys.executable, "-c", f"import {floor.stem}"], env)
            ours = instructions([aecalc_path(), *argv], env)
            libs = (
                f"{counts['libs'] / 1e6:,.1f} ({' + '.join(heavy)}) | {ours / counts['libs']:.3f}×"
                if heavy
                else "— | —"
            )
            print(
                f"| `aecalc {label}` | {ours / 1e6:,.1f} | {counts['bare'] / 1e6:,.1f} "
                f"| {ours / counts['bare']:.3f}× | {libs} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
