"""The ``conv`` topic: a convolutional autoencoder's counts and shapes (``aecalc params --input``).

A layer's parameters or output shape, a small conv autoencoder's total or code size, and the
layers of Keras and PyTorch tutorials: a pool's output shape with ``padding='same'`` (⌈H/S⌉) or
PyTorch's floor, a dense bottleneck after a flatten, batch norm's learnable parameters, a
transpose convolution with ``output_padding``. The solver calls
:func:`aecalc.nets.conv.count.count_conv_params` and shows the ``params`` command's table; each
kind has its named slip (biases forgotten, floor where same rounds up, dense bias forgotten,
Keras' non-trainable counted as learnable, output padding forgotten).
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from aecalc.practice.answers import expected as expecting
from aecalc.practice.answers.expected import Expected, Slip, Value
from aecalc.practice.answers.slips import BIASES, DECODER, KnownSlip
from aecalc.practice.topics.fields import FieldError, choice, items, whole
from aecalc.practice.topics.generating import generated, pick
from aecalc.practice.topics.problem import Problem
from aecalc.practice.topics.solution import Solution, keep, slip
from aecalc.practice.topics.topic import Topic
from aecalc.record import Record

if TYPE_CHECKING:
    from aecalc.nets.conv.result import ConvLayer, ConvParamCount

FLOOR_SAME = KnownSlip("floor where same rounds up")
CEIL_VALID = KnownSlip("rounded up where valid floors")
DENSE_BIAS = KnownSlip("dense bias forgotten")
KERAS_TOTAL = KnownSlip("Keras' non-trainable counted as learnable")
OUTPUT_PADDING = KnownSlip("output padding forgotten")

QUANTITIES = ("total", "encoder", "layer_params", "output_shape", "code_size")


class ConvParamsSpec(Record):
    """A convolutional autoencoder's counts (``aecalc params --input HxWxC LAYER...``)."""

    input: str
    layers: tuple[str, ...]
    quantity: str = "total"
    layer: int = 1

    kind: Literal["conv"] = "conv"


def read(data: Mapping[str, object]) -> ConvParamsSpec:
    """``kind = "conv"``: a convolutional autoencoder's counts or a layer's output shape."""
    shape = data.get("input")
    if not isinstance(shape, str) or not re.fullmatch(r"\d+x\d+x\d+", shape.strip()):
        raise FieldError("solve.input", 'must be a shape such as "28x28x1"')
    layers = items(data, "layers")
    if not all(isinstance(token, str) and token.strip() for token in layers):
        raise FieldError("solve.layers", 'must be a list of layer tokens such as "conv3x3:16"')
    return ConvParamsSpec(
        input=shape.strip(),
        layers=tuple(str(token).strip() for token in layers),
        quantity=choice(data, "quantity", QUANTITIES, "total"),
        layer=whole(data.get("layer", 1), "solve.layer", 1, len(layers)),
    )


def solve(spec: ConvParamsSpec) -> Solution:
    """The count or shape asked for, with the slips of the layer asked about."""
    from aecalc.nets.conv.count import count_conv_params
    from aecalc.present.conv import conv_params_document

    result = count_conv_params(spec.input, list(spec.layers))
    layer = result.layers[spec.layer - 1]
    found: list[Slip] = []
    if spec.quantity == "output_shape":
        expected = _shape(layer.output_shape)
        label = f"output shape of layer {spec.layer}"
        hint = _shape_slips(layer, found) or (
            "Per axis, a convolution gives ⌊(H + 2P − K)/S⌋ + 1; the channels are its filters."
        )
    elif spec.quantity == "code_size":
        expected = expecting.number(result.code_size)
        label = "code size"
        hint = "The code is the smallest layer output; its size is H × W × C."
    else:
        expected, label, hint = _count(spec, result, layer, found)
    steps = _steps(spec, result)
    return Solution(
        keep(expected, found),
        label,
        hint,
        lambda _digits: conv_params_document(result),
        lambda _digits: steps,
    )


