"""The conv topic's questions on the layers of Keras and PyTorch tutorials (issue 13).

Four kinds join the conv topic's layer, shape and autoencoder questions
(:func:`aecalc.practice.generate_beyond.conv`), each with its named slip:

- ``pool``: a pool's output shape with ``padding='same'`` (⌈H/S⌉) or PyTorch's default floor
  (⌊(H − K)/S⌋ + 1) — *floor where same rounds up* (and the reverse);
- ``dense``: a dense bottleneck's parameters after a flatten — *dense bias forgotten*;
- ``bn``: batch norm's learnable parameters, alone or in a small net — *Keras' non-trainable
  counted as learnable*;
- ``outpad``: a transpose convolution's output shape with ``output_padding`` — *output padding
  forgotten*.

:func:`solve` is the topic's solver for every conv spec: the answers and the general slips come
from :func:`aecalc.practice.beyond.conv`, and the slips of these layers are added wherever the
layer asked about is one of them (bank problems included).
"""

from __future__ import annotations

import random
from fractions import Fraction

from aecalc.practice import beyond
from aecalc.practice.answers import checker
from aecalc.practice.answers.checker import Expected, Slip, Value
from aecalc.practice.generate import generated, pick
from aecalc.practice.generate_beyond import CONV_KINDS
from aecalc.practice.generate_beyond import conv as base_generate
from aecalc.practice.solution import SLIP_BIASES, Solution, keep, slip
from aecalc.practice.specs import ConvParamsSpec, Problem

SLIP_FLOOR_SAME = "floor where same rounds up"
SLIP_CEIL_VALID = "rounded up where valid floors"
SLIP_DENSE_BIAS = "dense bias forgotten"
SLIP_KERAS_TOTAL = "Keras' non-trainable counted as learnable"
SLIP_OUTPUT_PADDING = "output padding forgotten"

KINDS = {
    1: ("pool", "dense", "bn"),
    2: ("pool", "dense", "bn", "outpad"),
    3: ("pool", "dense", "bn", "bn", "outpad"),
}


def generate(rng: random.Random, level: int = 2, kind: str | None = None) -> Problem:
    """A conv question: one of the topic's earlier kinds or one of :data:`KINDS`."""
    variant = pick(
        rng,
        kind,
        (*CONV_KINDS[level], *KINDS[level]) if kind is None else (*CONV_KINDS[2], *KINDS[3]),
    )
    if variant not in KINDS[3]:
        return base_generate(rng, level, variant)
    return {"pool": _pool, "dense": _dense, "bn": _bn, "outpad": _outpad}[variant](rng, level)


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


def _shape_slip(name: str, explanation: str, shape: tuple[int, ...]) -> Slip:
    return Slip(name, explanation, checker.vector([Value(Fraction(n)) for n in shape]))


def solve(spec: ConvParamsSpec) -> Solution:
    """The conv topic's solver: :func:`aecalc.practice.beyond.conv` plus the slips of the
    tutorial layers (pools, dense, batch norm, output padding)."""
    from aecalc.nets.conv.count import count_conv_params

    base = beyond.conv(spec)
    result = count_conv_params(spec.input, list(spec.layers))
    layer = result.layers[spec.layer - 1]
    kind, layer_spec = layer.spec.kind, layer.spec
    slips = list(base.expected.slips)
    hint = base.hint
    h, w, c = (*layer.input_shape, 0, 0, 0)[:3]
    if spec.quantity == "output_shape" and kind in ("pool", "avgpool"):
        k, s = layer_spec.kernel[0], layer_spec.stride
        if layer_spec.pool_padding == "same":
            floor = ((h - k) // s + 1, (w - k) // s + 1, c)
            slips.append(
                _shape_slip(
                    SLIP_FLOOR_SAME,
                    f"padding='same' rounds up: ⌈{h}/{s}⌉, not the floor.",
                    floor,
                )
            )
            hint = "padding='same' pads the last window: the output is ⌈H/S⌉."
        else:
            ceil = (-(-h // s), -(-w // s), c)
            slips.append(
                _shape_slip(
                    SLIP_CEIL_VALID,
                    f"without padding the last incomplete window is dropped: ⌊({h} − {k})/{s}⌋ + 1.",
                    ceil,
                )
            )
            hint = "Without padding only whole windows count: ⌊(H − K)/S⌋ + 1."
    elif spec.quantity == "output_shape" and kind == "convT" and layer_spec.output_padding:
        o = layer_spec.output_padding
        out = layer.output_shape
        slips.append(
            _shape_slip(
                SLIP_OUTPUT_PADDING,
                f"output_padding adds {o} to each side's size: (H − 1)·S − 2P + K + {o}.",
                (out[0] - o, out[1] - o, out[2]),
            )
        )
        hint = "A transpose convolution gives (H − 1)·S − 2P + K + output_padding."
    elif spec.quantity == "layer_params" and kind == "dense":
        slips = [x for x in slips if x.name != SLIP_BIASES]
        slips.append(
            slip(
                SLIP_DENSE_BIAS,
                f"{layer.weights:,} counts only the weights; a dense layer adds one bias per unit ({layer_spec.filters}).",
                layer.weights,
            )
        )
        hint = (
            "A dense layer from n to N values has n·N weights + N biases; n is the flattened H·W·C."
        )
    elif spec.quantity == "layer_params" and kind == "bn":
        slips = [x for x in slips if x.name != SLIP_BIASES]
        slips.append(
            slip(
                SLIP_KERAS_TOTAL,
                f"Keras' summary adds the 2·{layer.input_shape[-1]} running mean and variance, which are not learnable.",
                layer.params + layer.non_trainable,
            )
        )
        hint = "Batch norm learns a scale γ and a shift β per channel; its running statistics are not learned."
    elif spec.quantity in ("total", "encoder") and result.non_trainable_params:
        value = result.total_params if spec.quantity == "total" else result.encoder_params
        frozen = sum(
            x.non_trainable
            for x in result.layers
            if spec.quantity == "total" or x.part == "encoder"
        )
        slips.append(
            slip(
                SLIP_KERAS_TOTAL,
                f"Keras' Total params adds batch norm's {frozen:,} running statistics; they are not learnable.",
                value + frozen,
            )
        )
    expected = keep(Expected(base.expected.form, base.expected.values, base.expected.kind), slips)
    return Solution(expected, base.label, hint, base.document, base.steps)
