"""Shapes, parameter counts and multiply-adds of a convolutional autoencoder, layer by layer.

``count_conv_params("28x28x1", tokens)`` reads the tokens through the registry of layer kinds
(:mod:`aecalc.nets.conv.tokens`: convolutions, transpose convolutions with output padding,
max/average pools with same/valid padding, upsampling, batch norm, dropout, flatten, dense,
reshape), applies each kind's rules in turn and adds up the figures as a framework summary
does:

- parameters are the learnable ones, as PyTorch's ``parameters()`` and torchinfo count them;
  batch norm's running mean and variance are counted apart as non-trainable, and Keras'
  "Total params" is the sum of both;
- multiply-adds are the products computed, as PyTorch's FLOP counter counts them
  (``FlopCounterMode`` FLOPs / 2); torchinfo's "Mult-Adds" are given beside them;
- the code (latent) is the smallest hidden representation, a dense bottleneck where there
  is one (with ``--mirror``: the output of the last layer given, a bn or dropout aside); the
  compression ratio is input values / code values.

An output shape that differs from the input shape is *not* an error (an encoder alone is a
fair question); the result carries a warning saying so.
"""

from __future__ import annotations

from fractions import Fraction

from aecalc.errors import InputError
from aecalc.nets.architecture import Convention, classify
from aecalc.nets.conv.mirror import mirror_specs
from aecalc.nets.conv.notes import conv_notes
from aecalc.nets.conv.result import ConvLayer, ConvParamCount
from aecalc.nets.conv.rule import LayerMath, LayerToken, Receptive
from aecalc.nets.conv.shapes import Shape, parse_shape, shape_text, size_of
from aecalc.nets.conv.tokens import RULES, parse_layer
from aecalc.values.steps import Step

__all__ = ["MAX_LAYERS", "count_conv_params"]

MAX_LAYERS = 10_000


Applied = tuple[LayerToken, Shape, LayerMath]


def _walk(specs: tuple[LayerToken, ...], shape: Shape, bias: bool, start: int) -> list[Applied]:
    """Apply each layer in turn; ``start`` is the 0-based position of the first (for errors)."""
    applied: list[Applied] = []
    for i, spec in enumerate(specs):
        argument = f"layer {start + i + 1} {spec.token!r}"
        math = RULES[spec.kind].apply(spec, shape, argument, bias and spec.bias)
        applied.append((spec, shape, math))
        shape = math.output_shape
    return applied


def _code_index(applied: list[Applied], output_matches: bool) -> tuple[int, int]:
    """(code layer, last encoder layer), 1-based: the code is the smallest hidden representation.

    The last layer is a candidate only when it is not a reconstruction (its shape differs
    from the input: an encoder alone). Where a dense layer is a candidate, only dense
    layers are (a dense bottleneck is the code). The encoder runs to the end of the first
    run of equally small outputs, so a 1×1 convolution that keeps the size after a pool, and
    a bn or dropout after the code, still belong to it; the code is the last layer of that
    run that is not a bn or dropout.
    """
    sizes = [size_of(math.output_shape) for _, _, math in applied]
    end = len(sizes) - 1 if output_matches and len(sizes) > 1 else len(sizes)
    candidates = list(range(end))
    dense = [i for i in candidates if RULES[applied[i][0].kind].bottleneck]
    pool = dense or candidates
    smallest = min(sizes[i] for i in pool)
    code = last = next(i for i in pool if sizes[i] == smallest)
    while last + 1 < end and sizes[last + 1] == smallest:
        last += 1
        if not dense and not RULES[applied[last][0].kind].follower:
            code = last
    return code + 1, last + 1


