"""``aecalc solve FILE --steps`` and ``aecalc check FILE --working`` (CLI.md, "Marked working"),
fair rounding and feedback on one screen, run in-process."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from aecalc.practice.answers.checker import check, number
from aecalc.practice.answers.precision import asked_precision
from cli import run, run_error, run_json

F1_SLIP_AT_Z = "W_e·x = 1, 0\nz = 0.8, 0.5\n0.8, 0.5\n0.6900, 0.6225\n"
"""F1 with a slip at z carried forward correctly: σ(0.8) = 0.68997 → 0.6900, σ(0.5) = 0.6225."""


def test_solve_steps_lists_the_steps_one_a_line_with_their_names() -> None:
    code, out, _err = run("solve", "F1", "--steps", columns=80)
    assert code == 0
    lines = [line.rstrip() for line in out.splitlines()]
    assert "W_e·x  [1, 0]" in lines
    assert "z      σ(W_e·x) = [0.7311, 0.5]" in lines
    assert "W_d·z  [0.7311, 0.5]" in lines
    assert "x̂      σ(W_d·z) = [0.6750, 0.6225]" in lines
    data = run_json("solve", "F1", "--steps")
    assert [s["name"] for s in data["steps"]] == ["W_e·x", "z", "W_d·z", "x̂"]
    assert data["steps"][0]["value"] == [1.0, 0.0]
    assert data["steps"][1]["value"] == pytest.approx([0.7310585786, 0.5])
    assert data["out_of"] == 4
    scalar = run_json("solve", "L2", "--steps")["steps"][-1]
    assert scalar["name"] == "L" and scalar["value"] == 1.0


def test_solve_steps_follows_the_precision_and_the_marks_of_the_file() -> None:
    _code, out, _err = run("solve", "B01", "--steps", columns=100)
    assert "0.35891648" in out  # the question asks for 8 decimal places
    assert "δ2 2" in out and "10 marks" in out
    assert run_json("solve", "B01")["answer"] == "0.35891648"  # solve shows it to 8 too


def test_steps_are_refused_where_a_question_has_none() -> None:
    assert "Q2 is answered in one step" in run_error("solve", "Q2", "--steps")
    assert run_error("check", "T01", "--working", "1").startswith("Error: FILE:")
    assert "answered in one step" in run_error("check", "Q2", "--working", "59")


def test_check_working_marks_each_line_and_ends_with_the_marks() -> None:
    code, out, _err = run("check", "F1", "--working", F1_SLIP_AT_Z, columns=80)
    assert code == 1  # the final answer is not right
    rows = {line.split("│")[1].strip(): line for line in out.splitlines() if line.count("│") > 4}
    assert "wrong" in rows["z"] and "0/1" in rows["z"]
    assert "follow-through" in rows["W_d·z"] and "follows from your z" in rows["W_d·z"]
    assert "follow-through" in rows["x̂"] and "1/1" in rows["x̂"]
    assert out.index("Final answer not right") < out.index("Your working, marked")
    tail = " ".join(out.split()[-30:])
    assert "First wrong step: z — you wrote 0.8, 0.5; z = σ(W_e·x) = [0.7311, 0.5]." in tail
    assert tail.endswith("Marks: 3/4.")
    assert len(out.splitlines()) <= 30  # one screen


def test_check_working_json_keeps_the_contract() -> None:
    code, out, _err = run("check", "F1", "--working", F1_SLIP_AT_Z, "--json")
    assert code == 1
    data = json.loads(out)
    assert {"steps", "first_wrong", "marks", "out_of"} <= set(data)
    assert data["first_wrong"] == "z" and data["marks"] == 3 and data["out_of"] == 4
    for step in data["steps"]:
        assert {"name", "given", "expected", "follow_through_expected", "verdict", "slip"} <= set(
            step
        )
    x_hat = data["steps"][3]
    assert x_hat["verdict"] == "follow-through"
    assert x_hat["follow_through_expected"] == "[0.6900, 0.6225]"
    assert x_hat["expected"] == "[0.6750, 0.6225]"


def test_check_working_reads_stdin_and_exits_0_when_the_final_answer_is_right() -> None:
    from typer.testing import CliRunner

    from aecalc.cli import app

    result = CliRunner().invoke(
        app, ["check", "F1", "--working", "-"], input="-\n-\n-\nx̂ ≈ [0.675, 0.6225]\n"
    )
    assert result.exit_code == 0, result.output
    assert "Marks: 4/4" in result.stdout and "implied by a later line" in result.stdout


def test_check_working_bad_input_is_one_error_line() -> None:
    assert run_error("check", "F1", "--working", "1, 0\n0.5").startswith(
        "Error: --working: step z:"
    )
    assert "given twice" in run_error("check", "F1", "--working", "z = 1, 1\nz = 1, 1")
    assert "goes past the last step" in run_error("check", "L2", "--working", "1\n2\n3")
    assert run_error("check", "F1", "0.5", "--working", "1").startswith("Error: --working:")
    assert run_error("check", "F1").startswith("Error: ANSWER: is missing")
    assert "choose one" in run_error("practice", "--working", "--mcq")


def test_l1_from_the_rounded_values_the_question_prints_is_right_with_a_note() -> None:
    """The question prints x̂ ≈ [0.6750, 0.6225]; −½[ln 0.6750 + ln 0.3775] = 0.68362, which is
    also what ``aecalc loss bce --x 1,0 --xhat 0.6750,0.6225`` gives."""
    code, out, _err = run("check", "L1", "0.6836", columns=200)
    assert code == 0
    assert "Right: 0.6835" in out and "x̂ ≈ [0.6750, 0.6225]" in out
    loss = run_json("loss", "bce", "--x", "1,0", "--xhat", "0.6750,0.6225")
    assert f"{loss['value']:.4f}" == "0.6836"
    # more correct digits than the answer shows are right; rounding the other way is not
    assert run("check", "L1", "0.683532")[0] == 0  # 0.6835320 exactly
    assert run("check", "L1", "0.6834")[0] == 1
    # x̂ rounded to two places first is still the named slip
    code, out, _err = run("check", "L1", "0.6766", columns=200)
    assert code == 1 and "rounded too early" in out


def test_an_answer_asked_in_significant_figures_is_shown_in_them() -> None:
    asked = asked_precision("(4 significant figures)")
    assert number(Fraction("2.516841358"), False).asking(asked).as_text() == "2.517"
    assert number(Fraction("0.0072878571"), False).asking(asked).as_text() == "0.007288"
    assert number(Fraction("0.35891648"), False).asking(asked).as_text() == "0.3589"
    verdict = check(number(Fraction("2.516841358"), False).asking(asked), "2.52")
    assert verdict.right and "the answer is" not in verdict.message
    assert verdict.message.startswith("Right: 2.517.")


def test_a_wrong_check_fits_one_screen_and_full_adds_the_whole_solution() -> None:
    for problem, answer in (("F1", "0.7311, 0.5"), ("L1", "0.2969"), ("B03", "0.2")):
        code, out, _err = run("check", problem, answer, columns=80)
        assert code == 1
        lines = out.splitlines()
        assert len(lines) <= 24, (problem, len(lines))
        assert lines[1].startswith("Warning: Not right")  # the verdict first
        assert "The steps that matter" in out and "--full" in out
        _code, full, _err = run("check", problem, answer, "--full", columns=80)
        assert len(full.splitlines()) > len(lines) + 15 and "Worked solution" in full
    code, out, _err = run("check", "F1", "0.7311, 0.5", columns=80)
    assert "Slip: z given for x̂" in " ".join(out.split())
