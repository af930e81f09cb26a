"""The layer kinds without kernels: pools, upsampling, batch norm, dropout, flatten, dense, reshape.

- ``poolK[sS]`` / ``avgpoolK[sS]``: max / average pool, stride K by default. A plain pool must
  tile its input; ``:same`` rounds up (⌈H/S⌉, Keras ``padding='same'``), ``:valid`` rounds down
  (⌊(H − K)/S⌋ + 1, PyTorch's default and Keras ``padding='valid'``). No parameters.
- ``upK``: nearest-neighbour upsampling by K. No parameters.
- ``bn``: batch normalisation over the C channels of a feature map (or the N features of a flat
  vector): 2·C learnable (γ, β) and 2·C non-trainable (running mean and variance). As the
  first layer it normalises the input's own channels (Keras and PyTorch accept that too).
- ``dropout`` / ``dropout:P``: no parameters, shape unchanged; 0 ≤ P < 1 (default ½).
- ``flatten``: H×W×C → H·W·C. ``dense:N``: in·N weights + N biases on a flat vector.
  ``reshape:HxWxC``: back to a feature map with the same number of values.

None of these multiplies anything in PyTorch's FLOP counter except ``dense`` (in·N products).
"""

from __future__ import annotations

import re
from fractions import Fraction

from aecalc.errors import InputError
from aecalc.nets.conv.axes import PoolPadding, axes_text, pool_axis
from aecalc.nets.conv.rule import (
    LayerMath,
    LayerRule,
    LayerToken,
    Mirrored,
    Receptive,
    no_params,
    volume,
)
from aecalc.nets.conv.shapes import (
    Shape,
    check_output,
    dimension,
    is_flat,
    parse_shape,
    shape_text,
    size_of,
)
from aecalc.values.fmt import counted

_FLAGS = re.IGNORECASE | re.ASCII
_RATE = re.compile(r"[0-9]{1,6}(?:\.[0-9]{0,12})?|\.[0-9]{1,12}", re.ASCII)


def make_pool(
    kind: str, size: int, stride: int, mode: PoolPadding = "exact", token: str = ""
) -> LayerToken:
    prefix = "pool" if kind == "pool" else "avgpool"
    layer = f"{prefix}{size}" + ("" if stride == size else f"s{stride}")
    layer += "" if mode == "exact" else f":{mode}"
    return LayerToken(
        token or layer, kind, layer, (size, size), (stride, stride), pool_padding=mode
    )


def make_up(factor: int, token: str = "") -> LayerToken:
    return LayerToken(
        token or f"up{factor}", "up", f"up{factor}", (factor, factor), (factor, factor)
    )


class PoolRule(LayerRule):
    """``poolK[sS][:same|:valid]`` — K×K max pooling."""

    __slots__ = ()
    kind = "pool"
    name = "max pool"
    usage = "poolK[sS][:same|:valid]"
    grammar = re.compile(r"(?:max)?pool(?P<k>[0-9]+)(?:s(?P<s>[0-9]+))?(?::(?P<m>\w*))?", _FLAGS)

    def build(self, match: re.Match[str], token: str, argument: str) -> LayerToken:
        size = dimension(match["k"], argument, "pool size")
        stride = dimension(match["s"], argument, "stride") if match["s"] else size
        mode: PoolPadding = "exact"
        if match["m"] is not None:
            written = match["m"].lower()
            if written not in ("same", "valid"):
                raise InputError(
                    argument, f"a pool's padding is :same or :valid, not {match['m']!r}"
                )
            mode = "same" if written == "same" else "valid"
        return make_pool(self.kind, size, stride, mode, token)

    def apply(self, spec: LayerToken, shape: Shape, argument: str, bias: bool) -> LayerMath:
        h, w, c = volume(shape, argument, f"a {self.name}")
        k, s, mode = spec.kernel[0], spec.stride[0], spec.pool_padding
        plain = spec.layer.split(":")[0]
        label = shape_text(shape)
        oh, fh = pool_axis(h, k, s, mode, plain, argument, "height", label)
        ow, fw = pool_axis(w, k, s, mode, plain, argument, "width", label)
        how = {"same": " (same)", "valid": " (valid)", "exact": ""}[mode]
        return no_params((oh, ow, c), f"{axes_text(fh, fw)}{how}")

    def mirror(self, spec: LayerToken, shape_in: Shape, shape_out: Shape) -> Mirrored:
        twin = make_up(spec.stride[0])
        back = (shape_out[0] * spec.stride[0], shape_out[1] * spec.stride[1], shape_out[2])
        how = ""
        if back != shape_in:
            how += (
                f" ({twin.layer} gives {shape_text(back)} from {shape_text(shape_out)}, "
                f"not the {shape_text(shape_in)} the pool was given)"
            )
        return Mirrored(twin, how)

    def receptive(self, spec: LayerToken, before: Receptive) -> Receptive:
        return before.widened(spec.kernel, spec.stride)


