"""The ``convmaps`` topic: convolution arithmetic on numbers — one cell of a feature map, a whole
small map, a pooled map, a transposed convolution's output or size, the padding or kernel that
gives a size, and chains (a convolution, ReLU, a pool).

A question is worked by :mod:`aecalc.nets.conv` exactly as ``aecalc conv``, ``conv
--transpose``, ``pool`` and ``shape`` work it, and its worked solution (``why``) is the
command's own document. The spec is an options record (:class:`~aecalc.nets.conv.maps.Options`),
and each named slip is the same question run through the core with one option changed
(:meth:`~aecalc.nets.conv.maps.Options.changed`): the kernel flipped or not flipped, the padding
forgotten, the stride ignored, the dilation ignored, the overlaps of a transposed convolution
kept last instead of added, the bias or the ReLU left out, a pool's window moved by the wrong
stride, max and average swapped. One slip is not an option: the padding for a size counted on
one side only (twice the padding the formula gives).

The hints reveal the method, then the question's own numbers a step at a time (the output size,
the first window, its products …); the marked working (:mod:`~aecalc.practice.topics.convmaps_work`)
is a cell's products, their sum, + bias and the activation, or a map cell by cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

from aecalc.errors import InputError
from aecalc.practice.answers import expected as expecting
from aecalc.practice.answers.expected import Slip
from aecalc.practice.answers.slips import KnownSlip
from aecalc.practice.topics.conv import OUTPUT_PADDING
from aecalc.practice.topics.convmaps_make import MAKERS, generate
from aecalc.practice.topics.convmaps_work import (
    BIAS,
    OPS,
    RELU,
    ConvMapsSpec,
    Op,
    Run,
    Unknown,
    answer,
    hint_lines,
    run,
    steps,
)
from aecalc.practice.topics.fields import FieldError, boolean, choice, matrix, number, whole
from aecalc.practice.topics.solution import Solution, finished, keep
from aecalc.practice.topics.topic import Topic

if TYPE_CHECKING:
    from aecalc.present.document import Document

FLIPPED = KnownSlip(
    "kernel flipped",
    "PyTorch's Conv2d and Keras' Conv2D slide the kernel as written (a cross-correlation).",
)
NOT_FLIPPED = KnownSlip(
    "kernel not flipped",
    "a textbook convolution (and the zero-insertion view of a transposed one) turns the kernel "
    "by 180° first.",
)
PADDING = KnownSlip(
    "padding forgotten",
    "the padding was left out: no ring of zeros around a convolution's input, or nothing cropped "
    "from a transposed convolution's output.",
)
STRIDE = KnownSlip("stride ignored", "the window (or a placed kernel) moves S cells at a time.")
DILATION = KnownSlip("dilation ignored", "a dilated kernel's entries sit D cells apart.")
OVERLAPS = KnownSlip(
    "overlaps not added",
    "where placed kernels overlap in a transposed convolution, their products add up; writing "
    "each over the last keeps only the last.",
)
POOL_STRIDE = KnownSlip(
    "pool window moved by the wrong stride",
    "a pool's window moves by its stride, which is the window size unless the question says "
    "otherwise.",
)
POOL_KIND = KnownSlip(
    "max and average swapped", "max pooling keeps the largest value; average pooling the mean."
)
CONV_FORMULA = KnownSlip(
    "convolution's size formula",
    "a transposed convolution's output is (H − 1)·S − 2P + K + O, not ⌊(H + 2P − K)/S⌋ + 1.",
)
ONE_SIDE = KnownSlip(
    "padding counted on one side",
    "P zeros go on each side, so the size grows by 2P: the padding is half the extra rows.",
)


def read(data: Mapping[str, object]) -> ConvMapsSpec:
    """``kind = "convmaps"``: ``op`` (conv, transpose, pool or shape) and its numbers, checked by
    running the core on them (a kernel larger than the padded input names the field)."""
    op = cast(Op, choice(data, "op", OPS, "conv"))

    def count(name: str, default: int, low: int, high: int = 64) -> int:
        return whole(data.get(name, default), f"solve.{name}", low, high)

    options = ConvMapsSpec(
        op,
        stride=count("stride", 1, 1),
        padding=count("padding", 0, 0),
        dilation=count("dilation", 1, 1),
        output_padding=count("output_padding", 0, 0),
    )
    if op == "shape":
        unknown = cast(Unknown, choice(data, "unknown", ("out", "padding", "kernel"), "out"))
        for name in ("in", "kernel", "out"):
            if name != unknown and name not in data:
                raise FieldError(f"solve.{name}", f"is missing (the {unknown} is what is asked)")
        sizes = {n: count(n, 0, 1, 100_000) for n in ("in", "kernel", "out") if n != unknown}
        spec = options.changed(
            size_in=sizes["in"],
            kernel=sizes.get("kernel", 0),
            out=sizes.get("out", 0),
            unknown=unknown,
            transpose=boolean(data, "transpose", False),
        )
    else:
        steps = data.get("then", [])
        if not isinstance(steps, list) or not all(isinstance(t, str) for t in steps):
            raise FieldError("solve.then", 'must be a list of steps such as ["relu", "maxpool2"]')
        cell = data.get("cell")
        if cell is not None and (not isinstance(cell, list) or len(cell) != 2 or steps):
            raise FieldError("solve.cell", "must be [row, column] (from 1), without then steps")
        act = data.get("act")
        if act is not None and not isinstance(act, str):
            raise FieldError("solve.act", "must be an activation's name such as relu")
        spec = options.changed(
            x=matrix(data, "x"),
            k=matrix(data, "k") if op != "pool" else (),
            bias=number(data, "bias", Fraction(0)) if "bias" in data else None,
            act=act,
            flip=boolean(data, "flip", False),
            cell=None if cell is None else tuple(whole(c, "solve.cell", 1, 200) for c in cell),
            then=tuple(steps),
            pool=choice(data, "pool", ("max", "avg"), "max"),
            window=count("window", 2, 1, 16),
            pool_stride=count("pool_stride", 0, 1, 16) if "pool_stride" in data else None,
        )
    try:
        answer(spec, run(spec))
    except InputError as error:
        raise FieldError("solve", f"{error.argument.lstrip('-')}: {error.problem}") from None
    return spec


def changes(spec: ConvMapsSpec) -> list[tuple[KnownSlip, str, dict[str, Any]]]:
    """Each slip this question allows: the slip, why it is wrong here, the option it changes."""
    s, p = spec.stride, spec.padding
    found: list[tuple[KnownSlip, str, dict[str, Any]]] = []
    if spec.op == "conv":
        if spec.flip:
            why = "the question asks for the textbook convolution: turn the kernel by 180°."
            found.append((NOT_FLIPPED, why, {"flip": False}))
        else:
            why = "the kernel slides as written (PyTorch's Conv2d), not turned by 180°."
            found.append((FLIPPED, why, {"flip": True}))
    if spec.op == "transpose":
        why = "each placed kernel's products add where they overlap."
        found.append((OVERLAPS, why, {"overlaps": "last"}))
        why = "in the zero-insertion view the kernel is turned by 180°."
        found.append((NOT_FLIPPED, why, {"flip": True}))
    if p:
        why = (
            f"{p} row(s) and column(s) are cropped from each border."
            if spec.op == "transpose" or spec.transpose
            else f"the input gets {p} row(s) and column(s) of zeros on each side."
        )
        found.append((PADDING, why, {"padding": 0}))
    if s > 1 and spec.op != "pool":
        found.append((STRIDE, f"the stride is {s}, not 1.", {"stride": 1}))
    if spec.dilation > 1:
        found.append(
            (DILATION, f"the kernel's entries are {spec.dilation} apart.", {"dilation": 1})
        )
    if spec.output_padding and (spec.transpose or spec.op == "transpose"):
        why = f"output_padding adds {spec.output_padding} row(s) and column(s) at the end."
        found.append((OUTPUT_PADDING, why, {"output_padding": 0}))
    if spec.transpose and spec.unknown == "out":
        change = {"transpose": False, "output_padding": 0}
        found.append((CONV_FORMULA, CONV_FORMULA.meaning, change))
    if spec.bias:
        found.append((BIAS, f"add the bias {spec.bias} to every cell.", {"bias": None}))
    if spec.act is not None:
        found.append((RELU, "ReLU sets the negative values to 0.", {"act": None}))
    if "relu" in spec.then:
        then = tuple(t for t in spec.then if t != "relu")
        found.append((RELU, "ReLU sets the negative values to 0 before the pool.", {"then": then}))
    if spec.op == "pool":
        moves = spec.pool_stride or spec.window
        why = (
            f"the stride is the window size, {moves}: the windows do not overlap."
            if moves == spec.window
            else f"the stride is {moves}, not the window size {spec.window}."
        )
        wrong = 1 if moves == spec.window else None
        found.append((POOL_STRIDE, why, {"pool_stride": wrong}))
        other = "avg" if spec.pool == "max" else "max"
        found.append((POOL_KIND, f"this is {spec.pool} pooling.", {"pool": other}))
    moved = tuple(_moved(t) for t in spec.then)
    if moved != spec.then:
        why = "the pool's window moves by its own size unless a stride is given."
        found.append((POOL_STRIDE, why, {"then": moved}))
    return found


def _moved(step: str) -> str:
    """A chain's pool step with the other stride: ``maxpool2`` → ``maxpool2s1`` and back."""
    import re

    found = re.fullmatch(r"(max|avg)?pool(\d+)(?:s(\d+))?", step)
    if found is None:
        return step
    kind, size, stride = found.group(1) or "max", found.group(2), found.group(3)
    if stride is None or stride == size:
        return f"{kind}pool{size}s1" if size != "1" else step
    return f"{kind}pool{size}"


