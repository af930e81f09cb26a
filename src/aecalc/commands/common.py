"""Options shared by every command, and the guard that turns bad input into ``Error:`` + exit 2."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer

from aecalc.errors import InputError
from aecalc.render.output import OutputOptions

P = ParamSpec("P")
R = TypeVar("R")

JsonOpt = Annotated[bool, typer.Option("--json", help="One JSON object on stdout, nothing else.")]
FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="rich, json, markdown, latex, html or pdf (default: rich; pdf needs --output).",
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to FILE; the extension picks the format (.md .tex .html .pdf .json .txt .svg).",
    ),
]
DigitsOpt = Annotated[int, typer.Option("--digits", help="Decimal places shown.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite an existing --output file.")]
FragmentOpt = Annotated[
    bool,
    typer.Option(
        "--fragment",
        help="LaTeX --output: a piece to paste into your own document (default: a whole "
        "document that pdflatex compiles as it is).",
    ),
]

# --fragment is added to every command that has --output by guarded(), which hands its value
# to output_options() here: the commands themselves need not name it.
_FRAGMENT: ContextVar[bool] = ContextVar("fragment", default=False)


def output_options(
    json: bool, format: str | None, output: Path | None, digits: int, force: bool
) -> OutputOptions:
    options = OutputOptions(
        json=json,
        format=format,
        output=output,
        digits=digits,
        force=force,
        fragment=_FRAGMENT.get(),
    )
    options.check()
    return options


def check_level(level: int) -> None:
    """``--level`` of ``practice`` and ``exam``: 1, 2 or 3."""
    if level not in (1, 2, 3):
        raise InputError("--level", f"{level} is not a level (choose 1, 2 or 3)")


def one_line(text: str) -> str:
    """``text`` with control characters and line breaks escaped (``\\n``), so it stays one line."""
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii")
        for c in text
    )


def fail(message: str) -> typer.Exit:
    """Print one ``Error:`` line on stderr; the caller raises the returned exit (status 2)."""
    typer.echo(f"Error: {one_line(message)}", err=True)
    return typer.Exit(2)


def guarded(command: Callable[P, R]) -> Callable[P, R]:
    """Run a command; bad input becomes one ``Error:`` line and exit status 2.

    A command with an ``output`` parameter also gets ``--fragment`` (see :data:`FragmentOpt`).
    """
    signature = inspect.signature(command, eval_str=True)
    takes_fragment = "output" in signature.parameters and "fragment" not in signature.parameters

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        token = _FRAGMENT.set(bool(kwargs.pop("fragment", False)) if takes_fragment else False)
        try:
            return command(*args, **kwargs)
        except InputError as error:
            raise fail(str(error)) from None
        finally:
            _FRAGMENT.reset(token)

    if takes_fragment:
        fragment = inspect.Parameter(
            "fragment", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=FragmentOpt
        )
        run.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=[*signature.parameters.values(), fragment]
        )
        run.__annotations__ = {**command.__annotations__, "fragment": FragmentOpt}
    return run
