"""A convolution-arithmetic question worked by the core: its spec, what the core makes of it, the
answer, the hint lines (the question's own numbers, a step at a time) and the marked working.

The ``convmaps`` topic (:mod:`aecalc.practice.topics.convmaps`) holds the reader, the slips, the
solver and the generator; this module is what they share. :class:`ConvMapsSpec` is an options
record, so a slip is the spec with one option changed, run through :func:`run` like the question.

The working (:func:`steps`): one cell is its products, their sum, + bias, the activation; a map is
its cells (pre-activations where there is an activation) and then the map; a transposed
convolution is each input value's scaled kernel, their placed sum, then the crop; a chain is each
step's map. Every step is worked again from given values by the core: the activation from the
registry, the placing and cropping with :func:`aecalc.nets.conv.maps.pad`, a chain's step with
:func:`aecalc.nets.conv.chain.run`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from aecalc.errors import InputError
from aecalc.nets.conv.maps import Map, Options
from aecalc.practice.answers import expected as expecting
from aecalc.practice.answers.expected import Expected
from aecalc.practice.answers.slips import KnownSlip
from aecalc.practice.answers.steps import Given, Step
from aecalc.practice.topics import solution as shared
from aecalc.record import Record

if TYPE_CHECKING:
    from aecalc.nets.conv.correlate import Cell
    from aecalc.nets.conv.solve import Solved

BIAS = KnownSlip("bias forgotten", "the bias is added to every cell, before the activation.")
RELU = KnownSlip("ReLU forgotten", "ReLU turns every negative value into 0.")

Op = Literal["conv", "transpose", "pool", "shape"]
OPS: tuple[Op, ...] = ("conv", "transpose", "pool", "shape")
Unknown = Literal["out", "padding", "kernel"]


class ConvMapsSpec(Options):
    """A convolution-arithmetic question: the operation, its maps and options (as the commands
    take them, one number for both axes), and what is asked — one ``cell`` (row, column from 1)
    or the whole map after the ``then`` steps; for ``shape``, the ``unknown`` of one axis."""

    op: Op = "conv"
    x: Map = ()
    k: Map = ()
    stride: int = 1
    padding: int = 0
    dilation: int = 1
    output_padding: int = 0
    bias: Fraction | None = None
    act: str | None = None
    flip: bool = False
    overlaps: Literal["sum", "last"] = "sum"
    cell: tuple[int, int] | None = None
    then: tuple[str, ...] = ()
    pool: Literal["max", "avg"] = "max"
    window: int = 2
    pool_stride: int | None = None
    size_in: int = 0
    kernel: int = 0
    out: int = 0
    unknown: Unknown = "out"
    transpose: bool = False

    kind: Literal["convmaps"] = "convmaps"


class Run(Record):
    """What the core made of a spec: the operation's result (``Convolution``, ``Transposed`` or
    ``Pooled``), the chain's steps, the last map (or the flattened values), or the solved axis."""

    result: Any = None
    steps: tuple[Any, ...] = ()
    final: Map = ()
    flat: tuple[Any, ...] | None = None
    solved: Solved | None = None


