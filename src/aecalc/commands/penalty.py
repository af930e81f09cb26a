"""``aecalc penalty contractive|sparse-kl|vae-kl|l1``: regularisation terms, exact and term by term."""

from __future__ import annotations

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
from aecalc.errors import InputError

_USES = {
    "contractive": {"--we", "--be", "--x"},
    "sparse-kl": {"--rho", "--rho-hat"},
    "vae-kl": {"--mu", "--logvar"},
    "l1": {"--h"},
}
_NEEDS = {
    "contractive": ("--we", "--x"),
    "sparse-kl": ("--rho", "--rho-hat"),
    "vae-kl": ("--mu", "--logvar"),
    "l1": ("--h",),
}


def _opt(name: str, help: str) -> object:
    return typer.Option(name, help=help, show_default=False)


@guarded
def penalty(
    kind: Annotated[
        str, typer.Argument(help="contractive, sparse-kl, vae-kl or l1.", show_default=False)
    ],
    we: Annotated[
        str | None, _opt("--we", "contractive: encoder weights W_e (hidden × input).")
    ] = None,
    be: Annotated[str | None, _opt("--be", "contractive: encoder biases b_e (default 0).")] = None,
    x: Annotated[str | None, _opt("--x", "contractive: the input x.")] = None,
    rho: Annotated[str | None, _opt("--rho", "sparse-kl: target activation ρ in (0, 1).")] = None,
    rho_hat: Annotated[
        str | None, _opt("--rho-hat", "sparse-kl: mean activation ρ̂_j of each hidden unit.")
    ] = None,
    mu: Annotated[str | None, _opt("--mu", "vae-kl: the encoder's means μ.")] = None,
    logvar: Annotated[str | None, _opt("--logvar", "vae-kl: the encoder's log σ².")] = None,
    h: Annotated[str | None, _opt("--h", "l1: the code activations h.")] = None,
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
) -> None:
    """A regularised autoencoder's penalty, each term and the total, exact and as decimals.

    Examples: aecalc penalty contractive --we "1,-1;0,1" --x 1,0 --lambda 0.1 ·
    aecalc penalty sparse-kl --rho 0.05 --rho-hat 0.1,0.2,0.05 ·
    aecalc penalty vae-kl --mu 0.5,-1 --logvar 0,0.5 --recon 0.3 ·
    aecalc penalty l1 --h 0.2,0,-0.5 --lambda 0.01
    """
    from fractions import Fraction

    from aecalc.nets import penalties
    from aecalc.present.penalty import penalty_document
    from aecalc.render.output import emit
    from aecalc.values.parse import parse_matrix, parse_number, parse_vector

    name = next((k for k in penalties.KINDS if k == kind.strip().lower().replace("_", "-")), None)
    if name is None:
        raise InputError("KIND", f"{kind!r} is not a penalty (choose {', '.join(penalties.KINDS)})")
    options = output_options(json, format, output, digits, force)
    given = {
        "--we": we,
        "--be": be,
        "--x": x,
        "--rho": rho,
        "--rho-hat": rho_hat,
        "--mu": mu,
        "--logvar": logvar,
        "--h": h,
    }
    for option, value in given.items():
        if value is not None and option not in _USES[name]:
            raise InputError(
                option, f"is not used by {name} (it takes {', '.join(sorted(_USES[name]))})"
            )
    for option in _NEEDS[name]:
        if given[option] is None:
            raise InputError(option, f"is required for {name}")
    if lam is not None and beta is not None:
        raise InputError("--beta", "give one weight: --lambda or --beta, not both")
    weight_option = "--lambda" if lam is not None else "--beta" if beta is not None else None
    symbol = (
        "λ"
        if weight_option == "--lambda"
        else "β"
        if weight_option == "--beta"
        else penalties.DEFAULT_SYMBOL[name]
    )
    weight = Fraction(1)
    if weight_option is not None:
        weight = penalties.check_weight(
            parse_number(lam if lam is not None else str(beta), weight_option), weight_option
        )
    recon_value = None
    if recon is not None:
        recon_value = parse_number(recon, "--recon")
        if recon_value < 0:
            raise InputError("--recon", "a reconstruction loss is never negative")
    result: penalties.Penalty
    if name == "contractive":
        result = penalties.contractive(
            parse_matrix(str(we), "--we"),
            None if be is None else parse_vector(be, "--be"),
            parse_vector(str(x), "--x"),
            weight,
            recon=recon_value,
            weight_symbol=symbol,
        )
    elif name == "sparse-kl":
        result = penalties.sparse_kl(
            parse_number(str(rho), "--rho"),
            parse_vector(str(rho_hat), "--rho-hat"),
            weight,
            recon=recon_value,
            weight_symbol=symbol,
        )
    elif name == "vae-kl":
        result = penalties.vae_kl(
            parse_vector(str(mu), "--mu"),
            parse_vector(str(logvar), "--logvar"),
            weight,
            recon=recon_value,
            weight_symbol=symbol,
        )
    else:
        result = penalties.l1(
            parse_vector(str(h), "--h"), weight, recon=recon_value, weight_symbol=symbol
        )
    emit(options, lambda: penalty_document(result, options.digits), result.as_json)
