"""Printouts: every command in Markdown, LaTeX and HTML, --output/--force, and the bad-input rules.

The renderers read one Document; these tests check what a reader of each format gets:
the same numbers, balanced LaTeX that is pure ASCII, a self-contained HTML page, and an
``Error:`` line with exit status 2 for every kind of bad output request.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aecalc.cli import app
from aecalc.present.document import (
    Cell,
    Contents,
    Diagram,
    Document,
    Equations,
    Facts,
    Math,
    Note,
    Section,
    Table,
)
from aecalc.render import html as html_render
from aecalc.render import latex as latex_render
from aecalc.render import markdown as markdown_render
from examples import ALL, F1, MAZUR, ids
from latex_checks import assert_balanced_latex

runner = CliRunner()

# Every command, with a number each printout must contain (tests/examples.py).
COMMANDS = ALL


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the practice history of these runs out of the user's data folder."""
    monkeypatch.setenv("AECALC_HOME", str(tmp_path / "home"))


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("args", "number"), COMMANDS, ids=ids(COMMANDS))
def test_every_command_prints_markdown_latex_and_html(args: list[str], number: str) -> None:
    code, markdown, err = run(*args, "--format", "markdown")
    assert code == 0, err
    assert markdown.startswith("#") and number in markdown
    assert "|---" in markdown or "- **" in markdown

    code, latex, err = run(*args, "--format", "latex")
    assert code == 0, err
    assert latex.isascii(), [c for c in latex if not c.isascii()][:5]
    assert_balanced_latex(latex)
    assert latex_render.escape(number) in latex or number in latex

    code, page, err = run(*args, "--format", "html")
    assert code == 0, err
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert '<meta name="viewport"' in page and "@media print" in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page), "the page must not load anything"
    assert html.escape(number) in page


def test_forward_latex_uses_align_for_the_steps_and_tabular_for_the_table() -> None:
    code, latex, _ = run(*F1, "--format", "latex")
    assert code == 0
    assert r"\begin{tabular}" in latex and r"\begin{align*}" in latex
    # z1 = sigma(1) = 1/(1 + e^-1) ≈ 0.7311, the step the notes write by hand
    assert r"z_{1} &= \sigma\left(1\right) = \frac{1}{1 + e^{-1}} \approx 0.7311" in latex
    assert r"\hat{x}_{2} &= \sigma\left(\frac{1}{2}\right)" in latex and "0.6225" in latex


def test_forward_markdown_has_dollar_math_and_a_display_block() -> None:
    code, markdown, _ = run(*F1, "--format", "markdown")
    assert code == 0
    assert r"$\begin{bmatrix}\frac{1}{1 + e^{-1}} \\ \frac{1}{2}\end{bmatrix}$" in markdown
    block = markdown.split("$$")[1]
    assert r"\begin{aligned}" in block and r"\frac{1}{1 + e^{-1}} \approx 0.7311" in block
    assert r"\ln" in markdown  # the BCE's exact form names the natural log


def test_forward_html_and_terminal_show_the_net_with_each_neurons_value() -> None:
    code, page, _ = run(*F1, "--format", "html")
    assert code == 0
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert svg.count("<circle") == 6
    for value in ("0.7311", "0.5", "0.6750", "0.6225"):
        assert f">{value}</text>" in svg
    # W_e = [[1, -1], [0, 1]] on the edges of this small net
    assert ">-1</text>" in svg
    code, text, _ = run(*F1)
    assert code == 0
    assert "● 0.7311" in text and "○ 0.6750" in text and "○ 0.6225" in text


def test_large_nets_leave_out_the_equations_and_edge_weights() -> None:
    identity = ";".join(",".join("1" if i == j else "0" for j in range(5)) for i in range(5))
    code, page, _ = run(
        "forward", "--we", identity, "--wd", identity, "--x", "1,0,0,0,0", "--format", "html"
    )
    assert code == 0
    assert "<svg" in page and "as an equation" not in page
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert svg.count('font-size="11"') == 0  # no edge labels


