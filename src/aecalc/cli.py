"""The ``aecalc`` command: a Typer app whose commands live in :mod:`aecalc.commands`.

Start-up is kept light. Only Typer and Rich load here; NumPy and SymPy are
imported inside the commands that need them. And when the command line names a
command, :func:`main` builds an app holding just that command, so neither the
other command modules nor their Typer option tables are loaded (``aecalc
params`` does not pay for ``practice``). ``aecalc.cli.app`` is the full app, for
tests, ``--help`` and shell completion.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import re
import sys
from typing import Annotated, Any, NoReturn

import typer
import typer.core

from aecalc import __version__

# command name → (module, function). Add a command here, nowhere else.
COMMANDS: dict[str, tuple[str, str]] = {
    "params": ("aecalc.commands.architecture", "params"),
    "classify": ("aecalc.commands.architecture", "classify"),
    "forward": ("aecalc.commands.forward", "forward"),
    "loss": ("aecalc.commands.loss", "loss"),
    "backprop": ("aecalc.commands.backprop", "backprop"),
    "penalty": ("aecalc.commands.penalty", "penalty"),
    "vae": ("aecalc.commands.vae", "vae"),
    "practice": ("aecalc.commands.practice", "practice"),
    "solve": ("aecalc.commands.practice", "solve"),
    "train": ("aecalc.commands.train", "train"),
    "pca": ("aecalc.commands.pca", "pca"),
    "check": ("aecalc.commands.practice", "check"),
    "exam": ("aecalc.commands.exam", "exam"),
    "plan": ("aecalc.commands.plan", "plan"),
    "problems": ("aecalc.commands.practice", "problems"),
    "sheet": ("aecalc.commands.sheet", "sheet"),
    "conv": ("aecalc.commands.conv", "conv"),
    "pool": ("aecalc.commands.pool", "pool"),
    "upsample": ("aecalc.commands.pool", "upsample"),
    "shape": ("aecalc.commands.shape", "shape"),
}

HELP = (
    "Autoencoder calculator: parameters, kinds, forward passes and losses, every step shown "
    "exact and as decimals. Try: aecalc params 10 8 4"
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aecalc {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Autoencoder calculator and exam-practice tool."""


def build_app(only: str | None = None) -> typer.Typer:
    """The Typer app with every command, or with just the command ``only``."""
    app = typer.Typer(
        name="aecalc",
        help=HELP,
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
    )
    app.callback()(_root)
    for name, (module, function) in COMMANDS.items():
        if only is None or name == only:
            command = getattr(importlib.import_module(module), function)
            app.command(
                name,
                cls=_Command,
                context_settings=getattr(command, "context_settings", None),
                short_help=summary(command.__doc__),
            )(command)
    return app


def summary(doc: str | None) -> str | None:
    """A command's line in ``aecalc --help``: its docstring's first paragraph as one line (the
    listing keeps a docstring's line breaks, which cut its sentences in two)."""
    if not doc:
        return None
    return " ".join(doc.strip().split("\n\n")[0].split())


class _Command(typer.core.TyperCommand):
    """A Typer command whose usage errors always show the usage line.

    Click raises some parse errors without a context (``Option '-f' requires an argument.``),
    and those print only the error box; attaching the command's context makes them print
    ``Usage: aecalc NAME …`` first, as every other usage error does.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except Exception as error:  # Typer's own (vendored) click raises its UsageError
            _negative_argument(self, getattr(error, "option_name", None))
            if hasattr(error, "ctx") and error.ctx is None:
                error.ctx = ctx
            raise


_NEGATIVE = re.compile(r"-(?:\d[\d,./]*|\.\d+)")
_SIZED = ("params", "classify")  # the commands whose arguments are layer sizes


def _negative_argument(command: Any, option: str | None) -> None:
    """``aecalc params 10 -4``: Click reads ``-4`` as an unknown option. For the commands whose
    arguments are layer sizes, say what is wrong with the number instead (one ``Error:`` line,
    status 2)."""
    if option is None or not _NEGATIVE.fullmatch(option) or command.name not in _SIZED:
        return
    names = [
        (p.metavar or p.name or "").upper()
        for p in command.params
        if getattr(p, "param_type_name", "") == "argument"
    ]
    if not names:
        return
    typer.echo(
        f"Error: {' / '.join(names)}: {option} is negative: sizes and counts are positive whole "
        "numbers (a layer needs at least 1 unit)",
        err=True,
    )
    raise typer.Exit(2)


def __getattr__(name: str) -> typer.Typer:
    """``aecalc.cli.app``: the full app, built on first use."""
    if name == "app":
        full = build_app()
        globals()["app"] = full
        return full
    raise AttributeError(name)


def _named_command(argv: list[str]) -> str | None:
    """The command the command line names, when it is the first argument and completion is off."""
    if any(key.endswith("_COMPLETE") for key in os.environ):
        return None
    if argv and argv[0] in COMMANDS:
        return argv[0]
    return None


def _standard_streams() -> None:
    """Make the standard streams safe to use before any command runs.

    A closed stdin or stderr becomes ``/dev/null`` (``aecalc practice <&-`` ends the session at
    once, as at the end of input); a closed stdout is refused, since nothing could be printed.
    A stream whose encoding cannot show aecalc's symbols (``PYTHONIOENCODING=ascii``) writes
    them as ``\\u2192`` escapes instead of failing; input bytes that are not text in stdin's
    encoding are read as U+FFFD (the line is asked again), not a ``UnicodeDecodeError``.
    """
    for descriptor, name in ((0, "stdin"), (2, "stderr"), (1, "stdout")):
        try:
            os.fstat(descriptor)
        except OSError:
            if descriptor == 1:
                _quit("closed: nothing can be printed")
            opened = os.open(os.devnull, os.O_RDWR)
            if opened != descriptor:  # pragma: no cover - the lowest free descriptor is it
                os.dup2(opened, descriptor)
                os.close(opened)
            setattr(sys, name, open(descriptor, "r" if descriptor == 0 else "w", closefd=False))  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding not in ("utf8", "utf_8") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if getattr(sys.stdin, "errors", "strict") == "strict" and hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="replace")  # bytes that are not text: U+FFFD, line kept


def _quit(reason: str) -> NoReturn:
    """A broken stdout: say so on stderr if it can take it, and exit 2 without a traceback."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)  # so the interpreter's last flush of stdout cannot fail again
        os.close(devnull)
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.write(f"Error: stdout: {reason}\n")
        sys.stderr.flush()
    os._exit(2)


def main() -> None:
    """Console-script entry point.

    A stdout that fails (``>/dev/full``, a closed pipe, a closed descriptor) ends the run with
    one line on stderr and status 2, as ``cat`` does, never with a traceback.
    """
    _standard_streams()
    status: int | str | None = 0
    try:
        build_app(_named_command(sys.argv[1:]))(prog_name="aecalc")
    except SystemExit as exit_:
        status = exit_.code
    except OSError as error:
        if error.errno not in (errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EBADF):
            raise
        _quit(error.strerror or str(error))
    try:
        sys.stdout.flush()
    except OSError as error:
        _quit(error.strerror or str(error))
    except ValueError:  # pragma: no cover - stdout closed by the command
        pass
    sys.exit(status)
