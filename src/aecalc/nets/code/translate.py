"""A model read from code, counted: its input, its tokens (or dense sizes), and the count itself.

Counting is not done here: a net of ``Linear``/``Dense`` layers alone is counted by
:func:`aecalc.nets.architecture.count_params` as the sizes it reads as (``784 128 32``, as given,
never mirrored), anything else by :func:`aecalc.nets.conv.count.count_conv_params` as ``--input``
and layer tokens — the same code ``aecalc params`` runs on what a student types.

The input: Keras gives it (``keras.Input(shape=…)``, ``input_shape=``); PyTorch does not, so a
net that starts with a convolution needs ``--input HxWxC``, and one that starts with ``Linear``
(after any ``Flatten``) takes its ``in_features`` — or, when it ends by unflattening to H×W×C and
began by flattening, that shape. What each layer declares it takes (``in_channels``,
``in_features``, ``num_features``) is checked against the shape the count gives it.
"""

from __future__ import annotations

import re

from aecalc.errors import InputError
from aecalc.nets.architecture import Convention, ParamCount, count_params
from aecalc.nets.code.reading import CodeModel, ReadLayer
from aecalc.nets.code.source import fail
from aecalc.nets.conv.count import count_conv_params
from aecalc.nets.conv.result import ConvParamCount
from aecalc.nets.conv.shapes import Shape, is_flat, parse_shape, shape_text, size_of
from aecalc.nets.conv.tokens import parse_layer
from aecalc.record import Record

_LAYER_ARGUMENT = re.compile(r"layer ([0-9]+)\b")


class CodeCount(Record):
    """What ``aecalc params --from-code`` prints: the model read, the tokens it reads as, the count."""

    model: CodeModel
    input_shape: Shape
    input_from: str
    tokens: tuple[str, ...]
    lines: tuple[int, ...]
    command: str
    dense: ParamCount | None
    conv: ConvParamCount | None
    notes: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        counted = self.dense.as_json() if self.dense is not None else None
        if counted is None:
            assert self.conv is not None
            counted = self.conv.as_json()
        return {
            **counted,
            "from_code": {
                **self.model.as_json(),
                "input_shape": list(self.input_shape),
                "input_from": self.input_from,
                "tokens": list(self.tokens),
                "lines": list(self.lines),
                "command": self.command,
                "notes": list(self.notes),
            },
        }


def count_code(
    model: CodeModel, input_text: str | None = None, convention: Convention = "notes"
) -> CodeCount:
    """Count the model read from code, with ``--input`` where it is given."""
    counted = [x for x in model.layers if x.token is not None]
    if not counted:
        raise fail(model.line, f"{model.name} has no layer aecalc counts (only activations)")
    notes: list[str] = []
    shape, source, counted = _input(model, counted, input_text, notes)
    tokens = tuple(x.token for x in counted if x.token is not None)
    lines = tuple(x.line for x in counted)
    sizes = _dense_sizes(shape, counted)
    dense: ParamCount | None = None
    conv: ConvParamCount | None = None
    if sizes is not None:
        bias = not tokens[0].endswith(":nobias")
        _check_sizes(sizes, counted)
        dense = count_params(sizes, mode="as_given", bias=bias, convention=convention)
        command = "aecalc params --as-given " + " ".join(map(str, sizes))
        command += "" if bias else " --no-bias"
    else:
        try:
            conv = count_conv_params(shape, list(tokens), convention=convention)
        except InputError as error:
            raise _at_line(error, counted) from None
        _check_inputs(conv, counted)
        command = f"aecalc params --input {'x'.join(map(str, shape))} " + " ".join(tokens)
    passive = [x.what for x in model.layers if x.passive]
    if passive:
        notes.append(
            f"Read without parameters, left out of the tokens: {_tally(passive)} "
            "(activations keep the shape and have no weights)."
        )
    for name, line, value in model.constants:
        notes.append(f"{name} = {value} is read from line {line} (a constant set once at the top).")
    notes += model.notes
    return CodeCount(model, shape, source, tokens, lines, command, dense, conv, tuple(notes))


