"""Decimals are rounded from the exact value."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from aecalc.values import fmt


def test_rounding() -> None:
    assert fmt.decimal(Fraction(2, 3), 4) == "0.6667"
    assert fmt.decimal(Fraction(-1, 8), 2) == "-0.12"  # half to even, exactly
    assert fmt.decimal(Fraction(1, 100_000), 4) == "0.0000"
    assert fmt.decimal(Fraction(-1, 100_000), 4) == "0.0000"
    assert fmt.decimal(7, 0) == "7"
    assert fmt.decimal(0.1, 3) == "0.100"
    assert fmt.exact(Fraction(6, 3)) == "2"
    assert fmt.exact(Fraction(-1, 3)) == "-1/3"


@given(st.fractions(max_denominator=1000, min_value=-1000, max_value=1000), st.integers(0, 8))
def test_decimal_within_half_a_unit(value: Fraction, digits: int) -> None:
    shown = Fraction(fmt.decimal(value, digits))
    assert abs(shown - value) <= Fraction(1, 2 * 10**digits)


def test_bytes() -> None:
    assert fmt.nbytes(1016) == "1,016 B"
    assert fmt.nbytes(2048) == "2.0 KiB"
    assert fmt.nbytes(5 * 1024**3) == "5.0 GiB"
