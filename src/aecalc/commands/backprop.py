"""``aecalc backprop``: one gradient step on one sample, every quantity written out."""

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
from aecalc.commands.net import (
    ActOpt,
    BdOpt,
    BeOpt,
    DeepBOpt,
    DeepWOpt,
    FloatOpt,
    TiedOpt,
    WdOpt,
    WeOpt,
    network_from_options,
)
from aecalc.errors import InputError
from aecalc.nets.losses import choices_text


@guarded
def backprop(
    x: Annotated[str, typer.Option("--x", help="The input x (one sample).", show_default=False)],
    we: WeOpt = None,
    be: BeOpt = None,
    wd: WdOpt = None,
    bd: BdOpt = None,
    tied: TiedOpt = False,
    w: DeepWOpt = None,
    b: DeepBOpt = None,
    act: ActOpt = "sigmoid",
    target: Annotated[
        str | None,
        typer.Option("--target", help="The target t (default: the input x, as an autoencoder)."),
    ] = None,
    loss: Annotated[str, typer.Option("--loss", help=choices_text(notes=True) + ".")] = "mse",
    lr: Annotated[str, typer.Option("--lr", help="Learning rate η > 0.")] = "0.5",
    steps: Annotated[
        int, typer.Option("--steps", help="Repeat the step N times and chart the loss per step.")
    ] = 1,
    freeze_bias: Annotated[
        bool, typer.Option("--freeze-bias", help="Update the weights only (biases fixed).")
    ] = False,
    float_only: FloatOpt = False,
    json: JsonOpt = False,
    format: FormatOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    force: ForceOpt = False,
) -> None:
    """One step of gradient descent: δ at the output, ∂L/∂W = δ·hᵀ, δ below, the new W and b.

    Examples: aecalc backprop --x 0.05,0.1 --w "0.15,0.2;0.25,0.3" --b 0.35,0.35
    --w "0.4,0.45;0.5,0.55" --b 0.6,0.6 --target 0.01,0.99 --loss half-sse --lr 0.5 ·
    aecalc backprop --x 1,0 --we "1,-1;0,1" --wd "1,0;0,1" --loss bce --steps 20
    """
    from aecalc.nets.backprop import backprop_step
    from aecalc.present.backprop import backprop_document, backprop_json
    from aecalc.render.output import emit
    from aecalc.values.parse import parse_matrix, parse_number, parse_vector

    options = output_options(json, format, output, digits, force)
    network = network_from_options(we, be, wd, bd, w, b, tied, act)
    rows = parse_matrix(x, "--x")
    if len(rows) != 1:
        raise InputError(
            "--x", f"has {len(rows)} rows: backprop works one sample (give one vector, e.g. 1,0)"
        )
    result = backprop_step(
        network,
        rows[0],
        target=None if target is None else parse_vector(target, "--target"),
        loss=loss.strip().lower(),
        lr=parse_number(lr, "--lr"),
        steps=steps,
        float_only=float_only,
        update_bias=not freeze_bias,
    )
    emit(options, lambda: backprop_document(result, options.digits), lambda: backprop_json(result))
