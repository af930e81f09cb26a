"""``--output`` written whole or not at all, and text from problem files that never reaches a
terminal or a printout raw.

- Two processes racing for one ``--output`` name: one complete file, one ``Error:`` line
  (a barrier starts both writes at the same moment, many rounds).
- A failure while writing leaves no file, and no temporary file, behind; the next run is not
  blocked by a truncated file.
- Bad requests (unknown extension, missing folder, a file where a folder should be, an
  existing file without ``--force``, ``--fragment`` outside LaTeX): one ``Error:`` line, exit 2.
- A problem whose statement holds escape sequences (clear screen, window title, an OSC 8
  link), Rich markup and emoji codes, or raw HTML is printed as text in Rich and Markdown.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from aecalc.cli import app
from aecalc.errors import InputError
from aecalc.render import output

runner = CliRunner()


def error(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == "" and result.stderr.count("\n") == 1
    line: str = result.stderr.strip()
    assert line.startswith("Error: ")
    return line


def _race(path: str, barrier: Any, content: bytes, results: Any) -> None:
    barrier.wait()
    try:
        output.write(Path(path), content)
    except InputError as problem:
        results.put(str(problem))
        return
    results.put("written")


def test_two_processes_racing_for_one_output_write_one_whole_file(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    for round_ in range(12):
        target = tmp_path / f"race-{round_}.md"
        barrier, results = context.Barrier(2), context.Queue()
        contents = [bytes([65 + i]) * 2_000_000 for i in range(2)]
        workers = [
            context.Process(target=_race, args=(str(target), barrier, c, results)) for c in contents
        ]
        for worker in workers:
            worker.start()
        outcome = sorted(results.get(timeout=60) for _ in workers)
        for worker in workers:
            worker.join(timeout=60)
        assert outcome[1] == "written" and "exists" in outcome[0], outcome
        assert target.read_bytes() in contents  # one whole file, never a mix or a piece
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_failed_write_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "x.md"

    def broken_fsync(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(InputError, match="No space left on device"):
        output.write(target, b"x" * 100)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    output.write(target, b"whole")  # the next run is not blocked by a piece of a file
    assert target.read_bytes() == b"whole"
    output.write(target, b"again", force=True)
    assert target.read_bytes() == b"again"


def test_a_render_error_writes_no_file(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    line = error("loss", "bce", "--x", "1,0", "--xhat", "1,0", "--json", "-o", str(target))
    assert line.startswith("Error:")
    assert list(tmp_path.iterdir()) == []


def test_bad_output_requests_are_one_error_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # back where it was after the test: later tests' paths hold
    Path("exists.md").write_text("mine", encoding="utf-8")
    Path("afile").write_text("", encoding="utf-8")
    assert error("params", "8", "3", "8", "-o", "x.docx").startswith(
        "Error: --output: cannot tell the format from 'x.docx': use .md, .tex, .html, .pdf"
    )
    assert error("params", "8", "3", "8", "-o", "no/x.md") == (
        "Error: --output: folder 'no' does not exist"
    )
    assert error("params", "8", "3", "8", "-o", "afile/x.md") == (
        "Error: --output: 'afile' is a file, not a folder"
    )
    assert error("params", "8", "3", "8", "-o", "afile/deeper/x.md") == (
        "Error: --output: 'afile' is a file, not a folder"
    )
    assert error("params", "8", "3", "8", "-o", "exists.md") == (
        "Error: --output: 'exists.md' exists (add --force to overwrite)"
    )
    assert Path("exists.md").read_text(encoding="utf-8") == "mine"
    assert error("params", "8", "3", "8", "--fragment") == (
        "Error: --fragment: is for LaTeX output, not rich"
    )
    assert error("params", "8", "3", "8", "-f", "pdf") == (
        "Error: --format: pdf is written to a file: add --output FILE.pdf"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "exists.md"]


HOSTILE = (
    "Clear\x1b[2J\x1b]0;owned\x07 and \x1b]8;;https://evil.example\x1b\\\\click\x1b]8;;\x1b\\\\ "
    "[bold red]markup[/] :smile: <script>alert(1)</script> <b>bold</b> \u202egnp.exe"
)


@pytest.fixture()
def hostile_bank(tmp_path: Path) -> Path:
    folder = tmp_path / "bank"
    folder.mkdir()
    statement = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in statement)
    (folder / "h1.toml").write_text(
        f'id = "H1"\ntopic = "params"\ntitle = "Hostile"\ndifficulty = 1\n'
        f'statement = "{escaped}"\nanswer = "59"\n\n'
        '[solve]\nkind = "params"\nsizes = [8, 3, 8]\nquantity = "total"\n',
        encoding="utf-8",
    )
    return folder


def test_problem_text_reaches_the_terminal_escaped(hostile_bank: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["sheet", str(hostile_bank)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "\\x1b[2J" in text and "\\x1b]8;;" in text  # shown, not obeyed
    assert "[bold red]markup[/]" in text and ":smile:" in text and "😄" not in text
    markdown = runner.invoke(app, ["sheet", str(hostile_bank), "-f", "markdown"]).stdout
    assert "\x1b" not in markdown and "<script>" not in markdown and "<b>" not in markdown
    assert "&lt;script>" in markdown
    page = runner.invoke(app, ["sheet", str(hostile_bank), "-f", "html"]).stdout
    assert "<script>" not in page and "\x1b" not in page
