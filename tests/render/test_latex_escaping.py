"""Text from a problem file becomes LaTeX that compiles, whatever it holds, and a PDF engine that
writes nothing says why.

A title with combining hats made pdflatex fail: ``x̂`` was fine, but a hat on ``$`` became
``$\\hat{\\}$`` (the ``$`` of ``\\$`` stripped), and a hat on ``^``, ``~`` or ``é`` put a text
command inside math. The error then said only "wrote no PDF".
"""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aecalc.render import pdf
from aecalc.render.latex.escaping import escape
from cli import run

MARKS = "\u0302\u0303\u0301\u0300\u0308\u0304"
HOSTILE = (
    "\\\u0302 ^\u0302 é\u0302 –\u0302 _\u0302 ~\u0302 $\u0302 {\u0302 }\u0302 %\u0302 #\u0302 "
    "&\u0302 ŷ x\u0302_i ǖ ñ ²\u0302 ᵀ\u0302 ½\u0302 σ\u0302 →\u0302 \u0302x x\u0302\u0302 "
    "\u0303\u0303 a\u0308\u0304 ☃\u0302 ∂\u0302 1\u0302 ê"
)


def balanced(tex: str) -> bool:
    """Braces balanced and every ``$`` paired, once escaped characters are left out."""
    plain = tex.replace("\\\\", "").replace("\\{", "").replace("\\}", "").replace("\\$", "")
    depth = 0
    for char in plain:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0 and plain.count("$") % 2 == 0


@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from(list("xyzé$^~_{}\\%#&–→σ²ᵀ½ ") + list(MARKS)),
            st.characters(codec="utf-8"),
        ),
        max_size=40,
    )
)
def test_escaped_text_is_ascii_and_balanced(text: str) -> None:
    tex = escape(text)
    assert tex.isascii(), (text, tex)
    assert balanced(tex), (text, tex)
    assert "$$" not in tex.replace("\\$", "")


def test_hats_on_anything() -> None:
    assert escape("x\u0302") == "$\\hat{x}$"
    assert escape("σ\u0302") == "$\\hat{\\sigma}$"
    assert escape("$\u0302") == "\\$\\^{}"  # was $\hat{\}$
    assert escape("^\u0302") == "\\textasciicircum{}\\^{}"
    assert escape("é\u0302") == "\\'e\\^{}"
    assert escape("ŷ") == "\\^{y}"  # a precomposed hat is kept, as a text accent


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_a_problem_with_hostile_hats_compiles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    problem = tmp_path / "hats.toml"
    problem.write_text(
        f'id = "H1"\ntopic = "loss"\ntitle = {json.dumps(HOSTILE, ensure_ascii=False)}\n'
        f"statement = {json.dumps(HOSTILE + ' x = [3, 5, 2], x̂ = [2, 4, 3]', ensure_ascii=False)}\n"
        'answer = "1"\nhint = "$x̂$ ^̂"\n\n'
        '[solve]\nkind = "loss"\nloss = "mse"\nx = "3, 5, 2"\nxhat = "2, 4, 3"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("AECALC_PDF_ENGINE", "pdflatex")
    target = tmp_path / "hats.pdf"
    code, _, err = run("solve", str(problem), "--output", str(target))
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF")


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_pdflatex_that_fails_says_its_first_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from aecalc.render import latex

    def broken(document: object) -> str:
        return "\\documentclass{article}\\begin{document}\nfine\n\\nosuchcommand\n\\end{document}\n"

    monkeypatch.setenv("AECALC_PDF_ENGINE", "pdflatex")
    monkeypatch.setattr(latex, "render_document", broken)
    with pytest.raises(Exception) as caught:
        from aecalc.present.document import Document

        pdf.render(Document("t", ()))
    assert str(caught.value) == (
        "--output: pdflatex wrote no PDF: Undefined control sequence (line 3: \\nosuchcommand)"
    )


def test_chromium_that_fails_says_how(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    browser = tmp_path / "chromium"
    browser.write_text("#!/bin/sh\necho 'some noise' >&2\necho 'cannot open display' >&2\nexit 3\n")
    browser.chmod(browser.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("AECALC_PDF_ENGINE", "chromium")
    monkeypatch.setattr(pdf, "_browser", lambda: str(browser))
    from aecalc.present.document import Document

    with pytest.raises(Exception) as caught:
        pdf.render(Document("t", ()))
    assert str(caught.value) == (
        "--output: Chromium wrote no PDF: exit status 3; it said: cannot open display"
    )


def test_latex_error_reads_the_log() -> None:
    log = "This is pdfTeX\n! Missing $ inserted.\n<inserted text>\n$\nl.42 ...\\hat{x}\n"
    assert pdf.latex_error(log) == "Missing $ inserted (line 42: ...\\hat{x})"
    assert pdf.latex_error("no errors here\n") is None
    assert pdf.latex_error("! Emergency stop.\n") == "Emergency stop"