def run(spec: ConvMapsSpec) -> Run:
    """The spec worked by :mod:`aecalc.nets.conv` as the commands work it."""
    s, p, d, o = spec.stride, spec.padding, spec.dilation, spec.output_padding
    if spec.op == "shape":
        from aecalc.nets.conv.solve import Axis, solve

        known: dict[str, int | None] = {"kernel": spec.kernel, "padding": p, "out": spec.out}
        known[spec.unknown] = None
        axis = Axis(spec.transpose, spec.size_in, known["kernel"], s, known["padding"], d, o)
        return Run(solved=solve(axis.changed(out=known["out"]), spec.unknown))
    from aecalc.nets.conv.chain import Flattened
    from aecalc.nets.conv.chain import run as chain

    bias = () if spec.bias is None else (spec.bias,)
    result: Any
    if spec.op == "conv":
        from aecalc.nets.conv.correlate import ConvSpec, convolve

        options = ConvSpec((s, s), (p, p), (d, d), spec.flip, bias, spec.act)
        result = convolve((spec.x,), ((spec.k,),), options)
    elif spec.op == "transpose":
        from aecalc.nets.conv.maps import flip
        from aecalc.nets.conv.transpose import TransposeSpec, transpose

        kernel = flip(spec.k) if spec.flip else spec.k
        placed = TransposeSpec((s, s), (p, p), (o, o), (d, d), bias, spec.act, spec.overlaps)
        result = transpose((spec.x,), ((kernel,),), placed)
    else:
        from aecalc.nets.conv.pooling import PoolSpec, pool

        moves = None if spec.pool_stride is None else (spec.pool_stride, spec.pool_stride)
        result = pool((spec.x,), PoolSpec(spec.pool, (spec.window,) * 2, moves, (p, p)))
    done = chain(result.output, spec.then)
    final, flat = result.output[0], None
    for step in done:
        if isinstance(step.result, Flattened):
            flat = step.result.values
        else:
            final = step.result.output[0]
    return Run(result, done, final, flat)


def answer(spec: ConvMapsSpec, done: Run) -> Expected:
    """The answer the question asks for (IndexError for a cell a slip's smaller map lacks)."""
    if done.solved is not None:
        if not done.solved.solutions:
            raise InputError(f"--{spec.unknown}", f"no whole {spec.unknown} gives this size")
        return expecting.number(done.solved.solutions[0])
    if done.flat is not None:
        return shared.vector(done.flat)
    if spec.cell is not None:
        row, col = spec.cell
        if row > len(done.final) or col > len(done.final[0]):
            raise IndexError(spec.cell)
        return shared.scalar(done.final[row - 1][col - 1])
    return grid(done.final)


def grid(rows: Sequence[Sequence[Any]]) -> Expected:
    """A map as a matrix answer (exact where its values are)."""
    return expecting.matrix([[shared.value(v) for v in row] for row in rows])


def _text(rows: Map, digits: int) -> str:
    from aecalc.present.grids import matrix_text

    return matrix_text(rows, digits)


def _name(symbol: str, row: int, col: int) -> str:
    from aecalc.present.grids import name

    return name(symbol, row, col).plain


def _cell_lines(cell: Cell, act: str | None, digits: int) -> list[str]:
    """``y₁,₁ = 2·(−2) + 5·0 + 0·4 + 6·6 = 32`` (then + bias and the activation): the command's."""
    from aecalc.present.convolution import cell_lines

    return [f"{lhs.plain} = {rhs.plain}" for lhs, rhs in cell_lines(cell, act, digits)]


def hint_lines(spec: ConvMapsSpec, done: Run, digits: int) -> tuple[str, ...]:
    """The lines of this question's own numbers that lead to its answer, the last one giving it:
    the output size, the kernel turned, the first window and its products, the next cells …"""
    last = f"answer: {answer(spec, done).as_text(digits)}"
    if done.solved is not None:
        return (*_size_lines(spec, done.solved), last)
    result = done.result
    lines = [f"output size (height and width): {result.formulas[0]}"]
    if spec.op == "conv":
        filt = result.filters[0]
        if spec.flip:
            lines.append(f"the kernel turned by 180°: {_text(filt.used[0], digits)}")
        if spec.cell is not None:
            cell = filt.cells[(spec.cell[0] - 1) * result.size[1] + spec.cell[1] - 1]
            products = ", ".join(f"{_w(t.x)}·{_w(t.k)}" for t in cell.terms)
            lines += [_window(spec, cell, result.kernel, digits), f"the products: {products}"]
            return (*lines, *_cell_lines(cell, spec.act, digits))[-6:]
        lines += ["; ".join(_cell_lines(cell, spec.act, digits)) for cell in filt.cells[:2]]
    elif spec.op == "pool":
        lines += [_window_line(w, spec.pool, digits) for w in result.windows[0][:3]]
    else:
        lines += _transpose_lines(spec, result, digits)
    if done.steps:
        what = {"conv": "convolution", "transpose": "transposed convolution", "pool": "pool"}
        lines = [*lines[:2], f"the {what[spec.op]}'s map: {_text(result.output[0], digits)}"]
        for step in done.steps[:-1]:
            lines.append(f"after {step.text}: {_text(step.result.output[0], digits)}")
    return (*lines[:5], last)


