"""A problem file's ``[marks]`` table: marks for some steps of its working, checked against the
problem's steps when it is solved."""

from __future__ import annotations

from pathlib import Path

from aecalc.practice import topics
from aecalc.practice.bank.folder import load_bank
from cli import run_error

F1 = (Path(__file__).resolve().parents[3] / "problems" / "f1-forward-pass.toml").read_text(
    encoding="utf-8"
)
THEORY = (Path(__file__).resolve().parents[3] / "problems" / "t02-the-bottleneck.toml").read_text(
    encoding="utf-8"
)


def test_every_marks_table_of_the_bank_names_real_steps() -> None:
    marked = [p for p in load_bank() if p.marks]
    assert marked, "the bank has a problem with a [marks] table (B01)"
    for problem in marked:
        solution = topics.solve_problem(problem)
        assert solution is not None and solution.working is not None
        given = dict(problem.marks)
        for step in solution.working.steps:
            if step.name in given:
                assert step.marks == given[step.name]
        assert solution.working.out_of == len(solution.working.steps) + sum(
            value - 1 for value in given.values()
        )


def test_marks_may_name_a_step_by_another_spelling(tmp_path: Path) -> None:
    file = tmp_path / "f1.toml"
    file.write_text(F1 + '\n[marks]\nxhat = 3\n"We x" = 0\n', encoding="utf-8")
    from aecalc.practice.bank.files import load_file

    solution = topics.solve_problem(load_file(file))
    assert solution is not None and solution.working is not None
    assert [step.marks for step in solution.working.steps] == [0, 1, 1, 3]


def test_a_bad_marks_table_is_one_error_line(tmp_path: Path) -> None:
    unknown = tmp_path / "unknown.toml"
    unknown.write_text(F1 + "\n[marks]\nfoo = 1\n", encoding="utf-8")
    line = run_error("solve", str(unknown), "--steps")
    assert "field marks.foo: no step is called that (its steps: W_e·x, z, W_d·z, x̂)" in line
    too_many = tmp_path / "many.toml"
    too_many.write_text(F1 + "\n[marks]\nz = 21\n", encoding="utf-8")
    assert "field marks.z: 21 is out of range (0 to 20)" in run_error("solve", str(too_many))
    theory = tmp_path / "theory.toml"
    theory.write_text(THEORY + "\n[marks]\nz = 1\n", encoding="utf-8")
    assert "field marks: a theory question has no steps" in run_error("solve", str(theory))
