"""``practice --review`` and the FSRS schedules behind it (issue 12): wrong kinds first, weakest
first, due theory cards before new ones, numeric kinds scheduled, an empty history."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from aecalc.cli import app
from aecalc.practice import topics
from aecalc.practice.bank.folder import load_bank
from aecalc.practice.history.attempts import Attempt, History
from aecalc.practice.schedule import cards as fsrs_cards
from aecalc.practice.schedule import review
from aecalc.practice.schedule.recording import Answer, record_answer
from aecalc.practice.topics import solve

runner = CliRunner()


def session(*args: str, answers: str) -> str:
    result = runner.invoke(app, ["practice", *args], input=answers, env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    return result.stdout


def record(problem_id: str, topic: str, correct: bool) -> None:
    with History() as history:
        history.record(Attempt(topic, problem_id, "q", "a", correct))


def test_an_empty_history_has_nothing_to_review_and_offers_a_normal_session(home: Path) -> None:
    out = session(
        "--review", "--topic", "params", "--count", "2", "--seed", "1", answers="skip\nskip\n"
    )
    assert "Nothing to review yet" in out
    assert "Question 2/2 · params" in out and "Score: 0/2" in out


def test_review_asks_the_kinds_answered_wrong_weakest_first(home: Path) -> None:
    record("gen-params-tied-9-5", "params", False)
    record("gen-params-tied-7-3", "params", False)
    record("gen-loss-mse-1_2-3_4", "loss", True)
    record(
        "gen-loss-mse-1_2-3_5", "loss", False
    )  # 1/2 right: weaker than nothing, stronger than 0/2
    record("gen-classify-sizes-4-5", "classify", True)  # right last time: not reviewed
    out = session("--review", "--seed", "3", answers="skip\nskip\nskip\n")
    reasons = re.findall(r"^Review · (.+)$", out, flags=re.MULTILINE)
    assert reasons[0].startswith("params · tied: 0/2")
    assert reasons[1].startswith("loss · mse: 1/2")
    assert not any(r.startswith("classify") for r in reasons)
    asked = re.findall(r"^Question \d+/(\d+) · (\w+)", out, flags=re.MULTILINE)
    assert [t for _n, t in asked][:2] == ["params", "loss"]
    assert "ties its weights" in out.split("Question 2/")[0]  # the same kind, fresh numbers


def test_a_wrong_bank_problem_comes_back(home: Path) -> None:
    record("Q2", "params", False)
    out = session("--review", "--seed", "1", answers="59\n")
    assert "bank problem Q2" in out and "Score: 1/1" in out


def test_numeric_kinds_are_scheduled_a_wrong_one_sooner(home: Path) -> None:
    rng = random.Random(2)
    problem = topics.generate("params", rng, 2, "tied")
    other = topics.generate("params", rng, 2, "vanilla")
    with History() as history:
        record_answer(history, Answer(problem, "104", correct=False))
        record_answer(history, Answer(other, "59", correct=True))
        cards = history.kind_cards()
    wrong, right = (
        fsrs_cards.due_of(cards["params/tied"]),
        fsrs_cards.due_of(cards["params/vanilla"]),
    )
    assert wrong is not None and right is not None and wrong < right


def test_a_session_schedules_the_kind_it_asked(home: Path) -> None:
    session("--topic", "params", "--count", "1", "--seed", "2", answers="skip\n")
    with History() as history:
        cards = history.kind_cards()
    problem = topics.generate("params", random.Random(2), 2)
    assert set(cards) == {fsrs_cards.kind_key(problem)}


def test_due_theory_cards_come_before_new_ones(home: Path) -> None:
    theory = [p for p in load_bank() if p.is_theory]
    due_one, later = theory[5], theory[6]
    past = datetime.now(UTC) - timedelta(days=30)
    with History() as history:
        card, due = fsrs_cards.reviewed(None, fsrs_cards.GOOD, now=past)
        assert due < datetime.now(UTC)
        history.save_card(due_one.id, card, due)
        card, due = fsrs_cards.reviewed(None, fsrs_cards.EASY)  # not due for days
        history.save_card(later.id, card, due)
        deck = review.TheoryDeck(history, random.Random(0), seeded=False)
    order = [p.id for p in deck.problems]
    assert order[0] == due_one.id  # the due card, not a never-seen one
    assert order[-1] == later.id  # new cards before cards not yet due
    key_new = fsrs_cards.due_order(None, datetime.now(UTC))
    key_due = fsrs_cards.due_order(card, datetime.now(UTC) + timedelta(days=400))
    assert key_due < key_new


def test_review_lists_due_theory_cards_then_new_ones_after_wrong_kinds(home: Path) -> None:
    theory = [p for p in load_bank() if p.is_theory]
    past = datetime.now(UTC) - timedelta(days=30)
    with History() as history:
        card, due = fsrs_cards.reviewed(None, fsrs_cards.GOOD, now=past)
        history.save_card(theory[3].id, card, due)
    record("gen-conv-layer-28-1-conv3x3:8", "conv", False)
    with History() as history:
        items = review.plan(history, 4, ("params", "conv", "theory"))
    assert [i.source for i in items] == ["kind", "theory", "theory", "theory"]
    assert items[1].problem is not None and items[1].problem.id == theory[3].id
    assert items[1].reason == "theory card due" and items[2].reason == "new theory card"


def test_review_answers_right_update_the_schedule(home: Path) -> None:
    record("gen-classify-sizes-4-5", "classify", False)
    problem = topics.generate("classify", random.Random(7), 2, "sizes")
    assert problem.spec is not None
    out = session(
        "--review", "--seed", "7", answers=solve(problem.spec).expected.as_answer() + "\n"
    )
    assert "Review · classify · sizes: 0/1" in out and "Score: 1/1" in out
    with History() as history:
        assert review.plan(history, 5, ("classify",)) == []  # right last time: nothing left


# -- progress (--stats) ----------------------------------------------------------------------------


def test_stats_show_kinds_trend_slips_with_meaning_and_what_next(home: Path) -> None:
    import json

    record("gen-params-tied-9-5", "params", False)
    with History() as history:
        history.record(
            Attempt(
                "params",
                "gen-params-tied-9-6",
                "q",
                "104",
                False,
                slip="tied weights counted twice",
            )
        )
        history.record(Attempt("loss", "gen-loss-mse-1-2", "q", "1", True))
    result = runner.invoke(app, ["practice", "--stats", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    for key in (
        "attempts",
        "correct",
        "accuracy",
        "sessions",
        "topics",
        "slips",
        "due_theory",
        "history",
    ):
        assert key in data  # the keys scripts read are kept
    assert data["attempts"] == 3
    assert data["kinds"][0] == {
        "topic": "params",
        "kind": "tied",
        "attempts": 2,
        "right": 0,
        "accuracy": 0.0,
        "mastery": "attempted",
        "level": 1,
    }
    assert data["slips"][0]["slip"] == "tied weights counted twice"
    assert "W_eᵀ" in data["slips"][0]["meaning"]
    assert data["trend"] and sum(s["attempts"] for s in data["trend"]) == 3
    assert data["next"][0].startswith("params · tied (0/2 right)")
    shown = runner.invoke(app, ["practice", "--stats"], env={"COLUMNS": "120"}).stdout
    for heading in (
        "Per question kind",
        "Trend over the last",
        "What it means",
        "What to practise next",
    ):
        assert heading.lower() in shown.lower()
