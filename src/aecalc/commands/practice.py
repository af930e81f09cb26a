"""``aecalc practice``, ``aecalc solve``, ``aecalc check`` and ``aecalc problems``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from aecalc.commands.common import (
    DigitsOpt,
    ForceOpt,
    FormatOpt,
    JsonOpt,
    OutputOpt,
    check_level,
    guarded,
    output_options,
)
from aecalc.errors import InputError
from aecalc.practice import topics  # the topic table: no NumPy or SymPy until a topic works

if TYPE_CHECKING:
    from aecalc.practice.answers.steps import Working
    from aecalc.practice.topics.problem import Problem
    from aecalc.practice.topics.solution import Solution
    from aecalc.render.output import OutputOptions

TOPIC_CHOICES = (*topics.IDS, "all")
MAX_COUNT = 200

FileArg = Annotated[
    str,
    typer.Argument(
        help="A problem file (problems/q2-vanilla-8-3-8.toml) or a bank id (Q2).",
        show_default=False,
    ),
]


def _record(problem: Problem, answer: str, correct: bool, slip: str | None) -> None:
    from aecalc.practice.history.attempts import History
    from aecalc.practice.schedule.recording import Answer, record_answer

    with History() as history:
        record_answer(history, Answer(problem, answer, correct, False, slip))


@guarded
def solve(
    file: FileArg,
    steps: Annotated[
        bool,
        typer.Option(
            "--steps",
            help="Only the steps of the worked solution, one a line, with the names a working "
            "uses (check FILE --working marks yours).",
        ),
    ] = False,
    json: JsonOpt = False,
    format: FormatOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    force: ForceOpt = False,
) -> None:
    """Show a bank problem's worked solution (a theory question's key points).

    Examples: aecalc solve Q2 · aecalc solve problems/f1-forward-pass.toml --json ·
    aecalc solve F1 --steps
    """
    from aecalc.practice.bank.folder import find
    from aecalc.practice.printouts.problems import problem_document, problem_json
    from aecalc.render.output import emit

    options = output_options(json, format, output, digits, force)
    problem = find(file)
    solution = topics.solve_problem(problem)
    if steps:
        from aecalc.practice.printouts.working import steps_document, steps_json

        working = _working_of(problem, solution, "--steps")
        emit(
            options,
            lambda: steps_document(problem, working, digits),
            lambda: steps_json(problem, working),
        )
        return
    emit(
        options,
        lambda: problem_document(problem, solution, digits),
        lambda: problem_json(problem, solution),
    )


def _working_of(problem: Problem, solution: Solution | None, argument: str) -> Working:
    """The problem's step list, or an error naming ``argument`` where it has none."""
    if solution is None or solution.working is None:
        what = "a theory question" if solution is None else "answered in one step"
        raise InputError(
            argument,
            f"{problem.id} is {what}: it has no steps to work "
            "(the numeric topics forward, loss, backprop and penalty have)",
        )
    return solution.working