# --output, the extension, --force


@pytest.mark.parametrize(
    ("suffix", "marker"),
    [(".md", "## Parameters"), (".tex", r"\documentclass"), (".html", "<!DOCTYPE html>")],
)
def test_output_picks_the_format_from_the_extension(
    tmp_path: Path, suffix: str, marker: str
) -> None:
    target = tmp_path / f"q2{suffix}"
    code, out, err = run("params", "8", "3", "8", "--output", str(target))
    assert (code, out, err) == (0, "", "")
    text = target.read_text(encoding="utf-8")
    assert text.startswith(marker) and "59" in text


def test_output_as_svg_and_text_records_the_terminal_output(tmp_path: Path) -> None:
    code, _, _ = run(*F1, "--output", str(tmp_path / "f1.svg"))
    assert code == 0
    svg = (tmp_path / "f1.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "0.6750" in svg
    code, _, _ = run(*F1, "--output", str(tmp_path / "f1.txt"))
    assert code == 0
    assert "0.6750" in (tmp_path / "f1.txt").read_text(encoding="utf-8")


def test_an_existing_file_is_kept_without_force(tmp_path: Path) -> None:
    target = tmp_path / "q2.md"
    target.write_text("my notes\n", encoding="utf-8")
    code, out, err = run("params", "8", "3", "8", "--output", str(target))
    assert code == 2 and out == ""
    assert err.startswith("Error: --output") and "--force" in err
    assert target.read_text(encoding="utf-8") == "my notes\n"
    code, _, _ = run("params", "8", "3", "8", "--output", str(target), "--force")
    assert code == 0 and "59" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [c[0] for c in COMMANDS], ids=ids(COMMANDS))
def test_every_command_refuses_bad_output_requests(tmp_path: Path, args: list[str]) -> None:
    bad = [
        ["--format", "pdf"],
        ["--output", str(tmp_path / "missing" / "x.md")],
        ["--format", "latex", "--output", str(tmp_path / "x.md")],
        ["--format", "markdown", "--output", str(tmp_path / "x.html")],
        ["--output", str(tmp_path / "x.docx")],
        ["--output", str(tmp_path)],
    ]
    for extra in bad:
        code, out, err = run(*args, *extra)
        assert code == 2, (extra, out, err)
        assert out == ""
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), err
        assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == [tmp_path / "home"] or not any(
        p.suffix in (".md", ".html", ".tex") for p in tmp_path.iterdir()
    )


