"""What every entry of a framework's layer table provides, in both directions.

A :class:`CodeLayer` is one layer class of PyTorch or Keras (``nn.Conv2d``, ``layers.Dense``, …):
the names it goes by, the token kind of :data:`aecalc.nets.conv.tokens.RULES` whose parameter
rule counts it, how a call's arguments read as a token (:meth:`CodeLayer.read`) and how a token
is written back as a call (:meth:`CodeLayer.emit`). The tables are
:data:`aecalc.nets.code.pytorch.LAYERS` and :data:`aecalc.nets.code.keras.LAYERS`; the reader and
the emitter both go through them, so a layer read one way is written the same way back.

:class:`Arguments` binds a call's arguments to the parameter names of the class, as Python would,
and reads each one when asked — folded to a number (:mod:`aecalc.nets.code.literals`) or an error
that names the argument, its line and asks for the value.
"""

from __future__ import annotations

import ast
from typing import ClassVar

from aecalc.errors import InputError
from aecalc.nets.code.literals import Folder, Unresolved, Value, shown
from aecalc.nets.code.source import fail
from aecalc.nets.conv.rule import NO_BIAS, LayerToken
from aecalc.nets.conv.shapes import Pair, Shape, pair_text
from aecalc.record import Record


class Read(Record):
    """One layer call, read.

    ``token`` is the aecalc token (None for a layer that neither has parameters nor changes the
    shape: an activation, an ``Input``); ``takes`` is the input size the call declares (PyTorch's
    ``in_channels``, ``in_features``, ``num_features``), checked against the count;
    ``input_shape`` is a shape the call gives for the whole model
    (Keras ``Input(shape=…)``, ``input_shape=``); ``pads`` is Keras' ``ZeroPadding2D`` waiting for
    the convolution after it.
    """

    token: str | None
    takes: int | None = None
    input_shape: Shape | None = None
    pads: Pair | None = None


class Arguments:
    """A call's arguments under the parameter names of the layer class, read on demand."""

    __slots__ = ("bound", "call", "folder", "line", "local", "what")

    def __init__(
        self,
        call: ast.Call,
        what: str,
        signature: tuple[str, ...],
        folder: Folder,
        local: frozenset[str] = frozenset(),
    ) -> None:
        self.call = call
        self.what = what
        self.folder = folder
        self.local = local
        self.line = call.lineno
        self.bound: dict[str, ast.expr] = {}
        if len(call.args) > len(signature):
            raise fail(
                self.line,
                f"{what} takes at most {len(signature)} positional arguments, not {len(call.args)}",
            )
        for name, node in zip(signature, call.args, strict=False):
            if isinstance(node, ast.Starred):
                raise fail(
                    self.line,
                    f"{what}: aecalc reads arguments as written, not *{folder.source.segment(node.value)}",
                )
            self.bound[name] = node
        for keyword in call.keywords:
            if keyword.arg is None:
                raise fail(
                    self.line,
                    f"{what}: aecalc reads arguments as written, not **{folder.source.segment(keyword.value)}",
                )
            self.bound[keyword.arg] = keyword.value

    def given(self, name: str) -> bool:
        return name in self.bound

    def value(self, name: str, default: Value = None) -> Value:
        """The folded argument, or ``default`` when it is not given."""
        node = self.bound.get(name)
        if node is None:
            return default
        try:
            return self.folder.fold(node, self.local)
        except Unresolved as missing:
            if missing.name in self.local:
                where = "write the number in the call"
            elif missing.name.isidentifier():
                where = f"write the number in the call, or set {missing.name} = … once at the top"
            else:
                where = "write the number in the call, or a constant set once at the top"
            raise fail(
                self.line,
                f"{self.what}'s {name} is {missing.name}: {missing.why}. aecalc reads the code "
                f"without running it: {where}",
            ) from None

    def whole(self, name: str, default: int | None = None, minimum: int = 1) -> int:
        """A whole number (an integral float such as ``784 / 4`` counts), at least ``minimum``."""
        value = self.value(name, default)
        if value is None:
            raise fail(self.line, f"{self.what} needs its {name}")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail(self.line, f"{self.what}'s {name} is {shown(value)}, not a whole number")
        if value < minimum:
            raise fail(self.line, f"{self.what}'s {name} must be at least {minimum}, not {value}")
        return value

    def pair(self, name: str, default: int | None = None, minimum: int = 1) -> tuple[int, int]:
        """A number or a (height, width) pair: ``3`` → (3, 3), ``(3, 5)`` → (3, 5)."""
        value = self.value(name, default)
        if isinstance(value, tuple):
            if len(value) != 2:
                raise fail(
                    self.line, f"{self.what}'s {name} {shown(value)} is not one number or two"
                )
            return (
                _whole(value[0], self, name, minimum),
                _whole(value[1], self, name, minimum),
            )
        if value is None:
            raise fail(self.line, f"{self.what} needs its {name}")
        size = _whole(value, self, name, minimum)
        return size, size

    def whole_of(self, value: Value, name: str, minimum: int = 1) -> int:
        """One item of a folded tuple argument as a whole number."""
        return _whole(value, self, name, minimum)

    def square(self, name: str, default: int | None = None, minimum: int = 1) -> int:
        """One number for both axes (pool sizes, upsampling factors): ``(2, 2)`` reads as 2."""
        height, width = self.pair(name, default, minimum)
        if height != width:
            raise fail(
                self.line,
                f"{self.what}: a {name} of ({height}, {width}) differs per axis, which aecalc's "
                "pool and upsampling tokens do not express",
            )
        return height

    def word(self, name: str, default: str) -> str:
        value = self.value(name, default)
        if not isinstance(value, str):
            raise fail(
                self.line, f"{self.what}'s {name} is {shown(value)}, not a word such as {default!r}"
            )
        return value.lower()

    def flag(self, name: str, default: bool) -> bool:
        value = self.value(name, default)
        if not isinstance(value, bool):
            raise fail(self.line, f"{self.what}'s {name} is {shown(value)}, not True or False")
        return value

    def shape(self, name: str) -> Shape | None:
        """A Keras shape without the batch axis: ``(28, 28, 1)``, ``(28, 28)`` (one channel) or
        ``(784,)``; None where it leaves a size open (``(None, None, 3)``: the input must come
        from ``--input``)."""
        value = self.value(name)
        if isinstance(value, int) and not isinstance(value, bool):
            value = (value,)
        if not isinstance(value, tuple) or len(value) not in (1, 2, 3):
            raise fail(
                self.line,
                f"{self.what}'s {name} is {shown(value)}: aecalc reads (H, W, C) images or (N,) "
                "vectors",
            )
        if any(v is None for v in value):
            return None
        sizes = tuple(_whole(v, self, name, 1) for v in value)
        return (*sizes, 1) if len(sizes) == 2 else sizes

    def refuse(self, name: str, allowed: Value, why: str) -> None:
        """An argument aecalc cannot express unless it has its harmless value."""
        if name in self.bound and self.value(name, allowed) != allowed:
            raise fail(self.line, f"{self.what}: {name}={shown(self.value(name))} {why}")


