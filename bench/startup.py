"""Start-up benchmark: every ``aecalc`` command against a bare Typer + Rich app printing the same output.

Each command runs under a pseudo-terminal (as a user at a terminal runs it), alternating with the
floor, and the median of the repeated wall-clock times is reported. The floor is a Typer app with one
command that prints the very same tables and lines with Rich, built from the document aecalc renders
(captured by running the command once with ``aecalc.render.output.emit`` intercepted), so both sides do
identical terminal work and differ only in aecalc's own cost.

Commands whose arithmetic needs NumPy or SymPy (``forward``, ``backprop``, ``loss bce``, ``penalty``,
``solve``…) cannot match a floor that imports neither, so a second floor does the same printing
after importing the heavy libraries the command loaded ("floor + libs"): the ratio against it is
aecalc's own overhead on top of the libraries it cannot do without.

Run:  python bench/startup.py [--runs 15] [--only params,forward] [--json]
      PYTHONPATH=TREE/src python bench/startup.py …   times another source tree's aecalc
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import pty
import resource
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, aecalc_path, header, load, machine

FLOOR_TEMPLATE = """
{imports}
import typer

app = typer.Typer()


@app.command()
def show() -> None:
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

F1_NET = ["--we", "1,-1;0,1", "--wd", "1,0;0,1"]

# label → argv: every command of aecalc.cli.COMMANDS at least once, except exam (a timed
# session that waits for answers)
COMMANDS: dict[str, list[str]] = {
    "params 10 8 4": ["params", "10", "8", "4"],
    "classify 50 80": ["classify", "50", "80"],
    "forward (F1, exact)": ["forward", "--x", "1,0", *F1_NET],
    "loss mse": ["loss", "mse", "--x", "1,0.5,0", "--xhat", "0.8,0.4,0.1"],
    "loss bce": ["loss", "bce", "--x", "1,0", "--xhat", "0.675,0.6225"],
    "backprop (F1)": ["backprop", "--x", "1,0", *F1_NET, "--lr", "0.5"],
    "penalty sparse-kl": ["penalty", "sparse-kl", "--rho", "0.05", "--rho-hat", "0.1,0.2"],
    "practice --stats": ["practice", "--stats"],
    "solve F1": ["solve", "problems/f1-forward-pass.toml"],
    "check F1": ["check", "problems/f1-forward-pass.toml", "0.6750, 0.6225"],
    "problems": ["problems"],
    "sheet --topic params": ["sheet", "problems", "--topic", "params"],
    "params --from-code": [
        "params", "--from-code", "bench/models/conv_autoencoder.py", "--input", "28x28x1",
    ],
    "conv (4×4 map, 2×2 kernel)": [
        "conv", "--x", "2,5,-3,0;0,6,0,-4;-1,-3,0,2;5,0,0,3", "--k", "-2,0;4,6",
    ],
    "conv --transpose": ["conv", "--transpose", "--x", "0,1;2,3", "--k", "0,1;2,3"],
    "pool max": ["pool", "max", "--x", "1,3,2,1;4,6,5,0;7,2,9,8;1,0,3,4"],
    "upsample": ["upsample", "--x", "1,2;3,4"],
    "shape --in 256 --out 242": ["shape", "--in", "256", "--out", "242"],
    "vae": ["vae", "--mu", "2", "--sigma", "3", "--eps", "-1.5"],
    "plan": ["plan"],
    "pca": ["pca", "--x", "1,2;3,4;5,0", "--k", "1", "--divisor", "n"],
    "train (4-2, 50 epochs)": [
        "train", "--x", "0,0,1,1;0,1,1,0;1,1,0,0;1,0,0,1", "--sizes", "4-2", "--epochs", "50",
        "--seed", "3", "--top", "3",
    ],
}  # fmt: skip

