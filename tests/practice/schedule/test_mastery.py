"""Mastery per kind (issue 24): points from right answers without hints, interleaved answers
counting double, misses dropping a stage, the level a kind is asked at."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from aecalc.practice.history.attempts import Done
from aecalc.practice.schedule import mastery
from aecalc.practice.schedule.mastery import KindMastery, fold


def done(
    problem: str,
    correct: bool = True,
    *,
    session: str = "s1",
    hints: int = 0,
    level: int | None = 1,
    mode: str | None = None,
    skipped: bool = False,
    topic: str = "",
) -> Done:
    topic = topic or (problem.split("-")[1] if problem.startswith("gen-") else "theory")
    return Done("t", session, topic, problem, correct, skipped, None, "", hints, None, level, mode)


TIED = "gen-params-tied-9-5"
MSE = "gen-loss-mse-1_2-3_4"


def test_no_attempt_is_new_at_level_one() -> None:
    entry = fold([]).of("params", "tied")
    assert (entry.stage, entry.level, entry.attempts) == ("new", 1, 0)


def test_interleaved_right_answers_climb_the_stages_with_the_levels() -> None:
    # each answer follows one of another kind: every one is interleaved (+1)
    history = []
    stages = []
    for level in (1, 1, 2, 2, 3, 3):
        history += [done(TIED, level=level), done(MSE, level=level)]
        stages.append(fold(history).of("params", "tied").stage)
    assert stages == ["attempted", "familiar", "familiar", "proficient", "proficient", "mastered"]
    assert fold(history).of("params", "tied").points == mastery.MOST


def test_a_run_of_one_kind_counts_half() -> None:
    run = [done(TIED, level=3) for _ in range(4)]  # the first is interleaved, 3 are blocked
    assert fold(run).of("params", "tied").points == 1 + 3 * Fraction(1, 2)
    mixed = [a for _ in range(4) for a in (done(TIED, level=3), done(MSE, level=3))]
    assert fold(mixed).of("params", "tied").points == 4


def test_sessions_are_told_apart() -> None:
    # the same kind first in two sessions: both interleaved
    two = [done(TIED, session="a", level=3), done(TIED, session="b", level=3)]
    assert fold(two).of("params", "tied").points == 2


def test_hints_earn_nothing_and_a_miss_drops_a_stage() -> None:
    climbed = [a for _ in range(4) for a in (done(TIED, level=3), done(MSE, level=3))]
    assert fold(climbed).of("params", "tied").stage == "proficient"
    with_hint = [*climbed, done(TIED, hints=1, level=3)]
    assert fold(with_hint).of("params", "tied").points == 4
    missed = [*climbed, done(TIED, correct=False, level=3)]
    entry = fold(missed).of("params", "tied")
    assert (entry.stage, entry.points, entry.level) == ("familiar", 2, 2)
    skipped = [*climbed, done(TIED, correct=False, skipped=True)]
    assert fold(skipped).of("params", "tied").stage == "familiar"


def test_a_level_caps_the_stage_it_can_reach() -> None:
    easy = [a for _ in range(10) for a in (done(TIED, level=1), done(MSE, level=1))]
    assert fold(easy).of("params", "tied").stage == "familiar"  # never past level 1's ceiling
    old = [a for _ in range(10) for a in (done(TIED, level=None), done(MSE, level=None))]
    assert fold(old).of("params", "tied").stage == "proficient"  # unknown level: 2


def test_multiple_choice_earns_half() -> None:
    history = [done(TIED, level=3, mode="mcq"), done(MSE, level=3)]
    assert fold(history).of("params", "tied").points == Fraction(1, 2)


def test_theory_cards_and_bank_problems() -> None:
    history = [done("T03"), done("Q2", topic="params"), done("T03")]
    # Q2 (a bank problem) has no mastery, but it breaks the run: T03 is interleaved twice
    result = fold(history)
    assert result.of("theory", "T03").points == 2
    assert ("params", "Q2") not in result and len(result) == 1


@given(
    st.lists(
        st.tuples(
            st.sampled_from((TIED, MSE)),
            st.booleans(),
            st.integers(0, 2),
            st.sampled_from((1, 2, 3, None)),
        ),
        max_size=30,
    )
)
def test_points_stay_in_range_and_a_miss_never_raises_them(
    answers: list[tuple[str, bool, int, int | None]],
) -> None:
    history = [done(p, c, hints=h, level=lv) for p, c, h, lv in answers]
    for end in range(len(history)):
        before = fold(history[:end]).of("params", "tied").points
        after = fold(history[: end + 1]).of("params", "tied")
        assert 0 <= after.points <= mastery.MOST
        if history[end].problem == TIED and not history[end].correct:
            assert after.points <= before and after.stage != "mastered"


def test_json_and_the_topic_mean() -> None:
    entry = KindMastery("params", "tied", Fraction(5), 6, 5)
    assert entry.as_json() == {
        "topic": "params",
        "kind": "tied",
        "mastery": "proficient",
        "level": 3,
        "points": 5.0,
        "attempts": 6,
        "right": 5,
    }
    masteries = fold([done(TIED, level=2), done(MSE, level=2)])
    topic = mastery.topic_points(masteries, "params", ("tied", "vanilla"))
    assert topic.points == Fraction(1, 2) and topic.stage == "attempted"
    assert mastery.topic_points(masteries, "pca", ("cov",)).stage == "new"