def _shape(shape: tuple[int, ...]) -> Expected:
    return expecting.vector([Value(Fraction(n)) for n in shape])


def _shape_slips(layer: ConvLayer, found: list[Slip]) -> str:
    """The slips of a pool's or a transpose convolution's output shape (added to ``found``), and
    the hint for them; ``""`` for any other layer."""
    kind, token = layer.spec.kind, layer.spec
    h, w, c = (*layer.input_shape, 0, 0, 0)[:3]
    if kind in ("pool", "avgpool"):
        k, s = token.kernel[0], token.stride[0]
        if token.pool_padding == "same":
            floor = ((h - k) // s + 1, (w - k) // s + 1, c)
            why = f"padding='same' rounds up: ⌈{h}/{s}⌉, not the floor."
            found.append(Slip(FLOOR_SAME.name, why, _shape(floor)))
            return "padding='same' pads the last window: the output is ⌈H/S⌉."
        ceil = (-(-h // s), -(-w // s), c)
        why = f"without padding the last incomplete window is dropped: ⌊({h} − {k})/{s}⌋ + 1."
        found.append(Slip(CEIL_VALID.name, why, _shape(ceil)))
        return "Without padding only whole windows count: ⌊(H − K)/S⌋ + 1."
    if kind == "convT" and token.output_padding != (0, 0):
        (o, o_w), out = token.output_padding, layer.output_shape
        why = f"output_padding adds {o} to each side's size: (H − 1)·S − 2P + K + {o}."
        found.append(Slip(OUTPUT_PADDING.name, why, _shape((out[0] - o, out[1] - o_w, out[2]))))
        return "A transpose convolution gives (H − 1)·S − 2P + K + output_padding."
    return ""


def _count(
    spec: ConvParamsSpec, result: ConvParamCount, layer: ConvLayer, found: list[Slip]
) -> tuple[Expected, str, str]:
    """A parameter count (total, encoder or one layer's): the answer, its label and the hint;
    its slips are added to ``found``."""
    if spec.quantity == "layer_params":
        value, weights, label = layer.params, layer.weights, f"parameters of layer {spec.layer}"
    elif spec.quantity == "encoder":
        value = result.encoder_params
        weights = sum(x.weights for x in result.layers if x.part == "encoder")
        label = "encoder parameters"
    else:
        value, label = result.total_params, "total parameters"
        weights = sum(x.weights for x in result.layers)
    hint = "A k×k convolution has k·k·c_in·c_out weights + c_out biases."
    if spec.quantity != "layer_params":
        hint = "Count layer by layer (pooling and upsampling have no parameters): " + hint
    kind = layer.spec.kind
    if spec.quantity == "layer_params" and kind == "dense":
        found.append(
            slip(
                DENSE_BIAS,
                f"{layer.weights:,} counts only the weights; a dense layer adds one bias per unit ({layer.spec.filters}).",
                layer.weights,
            )
        )
        hint = (
            "A dense layer from n to N values has n·N weights + N biases; n is the flattened H·W·C."
        )
    elif spec.quantity == "layer_params" and kind == "bn":
        found.append(
            slip(
                KERAS_TOTAL,
                f"Keras' summary adds the 2·{layer.input_shape[-1]} running mean and variance, which are not learnable.",
                layer.params + layer.non_trainable,
            )
        )
        hint = "Batch norm learns a scale γ and a shift β per channel; its running statistics are not learned."
    else:
        found.append(
            slip(BIASES, f"{weights} counts only the weights; add one bias per filter.", weights)
        )
        if spec.quantity == "total":
            found.append(
                slip(
                    DECODER,
                    f"{result.encoder_params} is the encoder alone; the decoder's "
                    f"{result.decoder_params} parameters belong to the net too.",
                    result.encoder_params,
                )
            )
    if spec.quantity in ("total", "encoder") and result.non_trainable_params:
        frozen = sum(
            x.non_trainable
            for x in result.layers
            if spec.quantity == "total" or x.part == "encoder"
        )
        found.append(
            slip(
                KERAS_TOTAL,
                f"Keras' Total params adds batch norm's {frozen:,} running statistics; they are not learnable.",
                value + frozen,
            )
        )
    return expecting.number(value), label, hint


def _steps(spec: ConvParamsSpec, result: ConvParamCount) -> tuple[str, ...]:
    """The layer asked for, or each layer that has parameters (then the sum)."""
    layer = result.layers[spec.layer - 1]
    if spec.quantity == "output_shape":
        h, w, c = layer.output_shape[:3] if len(layer.output_shape) >= 3 else (0, 0, 0)
        return (f"{layer.spec.token}: {layer.shape_formula}", f"output {h} × {w} × {c}")
    if spec.quantity == "layer_params":
        return (f"{layer.spec.token}: {layer.formula}",)
    if spec.quantity == "code_size":
        code = min(
            (x for x in result.layers if x.part == "encoder"),
            key=lambda x: _size(x.output_shape),
            default=layer,
        )
        shape = " × ".join(map(str, code.output_shape))
        return (
            f"the code is the smallest encoder output: after {code.spec.token}, {shape}",
            f"code size = {shape} = {result.code_size:,}",
        )
    chosen = [
        x for x in result.layers if x.params and (spec.quantity != "encoder" or x.part == "encoder")
    ]
    lines = [f"{x.spec.token}: {x.formula}" for x in chosen[:5]]
    if len(chosen) > 5:
        lines.append(f"… {len(chosen) - 5} more layers with parameters")
    what = "encoder" if spec.quantity == "encoder" else "total"
    total = result.encoder_params if spec.quantity == "encoder" else result.total_params
    lines.append(f"{what} = {' + '.join(f'{x.params:,}' for x in chosen)} = {total:,}")
    return tuple(lines)


def _size(shape: tuple[int, ...]) -> int:
    size = 1
    for n in shape:
        size *= n
    return size


COUNT_KINDS = {
    1: ("layer",),
    2: ("layer", "layer", "shape", "shape", "ae"),
    3: ("shape", "shape", "layer", "ae"),
}
"""A layer's count or output shape, or a small autoencoder's ("ae")."""
TUTORIAL_KINDS = {
    1: ("pool", "dense", "bn"),
    2: ("pool", "dense", "bn", "outpad"),
    3: ("pool", "dense", "bn", "bn", "outpad"),
}
"""The layers of Keras and PyTorch tutorials: pools, a dense bottleneck, batch norm, output
padding."""


def generate(rng: random.Random, level: int = 2, kind: str | None = None) -> Problem:
    """A conv question of one of :data:`COUNT_KINDS` or :data:`TUTORIAL_KINDS`."""
    variant = pick(
        rng,
        kind,
        (*COUNT_KINDS[level], *TUTORIAL_KINDS[level])
        if kind is None
        else (*COUNT_KINDS[2], *TUTORIAL_KINDS[3]),
    )
    if variant not in TUTORIAL_KINDS[3]:
        return _counts(rng, level, variant)
    return {"pool": _pool, "dense": _dense, "bn": _bn, "outpad": _outpad}[variant](rng, level)


def _counts(rng: random.Random, level: int, variant: str) -> Problem:
    """A conv layer's parameters or output shape, or a small conv autoencoder's total."""
    if variant == "ae":
        a = rng.choice((4, 8, 16))
        b = rng.choice((8, 16, 32))
        c = rng.choice((1, 1, 3) if level < 3 else (3,))
        k = 3 if level < 3 else 5
        shape = f"28x28x{c}"
        tokens = (
            f"conv{k}x{k}:{a}",
            "pool2",
            f"conv{k}x{k}:{b}",
            "pool2",
            "up2",
            f"convT{k}x{k}:{a}",
            "up2",
            f"convT{k}x{k}:{c}",
        )
        quantity = rng.choice(("total", "total", "code_size"))
        what = (
            "How many parameters (weights and biases) has the whole network?"
            if quantity == "total"
            else "How many numbers are in the code (the latent H × W × C)?"
        )
        text = (
            f"A convolutional autoencoder takes 28 × 28 × {c} images: {' → '.join(tokens)} "
            f"({k} × {k} kernels, stride 1, 'same' padding; 2 × 2 max-pooling; ×2 upsampling). "
            + what
        )
        spec = ConvParamsSpec(shape, tokens, quantity)
        return generated(
            "conv", f"gen-conv-ae-{a}-{b}-{c}-{quantity}", "Conv autoencoder", text, spec
        )
    if level == 1:
        size, c_in, c_out, k = 28, rng.choice((1, 3)), rng.choice((4, 8, 16)), 3
    elif level == 3:
        size = rng.choice((27, 31, 33, 65))
        c_in = rng.choice((3, 16, 32, 64))
        c_out = rng.choice((32, 64, 128))
        k = rng.choice((3, 5, 7))
    else:
        size = rng.choice((28, 28, 14, 32))
        c_in = rng.choice((1, 1, 3, 8, 16))
        c_out = rng.choice((4, 8, 16, 32))
        k = rng.choice((3, 3, 3, 5))
    if variant == "layer":
        token = f"conv{k}x{k}:{c_out}"
        text = (
            f"A convolutional layer with {c_out} filters of size {k} × {k} takes a "
            f"{size} × {size} × {c_in} input. How many parameters (weights and biases) has it?"
        )
        spec = ConvParamsSpec(f"{size}x{size}x{c_in}", (token,), "layer_params")
        return generated("conv", f"gen-conv-layer-{size}-{c_in}-{token}", "Conv layer", text, spec)
    stride = rng.choice((1, 2, 2) if level < 3 else (2, 3))
    padding = rng.choice((0, 1, k // 2))
    token = f"conv{k}x{k}s{stride}p{padding}:{c_out}"
    text = (
        f"A {size} × {size} × {c_in} input goes through a convolution with {c_out} filters of "
        f"size {k} × {k}, stride {stride} and padding {padding}. What is the output shape? "
        "(give H, W, C separated by commas)"
    )
    spec = ConvParamsSpec(f"{size}x{size}x{c_in}", (token,), "output_shape")
    return generated(
        "conv", f"gen-conv-shape-{size}-{c_in}-{token}", "Conv output shape", text, spec
    )


def _pool(rng: random.Random, level: int) -> Problem:
    size = rng.choice({1: (7, 15, 25), 2: (7, 13, 15, 25, 27), 3: (13, 27, 33, 55)}[level])
    channels = rng.choice((8, 16, 32, 64))
    k = 2 if level < 3 else rng.choice((2, 3))
    mode = rng.choice(("same", "valid"))
    framework = (
        f"Keras MaxPooling2D(pool_size={k}, padding='same')"
        if mode == "same"
        else f"PyTorch nn.MaxPool2d({k}) (stride {k}, no padding, the default floor)"
    )
    text = (
        f"A {size} × {size} × {channels} feature map goes through {framework}. "
        "What is the output shape? (give H, W, C separated by commas)"
    )
    spec = ConvParamsSpec(f"{size}x{size}x{channels}", (f"pool{k}:{mode}",), "output_shape")
    return generated(
        "conv",
        f"gen-conv-pool-{size}-{channels}-{k}-{mode}",
        "Pool padding",
        text,
        spec,
    )


def _dense(rng: random.Random, level: int) -> Problem:
    size = rng.choice({1: (7,), 2: (7, 4, 8), 3: (7, 4, 8, 3)}[level])
    channels = rng.choice((16, 32, 64))
    units = rng.choice((2, 8, 16, 32, 64))
    text = (
        f"An encoder ends with a {size} × {size} × {channels} feature map, flattens it and maps "
        f"it with a Dense (fully connected) layer to a code of {units} numbers. How many "
        "parameters has that Dense layer?"
    )
    spec = ConvParamsSpec(
        f"{size}x{size}x{channels}", ("flatten", f"dense:{units}"), "layer_params", 2
    )
    return generated(
        "conv",
        f"gen-conv-dense-{size}-{channels}-{units}",
        "Dense bottleneck",
        text,
        spec,
    )


def _bn(rng: random.Random, level: int) -> Problem:
    size = rng.choice((28, 32, 14))
    c_in = rng.choice((1, 3))
    filters = rng.choice((8, 16, 32, 64))
    if level == 1 or rng.random() < 0.5:
        text = (
            f"A {size} × {size} × {c_in} input goes through a 3 × 3 convolution with {filters} "
            "filters ('same' padding) and then BatchNormalization. How many learnable "
            "parameters has the batch-norm layer (as PyTorch's parameters() counts them)?"
        )
        spec = ConvParamsSpec(
            f"{size}x{size}x{c_in}", (f"conv3x3:{filters}", "bn"), "layer_params", 2
        )
        return generated(
            "conv",
            f"gen-conv-bn-{size}-{c_in}-{filters}-layer",
            "Batch norm",
            text,
            spec,
        )
    second = rng.choice((16, 32, 64))
    tokens = (f"conv3x3:{filters}", "bn", "pool2", f"conv3x3:{second}", "bn")
    text = (
        f"An encoder on {size} × {size} × {c_in} images: {' → '.join(tokens)} (3 × 3 kernels, "
        "'same' padding, 2 × 2 max-pooling, bn = batch normalisation). How many learnable "
        "(trainable) parameters has it?"
    )
    spec = ConvParamsSpec(f"{size}x{size}x{c_in}", tokens, "total")
    return generated(
        "conv",
        f"gen-conv-bn-{size}-{c_in}-{filters}-{second}-net",
        "Batch norm",
        text,
        spec,
    )


def _outpad(rng: random.Random, level: int) -> Problem:
    size = rng.choice({1: (7, 14), 2: (7, 14, 5, 16), 3: (7, 9, 13, 16)}[level])
    c_in = rng.choice((16, 32, 64))
    c_out = rng.choice((1, 8, 16, 32))
    k = rng.choice((3, 3, 4, 5) if level > 1 else (3,))
    stride = 2 if level < 3 else rng.choice((2, 3))
    padding = rng.choice(tuple(p for p in (0, 1, 2) if p <= (k - 1)))
    output_padding = rng.randint(1, stride - 1)
    token = f"convT{k}x{k}s{stride}p{padding}o{output_padding}:{c_out}"
    text = (
        f"A {size} × {size} × {c_in} feature map goes through PyTorch's nn.ConvTranspose2d("
        f"{c_in}, {c_out}, kernel_size={k}, stride={stride}, padding={padding}, "
        f"output_padding={output_padding}). What is the output shape? "
        "(give H, W, C separated by commas)"
    )
    spec = ConvParamsSpec(f"{size}x{size}x{c_in}", (token,), "output_shape")
    return generated("conv", f"gen-conv-outpad-{size}-{c_in}-{token}", "Output padding", text, spec)


TOPIC: Topic[ConvParamsSpec] = Topic(
    "conv",
    "Convolutional layers",
    reader=read,
    solver=solve,
    generator=generate,
    kinds=tuple(dict.fromkeys((*COUNT_KINDS[2], *TUTORIAL_KINDS[3]))),
    marks=3,
    slips=(BIASES, DECODER, FLOOR_SAME, CEIL_VALID, DENSE_BIAS, KERAS_TOTAL, OUTPUT_PADDING),
)
