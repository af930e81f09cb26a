"""The conv-arithmetic commands print in every format: Markdown, LaTeX (ASCII, balanced, and a
whole document pdflatex compiles), HTML, PDF; the drawings keep their columns."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

import cli
from aecalc.render import latex as latex_render
from latex_checks import assert_balanced_latex

COMMANDS: list[tuple[list[str], str]] = [
    (["conv", "--x", "2,5,-3,0;0,6,0,-4;-1,-3,0,2;5,0,0,3", "--k", "-2,0;4,6"], "-18"),
    (
        [
            "conv",
            "--x",
            "1,2;3,4",
            "--x",
            "0,1;1,0",
            "--k",
            "1,0;0,1",
            "--k",
            "0.5,0;0,1/3",
            "--padding",
            "1",
            "--bias",
            "-1",
            "--act",
            "sigmoid",
            "--then",
            "maxpool2",
        ],
        "0.9820",  # by hand: the top-left pool window's largest z is 1 + 4 + 0 − 1 = 4, σ(4)
    ),
    (["conv", "--x", "1,2,0;0,1,3;2,2,1", "--k", "1,0;0,-1", "--flip", "--padding", "same"], "180"),
    (
        [
            "conv",
            "--transpose",
            "--x",
            "0,1;2,3",
            "--k",
            "0,1;2,3",
            "--stride",
            "2",
            "--padding",
            "1",
        ],
        "4",
    ),
    (["pool", "max", "--x", "1,3,2,1;4,6,5,0;7,2,9,8;1,0,3,4", "--then", "flatten"], "9"),
    (["pool", "avg", "--x", "1,2,3;4,5,6;7,8,9", "--padding", "1", "--ceil"], "2.75"),
    (["upsample", "--x", "1,2;3,4", "--mode", "zeros"], "4"),
    (["shape", "--in", "11", "--kernel", "3", "--out", "3", "--stride", "?"], "3 or 4"),
]
IDS = [" ".join(args[:2]) + f" {i}" for i, (args, _) in enumerate(COMMANDS)]


@pytest.mark.parametrize(("args", "number"), COMMANDS, ids=IDS)
def test_markdown_latex_and_html(args: list[str], number: str) -> None:
    code, markdown, err = cli.run(*args, "--format", "markdown")
    assert code == 0, err
    assert markdown.startswith("#") and cli.minus(number) in markdown
    code, latex, err = cli.run(*args, "--format", "latex")
    assert code == 0, err
    assert latex.isascii(), [c for c in latex if not c.isascii()][:5]
    assert "?" not in re.sub(
        r"\?[)\]]|\? ", "", latex.replace("--stride ?", "")
    )  # no unspelled char
    assert_balanced_latex(latex)
    assert latex_render.escape(number) in latex or number in latex
    code, page, err = cli.run(*args, "--format", "html")
    assert code == 0, err
    assert page.startswith("<!DOCTYPE html>") and html.escape(cli.minus(number)) in page


def test_a_drawing_keeps_its_columns_in_latex() -> None:
    code, latex, _ = cli.run(
        "conv", "--x", "1,-2;3,4", "--k", "1", "--padding", "1", "--format", "latex"
    )
    assert code == 0
    drawing = latex.split(r"\begin{verbatim}")[3].split(r"\end{verbatim}")[0]
    assert "  0 |  1  -2 |  0" in drawing  # the minus is one character, as on screen


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_a_pdf_through_pdflatex(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AECALC_PDF_ENGINE", "pdflatex")
    target = tmp_path / "conv.pdf"
    args = ["conv", "--transpose", "--x", "1,2;3,4", "--k", "1,-1;2,0.5", "--stride", "2"]
    code, _, err = cli.run(*args, "--padding", "1", "--output", str(target))
    assert code == 0, err
    text = cli.pdf_text(target)
    # by hand: the four scaled kernels on a 4×4 grid, one row and column cropped from each side
    assert "180" in text and "ConvTranspose2d" in text and "0.5, 4; −3, 4" in text
