"""The tutor (issue 12): one-screen feedback, stepwise hints, why, running score, --retry, --bank,
--level, the easier topics first, unknown words — through stdin with --seed, and through a real
pseudo-terminal for the interactive path."""

from __future__ import annotations

import random
import re
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aecalc.cli import app
from aecalc.practice import topics
from aecalc.practice.bank.folder import load_bank
from aecalc.practice.history.attempts import History
from aecalc.practice.topics import solve
from aecalc.practice.topics.backprop import BackpropSpec
from aecalc.practice.topics.problem import Problem
from aecalc.render.text import minus
from pseudo_terminal import ended, spawn

runner = CliRunner()
NUMERIC = topics.NUMERIC


MAX_FEEDBACK_LINES = 15


def problems(topic: str, seed: int, count: int, level: int = 2) -> list[Problem]:
    """The problems a seeded one-topic session asks (it draws from the same generator)."""
    rng = random.Random(seed)
    return [topics.generate(topic, rng, level) for _ in range(count)]


def wrong_answer(problem: Problem) -> str:
    """A readable answer that is not right (and matches no slip): each value + 7."""
    assert problem.spec is not None
    expected = solve(problem.spec).expected
    if expected.form == "kind":
        return "undercomplete" if expected.kind == "overcomplete" else "overcomplete"
    return ", ".join(str(float(v.value) + 7) for v in expected.values)


