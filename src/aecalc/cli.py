"""The ``aecalc`` command: a Typer app whose commands live in :mod:`aecalc.commands`.

Start-up is kept light. Only Typer and Rich load here; NumPy and SymPy are
imported inside the commands that need them. And when the command line names a
command, :func:`main` builds an app holding just that command, so neither the
other command modules nor their Typer option tables are loaded (``aecalc
params`` does not pay for ``practice``). ``aecalc.cli.app`` is the full app, for
tests, ``--help`` and shell completion.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Annotated

import typer

from aecalc import __version__

# command name → (module, function). Add a command here, nowhere else.
COMMANDS: dict[str, tuple[str, str]] = {
    "params": ("aecalc.commands.architecture", "params"),
    "classify": ("aecalc.commands.architecture", "classify"),
    "forward": ("aecalc.commands.forward", "forward"),
    "loss": ("aecalc.commands.loss", "loss"),
    "backprop": ("aecalc.commands.backprop", "backprop"),
    "penalty": ("aecalc.commands.penalty", "penalty"),
    "practice": ("aecalc.commands.practice", "practice"),
    "solve": ("aecalc.commands.practice", "solve"),
    "pca": ("aecalc.commands.pca", "pca"),
    "check": ("aecalc.commands.practice", "check"),
    "problems": ("aecalc.commands.practice", "problems"),
    "sheet": ("aecalc.commands.sheet", "sheet"),
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
            app.command(name)(getattr(importlib.import_module(module), function))
    return app


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


def main() -> None:
    """Console-script entry point."""
    build_app(_named_command(sys.argv[1:]))(prog_name="aecalc")
