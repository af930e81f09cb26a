"""The ``aecalc`` command: a Typer app whose commands live in :mod:`aecalc.commands`.

Start-up is kept light: only Typer and Rich load here; NumPy and SymPy are
imported inside the commands that need them.
"""

from __future__ import annotations

from typing import Annotated

import typer

from aecalc import __version__
from aecalc.commands import architecture
from aecalc.commands import backprop as backprop_command
from aecalc.commands import forward as forward_command
from aecalc.commands import loss as loss_command
from aecalc.commands import penalty as penalty_command
from aecalc.commands import practice as practice_command

app = typer.Typer(
    name="aecalc",
    help=(
        "Autoencoder calculator: parameters, kinds, forward passes and losses, every step shown "
        "exact and as decimals. Try: aecalc params 10 8 4"
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)

app.command("params")(architecture.params)
app.command("classify")(architecture.classify)
app.command("practice")(practice_command.practice)
app.command("solve")(practice_command.solve)
app.command("check")(practice_command.check)
app.command("problems")(practice_command.problems)
app.command("forward")(forward_command.forward)
app.command("loss")(loss_command.loss)
app.command("penalty")(penalty_command.penalty)
app.command("backprop")(backprop_command.backprop)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aecalc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Autoencoder calculator and exam-practice tool."""


def main() -> None:
    """Console-script entry point."""
    app()