class AvgPoolRule(PoolRule):
    """``avgpoolK[sS][:same|:valid]`` — K×K average pooling."""

    __slots__ = ()
    kind = "avgpool"
    name = "average pool"
    usage = "avgpoolK[sS][:same|:valid]"
    grammar = re.compile(
        r"(?:avg|average)pool(?P<k>[0-9]+)(?:s(?P<s>[0-9]+))?(?::(?P<m>\w*))?", _FLAGS
    )


class UpRule(LayerRule):
    """``upK`` — nearest-neighbour upsampling."""

    __slots__ = ()
    kind = "up"
    name = "upsample"
    usage = "upK"
    grammar = re.compile(r"up(?:sample)?(?P<k>[0-9]+)", _FLAGS)

    def build(self, match: re.Match[str], token: str, argument: str) -> LayerToken:
        factor = dimension(match["k"], argument, "upsampling factor")
        return make_up(factor, token)

    def apply(self, spec: LayerToken, shape: Shape, argument: str, bias: bool) -> LayerMath:
        h, w, c = volume(shape, argument, "upsampling")
        f = spec.kernel[0]
        out = check_output((h * f, w * f, c), argument)
        return no_params(out, axes_text(f"{h}·{f} = {h * f}", f"{w}·{f} = {w * f}"))

    def mirror(self, spec: LayerToken, shape_in: Shape, shape_out: Shape) -> Mirrored:
        twin = make_pool("pool", spec.kernel[0], spec.kernel[0])
        return Mirrored(twin, "")

    def receptive(self, spec: LayerToken, before: Receptive) -> Receptive:
        return before.widened((1, 1), spec.stride, shrink=True)


class BatchNormRule(LayerRule):
    """``bn`` — 2·C learnable (γ, β), 2·C non-trainable (running mean and variance)."""

    __slots__ = ()
    kind = "bn"
    name = "batch norm"
    usage = "bn"
    grammar = re.compile(r"bn|batchnorm", _FLAGS)
    follower = True

    def build(self, match: re.Match[str], token: str, argument: str) -> LayerToken:
        return LayerToken(token, "bn", "bn")

    def apply(self, spec: LayerToken, shape: Shape, argument: str, bias: bool) -> LayerMath:
        c = shape[-1]
        over = f"{c:,} features" if is_flat(shape) else f"{c} channels"
        return LayerMath(
            shape,
            c,
            c,
            2 * c,
            0,
            f"unchanged ({over})",
            f"2·{c} = {2 * c:,} learnable + 2·{c} = {2 * c:,} non-trainable",
            "0 (not counted)",
        )


class DropoutRule(LayerRule):
    """``dropout`` / ``dropout:P``."""

    __slots__ = ()
    kind = "dropout"
    name = "dropout"
    usage = "dropout[:P]"
    grammar = re.compile(r"dropout(?::(?P<p>.*))?", _FLAGS | re.DOTALL)
    follower = True

    def build(self, match: re.Match[str], token: str, argument: str) -> LayerToken:
        text = match["p"]
        if text is None:
            return LayerToken(token, "dropout", "dropout")
        if not _RATE.fullmatch(text):
            raise InputError(argument, f"{text!r} is not a dropout rate: write e.g. dropout:0.25")
        rate = Fraction(text)
        if rate >= 1:
            raise InputError(
                argument,
                f"a dropout rate is a probability below 1 (the fraction of values zeroed), "
                f"not {text}",
            )
        return LayerToken(token, "dropout", f"dropout:{text}", rate=rate)

    def apply(self, spec: LayerToken, shape: Shape, argument: str, bias: bool) -> LayerMath:
        rate = spec.rate if spec.rate is not None else Fraction(1, 2)
        return no_params(shape, f"unchanged (rate {float(rate):g})")