def test_a_folder_without_write_permission_is_an_error(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # root may write anywhere a mode bit forbids; /proc refuses new files even to root
        target = Path("/proc/aecalc-printout.md")
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = locked / "x.md"
    code, out, err = run("params", "8", "3", "8", "--output", str(target))
    assert code == 2 and out == ""
    assert err.startswith("Error: --output") and len(err.strip().splitlines()) == 1
    assert not target.exists()


def test_json_and_a_contradicting_format_are_refused() -> None:
    code, out, err = run("params", "8", "3", "8", "--json", "--format", "html")
    assert code == 2 and out == "" and err.startswith("Error: --json")


# One Document, every renderer


def _document() -> Document:
    table = Table(
        "Terms | bars & specials $5 50% #1 x_1",
        ("i", "x̂", "exact"),
        (("1", "0.6750", Math("1/(1 + e⁻¹)", r"\frac{1}{1 + e^{-1}}")), ("Σ", "‖x‖", "½ | a")),
        total_rows=frozenset({1}),
        caption="W is units out × units in",
    )
    equations = Equations(
        "Steps",
        ((Math("z₁", "z_{1}"), Math("σ(1) ≈ 0.7311", r"\sigma(1) \approx 0.7311")),),
    )
    problem = Section(
        "Q2 · 8 → 3 → 8",
        "p-q2",
        (Facts("Answer", (("total", "59"), ("", "an unlabelled line"))), Note("check", "warning")),
    )
    topic = Section("Counting", "topic-params", (problem,), page_break=True)
    picture = Diagram("Net", "input → code\n ○      ●", "<svg><circle/></svg>")
    return Document("Booklet", (Contents(), table, equations, picture, topic))


def _texts(cells: tuple[Cell, ...]) -> list[str]:
    return [c for c in cells if isinstance(c, str)]


def test_every_renderer_prints_every_cell_of_the_same_document() -> None:
    document = _document()
    markdown = markdown_render.render(document)
    latex = latex_render.render(document)
    page = html_render.render(document)
    assert markdown.startswith("# Booklet")  # a document with sections is a booklet
    assert "- [Counting](#topic-params)" in markdown and "  - [Q2 · 8 → 3 → 8](#p-q2)" in markdown
    assert '<a id="p-q2"></a>' in markdown
    assert "**½ \\| a**" in markdown and "\\$5" in markdown  # a bar or $ would break the line
    assert (
        "$$\n\\begin{aligned}\nz_{1} &= \\sigma(1) \\approx 0.7311\n\\end{aligned}\n$$" in markdown
    )
    assert "- an unlabelled line" in markdown
    assert latex.isascii()
    assert_balanced_latex(latex)
    assert r"\section*{Booklet}" in latex and r"\clearpage" in latex
    assert r"\$5 50\% \#1 ${x}_{1}$" in latex and r"$\hat{x}$" in latex and r"$\|$x$\|$" in latex
    assert "\\begin{verbatim}\ninput > code\n o      #\n\\end{verbatim}" in latex
    assert '<section id="topic-params" class="topic page-break">' in page
    assert '<a href="#p-q2">' in page and "<svg><circle/></svg>" in page
    assert "<math" in page and 'alttext="z₁ = σ(1) ≈ 0.7311"' in page
    words = re.sub(r"<[^>]+>", "", page)  # the text a reader sees, without the tags
    for table in [b for b in document.blocks if isinstance(b, Table)]:
        for row in table.rows:
            for text in _texts(row):
                assert html.escape(text) in words or f"<mn>{text}</mn>" in page
                assert text.replace("|", "\\|") in markdown
                assert latex_render.escape(text) in latex


def test_latex_escape_spells_unicode_in_tex() -> None:
    assert latex_render.escape("x̂₁₀ = e⁻¹") == r"$\hat{x}_{10}$ = e$^{-1}$"
    assert (
        latex_render.escape("W_dᵀ ≥ ½ → ✓")
        == r"${W}_{d}^{\top}$ $\geq$ $\tfrac12$ $\to$ $\checkmark$"
    )
    assert latex_render.escape("ρ̂_j") == r"${\hat{\rho}}_{j}$"
    assert latex_render.escape("a < b | c").isascii()


# LaTeX compiled, where a TeX engine is installed

PDFLATEX = shutil.which("pdflatex")


@pytest.mark.skipif(
    PDFLATEX is None, reason="pdflatex is not installed (Debian: texlive-latex-base)"
)
def test_latex_fragments_compile_with_pdflatex(tmp_path: Path) -> None:
    fragments = []
    for args in (F1, MAZUR, ["params", "10", "8", "4"], ["sheet", "--topic", "loss,classify"]):
        code, latex, err = run(*args, "--format", "latex")
        assert code == 0, err
        fragments.append(latex)
    source = (
        "\\documentclass{article}\n\\usepackage{amsmath}\n"
        "\\begin{document}\n" + "\n\\clearpage\n".join(fragments) + "\n\\end{document}\n"
    )
    (tmp_path / "printout.tex").write_text(source, encoding="ascii")
    assert PDFLATEX is not None
    done = subprocess.run(
        [PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", "printout.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert (tmp_path / "printout.pdf").stat().st_size > 10_000
