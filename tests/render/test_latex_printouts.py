"""LaTeX printouts as a student hands them in: the network drawn (TikZ, or a tabular of ○ ● →
where TikZ is missing), subscripts as subscripts, vectors apart, σ(σ(·)) readable; compiled with
pdflatex and read back with pdftotext."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from aecalc.present import diagram
from aecalc.render.latex.diagram import network_lines, tabular, tikz
from aecalc.render.latex.escaping import escape
from cli import run

F1 = ("forward", "--x", "1,0", "--we", "1,-1;0,1", "--wd", "1,0;0,1", "--act", "sigmoid")
needs_pdflatex = pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no pdflatex")
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext")


def compile_tex(tex: Path) -> Path:
    for _ in range(2):
        subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
            cwd=tex.parent,
            capture_output=True,
            check=False,
            timeout=300,
        )
    pdf = tex.with_suffix(".pdf")
    assert pdf.exists(), tex.with_suffix(".log").read_text(errors="replace")[-3000:]
    return pdf


def pdf_text(pdf: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def f1_tex(tmp_path: Path) -> Path:
    target = tmp_path / "f1.tex"
    code, _, err = run(*F1, "--output", str(target))
    assert code == 0, err
    return target


def test_the_network_is_a_tikz_picture_with_a_tabular_beside_it(tmp_path: Path) -> None:
    text = f1_tex(tmp_path).read_text(encoding="ascii")
    assert r"\IfFileExists{tikz.sty}{\usepackage{tikz}\aecalctikztrue}{}" in text
    start = text.index("\n\\ifaecalctikz\n")
    picture = text[start : text.index("\n\\fi\n", start)]
    assert r"\begin{tikzpicture}" in picture and r"\begin{tabular}" in picture
    assert picture.count(r"\node[code]") == 2 and picture.count(r"\node[neuron]") == 4
    assert picture.count(r"\draw") == 8  # 2 × 2 edges between each pair of layers
    assert "{0.6750}" in picture and r"$\bullet$ 0.7311" in picture
    assert "verbatim" not in text and "#" not in picture  # no ASCII-art stand-ins


def test_a_fragment_draws_the_network_as_a_tabular_needing_no_package() -> None:
    code, out, _ = run(*F1, "--format", "latex")
    assert code == 0
    assert r"\begin{tabular}" in out and r"$\circ$ 1" in out and r"$\to$" in out
    assert "tikz" not in out and "aecalctikz" not in out


def test_elided_neurons_and_the_code_layer_in_both_drawings() -> None:
    network = diagram.network((10, 8, 4, 8, 10), 2)
    drawn = "\n".join(tikz(network))
    assert drawn.count(r"$\vdots$") == 4  # the middle of each column of more than six
    assert drawn.count(r"\node[code]") == 4
    rows = tabular(network)
    assert rows[0] == r"\begin{tabular}{ccccccccc}"
    assert sum(r"$\to$" in row for row in rows) == 1
    assert network_lines(network, whole=False)[1] == rows[0]


def test_subscripts_are_subscripts_and_the_sigma_of_a_sigma_is_readable(tmp_path: Path) -> None:
    text = f1_tex(tmp_path).read_text(encoding="ascii")
    assert r"b\_e" not in text and r"W\_d" not in text
    assert "${b}_{e}$" in text and "${W}_{d}" in text
    # the exponent of σ(σ(·)) is no script-script fraction: exp(…) at the size of a fraction
    assert r"\exp\left(- \frac{1}{1 + e^{-1}}\right)" in text
    assert r"e^{- \frac" not in text and "e^{-1/2}" in text
    assert r"\raisebox{0pt}[\dimexpr\height+2pt\relax]" in text  # rows of vectors kept apart
    assert escape("∂L/∂z_1") == r"$\partial$L/$\partial{z}_{1}$"


@needs_pdflatex
@needs_pdftotext
def test_the_forward_pass_compiles_and_reads_back(tmp_path: Path) -> None:
    pdf = compile_tex(f1_tex(tmp_path))
    text = pdf_text(pdf)
    for value in ("0.7311", "0.6750", "0.6225", "input", "code", "output"):
        assert value in text
    assert "W_d" not in text  # typeset as W with a subscript d


@needs_pdflatex
def test_without_tikz_the_tabular_compiles(tmp_path: Path) -> None:
    tex = f1_tex(tmp_path)
    text = tex.read_text(encoding="ascii").replace(
        r"\IfFileExists{tikz.sty}", r"\IfFileExists{no-such-package.sty}"
    )
    tex.write_text(text, encoding="ascii")
    log = compile_tex(tex).with_suffix(".log").read_text(errors="replace")
    assert "tikz.sty" not in log


@needs_pdflatex
@needs_pdftotext
def test_the_booklet_numbers_its_pages_and_its_contents_gives_them(tmp_path: Path) -> None:
    tex = tmp_path / "booklet.tex"
    code, _, err = run("sheet", "--topic", "params,theory", "--output", str(tex))
    assert code == 0, err
    assert r"\dotfill\pageref{p-q3a}" in tex.read_text(encoding="ascii")
    text = pdf_text(compile_tex(tex))
    pages = text.split("\f")
    assert all(
        page.strip().splitlines()[-1].strip() == str(n) for n, page in enumerate(pages[:-1], 1)
    )
    entry = re.search(r"Q3a · Stacked encoder.*?(\d+)\s*$", text, re.MULTILINE)
    assert entry is not None
    page = int(entry.group(1))
    assert "Q3a · Stacked encoder" in pages[page - 1]