def slips(spec: ConvMapsSpec) -> list[Slip]:
    """The answers of :func:`changes`, each the core's work with that one option changed (a
    change the core refuses, or whose smaller map lacks the cell asked for, gives no slip)."""
    found: list[Slip] = []
    for known, why, change in changes(spec):
        changed = spec.changed(**change)
        try:
            found.append(Slip(known.name, why, answer(changed, run(changed))))
        except (InputError, IndexError):
            continue
    if spec.op == "shape" and spec.unknown == "padding":
        padding = answer(spec, run(spec)).values[0].value
        why = f"the size grows by 2P, so P = {padding}, not {2 * padding}."
        found.append(Slip(ONE_SIDE.name, why, expecting.number(2 * padding)))
    return found


LABELS = {"conv": "feature map", "transpose": "transposed convolution", "pool": "pooled map"}


def solve(spec: ConvMapsSpec) -> Solution:
    """The answer, its slips, the hints, the marked working and the command's document."""
    done = run(spec)
    expected = keep(answer(spec, done), slips(spec))
    label: str
    if spec.op == "shape":
        label = "output size" if spec.unknown == "out" else spec.unknown
    elif spec.cell is not None:
        label = f"y[{spec.cell[0]},{spec.cell[1]}]"
    else:
        label = LABELS[spec.op]
        if spec.then:
            label = "flattened vector" if spec.then[-1] == "flatten" else "final map"
    lines = steps(spec, done)
    work = None if lines is None else finished(lines, expected)
    if work is not None:
        expected = work.final
    return Solution(
        expected,
        label,
        _method(spec),
        lambda digits: _document(done, digits),
        lambda digits: hint_lines(spec, done, digits),
        work,
    )


