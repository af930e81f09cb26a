"""Two writers at once, threads or processes: every attempt is kept."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from aecalc.practice.history.attempts import Attempt, History


def test_concurrent_threads_lose_no_attempt(home: Path) -> None:
    def writer(tag: int) -> None:
        with History() as history:
            for i in range(40):
                assert history.record(Attempt("params", f"p{tag}-{i}", "q", str(i), i % 2 == 0))

    threads = [threading.Thread(target=writer, args=(t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with History() as history:
        assert history.count() == 160


def test_two_processes_lose_no_attempt(home: Path) -> None:
    code = (
        "from aecalc.practice.history.attempts import Attempt, History\n"
        "h = History()\n"
        "ok = sum(h.record(Attempt('loss', f'p{i}', 'q', '1', True)) for i in range(150))\n"
        "h.close()\n"
        "print(ok)\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert outputs == ["150", "150"]
    with History() as history:
        assert history.count() == 300
