"""``aecalc plan`` (issue 24): readiness on the exam date from FSRS, today's work in order
(due, before the exam, weakest, never tried) fitted to the minutes, the exam date kept, the
history read and never written, bad input."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from aecalc.practice import topics
from aecalc.practice.history.attempts import Attempt, History, ReviewCard, Snapshot
from aecalc.practice.schedule import cards, dates
from cli import run, run_error

TODAY = {"AECALC_TODAY": "2025-06-01"}


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=9, tzinfo=UTC)


def answer(
    kind: str,
    right: bool,
    *,
    reviewed: str | None = None,
    rating: int | None = None,
    level: int = 1,
    seconds: float | None = None,
) -> None:
    """One answer of ``topic/kind`` into the history, moving its card as of ``reviewed``."""
    topic, name = kind.split("/")
    card = None
    if reviewed is not None:
        with History() as history:
            state = history.kind_cards().get(kind)
        score = rating or (cards.GOOD if right else cards.AGAIN)
        made, due = cards.reviewed(state, score, now=at(reviewed))
        card = ReviewCard("kind", kind, made, due)
    with History() as history:
        attempt = Attempt(
            topic, f"gen-{topic}-{name}-1", "q", "a", right, level=level, seconds=seconds
        )
        history.record(attempt, card)


def plan_json(*args: str, env: dict[str, str] | None = None) -> dict[str, object]:
    code, out, err = run("plan", *args, "--json", env={**TODAY, **(env or {})})
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def today(data: dict[str, object]) -> list[tuple[str, str, str]]:
    items = data["today"]
    assert isinstance(items, list)
    return [(i["topic"], i["kind"], i["reason"]) for i in items]


def test_without_a_history_it_says_so_and_proposes_a_first_session(home: Path) -> None:
    data = plan_json("--exam", "2025-06-20")
    assert data["exam_date"] == "2025-06-20" and data["days_left"] == 19
    assert data["predicted_marks"] == 0 and data["out_of"] == sum(t.marks for t in topics.TOPICS)
    assert data["enough_history"] is False and data["answers"] == 0
    shown = today(data)
    # a first session is mixed: one never-tried kind of each topic in turn, easiest topics first
    assert [t for t, _k, _r in shown][:4] == ["params", "classify", "loss", "theory"]
    assert all(reason == "never tried" for _t, _k, reason in shown)
    assert {e["topic"] for e in data["topics"]} == set(topics.IDS)  # type: ignore[union-attr]
    code, out, _err = run("plan", env=TODAY, columns=80)
    assert code == 0 and "No practice history yet" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert not (home / "history.db").exists()  # the plan never creates the history


def test_the_exam_date_and_minutes_are_kept(home: Path) -> None:
    plan_json("--exam", "2025-07-01", "--minutes-per-day", "10")
    data = plan_json()
    assert data["exam_date"] == "2025-07-01" and data["minutes_per_day"] == 10
    assert sum(i["minutes"] for i in data["today"]) <= 10  # type: ignore[union-attr]
    later = plan_json(env={"AECALC_TODAY": "2025-07-02"})  # the kept date has passed
    assert later["exam_date"] is None and later["days_left"] is None
    code, out, _ = run("plan", env={"AECALC_TODAY": "2025-07-02"}, columns=80)
    assert code == 0 and "2025-07-01 has passed" in out


def test_today_orders_due_then_weakest_then_never_tried(home: Path) -> None:
    answer("params/tied", True, reviewed="2025-05-01")  # due long ago
    answer("forward/x_hat", False, reviewed="2025-05-31")  # wrong yesterday: due
    for _ in range(3):  # right, not due: weakest of the tried
        answer("classify/sizes", True, reviewed="2025-05-31", rating=cards.EASY)
        answer("loss/mse", True, reviewed="2025-05-31", rating=cards.EASY, level=2)
    data = plan_json("--exam", "2025-06-20", "--minutes-per-day", "600")
    shown = today(data)
    assert shown[0][:2] == ("params", "tied") and shown[0][2].startswith("due")
    assert shown[1][:2] == ("forward", "x_hat") and shown[1][2] == "due yesterday"
    # classify (interleaved with loss, level 1: familiar) is weaker than loss (level 2)
    assert [s[:2] for s in shown[2:4]] == [("classify", "sizes"), ("loss", "mse")]
    assert shown[2][2].startswith("weakest: familiar, 3/3 right")
    assert all(reason == "never tried" for _t, _k, reason in shown[4:])
    assert ("params", "tied") not in [s[:2] for s in shown[4:]]
    by_topic = {t["topic"]: t for t in data["topics"]}  # type: ignore[union-attr]
    kinds = {k["kind"]: k for k in by_topic["classify"]["kinds"]}
    with Snapshot() as snapshot:
        card = snapshot.kind_cards()["classify/sizes"]
    expected = cards.retrievability(card, datetime(2025, 6, 20, 12, tzinfo=UTC))
    assert kinds["sizes"]["predicted_right"] == round(expected, 4) > 0.5
    assert kinds["sizes"]["mastery"] == "familiar" and kinds["sizes"]["level"] == 2
    assert by_topic["pca"]["predicted_right"] == 0 and by_topic["pca"]["mastery"] == "new"
    assert data["predicted_marks"] == pytest.approx(
        sum(t["marks"] * t["predicted_right"] for t in data["topics"]),  # type: ignore[union-attr]
        abs=0.05,
    )


def test_as_the_exam_nears_every_kind_tried_comes_back(home: Path) -> None:
    # six kinds answered well, spaced out: FSRS would not ask them again before the exam
    kinds = ["params/tied", "params/vanilla", "loss/mse", "loss/bce", "classify/sizes", "pca/cov"]
    for day in ("2025-02-01", "2025-03-01", "2025-04-20"):
        for kind in kinds:
            answer(kind, True, reviewed=day, rating=cards.EASY)
    with Snapshot() as snapshot:
        dues = [cards.due_of(card) for card in snapshot.kind_cards().values()]
    assert all(due is not None and due.date() > date(2025, 6, 4) for due in dues)
    far = plan_json("--exam", "2025-09-01", "--minutes-per-day", "600")
    assert not [r for _t, _k, r in today(far) if r.startswith(("before the exam", "due"))]
    seen: set[tuple[str, str]] = set()
    for day in ("2025-06-01", "2025-06-02", "2025-06-03"):
        data = plan_json("--exam", "2025-06-04", env={"AECALC_TODAY": day})
        pulled = [(t, k) for t, k, r in today(data) if r.startswith("before the exam")]
        assert len(pulled) == 2, today(data)  # six over three days
        assert today(data)[0][2].startswith("before the exam (last seen")
        for topic, kind in pulled:  # answered that day, as the plan asked
            answer(f"{topic}/{kind}", True, reviewed=day, rating=cards.GOOD)
            seen.add((topic, kind))
    assert seen == {tuple(k.split("/")) for k in kinds}


def test_today_is_fitted_to_the_minutes_with_timings_from_the_history(home: Path) -> None:
    for _ in range(5):
        answer("loss/mse", False, reviewed="2025-05-30", seconds=240)
    data = plan_json("--minutes-per-day", "20")
    assert data["seconds_per_question"] == {"numeric": 240, "theory": 180, "from": "history"}
    assert [i["minutes"] for i in data["today"]][:1] == [4.0]  # type: ignore[index]
    assert sum(i["minutes"] for i in data["today"]) <= 20  # type: ignore[union-attr]
    short = plan_json("--minutes-per-day", "1")
    assert len(short["today"]) == 1  # type: ignore[arg-type]


def test_the_plan_reads_the_history_without_writing(home: Path) -> None:
    answer("params/tied", False, reviewed="2025-05-20")
    history = home / "history.db"

    def state() -> tuple[str, int]:
        return hashlib.sha256(history.read_bytes()).hexdigest(), history.stat().st_mtime_ns

    before = state()
    code, out, _ = run("plan", "--exam", "2025-06-20", env=TODAY, columns=80)
    assert code == 0 and "Per kind answered so far" in out
    plan_json()
    assert state() == before
    with Snapshot() as snapshot:
        assert len(snapshot.done()) == 1


def test_practice_stats_and_plan_agree_on_mastery(home: Path) -> None:
    answer("params/tied", True, reviewed="2025-05-20")
    answer("loss/mse", True, reviewed="2025-05-20")
    answer("params/tied", True, reviewed="2025-05-21")
    code, out, err = run("practice", "--stats", "--json")
    assert code == 0, err
    stats = {(k["topic"], k["kind"]): k for k in json.loads(out)["kinds"]}
    data = plan_json()
    by_topic = {t["topic"]: t for t in data["topics"]}  # type: ignore[union-attr]
    tied = next(k for k in by_topic["params"]["kinds"] if k["kind"] == "tied")
    assert stats[("params", "tied")]["mastery"] == tied["mastery"] == "familiar"
    assert stats[("params", "tied")]["level"] == tied["level"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--exam", "12/06/2025"], "Error: --exam: '12/06/2025' is not a date written YYYY-MM-DD"),
        (["--exam", "2025-02-30"], "Error: --exam: '2025-02-30' is not a date"),
        (["--exam", "2025-05-31"], "Error: --exam: 2025-05-31 has passed (today is 2025-06-01)"),
        (["--minutes-per-day", "0"], "Error: --minutes-per-day: 0 is out of range (1 to 1440)"),
        (["--minutes-per-day", "-5"], "Error: --minutes-per-day: -5 is out of range"),
    ],
)
def test_bad_input_is_one_error_line(
    home: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.setenv("AECALC_TODAY", "2025-06-01")
    assert run_error("plan", *args).startswith(message)
    assert not (home / "plan.json").exists()


def test_a_bad_fixed_today_is_named(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AECALC_TODAY", "tomorrow")
    assert run_error("plan").startswith("Error: AECALC_TODAY: 'tomorrow' is not a date")


def test_clock_and_settings_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AECALC_TODAY", "2025-06-01")
    assert dates.clock() == dates.Clock(date(2025, 6, 1), datetime(2025, 6, 1, 12, tzinfo=UTC))
    path = tmp_path / "plan.json"
    assert dates.load_settings(path) == dates.Settings()
    assert dates.save_settings(dates.Settings(date(2025, 7, 1), 25), path) is None
    assert dates.load_settings(path) == dates.Settings(date(2025, 7, 1), 25)
    path.write_text("[1, 2]")
    assert dates.load_settings(path) == dates.Settings()
