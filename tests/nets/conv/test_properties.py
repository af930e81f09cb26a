"""Properties of the exact convolutions: a transposed convolution is the adjoint of the
convolution, its two views agree, and ``shape``'s solutions agree with the maps computed."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from aecalc.errors import InputError
from aecalc.nets.conv.correlate import ConvSpec, convolve
from aecalc.nets.conv.maps import Map, Volume, size
from aecalc.nets.conv.solve import QUANTITIES, Axis, solve
from aecalc.nets.conv.transpose import TransposeSpec, transpose

values = st.integers(-4, 4).map(Fraction)


def grids(height: int, width: int) -> st.SearchStrategy[Map]:
    return st.lists(
        st.lists(values, min_size=width, max_size=width).map(tuple),
        min_size=height,
        max_size=height,
    ).map(tuple)


def dot(a: Volume, b: Volume) -> Fraction:
    return sum(
        (
            x * y
            for ga, gb in zip(a, b, strict=True)
            for ra, rb in zip(ga, gb, strict=True)
            for x, y in zip(ra, rb, strict=True)
        ),
        Fraction(0),
    )


@st.composite
def layers(
    draw: st.DrawFn,
) -> tuple[Volume, tuple[Volume, ...], Volume, dict[str, tuple[int, int]]]:
    channels = draw(st.integers(1, 2))
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    dilation = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    padding = (draw(st.integers(0, 2)), draw(st.integers(0, 2)))
    h = draw(st.integers(max(1, dilation[0] * (kh - 1) + 1 - 2 * padding[0]), 6))
    w = draw(st.integers(max(1, dilation[1] * (kw - 1) + 1 - 2 * padding[1]), 6))
    x = tuple(draw(grids(h, w)) for _ in range(channels))
    kernels = tuple(draw(grids(kh, kw)) for _ in range(channels))
    out = tuple(
        (n + 2 * p - d * (k - 1) - 1) // s + 1
        for n, p, d, k, s in zip((h, w), padding, dilation, (kh, kw), stride, strict=True)
    )
    y = (draw(grids(*out)),)
    return x, (kernels,), y, {"stride": stride, "padding": padding, "dilation": dilation}


@settings(max_examples=60, deadline=None)
@given(layers())
def test_transposed_convolution_is_the_adjoint(
    case: tuple[Volume, tuple[Volume, ...], Volume, dict[str, tuple[int, int]]],
) -> None:
    """⟨conv(x), y⟩ = ⟨x, convT(y)⟩ with the same kernel, stride, padding and dilation (and the
    output padding that gives back x's size)."""
    x, filters, y, options = case
    forward = convolve(x, filters, ConvSpec(**options))
    assert size(forward.output[0]) == size(y[0])
    height, width = size(x[0])
    back_size = [
        (n - 1) * s - 2 * p + d * (k - 1) + 1
        for n, s, p, d, k in zip(
            size(y[0]),
            options["stride"],
            options["padding"],
            options["dilation"],
            forward.kernel,
            strict=True,
        )
    ]
    o = (height - back_size[0], width - back_size[1])
    # the adjoint maps the one output channel back to every input channel: a filter per channel
    adjoint_filters = tuple((kernel,) for kernel in filters[0])
    back = transpose(y, adjoint_filters, TransposeSpec(output_padding=o, **options))
    assert dot(forward.output, y) == dot(x, back.output)


@settings(max_examples=40, deadline=None)
@given(layers(), st.integers(0, 2), st.integers(0, 2))
def test_the_gather_view_gives_the_same_map(
    case: tuple[Volume, tuple[Volume, ...], Volume, dict[str, tuple[int, int]]],
    oh: int,
    ow: int,
) -> None:
    x, filters, _, options = case
    o = tuple(
        min(v, max(s, d) - 1)
        for v, s, d in zip((oh, ow), options["stride"], options["dilation"], strict=True)
    )
    try:
        scattered = transpose(x, filters, TransposeSpec(output_padding=o, **options))
    except InputError:  # a padding that leaves no output (checked in the shape test)
        return
    gathered = convolve(
        scattered.inserted, scattered.flipped, ConvSpec(dilation=options["dilation"])
    )
    assert gathered.output == scattered.output


@settings(max_examples=60, deadline=None)
@given(layers())
def test_shape_agrees_with_the_maps(
    case: tuple[Volume, tuple[Volume, ...], Volume, dict[str, tuple[int, int]]],
) -> None:
    """Along the height: the output size ``shape`` computes is the map's, and solving for each
    number from the others finds the one the map was made with among its solutions."""
    x, filters, _, options = case
    result = convolve(x, filters, ConvSpec(**options))
    axis = Axis(
        size_in=size(x[0])[0],
        kernel=result.kernel[0],
        stride=options["stride"][0],
        padding=options["padding"][0],
        dilation=options["dilation"][0],
        out=result.size[0],
    )
    for quantity in QUANTITIES:
        solved = solve(axis, quantity)
        value = axis.value(quantity)
        assert isinstance(value, int) and solved.lowest is not None
        assert solved.lowest <= value and (solved.highest is None or value <= solved.highest)
        for other in solved.solutions[:5]:  # every listed solution gives the same size
            assert solve(axis.with_value(quantity, other), "out").lowest == result.size[0]
    axes = [
        Axis(
            transpose=True,
            size_in=result.size[i],
            kernel=result.kernel[i],
            stride=options["stride"][i],
            padding=options["padding"][i],
            dilation=options["dilation"][i],
        )
        for i in (0, 1)
    ]
    try:
        back = transpose(result.output, ((filters[0][0],),), TransposeSpec(**options))
    except InputError:  # the padding crops everything along an axis: shape says so too
        refused = 0
        for axis_t in axes:
            try:
                solve(axis_t, "out")
            except InputError:
                refused += 1
        assert refused
        return
    assert [solve(a, "out").lowest for a in axes] == list(size(back.output[0]))
