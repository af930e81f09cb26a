"""``aecalc penalty NAME``: a regularisation term, exact and term by term.

The command is drawn from :data:`aecalc.nets.penalties.PENALTIES`: the names ``NAME`` takes, one
option per input of an entry (its flag and help), the examples of its help, which options each
penalty takes and needs, how their text is read and checked, and the worked function it calls.
Adding a penalty to the registry adds it here; nothing below names one.
"""

from __future__ import annotations

import inspect
from typing import Annotated, Any

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
from aecalc.errors import InputError
from aecalc.nets.penalties import PENALTIES, choices_text


def _opt(name: str, help: str) -> Any:
    return typer.Option(name, help=help, show_default=False)


def _penalty(
    kind: Annotated[str, typer.Argument(help=choices_text() + ".", show_default=False)],
    *,
    lam: Annotated[str | None, _opt("--lambda", "Penalty weight λ ≥ 0 (default 1).")] = None,
    beta: Annotated[
        str | None, _opt("--beta", "Penalty weight β ≥ 0, the usual name for KL terms (default 1).")
    ] = None,
    recon: Annotated[
        str | None,
        _opt("--recon", "A reconstruction loss value: shows recon + weight·penalty."),
    ] = None,
    json: JsonOpt = False,
    format: FormatOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    force: ForceOpt = False,
    **texts: str | None,
) -> None:
    from fractions import Fraction

    from aecalc.nets.penalties import check_weight, lookup
    from aecalc.present.penalty import penalty_document
    from aecalc.render.output import emit
    from aecalc.values.parse import parse_number

    entry = lookup(kind, "KIND")
    options = output_options(json, format, output, digits, force)
    given = {flag: texts.get(parameter) for parameter, (flag, _) in _INPUTS.items()}
    entry.check_given(given)
    if lam is not None and beta is not None:
        raise InputError("--beta", "give one weight: --lambda or --beta, not both")
    weight_option = "--lambda" if lam is not None else "--beta" if beta is not None else None
    symbol = {"--lambda": "λ", "--beta": "β", None: entry.weight_symbol}[weight_option]
    weight = Fraction(1)
    if weight_option is not None:
        weight = check_weight(
            parse_number(lam if lam is not None else str(beta), weight_option), weight_option
        )
    recon_value = None
    if recon is not None:
        recon_value = parse_number(recon, "--recon")
        if recon_value < 0:
            raise InputError("--recon", "a reconstruction loss is never negative")
    result = entry.exact(
        **entry.read(given), weight=weight, recon=recon_value, weight_symbol=symbol
    )
    emit(options, lambda: penalty_document(result, options.digits), result.as_json)


def _inputs() -> dict[str, tuple[str, str]]:
    """Every entry's inputs as the command's options: parameter name → (flag, help); a flag that
    several penalties share gets one option whose help names each."""
    found: dict[str, tuple[str, list[str]]] = {}
    for entry in PENALTIES.values():
        for option in entry.inputs:
            parameter = option.flag.lstrip("-").replace("-", "_")
            found.setdefault(parameter, (option.flag, []))[1].append(f"{entry.name}: {option.help}")
    return {parameter: (flag, " ".join(helps)) for parameter, (flag, helps) in found.items()}


_INPUTS = _inputs()


def _command() -> Any:
    """:func:`_penalty` with one keyword parameter per input option, and its help's examples."""
    signature = inspect.signature(_penalty, eval_str=True)
    fixed = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
    clash = set(_INPUTS) & {*signature.parameters, "fragment"}
    assert not clash, f"a penalty input's flag is one of the command's own options: {clash}"
    inputs = [
        inspect.Parameter(
            parameter,
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[str | None, _opt(flag, help)],
        )
        for parameter, (flag, help) in _INPUTS.items()
    ]
    _penalty.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[fixed[0], *inputs, *fixed[1:]]
    )
    examples = " ·\n".join(
        f"aecalc penalty {entry.name} {entry.example}" for entry in PENALTIES.values()
    )
    _penalty.__doc__ = (
        "A regularised autoencoder's penalty, each term and the total, exact and as decimals."
        f"\n\nExamples: {examples}\n"
    )
    return guarded(_penalty)


penalty = _command()