def _size_lines(spec: ConvMapsSpec, solved: Solved) -> list[str]:
    """The formula, the numbers given (the unknown left out), the formula worked."""
    numbers = {
        "in": ("H", spec.size_in),
        "kernel": ("K", spec.kernel),
        "stride": ("S", spec.stride),
        "padding": ("P", spec.padding),
        "out": ("H'", spec.out),
    }
    if spec.dilation > 1:
        numbers["dilation"] = ("D", spec.dilation)
    if spec.transpose:
        numbers["output_padding"] = ("O", spec.output_padding)
    given = ", ".join(f"{s} = {v}" for name, (s, v) in numbers.items() if name != spec.unknown)
    worked = [line for _, line in solved.lines[:1]]
    return [f"the formula: {solved.formula}", f"the numbers given: {given}", *worked]


def _transpose_lines(spec: ConvMapsSpec, result: Any, digits: int) -> list[str]:
    """Two placements, the first cell where placements overlap, the crop."""
    filt = result.filters[0]
    lines = [
        f"x[{p.row + 1},{p.col + 1}] = {_w(p.value)} times the kernel, its corner at "
        f"({p.at[0] + 1}, {p.at[1] + 1}) of the uncropped grid: {_text(p.scaled, digits)}"
        for p in filt.placements[:2]
    ]
    lines += [_cell_lines(c, None, digits)[0] for c in filt.cells if len(c.terms) > 1][:1]
    if any(result.crop):
        added = (
            f"; add {spec.output_padding} at the bottom and right" if spec.output_padding else ""
        )
        lines.append(
            f"the placements summed (uncropped): {_text(filt.full, digits)}; crop "
            f"{spec.padding} from each border{added}"
        )
    return lines


def _w(value: Any) -> str:
    from aecalc.values.quantity import working

    return working(value, 4)


def _window(spec: ConvMapsSpec, cell: Cell, kernel: tuple[int, int], digits: int) -> str:
    """Where a cell's window starts in the (padded) input, and its values row by row."""
    top, left = cell.terms[0].at
    where = "padded input" if spec.padding else "input"
    values = [t.x for t in cell.terms]
    rows = [values[r * kernel[1] : (r + 1) * kernel[1]] for r in range(kernel[0])]
    apart = f", its rows and columns {spec.dilation} apart" if spec.dilation > 1 else ""
    return (
        f"y[{cell.row + 1},{cell.col + 1}]'s window starts at row {top + 1}, column {left + 1} of "
        f"the {where}{apart}; its values, row by row: {_text(tuple(map(tuple, rows)), digits)}"
    )


def _window_line(window: Any, kind: str, digits: int) -> str:
    """``y₁,₁ = max(1, 3, 4, 6) = 6`` or ``y₁,₁ = (1 + (−2) + 4 + 5)/4 = 2``."""
    from aecalc.present.grids import value_text

    name = _name("y", window.row, window.col)
    result = value_text(window.value, digits)
    if kind == "max":
        return f"{name} = max({', '.join(value_text(v, digits) for v in window.values)}) = {result}"
    total = " + ".join(_w(v) for v in window.values)
    return f"{name} = ({total})/{window.divisor} = {result}"


