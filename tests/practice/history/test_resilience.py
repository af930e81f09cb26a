"""The history keeps every attempt when the file is not what this version expects, and is read
wherever it can be read:

- a history written by a newer aecalc (``attempts`` with a ``NOT NULL`` column this version does
  not fill) keeps the attempt in a table of the store's own, and says why — the summary used to
  end in "(None)" and the attempt was lost;
- a session that opens the file while another moves a damaged one aside waits for it (the lock
  file held shared to open, exclusively to move): the mover used to take the fresh file's side
  files (``-wal``, ``-shm``) along with the damaged one, and an attempt written meanwhile was lost
  (1 round in 46 of two sessions opening a corrupt file at once);
- a history on a read-only disk is read for ``--stats``;
- the readers (``plan``, ``--stats``, ``problems``) create nothing and move nothing.

The race is made deterministic: the other session, a real process, starts in the very window
(the damaged file just renamed, its side files not yet) and the test waits for a state — the
other session blocked on the lock (``/proc/locks``) or done writing — never for a time.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from aecalc.cli import app
from aecalc.practice.history import store as sqlite_store
from aecalc.practice.history.attempts import Attempt, History
from cli import run, runner
from disks import remount_read_only, tmpfs

NEWER = """
ALTER TABLE attempts RENAME TO older;
CREATE TABLE attempts (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL,
    session TEXT NOT NULL, topic TEXT NOT NULL, problem TEXT NOT NULL, question TEXT NOT NULL,
    answer TEXT NOT NULL, correct INTEGER NOT NULL, skipped INTEGER NOT NULL, slip TEXT,
    hints INTEGER, seconds REAL, level INTEGER, mode TEXT, confidence INTEGER NOT NULL);
