"""The answer checker: its accept/reject table, vectors, kinds, and every named slip."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aecalc.practice import topics
from aecalc.practice.answers import checker, slips
from aecalc.practice.answers.checker import Value, check
from aecalc.practice.topics import solve
from aecalc.practice.topics.classify import CONVENTION, ClassifySpec
from aecalc.practice.topics.forward import DECODER_ACT, ROUNDED, Z
from aecalc.practice.topics.loss import HALF_ADDED, LOG2, LOG10, MEAN, SUM, LossSpec
from aecalc.practice.topics.params import CODE_SIZE, TIED, ParamsSpec
from aecalc.values import fmt


def approx(value: str) -> checker.Expected:
    return checker.number(Fraction(value), exact=False)


@pytest.mark.parametrize(
    ("expected", "answer", "status"),
    [
        # exact values: equivalence, whatever the spelling
        (checker.number(Fraction(1, 2)), "1/2", "right"),
        (checker.number(Fraction(1, 2)), "0.5", "right"),
        (checker.number(Fraction(1, 2)), "2/4", "right"),
        (checker.number(Fraction(1, 2)), ".50", "right"),
        (checker.number(1), "3/3", "right"),
        (checker.number(1), "1.0", "right"),
        (checker.number(1), "1.5", "wrong"),
        (checker.number(59), "59", "right"),
        (checker.number(59), "58", "wrong"),
        (checker.number(209968), "209,968", "right"),
        (checker.number(Fraction(49, 2)), "24.5", "right"),
        (checker.number(Fraction(1, 3)), "0.33", "right"),
        (checker.number(Fraction(1, 3)), "0.3333", "right"),
        (checker.number(Fraction(1, 3)), "0.3", "wrong"),  # one significant figure
        (checker.number(Fraction(1, 3)), "0.334", "wrong"),
        (checker.number(Fraction(1, 2)), "0.4999", "wrong"),
        # decimals against an irrational value: places written, two significant figures
        (approx("0.68354"), "0.68", "right"),
        (approx("0.68354"), "0.684", "right"),
        (approx("0.68354"), "0.6835", "right"),
        (approx("0.68354"), "6.835e-1", "right"),
        (approx("0.68354"), "0.7", "wrong"),
        (approx("0.68354"), "1", "wrong"),
        (approx("0.68354"), "0.683", "wrong"),
        (approx("0.68354"), "0.69", "wrong"),
        (approx("0.68354"), "−0.68", "wrong"),
        # unreadable: not marked
        (approx("0.68354"), "abc", "unreadable"),
        (approx("0.68354"), "", "unreadable"),
        (approx("0.68354"), "0.5, 0.6", "unreadable"),
        (approx("0.68354"), "nan", "unreadable"),
        (approx("0.68354"), "1/0", "unreadable"),
        (approx("0.68354"), "__import__('os')", "unreadable"),
        # kinds by word
        (checker.kind("overcomplete"), "over", "right"),
        (checker.kind("overcomplete"), "Overcomplete", "right"),
        (checker.kind("overcomplete"), "over-complete", "right"),
        (checker.kind("overcomplete"), "under", "wrong"),
        (checker.kind("undercomplete"), "undercomplete", "right"),
        (checker.kind("complete"), "complete", "right"),
        (checker.kind("overcomplete"), "59", "unreadable"),
    ],
)
def test_accept_reject_table(expected: checker.Expected, answer: str, status: str) -> None:
    assert check(expected, answer).status == status


def test_vectors_element_by_element() -> None:
    expected = checker.vector(
        [Value(Fraction("0.675037"), False), Value(Fraction("0.622459"), False)]
    )
    assert check(expected, "0.675, 0.6225").right
    assert check(expected, "[0.675, 0.6225]").right
    assert check(expected, "0.68 0.62").right
    assert check(expected, "0.6750; 0.6225").right
    assert check(expected, "0.675, 0.7").status == "wrong"
    assert check(expected, "0.675").status == "unreadable"
    assert check(expected, "[0.675, [0.6]]").status == "unreadable"


def test_one_significant_figure_is_explained() -> None:
    verdict = check(approx("0.68354"), "0.7")
    assert verdict.status == "wrong"
    assert "significant" in verdict.message


def test_a_wrongly_rounded_decimal_is_explained() -> None:
    l1 = checker.number(Fraction(68352, 100000), exact=False)
    verdict = check(l1, "0.683")
    assert not verdict.right
    assert "(to 3 places it rounds to 0.684, not 0.683)" in verdict.message
    assert "rounds to" not in check(l1, "0.6812").message  # too far off to be a rounding slip


def test_unreadable_says_the_form() -> None:
    verdict = check(checker.number(59), "fifty-nine")
    assert verdict.status == "unreadable"
    assert "whole number" in verdict.message


@given(
    st.fractions(min_value=-1000, max_value=1000, max_denominator=50),
)
@settings(max_examples=80, deadline=None)
def test_exact_value_in_any_exact_spelling(value: Fraction) -> None:
    expected = checker.number(value)
    assert check(expected, f"{value.numerator}/{value.denominator}").right
    assert check(expected, f"{2 * value.numerator}/{2 * value.denominator}").right


@given(
    st.fractions(min_value=Fraction(1, 100), max_value=1000, max_denominator=10**6),
    st.integers(min_value=2, max_value=8),
)
@settings(max_examples=80, deadline=None)
def test_correctly_rounded_decimals_are_accepted(value: Fraction, places: int) -> None:
    expected = checker.number(value, exact=False)
    text = fmt.decimal(value, places)
    significant = len(text.replace(".", "").lstrip("0"))
    assert check(expected, text).right == (significant >= 2)
    off = fmt.decimal(value + Fraction(2, 10**places), places)
    assert not check(expected, off).right


# -- every named slip ---------------------------------------------------------------------------


def slip_of(spec: ParamsSpec | ClassifySpec | LossSpec, answer: str) -> str | None:
    verdict = check(solve(spec).expected, answer)
    assert verdict.status == "wrong"
    return None if verdict.slip is None else verdict.slip.name


def test_slip_biases_forgotten() -> None:
    assert slip_of(ParamsSpec((8, 3, 8)), "48") == slips.BIASES.name


def test_slip_decoder_not_counted() -> None:
    assert slip_of(ParamsSpec((8, 3, 8)), "27") == slips.DECODER.name
    assert slip_of(ParamsSpec((10, 8, 4)), "124") == slips.DECODER.name


def test_slip_tied_weights_counted() -> None:
    assert slip_of(ParamsSpec((9, 5, 9), tied=True), "104") == TIED.name


def test_slip_output_is_code_size() -> None:
    assert slip_of(ParamsSpec((10, 4), "output_units"), "4") == CODE_SIZE.name


def test_slip_textbook_convention() -> None:
    assert slip_of(ClassifySpec(2, 2), "complete") == CONVENTION.name
    assert slip_of(ClassifySpec(50, 80), "under") is None


def test_slip_sum_for_mean_and_half() -> None:
    x, xhat = (Fraction(3), Fraction(5), Fraction(2)), (Fraction(2), Fraction(4), Fraction(3))
    mse = LossSpec("mse", x, xhat)
    assert slip_of(mse, "3") == SUM.name
    assert slip_of(mse, "1.5") == HALF_ADDED.name
    half = LossSpec("half-sse", x, xhat, reduction="sum")
    assert slip_of(half, "3") == slips.HALF_FORGOTTEN.name
    assert slip_of(half, "0.5") == MEAN.name  # ½ of the mean
    both = f"{MEAN.name} and {slips.HALF_FORGOTTEN.name}"  # the mean, no ½
    assert slip_of(half, "1") == both
    assert (
        topics.slip_meaning(both)
        == f"{topics.slip_meaning(MEAN.name)} {topics.slip_meaning(slips.HALF_FORGOTTEN.name)}"
    )


def test_wrong_without_slip_is_plain() -> None:
    verdict = check(solve(ParamsSpec((8, 3, 8))).expected, "60")
    assert verdict.status == "wrong"
    assert verdict.slip is None
    assert "59" in verdict.message


def test_slips_of_logs_z_and_decoder_activation() -> None:
    pytest.importorskip("aecalc.nets.forward")
    pytest.importorskip("aecalc.nets.losses")
    from aecalc.practice.topics.forward import ForwardSpec

    one, zero = Fraction(1), Fraction(0)
    we = ((one, -one), (zero, one))
    wd = ((one, zero), (zero, one))
    x = (one, zero)
    loss = ForwardSpec(x=x, we=we, wd=wd, quantity="loss", loss="bce")
    assert slip_of(loss, "0.2969") == LOG10.name
    assert slip_of(loss, "0.9861") == LOG2.name
    assert slip_of(loss, "1.367") == SUM.name
    assert slip_of(loss, "0.6766") == ROUNDED.name
    assert slip_of(loss, "0.5032") == Z.name
    x_hat = ForwardSpec(x=x, we=we, wd=wd, quantity="x_hat")
    assert slip_of(x_hat, "0.7311, 0.5") == Z.name
    relu = ForwardSpec(
        x=(Fraction(2), -one),
        we=((one, one), (one, -one)),
        wd=((one, one), (-one, one)),
        act=("relu", "sigmoid"),
        quantity="x_hat",
    )
    # z = relu([1, 3]) = [1, 3]; W_d·z = [4, 2]; forgetting the sigmoid gives [4, 2]
    assert slip_of(relu, "4, 2") == DECODER_ACT.name


# -- the bank's own answers, as students write them ---------------------------------------------


def test_bank_answers_in_everyday_forms() -> None:
    """Every numeric bank problem's stored (hand-checked) answer is right as typed and dressed."""
    from aecalc.practice.bank.folder import load_bank
    from aecalc.practice.topics import solve_problem

    checked = 0
    for problem in load_bank():
        solution = solve_problem(problem)
        if solution is None:
            continue
        answer = problem.answer
        forms = [answer, f"Answer: {answer}", f"{answer}.", f" {answer.replace('-', '−')} "]
        if solution.expected.form == "vector":
            forms += [f"[{answer}]", f"({answer})", f"{solution.label} = [{answer}]"]
        elif solution.expected.form == "integer":
            forms += [f"{int(answer):,}", f"{int(answer):,}".replace(",", "\u202f")]
        elif solution.expected.form == "number":
            forms += [f"≈{answer}", f"{answer} (approx)", f"{solution.label} = {answer}"]
        for form in forms:
            verdict = check(solution.expected.asking(problem.precision), form)
            assert verdict.right, (problem.id, form, verdict.message)
        checked += 1
    assert checked >= 40


def test_bank_answer_shown_to_the_places_its_question_asks() -> None:
    from aecalc.practice.bank.folder import find
    from aecalc.practice.topics import solve_problem

    problem = find("B01")  # "... what is the new value of w5 (8 decimal places)?"
    solution = solve_problem(problem)
    assert solution is not None
    verdict = check(solution.expected.asking(problem.precision), "0.3589166")
    assert verdict.status == "wrong"
    assert verdict.message.startswith("Not right: the answer is 0.35891648")
    assert verdict.as_json()["answer"] == "0.35891648"
    assert check(solution.expected, "0.3589166").message.startswith(
        "Not right: the answer is 0.3589165"  # no question: the places typed (7)
    )