def session(*args: str, answers: str, columns: int = 80) -> str:
    level = () if "--level" in args else ("--level", "2")  # the level these answers are for
    result = runner.invoke(
        app,
        ["practice", *args, *level],
        input=answers,
        env={"COLUMNS": str(columns), "NO_COLOR": "1"},
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def feedback_block(out: str) -> list[str]:
    """The lines from the ✗ verdict up to the next question, prompt or score."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("✗"))
    end = next(
        i
        for i in range(start + 1, len(lines))
        if lines[i].startswith(("Question", "Score:", "Answer", "Session ended"))
    )
    block = lines[start:end]
    while block and not block[-1].strip():
        block.pop()
    return block


@pytest.mark.parametrize("topic", NUMERIC)
def test_feedback_after_a_wrong_answer_fits_one_screen(home: Path, topic: str) -> None:
    for seed in range(4):
        problem = problems(topic, seed, 1)[0]
        out = session(
            "--topic",
            topic,
            "--count",
            "1",
            "--seed",
            str(seed),
            answers=wrong_answer(problem) + "\n",
        )
        block = feedback_block(out)
        assert 2 <= len(block) <= MAX_FEEDBACK_LINES, "\n".join(block)
        assert block[0].startswith("✗ Not right")
        answer = solve(problem.spec).expected.as_text(4)  # type: ignore[arg-type]
        assert minus(answer) in out  # printed with the one minus sign −
        assert "1 so far" in block[-1] and "why" in block[-1]
        assert "Worked solution" not in out  # the whole solution waits for why


def test_a_slip_is_named_with_its_sentence_and_the_steps_that_matter(home: Path) -> None:
    # params at seed 2 asks a total: the weights alone are the "biases forgotten" slip
    problem = problems("params", 2, 1)[0]
    assert problem.spec is not None
    solution = solve(problem.spec)
    slip = next(s for s in solution.expected.slips if s.name == "biases forgotten")
    out = session(
        "--topic", "params", "--count", "1", "--seed", "2", answers=slip.answer.as_answer() + "\n"
    )
    block = feedback_block(out)
    text = " ".join(" ".join(block).split())
    assert "biases forgotten" in text and slip.explanation.split(";")[0] in text
    assert "The steps that matter:" in text
    for step in solution.steps(4):
        assert " ".join(step.split()) in text


def test_why_shows_the_whole_solution_of_the_question_just_marked(home: Path) -> None:
    first, _second = problems("loss", 4, 2)
    out = session(
        "--topic",
        "loss",
        "--count",
        "2",
        "--seed",
        "4",
        answers=f"{wrong_answer(first)}\nwhy\nskip\n",
    )
    after = out.split("> why", 1)[1]
    assert "Worked solution" in after
    assert first.title in after.split("Answer", 1)[0]


def test_why_before_anything_is_marked_says_so(home: Path) -> None:
    out = session("--topic", "classify", "--count", "1", "--seed", "1", answers="why\nquit\n")
    assert "Nothing marked yet" in out


def backprop_seed(layer: int, row: int, col: int) -> int:
    for seed in range(500):
        spec = problems("backprop", seed, 1)[0].spec
        assert isinstance(spec, BackpropSpec)
        if spec.quantity == "w_new" and (spec.layer, spec.row, spec.col) == (layer, row, col):
            return seed
    raise AssertionError("no such seed")


@pytest.mark.parametrize("entry", [(2, 2, 1), (1, 2, 2), (2, 1, 2)])
def test_why_explains_the_very_weight_asked(home: Path, entry: tuple[int, int, int]) -> None:
    layer, row, col = entry
    seed = backprop_seed(layer, row, col)
    problem = problems("backprop", seed, 1)[0]
    out = session(
        "--topic",
        "backprop",
        "--count",
        "2",
        "--seed",
        str(seed),
        answers=f"{wrong_answer(problem)}\nwhy\nquit\n",
        columns=120,
    )
    why = out.split("> why", 1)[1].replace("−", "-")
    name = f"W{layer}[{row},{col}]"
    assert f"Chain rule for {name}" in why
    assert "Chain rule for W2[1,1]" not in why or name == "W2[1,1]"
    assert "Chain rule for W1[1,1]" not in why or name == "W1[1,1]"
    # the chain's product is this weight's gradient and its update the answer
    assert isinstance(problem.spec, BackpropSpec)
    assert solve(problem.spec).expected.as_text(4) in why.split(f"Chain rule for {name}")[1]


def test_each_hint_reveals_the_next_step_and_the_count_is_recorded(home: Path) -> None:
    problem = problems("params", 2, 1)[0]
    assert problem.spec is not None
    solution = solve(problem.spec)
    steps = solution.steps(4)
    asked = len(steps) + 2
    out = session(
        "--topic", "params", "--count", "1", "--seed", "2", answers="hint\n" * asked + "skip\n"
    )
    hints = [line for line in out.splitlines() if line.startswith(("Hint:", "No more hints"))]
    assert len(hints) == asked
    assert hints[0].startswith("Hint: method")
    assert len(set(hints[: len(steps)])) == len(steps)  # every hint says something new
    for number, step in enumerate(steps[:-1], start=1):
        assert hints[number].startswith(f"Hint: step {number} — {step[:20]}")
    assert steps[-1] not in out.split("Skipped")[0]  # the last step is the answer: never a hint
    assert hints[-1].startswith("No more hints")
    with History() as history:
        rows = history._rows("SELECT answer, skipped FROM attempts")
    assert rows == [(f"[hints: {len(steps)}]", 1)]


def test_theory_hints_walk_through_the_key_points(home: Path) -> None:
    out = session(
        "--topic", "theory", "--count", "1", "--seed", "3", answers="hint\nhint\nnotes\n3\n"
    )
    hints = [line for line in out.splitlines() if line.startswith("Hint:")]
    assert len(hints) == 2 and hints[0] != hints[1]
    assert "key point 1" in hints[0] and "key point 2" in hints[1]


def test_a_running_score_follows_each_answer(home: Path) -> None:
    first, second, third = problems("classify", 9, 3)
    right = [solve(p.spec).expected.as_answer() for p in (first, second) if p.spec is not None]
    out = session(
        "--topic",
        "classify",
        "--count",
        "3",
        "--seed",
        "9",
        answers=f"{right[0]}\n{right[1]}\n{wrong_answer(third)}\n",
    )
    assert "(1/1 so far)" in out and "(2/2 so far)" in out and "(2/3 so far" in out
    assert "Score: 2/3" in out


def test_retry_names_the_slip_then_gives_one_more_try_and_records_both(home: Path) -> None:
    problem = problems("params", 2, 1)[0]
    assert problem.spec is not None
    solution = solve(problem.spec)
    slip = next(s for s in solution.expected.slips if s.name == "biases forgotten")
    typed = slip.answer.as_answer()
    out = session(
        "--topic",
        "params",
        "--count",
        "1",
        "--seed",
        "2",
        "--retry",
        answers=f"{typed}\n{solution.expected.as_answer()}\n",
    )
    before = out.split("One more try")[0]
    assert "biases forgotten" in before and "The steps that matter" not in before
    assert "Right on the second try" in out and "Score: 1/1" in out
    with History() as history:
        rows = history._rows("SELECT answer, correct, slip FROM attempts")
    assert rows == [(f"{typed} → {solution.expected.as_answer()} [retry]", 1, "biases forgotten")]


def test_without_retry_a_slip_is_marked_at_once(home: Path) -> None:
    problem = problems("params", 2, 1)[0]
    assert problem.spec is not None
    slip = next(s for s in solve(problem.spec).expected.slips if s.name == "biases forgotten")
    out = session(
        "--topic", "params", "--count", "1", "--seed", "2", answers=slip.answer.as_answer() + "\n"
    )
    assert "One more try" not in out and "Score: 0/1" in out


def test_every_answer_prompt_fits_a_line_and_the_form_is_said_once(home: Path) -> None:
    out = session("--topic", "params", "--count", "1", "--seed", "0", answers="hint\nskip\n")
    prompts = [line for line in out.splitlines() if line.startswith("Answer")]
    assert prompts == [
        "Answer (a whole number, e.g. 59; or hint, why, skip, quit):",  # short: the form in it
        "Answer (or hint, why, skip, quit):",  # asked again after the hint
    ]
    for topic in NUMERIC:
        out = session("--topic", topic, "--count", "2", "--seed", "1", answers="skip\n" * 2)
        lines = out.splitlines()
        for number, line in enumerate(lines):
            if line.startswith("Answer"):
                assert len(line) <= 80, line
                if line == "Answer (or hint, why, skip, quit):":  # a long form: its own line
                    said = lines[max(0, number - 4) : number]  # the form wraps to 1-3 lines
                    assert any(said_line.startswith("Give ") for said_line in said), said


def test_a_theory_answer_is_followed_by_the_running_score(home: Path) -> None:
    out = session("--topic", "theory", "--count", "2", "--seed", "0", answers="notes\n3\nskip\n")
    assert "Noted: it will come back later. (1/1 so far)" in out
    assert "Skipped: it will come back soon. (1/2 so far)" in out and "Score: 1/2" in out


def test_an_unknown_word_is_asked_again_with_the_words_understood(home: Path) -> None:
    out = session("--topic", "params", "--count", "1", "--seed", "0", answers="hnit\nquit\n")
    assert "Words understood here: hint, why, skip, quit." in " ".join(out.split())
    assert out.count("Answer (") == 2 and "Score: 0/0" in out
    assert "Not understood: 'hnit'. Words understood here: hint, why, skip, quit." in out
    assert "is not a number" not in out  # the word is not read as a failed number
    out = session("--topic", "classify", "--count", "1", "--seed", "0", answers="overcomplet\n")
    assert "Cannot read that" in out and "under / over will do" in out  # a kind: the form


def test_bank_mode_asks_the_bank_problems_with_the_same_checker(home: Path) -> None:
    bank = [p for p in load_bank() if p.topic == "loss"]
    answers = "".join(f"{p.answer}\n" for p in bank)
    out = session("--bank", "--topic", "loss", answers=answers)
    assert f"Question {len(bank)}/{len(bank)}" in out
    assert f"Score: {len(bank)}/{len(bank)}" in out
    for problem in bank:
        assert problem.statement[:40] in " ".join(out.split())
    with History() as history:
        progress = history.progress()
    assert {p.id for p in bank} <= set(progress)


def test_an_unseeded_bank_session_does_not_offer_a_seed_that_would_reorder_it(home: Path) -> None:
    out = session("--bank", "--topic", "params", "--count", "1", answers="skip\n")
    assert "Score: 0/1" in out and "Repeat these questions" not in out
    out = session("--topic", "params", "--count", "1", answers="skip\n")
    assert "Repeat these questions with --seed" in out


def test_bank_mode_with_a_seed_shuffles_and_count_limits(home: Path) -> None:
    out = session(
        "--bank", "--topic", "params", "--count", "2", "--seed", "5", answers="skip\nskip\n"
    )
    assert "Question 2/2" in out and "Score: 0/2" in out


def asked_in_order(out: str, bank: list[Problem]) -> list[tuple[Problem, str]]:
    """Each question of a (wide, unwrapped) bank transcript: its problem and its block of lines."""
    blocks = re.split(r"^Question \d+/\d+ · \w+$", out.partition("Score:")[0], flags=re.MULTILINE)[
        1:
    ]
    return [(next(p for p in bank if p.statement in block), block) for block in blocks]


EIGHT_PLACES = [p for p in load_bank() if "(8 decimal places)" in p.statement]


def test_a_question_asking_eight_places_shows_the_answer_and_steps_to_eight(home: Path) -> None:
    assert {p.topic for p in EIGHT_PLACES} == {"backprop"} and len(EIGHT_PLACES) == 3
    args = ("--bank", "--topic", "backprop", "--seed", "2")
    out = session(*args, answers="skip\n" * 3, columns=2000)
    asked = asked_in_order(out, EIGHT_PLACES)
    assert sorted(p.id for p, _ in asked) == sorted(p.id for p in EIGHT_PLACES)
    for problem, block in asked:
        assert len(problem.answer.split(".")[1]) == 8  # the bank's own answer: the oracle
        assert "Give a decimal to 8 decimal places" in block  # the prompt says what is asked
        assert f"Skipped. The answer: {problem.answer} (" in block
        steps = block.split("The steps:")[1]
        assert f"= {problem.answer}" in steps  # the steps reach it to 8 places, not 4
        assert re.search(r"\d\.\d{8}\b", steps.splitlines()[1])  # from the first step on


def test_a_right_answer_with_fewer_places_than_asked_is_right_with_a_note(home: Path) -> None:
    args = ("--bank", "--topic", "backprop", "--seed", "2")
    skipped = session(*args, answers="skip\n" * 3, columns=2000)
    order = [p for p, _ in asked_in_order(skipped, EIGHT_PLACES)]
    four = [f"{float(p.answer):.4f}" for p in order]  # right, to 4 places
    answers = [four[0], order[1].answer, f"{float(order[2].answer) + 0.01:.4f}"]
    out = session(*args, answers="\n".join(answers) + "\n", columns=2000)
    note = "Note: the question asks for 8 decimal places; 4 were given."
    assert f"✓ Right: {order[0].answer}. {note} (1/1 so far)" in out
    assert f"✓ Right: {order[1].answer}. (2/2 so far)" in out  # all 8 places: no note
    assert f"✗ Not right: the answer is {order[2].answer}" in out  # shown to 8 places
    assert out.count("Note:") == 1
    assert "Score: 2/3" in out
    with History() as history:
        rows = history._rows("SELECT answer, correct FROM attempts ORDER BY rowid")
    assert rows[-3:] == [(answers[0], 1), (answers[1], 1), (answers[2], 0)]


def test_a_generated_question_asking_figures_shows_them(home: Path) -> None:
    """A level-2 backprop question asks 4 significant figures; a small answer shows 4 of them."""
    for seed in range(40):
        problem = problems("backprop", seed, 1)[0]
        assert problem.spec is not None and "(4 significant figures)" in problem.statement
        value = solve(problem.spec).expected.values[0].value
        if 0 < abs(value) < Fraction(1, 10):
            break
    else:
        pytest.fail("no small backprop answer in 40 seeds")
    figures = f"{float(value):.4g}".replace("-", "−")  # the oracle: 4 figures, e.g. −0.01855
    out = session("--topic", "backprop", "--count", "1", "--seed", str(seed), answers="skip\n")
    assert "Give a decimal to 4 significant figures" in " ".join(out.split())
    assert f"Skipped. The answer: {figures} (0/1 so far)" in out


def test_the_session_says_its_level_and_a_bad_level_is_an_error(home: Path) -> None:
    out = session(
        "--topic", "params", "--level", "1", "--count", "1", "--seed", "1", answers="skip\n"
    )
    assert "level 1" in out
    for bad in (["--level", "4"], ["--level", "0"], ["--count", "0"]):
        result = runner.invoke(app, ["practice", *bad])
        assert result.exit_code == 2
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: --"), result.stderr


def test_the_default_session_starts_with_the_easier_topics(home: Path) -> None:
    easy = {t.id for t in topics.TOPICS if t.rank == 1}
    for seed in range(6):
        out = session("--count", "6", "--seed", str(seed), answers="skip\n" * 6 + "1\n" * 6)
        asked = re.findall(r"^Question \d+/6 · (\w+)", out, flags=re.MULTILINE)
        assert asked[0] in easy and asked[1] in easy, asked


def test_several_topics_comma_separated(home: Path) -> None:
    out = session("--topic", "params,classify", "--count", "4", "--seed", "2", answers="skip\n" * 4)
    asked = set(re.findall(r"^Question \d+/4 · (\w+)", out, flags=re.MULTILINE))
    assert asked <= {"params", "classify"}


def test_seeded_tutor_output_depends_only_on_options_seed_and_answers(home: Path) -> None:
    args = ("--topic", "all", "--count", "4", "--seed", "42", "--level", "1", "--retry")
    script = "hint\n1\nwhy\nover\nhint\nhint\n3\n0.5\n"
    first = session(*args, answers=script)
    second = session(*args, answers=script)
    assert first.split("Score:")[0] == second.split("Score:")[0]


def _pty_session(args: list[str], replies: list[tuple[str, str]], home: Path) -> str:
    """Run ``aecalc practice ARGS`` on a pseudo-terminal; for each (wait for text, send line)."""
    level = [] if "--level" in args else ["--level", "2"]
    child = spawn(home, "practice", *args, *level)
    for wait, line in replies:
        child.expect_exact(wait)
        child.sendline(line)
    child.expect_exact("Score:")
    return ended(child)


def test_an_interactive_session_on_a_real_terminal(home: Path) -> None:
    problem = problems("params", 0, 2)
    right = solve(problem[1].spec).expected.as_answer()  # type: ignore[arg-type]
    out = _pty_session(
        ["--topic", "params", "--count", "2", "--seed", "0"],
        [
            ("Answer", "hint"),
            ("Hint: method", "hint"),
            ("Hint: step 1", wrong_answer(problem[0])),
            ("so far", "why"),
            ("Worked solution", right),
        ],
        home,
    )
    assert "Question 1/2" in out and "Question 2/2" in out
    assert "The steps that matter" in out
    assert "Score: 1/2" in out
    assert "quit): " in out and "::" not in out  # one colon: Rich's own prompt suffix
    with History() as history:
        assert history.count() == 2


def test_at_a_terminal_why_is_offered_after_a_last_wrong_answer(home: Path) -> None:
    problem = problems("classify", 1, 1)[0]
    out = _pty_session(
        ["--topic", "classify", "--count", "1", "--seed", "1"],
        [("Answer", wrong_answer(problem)), ("Type why", "why")],
        home,
    )
    assert "Worked solution" in out.split("Type why", 1)[1]
    assert "Score: 0/1" in out


def test_from_stdin_why_after_the_last_wrong_answer_shows_the_solution(home: Path) -> None:
    problem = problems("forward", 3, 1)[0]
    args = ("--topic", "forward", "--count", "1", "--seed", "3")
    out = session(*args, answers=wrong_answer(problem) + "\nwhy\n")
    after = out.split("Type why for the last question's worked solution, or Enter:\n> why\n")[1]
    assert after.startswith("Worked solution") and "Score: 0/1" in after
    # a script that ends after its last answer gets no prompt nobody answers
    script_end = session(*args, answers=wrong_answer(problem) + "\n")
    assert "Type why" not in script_end and "Session ended" not in script_end
    assert (
        script_end.split("why shows the whole worked solution)\n")[1].lstrip().startswith("Score:")
    )
    # a right last answer is not offered the solution
    right = solve(problem.spec).expected.as_answer(6)  # type: ignore[arg-type]
    assert "Type why" not in session(*args, answers=right + "\nwhy\n")


def test_session_text_has_one_minus_sign_and_echoes_input_as_typed(home: Path) -> None:
    problem = problems("forward", 3, 1)[0]
    assert problem.spec is not None
    steps = solve(problem.spec).steps(4)
    assert any("\u2212" in step for step in steps)  # the step values carry −, as the statement
    out = session(
        "--topic",
        "forward",
        "--count",
        "1",
        "--seed",
        "3",
        answers=f"-1, \x1b[2J\n{wrong_answer(problem)}\n",
    )
    assert "> -1, \\x1b[2J" in out  # the echo: as typed, control characters escaped
    assert "\x1b" not in out and "The steps that matter" in out
    printed = [line for line in out.splitlines() if not line.startswith(">")]
    assert not any(re.search(r"(?<![\w\-.\u2212])-(?=\.?\d)", line) for line in printed)


def test_why_after_a_theory_question_shows_its_key_points_again(home: Path) -> None:
    out = session(
        "--topic", "theory", "--count", "2", "--seed", "3", answers="notes\n3\nwhy\nquit\n"
    )
    after = out.split("> why", 1)[1]
    assert "Key points" in after and "Worked solution" not in after
