"""PyTorch's layers, one entry per class: how ``torch.nn`` reads as tokens and is written back.

Conventions PyTorch fixes and the tokens must say: a convolution's padding defaults to 0
(``conv3x3p0``; ``padding="same"`` is aecalc's "same"), pools round down unless ``ceil_mode=True``
(``pool2:valid`` / ``pool2:same``), tensors are channels first (``nn.Unflatten(1, (C, H, W))``
is ``reshape:HxWxC``), and a layer declares its input size (``in_channels``, ``in_features``,
``num_features``), which the reader checks against the shape the count computes.

:data:`LAYERS` maps a class name to its entry, :data:`EMITTERS` a token kind to the entry that
writes it; the functional forms a ``forward`` may call instead of a module are
:mod:`aecalc.nets.code.pytorch_forward`.
"""

from __future__ import annotations

from typing import ClassVar

from aecalc.nets.code.layer import (
    Arguments,
    CodeLayer,
    Read,
    call_text,
    cannot_write,
    code_pair,
    dense_token,
    dropout_token,
    kernel_token,
    keyword,
    pool_token,
    reshape_token,
    span,
)
from aecalc.nets.code.literals import shown
from aecalc.nets.code.source import fail
from aecalc.nets.conv.rule import LayerToken
from aecalc.nets.conv.shapes import Pair, Shape, is_flat

NAME = "pytorch"
TITLE = "PyTorch"
RELU = "nn.ReLU()"
SIGMOID = "nn.Sigmoid()"


