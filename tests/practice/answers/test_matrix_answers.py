"""A matrix answer (a feature map): rows split by ';' or bracketed, every cell checked, the wrong
cells named, a map of another shape marked with the slip that gives that shape."""

from __future__ import annotations

from fractions import Fraction

import pytest

from aecalc.practice.answers import checker
from aecalc.practice.answers.checker import Slip, Value, check
from aecalc.practice.answers.reading import read
from aecalc.practice.answers.steps import read_values


def grid(rows: list[list[int | str]]) -> checker.Expected:
    return checker.matrix([[Value(Fraction(v)) for v in row] for row in rows])


# the course brief's feature map (cross-correlation, stride 1, no padding)
BRIEF = [[32, 14, -18], [-22, -24, 12], [22, 6, 18]]
SMALLER = Slip("padding forgotten", "no ring of zeros.", grid([[1, 2], [3, 4]]))
TRUTH = checker.matrix([[Value(Fraction(v)) for v in row] for row in BRIEF], [SMALLER])


@pytest.mark.parametrize(
    "typed",
    [
        "32, 14, -18; -22, -24, 12; 22, 6, 18",
        "[32, 14, -18; -22, -24, 12; 22, 6, 18]",
        "[[32, 14, -18], [-22, -24, 12], [22, 6, 18]]",
        "[[32,14,-18],[-22,-24,12],[22,6,18]]",
        "(32 14 −18) (−22 −24 12) (22 6 18)",
        "32 14 -18; -22 -24 12; 22 6 18",
        "32, 14, -18, -22, -24, 12, 22, 6, 18",  # every value in reading order
        "y = [[32, 14, -18], [-22, -24, 12], [22, 6, 18]]",
        "32.0, 14, -18; -22, -24, 12; 22, 6, 18",
    ],
)
def test_a_map_reads_with_and_without_brackets(typed: str) -> None:
    verdict = check(TRUTH, typed)
    assert verdict.right, verdict.message


def test_the_wrong_cells_are_named_by_row_and_column() -> None:
    verdict = check(TRUTH, "32, 15, -18; -22, -24, 12; -22, 6, 18")
    assert verdict.status == "wrong"
    assert "cells (1, 2) and (3, 1) are off" in verdict.message
    assert verdict.elements_right == 7
    one = check(TRUTH, "32, 14, -18; -22, -24, 12; 22, 6, 81")
    assert "cell (3, 3) is off" in one.message
    assert "every cell is off" in check(TRUTH, "0, 0, 0; 0, 0, 0; 0, 0, 0").message


def test_a_map_of_another_shape_is_the_slip_that_gives_it_or_is_not_read() -> None:
    slipped = check(TRUTH, "[[1, 2], [3, 4]]")
    assert slipped.status == "wrong" and slipped.slip == SMALLER
    assert "yours is 2×2" in slipped.message
    unread = check(TRUTH, "1, 2; 3, 5")
    assert unread.status == "unreadable"
    assert "expected a 3×3 matrix (3 rows of 3 values), got 2 rows of 2 values" in unread.message
    ragged = check(TRUTH, "[[32, 14, -18], [-22, -24], [22, 6, 18]]")
    assert ragged.status == "unreadable" and "3 rows of 2 and 3 values" in ragged.message


def test_the_form_is_described_and_written_row_by_row() -> None:
    assert TRUTH.describe().startswith("a 3×3 matrix, rows split by ';', e.g. 1, 2, 3; 4, 5, 6;")
    assert TRUTH.as_text() == "32, 14, -18; -22, -24, 12; 22, 6, 18"
    assert check(TRUTH, TRUTH.as_answer()).right
    halves = grid([["1/2", "3/4"], ["5/4", 7]])
    assert halves.as_answer() == "1/2, 3/4; 5/4, 7"
    assert check(halves, "0.5, 0.75; 1.25, 7").right
    assert check(halves.asking(halves.asked), "[[0.50, 0.75], [1.25, 7]]").right


def test_a_vector_typed_as_rows_reads_in_reading_order_but_decimal_commas_stay_values() -> None:
    assert [t.value for t in read("vector", 4, "[[1, 2], [3, 4]]").values] == [1, 2, 3, 4]
    assert read_values(grid([[1, 2], [3, 4]]), "1, 2; 3, 4") == (1, 2, 3, 4)
    commas = read("vector", 2, "0,675; 0,6225").values
    assert [t.value for t in commas] == [Fraction(27, 40), Fraction(249, 400)]
    with pytest.raises(Exception, match="expected 4 values"):
        read("vector", 4, "0,5; 0,25")
