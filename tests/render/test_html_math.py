"""HTML worked solutions typeset every formula: the activations' definitions and the
under/overcomplete rule are MathML like the rest of the page."""

from __future__ import annotations

import re
from html import unescape

from cli import run

F1 = ("forward", "--x", "1,0", "--we", "1,-1;0,1", "--wd", "1,0;0,1")


def page(*args: str) -> str:
    code, out, err = run(*args, "--format", "html")
    assert code == 0, err
    return out


def maths(html: str) -> list[str]:
    """The plain spelling (alttext) of every formula of the page."""
    return [unescape(text) for text in re.findall(r'<math alttext="([^"]*)"', html)]


def test_the_activation_definitions_are_mathml() -> None:
    html = page(*F1, "--act", "sigmoid")
    assert "σ(a) = 1/(1 + e^(−a))" in maths(html)
    assert "Convention: σ(a)" not in html
    mixed = page(*F1, "--act", "relu,linear")
    assert {"ReLU(a) = max(0, a)", "id(a) = a (no activation)"} <= set(maths(mixed))


def test_the_under_and_overcomplete_solutions_hold_typeset_math() -> None:
    for problem, sizes in (("Q4", "h = 80 > n = 50"), ("C01", "h = 2 = n = 2")):
        html = page("solve", problem)
        found = maths(html)
        assert sizes in found and "h ≥ n ⇒ overcomplete" in found, found
    strict = maths(page("classify", "10", "10", "--convention", "strict"))
    assert "h = n ⇒ complete" in strict and len(strict) >= 4
