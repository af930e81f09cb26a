"""Marks for a checked answer, as an examiner gives them.

A right answer earns all of a question's marks; a vector answer (``z``, ``x̂``, a shape) with
some entries right earns that share, rounded down. Marks for the working step by step, with
errors carried forward, will join them here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aecalc.practice.answers.checker import Verdict


def numeric_marks(marks: int, verdict: Verdict) -> int:
    """Marks for a checked answer: all when right; for a vector (``z``, ``x̂``, a shape) with
    some elements right, that share of the marks rounded down, as a marker gives credit for
    each entry; else none.

    >>> from fractions import Fraction
    >>> from aecalc.practice.answers import checker
    >>> truth = checker.vector([checker.Value(Fraction(v)) for v in (1, 2, 3, 4)])
    >>> [numeric_marks(4, checker.check(truth, a)) for a in ("1, 2, 3, 4", "1, 2, 0, 0", "9")]
    [4, 2, 0]
    >>> numeric_marks(5, checker.check(truth, "1, 2, 3, 0"))  # ¾ of 5, rounded down
    3
    """
    if verdict.right:
        return marks
    size = verdict.expected.size
    if verdict.expected.form != "vector" or size < 2:
        return 0
    return marks * verdict.elements_right // size
