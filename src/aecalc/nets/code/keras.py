"""Keras' layers, one entry per class: how ``keras.layers`` reads as tokens and is written back.

Conventions Keras fixes and the tokens must say: padding is ``"valid"`` (``conv3x3p0``,
``pool2:valid``) or ``"same"`` (⌈H/S⌉, aecalc's "same", also for pools), any other padding is a
``ZeroPadding2D(P)`` before a valid convolution (read and written as ``pP``); a transposed
convolution's output with ``output_padding=None`` is H·S ("same") or H·S + max(K − S, 0)
("valid"), and with an ``output_padding`` it is (H − 1)·S + K − 2P + O where P is K // 2 for
"same"; tensors are channels last, as aecalc's shapes; a layer does not declare its input size,
but the first may give the model's (``input_shape=``), as ``keras.Input(shape=…)`` does.

:data:`LAYERS` maps a class name to its entry, :data:`EMITTERS` a token kind to the entry that
writes it.
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
from aecalc.nets.conv.shapes import Pair, Shape

NAME = "keras"
TITLE = "Keras"
RELU = "layers.ReLU()"
SIGMOID = 'layers.Activation("sigmoid")'


class KerasLayer(CodeLayer):
    """Every Keras layer may carry the model's input shape (``input_shape=`` on the first)."""

    __slots__ = ()

    def read(self, args: Arguments, pads: Pair | None) -> Read:
        read = self.read_layer(args, pads)
        if args.given("input_shape"):
            return Read(read.token, read.takes, args.shape("input_shape"), read.pads)
        return read

    def read_layer(self, args: Arguments, pads: Pair | None) -> Read:
        raise NotImplementedError

    @staticmethod
    def channels_last(args: Arguments) -> None:
        if args.word("data_format", "channels_last") != "channels_last":
            raise fail(args.line, f"{args.what}: aecalc's shapes are channels last (H×W×C)")

    @staticmethod
    def mode(args: Arguments) -> str:
        mode = args.word("padding", "valid")
        if mode not in ("same", "valid"):
            raise fail(args.line, f"{args.what}: padding={mode!r} is not 'same' or 'valid'")
        return mode


class Conv2D(KerasLayer):
    __slots__ = ()
    weighted = True
    names = ("Conv2D", "Convolution2D")
    kind = "conv"
    signature = (
        "filters",
        "kernel_size",
        "strides",
        "padding",
        "data_format",
        "dilation_rate",
        "groups",
        "activation",
        "use_bias",
    )

    def read_layer(self, args: Arguments, pads: Pair | None) -> Read:
        filters = args.whole("filters")
        kernel = args.pair("kernel_size")
        stride = args.pair("strides", 1)
        dilation = args.pair("dilation_rate", 1)
        self.channels_last(args)
        args.refuse("groups", 1, "(a grouped convolution) is not counted by aecalc's tokens")
        mode = self.mode(args)
        if pads is not None and mode == "same":
            raise fail(args.line, f"{args.what}: ZeroPadding2D before a 'same' convolution")
        padding = None if mode == "same" else (pads or (0, 0))
        bias = args.flag("use_bias", True)
        return Read(kernel_token("conv", kernel, stride, padding, filters, bias, dilation=dilation))

    def emit(self, spec: LayerToken, shape: Shape) -> tuple[str, ...]:
        made = call_text(
            "layers.Conv2D",
            str(spec.filters),
            code_pair(spec.kernel),
            keyword("strides", spec.stride, 1),
            'padding="same"' if spec.padding is None else 'padding="valid"',
            keyword("dilation_rate", spec.dilation, 1),
            "" if spec.bias else "use_bias=False",
        )
        if spec.padding is not None and spec.padding != (0, 0):
            return (f"layers.ZeroPadding2D({code_pair(spec.padding)})", made)
        return (made,)


