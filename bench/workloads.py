"""Workload benchmarks: the exact forward pass of the seed example, ``params`` on a 10,000-layer
spec, and a 1,000-attempt practice history.

Every figure is the median of repeated wall-clock runs of the real command line (a fresh process
each time, output to /dev/null, so start-up and imports are included), plus, where it helps to
see where the time goes, the same work timed inside one warm process.

- ``forward``: ``aecalc forward --x 1,0 --we "1,-1;0,1" --wd "1,0;0,1"`` (F1, exact, sigmoid).
  Goal: under 1 s end to end.
- ``params``: ``aecalc params 4 3 … 3 4 --as-given`` with 10,000 hidden layers of 3 units, as
  JSON and as the printed table; peak memory (max RSS) of the process.
- ``history``: 1,000 attempts written one transaction each through
  ``aecalc.practice.history.attempts.History.record`` (the attempt alone), then 1,000 answers to
  generated questions through ``aecalc.practice.schedule.recording.record_answer`` (the way a
  practice session or an exam records them: the attempt and the kind's review card it moves, in
  one transaction), then ``aecalc practice --stats --json`` on the 2,000 attempts.

Run:  python bench/workloads.py [--runs 7] [--only forward,params,history] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, aecalc_path, load, machine, run_quiet, summary, timed

F1 = ["forward", "--x", "1,0", "--we", "1,-1;0,1", "--wd", "1,0;0,1"]
DEEP_SIZES = ["4", *["3"] * 10_000, "4"]


def bench_forward(aecalc: str, runs: int) -> dict[str, object]:
    env = {**os.environ, "NO_COLOR": "1"}
    end_to_end = timed(lambda: run_quiet([aecalc, *F1], env), runs)
    json_runs = timed(lambda: run_quiet([aecalc, *F1, "--json"], env), runs)

    # the same work in one warm process: SymPy already imported, so this is the arithmetic and
    # the printout alone
    from fractions import Fraction as F

    from aecalc.nets.forward import build_vanilla, run_forward
    from aecalc.present.forward import forward_document

    identity = ((F(1), F(0)), (F(0), F(1)))
    net = build_vanilla(
        ((F(1), F(-1)), (F(0), F(1))), None, identity, None, tied=False, act="sigmoid"
    )
    warm = timed(lambda: forward_document(run_forward(net, (F(1), F(0))), 4), runs)
    imports = subprocess.run(
        [
            sys.executable,
            "-c",
            "import time; t = time.perf_counter(); import sympy; print(time.perf_counter() - t)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return {
        "command": "aecalc " + " ".join(f'"{a}"' if ";" in a else a for a in F1),
        "end_to_end": summary(end_to_end),
        "end_to_end_json": summary(json_runs),
        "in_process_warm": summary(warm),
        "sympy_import_s": round(float(imports.stdout), 3),
    }


def _max_rss_mb(argv: list[str]) -> float:
    """Peak resident memory of one run of ``argv`` (a child process), in MB."""
    script = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *argv], capture_output=True, text=True, check=True
    )
    return round(int(done.stdout) / 1024, 1)


def bench_params(aecalc: str, runs: int) -> dict[str, object]:
    argv = [aecalc, "params", *DEEP_SIZES, "--as-given"]
    env = {**os.environ, "NO_COLOR": "1"}
    as_json = timed(lambda: run_quiet([*argv, "--json"], env), runs)
    table = timed(lambda: run_quiet(argv, env), runs)
    small = timed(lambda: run_quiet([aecalc, "params", "10", "8", "4", "--json"], env), runs)
    return {
        "command": "aecalc params 4 [3 × 10,000] 4 --as-given",
        "json": summary(as_json),
        "table": summary(table),
        "small_spec_json": summary(small),
        "max_rss_json_mb": _max_rss_mb([*argv, "--json"]),
        "max_rss_table_mb": _max_rss_mb(argv),
    }


def bench_history(aecalc: str, runs: int) -> dict[str, object]:
    from aecalc.practice.history.attempts import Attempt, History
    from aecalc.practice.schedule.recording import Answer, record_answer
    from aecalc.practice.topics.problem import Problem

    topics = ("params", "classify", "forward", "loss", "backprop", "theory")
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "AECALC_HOME": folder, "NO_COLOR": "1"}
        start = time.perf_counter()
        with History(Path(folder) / "history.db") as history:
            for i in range(1_000):
                history.record(
                    Attempt(
                        topic=topics[i % len(topics)],
                        problem=f"P{i % 50}",
                        question=f"question {i}",
                        answer=str(i),
                        correct=i % 3 != 0,
                        skipped=i % 17 == 0,
                        slip="log10 for ln" if i % 11 == 0 else None,
                    )
                )
        write_s = time.perf_counter() - start
        start = time.perf_counter()
        with History(Path(folder) / "history.db") as history:
            for i in range(1_000):
                topic = topics[i % 5]  # a generated question: gen-TOPIC-KIND-…, a kind card
                problem = Problem(f"gen-{topic}-k{i % 4}-{i}", topic, topic, f"question {i}")
                record_answer(
                    history,
                    Answer(problem, str(i), correct=i % 3 != 0, skipped=i % 17 == 0, hints=i % 2),
                )
        answers_s = time.perf_counter() - start
        stats = timed(lambda: run_quiet([aecalc, "practice", "--stats", "--json"], env), runs)
        done = subprocess.run(
            [aecalc, "practice", "--stats", "--json"],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            cwd=REPO,
        )
        attempts = json.loads(done.stdout)["attempts"]
        empty = tempfile.mkdtemp()
        empty_env = {**env, "AECALC_HOME": empty}
        baseline = timed(
            lambda: run_quiet([aecalc, "practice", "--stats", "--json"], empty_env), runs
        )
    return {
        "write_1000_attempts_s": round(write_s, 3),
        "per_attempt_ms": round(write_s, 3),  # 1,000 attempts: seconds in total = ms each
        "record_1000_answers_with_cards_s": round(answers_s, 3),
        "attempts_reported": attempts,
        "stats_json": summary(stats),
        "stats_json_empty_history": summary(baseline),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", default="forward,params,history")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    aecalc = aecalc_path()
    chosen = args.only.split(",")
    report: dict[str, object] = {"machine": machine(), "runs": args.runs, "load_start": load()}
    benches = {"forward": bench_forward, "params": bench_params, "history": bench_history}
    for name in chosen:
        report[name] = benches[name](aecalc, args.runs)
    report["load_end"] = load()
    report["children_max_rss_mb"] = round(
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
    )
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