def _method(spec: ConvMapsSpec) -> str:
    """The method in a sentence: the first hint."""
    s = spec.stride
    if spec.op == "conv":
        parts = [f"pad the input with {spec.padding} ring(s) of zeros"] if spec.padding else []
        if spec.flip:
            parts.append("turn the kernel by 180° (the textbook convolution)")
        apart = f", its entries {spec.dilation} apart" if spec.dilation > 1 else ""
        moves = f"{s} cells at a time" if s > 1 else "one cell at a time"
        parts.append(f"slide the kernel{apart} over the input, {moves}")
        text = (
            "; ".join(parts)
            + ": each output cell is the sum of the window's values times the kernel's"
        )
        text += (" + the bias" if spec.bias else "") + (", then ReLU" if spec.act else "")
        if spec.then:
            text += "; then " + ", then ".join(_step_words(t) for t in spec.then)
        return text[0].upper() + text[1:] + "."
    if spec.op == "transpose":
        added = (
            f"; add {spec.output_padding} at the bottom and right" if spec.output_padding else ""
        )
        return (
            "Multiply the whole kernel by each input value and place it with its top-left corner "
            f"at (i·S, j·S), S = {s}; add where placements overlap; then crop {spec.padding} "
            f"row(s) and column(s) from each border{added}."
        )
    if spec.op == "pool":
        what = "its largest value" if spec.pool == "max" else "the mean of its values"
        step = spec.pool_stride or spec.window
        return (
            f"Cut the map into {spec.window}×{spec.window} windows moved {step} cell(s) at a "
            f"time; keep {what}."
        )
    if spec.transpose:
        return (
            "A transposed convolution has a size formula of its own (not the convolution's): "
            "write it for one axis and put in the numbers."
        )
    return "Write one axis's size formula, put in the numbers you know and solve for the unknown."