INSERT INTO attempts SELECT *, 3 FROM older;
DROP TABLE older;
"""


def attempt(name: str = "A") -> Attempt:
    return Attempt("params", name, "question", "59", True)


def newer_history(path: Path) -> None:
    """A history as a newer aecalc would leave it: one attempt, and an extra NOT NULL column."""
    with History(path) as store:
        assert store.record(attempt("old"))
    with sqlite3.connect(path) as db:
        db.executescript(NEWER)


def test_a_history_from_a_newer_version_keeps_the_attempt_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "history.db"
    newer_history(path)
    capsys.readouterr()
    with History(path) as store:
        assert store.record(attempt("new"))  # in the file: kept apart, not lost
        assert store.count() == 1  # the newer version's rows are still read
    assert (store.saved, store.kept, store.unsaved) == (1, 1, 0)
    reason = "NOT NULL constraint failed: attempts.confidence"
    assert store.summary() == (
        f"Saved 1 attempt(s) to {path}, 1 of them kept apart in its table aecalc_kept_writes "
        f"because its own tables refuse them ({reason}).",
        "yellow",
    )
    warnings = capsys.readouterr().err.strip().splitlines()
    assert len(warnings) == 1 and reason in warnings[0] and "aecalc_kept_writes" in warnings[0]
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT reason, attempts, statements FROM aecalc_kept_writes").fetchall()
        assert db.execute("SELECT problem FROM attempts").fetchall() == [("old",)]
    assert len(rows) == 1 and rows[0][:2] == (reason, 1)
    statements = json.loads(rows[0][2])
    assert statements[0][0].startswith("INSERT INTO attempts") and "new" in statements[0][1]


def test_a_session_against_a_newer_history_ends_with_the_real_reason(home: Path) -> None:
    newer_history(home / "history.db")
    args = ["practice", "--topic", "params", "--count", "1", "--seed", "1"]
    result = runner.invoke(app, args, input="skip\n")
    code, out, err = result.exit_code, result.stdout, result.stderr
    assert code == 0
    assert "(None)" not in out + err
    assert "kept apart in its table aecalc_kept_writes" in " ".join(out.split())
    assert "NOT NULL constraint failed: attempts.confidence" in err


# -- two sessions and a damaged file --------------------------------------------------------------

HELD_SESSION = """
import sys
from pathlib import Path
from aecalc.practice.history.attempts import Attempt, History
store = History(Path(sys.argv[1]))
print("recorded", store.record(Attempt("params", "B", "q", "1", True)), flush=True)
sys.stdin.readline()  # the session goes on until the test lets it end
store.close()
print("closed", store.saved, store.unsaved, store.memory_only, flush=True)
"""


def corrupt(path: Path) -> None:
    path.write_bytes(b"this is not a database, just bytes " * 40)


def blocked_on(lock: Path, pid: int) -> bool:
    """Whether process ``pid`` waits for the flock on ``lock`` (``/proc/locks`` shows ``->``)."""
    if not lock.exists():
        return False
    inode = lock.stat().st_ino
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields and str(pid) in fields and fields[-3].endswith(f":{inode}"):
            return True
    return False


def test_a_session_opening_while_another_moves_a_damaged_file_aside_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Session A moves the damaged file aside; in the instant after the rename (before A takes
    the file's side files along), session B — a real process — opens the history. B must either
    wait for A's lock or use a file of its own that A does not touch: both attempts are kept."""
    if not Path("/proc/locks").exists():
        pytest.skip("/proc/locks is needed to see the other session wait")
    path = tmp_path / "history.db"
    corrupt(path)
    real_replace = Path.replace
    other: list[subprocess.Popen[str]] = []

    def replace(self: Path, target: str | os.PathLike[str]) -> Path:
        moved = real_replace(self, target)
        if self == path and not other:  # the damaged file has just left its name
            process = subprocess.Popen(
                [sys.executable, "-c", HELD_SESSION, str(path)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            other.append(process)
            wait_until_waiting_or_recorded(process, path.with_name("history.db.lock"))
        return moved

    monkeypatch.setattr(Path, "replace", replace)
    with History(path) as store:
        assert store.record(attempt("A"))
    monkeypatch.undo()
    assert other, "the file was never moved aside: the test did not test anything"
    out, err = other[0].communicate("go\n", timeout=120)
    assert out.splitlines()[-1] == "closed 1 0 False", (out, err)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        problems = sorted(row[0] for row in db.execute("SELECT problem FROM attempts"))
    assert problems == ["A", "B"]
    assert len(list(tmp_path.glob("history.db.corrupt-*"))) == 1


def wait_until_waiting_or_recorded(process: subprocess.Popen[str], lock: Path) -> None:
    """Until the other session waits for the lock, or has written its attempt (a state, not a
    time: the old code let it create and write a file in the window)."""
    import select

    assert process.stdout is not None
    for _ in range(2_000_000):
        if blocked_on(lock, process.pid):
            return
        ready, _, _ = select.select([process.stdout], [], [], 0)
        if ready:
            line = process.stdout.readline()
            assert line.startswith("recorded"), line + (
                process.stderr.read() if process.stderr else ""
            )
            return
        if process.poll() is not None:
            pytest.fail(f"the other session ended early: {process.communicate()}")
        os.sched_yield()
    pytest.fail("the other session neither waited nor wrote")


def test_opening_holds_the_lock_shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Any number of sessions open the file at once (shared), none while one recovers."""
    held: list[str] = []
    real = sqlite_store.opening_lock

    def watched(lock: Path) -> Iterator[None]:
        held.append(lock.name)
        return real(lock)

    monkeypatch.setattr(sqlite_store, "opening_lock", watched)
    with History(tmp_path / "history.db") as one, History(tmp_path / "history.db") as two:
        assert one.record(attempt("1")) and two.record(attempt("2"))
    assert held == ["history.db.lock", "history.db.lock"]


# -- a read-only disk -------------------------------------------------------------------------------


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A small tmpfs of our own (needs root and mount(8)), to remount read-only."""
    with tmpfs(tmp_path, "1m") as folder:
        yield folder


def test_a_history_on_a_read_only_disk_is_read_for_stats(
    disk: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with History(disk / "history.db") as store:
        assert store.record(attempt("A")) and store.record(attempt("B"))
    remount_read_only(disk)
    monkeypatch.setenv("AECALC_HOME", str(disk))
    code, out, err = run("practice", "--stats", "--json")
    assert code == 0
    assert json.loads(out)["attempts"] == 2  # it used to read as an empty history
    assert err == ""  # --stats writes nothing, so a disk it cannot write to is no news
    with History(disk / "history.db") as store:  # a session there: read, nothing saved
        warned = capsys.readouterr().err
        assert "read-only" in warned and "what it holds is read" in warned
        assert "nothing will be saved" in warned
        assert store.count() == 2
        assert not store.record(attempt("C"))
    assert store.summary() is not None and store.summary()[0].startswith("Nothing was saved")


def test_the_readers_create_nothing_and_move_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """plan, practice --stats and problems only look: on a first run no folder or file appears
    (--stats and problems used to create the folder, history.db and its lock file), and a
    damaged history is read as empty with a warning, left where it is for a session to recover."""
    home = tmp_path / "home"
    monkeypatch.setenv("AECALC_HOME", str(home))
    for argv in (["plan", "--json"], ["practice", "--stats", "--json"], ["problems", "--json"]):
        code, out, err = run(*argv)
        assert code == 0 and err == "", (argv, err)
        assert json.loads(out)
    assert not home.exists()
    home.mkdir()
    damaged = home / "history.db"
    damaged.write_bytes(b"not a database" * 100)
    code, out, err = run("practice", "--stats", "--json")
    assert code == 0 and json.loads(out)["attempts"] == 0
    assert "reads as an empty history" in err
    assert damaged.read_bytes() == b"not a database" * 100
    assert sorted(p.name for p in home.iterdir()) == ["history.db"]
