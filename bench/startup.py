"""Start-up benchmark: ``aecalc`` commands against a bare Typer + Rich app printing the same output.

Each command runs under a pseudo-terminal (as a user at a terminal runs it), alternating with the
floor, and the median of the repeated wall-clock times is reported. The floor is a Typer app with one
command that prints the very same tables and lines with Rich, built from the document aecalc renders,
so both sides do identical terminal work and differ only in aecalc's own cost.

Run:  python bench/startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pty
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR_TEMPLATE = """
import typer

app = typer.Typer()


@app.command()
def show(args: list[str]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    for kind, payload in BLOCKS:
        if kind == "text":
            console.print(Text(payload))
        elif kind == "table":
            title, columns, rows = payload
            table = Table(title=title or None, title_justify="left")
            for column in columns:
                table.add_column(column)
            for row in rows:
                table.add_row(*row)
            console.print(table)
        else:
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="bold")
            grid.add_column()
            for label, value in payload:
                grid.add_row(label, value)
            console.print(grid)


BLOCKS = {blocks}
app()
"""

COMMANDS = {
    "params 10 8 4": ["params", "10", "8", "4"],
    "classify 50 80": ["classify", "50", "80"],
}


def floor_blocks(argv: list[str]) -> list[tuple[str, object]]:
    """The same content the aecalc command prints, as literal rows for the floor script."""
    from aecalc.architecture import classify, count_params
    from aecalc.present.architecture import classify_document, params_document
    from aecalc.report import Diagram, Facts, Note, Table

    if argv[0] == "params":
        document = params_document(count_params([int(a) for a in argv[1:]]))
    else:
        document = classify_document(classify(int(argv[1]), int(argv[2])))
    blocks: list[tuple[str, object]] = [("text", document.title)]
    for block in document.blocks:
        if isinstance(block, Table):
            rows = [[str(c) for c in row] for row in block.rows]
            blocks.append(("table", (block.title, list(block.columns), rows)))
        elif isinstance(block, Facts):
            blocks.append(("text", block.title))
            blocks.append(("grid", [[label, str(value)] for label, value in block.items]))
        elif isinstance(block, (Note, Diagram)):
            blocks.append(("text", block.text))
    return blocks


def run_in_pty(argv: list[str]) -> float:
    """Wall-clock seconds for one run with stdout and stderr on a pseudo-terminal."""
    master, slave = pty.openpty()
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, close_fds=True
    )
    os.close(slave)
    while True:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                if not os.read(master, 65536):
                    break
            except OSError:
                break
        elif process.poll() is not None:
            break
    process.wait()
    elapsed = time.perf_counter() - start
    os.close(master)
    if process.returncode != 0:
        raise SystemExit(f"{argv} exited {process.returncode}")
    return elapsed


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    aecalc = shutil.which("aecalc", path=str(Path(sys.executable).parent)) or shutil.which("aecalc")
    if aecalc is None:
        raise SystemExit("aecalc is not installed in this environment")
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for name, argv in COMMANDS.items():
            floor = Path(folder) / f"floor_{argv[0]}.py"
            floor.write_text(FLOOR_TEMPLATE.replace("{blocks}", repr(floor_blocks(argv))))
            ours, bare = [], []
            run_in_pty([aecalc, *argv])  # warm the file cache once for each side
            run_in_pty([sys.executable, str(floor), *argv])
            for _ in range(args.runs):
                ours.append(run_in_pty([aecalc, *argv]))
                bare.append(run_in_pty([sys.executable, str(floor), *argv]))
            ours_median, bare_median = statistics.median(ours), statistics.median(bare)
            results.append(
                {
                    "command": f"aecalc {name}",
                    "aecalc_s": round(ours_median, 4),
                    "floor_s": round(bare_median, 4),
                    "ratio": round(ours_median / bare_median, 3),
                }
            )
    if args.json:
        print(json.dumps({"machine": machine(), "runs": args.runs, "results": results}, indent=2))
        return
    print(f"Machine: {machine()}; medians of {args.runs} runs each, under a pseudo-terminal.\n")
    print("| command | aecalc (s) | bare Typer + Rich floor (s) | ratio |")
    print("|---|---|---|---|")
    for row in results:
        print(
            f"| `{row['command']}` | {row['aecalc_s']:.3f} | {row['floor_s']:.3f} | {row['ratio']:.2f}× |"
        )


if __name__ == "__main__":
    main()
