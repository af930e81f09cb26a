"""Shapes and parameter counts of a convolutional autoencoder — pure integer arithmetic.

Layer tokens (case-insensitive):

- ``convKxK:F`` — a K×K convolution with F filters (``conv3:16`` is ``conv3x3:16``;
  ``conv3x5:8`` is a 3-high, 5-wide kernel). Options between the kernel and the
  colon: ``sS`` stride (default 1) and ``pP`` zero padding on each side
  (default "same": the output is ⌈in / S⌉). ``conv3x3s2p0:16`` is stride 2, no padding.
- ``convTKxK:F`` — a transpose convolution, the same options. "same" padding gives
  ``in · S``; explicit padding gives ``(in − 1)·S − 2P + K``.
- ``poolK`` — K×K max pooling with stride K (``poolKsS`` for another stride). No parameters.
- ``upK`` — upsampling by K (nearest neighbour). No parameters.

A (transpose) convolution with a K_h×K_w kernel from C_in to C_out channels has
K_h·K_w·C_in·C_out weights and C_out biases. Convolution output size with padding
P and stride S: ⌊(in + 2P − K) / S⌋ + 1.

Bad shapes are errors naming the token: pooling a size the pool does not divide,
a kernel larger than its (padded) input, an unknown token. An output shape that
differs from the input shape is *not* an error (an encoder alone is a fair
question); the result carries a warning saying so.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Literal

from aecalc.errors import InputError
from aecalc.nets.architecture import Classification, Convention, classify
from aecalc.record import Record
from aecalc.values.steps import Step

LayerKind = Literal["conv", "convT", "pool", "up"]
Shape = tuple[int, int, int]

MAX_DIMENSION = 10**9
TOKEN_HELP = (
    "use convKxK:F, convTKxK:F, poolK or upK, with optional stride/padding such as conv3x3s2p0:16"
)

_CONV = re.compile(
    r"(conv|convt|deconv)(\d+)(?:[x×](\d+))?(?:s(\d+))?(?:p(\d+))?:(\d+)", re.IGNORECASE
)
_POOL = re.compile(r"(?:max)?pool(\d+)(?:s(\d+))?", re.IGNORECASE)
_UP = re.compile(r"up(?:sample)?(\d+)", re.IGNORECASE)
_SHAPE_SPLIT = re.compile(r"\s*[x×*,]\s*", re.IGNORECASE)


class ConvSpec(Record):
    """One parsed layer token."""

    token: str
    kind: LayerKind
    kernel: tuple[int, int] = (1, 1)
    stride: int = 1
    padding: int | None = None  # None is "same"
    filters: int = 0

    def canonical(self) -> str:
        """The token spelled in full: ``conv3x3:16``, ``convT3x3s2p1:8``, ``pool2``, ``up2``."""
        if self.kind == "up":
            return f"up{self.kernel[0]}"
        if self.kind == "pool":
            extra = "" if self.stride == self.kernel[0] else f"s{self.stride}"
            return f"pool{self.kernel[0]}{extra}"
        stride = "" if self.stride == 1 else f"s{self.stride}"
        padding = "" if self.padding is None else f"p{self.padding}"
        name = "conv" if self.kind == "conv" else "convT"
        return f"{name}{self.kernel[0]}x{self.kernel[1]}{stride}{padding}:{self.filters}"


class ConvLayer(Record):
    """One layer with its input and output shapes and its parameters."""

    index: int
    spec: ConvSpec
    input_shape: Shape
    output_shape: Shape
    part: Literal["encoder", "decoder"]
    weights: int
    biases: int
    multiply_adds: int
    formula: str
    shape_formula: str

    @property
    def params(self) -> int:
        return self.weights + self.biases

    @property
    def size(self) -> int:
        return size_of(self.output_shape)

    def as_json(self) -> dict[str, object]:
        spec = self.spec
        return {
            "index": self.index,
            "token": spec.token,
            "layer": spec.canonical(),
            "type": spec.kind,
            "part": self.part,
            "input_shape": list(self.input_shape),
            "output_shape": list(self.output_shape),
            "output_size": self.size,
            "kernel": list(spec.kernel) if spec.kind in ("conv", "convT", "pool") else None,
            "stride": spec.stride if spec.kind != "up" else None,
            "padding": (
                None
                if spec.kind not in ("conv", "convT")
                else spec.padding
                if spec.padding is not None
                else "same"
            ),
            "filters": spec.filters if spec.kind in ("conv", "convT") else None,
            "factor": spec.kernel[0] if spec.kind == "up" else None,
            "weights": self.weights,
            "biases": self.biases,
            "params": self.params,
            "multiply_adds": self.multiply_adds,
        }


class ConvParamCount(Record):
    """Every figure of ``aecalc params --input HxWxC LAYER...``."""

    input_shape: Shape
    layers: tuple[ConvLayer, ...]
    code_index: int  # 1-based layer index whose output is the code (latent)
    encoder_params: int
    decoder_params: int
    total_params: int
    classification: Classification
    compression_ratio: Fraction
    output_matches_input: bool
    mirrored: bool
    bias: bool
    warnings: tuple[str, ...]
    notes: tuple[str, ...]
    steps: tuple[Step, ...]

    @property
    def code_shape(self) -> Shape:
        return self.layers[self.code_index - 1].output_shape

    @property
    def code_size(self) -> int:
        return size_of(self.code_shape)

    @property
    def input_size(self) -> int:
        return size_of(self.input_shape)

    @property
    def architecture(self) -> tuple[int, ...]:
        """Flattened sizes H·W·C: the input, then each layer's output."""
        return (self.input_size, *(layer.size for layer in self.layers))

    @property
    def is_expansion(self) -> bool:
        return self.compression_ratio < 1

    @property
    def multiply_adds(self) -> int:
        return sum(layer.multiply_adds for layer in self.layers)

    def as_json(self) -> dict[str, object]:
        ratio = self.compression_ratio
        return {
            "input_shape": list(self.input_shape),
            "architecture": list(self.architecture),
            "shapes": [list(self.input_shape), *(list(x.output_shape) for x in self.layers)],
            "layers": [layer.as_json() for layer in self.layers],
            "code_layer": self.code_index,
            "code_shape": list(self.code_shape),
            "code_size": self.code_size,
            "encoder_params": self.encoder_params,
            "decoder_params": self.decoder_params,
            "total_params": self.total_params,
            "total_weights": sum(x.weights for x in self.layers),
            "total_biases": sum(x.biases for x in self.layers),
            "kind": self.classification.kind,
            "classification": self.classification.as_json(),
            "compression_ratio": float(ratio),
            "compression_ratio_exact": _fraction_text(ratio),
            "expansion": self.is_expansion,
            "output_matches_input": self.output_matches_input,
            "mirrored": self.mirrored,
            "bias": self.bias,
            "multiply_adds": self.multiply_adds,
            "memory_bytes": {"float32": self.total_params * 4, "float64": self.total_params * 8},
            "warnings": list(self.warnings),
            "notes": list(self.notes),
            "steps": [step.as_json() for step in self.steps],
        }


