"""The notes under a convolutional count: the code layer, the conventions the figures follow,
and where the frameworks' own summaries print something else."""

from __future__ import annotations

from fractions import Fraction

from aecalc.nets.conv.result import ConvLayer
from aecalc.nets.conv.shapes import Shape, size_of, values_text


def _ratio(value: Fraction) -> str:
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


def conv_notes(
    shape: Shape, layers: tuple[ConvLayer, ...], code: int, ratio: Fraction, bias: bool
) -> tuple[str, ...]:
    kinds = {x.spec.kind for x in layers}
    code_layer = layers[code - 1]
    code_shape = code_layer.output_shape
    dense = " (the dense bottleneck)" if code_layer.spec.kind == "dense" else ""
    notes = [
        f"Code (latent) = output of layer {code} {code_layer.spec.layer}{dense}: "
        f"{values_text(code_shape)}, against {size_of(shape):,} input values."
    ]
    if ratio < 1:
        notes.append(
            f"Compression ratio {size_of(shape):,} / {size_of(code_shape):,} = {_ratio(ratio)} "
            f"< 1: this is an expansion, not a compression — the code holds "
            f"{size_of(code_shape) / size_of(shape):.4g}× as many values as the input "
            "(the extra channels outweigh the smaller height and width)."
        )
    rules = []
    if kinds & {"conv", "convT"}:
        rules.append(
            "a (transpose) convolution with a K×K kernel from C_in to C_out channels has "
            "K·K·C_in·C_out weights"
            + (" + C_out biases" if bias else "")
            + " (the same filters slide over every position, so the count does not depend on H×W)"
        )
    if "dense" in kinds:
        rules.append(
            "a dense layer from n to N values has n·N weights" + (" + N biases" if bias else "")
        )
    if "bn" in kinds:
        rules.append(
            "batch norm over C channels has 2·C learnable (γ scale, β shift) and 2·C "
            "non-trainable values (running mean and variance)"
            + ("" if bias else "; --no-bias leaves its β (it is a shift, not a layer bias)")
        )
    rules.append("pooling, upsampling, dropout, flatten and reshape have no parameters")
    notes.append("Parameters: " + "; ".join(rules) + ".")
    learnable = sum(x.params for x in layers)
    frozen = sum(x.non_trainable for x in layers)
    if frozen:
        notes.append(
            f"Learnable parameters {learnable:,}: what PyTorch's "
            'sum(p.numel() for p in model.parameters()) and torchinfo\'s "Trainable params" '
            f"print. Batch norm's running statistics ({frozen:,}) are buffers in PyTorch and "
            '"Non-trainable params" in Keras, whose model.summary() "Total params" adds '
            f"both: {learnable:,} + {frozen:,} = {learnable + frozen:,}."
        )
    if any(x.spec.kind == "conv" and x.spec.padding is None for x in layers):
        notes.append(
            'Convolutions default to stride 1 and "same" padding: the output is ⌈H/S⌉ for any '
            "kernel size, even one larger than its input (the missing neighbours are zeros, as in "
            "Keras padding='same'); write pP for explicit padding, e.g. conv3x3s2p1:16."
        )
    modes = {x.spec.pool_padding for x in layers if x.spec.kind in ("pool", "avgpool")}
    if "same" in modes:
        notes.append(
            "poolK:same rounds up, ⌈H/S⌉: Keras MaxPooling2D(padding='same') (and PyTorch's "
            "ceil_mode=True when the stride is the pool size)."
        )
    if "valid" in modes:
        notes.append(
            "poolK:valid rounds down, ⌊(H − K)/S⌋ + 1: PyTorch's default and Keras "
            "padding='valid' (the last rows and columns that do not fill a window are dropped)."
        )
    notes.append(_macs_note(layers, kinds))
    for layer in layers:
        spec = layer.spec
        if spec.kind != "conv" or spec.padding is None:
            continue
        left = [
            (size + 2 * p - d * (k - 1) - 1) % s
            for size, p, d, k, s in zip(
                layer.input_shape[:2],
                spec.padding,
                spec.dilation,
                spec.kernel,
                spec.stride,
                strict=True,
            )
        ]
        missed = [
            f"{n} padded {what}(s)" for n, what in zip(left, ("row", "column"), strict=True) if n
        ]
        if missed:
            notes.append(
                f"Layer {layer.index} {spec.layer}: the stride does not fit exactly; the last "
                f"{' and the last '.join(missed)} are never covered (the ⌊ ⌋ in the formula)."
            )
    if "dropout" in kinds:
        notes.append("Dropout zeroes values in training only; at inference it passes its input on.")
    return tuple(notes)


def _macs_note(layers: tuple[ConvLayer, ...], kinds: set[str]) -> str:
    rules = ["a convolution H_out·W_out·K·K·C_in·C_out (products with padding zeros included)"]
    if "convT" in kinds:
        rules.append(
            "a transpose convolution H_in·W_in·K·K·C_in·C_out (every input value times every "
            "kernel weight, not the zeros a stride inserts)"
        )
    if "dense" in kinds:
        rules.append("a dense layer n·N")
    total = sum(x.multiply_adds for x in layers)
    info = sum(x.torchinfo_mult_adds for x in layers)
    text = (
        f"Multiply-adds ({total:,}) are the products computed, as PyTorch's FLOP counter counts "
        "them (FLOPs / 2): " + "; ".join(rules) + ". Bias additions, pooling, batch norm and "
        f'upsampling are not counted. torchinfo\'s "Mult-Adds" print {info:,}: it counts '
        "(weights + biases) × H_out·W_out for each (transpose) convolution"
    )
    if "convT" in kinds:
        text += " — a transpose convolution on its output grid, not its input"
    return text + ", and the parameters of a dense or batch-norm layer."