CAPTURE = """
import json, sys
import aecalc.render.output
from aecalc.cli import build_app, _named_command
from startup import blocks_of

captured = []
aecalc.render.output.emit = lambda options, document, data: captured.append(document())
argv = sys.argv[1:]
try:
    build_app(_named_command(argv))(args=argv, prog_name="aecalc")
except SystemExit:
    pass
heavy = [name for name in ("numpy", "sympy") if name in sys.modules]
print("@@CAPTURE@@" + json.dumps({"blocks": [blocks_of(d) for d in captured], "heavy": heavy}))
"""


def blocks_of(document: object) -> list[tuple[str, object]]:
    """A document as literal rows for the floor script: text lines, tables and grids."""
    from aecalc.present.document import Contents, Diagram, Equations, Facts, Note, Section, Table

    blocks: list[tuple[str, object]] = [("text", str(getattr(document, "title", "")))]

    def walk(items: tuple[object, ...]) -> None:
        for block in items:
            if isinstance(block, Table):
                rows = [[str(c) for c in row] for row in block.rows]
                blocks.append(("table", (block.title, list(block.columns), rows)))
            elif isinstance(block, Facts):
                blocks.append(("text", block.title))
                blocks.append(("grid", [[label, str(value)] for label, value in block.items]))
            elif isinstance(block, Note):
                label = {"warning": "Warning: ", "convention": "Convention: "}.get(
                    block.kind, "Note: "
                )
                blocks.append(("text", label + block.text))
            elif isinstance(block, Diagram):
                blocks.append(("text", block.title))
                blocks.append(("text", block.text))
            elif isinstance(block, Equations):
                blocks.append(("text", block.title))
                blocks.extend(("text", f"{a.plain} = {b.plain}") for a, b in block.lines)
            elif isinstance(block, Section):
                blocks.append(("text", block.title))
                walk(block.blocks)
            elif not isinstance(block, Contents):
                blocks.append(("text", str(block)))

    walk(tuple(getattr(document, "blocks", ())))
    return blocks


def capture(argv: list[str], env: dict[str, str]) -> tuple[list[tuple[str, object]], list[str]]:
    """Run the command once with ``emit`` intercepted: (floor blocks, heavy libraries loaded).

    Output printed without ``emit`` (``--help``, practice's session lines) is mirrored as text.
    """
    done = subprocess.run(
        [sys.executable, "-c", CAPTURE, *argv],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        env={
            **env,
            # this folder (for blocks_of) before the caller's path (which may name a source tree)
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(Path(__file__).resolve().parent), env.get("PYTHONPATH")])
            ),
            "COLUMNS": "80",
        },
    )
    marker = done.stdout.rfind("@@CAPTURE@@")
    if marker < 0:
        raise SystemExit(f"capturing {argv} failed: {done.stderr[-500:]}")
    data = json.loads(done.stdout[marker + len("@@CAPTURE@@") :])
    blocks = [tuple(block) for document in data["blocks"] for block in document]
    printed = done.stdout[:marker].rstrip("\n")
    if printed:
        blocks.insert(0, ("text", printed))
    return blocks, list(data["heavy"])  # type: ignore[return-value]


