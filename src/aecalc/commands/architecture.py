"""``aecalc params`` and ``aecalc classify``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, NamedTuple

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

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from aecalc.nets.architecture import Convention, Mode, ParamCount
    from aecalc.nets.code.translate import CodeCount
    from aecalc.nets.conv.result import ConvParamCount
    from aecalc.present.document import Document

ConventionOpt = Annotated[
    str,
    typer.Option(
        "--convention",
        help="notes: hidden ≥ input is overcomplete (the course). strict: only > is, = is complete.",
    ),
]


def _convention(value: str) -> Convention:
    if value not in ("notes", "strict"):
        raise InputError("--convention", f"{value!r} is not a convention (choose notes or strict)")
    return "notes" if value == "notes" else "strict"


@guarded
def params(
    sizes: Annotated[
        list[str] | None,
        typer.Argument(
            help="Layer sizes: an encoder (10 8 4) or a whole net (8 3 8); 784-128-32 works too."
        ),
    ] = None,
    mirror: Annotated[
        bool, typer.Option("--mirror", help="Treat SIZES as an encoder and mirror it.")
    ] = False,
    as_given: Annotated[
        bool, typer.Option("--as-given", help="Count SIZES exactly as written.")
    ] = False,
    tied: Annotated[
        bool, typer.Option("--tied", help="Decoder weights are the encoder's transposed.")
    ] = False,
    no_bias: Annotated[bool, typer.Option("--no-bias", help="Layers without biases.")] = False,
    convention: ConventionOpt = "notes",
    input_shape: Annotated[
        str | None,
        typer.Option(
            "--input",
            help="HxWxC of a convolutional autoencoder (N for a flat vector); SIZES are then "
            "layer tokens (convKxK\\[sS]\\[pP]\\[dD]:F, convTKxK\\[sS]\\[pP]\\[oO]\\[dD]:F, "
            "poolK[:same|:valid], avgpoolK, upK, bn, dropout[:P], flatten, dense:N, "
            "reshape:HxWxC; :nobias after conv, convT or dense).",
        ),
    ] = None,
    from_code: Annotated[
        str | None,
        typer.Option(
            "--from-code",
            metavar="FILE.py|-",
            help="Read the model from PyTorch or Keras code (parsed, never run) and count it; "
            "'-' reads stdin. PyTorch conv nets need --input.",
        ),
    ] = None,
    model_name: Annotated[
        str | None,
        typer.Option(
            "--model-name",
            metavar="NAME[,NAME…]",
            help="With --from-code: the model to read when the file has several (a variable "
            "or class name); names joined by commas are chained in that order.",
        ),
    ] = None,
    emit_to: Annotated[
        str | None,
        typer.Option(
            "--emit",
            metavar="pytorch|keras",
            help="Print runnable PyTorch or Keras code for the net, each layer's count in a "
            "comment (--output FILE.py writes it).",
        ),
    ] = None,
    json: JsonOpt = False,
    format: FormatOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    force: ForceOpt = False,
) -> None:
    """Count weights and biases layer by layer, with encoder and decoder subtotals.

    Examples: aecalc params 10 8 4 (→ 254) · aecalc params 8 3 8 (→ 59) ·
    aecalc params 9 5 9 --tied (→ 59) · aecalc params 784-128-32 --json ·
    aecalc params --from-code model.py --input 28x28x1 · aecalc params 10 8 4 --emit pytorch
    """
    from aecalc.render.output import emit

    if mirror and as_given:
        raise InputError("--mirror", "cannot be used with --as-given: choose one")
    net = _Net(sizes or [], input_shape, mirror, as_given, tied, no_bias, _convention(convention))
    if emit_to is not None:
        _emit(emit_to, net, from_code, model_name, json, format, output, force)
        return
    options = output_options(json, format, output, digits, force)
    document, data, _ = _count(net, from_code, model_name)
    emit(options, document, data)


class _Net(NamedTuple):
    """The net the options describe."""

    sizes: list[str]
    input_shape: str | None
    mirror: bool
    as_given: bool
    tied: bool
    no_bias: bool
    convention: Convention


def _count(
    net: _Net, from_code: str | None, model_name: str | None
) -> tuple[Callable[[], Document], Callable[[], dict[str, object]], ParamCount | ConvParamCount]:
    """The count, its document and its JSON: from the code, the conv tokens or the sizes."""
    if from_code is not None:
        from aecalc.present.code import code_document

        read = _read_code(from_code, model_name, net)
        counted = read.dense if read.dense is not None else read.conv
        assert counted is not None
        return (lambda: code_document(read)), read.as_json, counted
    if model_name is not None:
        raise InputError("--model-name", "goes with --from-code")
    if net.input_shape is not None:
        from aecalc.nets.conv.count import count_conv_params
        from aecalc.present.conv import conv_params_document

        if net.tied:
            raise InputError(
                "--tied",
                "is for dense layers; a transpose convolution has its own filters (use --mirror "
                "to build the decoder from the encoder)",
            )
        conv = count_conv_params(
            net.input_shape,
            net.sizes,
            bias=not net.no_bias,
            mirror=net.mirror,
            convention=net.convention,
        )
        return (lambda: conv_params_document(conv)), conv.as_json, conv
    from aecalc.nets.architecture import count_params
    from aecalc.present.architecture import params_document
    from aecalc.values.parse import parse_sizes

    mode: Mode = "mirror" if net.mirror else "as_given" if net.as_given else "auto"
    result = count_params(
        parse_sizes(net.sizes),
        mode=mode,
        tied=net.tied,
        bias=not net.no_bias,
        convention=net.convention,
    )
    return (lambda: params_document(result)), result.as_json, result


def _read_code(name: str, model_name: str | None, net: _Net) -> CodeCount:
    """``--from-code FILE|-``: the model read from the code (never run) and counted."""
    import sys

    from aecalc.nets.code.reading import read_model
    from aecalc.nets.code.source import MAX_SOURCE_CHARS, Source, decode
    from aecalc.nets.code.translate import count_code
    from aecalc.values.paths import read_bounded

    if net.sizes:
        raise InputError("--from-code", f"the code gives the layers: drop {net.sizes[0]!r}")
    for given, option in (
        (net.mirror, "--mirror"),
        (net.as_given, "--as-given"),
        (net.tied, "--tied"),
    ):
        if given:
            raise InputError(option, "does not go with --from-code: the code is counted as written")
    if net.no_bias:
        raise InputError("--no-bias", "does not go with --from-code: the code says bias=False")
    if name == "-":
        stream = getattr(sys.stdin, "buffer", None)
        data = stream.read(MAX_SOURCE_CHARS + 1) if stream is not None else b""
        label = "<stdin>"
    else:
        too_large = f"is larger than {MAX_SOURCE_CHARS:,} bytes: not a model file"
        data = read_bounded(name, "--from-code", MAX_SOURCE_CHARS, f"{name!r} {too_large}")
        label = name.replace("\\", "/").rsplit("/", 1)[-1]
    source = Source(decode(data, label), label)
    return count_code(read_model(source, model_name), net.input_shape, net.convention)


def _emit(
    framework: str,
    net: _Net,
    from_code: str | None,
    model_name: str | None,
    json: bool,
    format: str | None,
    output: Path | None,
    force: bool,
) -> None:
    """``--emit pytorch|keras``: the counted net as code, on stdout or in ``--output FILE.py``."""
    import sys

    from aecalc.nets.code.emit import emit_code, framework_named
    from aecalc.render.output import to_json, write

    chosen = framework_named(framework)
    if format is not None and format != "json":
        raise InputError("--format", f"--emit writes Python code, not {format}")
    if output is not None:
        from aecalc.values.writing import target

        target(output, "--output", force)
    _, data, counted = _count(net, from_code, model_name)
    words = ["aecalc params"]
    if from_code is not None:
        words += ["--from-code", from_code]
    if net.input_shape is not None:
        words += ["--input", net.input_shape]
    words += net.sizes
    flags = ("--mirror", "--as-given", "--tied", "--no-bias")
    words += [flag for flag, given in zip(flags, net[2:6], strict=True) if given]
    code = emit_code(counted, chosen, " ".join([*words, "--emit", chosen.name]))
    text = to_json({**data(), "emit": code.as_json()}) + "\n" if json or format else code.code
    if output is None:
        sys.stdout.write(text)
    else:
        write(output, text.encode("utf-8"), force)


@guarded
def classify(
    input: Annotated[str, typer.Argument(help="Units in the input layer.", show_default=False)],
    hidden: Annotated[
        str, typer.Argument(help="Units in the hidden (code) layer.", show_default=False)
    ],
    convention: ConventionOpt = "notes",
    json: JsonOpt = False,
    format: FormatOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    force: ForceOpt = False,
) -> None:
    """Under- or overcomplete? States the rule that decides.

    Examples: aecalc classify 50 80 (→ overcomplete) · aecalc classify 2 2 --convention strict
    """
    from aecalc.nets.architecture import classify as decide
    from aecalc.present.architecture import classify_document
    from aecalc.render.output import emit
    from aecalc.values.parse import parse_size

    options = output_options(json, format, output, digits, force)
    result = decide(
        parse_size(input, "INPUT"),
        parse_size(hidden, "HIDDEN"),
        _convention(convention),
    )
    emit(options, lambda: classify_document(result), result.as_json)
