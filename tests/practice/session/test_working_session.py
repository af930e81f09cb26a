"""``aecalc practice --working`` and the exam's marked working, through a real pseudo-terminal
(pexpect): ``Step k/m`` prompts, each step marked as typed with follow-through, backward fading
from the kind's mastery, and a half-typed answer handed in when the time runs out (and nothing
typed ahead leaking into the next prompt)."""

from __future__ import annotations

import math
import random
from fractions import Fraction
from pathlib import Path

import pexpect
import pytest

from aecalc.practice import topics
from aecalc.practice.history.attempts import Attempt, History
from aecalc.practice.session.working import asked_of, steps_asked
from aecalc.practice.topics.forward import ForwardSpec
from pseudo_terminal import plain, spawn


def mastered_points(home: Path, key: str, answers: int) -> None:
    """``answers`` right answers of the kind ``key`` (``forward/x_hat``) at level 3, each after a
    question of another kind (interleaved: a point each)."""
    topic, kind = key.split("/")
    with History(home / "history.db") as history:
        for number in range(answers):
            history.record(Attempt("params", f"gen-params-total-{number}", "q", "a", False))
            history.record(Attempt(topic, f"gen-{topic}-{kind}-{number}", "q", "a", True, level=3))


# ---------------------------------------------------------------- fading


@pytest.mark.parametrize(
    ("points", "mastered", "count", "asked"),
    [
        (0, False, 4, 1),  # new: every step but the last given
        (1, False, 4, 1),
        (Fraction(3, 2), False, 4, 2),
        (3, False, 4, 3),
        (Fraction(9, 2), False, 4, 4),  # every step asked
        (6, True, 4, None),  # mastered: only the final answer
        (0, False, 10, 1),
        (3, False, 10, 6),
        (5, False, 10, 9),
    ],
)
def test_steps_asked_grow_with_mastery(
    points: Fraction | int, mastered: bool, count: int, asked: int | None
) -> None:
    assert steps_asked(Fraction(points), mastered, count) == asked


def forward_x_hat() -> tuple[int, ForwardSpec]:
    """The first seed whose level-2 forward question asks x̂ of a sigmoid net without an encoder
    bias: four steps, W_e·x, z, W_d·z, x̂."""
    for seed in range(500):
        problem = topics.generate("forward", random.Random(seed), 2)
        spec = problem.spec
        assert isinstance(spec, ForwardSpec)
        biased = spec.be is not None and any(spec.be)
        if spec.quantity == "x_hat" and spec.act == ("sigmoid", "sigmoid") and not biased:
            return seed, spec
    raise AssertionError("no such seed")


def test_fading_reads_the_kinds_mastery(home: Path) -> None:
    seed, _spec = forward_x_hat()
    problem = topics.generate("forward", random.Random(seed), 2)
    assert problem.spec is not None
    working = topics.solve(problem.spec).working
    assert working is not None and len(working.steps) == 4
    seen = []
    for _ in range(7):
        with History(home / "history.db") as history:
            seen.append(asked_of(history, problem, working))
        mastered_points(home, "forward/x_hat", 1)
    assert seen == [1, 1, 2, 3, 3, 4, None]


# ---------------------------------------------------------------- practice --working on a terminal


def test_a_new_bank_question_gives_every_step_but_the_last(home: Path) -> None:
    child = spawn(home, "practice", "--working", "--bank", "--topic", "forward", "--count", "1")
    child.expect("Worked for you:")
    child.expect(r"Step 4/4 · x̂ = σ\(W_d·z\)")
    before = plain(child.before)
    assert "Step 1/4 · W_e·x = [1, 0]" in before and "Step 3/4 · W_d·z = [0.7311, 0.5]" in before
    child.sendline("hint")
    child.expect("Hint: x̂ = σ\\(W_d·z\\), worked from W_d·z")
    child.sendline("0.6750, 0.6225")
    child.expect(r"✓ x̂ = \[0.6750, 0.6225\]")
    child.expect("Working: 1/1 marks for the 1 step you worked")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def sigmoid(values: list[float]) -> list[float]:
    return [1 / (1 + math.exp(-v)) for v in values]