class _WholeInput(LayerRule):
    """A kind after which each value may depend on every input pixel (flatten, dense, reshape)."""

    __slots__ = ()

    def receptive(self, spec: LayerToken, before: Receptive) -> Receptive:
        return Receptive(None, before.jump)


class FlattenRule(_WholeInput):
    """``flatten`` — H×W×C → H·W·C."""

    __slots__ = ()
    kind = "flatten"
    name = "flatten"
    usage = "flatten"
    grammar = re.compile(r"flatten", _FLAGS)

    def build(self, match: re.Match[str], token: str, argument: str) -> LayerToken:
        return LayerToken(token, "flatten", "flatten")

    def apply(self, spec: LayerToken, shape: Shape, argument: str, bias: bool) -> LayerMath:
        if is_flat(shape):
            raise InputError(
                argument,
                f"its input is already a flat vector of {shape_text(shape)} values: "
                "there is nothing to flatten",
            )
        n = size_of(shape)
        return no_params((n,), f"{shape[0]}·{shape[1]}·{shape[2]} = {n:,}")

    def mirror(self, spec: LayerToken, shape_in: Shape, shape_out: Shape) -> Mirrored:
        twin = make_reshape(shape_in)
        return Mirrored(twin, "")


class DenseRule(_WholeInput):
    """``dense:N`` — in·N weights + N biases on a flat vector."""

    __slots__ = ()
    kind = "dense"
    name = "dense"
    usage = "dense:N"
    grammar = re.compile(r"(?:dense|linear):(?P<n>.*)", _FLAGS | re.DOTALL)
    bottleneck = True
    takes_bias = True

    def build(self, match: re.Match[str], token: str, argument: str) -> LayerToken:
        units = dimension(match["n"].strip(), argument, "unit count")
        return make_dense(token, units)

    def apply(self, spec: LayerToken, shape: Shape, argument: str, bias: bool) -> LayerMath:
        if not is_flat(shape):
            raise InputError(
                argument,
                f"a dense layer needs a flat vector, but its input is the feature map "
                f"{shape_text(shape)}: put flatten before it",
            )
        n, units = shape[0], spec.filters
        weights = n * units
        formula = (
            f"{n:,}·{units:,} + {units:,} = {weights + units:,}"
            if bias
            else f"{n:,}·{units:,} = {weights:,} (no biases)"
        )
        return LayerMath(
            (units,),
            weights,
            units if bias else 0,
            0,
            weights,
            counted(units, "unit"),
            formula,
            f"{n:,}·{units:,} = {weights:,}",
        )

    def mirror(self, spec: LayerToken, shape_in: Shape, shape_out: Shape) -> Mirrored:
        twin = make_dense("", shape_in[0])
        return Mirrored(twin, " (back to its input size)")


class ReshapeRule(_WholeInput):
    """``reshape:HxWxC`` — a flat vector back to a feature map; the counts must agree."""

    __slots__ = ()
    kind = "reshape"
    name = "reshape"
    usage = "reshape:HxWxC"
    grammar = re.compile(r"reshape:(?P<shape>.*)", _FLAGS | re.DOTALL)

    def build(self, match: re.Match[str], token: str, argument: str) -> LayerToken:
        target = parse_shape(match["shape"], argument, flat=False)
        return make_reshape(target, token)

    def apply(self, spec: LayerToken, shape: Shape, argument: str, bias: bool) -> LayerMath:
        n, target = size_of(shape), spec.target
        if size_of(target) != n:
            given = f"{n:,}" if is_flat(shape) else f"{shape_text(shape)} = {n:,}"
            raise InputError(
                argument,
                f"{shape_text(target)} holds {size_of(target):,} values but its input has "
                f"{given}: the element counts must agree",
            )
        dims = "·".join(str(d) for d in target)
        return no_params(target, f"{n:,} = {dims}")

    def mirror(self, spec: LayerToken, shape_in: Shape, shape_out: Shape) -> Mirrored:
        twin = (
            LayerToken("flatten", "flatten", "flatten")
            if is_flat(shape_in)
            else make_reshape(shape_in)
        )
        return Mirrored(twin, "")


def make_dense(token: str, units: int) -> LayerToken:
    return LayerToken(token or f"dense:{units}", "dense", f"dense:{units}", filters=units)


def make_reshape(target: Shape, token: str = "") -> LayerToken:
    layer = "reshape:" + "x".join(str(d) for d in target)
    return LayerToken(token or layer, "reshape", layer, target=target)
