"""``aecalc exam``: a timed mock paper, then the marked script."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aecalc.commands.common import DigitsOpt, ForceOpt, check_level, guarded
from aecalc.errors import InputError

DEFAULT_COUNT = 8


@guarded
def exam(
    minutes: Annotated[
        float, typer.Option("--minutes", help="Time for the paper (the clock is shown).")
    ] = 30.0,
    count: Annotated[
        int, typer.Option("--count", "-n", help="How many questions.")
    ] = DEFAULT_COUNT,
    seed: Annotated[int | None, typer.Option("--seed", help="Same seed, same paper.")] = None,
    level: Annotated[
        int,
        typer.Option(
            "--level", help="1 small nets and integers, 2 the exam's usual size, 3 harder."
        ),
    ] = 2,
    mcq: Annotated[
        bool,
        typer.Option(
            "--mcq",
            help="Numeric questions as multiple choice (a to d, options from known slips), as "
            "online papers set them; a kind word stays typed.",
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Also write the marked script to FILE (.md .html .tex .pdf .txt).",
        ),
    ] = None,
    digits: DigitsOpt = 4,
    force: ForceOpt = False,
) -> None:
    """A mock exam: numeric and theory questions mixed as in past papers, marks per question,
    the time left shown; at the end a marked script ending with Marks: K/T (saved to your history).

    A question worked in several steps is asked step by step (Step k/m) and earns a mark per
    step: right, or following through from an earlier wrong value carried forward correctly. The
    script gives each question, your answer, the right one, which step lost which mark and the
    worked solution of each question answered wrong (--output: the whole of it).

    Examples: aecalc exam · aecalc exam --minutes 20 --count 6 --seed 3 --output script.md
    """
    from aecalc.practice.session.exam import MAX_MINUTES, MAX_QUESTIONS

    if not 0 < minutes <= MAX_MINUTES:
        raise InputError(
            "--minutes", f"{minutes:g} is out of range (more than 0, at most {MAX_MINUTES})"
        )
    if not 1 <= count <= MAX_QUESTIONS:
        raise InputError("--count", f"{count} is out of range (1 to {MAX_QUESTIONS})")
    if seed is not None and not 0 <= seed < 2**63:
        raise InputError("--seed", "must be from 0 to 2^63 − 1")
    check_level(level)
    if not 0 <= digits <= 12:
        raise InputError("--digits", f"{digits} is out of range (0 to 12)")
    from aecalc.commands.common import output_options

    options = output_options(False, None, output, digits, force) if output is not None else None
    from aecalc.practice.session.exam import Exam
    from aecalc.render.rich import console as make_console
    from aecalc.render.rich import print_document

    console = make_console(highlight=False)  # COLUMNS=0 falls back to 80
    paper = Exam(count, minutes, seed, digits, console, level, mcq=mcq)
    try:
        paper.sit()
        paper.self_mark()
    except KeyboardInterrupt:  # during the marking: what is marked so far stands
        console.print()
    finally:
        unsaved = paper.record()
    document = paper.script()
    console.print()
    print_document(document, console)
    if options is not None:
        from aecalc.render.output import emit

        emit(options, lambda: paper.script(full=True), paper.as_json)
        console.print(f"Marked script written to {output}.", markup=False, highlight=False)
    if unsaved:
        console.print(f"{unsaved} answer(s) could not be saved to the history.", style="yellow")
    console.print(
        f"Marks: {paper.scored}/{paper.total}", style="bold", markup=False, highlight=False
    )
