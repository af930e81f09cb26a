"""The net options shared by ``forward`` and ``backprop``, and the net they describe."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from aecalc.errors import InputError
from aecalc.nets.activations import choices_text

if TYPE_CHECKING:
    from aecalc.nets.forward import Network

WeOpt = Annotated[str | None, typer.Option("--we", help="Encoder weights W_e (hidden × input).")]
BeOpt = Annotated[str | None, typer.Option("--be", help="Encoder bias b_e (default 0).")]
WdOpt = Annotated[str | None, typer.Option("--wd", help="Decoder weights W_d (input × hidden).")]
BdOpt = Annotated[str | None, typer.Option("--bd", help="Decoder bias b_d (default 0).")]
TiedOpt = Annotated[
    bool,
    typer.Option("--tied", help="Decoder weights are the encoder's transposed (W_d = W_eᵀ)."),
]
DeepWOpt = Annotated[
    list[str] | None,
    typer.Option("--w", help="Deep net: one weight matrix per layer, input to output (repeat)."),
]
DeepBOpt = Annotated[
    list[str] | None, typer.Option("--b", help="Deep net: one bias per --w, in order (repeat).")
]
ActOpt = Annotated[
    str,
    typer.Option(
        "--act",
        help=f"{choices_text()}; one for all layers or one per layer (relu,sigmoid).",
    ),
]
FloatOpt = Annotated[
    bool, typer.Option("--float", help="Decimals only (float64), no closed forms.")
]


def network_from_options(
    we: str | None,
    be: str | None,
    wd: str | None,
    bd: str | None,
    w: list[str] | None,
    b: list[str] | None,
    tied: bool,
    act: str,
) -> Network:
    """The net from --we/--be/--wd/--bd (vanilla) or --w/--b repeated (deep)."""
    from aecalc.nets.forward import build_deep, build_vanilla
    from aecalc.values.parse import parse_matrix, parse_vector

    vanilla = [
        name for name, value in (("--we", we), ("--be", be), ("--wd", wd), ("--bd", bd)) if value
    ]
    deep = [name for name, value in (("--w", w), ("--b", b)) if value]
    if vanilla and deep:
        raise InputError(
            deep[0], f"cannot be mixed with {vanilla[0]}: give --we/--wd (vanilla) or --w … (deep)"
        )
    if deep:
        if not w:
            raise InputError("--b", "biases need weights: give --w for every layer")
        return build_deep(
            [parse_matrix(text, "--w") for text in w],
            [parse_vector(text, "--b") for text in b or []],
            tied=tied,
            act=act,
        )
    if we is None:
        raise InputError(
            "--we",
            "give the net: --we W_e [--be b_e] --wd W_d [--bd b_d] (or --tied), "
            "--w W1 --w W2 … for a deep net, or --model FILE.npz",
        )
    return build_vanilla(
        parse_matrix(we, "--we"),
        None if be is None else parse_vector(be, "--be"),
        None if wd is None else parse_matrix(wd, "--wd"),
        None if bd is None else parse_vector(bd, "--bd"),
        tied=tied,
        act=act,
    )
