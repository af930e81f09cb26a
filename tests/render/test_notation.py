"""One notation everywhere: ln for the natural log, log₁₀/log₂ named, e with a superscript,
one minus sign, fractions and roots as a student writes them — in the exact column, the
equations and every printout format. ``--json`` keeps the spelling scripts already read.

The oracle for each spelling is SymPy's own value of the expression: the printed form is
parsed back by hand (ln → log, log₁₀(u) → log(u)/log(10)) and compared numerically.
"""

from __future__ import annotations

import json
import math
import re

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from aecalc.cli import app
from aecalc.render.text import clean, minus
from aecalc.values import exact, notation

runner = CliRunner()
BCE = ["loss", "bce", "--x", "1,0", "--xhat", "0.68,0.38"]
F1 = ["forward", "--we", "1,-1;0,1", "--wd", "1,0;0,1", "--x", "1,0", "--act", "sigmoid"]
R = sympy.Rational


def run(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def back_to_sympy(text: str) -> sympy.Expr:
    """Read a plain spelling back, by hand, into SymPy (the test's independent oracle)."""
    text = text.replace("−", "-").replace("·", "*").replace("√", "sqrt")
    text = re.sub(r"log₁₀\(", "log10(", text)
    text = re.sub(r"log₂\(", "log2(", text)
    text = re.sub(r"\bln\(", "log(", text)
    superscripts = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
    text = re.sub(
        r"e([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)", lambda m: f"exp({m.group(1).translate(superscripts)})", text
    )
    text = re.sub(r"\)([⁰¹²³⁴⁵⁶⁷⁸⁹]+)", lambda m: f")**{m.group(1).translate(superscripts)}", text)
    text = text.replace("e^(", "exp(")
    names = {
        "log10": lambda u: sympy.log(u) / sympy.log(10),
        "log2": lambda u: sympy.log(u) / sympy.log(2),
        "log": sympy.log,
        "exp": sympy.exp,
        "sqrt": sympy.sqrt,
    }
    return sympy.parse_expr(text, local_dict=names)  # test code only: our own printer's output


@pytest.mark.parametrize(
    ("value", "spelling"),
    [
        (1 / (1 + sympy.exp(-1)), "1/(1 + e⁻¹)"),
        (-sympy.log(R(17, 25)) / 2, "−ln(17/25)/2"),
        (-sympy.log(R(17, 25)) / sympy.log(10), "−log₁₀(17/25)"),
        (sympy.log(R(1, 3)) / sympy.log(2), "−log₂(3)"),
        (sympy.sqrt(2) / 2, "√2/2"),
        (sympy.exp(R(1, 2)), "e^(1/2)"),
        (sympy.exp(2), "e²"),
        ((1 + sympy.exp(-1)) ** 2, "(1 + e⁻¹)²"),
    ],
)
def test_the_printer_writes_as_a_student_does(value: sympy.Expr, spelling: str) -> None:
    assert exact.plain(value, order="none") == spelling
    assert "log(" not in exact.plain(value) and "exp(" not in exact.plain(value)
    assert "-" not in exact.plain(value) and "**" not in exact.plain(value)


def test_tex_names_the_logs_and_writes_e_as_a_power() -> None:
    mean = (-sympy.log(R(17, 25)) - sympy.log(R(31, 50))) / (2 * sympy.log(10))
    tex = exact.tex(mean, order="none")
    assert r"\log_{10}" in tex and r"\log{" not in tex and r"\log(" not in tex
    assert exact.tex(-sympy.log(R(2, 3))) == r"- \ln{\left(\frac{2}{3} \right)}"
    assert exact.tex(1 / (1 + sympy.exp(-1)), order="none") == r"\frac{1}{1 + e^{-1}}"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 99), st.integers(1, 99), st.sampled_from([1, 10, 2])),
        min_size=1,
        max_size=3,
    ),
    st.integers(1, 5),
)
def test_every_spelling_means_the_same_number(terms: list[tuple[int, int, int]], n: int) -> None:
    value = sum(
        (sympy.log(R(a, a + b)) / (1 if base == 1 else sympy.log(base)) for a, b, base in terms),
        sympy.Integer(0),
    ) / n + sympy.exp(-R(n, 3))
    text = exact.plain(value, order="none")
    assert "log(" not in text and "exp(" not in text
    assert math.isclose(float(back_to_sympy(text)), float(value), rel_tol=1e-12, abs_tol=1e-12)


def test_bce_shows_ln_in_every_column_and_format() -> None:
    rich = run(*BCE)
    assert "−ln(17/25)/2 − ln(31/50)/2" in rich and "log(" not in rich
    log10 = run(*BCE, "--log", "log10")
    assert "−log₁₀(17/25)/2 − log₁₀(31/50)/2" in log10
    assert "log(10)" not in log10 and "log(" not in log10
    markdown = run(*BCE, "--log", "log10", "--format", "markdown")
    assert r"\log_{10}" in markdown and r"\log{" not in markdown and "log(10)" not in markdown
    latex = run(*BCE, "--format", "latex")
    assert r"\ln" in latex and r"\log{" not in latex
    page = run(*BCE, "--log", "log10", "--format", "html")
    assert "log(10)" not in page and "<msub><mi>log</mi><mrow><mn>10</mn></mrow></msub>" in page


def test_forward_equations_write_e_one_way() -> None:
    text = run(*F1)
    assert "exp(" not in text and "1/(1 + e⁻¹)" in text and "e^(−1/2)" in text
    assert "E" not in re.sub(r"[A-Za-z]*E[A-Za-z]*", "", text)  # no SymPy 'E' left


def test_json_keeps_the_spelling_scripts_read() -> None:
    data = json.loads(run(*BCE, "--json"))
    assert data["exact"] == "-log(17/25)/2 - log(31/50)/2"


def test_one_minus_sign_in_printouts() -> None:
    text = run(*F1)
    assert "(-1)" not in text and "(−1)" in text
    assert minus("--x -1,0 half-sse 1e-5 x-1") == "--x −1,0 half-sse 1e-5 x-1"
    assert notation.MINUS == "\u2212"


def test_clean_shows_control_characters_escaped() -> None:
    assert clean("a\x1b[2Jb\x07\u202e") == "a\\x1b[2Jb\\x07\\u202e"
    assert clean("line\nnext\ttab") == "line\nnext\ttab"