def _same_padding(spec: LayerToken, shape: Shape) -> Pair:
    """The padding on each side that gives aecalc's "same" output ⌈H/S⌉ with a stride: half the
    padding needed, rounded up (Keras puts the odd row after; with S ≥ 2 the extra row PyTorch
    adds before does not change the size)."""
    padding = []
    for size, k, s, d in zip(shape[:2], spec.kernel, spec.stride, spec.dilation, strict=True):
        total = max((-(-size // s) - 1) * s + span(k, d) - size, 0)
        if total % 2 and s == 1:
            raise cannot_write(
                TITLE,
                f"{spec.layer} ('same' with an even kernel along an axis of stride 1 but not "
                "the other; write its padding pP)",
            )
        padding.append(-(-total // 2))
    return padding[0], padding[1]


class Conv2d(CodeLayer):
    __slots__ = ()
    weighted = True
    names = ("Conv2d", "LazyConv2d")
    kind = "conv"
    signature = (
        "in_channels",
        "out_channels",
        "kernel_size",
        "stride",
        "padding",
        "dilation",
        "groups",
        "bias",
        "padding_mode",
    )

    def read(self, args: Arguments, pads: Pair | None) -> Read:
        c_in = args.whole("in_channels")
        filters = args.whole("out_channels")
        kernel = args.pair("kernel_size")
        stride = args.pair("stride", 1)
        dilation = args.pair("dilation", 1)
        args.refuse("groups", 1, "(a grouped convolution) is not counted by aecalc's tokens")
        padding = self._padding(args, stride)
        bias = args.flag("bias", True)
        token = kernel_token("conv", kernel, stride, padding, filters, bias, dilation=dilation)
        return Read(token, c_in)

    @staticmethod
    def _padding(args: Arguments, stride: Pair) -> Pair | None:
        written = args.value("padding", 0)
        if isinstance(written, str):
            word = written.lower()
            if word == "valid":
                return 0, 0
            if word == "same" and stride == (1, 1):
                return None
            raise fail(args.line, f"{args.what}: padding={written!r} is not one PyTorch takes here")
        return args.pair("padding", 0, minimum=0)

    def emit(self, spec: LayerToken, shape: Shape) -> tuple[str, ...]:
        padding = ""
        if spec.padding is None and spec.stride == (1, 1):
            padding = 'padding="same"'
        else:
            pads = _same_padding(spec, shape) if spec.padding is None else spec.padding
            padding = keyword("padding", pads, 0)
        return (
            call_text(
                "nn.Conv2d",
                str(shape[2]),
                str(spec.filters),
                code_pair(spec.kernel),
                keyword("stride", spec.stride, 1),
                padding,
                keyword("dilation", spec.dilation, 1),
                "" if spec.bias else "bias=False",
            ),
        )


class ConvTranspose2d(CodeLayer):
    __slots__ = ()
    weighted = True
    names = ("ConvTranspose2d", "LazyConvTranspose2d")
    kind = "convT"
    signature = (
        "in_channels",
        "out_channels",
        "kernel_size",
        "stride",
        "padding",
        "output_padding",
        "groups",
        "bias",
        "dilation",
        "padding_mode",
    )

    def read(self, args: Arguments, pads: Pair | None) -> Read:
        c_in = args.whole("in_channels")
        filters = args.whole("out_channels")
        args.refuse("groups", 1, "(a grouped convolution) is not counted by aecalc's tokens")
        token = kernel_token(
            "convT",
            args.pair("kernel_size"),
            args.pair("stride", 1),
            args.pair("padding", 0, minimum=0),
            filters,
            args.flag("bias", True),
            args.pair("output_padding", 0, minimum=0),
            args.pair("dilation", 1),
        )
        return Read(token, c_in)

    def emit(self, spec: LayerToken, shape: Shape) -> tuple[str, ...]:
        padding, output_padding = spec.padding, spec.output_padding
        if padding is None:  # "same": (H − 1)·S − 2P + D·(K − 1) + 1 + O = H·S
            pads, extra = [], []
            for k, s, d in zip(spec.kernel, spec.stride, spec.dilation, strict=True):
                p = max(-(-(span(k, d) - s) // 2), 0)
                o = 2 * p - (span(k, d) - s)
                if o >= max(s, d):
                    raise cannot_write(
                        TITLE,
                        f"{spec.layer} ('same' here needs an output padding of {o}, which "
                        "PyTorch refuses; write its padding pP)",
                    )
                pads.append(p)
                extra.append(o)
            padding, output_padding = (pads[0], pads[1]), (extra[0], extra[1])
        return (
            call_text(
                "nn.ConvTranspose2d",
                str(shape[2]),
                str(spec.filters),
                code_pair(spec.kernel),
                keyword("stride", spec.stride, 1),
                keyword("padding", padding, 0),
                keyword("output_padding", output_padding, 0),
                keyword("dilation", spec.dilation, 1),
                "" if spec.bias else "bias=False",
            ),
        )


class MaxPool2d(CodeLayer):
    __slots__ = ()
    names: ClassVar[tuple[str, ...]] = ("MaxPool2d",)
    kind = "pool"
    signature: ClassVar[tuple[str, ...]] = (
        "kernel_size",
        "stride",
        "padding",
        "dilation",
        "return_indices",
        "ceil_mode",
    )
    spelling: ClassVar[str] = "nn.MaxPool2d"

    def read(self, args: Arguments, pads: Pair | None) -> Read:
        size = args.square("kernel_size")
        stride = size if args.value("stride") is None else args.square("stride")
        args.refuse("padding", 0, "(explicit pool padding) is not counted by aecalc's tokens")
        args.refuse("dilation", 1, "(a dilated pool) is not counted by aecalc's tokens")
        mode = "valid"
        if args.flag("ceil_mode", False):
            if stride != size:
                raise fail(
                    args.line,
                    f"{args.what}: ceil_mode=True with a stride other than the pool size rounds "
                    "differently from Keras' 'same': aecalc's tokens do not express it",
                )
            mode = "same"
        return Read(pool_token(self.kind, size, stride, mode))

    def emit(self, spec: LayerToken, shape: Shape) -> tuple[str, ...]:
        size, stride = spec.kernel[0], spec.stride[0]
        ceil = ""
        if spec.pool_padding == "same":
            for h in shape[:2]:
                out = -(-(h - size) // stride) + 1
                if (out - 1) * stride >= h:
                    out -= 1
                if out != -(-h // stride):
                    raise cannot_write(
                        TITLE, f"{spec.layer} (on {h}, ceil_mode gives {out}, not ⌈{h}/{stride}⌉)"
                    )
            ceil = "ceil_mode=True"
        return (
            call_text(self.spelling, str(size), f"stride={stride}" if stride != size else "", ceil),
        )


class AvgPool2d(MaxPool2d):
    __slots__ = ()
    names = ("AvgPool2d",)
    kind = "avgpool"
    signature = (
        "kernel_size",
        "stride",
        "padding",
        "ceil_mode",
        "count_include_pad",
        "divisor_override",
    )
    spelling = "nn.AvgPool2d"


class Upsample(CodeLayer):
    __slots__ = ()
    names: ClassVar[tuple[str, ...]] = ("Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d")
    kind = "up"
    signature: ClassVar[tuple[str, ...]] = (
        "size",
        "scale_factor",
        "mode",
        "align_corners",
        "recompute_scale_factor",
    )

    def read(self, args: Arguments, pads: Pair | None) -> Read:
        if args.value("size") is not None:
            raise fail(
                args.line,
                f"{args.what}: size= sets the output size, not a factor: write "
                "scale_factor=K (aecalc's upK)",
            )
        factor = args.square("scale_factor")
        return Read(f"up{factor}")

    def emit(self, spec: LayerToken, shape: Shape) -> tuple[str, ...]:
        return (f"nn.Upsample(scale_factor={spec.kernel[0]})",)


class BatchNorm(CodeLayer):
    __slots__ = ()
    weighted = True
    names = ("BatchNorm2d", "BatchNorm1d")
    kind = "bn"
    signature = ("num_features", "eps", "momentum", "affine", "track_running_stats")

    def read(self, args: Arguments, pads: Pair | None) -> Read:
        features = args.whole("num_features")
        for name in ("affine", "track_running_stats"):
            if not args.flag(name, True):
                raise fail(
                    args.line,
                    f"{args.what}: {name}=False changes what batch norm holds; aecalc's bn has "
                    "γ, β and the running statistics",
                )
        return Read("bn", features)

    def emit(self, spec: LayerToken, shape: Shape) -> tuple[str, ...]:
        name = "nn.BatchNorm1d" if is_flat(shape) else "nn.BatchNorm2d"
        return (f"{name}({shape[-1]})",)


class Dropout(CodeLayer):
    __slots__ = ()
    names = ("Dropout", "Dropout1d", "Dropout2d", "AlphaDropout", "FeatureAlphaDropout")
    kind = "dropout"
    signature = ("p", "inplace")

    def read(self, args: Arguments, pads: Pair | None) -> Read:
        rate = args.value("p", 0.5)
        if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 <= rate < 1:
            raise fail(args.line, f"{args.what}'s p is {shown(rate)}, not a probability below 1")
        return Read(dropout_token(rate))

    def emit(self, spec: LayerToken, shape: Shape) -> tuple[str, ...]:
        rate = "" if spec.rate is None else repr(float(spec.rate))
        return (call_text("nn.Dropout", rate),)


class Flatten(CodeLayer):
    __slots__ = ()
    names: ClassVar[tuple[str, ...]] = ("Flatten",)
    kind = "flatten"
    signature: ClassVar[tuple[str, ...]] = ("start_dim", "end_dim")

    def read(self, args: Arguments, pads: Pair | None) -> Read:
        args.refuse("start_dim", 1, "keeps other axes than the batch: aecalc flattens H×W×C")
        args.refuse("end_dim", -1, "keeps other axes than the batch: aecalc flattens H×W×C")
        return Read("flatten")

    def emit(self, spec: LayerToken, shape: Shape) -> tuple[str, ...]:
        return ("nn.Flatten()",)


class Unflatten(CodeLayer):
    __slots__ = ()
    names = ("Unflatten",)
    kind = "reshape"
    signature = ("dim", "unflattened_size")

    def read(self, args: Arguments, pads: Pair | None) -> Read:
        if args.whole("dim", minimum=-1) != 1:
            raise fail(
                args.line, f"{args.what}: aecalc unflattens the features (dim=1), not another axis"
            )
        size = args.value("unflattened_size")
        if not isinstance(size, tuple) or len(size) not in (2, 3):
            raise fail(
                args.line,
                f"{args.what}'s unflattened_size is {shown(size)}: aecalc reads (C, H, W)",
            )
        c, h, w = (args.whole_of(v, "unflattened_size") for v in (1, *size)[-3:])
        return Read(reshape_token(h, w, c))

    def emit(self, spec: LayerToken, shape: Shape) -> tuple[str, ...]:
        h, w, c = spec.target
        made = f"nn.Unflatten(1, ({c}, {h}, {w}))"
        return (made,) if is_flat(shape) else ("nn.Flatten()", made)


class Linear(CodeLayer):
    __slots__ = ()
    weighted = True
    names = ("Linear", "LazyLinear")
    kind = "dense"
    signature = ("in_features", "out_features", "bias")

    def read(self, args: Arguments, pads: Pair | None) -> Read:
        n_in = args.whole("in_features")
        units = args.whole("out_features")
        return Read(dense_token(units, args.flag("bias", True)), n_in)

    def emit(self, spec: LayerToken, shape: Shape) -> tuple[str, ...]:
        bias = "" if spec.bias else "bias=False"
        return (call_text("nn.Linear", str(shape[0]), str(spec.filters), bias),)


class Activation(CodeLayer):
    """Layers without parameters that keep the shape: read and left out of the count."""

    __slots__ = ()
    names: ClassVar[tuple[str, ...]] = (
        "ReLU", "ReLU6", "LeakyReLU", "Sigmoid", "Tanh", "ELU", "SELU", "CELU", "GELU", "SiLU",
        "Mish", "Softplus", "Softsign", "Softmax", "Softmax2d", "LogSoftmax", "LogSigmoid",
        "Hardtanh", "Hardsigmoid", "Hardswish", "Hardshrink", "Softshrink", "Tanhshrink",
        "Threshold", "Identity", "GLU",
    )  # fmt: skip
    passive = True

    def read(self, args: Arguments, pads: Pair | None) -> Read:
        return Read(None)


_ENTRIES: tuple[CodeLayer, ...] = (
    Conv2d(),
    ConvTranspose2d(),
    MaxPool2d(),
    AvgPool2d(),
    Upsample(),
    BatchNorm(),
    Dropout(),
    Flatten(),
    Unflatten(),
    Linear(),
    Activation(),
)

LAYERS: dict[str, CodeLayer] = {name: entry for entry in _ENTRIES for name in entry.names}
EMITTERS: dict[str, CodeLayer] = {}
for _entry in _ENTRIES:
    if _entry.kind is not None:
        EMITTERS.setdefault(_entry.kind, _entry)