def run_in_pty(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one run with stdout and stderr on a
    pseudo-terminal. CPU time is steadier than wall time on a shared machine."""
    master, slave = pty.openpty()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        close_fds=True,
        cwd=REPO,
        env=env,
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
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    os.close(master)
    if process.returncode != 0:
        raise SystemExit(f"{argv} exited {process.returncode}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", help="comma-separated command names (first word), e.g. params")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    aecalc_exe = aecalc_path()
    chosen = {
        label: argv
        for label, argv in COMMANDS.items()
        if not args.only or argv[0] in args.only.split(",")
    }
    started_load = load()
    results = []
    # Both sides start from bytecode, as an installed package does (pip compiles it at install;
    # PYTHONDONTWRITEBYTECODE, set on some machines, would otherwise make aecalc's side recompile
    # its modules at every start while a floor script's would not).
    import aecalc

    compileall.compile_dir(str(Path(aecalc.__file__).parent), quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        # an empty history for practice --stats; nothing is written to the user's own
        # (the caller's PYTHONPATH, if any, after the floors' folder: it may name the tree to time)
        path = os.pathsep.join(filter(None, [folder, os.environ.get("PYTHONPATH")]))
        env = {**os.environ, "AECALC_HOME": folder, "PYTHONPATH": path}
        for number, (label, argv) in enumerate(chosen.items()):
            blocks, heavy = capture(argv, env)
            floors = {"bare": Path(folder) / f"floor_{number}.py"}
            floors["bare"].write_text(
                FLOOR_TEMPLATE.replace("{blocks}", repr(blocks)).replace("{imports}", "")
            )
            if heavy:
                floors["libs"] = Path(folder) / f"floor_{number}_libs.py"
                floors["libs"].write_text(
                    FLOOR_TEMPLATE.replace("{blocks}", repr(blocks)).replace(
                        "{imports}", "\n".join(f"import {name}" for name in heavy)
                    )
                )
            compileall.compile_dir(folder, quiet=1)
            commands = {"aecalc": [aecalc_exe, *argv]}
            # each floor is imported (not run as a script) so that it, too, starts from bytecode
            commands.update(
                {
                    name: [sys.executable, "-c", f"import {path.stem}"]
                    for name, path in floors.items()
                }
            )
            cpu_times: dict[str, list[float]] = {name: [] for name in commands}
            times: dict[str, list[float]] = {name: [] for name in commands}
            for command in commands.values():  # warm the file cache once for each side
                run_in_pty(command, env)
            for _ in range(args.runs):
                for name, command in commands.items():
                    wall, cpu = run_in_pty(command, env)
                    times[name].append(wall)
                    cpu_times[name].append(cpu)
            medians = {name: statistics.median(values) for name, values in times.items()}
            cpu_medians = {name: statistics.median(values) for name, values in cpu_times.items()}
            row: dict[str, object] = {
                "command": f"aecalc {label}",
                "aecalc_s": round(medians["aecalc"], 4),
                "floor_s": round(medians["bare"], 4),
                "ratio": round(medians["aecalc"] / medians["bare"], 3),
                "aecalc_cpu_s": round(cpu_medians["aecalc"], 4),
                "floor_cpu_s": round(cpu_medians["bare"], 4),
                "cpu_ratio": round(cpu_medians["aecalc"] / cpu_medians["bare"], 3),
                "libraries": heavy,
            }
            if "libs" in medians:
                row["floor_libs_s"] = round(medians["libs"], 4)
                row["ratio_libs"] = round(medians["aecalc"] / medians["libs"], 3)
            results.append(row)
    finished_load = load()
    if args.json:
        print(
            json.dumps(
                {
                    "machine": machine(),
                    "load_start": started_load,
                    "load_end": finished_load,
                    "runs": args.runs,
                    "results": results,
                },
                indent=2,
            )
        )
        return
    print(
        header(args.runs, started_load)
        + f" Load at the end: {finished_load}. Under a pseudo-terminal.\n"
    )
    print(
        "| command | aecalc (s) | bare Typer + Rich floor (s) | ratio | CPU ratio "
        "| floor + the libraries it loads (s) | ratio |"
    )
    print("|---|---|---|---|---|---|---|")
    for row in results:
        libs = row.get("floor_libs_s")
        extra = (
            f"{libs:.3f} ({' + '.join(row['libraries'])}) | {row['ratio_libs']:.2f}×"  # type: ignore[index,str-bytes-safe]
            if libs is not None
            else "— | —"
        )
        print(
            f"| `{row['command']}` | {row['aecalc_s']:.3f} | {row['floor_s']:.3f} "
            f"| {row['ratio']:.2f}× | {row['cpu_ratio']:.2f}× | {extra} |"
        )


if __name__ == "__main__":
    main()
