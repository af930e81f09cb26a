"""``--emit pytorch|keras``: the net ``aecalc params`` counted, written as code that counts the same.

Each layer is written by its framework's table (:data:`aecalc.nets.code.pytorch.EMITTERS`,
:data:`aecalc.nets.code.keras.EMITTERS`), the same entries that read it, so ``--from-code`` on
the emitted program gives back the tokens (where the framework has a spelling that reads back
as the same token: PyTorch has no "same" padding for strides above 1 and writes the padding it
needs; Keras pads other than 0 or "same" with a ``ZeroPadding2D`` before a valid convolution).
A comment beside each layer gives its output shape and its count from the count itself, and the
program's check prints what PyTorch or Keras count. Between the layers go ReLUs, after the last a
sigmoid when the net reconstructs its input (activations have no parameters: choose your own).
Tied weights are a small module of their own.
"""

from __future__ import annotations

from aecalc.errors import InputError
from aecalc.nets.architecture import DenseLayer, ParamCount
from aecalc.nets.code.frameworks import FRAMEWORKS, Framework
from aecalc.nets.code.programs import Line, Program, Tied
from aecalc.nets.conv.result import ConvLayer, ConvParamCount
from aecalc.nets.conv.shapes import shape_text
from aecalc.nets.conv.tokens import RULES, parse_layer
from aecalc.record import Record
from aecalc.values.fmt import arrow

CHOICES = tuple(FRAMEWORKS)


class Emitted(Record):
    """The code written for one framework."""

    framework: str
    code: str

    def as_json(self) -> dict[str, object]:
        return {"framework": self.framework, "code": self.code}


def framework_named(name: str) -> Framework:
    """The framework ``--emit`` names (``pytorch``, ``keras``; ``torch`` and ``tf.keras`` too)."""
    key = name.strip().lower().replace("tf.keras", "keras").replace("tensorflow", "keras")
    key = "pytorch" if key == "torch" else key
    if key not in FRAMEWORKS:
        raise InputError("--emit", f"{name!r} is not a framework (choose {', '.join(CHOICES)})")
    return FRAMEWORKS[key]


def emit_code(result: ParamCount | ConvParamCount, framework: Framework, command: str) -> Emitted:
    """The program for ``result`` in ``framework``; ``command`` is quoted in its docstring."""
    if isinstance(result, ParamCount):
        if result.tied:
            return Emitted(framework.name, framework.tied(_tied(result, command)))
        program = _dense(result, framework, command)
    else:
        program = _conv(result, framework, command)
    return Emitted(framework.name, framework.program(program))


def _dense_comment(layer: DenseLayer, code: bool) -> str:
    if layer.biases:
        text = f"{layer.n_in}·{layer.n_out} + {layer.n_out} = {layer.params:,}"
    else:
        text = f"{layer.n_in}·{layer.n_out} = {layer.params:,} (no biases)"
    return text + (" (the code)" if code else "")


def _dense(result: ParamCount, framework: Framework, command: str) -> Program:
    entry = framework.emitters["dense"]
    flag = "" if result.bias else ":nobias"
    lines: list[Line] = []
    part = ""
    for i, layer in enumerate(result.layers):
        if layer.part != part and result.is_autoencoder:
            part = layer.part
            lines.append(Line("", part))
        spec = parse_layer(f"dense:{layer.n_out}{flag}", layer.index)
        calls = entry.emit(spec, (layer.n_in,))
        lines += [Line(call) for call in calls[:-1]]
        lines.append(Line(calls[-1], _dense_comment(layer, layer.index == result.code_index)))
        last = i == len(result.layers) - 1
        if not last:
            lines.append(Line(framework.relu))
        elif result.is_autoencoder:
            lines.append(Line(framework.sigmoid))
    return Program(
        command=command,
        headline=f"{arrow(result.architecture)}: {result.total_params:,} parameters "
        f"(encoder {result.encoder_params:,}, decoder {result.decoder_params:,}).",
        lines=tuple(lines),
        input_shape=(result.architecture[0],),
        output_shape=(result.architecture[-1],),
        learnable=result.total_params,
        non_trainable=0,
    )


def _conv_comment(layer: ConvLayer) -> str:
    out = f"→ {shape_text(layer.output_shape)}"
    if layer.params or layer.non_trainable:
        return f"{out}: {layer.formula}"
    return out


def _conv(result: ConvParamCount, framework: Framework, command: str) -> Program:
    lines: list[Line] = []
    # the layers that compute a weighted sum (those with biases to leave out): an activation after
    weighted = [x.index for x in result.layers if RULES[x.spec.kind].takes_bias]
    part = ""
    for layer in result.layers:
        if layer.part != part:
            part = layer.part
            lines.append(Line("", part))
        entry = framework.emitters[layer.spec.kind]
        calls = entry.emit(layer.spec, layer.input_shape)
        lines += [Line(call) for call in calls[:-1]]
        lines.append(Line(calls[-1], _conv_comment(layer)))
        if layer.index in weighted[:-1]:
            lines.append(Line(framework.relu))
        elif weighted and layer.index == weighted[-1] and result.output_matches_input:
            lines.append(Line(framework.sigmoid))
    shape = result.input_shape
    return Program(
        command=command,
        headline=f"A convolutional autoencoder on {shape_text(shape)}: "
        f"{result.total_params:,} learnable parameters"
        + (
            f" and {result.non_trainable_params:,} non-trainable."
            if result.non_trainable_params
            else "."
        ),
        lines=tuple(lines),
        input_shape=shape,
        output_shape=result.layers[-1].output_shape,
        learnable=result.total_params,
        non_trainable=result.non_trainable_params,
    )


def _tied(result: ParamCount, command: str) -> Tied:
    half = len(result.layers) // 2
    comments = [_dense_comment(x, x.index == result.code_index) for x in result.layers[:half]]
    for layer in result.layers[half:]:
        twin = len(result.layers) - layer.index + 1
        biases = f" + {layer.biases} biases" if layer.biases else ""
        comments.append(f"W{twin}ᵀ shared (0 new weights){biases}")
    return Tied(
        command=command,
        headline=f"{arrow(result.architecture)} with tied weights: {result.total_params:,} "
        f"parameters (encoder {result.encoder_params:,}, decoder {result.decoder_params:,}).",
        sizes=result.architecture[: half + 1],
        bias=result.bias,
        comments=tuple(comments),
        learnable=result.total_params,
    )
