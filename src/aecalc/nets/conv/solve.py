"""One axis of a convolution or transposed convolution solved for its one missing number.

Forward, the output size is :func:`aecalc.nets.conv.axes.conv_axis` (⌊(H + 2P − D·(K − 1) − 1)/S⌋
+ 1, or ⌈H/S⌉ for "same") or :func:`~aecalc.nets.conv.axes.convt_axis` ((H − 1)·S − 2P + D·(K − 1)
+ O + 1, or H·S). Backward, the floor lets several values give one size (strides 3 and 4 both
take 11 to 3 with a 3-wide kernel), so every answer is a run of whole numbers, lowest to highest,
found from the inequalities the floor stands for rather than by trying numbers: empty (no value
works), finite, or open above (every stride from 8 on gives an output of 1).

Which number is missing (:func:`choose`): the one given as ``?``, else the one of the input, the
kernel and the output not given (the stride is then 1 and the padding 0 unless given), else the
padding, else the stride.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from aecalc.errors import InputError
from aecalc.nets.conv.axes import conv_axis, convt_axis
from aecalc.nets.conv.maps import Options
from aecalc.record import Record

Quantity = Literal["in", "kernel", "stride", "padding", "out"]
QUANTITIES: tuple[Quantity, ...] = ("in", "kernel", "stride", "padding", "out")
FLAGS: dict[Quantity, str] = {
    "in": "--in",
    "kernel": "--kernel",
    "stride": "--stride",
    "padding": "--padding",
    "out": "--out",
}
NAMES: dict[Quantity, str] = {
    "in": "input size",
    "kernel": "kernel size",
    "stride": "stride",
    "padding": "padding",
    "out": "output size",
}
SYMBOLS: dict[Quantity, str] = {
    "in": "H",
    "kernel": "K",
    "stride": "S",
    "padding": "P",
    "out": "H'",
}
_CORE: tuple[Quantity, ...] = ("in", "kernel", "out")
LISTED = 1000
"""Solutions listed one by one; a longer run is given by its ends."""

Given = int | Literal["same"] | None


class Axis(Options):
    """One axis: every number, the unknown one None (``padding`` may be "same")."""

    transpose: bool = False
    size_in: int | None = None
    kernel: int | None = None
    stride: int | None = 1
    padding: int | Literal["same"] | None = 0
    dilation: int = 1
    output_padding: int = 0
    out: int | None = None

    def value(self, quantity: Quantity) -> Given:
        return {
            "in": self.size_in,
            "kernel": self.kernel,
            "stride": self.stride,
            "padding": self.padding,
            "out": self.out,
        }[quantity]

    def with_value(self, quantity: Quantity, value: int) -> Axis:
        name = "size_in" if quantity == "in" else quantity
        return self.changed(**{name: value})


class Solved(Record):
    """The values of ``unknown`` that give the axis: ``lowest`` to ``highest`` (None: open
    above; ``lowest`` None: no value works), ``lines`` the formula with the numbers of each value
    listed (each with the value it works out, None for a line that explains), ``defaults`` the
    quantities not given (stride 1, padding 0)."""

    axis: Axis
    unknown: Quantity
    lowest: int | None
    highest: int | None
    formula: str
    lines: tuple[tuple[int | None, str], ...]
    defaults: tuple[Quantity, ...]

    @property
    def solutions(self) -> tuple[int, ...]:
        """The values, one by one (at most :data:`LISTED`; an open run gives its first)."""
        if self.lowest is None:
            return ()
        top = self.lowest if self.highest is None else self.highest
        return tuple(range(self.lowest, min(top, self.lowest + LISTED - 1) + 1))

    @property
    def unbounded(self) -> bool:
        return self.lowest is not None and self.highest is None

    def as_json(self) -> dict[str, object]:
        axis = self.axis
        return {
            "unknown": self.unknown,
            "solutions": list(self.solutions),
            "range": None if self.lowest is None else [self.lowest, self.highest],
            "unbounded": self.unbounded,
            "formula": self.formula,
            "lines": [line for _, line in self.lines],
            "defaults": list(self.defaults),
            "transpose": axis.transpose,
            "given": {q: axis.value(q) for q in QUANTITIES if q != self.unknown}
            | {"dilation": axis.dilation, "output_padding": axis.output_padding},
        }


def formula(axis: Axis) -> str:
    """The general formula, in the symbols a student writes."""
    same = axis.padding == "same"
    if axis.transpose:
        if same:
            return "H_out = H_in·S (same)"
        return "H_out = (H_in − 1)·S − 2P + D·(K − 1) + O + 1"
    if same:
        return "H_out = ⌈H_in/S⌉ (same)"
    return "H_out = ⌊(H_in + 2P − D·(K − 1) − 1)/S⌋ + 1"


def choose(
    given: Mapping[Quantity, Given], marked: Quantity | None
) -> tuple[Quantity, Axis, tuple[Quantity, ...]]:
    """The unknown, the axis with the defaults filled in (stride 1, padding 0), and the
    quantities that took their default."""
    notes_missing = [q for q in QUANTITIES if given.get(q) is None and q != marked]
    if marked is not None:
        unknown = marked
    else:
        core = [q for q in _CORE if given.get(q) is None]
        if len(core) > 1:
            raise InputError(
                FLAGS[core[-1]],
                f"give all but one of --in, --kernel, --stride, --padding and --out "
                f"({' and '.join(FLAGS[q] for q in core)} are missing)",
            )
        if core:
            unknown = core[0]
        elif given.get("padding") is None:
            unknown = "padding"
        elif given.get("stride") is None:
            unknown = "stride"
        else:
            raise InputError(
                "--out",
                "every number is given: leave out the one to find (or write ? for it), "
                "e.g. drop --out to compute the output size",
            )
    for q in notes_missing:
        if q in _CORE and q != unknown:
            raise InputError(
                FLAGS[q], f"give the {NAMES[q]} (only the {NAMES[unknown]} is to be found)"
            )
    values = {q: given.get(q) for q in QUANTITIES}
    notes: list[Quantity] = []
    if values["stride"] is None and unknown != "stride":
        values["stride"] = 1
        notes.append("stride")
    if values["padding"] is None and unknown != "padding":
        values["padding"] = 0
        notes.append("padding")
    axis = Axis(
        size_in=_int(values["in"]),
        kernel=_int(values["kernel"]),
        stride=_int(values["stride"]),
        padding=values["padding"],
        out=_int(values["out"]),
    )
    return unknown, axis, tuple(notes)


def _int(value: Given) -> int | None:
    return value if isinstance(value, int) else None


def solve(axis: Axis, unknown: Quantity, defaults: tuple[Quantity, ...] = ()) -> Solved:
    """Every value of ``unknown`` that makes the axis hold (``defaults``: the quantities that
    were not given, taken as stride 1 and padding 0)."""
    _check(axis, unknown)
    if unknown == "out":
        out, line = _forward(axis)
        return Solved(axis, unknown, out, out, formula(axis), ((out, line),), defaults)
    low, high, why = _run(axis, unknown)
    if low is not None and high is not None and low > high:
        low = high = None
    lines: list[tuple[int | None, str]] = []
    if low is None:
        lines.append((None, why or f"no whole {NAMES[unknown]} gives {axis.out}"))
    else:
        top = low + 2 if high is None else min(high, low + 5)
        for value in range(low, top + 1):
            lines.append((value, _forward(axis.with_value(unknown, value))[1]))
        if high is None:
            lines.append((None, f"and every larger {NAMES[unknown]}: {why}"))
        elif high > top:
            lines.append((None, f"and so on up to {high}"))
    return Solved(axis, unknown, low, high, formula(axis), tuple(lines), defaults)


def _check(axis: Axis, unknown: Quantity) -> None:
    for quantity in QUANTITIES:
        least = 0 if quantity == "padding" else 1
        value = axis.value(quantity)
        if quantity != unknown and isinstance(value, int) and value < least:
            raise InputError(FLAGS[quantity], f"the {NAMES[quantity]} is at least {least}")
    if axis.dilation < 1:
        raise InputError("--dilation", "a dilation is at least 1")
    if axis.output_padding < 0:
        raise InputError("--output-padding", "an output padding is at least 0")
    if axis.output_padding and not axis.transpose:
        raise InputError("--output-padding", "belongs to a transposed convolution: add --transpose")
    if axis.padding == "same" and unknown == "padding":  # pragma: no cover - choose() prevents it
        raise InputError("--padding", "is given as same")
    stride = axis.stride
    if (
        axis.transpose
        and isinstance(stride, int)
        and axis.output_padding >= max(stride, axis.dilation)
    ):
        raise InputError(
            "--output-padding",
            f"{axis.output_padding} must be smaller than the stride ({stride})"
            + ("" if axis.dilation == 1 else f" or the dilation ({axis.dilation})"),
        )


def _forward(axis: Axis) -> tuple[int, str]:
    """The output size and its line (errors as ``params`` gives them)."""
    assert axis.size_in is not None and axis.kernel is not None and axis.stride is not None
    padding = None if axis.padding == "same" else axis.padding
    assert padding is None or isinstance(padding, int)
    if axis.transpose:
        return convt_axis(
            axis.size_in,
            axis.kernel,
            axis.stride,
            padding,
            axis.output_padding,
            "--padding",
            axis.dilation,
        )
    return conv_axis(
        axis.size_in, axis.kernel, axis.stride, padding, "--kernel", "size", axis.dilation
    )


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def _run(axis: Axis, unknown: Quantity) -> tuple[int | None, int | None, str]:
    """(lowest, highest or None for open above, why) — lowest None when nothing works."""
    h, k, s, o = axis.size_in, axis.kernel, axis.stride, axis.out
    d, op = axis.dilation, axis.output_padding
    if axis.padding == "same":
        return _run_same(axis, unknown)
    p = axis.padding
    assert p is None or isinstance(p, int)
    if axis.transpose:
        return _run_transpose(h, k, s, p, d, op, o, unknown)
    if unknown == "in":
        assert k is not None and s is not None and p is not None and o is not None
        low = (o - 1) * s - 2 * p + d * (k - 1) + 1
        return max(low, 1), low + s - 1, ""
    if unknown == "kernel":
        assert h is not None and s is not None and p is not None and o is not None
        top = h + 2 * p - 1 - (o - 1) * s  # D·(K − 1) lies in [top − S + 1, top]
        if top < 0:
            return None, None, f"even a 1-wide kernel gives less than {o}"
        return max(_ceil_div(top - s + 1, d), 0) + 1, top // d + 1, ""
    if unknown == "padding":
        assert h is not None and k is not None and s is not None and o is not None
        low = (o - 1) * s - h + d * (k - 1) + 1  # 2P lies in [low, low + S − 1]
        high = low + s - 1
        if high < 0:
            return None, None, f"even without padding the output is larger than {o}"
        return max(_ceil_div(low, 2), 0), high // 2, ""
    assert h is not None and k is not None and p is not None and o is not None
    extent = h + 2 * p - d * (k - 1) - 1  # stride: ⌊extent/S⌋ = o − 1
    if extent < 0:
        return None, None, "the kernel is larger than the padded input"
    if o == 1:
        return extent + 1, None, f"one window fits once the stride passes {extent}"
    return _ceil_div(extent + 1, o), extent // (o - 1), ""


def _run_transpose(
    h: int | None,
    k: int | None,
    s: int | None,
    p: int | None,
    d: int,
    op: int,
    o: int | None,
    unknown: Quantity,
) -> tuple[int | None, int | None, str]:
    def exact(
        total: int, divisor: int, plus: int, least: int
    ) -> tuple[int | None, int | None, str]:
        if total < 0 or total % divisor:
            return None, None, ""
        value = total // divisor + plus
        return (value, value, "") if value >= least else (None, None, "")

    if unknown == "in":
        assert k is not None and s is not None and p is not None and o is not None
        return exact(o - 1 - op + 2 * p - d * (k - 1), s, 1, 1)
    if unknown == "kernel":
        assert h is not None and s is not None and p is not None and o is not None
        return exact(o - 1 - op + 2 * p - (h - 1) * s, d, 1, 1)
    if unknown == "padding":
        assert h is not None and k is not None and s is not None and o is not None
        return exact((h - 1) * s + d * (k - 1) + op + 1 - o, 2, 0, 0)
    assert h is not None and k is not None and p is not None and o is not None
    total = o - 1 - op + 2 * p - d * (k - 1)
    least = max(1, op + 1) if d <= op else 1  # O < max(S, D)
    if h == 1:
        if total != 0:
            return None, None, ""
        return least, None, "with one input row the stride moves nothing"
    low, high, why = exact(total, h - 1, 0, least)
    return low, high, why


def _run_same(axis: Axis, unknown: Quantity) -> tuple[int | None, int | None, str]:
    h, s, o = axis.size_in, axis.stride, axis.out
    if unknown == "kernel":
        return 1, None, '"same" padding makes the size independent of the kernel'
    if axis.transpose:  # H·S
        if unknown == "in":
            assert s is not None and o is not None
            return (o // s, o // s, "") if o % s == 0 else (None, None, "")
        assert h is not None and o is not None
        return (o // h, o // h, "") if o % h == 0 else (None, None, "")
    if unknown == "in":  # ⌈H/S⌉ = o
        assert s is not None and o is not None
        return (o - 1) * s + 1, o * s, ""
    assert h is not None and o is not None
    if o == 1:
        return h, None, "one window fits once the stride reaches the input size"
    return _ceil_div(h, o), _ceil_div(h, o - 1) - 1, ""