def size_of(shape: Shape) -> int:
    return shape[0] * shape[1] * shape[2]


def shape_text(shape: Shape) -> str:
    """``28×28×1``."""
    return "×".join(str(d) for d in shape)


def _fraction_text(value: Fraction) -> str:
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


def _dimension(text: str, argument: str, what: str) -> int:
    if not text.isdigit():
        raise InputError(argument, f"{what} {text!r} is not a positive whole number")
    value = int(text)
    if value < 1:
        raise InputError(argument, f"{what} must be at least 1, not {value}")
    if value > MAX_DIMENSION:
        raise InputError(argument, f"{what} {value:,} is beyond {MAX_DIMENSION:,}")
    return value


def parse_shape(text: str, argument: str = "--input") -> Shape:
    """``28x28x1`` (also ``28×28×1``, ``28,28,1``; ``28x28`` means one channel) → (28, 28, 1)."""
    parts = _SHAPE_SPLIT.split(text.strip())
    if len(parts) not in (2, 3) or not all(parts):
        raise InputError(argument, f"{text!r} is not a shape: write H×W×C, e.g. 28x28x1")
    names = ("height", "width", "channels")
    values = [_dimension(p, argument, names[i]) for i, p in enumerate(parts)]
    if len(values) == 2:
        values.append(1)
    return values[0], values[1], values[2]


