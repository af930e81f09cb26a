"""The activation and loss registries: each entry's forms agree with each other and with
finite differences, every entry is used end to end, and importing them stays light."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction as F

import numpy as np
import pytest
import sympy

from aecalc.batch.engine import forward_batch
from aecalc.nets import arith
from aecalc.nets.activations import ACTIVATIONS, NAMES, Activation
from aecalc.nets.backprop import backprop_step
from aecalc.nets.forward import build_deep, run_forward
from aecalc.nets.losses import LOSSES, compute_loss
from aecalc.values import quantity

POINTS = [F(-7, 2), F(-1), F(-1, 1000), F(1, 1000), F(1, 3), F(5, 2)]  # no kink at 0
EPS = sympy.Rational(1, 10**20)


def _rational(value: F) -> sympy.Rational:
    return sympy.Rational(value.numerator, value.denominator)


def _exact_at(act: Activation, values: list[sympy.Expr]) -> tuple[sympy.Expr, ...]:
    return act.exact(tuple(values))


ELEMENTWISE = [name for name in NAMES if ACTIVATIONS[name].prime is not None]


def test_registry_order_and_names() -> None:
    assert NAMES == ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "linear", "softmax")
    assert all(ACTIVATIONS[name].name == name for name in NAMES)
    assert tuple(LOSSES) == ("mse", "bce", "half-sse")
    assert {name for name in NAMES if ACTIVATIONS[name].transcendental} == {
        "sigmoid",
        "tanh",
        "softmax",
        "elu",
    }


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_exact_derivative_matches_finite_differences(name: str) -> None:
    act = ACTIVATIONS[name]
    assert act.prime is not None
    for point in POINTS:
        a = _rational(point)
        (h,) = _exact_at(act, [a])
        prime = act.prime(arith.EXACT, a, h)
        (up,) = _exact_at(act, [a + EPS])
        (down,) = _exact_at(act, [a - EPS])
        numeric = sympy.N((up - down) / (2 * EPS), 40)
        assert quantity.to_float(prime) == pytest.approx(float(numeric), rel=1e-12, abs=1e-15)


def test_softmax_coupled_vjp_matches_finite_differences() -> None:
    act = ACTIVATIONS["softmax"]
    assert act.coupled_vjp is not None and act.prime is None
    a = [_rational(p) for p in POINTS[:4]]
    g = [sympy.Rational(k, 7) for k in (3, -2, 5, 1)]
    h = _exact_at(act, a)
    delta = act.coupled_vjp(arith.EXACT, h, tuple(g))
    for i in range(len(a)):
        up = _exact_at(act, [v + (EPS if k == i else 0) for k, v in enumerate(a)])
        down = _exact_at(act, [v - (EPS if k == i else 0) for k, v in enumerate(a)])
        numeric = sum(gk * (u - d) for gk, u, d in zip(g, up, down, strict=True)) / (2 * EPS)
        assert quantity.to_float(delta[i]) == pytest.approx(float(sympy.N(numeric, 40)), rel=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_numpy_forms_match_the_exact_forms(name: str) -> None:
    """numpy(a) against the exact form, numpy_vjp(a, h, g) against the exact derivative
    (softmax: the exact Jacobian, by SymPy's diff of the exact form)."""
    act = ACTIVATIONS[name]
    rng = np.random.default_rng(NAMES.index(name))
    rows = [[F(int(v), 64) for v in rng.integers(-200, 200, 4)] for _ in range(3)]
    a = np.array([[float(v) for v in row] for row in rows])
    g = rng.standard_normal(a.shape)
    h = act.numpy(a)
    vjp = act.numpy_vjp(a, h, g)
    for r, row in enumerate(rows):
        exact_h = _exact_at(act, [_rational(v) for v in row])
        np.testing.assert_allclose(h[r], [quantity.to_float(v) for v in exact_h], rtol=1e-14)
        if act.prime is not None:
            want = [
                g[r, k] * quantity.to_float(act.prime(arith.EXACT, _rational(v), exact_h[k]))
                for k, v in enumerate(row)
            ]
        else:
            symbols = sympy.symbols(f"a0:{len(row)}")
            outputs = act.exact(symbols)
            at = {s: _rational(v) for s, v in zip(symbols, row, strict=True)}
            jacobian = [[float(sympy.diff(o, s).subs(at)) for s in symbols] for o in outputs]
            want = list(np.array(jacobian).T @ g[r])
        np.testing.assert_allclose(vjp[r], want, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", NAMES)
def test_in_place_kernels_match_the_numpy_form(name: str) -> None:
    act = ACTIVATIONS[name]
    a = np.random.default_rng(3).standard_normal((5, 6)) * 4
    block = a.copy()
    act.in_place(block)
    np.testing.assert_allclose(block, act.numpy(a), rtol=1e-13, atol=1e-300)
    if act.in_place_negated is not None:
        negated = -a
        act.in_place_negated(negated)
        np.testing.assert_allclose(negated, act.numpy(a), rtol=1e-13, atol=1e-300)


@pytest.mark.parametrize("name", list(LOSSES))
def test_loss_numpy_grad_matches_finite_differences(name: str) -> None:
    loss = LOSSES[name]
    rng = np.random.default_rng(len(name))
    x = rng.uniform(0.05, 0.95, (4, 5))
    x_hat = rng.uniform(0.05, 0.95, (4, 5))
    grad = loss.numpy_grad(x, x_hat)
    assert grad.shape == x.shape
    step = 1e-6
    for i, j in np.ndindex(*x.shape):
        up, down = x_hat.copy(), x_hat.copy()
        up[i, j] += step
        down[i, j] -= step
        numeric = (loss.numpy(x, up)[i] - loss.numpy(x, down)[i]) / (2 * step)
        assert grad[i, j] == pytest.approx(numeric, rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("name", list(LOSSES))
def test_loss_forms_agree_with_the_worked_loss(name: str) -> None:
    """Per-sample NumPy loss = the worked (exact) loss with the default reduction; the exact
    gradient = the NumPy gradient."""
    loss = LOSSES[name]
    x = [F(1, 5), F(9, 10), F(1, 2)]
    x_hat = [F(3, 10), F(7, 10), F(1, 4)]
    worked = compute_loss(loss.name, tuple(x), tuple(x_hat))
    xs, hats = np.array([[float(v) for v in x]]), np.array([[float(v) for v in x_hat]])
    assert loss.numpy(xs, hats)[0] == pytest.approx(quantity.to_float(worked.value), rel=1e-14)
    exact_grad = [
        quantity.to_float(loss.grad(arith.EXACT, arith.EXACT.lift(h), arith.EXACT.lift(t), 3))
        for h, t in zip(x_hat, x, strict=True)
    ]
    np.testing.assert_allclose(loss.numpy_grad(xs, hats)[0], exact_grad, rtol=1e-13)


def test_bce_numpy_clamps_the_log_at_minus_100_as_pytorch() -> None:
    bce = LOSSES["bce"]
    x = np.array([[1.0, 0.0]])
    x_hat = np.array([[0.0, 0.0]])
    assert bce.numpy(x, x_hat)[0] == pytest.approx(50.0)  # (100 + 0) / 2
    assert np.all(np.isfinite(bce.numpy_grad(x, x_hat)))


# ---------------------------------------------------------------- every entry is used


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("float_only", [False, True])
def test_every_activation_runs_through_forward_backprop_and_batch(
    name: str, float_only: bool
) -> None:
    ws = [((F(1, 2), F(-1, 4)), (F(1, 8), F(1, 2))), ((F(1, 3), F(1, 2)), (F(-1, 2), F(1, 4)))]
    bs = [(F(1, 10), F(-1, 10)), (F(0), F(1, 5))]
    network = build_deep(ws, bs, tied=False, act=name)
    x = (F(1, 2), F(1, 4))
    result = backprop_step(network, x, loss="half-sse", lr=F(1, 10), float_only=float_only)
    assert result.forward.arithmetic == ("float" if float_only else "exact")
    # the same step in float64 (the trainer) agrees with the worked one
    forward = run_forward(network, x, float_only=True)
    np.testing.assert_allclose(
        [quantity.to_float(v) for v in result.x_hat],
        [quantity.to_float(v) for v in forward.x_hat],
        rtol=1e-12,
    )
    assert result.loss_after < quantity.to_float(result.loss)
    batch = forward_batch(
        [np.array(w, dtype=float) for w in ws],
        [np.array(b, dtype=float) for b in bs],
        name,
        np.array([[0.5, 0.25]]),
    )
    np.testing.assert_allclose(
        batch.x_hat[0], [quantity.to_float(v) for v in forward.x_hat], rtol=1e-12
    )


@pytest.mark.parametrize("loss", list(LOSSES))
def test_every_loss_runs_through_backprop(loss: str) -> None:
    ws = [((F(1, 2), F(-1, 4)), (F(1, 8), F(1, 2))), ((F(1, 3), F(1, 2)), (F(-1, 2), F(1, 4)))]
    network = build_deep(ws, [], tied=False, act="sigmoid")
    result = backprop_step(network, (F(1, 2), F(1, 4)), loss=loss, lr=F(1, 2))
    assert result.loss_name == loss
    assert result.history[1] < result.history[0]


def test_importing_the_registries_loads_neither_numpy_nor_sympy() -> None:
    code = (
        "import sys\n"
        "import aecalc.nets.activations, aecalc.nets.losses\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'sympy')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_option_help_lists_the_registry_names() -> None:
    from cli import run

    for command in ("forward", "backprop"):
        code, out, _ = run(command, "--help", columns=400)
        assert code == 0
        line = next(text for text in out.splitlines() if "│" in text and "--act " in text)
        assert ", ".join(NAMES[:-1]) + f" or {NAMES[-1]}" in line
    code, out, _ = run("backprop", "--help", columns=400)
    line = next(text for text in out.splitlines() if "│" in text and "--loss " in text)
    assert all(f"{name} ({LOSSES[name].note})" in line for name in LOSSES)
    code, out, _ = run("loss", "--help", columns=400)
    assert "mse, bce or half-sse." in out


def test_every_command_is_a_function_of_a_commands_module() -> None:
    """cli.COMMANDS names its modules as strings (so `aecalc NAME` loads only its own command):
    each must be a module of aecalc.commands, one layer below cli, with that function."""
    import importlib

    from aecalc.cli import COMMANDS

    for name, (module, function) in COMMANDS.items():
        assert module.startswith("aecalc.commands."), name
        assert callable(getattr(importlib.import_module(module), function)), name


def test_every_command_has_a_worked_example_for_the_printout_tests() -> None:
    """tests/examples.py holds one example per command (or says where one that cannot run in one
    call is tested): the Markdown, LaTeX, HTML and width tests take their commands from it."""
    from aecalc.cli import COMMANDS
    from examples import EXAMPLES, NO_EXAMPLE

    assert set(EXAMPLES) | set(NO_EXAMPLE) == set(COMMANDS)
    assert not set(EXAMPLES) & set(NO_EXAMPLE)
    for name, examples in EXAMPLES.items():
        assert examples and all(argv[0] == name and number for argv, number in examples), name


def test_every_record_a_command_prints_shows_itself_in_a_notebook() -> None:
    """The notebook's presenter table covers the results of the calculator's commands."""
    from aecalc.render.notebook import presenters

    shown = {kind.__name__ for kind in presenters()}
    assert {"ParamCount", "ForwardResult", "BackpropResult", "Loss", "Penalty"} <= shown
