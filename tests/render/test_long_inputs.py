"""Printouts of long inputs take seconds, not minutes.

- A 190 kB problem title: the HTML renderer's token pattern backtracked over a run of letters
  (over a minute for HTML, and so for the booklet, the Anki deck and the notebook forms built on
  it), and Chromium took another minute to lay out a word no cell could break.
- Nets of 20,000 layers: ``backprop`` took 94 s to print (2 s as JSON), ``forward`` 18 s; the
  printouts now show the first and last layers, as ``params`` does, and JSON lists them all.

Each command runs in its own process with a time bound generous enough for a loaded 2-core
machine: the point is "not minutes", and a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import time
from pathlib import Path

import pytest

from aecalc.render import html
from cli import run_process

BOUND_S = 60
OLD_TOKEN = re.compile(r"(\S*[^\sA-Za-z]\S*)")


def test_the_token_pattern_marks_what_the_old_one_marked() -> None:
    """Same spans as the old pattern on every kind of text, without its backtracking."""
    rng = random.Random(7)
    for _ in range(5_000):
        text = "".join(rng.choice("ab Z1-é\n\t<&;") for _ in range(rng.randint(0, 40)))
        old = OLD_TOKEN.sub(r'<span class="nb">\1</span>', text)
        assert html._TOKEN.sub(html._unbroken, text) == old, repr(text)


def test_a_run_of_190_000_letters_is_marked_in_a_moment() -> None:
    began = time.monotonic()
    cell = html._cell_text("a" * 190_000)
    assert time.monotonic() - began < 2
    assert cell == '<span class="long">' + "a" * 190_000 + "</span>"  # it may break anywhere


@pytest.fixture(scope="module")
def long_title_bank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bank")
    title = "a" * 190_000
    (folder / "t.toml").write_text(
        f'id = "T"\ntopic = "loss"\ntitle = {json.dumps(title)}\n'
        'statement = "x = [3, 5, 2], x̂ = [2, 4, 3]: the MSE?"\nanswer = "1"\n\n'
        '[solve]\nkind = "loss"\nloss = "mse"\nx = "3, 5, 2"\nxhat = "2, 4, 3"\n',
        encoding="utf-8",
    )
    return folder


@pytest.mark.parametrize("suffix", [".html", ".md", ".tex", ".apkg"])
def test_a_190_kb_title_prints_in_seconds(
    long_title_bank: Path, tmp_path: Path, suffix: str
) -> None:
    env = {"AECALC_PROBLEMS": str(long_title_bank)}
    target = tmp_path / f"booklet{suffix}"
    done, took = run_process("sheet", "--output", str(target), env=env)
    assert done.returncode == 0, done.stderr
    assert took < BOUND_S and target.stat().st_size > 190_000
    listing, took = run_process("problems", "-f", "html", env=env)
    assert listing.returncode == 0 and took < BOUND_S


@pytest.mark.skipif(
    not any(shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome")),
    reason="Chromium is not installed",
)
def test_a_190_kb_title_makes_a_pdf_in_seconds(long_title_bank: Path, tmp_path: Path) -> None:
    """Chromium laid the unbreakable 190,000-letter word out for over a minute; a token longer
    than any column may now break anywhere."""
    target = tmp_path / "booklet.pdf"
    env = {"AECALC_PROBLEMS": str(long_title_bank), "AECALC_PDF_ENGINE": "chromium"}
    done, took = run_process("sheet", "--output", str(target), env=env)
    assert done.returncode == 0, done.stderr
    assert took < BOUND_S and target.read_bytes().startswith(b"%PDF")


def test_the_notebook_forms_of_a_long_title_in_a_moment() -> None:
    from aecalc.present.document import Document, Table
    from aecalc.render.notebook import show

    document = Document("a" * 190_000, (Table("t", ("title",), (("b" * 190_000,),)),))
    began = time.monotonic()
    for form in ("html", "markdown", "latex"):
        assert len(show(form, document)) > 190_000
    assert time.monotonic() - began < BOUND_S / 4


LAYERS = [part for _ in range(20_000) for part in ("--w", "1")]


@pytest.mark.parametrize(
    ("command", "json_key"),
    [
        (["backprop", "--x", "1", "--target", "0.5", *LAYERS], "layers"),
        (["forward", "--x", "1", *LAYERS], "layers"),
    ],
)
def test_20000_layers_print_their_first_and_last_in_seconds(
    command: list[str], json_key: str
) -> None:
    done, took = run_process(*command, env={"COLUMNS": "100"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert took < BOUND_S, took
    text = done.stdout
    assert len(text) < 200_000  # it was 4 MB for 2,000 layers (and 100 MB for forward)
    assert "more layers" in text and "--json lists them all" in " ".join(text.split())
    assert "20000" in text.replace(",", "") or "20001" in text.replace(",", "")
    listed, took = run_process(*command, "--json")
    assert listed.returncode == 0 and took < BOUND_S * 2
    assert len(json.loads(listed.stdout)[json_key]) == 20_000