def test_a_slip_is_named_at_its_step_and_carried_forward(home: Path) -> None:
    """Three points of mastery: the last three of four steps asked. z typed without its
    activation (the slip), then W_d·z and x̂ worked from it — follow-through, worked here."""
    seed, spec = forward_x_hat()
    mastered_points(home, "forward/x_hat", 3)
    x = [float(v) for v in spec.x]
    we = [[float(w) for w in row] for row in spec.we]
    wd = [[float(w) for w in row] for row in spec.wd]
    pre = [sum(w * v for w, v in zip(row, x, strict=True)) for row in we]  # W_e·x (no b_e)
    true_z = sigmoid(pre)
    if pre == true_z:  # pragma: no cover - σ never returns its argument
        pytest.skip("no slip to make")
    carried = [sum(w * v for w, v in zip(row, pre, strict=True)) for row in wd]
    x_hat = sigmoid(carried)
    child = spawn(
        home, "practice", "--working", "--topic", "forward", "--count", "1", "--seed", str(seed),
        "--level", "2",
    )  # fmt: skip
    child.expect(r"Step 2/4 · z = σ\(W_e·x\):")
    child.sendline(", ".join(f"{v:g}" for v in pre))
    child.expect("slip: encoder activation forgotten")
    child.expect(r"Step 3/4 · W_d·z:")
    child.sendline(", ".join(f"{v:.4f}" for v in carried))
    child.expect("Follow-through: follows from your z")
    child.expect(r"Step 4/4 · x̂ = σ\(W_d·z\):")
    child.sendline(", ".join(f"{v:.4f}" for v in x_hat))
    child.expect("Follow-through: follows from your W_d·z")
    child.expect("Working: 2/3 marks for the 3 steps you worked; first wrong step: z")
    child.expect("or Enter:")  # why, offered once after a question answered wrong
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    with History(home / "history.db") as history:
        rows = history._rows("SELECT answer, correct, slip FROM attempts ORDER BY rowid")
    assert rows[-1][1] == 0 and rows[-1][2] == "encoder activation forgotten"
    assert "[working: 2/3; 1 given]" in str(rows[-1][0])


# ---------------------------------------------------------------- the exam


def paper_answers(seed: int, count: int) -> list[tuple[str, int]]:
    """(topic, number of steps) of each question of a seeded paper (0 steps: one answer)."""
    from aecalc.practice.bank.folder import load_bank
    from aecalc.practice.session.exam import paper_topics

    rng = random.Random(seed)
    rng.shuffle([p for p in load_bank() if p.is_theory])
    out = []
    for topic in paper_topics(count, topics.IDS):
        if topic == "theory":
            out.append((topic, 0))
            continue
        problem = topics.generate(topic, rng, 2)
        assert problem.spec is not None
        working = topics.solve(problem.spec).working
        out.append((topic, 0 if working is None else len(working.steps)))
    return out


def test_the_exam_asks_steps_and_marks_them_with_follow_through(home: Path) -> None:
    """Seed 0, four questions: params, classify, theory, forward (asked in steps)."""
    assert [t for t, _ in paper_answers(0, 4)] == ["params", "classify", "theory", "forward"]
    steps = paper_answers(0, 4)[3][1]
    child = spawn(home, "exam", "--count", "4", "--seed", "0")
    for _ in range(3):
        child.expect(r"or skip\):|\(your answer in a line of notes; skip\):")
        child.sendline("skip")
    child.expect(rf"Step 1/{steps} · W_e·x:")
    child.sendline("1, 0")  # right for seed 0 (x = [0, 1], W_e = [[1, 1], [2, 0]])
    child.expect(rf"Step 2/{steps} ·")
    child.sendline("0.8, 0.5")  # z: wrong (ReLU([1, 0]) = [1, 0])
    child.expect(rf"Step 3/{steps} · W_d·z:")
    child.sendline("2.1, 1.8")  # W_d·z from the student's z: [[2, 1], [1, 2]]·[0.8, 0.5]
    child.expect(rf"Step 4/{steps} ·")
    child.sendline(", ".join(f"{v:.4f}" for v in sigmoid([2.1, 1.8])))
    child.expect(pexpect.EOF)
    text = plain(child.before)
    child.close()
    assert "Question 4 · your working" in text
    assert "Marks lost: z −1." in text
    assert "Question 4 · forward · 3/4 marks" in text
    assert "follows from your z" in text and "Question 4 · worked solution" in text
    assert text.endswith("Marks: 3/11")


def test_a_half_typed_answer_is_handed_in_and_nothing_leaks(home: Path) -> None:
    """A tiny clock: the theory answer is typed but not sent when the time runs out. It is
    handed in as it stands, and the self-marking prompt then reads only what is typed for it."""
    child = spawn(home, "exam", "--count", "3", "--seed", "0", "--minutes", "0.15")
    child.expect(r"or skip\):")
    child.sendline("skip")
    child.expect(r"or skip\):")
    child.sendline("skip")
    child.expect(r"\(your answer in a line of notes; skip\):")
    child.send("the reconstruction error flags it")  # no Enter: the time runs out
    child.expect("Time is up", timeout=30)
    child.expect("how many of these 4 key points")
    child.sendline("1")
    child.expect(pexpect.EOF)
    text = plain(child.before)
    child.close()
    assert "Give a whole number" not in text  # the half-typed line did not reach this prompt
    assert "your answer the reconstruction error flags it" in text  # in the script
    assert text.endswith("Marks: 1/7")