def _step_words(step: str) -> str:
    """``maxpool2s1`` → ``2×2 max pooling with stride 1``; ``relu`` → ``ReLU``."""
    import re

    found = re.fullmatch(r"(max|avg)?pool(\d+)(?:s(\d+))?", step)
    if found is None:
        return {"relu": "ReLU", "flatten": "flatten the map row by row"}.get(step, step)
    kind = "average" if found.group(1) == "avg" else "max"
    size = found.group(2)
    stride = f" with stride {found.group(3)}" if found.group(3) else ""
    return f"{size}×{size} {kind} pooling{stride}"


def _document(done: Run, digits: int) -> Document:
    """The command's own document: ``aecalc conv``, ``conv --transpose``, ``pool`` or ``shape``."""
    from aecalc.nets.conv.correlate import Convolution
    from aecalc.nets.conv.pooling import Pooled
    from aecalc.nets.conv.transpose import Transposed

    if done.solved is not None:
        from aecalc.present.shape import shape_document

        return shape_document(done.solved)
    if isinstance(done.result, Convolution):
        from aecalc.present.convolution import conv_document

        return conv_document(done.result, done.steps, digits)
    if isinstance(done.result, Transposed):
        from aecalc.present.convolution import transpose_document

        return transpose_document(done.result, done.steps, digits)
    assert isinstance(done.result, Pooled)
    from aecalc.present.pooling import pool_document

    return pool_document(done.result, done.steps, digits)


KINDS = tuple(MAKERS)
"""The question kinds: a cell, a whole map, a pooled map, a transposed convolution's output and
its size, the padding or kernel that gives a size, a chain."""

TOPIC: Topic[ConvMapsSpec] = Topic(
    "convmaps",
    "Convolution arithmetic",
    reader=read,
    solver=solve,
    generator=generate,
    kinds=KINDS,
    rank=2,
    marks=4,
    slips=(
        FLIPPED,
        NOT_FLIPPED,
        PADDING,
        STRIDE,
        DILATION,
        BIAS,
        RELU,
        OVERLAPS,
        POOL_STRIDE,
        POOL_KIND,
        OUTPUT_PADDING,
        CONV_FORMULA,
        ONE_SIDE,
    ),
)
