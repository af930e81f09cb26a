"""Multiple choice (issue 24): four options that differ as shown, the right answer once, every
wrong option a named slip of that very question (or a near value where the slips run out),
shuffled with the seed, answered a–d, each wrong option named after the answer."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aecalc.practice import topics
from aecalc.practice.answers import checker
from aecalc.practice.answers.checker import Slip, Value
from aecalc.practice.session import choice
from aecalc.practice.session.choice import NEAR, ChoiceTurn, letter, options

SCORES = ("1/1 so far", "0/1 so far")


def turn_for(topic: str, seed: int, level: int = 2, kind: str | None = None) -> ChoiceTurn:
    problem = topics.generate(topic, random.Random(seed), level, kind)
    assert problem.spec is not None
    return ChoiceTurn(problem, topics.solve(problem.spec), 4, random.Random(seed), SCORES)


@settings(max_examples=40)
@given(
    topic=st.sampled_from([t for t in topics.NUMERIC if t != "classify"]),
    seed=st.integers(0, 10_000),
    level=st.sampled_from((1, 2, 3)),
)
def test_options_are_distinct_with_the_right_answer_once_and_named_slips(
    topic: str, seed: int, level: int
) -> None:
    turn = turn_for(topic, seed, level)
    texts = [o.text for o in turn.options]
    assert turn.complete and len(set(texts)) == 4
    assert [o.letter for o in turn.options] == list("abcd")
    right = [o for o in turn.options if o.right]
    assert len(right) == 1
    assert right[0].text == choice.option_text(turn.expected, turn.digits)
    slips = {s.name for s in turn.expected.slips}
    for option in turn.options:
        if not option.right:
            assert option.slip == NEAR or option.slip in slips
            # a slip's option is that slip's own value as the question shows it
            if option.slip != NEAR:
                assert any(
                    choice.option_text(s.answer.asking(turn.expected.asked), turn.digits)
                    == option.text
                    for s in turn.expected.slips
                    if s.name == option.slip
                )


def test_slips_come_first_and_the_loss_question_names_them() -> None:
    truth = Fraction(6835, 10000)
    slips = (
        Slip("log10 for ln", "base 10", checker.number(Fraction(2969, 10000), exact=False)),
        Slip("sum for mean", "no ½", checker.number(Fraction(13670, 10000), exact=False)),
        Slip("z for x̂", "wrong vector", checker.number(Fraction(5, 10), exact=False)),
        Slip("same as shown", "rounds alike", checker.number(Fraction(68349, 100000), False)),
    )
    expected = checker.number(truth, exact=False, slips=slips)
    made = options(expected, 4, random.Random(1))
    named = {o.slip for o in made if not o.right}
    assert named == {"log10 for ln", "sum for mean", "z for x̂"}  # 0.68349 shows as 0.6835
    assert sorted(o.text for o in made) == ["0.2969", "0.5000", "0.6835", "1.3670"]


def test_near_values_fill_in_when_the_slips_run_out() -> None:
    expected = checker.number(59, slips=(Slip("biases forgotten", "", checker.number(48)),))
    made = options(expected, 4, random.Random(3))
    assert sum(o.slip == NEAR for o in made) == 2
    assert all(o.text.isdigit() for o in made)  # whole numbers stay whole
    vector = checker.vector([Value(Fraction(1, 2)), Value(Fraction(27, 100))])
    shown = options(vector, 4, random.Random(0))
    assert len({o.text for o in shown}) == 4 and all(o.text.startswith("[") for o in shown)


def test_a_value_too_small_to_show_apart_is_not_multiple_choice() -> None:
    tiny = checker.number(Fraction(1, 10**9), exact=False)
    assert len(options(tiny, 4, random.Random(0))) < 4


def test_the_same_seed_gives_the_same_options() -> None:
    first = [o.text for o in turn_for("loss", 7).options]
    assert first == [o.text for o in turn_for("loss", 7).options]
    orders = {tuple(o.text for o in turn_for("loss", 7, kind="mse").options) for _ in range(3)}
    assert len(orders) == 1


def test_a_kind_word_does_not_suit_multiple_choice() -> None:
    problem = topics.generate("classify", random.Random(1), 2)
    assert problem.spec is not None
    assert not choice.suits(topics.solve(problem.spec).expected)


@pytest.mark.parametrize(("typed", "read"), [("b", "b"), (" C ", "c"), ("(d)", "d"), ("a)", "a")])
def test_letters(typed: str, read: str) -> None:
    assert letter(typed) == read


@pytest.mark.parametrize("typed", ["e", "ab", "59", ""])
def test_not_letters(typed: str) -> None:
    assert letter(typed) is None


def test_answering_marks_records_and_names_every_wrong_option() -> None:
    turn = turn_for("params", 4, 2, "vanilla")
    right = next(o for o in turn.options if o.right)
    wrong = next(o for o in turn.options if not o.right)
    assert turn.answer("e").outcome is None  # asked again
    reply = turn.answer(wrong.letter)
    assert reply.outcome == "wrong" and reply.answer is not None
    assert reply.answer.mode == "mcq" and not reply.answer.correct
    assert reply.answer.text.startswith(f"{wrong.letter}) {wrong.text}")
    said = "\n".join(text for text, _style in reply.lines)
    assert f"the answer is {right.letter}) {right.text}" in said
    for option in turn.options:
        if not option.right:
            assert f"{option.letter}) {option.text} — {option.slip}" in said
    turn.hint()
    good = turn.answer(right.letter)
    assert good.outcome == "right" and good.answer is not None
    assert good.answer.correct and good.answer.hints == 1
    skipped = turn_for("params", 4, 2, "vanilla").skip()
    assert skipped.outcome == "skipped" and skipped.answer is not None
    assert skipped.answer.skipped and skipped.answer.mode == "mcq"