def _input(
    model: CodeModel, counted: list[ReadLayer], text: str | None, notes: list[str]
) -> tuple[Shape, str, list[ReadLayer]]:
    """The input shape, where it came from, and the layers to count (a leading flatten of a flat
    input is dropped)."""
    if text is not None:
        shape = parse_shape(text, "--input")
        if model.input_shape is not None and model.input_shape != shape:
            raise InputError(
                "--input",
                f"{shape_text(shape)} differs from the model's own input "
                f"{shape_text(model.input_shape)} (line {model.input_line})",
            )
        if is_flat(shape) and counted[0].token == "flatten":
            notes.append(f"Line {counted[0].line}: {counted[0].what} leaves a flat input as it is.")
            counted = counted[1:]
        return shape, "given with --input", counted
    if model.input_shape is not None:
        return model.input_shape, f"the model's input shape, line {model.input_line}", counted
    lead = 0
    while lead < len(counted) and counted[lead].token == "flatten":
        lead += 1
    first = counted[lead] if lead < len(counted) else counted[0]
    first_token = first.token or ""
    if first.takes is None or not first_token.startswith("dense"):
        what = (
            f"{first.what} at line {first.line} takes {first.takes} "
            + ("channel" if first.takes == 1 else "channels")
            if first.takes is not None
            else f"its first layer is {first.what} at line {first.line}"
        )
        channels = first.takes if first.takes is not None else "C"
        raise InputError(
            "--from-code",
            f"a {model.title} model does not say its input's height and width ({what}): "
            f"give them with --input HxWx{channels}",
        )
    last = counted[-1].token or ""
    if lead and last.startswith("reshape:"):
        target = parse_layer(last, len(counted)).target
        if size_of(target) == first.takes:
            notes.append(
                f"Input {shape_text(target)}: the model flattens its input to {first.takes:,} "
                f"values at line {counted[0].line} and unflattens its output to that shape at "
                f"line {counted[-1].line} (--input overrides)."
            )
            return target, f"what line {counted[-1].line} unflattens to", counted
    if lead:
        notes.append(
            f"Input read as a flat vector of {first.takes:,} values (the in_features of line "
            f"{first.line}); the flatten before it leaves such a vector as it is. Give --input "
            "HxWxC to start from an image."
        )
    return (first.takes,), f"the input size of line {first.line}", counted[lead:]


def _dense_sizes(shape: Shape, counted: list[ReadLayer]) -> tuple[int, ...] | None:
    """The sizes of a net of dense layers alone with the same bias setting, else None."""
    tokens = [x.token or "" for x in counted]
    if not is_flat(shape) or not all(t.startswith("dense:") for t in tokens):
        return None
    if len({t.endswith(":nobias") for t in tokens}) != 1:
        return None
    return (shape[0], *(parse_layer(t, i + 1).filters for i, t in enumerate(tokens)))


def _check_sizes(sizes: tuple[int, ...], counted: list[ReadLayer]) -> None:
    for i, layer in enumerate(counted):
        if layer.takes is not None and layer.takes != sizes[i]:
            raise _mismatch(layer, sizes[i], "input features", f"{sizes[i]:,}", counted, i)


def _check_inputs(result: ConvParamCount, counted: list[ReadLayer]) -> None:
    for i, (layer, read) in enumerate(zip(result.layers, counted, strict=True)):
        if read.takes is None:
            continue
        given = layer.input_shape
        flat = layer.spec.kind == "dense" or is_flat(given)
        has = size_of(given) if flat else given[-1]
        if has != read.takes:
            unit = "input features" if flat else "input channels"
            raise _mismatch(read, has, unit, shape_text(given), counted, i)


def _mismatch(
    layer: ReadLayer, has: int, unit: str, shape: str, counted: list[ReadLayer], index: int
) -> InputError:
    before = counted[index - 1] if index else None
    source = f"from line {before.line}" if before is not None else "the input"
    text = (
        f"{layer.code} takes {layer.takes:,} {unit}, but it is given {shape} ({source}): "
        "aecalc reads one chain of layers, each applied to the output of the one before"
    )
    if before is not None and before.takes == layer.takes:
        text += (
            f"; it takes what line {before.line} takes, so the two are branches from one input "
            "(as a VAE's μ and log σ² heads are), not a chain"
        )
    return fail(layer.line, text)


def _at_line(error: InputError, counted: list[ReadLayer]) -> InputError:
    """A count error about "layer K 'token'" said at the line the layer came from."""
    match = _LAYER_ARGUMENT.match(error.argument)
    if match is None or not 1 <= int(match.group(1)) <= len(counted):
        return fail(None, error.problem)
    layer = counted[int(match.group(1)) - 1]
    return fail(layer.line, f"{layer.code} (read as {layer.token}): {error.problem}")


def _tally(names: list[str]) -> str:
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    return ", ".join(name if n == 1 else f"{name} ×{n}" for name, n in counts.items())