def _whole(value: Value, args: Arguments, name: str, minimum: int) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise fail(
            args.line, f"{args.what}'s {name} has {shown(value)}, not a whole number ≥ {minimum}"
        )
    return value


class CodeLayer:
    """One layer class of a framework. Subclasses set the class attributes and override what
    applies to them."""

    __slots__ = ()

    #: the class names (``Conv2d``; ``BatchNorm1d`` and ``BatchNorm2d`` share an entry)
    names: ClassVar[tuple[str, ...]]
    #: the token kind of RULES that counts it (None: no parameters, the shape unchanged)
    kind: ClassVar[str | None] = None
    #: the constructor's parameters in order, for binding positional arguments
    signature: ClassVar[tuple[str, ...]] = ()
    #: a layer that computes nothing the count needs (activations)
    passive: ClassVar[bool] = False
    #: a layer with weights: applying it twice would share them
    weighted: ClassVar[bool] = False

    def read(self, args: Arguments, pads: Pair | None) -> Read:
        """The token of a call; ``pads`` is a Keras ``ZeroPadding2D`` just before it."""
        raise NotImplementedError

    def emit(self, spec: LayerToken, shape: Shape) -> tuple[str, ...]:
        """The call(s) that make the layer ``spec`` on an input of ``shape``."""
        raise NotImplementedError


def kernel_token(
    kind: str,
    kernel: Pair,
    stride: Pair,
    padding: Pair | None,
    filters: int,
    bias: bool,
    output_padding: Pair = (0, 0),
    dilation: Pair = (1, 1),
) -> str:
    """``conv3x3s2p1:16``, ``convT3x3s2x1p1o1x0:16:nobias`` — the token grammar's spelling."""
    text = f"{kind}{kernel[0]}x{kernel[1]}"
    if stride != (1, 1):
        text += f"s{pair_text(stride)}"
    if padding is not None:
        text += f"p{pair_text(padding)}"
    if output_padding != (0, 0):
        text += f"o{pair_text(output_padding)}"
    if dilation != (1, 1):
        text += f"d{pair_text(dilation)}"
    return f"{text}:{filters}" + ("" if bias else NO_BIAS)


def pool_token(kind: str, size: int, stride: int, mode: str) -> str:
    """``pool2:valid``, ``avgpool3s2:same``."""
    s = "" if stride == size else f"s{stride}"
    return f"{kind}{size}{s}:{mode}"


def dropout_token(rate: Value) -> str:
    """``dropout`` for the default ½, else ``dropout:0.25``."""
    if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 <= rate < 1:
        raise ValueError(rate)
    return "dropout" if rate == 0.5 else f"dropout:{float(rate)!r}"


def reshape_token(height: int, width: int, channels: int) -> str:
    return f"reshape:{height}x{width}x{channels}"


def dense_token(units: int, bias: bool) -> str:
    return f"dense:{units}" + ("" if bias else NO_BIAS)


def call_text(name: str, *arguments: str) -> str:
    """``nn.Conv2d(1, 16, 3, padding=1)`` from its name and the arguments that are given."""
    return f"{name}({', '.join(a for a in arguments if a)})"


def span(kernel: int, dilation: int) -> int:
    """How many input positions a dilated kernel covers: D·(K − 1) + 1."""
    return dilation * (kernel - 1) + 1


def keyword(name: str, pair: Pair, default: int) -> str:
    """``stride=2`` or ``padding=(1, 2)``, or nothing where the pair is the default."""
    return "" if pair == (default, default) else f"{name}={code_pair(pair)}"


def cannot_write(framework: str, what: str) -> InputError:
    """The error of ``--emit`` for a layer the framework has no spelling of."""
    return InputError("--emit", f"{what} has no {framework} form")


def code_pair(pair: Pair) -> str:
    """``3`` or ``(3, 5)``, as both frameworks take a kernel size or a stride."""
    return str(pair[0]) if pair[0] == pair[1] else f"({pair[0]}, {pair[1]})"