def parse_layer(token: str, position: int) -> ConvSpec:
    """One layer token; ``position`` (1-based) names it in errors."""
    text = token.strip()
    argument = f"layer {position} {text!r}"
    if match := _CONV.fullmatch(text):
        name, kh, kw, stride, padding, filters = match.groups()
        kind: LayerKind = "conv" if name.lower() == "conv" else "convT"
        kernel_h = _dimension(kh, argument, "kernel size")
        kernel_w = _dimension(kw, argument, "kernel size") if kw is not None else kernel_h
        return ConvSpec(
            token=text,
            kind=kind,
            kernel=(kernel_h, kernel_w),
            stride=_dimension(stride, argument, "stride") if stride is not None else 1,
            padding=None if padding is None else int(padding),
            filters=_dimension(filters, argument, "filter count"),
        )
    if match := _POOL.fullmatch(text):
        size = _dimension(match.group(1), argument, "pool size")
        stride = _dimension(match.group(2), argument, "stride") if match.group(2) else size
        return ConvSpec(token=text, kind="pool", kernel=(size, size), stride=stride)
    if match := _UP.fullmatch(text):
        factor = _dimension(match.group(1), argument, "upsampling factor")
        return ConvSpec(token=text, kind="up", kernel=(factor, factor), stride=factor)
    if text.lower().startswith(("conv", "deconv")) and ":" not in text:
        raise InputError(argument, f"a convolution needs its filter count after ':' ({TOKEN_HELP})")
    raise InputError(argument, f"not a layer token ({TOKEN_HELP})")