def _stdin_text(argument: str, limit: int) -> str:
    """Standard input as text, at most ``limit`` bytes (an error naming ``argument`` beyond,
    or for bytes that are not UTF-8)."""
    import sys

    stream = getattr(sys.stdin, "buffer", None)
    data = stream.read(limit + 1) if stream is not None else b""
    if len(data) > limit:
        raise InputError(argument, f"is longer than {limit:,} bytes on stdin: not a working")
    try:
        return str(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(argument, "stdin is not UTF-8 text") from None


def _check_working(
    problem: Problem,
    solution: Solution,
    text: str,
    options: OutputOptions,
    digits: int,
    full: bool,
    record: bool,
) -> None:
    """``check FILE --working``: the working marked line by line; exit 1 unless its final
    answer is right."""
    from aecalc.practice.answers.marks import mark_working
    from aecalc.practice.answers.working import MAX_WORKING_CHARS, read_working
    from aecalc.practice.printouts.working import marked_document
    from aecalc.render.output import emit

    working = _working_of(problem, solution, "--working").asking(problem.precision)
    if text == "-":
        text = _stdin_text("--working", MAX_WORKING_CHARS)
    marked = mark_working(working, read_working(working, text), "--working")
    if record:
        final = marked.lines[-1]
        slip = None if final.slip is None else final.slip.name
        _record(problem, final.given or "", marked.final_right, slip)

    def data() -> dict[str, object]:
        return {"id": problem.id, **marked.as_json(digits)}

    emit(options, lambda: marked_document(problem, marked, solution, digits, full), data)
    if not marked.final_right:
        raise typer.Exit(1)


@guarded
def check(
    file: FileArg,
    answer: Annotated[
        str | None,
        typer.Argument(
            help="Your answer: 59, 1/2, 0.6835, '0.675, 0.6225', overcomplete.",
            show_default=False,
        ),
    ] = None,
    working: Annotated[
        str | None,
        typer.Option(
            "--working",
            help="Your working instead of an answer: one step a line, in the order of solve "
            "FILE --steps, as name = value or the value alone (- for a step left out); - reads "
            "it from stdin. Each line is marked right, wrong or follow-through.",
        ),
    ] = None,
    full: Annotated[
        bool,
        typer.Option("--full", help="Also show the question and the whole worked solution."),
    ] = False,
    json: JsonOpt = False,
    format: FormatOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    force: ForceOpt = False,
    record: Annotated[
        bool,
        typer.Option(
            "--record/--no-record",
            help="Save the attempt in your practice history (by default check records nothing).",
        ),
    ] = False,
) -> None:
    """Check your answer (or your working) to a bank problem: exit 0 right, 1 wrong (with the
    slip named), 2 bad input.

    An answer may start with a minus sign (aecalc check B02 -0.1385). With --working, every step
    is marked as an examiner marks it (follow-through for a wrong value carried forward
    correctly), and the exit status is the final answer's. Nothing is saved in your history
    unless --record.

    Examples: aecalc check Q2 59 · aecalc check L1 0.68 · aecalc check F1 '0.675, 0.6225' ·
    aecalc check F1 --working - < my-working.txt
    """
    from aecalc.practice.answers.checker import check as check_answer
    from aecalc.practice.bank.folder import find
    from aecalc.practice.printouts.problems import verdict_document
    from aecalc.render.output import emit

    options = output_options(json, format, output, digits, force)
    problem = find(file)
    if problem.spec is None:
        raise InputError(
            "FILE",
            f"{problem.id} is a theory question: there is no single answer to check "
            f"(aecalc solve {problem.id} shows its key points)",
        )
    solution = topics.solve_problem(problem)
    assert solution is not None
    if working is not None:
        if answer is not None:
            raise InputError("--working", "is given with an ANSWER: give one or the other")
        _check_working(problem, solution, working, options, digits, full, record)
        return
    if answer is None:
        raise InputError("ANSWER", "is missing: give your answer, or --working with your working")
    verdict = check_answer(solution.expected.asking(problem.precision), answer)
    if verdict.status == "unreadable":
        raise InputError("ANSWER", verdict.message.removeprefix("Cannot read that: "))
    if record:
        _record(problem, answer, verdict.right, None if verdict.slip is None else verdict.slip.name)

    def data() -> dict[str, object]:
        return {"id": problem.id, **verdict.as_json()}

    emit(options, lambda: verdict_document(problem, verdict, solution, digits, full), data)
    if not verdict.right:
        raise typer.Exit(1)


# An answer such as -0.6994 is an answer, not an option (cli.build_app reads this).
check.__dict__["context_settings"] = {"ignore_unknown_options": True}


@guarded
def problems(
    topic: Annotated[
        str | None, typer.Option("--topic", help=f"Only this topic: {topics.help_text()}")
    ] = None,
    json: JsonOpt = False,
    format: FormatOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    force: ForceOpt = False,
) -> None:
    """List the problem bank with your progress on each problem.

    Examples: aecalc problems · aecalc problems --topic theory · aecalc problems --json
    """
    from aecalc.practice.bank.folder import bank_dir, load_bank
    from aecalc.practice.history.attempts import Snapshot
    from aecalc.practice.printouts.problems import bank_document
    from aecalc.render.output import emit

    if topic is not None and topic not in topics.IDS:
        raise InputError("--topic", f"{topic!r} is not a topic (choose {topics.choices_text()})")
    options = output_options(json, format, output, digits, force)
    bank = load_bank(only=None if topic is None else (topic,))
    with Snapshot() as history:
        progress = history.progress()

    def data() -> dict[str, object]:
        return {
            "folder": str(bank_dir()),
            "count": len(bank),
            "problems": [
                {
                    **p.as_json(),
                    "attempts": progress.get(p.id, (0, 0))[0],
                    "right": progress.get(p.id, (0, 0))[1],
                }
                for p in bank
            ],
        }

    emit(options, lambda: bank_document(bank, progress, str(bank_dir())), data)


LevelOpt = Annotated[
    int | None,
    typer.Option(
        "--level",
        help="1 one-layer nets and small integers, 2 the exam's usual size, 3 deeper nets and "
        "awkward decimals. Without it, each kind at the level your mastery of it has reached "
        "(1 to begin with).",
        show_default=False,
    ),
]


def parse_topics(text: str) -> tuple[str, ...]:
    """``--topic params,loss`` → ``("params", "loss")``; ``all`` → ``()`` (every topic)."""
    wanted = tuple(t.strip() for t in text.split(",") if t.strip())
    if not wanted:
        raise InputError("--topic", f"is empty (choose {', '.join(TOPIC_CHOICES)})")
    for name in wanted:
        if name not in TOPIC_CHOICES:
            raise InputError(
                "--topic", f"{name!r} is not a topic (choose {', '.join(TOPIC_CHOICES)})"
            )
    return () if "all" in wanted else tuple(dict.fromkeys(wanted))


@guarded
def practice(
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic",
            help="One topic or several, comma-separated: " + topics.help_text("all"),
            show_default=False,
        ),
    ] = None,
    count: Annotated[
        int | None,
        typer.Option(
            "--count",
            "-n",
            help="How many questions (default 5; with --bank, every problem; following the "
            "plan, today's).",
        ),
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Same seed, same questions (and same output).")
    ] = None,
    level: LevelOpt = None,
    mcq: Annotated[
        bool,
        typer.Option(
            "--mcq",
            help="Multiple choice (a to d): the right answer among three wrong ones, each a "
            "known slip, named after you answer.",
        ),
    ] = False,
    working: Annotated[
        bool,
        typer.Option(
            "--working",
            help="Step by step: each step of a numeric question asked (Step k/m) and marked as "
            "you type it, follow-through for a wrong value carried forward; the steps are given "
            "at first and faded from the end as your mastery of the kind grows.",
        ),
    ] = False,
    retry: Annotated[
        bool,
        typer.Option(
            "--retry",
            help="A wrong answer that is a known slip gets the slip named and one more try.",
        ),
    ] = False,
    bank: Annotated[
        bool,
        typer.Option(
            "--bank", help="Ask the problems of the bank (aecalc problems), not new ones."
        ),
    ] = False,
    review: Annotated[
        bool,
        typer.Option(
            "--review",
            help="The kinds you got wrong (fresh numbers), weakest first, then the theory cards "
            "that are due.",
        ),
    ] = False,
    stats: Annotated[
        bool,
        typer.Option(
            "--stats", help="Show your progress: accuracy per topic and kind, slips, what next."
        ),
    ] = False,
    json: JsonOpt = False,
    format: FormatOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    force: ForceOpt = False,
) -> None:
    """Practise on fresh problems: hints step by step, short feedback, why for the whole solution.

    Without --topic, --seed, --review or --bank it asks today's study plan (aecalc plan).

    Examples: aecalc practice --topic params --count 5 · aecalc practice --level 1 ·
    aecalc practice --mcq · aecalc practice --bank --topic loss · aecalc practice --stats --json
    """
    if stats:
        from aecalc.practice.history.attempts import Snapshot
        from aecalc.practice.printouts.stats import stats_document
        from aecalc.practice.schedule.progress import progress
        from aecalc.render.output import emit

        options = output_options(json, format, output, digits, force)
        with Snapshot() as history:
            result = progress(history)
        emit(options, lambda: stats_document(result.stats, result), result.as_json)
        return
    if json or format is not None or output is not None:
        raise InputError(
            "--json" if json else "--format" if format is not None else "--output",
            "works with --stats only: a practice session is interactive",
        )
    if review and bank:
        raise InputError("--review", "and --bank are two kinds of session: choose one")
    if working and mcq:
        raise InputError("--working", "and --mcq are two ways to answer: choose one")
    chosen = parse_topics("all" if topic is None else topic)
    if level is not None:
        check_level(level)
    if count is not None and not 1 <= count <= MAX_COUNT:
        raise InputError("--count", f"{count} is out of range (1 to {MAX_COUNT})")
    if seed is not None and not 0 <= seed < 2**63:
        raise InputError("--seed", "must be from 0 to 2^63 − 1")
    if not 0 <= digits <= 12:
        raise InputError("--digits", f"{digits} is out of range (0 to 12 in practice)")
    from aecalc.practice.session.loop import Options, run

    if working:
        from aecalc.practice.session.working import run

    follow_plan = topic is None and seed is None and not review and not bank
    default = MAX_COUNT if bank else 0 if follow_plan else 5
    run(
        Options(
            topics=chosen,
            count=default if count is None else count,
            seed=seed,
            digits=digits,
            level=level,
            retry=retry,
            bank=bank,
            review=review,
            mcq=mcq,
            follow_plan=follow_plan,
        )
    )
