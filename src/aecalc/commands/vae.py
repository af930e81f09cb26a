"""``aecalc vae``: a VAE's sampling step z = μ + σ ⊙ ε worked out, with its KL term, and with
decoder weights the decoder's pass, the reconstruction loss and the objective's gradient."""

from __future__ import annotations

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
from aecalc.commands.net import FloatOpt
from aecalc.errors import InputError
from aecalc.nets.activations import choices_text as activation_choices
from aecalc.nets.losses import choices_text as loss_choices


def _opt(name: str, help: str) -> Any:
    return typer.Option(name, help=help, show_default=False)


@guarded
def vae(
    mu: Annotated[str, _opt("--mu", "The encoder's means μ (one per latent dimension).")],
    eps: Annotated[str, _opt("--eps", "The drawn ε ~ N(0, I), one per latent dimension.")],
    logvar: Annotated[str | None, _opt("--logvar", "The encoder's log σ² (natural log).")] = None,
    sigma: Annotated[
        str | None, _opt("--sigma", "The standard deviations σ > 0, instead of --logvar.")
    ] = None,
    wd: Annotated[
        list[str] | None,
        _opt(
            "--wd",
            "Decoder weights (units out × units in); repeat for a deeper decoder, z first.",
        ),
    ] = None,
    bd: Annotated[
        list[str] | None, _opt("--bd", "Decoder biases, one per --wd (default 0).")
    ] = None,
    act: Annotated[
        str | None,
        _opt(
            "--act",
            f"Decoder activation ({activation_choices()}); one for all layers or one per "
            "layer (default sigmoid).",
        ),
    ] = None,
    x: Annotated[
        str | None, _opt("--x", "The input the decoder should rebuild: gives the loss.")
    ] = None,
    loss: Annotated[str, typer.Option("--loss", help=loss_choices(notes=True) + ".")] = "mse",
    beta: Annotated[str, typer.Option("--beta", help="Weight β ≥ 0 of the KL term.")] = "1",
    float_only: FloatOpt = False,
    json: JsonOpt = False,
    format: FormatOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    force: ForceOpt = False,
) -> None:
    """A VAE's sampling step: σ, z = μ + σ ⊙ ε, ∂z/∂μ, ∂z/∂σ, ∂z/∂log σ², the KL term; with
    a decoder, x̂, the loss reconstruction + β·KL and its gradient.

    Examples: aecalc vae --mu 2 --sigma 3 --eps -1.5 ·
    aecalc vae --mu 0.5,-1 --logvar 0,0.5 --eps 0.5,-1 ·
    aecalc vae --mu 0.5,-1 --logvar 0,0.5 --eps 0.5,-1 --wd "1,-1;0.5,1;0,2" --x 1,0,1 --loss bce
    """
    from aecalc.nets.network import build_decoder
    from aecalc.nets.vae import run_vae
    from aecalc.present.vae import vae_document
    from aecalc.render.output import emit
    from aecalc.values.parse import parse_matrix, parse_number, parse_vector

    options = output_options(json, format, output, digits, force)
    decoder = None
    if wd:
        decoder = build_decoder(
            [parse_matrix(text, "--wd") for text in wd],
            [parse_vector(text, "--bd") for text in bd or []],
            act=act or "sigmoid",
        )
    else:
        for name, value in (("--bd", bd), ("--act", act)):
            if value:
                raise InputError(name, "belongs to the decoder: give its weights with --wd")
    result = run_vae(
        parse_vector(mu, "--mu"),
        parse_vector(eps, "--eps"),
        logvar=None if logvar is None else parse_vector(logvar, "--logvar"),
        sigma=None if sigma is None else parse_vector(sigma, "--sigma"),
        beta=parse_number(beta, "--beta"),
        decoder=decoder,
        x=None if x is None else parse_vector(x, "--x"),
        loss=loss.strip().lower(),
        float_only=float_only,
    )
    emit(options, lambda: vae_document(result, options.digits), result.as_json)
