"""``aecalc plan``: readiness toward the exam date and today's work, from the practice history."""

from __future__ import annotations

from typing import Annotated

import typer

from aecalc.commands.common import ForceOpt, FormatOpt, JsonOpt, OutputOpt, guarded, output_options
from aecalc.errors import InputError


@guarded
def plan(
    exam: Annotated[
        str | None,
        typer.Option(
            "--exam",
            help="The exam date, YYYY-MM-DD (kept: give it once).",
            show_default=False,
        ),
    ] = None,
    minutes_per_day: Annotated[
        int | None,
        typer.Option(
            "--minutes-per-day",
            help="Minutes of practice a day that today's work is fitted to (kept; default 30).",
            show_default=False,
        ),
    ] = None,
    json: JsonOpt = False,
    format: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Your study plan: readiness per topic and kind on the exam date, the marks predicted, and
    today's work (due kinds, the weakest, the never tried) fitted to your minutes.

    It reads your history without writing to it; aecalc practice (no options) asks today's work.

    Examples: aecalc plan --exam 2025-06-12 · aecalc plan --minutes-per-day 20 · aecalc plan --json
    """
    from aecalc.practice.schedule import dates
    from aecalc.practice.schedule import plan as study

    options = output_options(json, format, output, 4, force)
    now = dates.clock()
    settings = dates.load_settings()
    chosen = settings
    if exam is not None:
        given = dates.parse_date(exam, "--exam")
        if given < now.today:
            raise InputError("--exam", f"{given.isoformat()} has passed (today is {now.today})")
        chosen = dates.Settings(given, chosen.minutes)
    if minutes_per_day is not None:
        if not 1 <= minutes_per_day <= dates.MAX_MINUTES:
            raise InputError(
                "--minutes-per-day",
                f"{minutes_per_day} is out of range (1 to {dates.MAX_MINUTES})",
            )
        chosen = dates.Settings(chosen.exam, minutes_per_day)
    if chosen != settings:
        problem = dates.save_settings(chosen)
        if problem is not None:
            from aecalc.practice.history.store import warn

            warn(f"the exam date and minutes could not be kept ({problem}); they count today only")
    from aecalc.practice.history.attempts import Snapshot
    from aecalc.practice.printouts.plan import plan_document
    from aecalc.render.output import emit

    day, passed = dates.kept(chosen, now.today)
    with Snapshot() as history:
        result = study.build(history, now, day, chosen.minutes or study.DEFAULT_MINUTES, passed)
    emit(options, lambda: plan_document(result), result.as_json)
