"""What every layer kind of a convolutional net provides: the rule an entry of the registry follows.

A :class:`LayerRule` is one layer kind (convolution, pool, dense, …) with everything aecalc knows
about it: its token grammar, the output shape it gives (with the formula and its numbers), its
parameters, the multiply-adds it computes and the layer that mirrors it in a decoder. The kinds
themselves live in :mod:`aecalc.nets.conv.kernels` and :mod:`aecalc.nets.conv.plain`; the one
table of them is :data:`aecalc.nets.conv.tokens.RULES`.

A rule trades in four records: :class:`LayerToken` (what ``build`` reads from a token such as
``conv3x3s2p1:16``), :class:`LayerMath` (what ``apply`` computes on an input shape),
:class:`Mirrored` (what ``mirror`` gives back) and :class:`Receptive` (what ``receptive`` gives:
the receptive field and jump after the layer). Records that hold a ``LayerToken`` call the field
``spec``, as in ``layer.spec.kind``.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any, ClassVar

from aecalc.errors import InputError
from aecalc.nets.conv.axes import PoolPadding
from aecalc.nets.conv.shapes import Pair, Shape, is_flat, shape_text
from aecalc.record import Record


class LayerToken(Record):
    """One layer token, read: its kind and numbers; ``token`` is the text as written
    (``ConvT3x3s2p1o1:16``), ``layer`` its canonical spelling (``convT3x3s2p1o1:16``)."""

    token: str
    kind: str
    layer: str
    kernel: Pair = (1, 1)
    stride: Pair = (1, 1)
    padding: Pair | None = None  # None is "same"
    output_padding: Pair = (0, 0)
    dilation: Pair = (1, 1)
    filters: int = 0  # filters of a (transpose) convolution, units of a dense layer
    pool_padding: PoolPadding = "exact"
    rate: Fraction | None = None  # dropout probability (None: the default 1/2)
    target: Shape = ()  # reshape's shape
    bias: bool = True  # False: this layer alone has no biases (``:nobias``)

    def canonical(self) -> str:
        """The token spelled in full: ``conv3x3:16``, ``pool2:same``, ``dense:16``."""
        return self.layer


class LayerMath(Record):
    """One layer applied to its input: output shape, counts, and the arithmetic behind each."""

    output_shape: Shape
    weights: int
    biases: int
    non_trainable: int
    multiply_adds: int
    shape_formula: str
    params_formula: str
    macs_formula: str


class Mirrored(Record):
    """The decoder layer that undoes an encoder layer, and what else to say about it (``how``:
    empty, or a parenthesis such as `` (back to 16 channels)``)."""

    spec: LayerToken
    how: str


class Receptive(Record):
    """The receptive field after a layer, per axis: ``size`` is how many input pixels one output
    value sees (None: all of them, after flatten or dense), ``jump`` how far apart, in input
    pixels, two neighbouring output values are (a fraction after upsampling)."""

    size: Pair | None
    jump: tuple[Fraction, Fraction]

    @staticmethod
    def start() -> Receptive:
        """The input itself: each value sees one pixel, neighbours are one pixel apart."""
        return Receptive((1, 1), (Fraction(1), Fraction(1)))

    def widened(self, spans: Pair, strides: Pair, *, shrink: bool = False) -> Receptive:
        """After a window of ``spans`` input positions moved by ``strides``: r + (span − 1)·j,
        then j·S (or j/S where ``shrink``, for upsampling and transpose convolutions)."""
        if self.size is None:
            return self
        # after upsampling a jump is a fraction: a window then sees at most ⌈r + (span − 1)·j⌉
        size = tuple(
            math.ceil(r + (span - 1) * j)
            for r, span, j in zip(self.size, spans, self.jump, strict=True)
        )
        jump = tuple(j / s if shrink else j * s for j, s in zip(self.jump, strides, strict=True))
        return Receptive((size[0], size[1]), (jump[0], jump[1]))


class LayerRule:
    """One layer kind. Subclasses set the class attributes and override what applies to them."""

    __slots__ = ()

    kind: ClassVar[str]
    #: what the table's "type" column says
    name: ClassVar[str]
    #: the grammar in words, for help texts and errors
    usage: ClassVar[str]
    #: the whole token (case-insensitive, ASCII digits)
    grammar: ClassVar[re.Pattern[str]]
    #: bn and dropout: in a mirrored decoder they stay after the layer they followed
    follower: ClassVar[bool] = False
    #: torchinfo counts (weights + biases) × H_out·W_out for this kind, else its parameters
    per_position: ClassVar[bool] = False
    #: layers that compute a code (dense): preferred as the bottleneck
    bottleneck: ClassVar[bool] = False
    #: layers with biases (conv, convT, dense): a ``:nobias`` token leaves them out
    takes_bias: ClassVar[bool] = False

    def build(self, match: re.Match[str], token: str, argument: str) -> LayerToken:
        raise NotImplementedError

    def apply(self, spec: LayerToken, shape: Shape, argument: str, bias: bool) -> LayerMath:
        raise NotImplementedError

    def mirror(self, spec: LayerToken, shape_in: Shape, shape_out: Shape) -> Mirrored | None:
        """The decoder twin; None for a layer that stays where it is (bn, dropout)."""
        return None

    def receptive(self, spec: LayerToken, before: Receptive) -> Receptive:
        """The receptive field after this layer, given the one before it (default: unchanged,
        as for batch norm and dropout)."""
        return before

    def torchinfo_mult_adds(self, math: LayerMath) -> int:
        """torchinfo's "Mult-Adds" for the layer (batch of one)."""
        params = math.weights + math.biases
        if self.per_position:
            return params * math.output_shape[0] * math.output_shape[1]
        return params


def volume(shape: Shape, argument: str, what: str) -> tuple[int, int, int]:
    """``(H, W, C)`` of a feature map; a flat vector is an error that says what to do."""
    if is_flat(shape):
        raise InputError(
            argument,
            f"{what} needs a feature map H×W×C, but its input is a flat vector of "
            f"{shape_text(shape)} values (put reshape:HxWxC before it)",
        )
    return shape[0], shape[1], shape[2]


def no_params(output: Shape, shape_formula: str) -> LayerMath:
    """A layer without parameters or multiply-adds (pools, upsampling, dropout, reshaping)."""
    return LayerMath(output, 0, 0, 0, 0, shape_formula, "0", "0")


def kernel_params(kh: int, kw: int, c_in: int, c_out: int, bias: bool) -> tuple[int, int, str]:
    """Weights, biases and ``K·K·C_in·C_out + C_out = total`` of a (transpose) convolution."""
    weights = kh * kw * c_in * c_out
    if not bias:
        return weights, 0, f"{kh}·{kw}·{c_in}·{c_out} = {weights:,} (no biases)"
    return weights, c_out, f"{kh}·{kw}·{c_in}·{c_out} + {c_out} = {weights + c_out:,}"


NO_BIAS = ":nobias"


def without_bias(spec: LayerToken) -> LayerToken:
    """The same layer without biases, spelled with ``:nobias`` (``conv3x3:16:nobias``)."""
    values: dict[str, Any] = {name: getattr(spec, name) for name in spec._fields}
    values["bias"] = False
    if not spec.layer.endswith(NO_BIAS):
        values["layer"] = spec.layer + NO_BIAS
    return LayerToken(**values)


def retoken(spec: LayerToken, token: str) -> LayerToken:
    """The same layer under another token (a mirrored layer is named by its canonical spelling)."""
    values: dict[str, Any] = {name: getattr(spec, name) for name in spec._fields}
    values["token"] = token
    return LayerToken(**values)