def steps(spec: ConvMapsSpec, done: Run) -> list[Step] | None:
    """The marked working's steps (see the module docstring); None for a size question."""
    if done.solved is not None or (spec.cell is not None and spec.op != "conv"):
        return None
    if spec.cell is not None:
        result = done.result
        index = (spec.cell[0] - 1) * result.size[1] + spec.cell[1] - 1
        return _cell_steps(spec, result.filters[0].cells[index])
    if done.steps:
        return _chain_steps(spec, done)
    if spec.op == "transpose":
        return _transpose_steps(spec, done)
    return _map_steps(spec, done)


def _aliases(symbol: str, row: int, col: int) -> tuple[str, ...]:
    """``y[1,2]``, ``y(1,2)``, ``y12``, ``y1,2``: other ways to name a cell's step."""
    marks = (("[", ",", "]"), ("(", ",", ")"), ("", "", ""), ("", ",", ""))
    return tuple(f"{symbol}{a}{row + 1}{b}{col + 1}{c}" for a, b, c in marks)


def _activate(act: str | None, values: Sequence[Any]) -> tuple[Any, ...]:
    if act is None:
        return tuple(values)
    from aecalc.nets.conv import elementwise

    return elementwise.apply(elementwise.lookup(act), tuple(values))[0]


def _cell_steps(spec: ConvMapsSpec, cell: Cell) -> list[Step]:
    """The products, their sum, + bias, the activation (the last is named y)."""
    act, bias = spec.act, spec.bias or None
    products = Step(
        "products",
        shared.vector([t.x * t.k for t in cell.terms]),
        aliases=("x·k", "terms", "the products"),
        how="x·k, kernel row by kernel row",
    )
    total = "y" if bias is None and act is None else "sum" if bias is not None else "z"
    out: list[Step] = [products]

    def summed(given: Given) -> Expected:
        return shared.scalar(sum(given["products"], Fraction(0)))

    out.append(
        Step(
            total,
            summed({"products": products.truth}),
            ("products",),
            summed,
            ("Σ", "Σ x·k", "sum of the products", *_aliases(total, cell.row, cell.col)),
            how="Σ x·k",
        )
    )
    if bias is not None:
        name = "z" if act else "y"

        def biased(given: Given) -> Expected:
            why = f"add the bias {bias}."
            forgot = expecting.Slip(BIAS.name, why, shared.scalar(given["sum"][0]))
            return shared.keep(shared.scalar(given["sum"][0] + bias), [forgot])

        out.append(
            Step(
                name,
                biased({"sum": (cell.total,)}),
                ("sum",),
                biased,
                ("Σ + b", "+ bias", *_aliases(name, cell.row, cell.col)),
                how="Σ x·k + b",
            )
        )
    if act is not None:
        before = out[-1].name

        def activated(given: Given) -> Expected:
            z = given[before][0]
            forgot = expecting.Slip(RELU.name, "ReLU sets a negative value to 0.", shared.scalar(z))
            return shared.keep(shared.scalar(_activate(act, (z,))[0]), [forgot])

        out.append(
            Step(
                "y",
                activated({before: (cell.pre,)}),
                (before,),
                activated,
                ("ReLU(z)", "output", *_aliases("y", cell.row, cell.col)),
                how="ReLU(z)",
            )
        )
    return out


def _matrix_step(
    name: str,
    values: Map,
    depends: tuple[str, ...],
    recompute: Callable[[Given], Expected] | None,
    aliases: tuple[str, ...],
    how: str,
) -> Step:
    return Step(name, grid(values), depends, recompute, aliases, 1, how)


def _shaped(values: Sequence[Any], shape: tuple[int, int]) -> Map:
    return tuple(tuple(values[r * shape[1] : (r + 1) * shape[1]]) for r in range(shape[0]))


