"""Output size along one axis of a convolution, transpose convolution or pool, with its formula.

Each function returns the size and the line a student writes for it: ``⌈7/2⌉ = 4`` (same),
``⌊(7 − 2)/2⌋ + 1 = 3`` (valid), ``(7 − 1)·2 − 2·1 + 3 + 1 = 14`` (transpose); a size that
cannot be had (a kernel larger than its padded input, a pool that does not tile) is an
:class:`~aecalc.errors.InputError` naming the layer.
"""

from __future__ import annotations

from typing import Literal

from aecalc.errors import InputError

PoolPadding = Literal["exact", "same", "valid"]


def conv_axis(
    size: int,
    kernel: int,
    stride: int,
    padding: int | None,
    argument: str,
    axis: str,
    dilation: int = 1,
) -> tuple[int, str]:
    """Convolution output along one axis: "same" ⌈size/S⌉ (any kernel), or
    ⌊(size + 2P − D·(K − 1) − 1)/S⌋ + 1, written ⌊(size + 2P − K)/S⌋ + 1 without dilation."""
    if padding is None:
        out = -(-size // stride)
        return out, (f"{size} (same)" if stride == 1 else f"⌈{size}/{stride}⌉ = {out} (same)")
    span = dilation * (kernel - 1) + 1
    if span > size + 2 * padding:
        what = (
            f"kernel ({kernel})"
            if dilation == 1
            else f"dilated kernel ({dilation}·({kernel} − 1) + 1 = {span})"
        )
        raise InputError(
            argument,
            f"the {axis} of the {what} is larger than its padded input "
            f"({size} + 2·{padding} = {size + 2 * padding})",
        )
    out = (size + 2 * padding - span) // stride + 1
    if dilation == 1:
        inner = f"{size} + 2·{padding} − {kernel}"
    else:
        inner = f"{size} + 2·{padding} − {dilation}·({kernel} − 1) − 1"
    if stride == 1:
        return out, f"{inner} + 1 = {out}"
    return out, f"⌊({inner})/{stride}⌋ + 1 = {out}"


def convt_axis(
    size: int,
    kernel: int,
    stride: int,
    padding: int | None,
    output_padding: int,
    argument: str,
    dilation: int = 1,
) -> tuple[int, str]:
    """Transpose convolution: "same" size·S, or (size − 1)·S − 2P + D·(K − 1) + O + 1 (PyTorch),
    written (size − 1)·S − 2P + K + O without dilation."""
    if padding is None:
        out = size * stride
        return out, (f"{size} (same)" if stride == 1 else f"{size}·{stride} = {out} (same)")
    out = (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1
    extra = f" + {output_padding}" if output_padding else ""
    spread = f"{kernel}" if dilation == 1 else f"{dilation}·({kernel} − 1)"
    one = "" if dilation == 1 else " + 1"
    formula = f"({size} − 1)·{stride} − 2·{padding} + {spread}{extra}{one} = {out}"
    if out < 1:
        raise InputError(argument, f"padding {padding} leaves no output ({formula})")
    return out, formula


def pool_axis(
    size: int,
    kernel: int,
    stride: int,
    mode: PoolPadding,
    token: str,
    argument: str,
    axis: str,
    shape: str,
) -> tuple[int, str]:
    """Pool output: "same" ⌈size/S⌉ (Keras), "valid" ⌊(size − K)/S⌋ + 1, or exact tiling."""
    if mode == "same":
        out = -(-size // stride)
        return out, f"⌈{size}/{stride}⌉ = {out}"
    if kernel > size:
        raise InputError(
            argument,
            f"a {kernel}×{kernel} pool is larger than its input ({axis} {size})"
            + ("" if mode == "valid" else f"; {token}:same pads it (⌈{size}/{stride}⌉)"),
        )
    out = (size - kernel) // stride + 1
    if mode == "valid":
        return out, f"⌊({size} − {kernel})/{stride}⌋ + 1 = {out}"
    if (size - kernel) % stride:
        up, down = -(-size // stride), out
        what = (
            f"cannot pool {shape} by {kernel}: its {axis} {size} is not divisible by {kernel}"
            if kernel == stride
            else f"a {kernel}×{kernel} pool with stride {stride} does not tile its {axis} {size} "
            f"(({size} − {kernel}) is not divisible by {stride})"
        )
        raise InputError(
            argument,
            f"{what}: write {token}:same to round up (⌈{size}/{stride}⌉ = {up}, Keras "
            f"padding='same') or {token}:valid to round down (⌊({size} − {kernel})/{stride}⌋ + 1 "
            f"= {down}, PyTorch's default)",
        )
    if kernel == stride:
        return out, f"{size}/{kernel} = {out}"
    return out, f"({size} − {kernel})/{stride} + 1 = {out}"


def window_axis(
    size: int, kernel: int, stride: int, padding: int, ceil: bool, axis: str
) -> tuple[int, str]:
    """A pooling window on given numbers, as PyTorch's pools count it: ⌊(size + 2P − K)/S⌋ + 1, or
    with ``ceil`` ⌈(size + 2P − K)/S⌉ + 1, less a last window that would start in the padding."""
    if 2 * padding > kernel:
        raise InputError(
            "--padding",
            f"{padding} is more than half the window's {axis} ({kernel}): a pool pads at most "
            "K/2 (PyTorch refuses more), so that every window covers an input value",
        )
    if kernel > size + 2 * padding:
        raise InputError(
            "--size",
            f"the window's {axis} ({kernel}) is larger than its padded input "
            f"({size} + 2·{padding} = {size + 2 * padding})",
        )
    inner = f"{size} + 2·{padding} − {kernel}" if padding else f"{size} − {kernel}"
    span = size + 2 * padding - kernel
    if not ceil:
        out = span // stride + 1
        if stride == 1:
            return out, f"{inner} + 1 = {out}"
        return out, f"⌊({inner})/{stride}⌋ + 1 = {out}"
    out = -(-span // stride) + 1
    line = f"⌈({inner})/{stride}⌉ + 1 = {out}"
    if (out - 1) * stride >= size + padding:
        out -= 1
        line += f", less a last window that would start in the padding: {out}"
    return out, line


def axes_text(height: str, width: str) -> str:
    """One formula when both axes read the same, else both."""
    return f"H = W: {height}" if height == width else f"H: {height}; W: {width}"