def _conv_out(size: int, kernel: int, spec: ConvSpec, argument: str, axis: str) -> tuple[int, str]:
    """Output size of a convolution along one axis, with its formula."""
    s = spec.stride
    if spec.padding is None:
        if kernel > size:
            raise InputError(
                argument, f"the {axis} of the kernel ({kernel}) is larger than its input ({size})"
            )
        out = -(-size // s)
        return out, (f"{size}" if s == 1 else f"⌈{size} / {s}⌉ = {out}")
    p = spec.padding
    if kernel > size + 2 * p:
        raise InputError(
            argument,
            f"the {axis} of the kernel ({kernel}) is larger than its padded input "
            f"({size} + 2·{p} = {size + 2 * p})",
        )
    out = (size + 2 * p - kernel) // s + 1
    inner = f"{size} + 2·{p} − {kernel}"
    formula = f"({inner}) + 1 = {out}" if s == 1 else f"⌊({inner}) / {s}⌋ + 1 = {out}"
    return out, formula


def _convt_out(size: int, kernel: int, spec: ConvSpec, argument: str) -> tuple[int, str]:
    s = spec.stride
    if spec.padding is None:
        out = size * s
        return out, (f"{size}" if s == 1 else f"{size} · {s} = {out}")
    p = spec.padding
    out = (size - 1) * s - 2 * p + kernel
    if out < 1:
        raise InputError(argument, f"padding {p} leaves no output ({out} from a size of {size})")
    return out, f"({size} − 1)·{s} − 2·{p} + {kernel} = {out}"


def _pool_out(size: int, spec: ConvSpec, shape: Shape, argument: str, axis: str) -> int:
    k, s = spec.kernel[0], spec.stride
    if k > size:
        raise InputError(
            argument, f"a {k}×{k} pool is larger than its {shape_text(shape)} input ({axis} {size})"
        )
    if (size - k) % s:
        if k == s:
            raise InputError(
                argument,
                f"cannot pool {shape_text(shape)} by {k}: its {axis} {size} is not divisible by {k} "
                f"(frameworks would silently drop the last {size % k} row(s)/column(s))",
            )
        raise InputError(
            argument,
            f"a {k}×{k} pool with stride {s} does not tile its {axis} {size} "
            f"(({size} − {k}) is not divisible by {s})",
        )
    return (size - k) // s + 1


def _apply(
    spec: ConvSpec, shape: Shape, position: int, bias: bool
) -> tuple[Shape, int, int, str, str]:
    """(output shape, weights, biases, parameter formula, shape formula) of one layer."""
    argument = f"layer {position} {spec.token!r}"
    h, w, c = shape
    if spec.kind == "up":
        f = spec.kernel[0]
        out = (h * f, w * f, c)
        return out, 0, 0, "0 (upsampling has no parameters)", f"{h}·{f} × {w}·{f} × {c}"
    if spec.kind == "pool":
        out = (
            _pool_out(h, spec, shape, argument, "height"),
            _pool_out(w, spec, shape, argument, "width"),
            c,
        )
        k, s = spec.kernel[0], spec.stride
        how = (
            f"{h}/{k} × {w}/{k} × {c}"
            if k == s
            else f"(⌊({h} − {k})/{s}⌋ + 1) × (⌊({w} − {k})/{s}⌋ + 1) × {c}"
        )
        return out, 0, 0, "0 (max pooling has no parameters)", how
    kh, kw = spec.kernel
    if spec.kind == "conv":
        oh, fh = _conv_out(h, kh, spec, argument, "height")
        ow, fw = _conv_out(w, kw, spec, argument, "width")
    else:
        oh, fh = _convt_out(h, kh, spec, argument)
        ow, fw = _convt_out(w, kw, spec, argument)
    filters = spec.filters
    weights = kh * kw * c * filters
    biases = filters if bias else 0
    formula = f"{kh}·{kw}·{c}·{filters} = {weights:,}"
    formula += f" + {biases}" if bias else " (no biases)"
    if spec.padding is None and spec.stride == 1:
        shape_formula = f"same padding keeps {h} × {w}; {filters} filters"
    elif fh == fw:
        shape_formula = f"H = W = {fh}; {filters} filters"
    else:
        shape_formula = f"H = {fh}, W = {fw}; {filters} filters"
    return (oh, ow, filters), weights, biases, formula, shape_formula


def mirror_specs(specs: tuple[ConvSpec, ...], input_shape: Shape) -> tuple[ConvSpec, ...]:
    """The decoder that mirrors an encoder: pool → up, conv → convT back to the input channels."""
    channels = [input_shape[2]]
    for spec in specs:
        channels.append(spec.filters if spec.kind in ("conv", "convT") else channels[-1])
    decoder: list[ConvSpec] = []
    for i in range(len(specs) - 1, -1, -1):
        spec = specs[i]
        if spec.kind == "pool":
            factor = spec.stride
            decoder.append(ConvSpec(f"up{factor}", "up", (factor, factor), factor))
        elif spec.kind == "up":
            factor = spec.kernel[0]
            decoder.append(ConvSpec(f"pool{factor}", "pool", (factor, factor), factor))
        else:
            kind: LayerKind = "convT" if spec.kind == "conv" else "conv"
            twin = ConvSpec("", kind, spec.kernel, spec.stride, spec.padding, channels[i])
            decoder.append(
                ConvSpec(
                    twin.canonical(), kind, spec.kernel, spec.stride, spec.padding, channels[i]
                )
            )
    return tuple(decoder)


def _code_index(sizes: list[int], output_matches: bool) -> int:
    """1-based index of the code layer: the smallest hidden feature map.

    The last layer is a candidate only when it is not a reconstruction (its shape
    differs from the input: an encoder alone). Among equal smallest maps the last of
    the first run of equals wins, so a 1×1 convolution that keeps the size after a
    pool still belongs to the encoder.
    """
    candidates = sizes[:-1] if output_matches and len(sizes) > 1 else sizes
    smallest = min(candidates)
    first = candidates.index(smallest)
    last = first
    while last + 1 < len(candidates) and candidates[last + 1] == smallest:
        last += 1
    return last + 1


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
    """
    shape = parse_shape(input_shape) if isinstance(input_shape, str) else input_shape
    if not tokens:
        raise InputError(
            "SIZES", "give the layer tokens after --input, e.g. conv3x3:16 pool2 up2 convT3x3:1"
        )
    specs = tuple(parse_layer(token, i + 1) for i, token in enumerate(tokens))
    if mirror:
        specs = specs + mirror_specs(specs, shape)
    layers: list[tuple[ConvSpec, Shape, Shape, int, int, str, str]] = []
    current = shape
    for i, spec in enumerate(specs):
        out, weights, biases, formula, shape_formula = _apply(spec, current, i + 1, bias)
        layers.append((spec, current, out, weights, biases, formula, shape_formula))
        current = out
    output_matches = current == shape
    sizes = [size_of(entry[2]) for entry in layers]
    code = _code_index(sizes, output_matches)
    built: list[ConvLayer] = []
    steps: list[Step] = []
    for i, (spec, in_shape, out, weights, biases, formula, shape_formula) in enumerate(layers):
        part: Literal["encoder", "decoder"] = "encoder" if i < code else "decoder"
        macs = out[0] * out[1] * spec.kernel[0] * spec.kernel[1] * in_shape[2] * spec.filters
        layer = ConvLayer(
            index=i + 1,
            spec=spec,
            input_shape=in_shape,
            output_shape=out,
            part=part,
            weights=weights,
            biases=biases,
            multiply_adds=macs if spec.kind in ("conv", "convT") else 0,
            formula=formula,
            shape_formula=shape_formula,
        )
        built.append(layer)
        steps.append(
            Step(
                f"layer {i + 1} {spec.canonical()}: {shape_text(in_shape)} → {shape_text(out)}",
                formula,
                layer.params,
            )
        )
    encoder = sum(x.params for x in built if x.part == "encoder")
    decoder = sum(x.params for x in built if x.part == "decoder")
    steps.append(
        Step("encoder", " + ".join(str(x.params) for x in built if x.part == "encoder"), encoder)
    )
    steps.append(
        Step(
            "decoder",
            " + ".join(str(x.params) for x in built if x.part == "decoder") or "0",
            decoder,
        )
    )
    steps.append(Step("total", f"{encoder} + {decoder}", encoder + decoder))
    input_size = size_of(shape)
    code_size = sizes[code - 1]
    ratio = Fraction(input_size, code_size)
    warnings: list[str] = []
    if not output_matches:
        warnings.append(
            f"The output shape {shape_text(current)} differs from the input shape "
            f"{shape_text(shape)}: this is not a whole autoencoder (an encoder alone, or a decoder "
            "that does not undo it). The counts are still right for the layers given."
        )
    notes = _notes(shape, built, code, ratio, bias)
    return ConvParamCount(
        input_shape=shape,
        layers=tuple(built),
        code_index=code,
        encoder_params=encoder,
        decoder_params=decoder,
        total_params=encoder + decoder,
        classification=classify(input_size, code_size, convention),
        compression_ratio=ratio,
        output_matches_input=output_matches,
        mirrored=mirror,
        bias=bias,
        warnings=tuple(warnings),
        notes=notes,
        steps=tuple(steps),
    )


def _notes(
    shape: Shape, layers: list[ConvLayer], code: int, ratio: Fraction, bias: bool
) -> tuple[str, ...]:
    code_shape = layers[code - 1].output_shape
    notes = [
        f"Latent (code) = output of layer {code}: {shape_text(code_shape)} = "
        f"{size_of(code_shape):,} values, against {size_of(shape):,} input values."
    ]
    if ratio < 1:
        notes.append(
            f"Compression ratio {size_of(shape):,} / {size_of(code_shape):,} = {_fraction_text(ratio)} "
            f"< 1: this is an expansion, not a compression — the code holds "
            f"{size_of(code_shape) / size_of(shape):.4g}× as many values as the input "
            "(the extra channels outweigh the smaller height and width)."
        )
    notes.append(
        "A (transpose) convolution with a K×K kernel from C_in to C_out channels has "
        "K·K·C_in·C_out weights"
        + (" + C_out biases" if bias else "")
        + "; the same filters slide over every position, so the count does not depend on H×W. "
        "Pooling and upsampling have no parameters."
    )
    if any(x.spec.kind in ("conv", "convT") and x.spec.padding is None for x in layers):
        notes.append(
            'Convolutions default to stride 1 and "same" padding (the output keeps the input\'s '
            "height and width); write e.g. conv3x3s2p0:16 for stride 2 and no padding."
        )
    for layer in layers:
        spec = layer.spec
        if spec.kind == "conv" and spec.padding is not None and spec.stride > 1:
            h = layer.input_shape[0]
            left = (h + 2 * spec.padding - spec.kernel[0]) % spec.stride
            if left:
                notes.append(
                    f"Layer {layer.index} {spec.canonical()}: the stride does not fit exactly; "
                    f"the last {left} padded row(s) are never covered (the ⌊ ⌋ in the formula)."
                )
    return tuple(notes)
