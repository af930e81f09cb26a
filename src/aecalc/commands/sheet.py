"""``aecalc sheet``: a printable booklet of the problem bank."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aecalc.commands.common import (
    DigitsOpt,
    ForceOpt,
    FormatOpt,
    JsonOpt,
    OutputOpt,
    guarded,
    output_options,
)
from aecalc.practice import topics  # the topic table: no NumPy or SymPy until a topic works


@guarded
def sheet(
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="DIR",
            help="The problem bank folder (default: the bank aecalc ships, see aecalc problems).",
            show_default=False,
        ),
    ] = None,
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic",
            help=f"Only these topics, comma-separated: {topics.help_text()}",
        ),
    ] = None,
    blank: Annotated[
        bool,
        typer.Option(
            "--blank", help="An exercise sheet: the questions, then the answers at the end."
        ),
    ] = False,
    json: JsonOpt = False,
    format: FormatOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    force: ForceOpt = False,
) -> None:
    """Write a booklet: every problem with its worked solution, contents and answers.

    Examples: aecalc sheet problems/ --output booklet.html ·
    aecalc sheet problems/ --topic loss,forward --output losses.md ·
    aecalc sheet problems/ --blank --output exercises.html
    """
    from aecalc.practice.bank.folder import bank_dir
    from aecalc.practice.printouts.booklet import (
        booklet_document,
        booklet_json,
        load_entries,
        parse_topics,
    )
    from aecalc.render.output import emit

    options = output_options(json, format, output, digits, force)
    topics = parse_topics(topic)
    where = folder if folder is not None else bank_dir()
    entries = load_entries(where, topics)
    emit(
        options,
        lambda: booklet_document(entries, digits, blank),
        lambda: booklet_json(entries, where, digits, blank),
    )
    if output is not None:  # stdout carries nothing else: the line goes to stderr
        kind = "exercise sheet" if blank else "booklet"
        typer.echo(f"{kind.capitalize()} of {len(entries)} problems written to {output}.", err=True)
