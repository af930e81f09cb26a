"""WeasyPrint lays out no MathML: its PDFs draw each formula as SVG (ziamath), and without
ziamath WeasyPrint is not offered at all (every formula would print as plain text)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aecalc.present.document import Document, Equations, Facts, Math
from aecalc.render import html, mathsvg, pdf

needs_ziamath = pytest.mark.skipif(
    importlib.util.find_spec("ziamath") is None,
    reason="ziamath is not installed (pip install ziamath)",
)
needs_weasyprint = pytest.mark.skipif(
    importlib.util.find_spec("weasyprint") is None or importlib.util.find_spec("ziamath") is None,
    reason="WeasyPrint and ziamath are not installed (pip install weasyprint ziamath)",
)
SIGMA = Math("σ(a) = 1/(1 + e^(−a))", r"\sigma(a) = \frac{1}{1 + e^{-a}}")
DOCUMENT = Document(
    "σ", (Facts("", (("definition", SIGMA),)), Equations("", ((Math("z", "z"), SIGMA),)))
)


def test_without_ziamath_a_formula_is_its_plain_spelling_and_weasyprint_is_not_offered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "ziamath", None)  # import fails as if not installed
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    mathsvg.svg.cache_clear()
    assert mathsvg.svg("x^2", "x²") == '<span class="math">x²</span>'
    assert not mathsvg.available() and not pdf._has_weasyprint()
    mathsvg.svg.cache_clear()
    assert "pip install weasyprint ziamath" in pdf.INSTALL


@needs_ziamath
def test_a_formula_is_an_svg_on_the_baseline_labelled_with_its_plain_spelling() -> None:
    drawn = mathsvg.svg(SIGMA.tex, SIGMA.plain)
    assert drawn.startswith('<svg style="vertical-align:-')
    assert 'role="img" aria-label="σ(a) = 1/(1 + e^(−a))"' in drawn and "<path" in drawn
    page = html.render(DOCUMENT, mathml=False, svg_math=True)
    assert page.count('role="img"') == 2 and "<math" not in page


@needs_weasyprint
def test_the_weasyprint_pdf_draws_its_formulas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AECALC_PDF_ENGINE", "weasyprint")
    data = pdf.render(DOCUMENT)
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        target = tmp_path / "m.pdf"
        target.write_bytes(data)
        text = subprocess.run(
            ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "1/(1 + e^(−a))" not in text  # drawn, not printed as text
