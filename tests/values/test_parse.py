"""The tokenizer: exact numbers, vectors, matrices, sizes — and refusals that name the argument."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aecalc.errors import InputError
from aecalc.values.parse import parse_matrix, parse_number, parse_size, parse_sizes, parse_vector


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3", Fraction(3)),
        ("-0.25", Fraction(-1, 4)),
        ("+0.5", Fraction(1, 2)),
        ("0.1", Fraction(1, 10)),
        ("1/3", Fraction(1, 3)),
        ("-2/4", Fraction(-1, 2)),
        ("2.5e-3", Fraction(1, 400)),
        ("1E2", Fraction(100)),
        (".5", Fraction(1, 2)),
        ("5.", Fraction(5)),
        ("\u22121", Fraction(-1)),
        ("  7 ", Fraction(7)),
    ],
)
def test_numbers_are_exact(text: str, value: Fraction) -> None:
    assert parse_number(text, "--x") == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nan", "'nan' is not a finite number"),
        ("-inf", "'-inf' is not a finite number"),
        ("Infinity", "'Infinity' is not a finite number"),
        ("abc", "'abc' is not a number"),
        ("1+1", "'1+1' is not a number"),
        ("__import__('os')", "is not a number"),
        ("1/0", "'1/0' divides by zero"),
        ("1e999", "exponent beyond"),
        ("", "a value is empty"),
        ("٣", "is not a number"),
    ],
)
def test_bad_numbers_are_refused(text: str, message: str) -> None:
    with pytest.raises(InputError) as error:
        parse_number(text, "--x")
    assert str(error.value).startswith("--x: ")
    assert message in str(error.value)


@given(st.fractions(max_denominator=10**6))
def test_fraction_round_trip(value: Fraction) -> None:
    assert parse_number(f"{value.numerator}/{value.denominator}", "v") == value


@given(st.decimals(allow_nan=False, allow_infinity=False, places=6))
def test_decimal_round_trip(value: object) -> None:
    assert parse_number(str(value), "v") == Fraction(str(value))


@given(st.text(max_size=30))
def test_any_text_parses_or_is_refused_cleanly(text: str) -> None:
    for parser in (parse_vector, parse_matrix):
        try:
            parser(text, "--x")
        except InputError as error:
            assert str(error).startswith("--x: ")


@given(st.lists(st.fractions(max_denominator=100), min_size=1, max_size=8))
def test_vector_round_trip(values: list[Fraction]) -> None:
    text = ", ".join(f"{v.numerator}/{v.denominator}" for v in values)
    assert parse_vector(text, "v") == tuple(values)
    assert parse_vector(f"[{text}]", "v") == tuple(values)


def test_vector_forms() -> None:
    assert parse_vector("1,0", "--x") == (1, 0)
    assert parse_vector("[1, 0]", "--x") == (1, 0)
    assert parse_vector("0.5, -1.25", "--x") == (Fraction(1, 2), Fraction(-5, 4))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1,,2", "empty value at position 2"),
        ("1,2,", "empty value at position 3"),
        (",1", "empty value at position 1"),
        ("[1,2", "'[' is never closed"),
        ("1,2]", "']' has no matching '['"),
        ("1,2;3,4", "';' starts a new sample"),
        ("", "no values"),
    ],
)
def test_bad_vectors(text: str, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        parse_vector(text, "--x")


def test_matrix_forms_agree() -> None:
    expected = ((1, -1), (0, 1))
    assert parse_matrix("1,-1;0,1", "--we") == expected
    assert parse_matrix("[[1,-1],[0,1]]", "--we") == expected
    assert parse_matrix("[[1, -1], [0, 1]]", "--we") == expected
    assert parse_matrix("1,0", "--we") == ((1, 0),)


@given(
    st.integers(1, 4).flatmap(
        lambda w: st.lists(
            st.lists(st.integers(-9, 9), min_size=w, max_size=w), min_size=1, max_size=4
        )
    )
)
def test_matrix_round_trip(rows: list[list[int]]) -> None:
    semicolons = ";".join(",".join(map(str, r)) for r in rows)
    brackets = "[" + ",".join("[" + ",".join(map(str, r)) + "]" for r in rows) + "]"
    expected = tuple(tuple(Fraction(v) for v in r) for r in rows)
    assert parse_matrix(semicolons, "m") == expected
    assert parse_matrix(brackets, "m") == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[1,2],[3]]", "ragged matrix: row 1 has 2 values but row 2 has 1"),
        ("1,2;3", "ragged matrix"),
        ("[[[1]]]", "nested deeper"),
        ("[" * 10_000 + "1" + "]" * 10_000, "nested deeper"),
        ("[[1,2] [3,4]]", "expected ','"),
        ("[[1,2],]", "missing after"),
    ],
)
def test_bad_matrices(text: str, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        parse_matrix(text, "--we")


def test_sizes_in_every_spelling() -> None:
    assert parse_sizes(["10", "8", "4"]) == (10, 8, 4)
    assert parse_sizes(["784-128-32"]) == (784, 128, 32)
    assert parse_sizes(["10→8→4"]) == (10, 8, 4)
    assert parse_sizes(["10->8->4"]) == (10, 8, 4)


@pytest.mark.parametrize(
    ("tokens", "message"),
    [
        ([], "give the layer sizes"),
        (["0"], "a layer of 0 units"),
        (["-3"], "is negative"),
        (["2.5"], "not a whole number"),
        (["ten"], "not a layer size"),
        (["10--4"], "a layer size is empty"),
        (["1" * 50], "far too large"),
        (["10000000000000"], "beyond"),
    ],
)
def test_bad_sizes(tokens: list[str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_sizes(tokens)


@given(st.lists(st.integers(1, 10**6), min_size=1, max_size=10))
def test_sizes_round_trip(sizes: list[int]) -> None:
    assert parse_sizes([str(s) for s in sizes]) == tuple(sizes)
    assert parse_sizes(["-".join(map(str, sizes))]) == tuple(sizes)


def test_size_is_an_integer() -> None:
    assert parse_size("+5", "INPUT") == 5
