"""Activations against their definitions at edge values; exact and float passes agree."""

from __future__ import annotations

import itertools
import math
import warnings
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aecalc.errors import InputError
from aecalc.nets import activations
from aecalc.nets.forward import build_deep, run_forward
from aecalc.values import quantity


def test_sigmoid_at_large_magnitudes_gives_no_warning() -> None:
    a = np.array([-1e6, -1000.0, -745.0, -30.0, 0.0, 30.0, 745.0, 1000.0, 1e6])
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        s = activations.ACTIVATIONS["sigmoid"].numpy(a)
    assert s[0] == 0.0 and s[-1] == 1.0 and s[4] == 0.5
    assert s[3] == pytest.approx(math.exp(-30) / (1 + math.exp(-30)), rel=1e-15)
    assert s[5] == pytest.approx(1 / (1 + math.exp(-30)), rel=1e-15)
    assert np.all((s >= 0) & (s <= 1))


def test_softmax_and_elu_at_large_magnitudes_give_no_warning() -> None:
    a = np.array([[1000.0, 999.0, -1000.0]])
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        soft = activations.ACTIVATIONS["softmax"].numpy(a)
        elu = activations.ACTIVATIONS["elu"].numpy(a)
    assert soft.sum() == pytest.approx(1.0)
    assert soft[0, 0] == pytest.approx(1 / (1 + math.exp(-1)), rel=1e-15)
    assert elu.tolist() == [[1000.0, 999.0, -1.0]]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-50, 50), min_size=1, max_size=6),
    st.floats(-1e3, 1e3),
)
def test_softmax_is_shift_invariant(values: list[float], shift: float) -> None:
    a = np.array([values])
    assert np.allclose(
        activations.ACTIVATIONS["softmax"].numpy(a),
        activations.ACTIVATIONS["softmax"].numpy(a + shift),
        rtol=1e-9,
        atol=1e-12,
    )


@pytest.mark.parametrize(
    ("name", "definition"),
    [
        ("sigmoid", lambda a: 1 / (1 + math.exp(-a))),
        ("tanh", math.tanh),
        ("relu", lambda a: max(0.0, a)),
        ("leaky_relu", lambda a: a if a > 0 else 0.01 * a),
        ("elu", lambda a: a if a > 0 else math.expm1(a)),
        ("linear", lambda a: a),
    ],
)
def test_float_and_exact_activations_match_the_definition(name: str, definition: object) -> None:
    import sympy

    points = [F(-7, 2), F(-1), F(-1, 1000), F(0), F(1, 1000), F(1), F(5, 2)]
    floats = activations.ACTIVATIONS[name].numpy(np.array([float(p) for p in points]))
    exact = activations.ACTIVATIONS[name].exact(
        tuple(sympy.Rational(p.numerator, p.denominator) for p in points)
    )
    for point, got, closed in zip(points, floats, exact, strict=True):
        want = definition(float(point))  # type: ignore[operator]
        assert got == pytest.approx(want, rel=1e-14, abs=1e-300)
        assert quantity.to_float(closed) == pytest.approx(want, rel=1e-14, abs=1e-300)


def test_exact_softmax_and_sigmoid_closed_forms() -> None:
    import sympy

    assert (
        quantity.plain(activations.ACTIVATIONS["sigmoid"].exact((sympy.Integer(1),))[0])
        == "1/(1 + e⁻¹)"
    )
    assert activations.ACTIVATIONS["sigmoid"].exact((sympy.Integer(0),))[0] == sympy.Rational(1, 2)
    soft = activations.ACTIVATIONS["softmax"].exact((sympy.Integer(3), sympy.Integer(3)))
    assert soft == (sympy.Rational(1, 2), sympy.Rational(1, 2))


def test_activation_names() -> None:
    assert activations.parse_activations("Sigmoid", 3) == ("sigmoid",) * 3
    assert activations.parse_activations("relu, identity", 2) == ("relu", "linear")
    with pytest.raises(InputError, match="unknown activation 'gelu'"):
        activations.parse_activations("gelu", 1)
    with pytest.raises(InputError, match="gives 2 activations but the net has 3 layers"):
        activations.parse_activations("relu,tanh", 3)


small = st.fractions(min_value=-3, max_value=3, max_denominator=4)


@st.composite
def nets(
    draw: st.DrawFn,
) -> tuple[list[tuple[tuple[F, ...], ...]], list[tuple[F, ...]], str, tuple[F, ...]]:
    sizes = draw(st.lists(st.integers(1, 3), min_size=2, max_size=4))
    weights = [
        tuple(tuple(draw(small) for _ in range(n_in)) for _ in range(n_out))
        for n_in, n_out in itertools.pairwise(sizes)
    ]
    biases = [tuple(draw(small) for _ in range(n_out)) for n_out in sizes[1:]]
    acts = ",".join(draw(st.sampled_from(activations.NAMES)) for _ in weights)
    x = tuple(draw(small) for _ in range(sizes[0]))
    return weights, biases, acts, x


@settings(max_examples=30, deadline=None)
@given(nets())
def test_exact_and_float_passes_agree(
    case: tuple[list[tuple[tuple[F, ...], ...]], list[tuple[F, ...]], str, tuple[F, ...]],
) -> None:
    weights, biases, acts, x = case
    network = build_deep(weights, biases, tied=False, act=acts)
    target = None if network.sizes[-1] == len(x) else tuple(F(0) for _ in range(network.sizes[-1]))
    exact = run_forward(network, x, target=target)
    floats = run_forward(network, x, target=target, float_only=True)
    assert exact.arithmetic == "exact" and floats.arithmetic == "float"
    for e, f in zip(exact.layers, floats.layers, strict=True):
        for a, b in zip(e.activation, f.activation, strict=True):
            assert quantity.to_float(a) == pytest.approx(b, rel=1e-12, abs=1e-12)
    assert quantity.to_float(exact.mse.value) == pytest.approx(
        floats.mse.value, rel=1e-10, abs=1e-12
    )