def _map_steps(spec: ConvMapsSpec, done: Run) -> list[Step]:
    """Each cell (its pre-activation where there is an activation), then the map."""
    result = done.result
    act = spec.act if spec.op == "conv" else None
    symbol = "z" if act else "y"
    if spec.op == "conv":
        cells = [(c.row, c.col, c.pre) for c in result.filters[0].cells]
    else:
        cells = [(w.row, w.col, w.value) for w in result.windows[0]]
    out = [
        Step(
            _name(symbol, r, c),
            shared.scalar(v),
            aliases=_aliases(symbol, r, c),
            how=f"cell ({r + 1}, {c + 1})",
        )
        for r, c, v in cells
    ]
    names = tuple(step.name for step in out)
    shape = (len(done.final), len(done.final[0]))

    def mapped(given: Given) -> Expected:
        return grid(_shaped(_activate(act, [given[n][0] for n in names]), shape))

    how = "ReLU of the cells" if act else "the cells as a map"
    out.append(_matrix_step("y", done.final, names, mapped, ("map", "output", "feature map"), how))
    return out


def _transpose_steps(spec: ConvMapsSpec, done: Run) -> list[Step]:
    """Each input value times the kernel, the placements summed, the crop."""
    from aecalc.nets.conv.maps import insert_zeros, pad, size

    result = done.result
    filt = result.filters[0]
    high, wide = result.full_size
    out: list[Step] = []
    for p in filt.placements:
        name = f"x{_name('', p.row, p.col)}·k"
        out.append(
            _matrix_step(name, p.scaled, (), None, (f"x[{p.row + 1},{p.col + 1}]·k",), "x·k")
        )
    placed = [
        (step.name, p.at, size(p.scaled)) for step, p in zip(out, filt.placements, strict=True)
    ]
    d = spec.dilation

    def summed(given: Given) -> Expected:
        total = [[Fraction(0)] * wide for _ in range(high)]
        for name, (top, left), shape in placed:
            spread = insert_zeros(_shaped(given[name], shape), (d, d))
            tall, broad = size(spread)
            grid_ = pad(spread, (top, high - top - tall, left, wide - left - broad))
            total = [
                [a + b for a, b in zip(r1, r2, strict=True)]
                for r1, r2 in zip(total, grid_, strict=True)
            ]
        return grid(total)

    names = tuple(name for name, _, _ in placed)
    cropped = any(result.crop)
    first = "uncropped" if cropped else "y"
    out.append(
        _matrix_step(
            first, filt.full, names, summed, ("sum", "placements summed", "full"), "Σ placed x·k"
        )
    )
    if cropped:
        top, bottom, left, right = result.crop

        def crop(given: Given) -> Expected:
            return grid(
                pad(_shaped(given["uncropped"], (high, wide)), (-top, -bottom, -left, -right))
            )

        out.append(
            _matrix_step("y", done.final, ("uncropped",), crop, ("cropped", "output"), "the crop")
        )
    return out


_STEP_NAMES = {"relu": "ReLU(z)", "flatten": "flattened"}


def _chain_steps(spec: ConvMapsSpec, done: Run) -> list[Step]:
    """The convolution's (or pool's) map, then each step's, worked again by the chain itself."""
    from aecalc.nets.conv.chain import run as chain

    out = [
        _matrix_step(
            "z", done.result.output[0], (), None, ("conv", "convolution"), "the first operation"
        )
    ]
    for step in done.steps:
        before = out[-1].name
        shape = (len(step.result.inputs[0]), len(step.result.inputs[0][0]))
        name = _STEP_NAMES.get(step.text, "pool" if "pool" in step.text else step.text)

        def again(
            given: Given,
            before: str = before,
            shape: tuple[int, int] = shape,
            text: str = step.text,
        ) -> Expected:
            made = chain((_shaped(given[before], shape),), (text,))[0].result
            if hasattr(made, "values"):
                return shared.vector(made.values)
            return grid(made.output[0])

        expected = again({before: out[-1].truth})
        out.append(Step(name, expected, (before,), again, (step.text,), 1, step.text))
    return out
