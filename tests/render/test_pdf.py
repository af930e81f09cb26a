"""Printouts that compile and print: LaTeX as a whole document, ``--output FILE.pdf`` through
each engine, and the theory cards as an Anki deck.

pdflatex compiles what aecalc writes, as it is: the whole bank's booklet, a forward pass, a
conv table; the log has no overfull box wider than a few points, and the PDF's text
(pdftotext) holds every answer of the bank. Skipped where pdflatex, Chromium or pdftotext is
absent (``.ci/run`` installs them).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aecalc.cli import app
from cli import bank_answers, pdf_text
from examples import EXAMPLES

runner = CliRunner()
PDFLATEX = shutil.which("pdflatex")
PDFTOTEXT = shutil.which("pdftotext")
CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
needs_pdflatex = pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed")
needs_pdftotext = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext is not installed")
F1 = ["forward", "--we", "1,-1;0,1", "--wd", "1,0;0,1", "--x", "1,0", "--act", "sigmoid"]
CONV = ["params", "--input", "28x28x1", "conv3x3:16", "pool2", "conv3x3:32", "pool2"]
MAX_OVERFULL_PT = 3.0


def write(target: Path, *args: str) -> Path:
    result = runner.invoke(app, [*args, "--output", str(target)])
    assert result.exit_code == 0, result.stderr
    return target


def compile_tex(tex: Path) -> tuple[Path, str]:
    assert PDFLATEX is not None
    for _ in range(2):  # longtable settles its widths on the second run
        done = subprocess.run(
            [PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", tex.name],
            cwd=tex.parent,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode == 0, done.stdout[-3000:]
    log = tex.with_suffix(".log").read_text(errors="replace")
    return tex.with_suffix(".pdf"), log


def overfull(log: str) -> list[float]:
    return [float(x) for x in re.findall(r"Overfull \\[hv]box \(([\d.]+)pt too", log)]


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AECALC_HOME", str(tmp_path / "home"))


def test_latex_to_a_file_is_a_whole_document_and_fragment_keeps_the_piece(tmp_path: Path) -> None:
    whole = write(tmp_path / "q2.tex", "params", "8", "3", "8").read_text(encoding="ascii")
    assert whole.startswith(r"\documentclass") and whole.rstrip().endswith(r"\end{document}")
    assert r"\begin{longtable}" in whole
    result = runner.invoke(
        app, ["params", "8", "3", "8", "--output", str(tmp_path / "piece.tex"), "--fragment"]
    )
    assert result.exit_code == 0, result.stderr
    piece = (tmp_path / "piece.tex").read_text(encoding="ascii")
    assert piece.startswith(r"\subsection*{") and r"\documentclass" not in piece
    assert r"\begin{tabular}" in piece


def test_commands_are_typeset_as_typed() -> None:
    result = runner.invoke(app, [*F1, "--format", "latex"])
    assert result.exit_code == 0
    assert r"\texttt{aecalc loss mse -{}-{}x 1,0" in result.stdout
    assert " --x" not in result.stdout  # never the en-dash ligature


@needs_pdflatex
def test_pdflatex_compiles_the_booklet_with_every_answer(tmp_path: Path) -> None:
    tex = write(tmp_path / "booklet.tex", "sheet")
    pdf, log = compile_tex(tex)
    assert [w for w in overfull(log) if w > MAX_OVERFULL_PT] == []
    if PDFTOTEXT:
        text = pdf_text(pdf)
        assert [a for a in bank_answers() if a not in text] == []
        tail = text[text.rindex("Answers") :]
        for problem_id in ("Q1", "F1", "L2", "B01", "V01", "T19"):
            assert problem_id in tail


@needs_pdflatex
@pytest.mark.parametrize(
    ("args", "numbers"),
    [
        (F1, ["0.7311", "0.6750", "0.6225", "0.6835"]),
        (CONV, ["4,640", "160", "14", "4,800"]),
        ([*CONV, "deconv2x2:16", "deconv2x2:1"], ["2,064", "65"]),
    ],
    ids=["forward", "conv", "conv-wide"],
)
def test_pdflatex_compiles_a_forward_pass_and_conv_tables(
    tmp_path: Path, args: list[str], numbers: list[str]
) -> None:
    pdf, log = compile_tex(write(tmp_path / "one.tex", *args))
    assert [w for w in overfull(log) if w > MAX_OVERFULL_PT] == []
    if PDFTOTEXT:
        text = pdf_text(pdf)
        for number in numbers:
            assert number in text, number


@needs_pdftotext
@pytest.mark.parametrize("engine", ["chromium", "pdflatex"])
def test_output_pdf_through_each_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    if (engine == "chromium" and CHROMIUM is None) or (engine == "pdflatex" and PDFLATEX is None):
        pytest.skip(f"{engine} is not installed")
    monkeypatch.setenv("AECALC_PDF_ENGINE", engine)
    pdf = write(tmp_path / "f1.pdf", *F1)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = pdf_text(pdf)
    for number in ("0.7311", "0.6750", "0.6225"):
        assert number in text
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == ["f1.pdf"]


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_the_booklet_as_pdf_has_every_answer_in_fewer_than_64_a4_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the whole bank, as `aecalc sheet -o booklet.pdf` prints it (pdflatex's booklet: below)
    monkeypatch.setenv("AECALC_PDF_ENGINE", "chromium")
    pdf = write(tmp_path / "booklet.pdf", "sheet")
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?![a-z])", data))
    # The bound was 60 at 54 pages. The convolution-arithmetic topic (issue 21) added 8 problems
    # and 8 pages (62): a feature map's worked solution draws each output cell's window on the
    # input, as `aecalc conv` prints it, and the topic starts a page of its own. 64 keeps a page.
    assert data.startswith(b"%PDF-") and 10 < pages < 64, pages
    if PDFTOTEXT:
        text = pdf_text(pdf)
        assert [a for a in bank_answers() if a not in text] == []


def test_pdf_with_no_engine_is_one_error_line(tmp_path: Path) -> None:
    env = dict(os.environ, PATH=str(tmp_path / "empty"), AECALC_PDF_ENGINE="pdflatex")
    done = runner.invoke(app, ["params", "8", "3", "8", "-o", str(tmp_path / "x.pdf")], env=env)
    assert done.exit_code == 2
    assert done.stderr.startswith("Error: --output: the PDF engine pdflatex is not installed")
    assert "apt-get install" in done.stderr and done.stderr.count("\n") == 1
    assert not (tmp_path / "x.pdf").exists()
    done = runner.invoke(
        app,
        ["params", "8", "3", "8", "-o", str(tmp_path / "x.pdf")],
        env={"AECALC_PDF_ENGINE": "x"},
    )
    assert done.exit_code == 2 and "unknown PDF engine 'x'" in done.stderr


def test_theory_cards_as_an_anki_deck(tmp_path: Path) -> None:
    pytest.importorskip("genanki")
    deck = write(tmp_path / "theory.apkg", "sheet", "--topic", "theory")
    with zipfile.ZipFile(deck) as archive:
        archive.extract("collection.anki2", tmp_path)
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        notes = [row[0] for row in db.execute("select flds from notes")]
    result = runner.invoke(app, ["sheet", "--topic", "theory", "--json"])
    problems = json.loads(result.stdout)["problems"]
    assert len(notes) == len(problems) > 10
    front, back = notes[0].split("\x1f")
    assert problems[0]["id"] in front and problems[0]["statement"][:30] in front
    assert problems[0]["answer"][0][:30] in back
    again = runner.invoke(app, ["params", "8", "3", "8", "--output", str(tmp_path / "p.apkg")])
    assert again.exit_code == 2 and "aecalc sheet" in again.stderr
    assert not (tmp_path / "p.apkg").exists()


def test_every_character_of_the_bank_has_a_tex_spelling() -> None:
    """No symbol of the whole booklet falls back to '?' in LaTeX (σ′, x̃, ⌈H/S⌉, …)."""
    from aecalc.practice.bank.folder import bank_dir
    from aecalc.practice.printouts.booklet import booklet_document, load_entries
    from aecalc.present.document import Block, Facts, Note, Section, Table
    from aecalc.render.latex import escape

    texts: list[str] = []

    def walk(blocks: tuple[Block, ...]) -> None:
        for block in blocks:
            if isinstance(block, Section):
                texts.append(block.title)
                walk(block.blocks)
            elif isinstance(block, Table):
                texts.extend([block.title, *block.columns])
                texts.extend(c for row in block.rows for c in row if isinstance(c, str))
            elif isinstance(block, Facts):
                texts.extend([block.title, *(k for k, _ in block.items)])
                texts.extend(v for _, v in block.items if isinstance(v, str))
            elif isinstance(block, Note):
                texts.append(block.text)

    walk(booklet_document(load_entries(bank_dir(), None), 4, False).blocks)
    assert len(texts) > 1000
    unspelled = [t for t in texts if escape(t).count("?") > t.count("?")]
    assert unspelled == []


# a PDF per kind of page (tests/examples.py; every command's Markdown, LaTeX and HTML are checked
# in tests/render/test_printouts.py, compiling each would add a minute for no new kind of page)
PDF_COMMANDS = [
    EXAMPLES["params"][0],
    EXAMPLES["classify"][0],
    (["loss", "bce", "--x", "1,0", "--xhat", "0.68,0.38", "--log", "log10"], "0.1875"),
    (EXAMPLES["backprop"][0][0], "0.3589"),  # Mazur's w5 after the step
    EXAMPLES["penalty"][1],
    EXAMPLES["practice"][0],
    (["solve", "V01"], "9,569"),
    (["check", "Q2", "59"], "59"),
    EXAMPLES["problems"][0],
    EXAMPLES["conv"][0],
]


@needs_pdftotext
@needs_pdflatex
@pytest.mark.parametrize(("args", "number"), PDF_COMMANDS, ids=[c[0][0] for c in PDF_COMMANDS])
def test_every_command_writes_a_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], number: str
) -> None:
    monkeypatch.setenv("AECALC_PDF_ENGINE", "pdflatex")  # the faster engine; both are tested above
    pdf = write(tmp_path / "out.pdf", *args)
    assert number in pdf_text(pdf)