def count_conv_params(
    input_shape: Shape | str,
    tokens: list[str] | tuple[str, ...],
    *,
    bias: bool = True,
    mirror: bool = False,
    convention: Convention = "notes",
) -> ConvParamCount:
    """Shapes and parameters of a convolutional autoencoder, layer by layer.

    >>> r = count_conv_params("28x28x1", "conv3x3:16 pool2 conv3x3:32 pool2 up2 convT3x3:16 up2 convT3x3:1".split())
    >>> r.total_params, r.code_shape, r.code_size
    (9569, (7, 7, 32), 1568)
    >>> r = count_conv_params("28x28x1", "conv3x3:16 pool2:same conv3x3:8 pool2:same conv3x3:8 pool2:same".split())
    >>> r.code_shape
    (4, 4, 8)
    """
    shape = parse_shape(input_shape) if isinstance(input_shape, str) else tuple(input_shape)
    if not tokens:
        raise InputError(
            "SIZES", "give the layer tokens after --input, e.g. conv3x3:16 pool2 up2 convT3x3:1"
        )
    if len(tokens) > MAX_LAYERS:
        raise InputError("SIZES", f"{len(tokens):,} layers: at most {MAX_LAYERS:,}")
    specs = tuple(parse_layer(token, i + 1) for i, token in enumerate(tokens))
    applied = _walk(specs, shape, bias, 0)
    mirror_steps: tuple[str, ...] = ()
    if mirror:
        shapes = (shape, *(math.output_shape for _, _, math in applied))
        decoder, mirror_steps = mirror_specs(specs, shapes)
        applied += _walk(decoder, shapes[-1], bias, len(specs))
    current = applied[-1][2].output_shape
    output_matches = current == shape
    if mirror:  # the layers given are the encoder: the code is its output, whatever its size
        split = len(specs)
        code = 1 + max((i for i in range(split) if not RULES[specs[i].kind].follower), default=0)
    else:
        code, split = _code_index(applied, output_matches)
    built: list[ConvLayer] = []
    steps: list[Step] = []
    field = Receptive.start() if len(shape) == 3 else Receptive(None, Receptive.start().jump)
    for i, (spec, in_shape, math) in enumerate(applied):
        field = RULES[spec.kind].receptive(spec, field)
        layer = ConvLayer(
            index=i + 1,
            spec=spec,
            input_shape=in_shape,
            output_shape=math.output_shape,
            part="encoder" if i < split else "decoder",
            weights=math.weights,
            biases=math.biases,
            non_trainable=math.non_trainable,
            multiply_adds=math.multiply_adds,
            torchinfo_mult_adds=RULES[spec.kind].torchinfo_mult_adds(math),
            formula=math.params_formula,
            shape_formula=math.shape_formula,
            macs_formula=math.macs_formula,
            receptive=field,
        )
        built.append(layer)
        steps.append(
            Step(
                f"layer {i + 1} {spec.layer}: {shape_text(in_shape)} → "
                f"{shape_text(math.output_shape)}",
                math.params_formula,
                layer.params,
            )
        )
    encoder = sum(x.params for x in built if x.part == "encoder")
    decoder_params = sum(x.params for x in built if x.part == "decoder")
    non_trainable = sum(x.non_trainable for x in built)
    steps += _total_steps(built, encoder, decoder_params, non_trainable)
    code_size = size_of(built[code - 1].output_shape)
    ratio = Fraction(size_of(shape), code_size)
    warnings: list[str] = []
    if not output_matches:
        warnings.append(
            f"The output shape {shape_text(current)} differs from the input shape "
            f"{shape_text(shape)}: this is not a whole autoencoder (an encoder alone, or a decoder "
            "that does not undo it). The counts are still right for the layers given."
        )
    return ConvParamCount(
        input_shape=shape,
        layers=tuple(built),
        code_index=code,
        encoder_params=encoder,
        decoder_params=decoder_params,
        total_params=encoder + decoder_params,
        non_trainable_params=non_trainable,
        classification=classify(size_of(shape), code_size, convention),
        compression_ratio=ratio,
        output_matches_input=output_matches,
        mirrored=mirror,
        bias=bias,
        mirror_steps=mirror_steps,
        warnings=tuple(warnings),
        notes=conv_notes(shape, tuple(built), code, ratio, bias),
        steps=tuple(steps),
    )


def _total_steps(
    built: list[ConvLayer], encoder: int, decoder: int, non_trainable: int
) -> list[Step]:
    def terms(part: str) -> str:
        return " + ".join(f"{x.params:,}" for x in built if x.part == part and x.params) or "0"

    steps = [
        Step("encoder (learnable)", terms("encoder"), encoder),
        Step("decoder (learnable)", terms("decoder"), decoder),
        Step(
            "total learnable (PyTorch, torchinfo)", f"{encoder:,} + {decoder:,}", encoder + decoder
        ),
    ]
    if non_trainable:
        counted = " + ".join(f"{x.non_trainable:,}" for x in built if x.non_trainable)
        steps.append(Step("non-trainable (bn running mean, variance)", counted, non_trainable))
        steps.append(
            Step(
                "Keras Total params (learnable + non-trainable)",
                f"{encoder + decoder:,} + {non_trainable:,}",
                encoder + decoder + non_trainable,
            )
        )
    return steps