class Conv2DTranspose(KerasLayer):
    __slots__ = ()
    weighted = True
    names = ("Conv2DTranspose", "Convolution2DTranspose")
    kind = "convT"
    signature = (
        "filters",
        "kernel_size",
        "strides",
        "padding",
        "output_padding",
        "data_format",
        "dilation_rate",
        "activation",
        "use_bias",
    )

    def read_layer(self, args: Arguments, pads: Pair | None) -> Read:
        filters = args.whole("filters")
        kernel = args.pair("kernel_size")
        stride = args.pair("strides", 1)
        dilation = args.pair("dilation_rate", 1)
        self.channels_last(args)
        mode = self.mode(args)
        bias = args.flag("use_bias", True)
        spans = [span(k, d) for k, d in zip(kernel, dilation, strict=True)]
        given = args.value("output_padding") is not None
        if mode == "same" and not given:
            return Read(
                kernel_token("convT", kernel, stride, None, filters, bias, dilation=dilation)
            )
        if given:  # (H − 1)·S + K' − 2P + O, P = K' // 2 for "same", 0 for "valid"
            o = args.pair("output_padding", minimum=0)
            p = (spans[0] // 2, spans[1] // 2) if mode == "same" else (0, 0)
        else:  # valid, no output padding: H·S + max(K' − S, 0)
            p = (0, 0)
            o = (max(stride[0] - spans[0], 0), max(stride[1] - spans[1], 0))
        return Read(kernel_token("convT", kernel, stride, p, filters, bias, o, dilation))

    def emit(self, spec: LayerToken, shape: Shape) -> tuple[str, ...]:
        mode = 'padding="same"'
        output_padding = ""
        if spec.padding is not None:
            spans = [span(k, d) for k, d in zip(spec.kernel, spec.dilation, strict=True)]
            if spec.padding == (0, 0):
                mode = 'padding="valid"'
            elif spec.padding != (spans[0] // 2, spans[1] // 2):
                raise cannot_write(
                    TITLE,
                    f"{spec.layer} (Keras pads a transposed convolution by 0, 'valid', or by "
                    "K // 2, 'same', only)",
                )
            output_padding = f"output_padding={code_pair(spec.output_padding)}"
        return (
            call_text(
                "layers.Conv2DTranspose",
                str(spec.filters),
                code_pair(spec.kernel),
                keyword("strides", spec.stride, 1),
                mode,
                output_padding,
                keyword("dilation_rate", spec.dilation, 1),
                "" if spec.bias else "use_bias=False",
            ),
        )


class MaxPooling2D(KerasLayer):
    __slots__ = ()
    names = ("MaxPooling2D", "MaxPool2D")
    kind = "pool"
    signature = ("pool_size", "strides", "padding", "data_format")
    spelling: ClassVar[str] = "layers.MaxPooling2D"

    def read_layer(self, args: Arguments, pads: Pair | None) -> Read:
        size = args.square("pool_size", 2)
        stride = size if args.value("strides") is None else args.square("strides")
        self.channels_last(args)
        return Read(pool_token(self.kind, size, stride, self.mode(args)))

    def emit(self, spec: LayerToken, shape: Shape) -> tuple[str, ...]:
        size, stride = spec.kernel[0], spec.stride[0]
        return (
            call_text(
                self.spelling,
                str(size),
                f"strides={stride}" if stride != size else "",
                'padding="same"' if spec.pool_padding == "same" else "",
            ),
        )


class AveragePooling2D(MaxPooling2D):
    __slots__ = ()
    names = ("AveragePooling2D", "AvgPool2D")
    kind = "avgpool"
    spelling = "layers.AveragePooling2D"


class UpSampling2D(KerasLayer):
    __slots__ = ()
    names = ("UpSampling2D",)
    kind = "up"
    signature = ("size", "data_format", "interpolation")

    def read_layer(self, args: Arguments, pads: Pair | None) -> Read:
        self.channels_last(args)
        return Read(f"up{args.square('size', 2)}")

    def emit(self, spec: LayerToken, shape: Shape) -> tuple[str, ...]:
        return (f"layers.UpSampling2D({spec.kernel[0]})",)


class BatchNormalization(KerasLayer):
    __slots__ = ()
    weighted = True
    names = ("BatchNormalization",)
    kind = "bn"
    signature = ("axis", "momentum", "epsilon", "center", "scale")

    def read_layer(self, args: Arguments, pads: Pair | None) -> Read:
        args.refuse("axis", -1, "normalises another axis than the channels")
        for name in ("center", "scale"):
            if not args.flag(name, True):
                raise fail(
                    args.line,
                    f"{args.what}: {name}=False leaves out γ or β; aecalc's bn has both",
                )
        return Read("bn")

    def emit(self, spec: LayerToken, shape: Shape) -> tuple[str, ...]:
        return ("layers.BatchNormalization()",)


class Dropout(KerasLayer):
    __slots__ = ()
    names = ("Dropout", "SpatialDropout2D", "AlphaDropout", "GaussianDropout")
    kind = "dropout"
    signature = ("rate", "noise_shape", "seed")

    def read_layer(self, args: Arguments, pads: Pair | None) -> Read:
        rate = args.value("rate")
        if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 <= rate < 1:
            raise fail(args.line, f"{args.what}'s rate is {shown(rate)}, not a probability below 1")
        return Read(dropout_token(rate))

    def emit(self, spec: LayerToken, shape: Shape) -> tuple[str, ...]:
        rate = 0.5 if spec.rate is None else float(spec.rate)
        return (f"layers.Dropout({rate!r})",)


class Flatten(KerasLayer):
    __slots__ = ()
    names = ("Flatten",)
    kind = "flatten"
    signature = ("data_format",)

    def read_layer(self, args: Arguments, pads: Pair | None) -> Read:
        self.channels_last(args)
        return Read("flatten")

    def emit(self, spec: LayerToken, shape: Shape) -> tuple[str, ...]:
        return ("layers.Flatten()",)


class Reshape(KerasLayer):
    __slots__ = ()
    names = ("Reshape",)
    kind = "reshape"
    signature = ("target_shape",)

    def read_layer(self, args: Arguments, pads: Pair | None) -> Read:
        target = args.value("target_shape")
        if not isinstance(target, tuple) or len(target) not in (2, 3):
            raise fail(
                args.line,
                f"{args.what}'s target_shape is {shown(target)}: aecalc reshapes to (H, W, C) "
                "(for a flat vector write Flatten())",
            )
        h, w, c = (args.whole_of(v, "target_shape") for v in (*target, 1)[:3])
        return Read(reshape_token(h, w, c))

    def emit(self, spec: LayerToken, shape: Shape) -> tuple[str, ...]:
        h, w, c = spec.target
        return (f"layers.Reshape(({h}, {w}, {c}))",)


class Dense(KerasLayer):
    __slots__ = ()
    weighted = True
    names = ("Dense",)
    kind = "dense"
    signature = ("units", "activation", "use_bias")

    def read_layer(self, args: Arguments, pads: Pair | None) -> Read:
        units = args.whole("units")
        return Read(dense_token(units, args.flag("use_bias", True)))

    def emit(self, spec: LayerToken, shape: Shape) -> tuple[str, ...]:
        bias = "" if spec.bias else "use_bias=False"
        return (call_text("layers.Dense", str(spec.filters), bias),)


class ZeroPadding2D(KerasLayer):
    """Padding for the valid convolution after it: read together as one ``convKxKpP`` token."""

    __slots__ = ()
    names = ("ZeroPadding2D",)
    signature = ("padding", "data_format")

    def read_layer(self, args: Arguments, pads: Pair | None) -> Read:
        self.channels_last(args)
        value = args.value("padding", 1)
        if not isinstance(value, tuple):
            value = (value, value)
        sides = [v if isinstance(v, tuple) else (v, v) for v in value]
        if any(len(side) != 2 or side[0] != side[1] for side in sides):
            raise fail(
                args.line,
                f"{args.what}({shown(value)}) pads unevenly, which aecalc's tokens do not express",
            )
        value = tuple(side[0] for side in sides)
        if len(value) != 2:
            raise fail(args.line, f"{args.what}'s padding is {shown(value)}: one number or two")
        pads = (args.whole_of(value[0], "padding", 0), args.whole_of(value[1], "padding", 0))
        return Read(None, pads=pads)


class Input(KerasLayer):
    """``keras.Input(shape=…)`` and ``layers.InputLayer(shape=…)``: the model's input shape."""

    __slots__ = ()
    names = ("Input", "InputLayer")
    signature = ("shape", "batch_size", "dtype")

    def read_layer(self, args: Arguments, pads: Pair | None) -> Read:
        name = "shape" if args.given("shape") else "input_shape"
        if not args.given(name):
            raise fail(args.line, f"{args.what} needs its shape=(H, W, C)")
        return Read(None, input_shape=args.shape(name))


class Activation(KerasLayer):
    """Layers without parameters that keep the shape: read and left out of the count."""

    __slots__ = ()
    names = (
        "Activation", "ReLU", "LeakyReLU", "ELU", "Softmax", "ThresholdedReLU", "GaussianNoise",
        "Identity",
    )  # fmt: skip
    passive = True

    def read_layer(self, args: Arguments, pads: Pair | None) -> Read:
        return Read(None)


_ENTRIES: tuple[CodeLayer, ...] = (
    Conv2D(),
    Conv2DTranspose(),
    MaxPooling2D(),
    AveragePooling2D(),
    UpSampling2D(),
    BatchNormalization(),
    Dropout(),
    Flatten(),
    Reshape(),
    Dense(),
    ZeroPadding2D(),
    Input(),
    Activation(),
)

LAYERS: dict[str, CodeLayer] = {name: entry for entry in _ENTRIES for name in entry.names}
#: layers that join branches: a model that uses them is not a chain of layers
BRANCHES = ("Concatenate", "Add", "Multiply", "Average", "Subtract", "Maximum", "Minimum", "Dot")
EMITTERS: dict[str, CodeLayer] = {}
for _entry in _ENTRIES:
    if _entry.kind is not None:
        EMITTERS.setdefault(_entry.kind, _entry)
