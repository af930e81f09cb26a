"""One gradient step: a published worked example, finite differences, exact vs float, the CLI."""

from __future__ import annotations

import itertools
import json
import math
from fractions import Fraction as F
from typing import Any

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import cli
from aecalc.errors import InputError
from aecalc.nets.activations import NAMES
from aecalc.nets.backprop import BackpropResult, backprop_step
from aecalc.nets.forward import Network, build_deep, build_vanilla
from aecalc.present.chain_rule import chain_rules
from aecalc.values import quantity

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    return cli.run(*args, columns=220)


# ----------------------------------------------------------------------------------------------
# Matt Mazur's "A Step by Step Backpropagation Example": 2 → 2 → 2 sigmoid, half-SSE, η = 0.5.
# It shares one bias per layer (b1 = 0.35, b2 = 0.60); here each unit has its own bias equal to
# the shared value. The weights w1..w8 map to W1 = [[w1, w2], [w3, w4]], W2 = [[w5, w6], [w7, w8]].

MAZUR_ARGS = (
    "--x", "0.05,0.1",
    "--w", "0.15,0.2;0.25,0.3", "--b", "0.35,0.35",
    "--w", "0.4,0.45;0.5,0.55", "--b", "0.6,0.6",
    "--target", "0.01,0.99", "--loss", "half-sse", "--lr", "0.5",
)  # fmt: skip


def _mazur() -> Network:
    return build_deep(
        [
            ((F("0.15"), F("0.2")), (F("0.25"), F("0.3"))),
            ((F("0.4"), F("0.45")), (F("0.5"), F("0.55"))),
        ],
        [(F("0.35"), F("0.35")), (F("0.6"), F("0.6"))],
        tied=False,
        act="sigmoid",
    )


def _mazur_by_hand() -> tuple[float, list[float]]:
    """The example recomputed independently, weight by weight, as the post writes it."""
    s = lambda a: 1 / (1 + math.exp(-a))  # noqa: E731
    i1, i2, t1, t2 = 0.05, 0.10, 0.01, 0.99
    w = [0.0, 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55]
    h1 = s(w[1] * i1 + w[2] * i2 + 0.35)
    h2 = s(w[3] * i1 + w[4] * i2 + 0.35)
    o1 = s(w[5] * h1 + w[6] * h2 + 0.60)
    o2 = s(w[7] * h1 + w[8] * h2 + 0.60)
    total = 0.5 * (t1 - o1) ** 2 + 0.5 * (t2 - o2) ** 2
    d1 = (o1 - t1) * o1 * (1 - o1)
    d2 = (o2 - t2) * o2 * (1 - o2)
    e1 = (d1 * w[5] + d2 * w[7]) * h1 * (1 - h1)
    e2 = (d1 * w[6] + d2 * w[8]) * h2 * (1 - h2)
    grads = [e1 * i1, e1 * i2, e2 * i1, e2 * i2, d1 * h1, d1 * h2, d2 * h1, d2 * h2]
    return total, [w[k + 1] - 0.5 * grads[k] for k in range(8)]


def test_mazur_published_figures_to_every_digit() -> None:
    result = backprop_step(
        _mazur(), (F("0.05"), F("0.1")), target=(F("0.01"), F("0.99")), loss="half-sse", lr=F(1, 2)
    )
    assert result.forward.arithmetic == "exact"
    # the post prints: total error 0.298371109, w5+ = 0.35891648, w1+ = 0.149780716
    assert quantity.decimal(result.loss, 9) == "0.298371109"
    assert quantity.decimal(result.layers[1].w_new[0][0], 8) == "0.35891648"
    assert quantity.decimal(result.layers[0].w_new[0][0], 9) == "0.149780716"
    # and the other weights as the post prints them
    w2 = result.layers[1].w_new
    assert [quantity.decimal(v, 9) for row in w2 for v in row] == [
        "0.358916480",
        "0.408666186",
        "0.511301270",
        "0.561370121",
    ]
    w1 = result.layers[0].w_new
    assert [quantity.decimal(v, 8) for row in w1 for v in row] == [
        "0.14978072",
        "0.19956143",
        "0.24975114",
        "0.29950229",
    ]


def test_mazur_matches_an_independent_hand_computation() -> None:
    result = backprop_step(
        _mazur(), (F("0.05"), F("0.1")), target=(F("0.01"), F("0.99")), loss="half-sse", lr=F(1, 2)
    )
    total, new = _mazur_by_hand()
    assert quantity.to_float(result.loss) == pytest.approx(total, rel=1e-14)
    ours = [quantity.to_float(v) for layer in result.layers for row in layer.w_new for v in row]
    assert ours == pytest.approx(new, rel=1e-13)
    # δ at the output and the chain rule for w5 as the post writes it
    rule = chain_rules(result)[0]
    factors = [quantity.to_float(f.value) for f in rule.factors]
    assert factors == pytest.approx([0.74136507, 0.186815602, 0.593269992], rel=1e-8)
    assert quantity.to_float(rule.result) == pytest.approx(0.082167041, rel=1e-8)


def test_mazur_frozen_biases_loss_after_one_step() -> None:
    """The post keeps biases fixed; recomputed independently the error after one step is
    0.29102777 (the post prints 0.291027924, which does not reproduce)."""
    result = backprop_step(
        _mazur(),
        (F("0.05"), F("0.1")),
        target=(F("0.01"), F("0.99")),
        loss="half-sse",
        lr=F(1, 2),
        update_bias=False,
    )
    assert result.loss_after == pytest.approx(0.2910277737, rel=1e-9)
    assert result.layers[0].b_new == result.layers[0].bias


def test_cli_mazur_prints_the_digits() -> None:
    code, out, _ = run("backprop", *MAZUR_ARGS, "--digits", "9")
    assert code == 0
    for text in ("0.298371109", "0.358916480", "0.149780716", "0.082167041", "Chain rule"):
        assert text in out
    code, out, _ = run("backprop", *MAZUR_ARGS, "--json")
    data = json.loads(out)
    assert data["loss"] == pytest.approx(0.2983711087600027, rel=1e-14)
    assert data["x_hat"] == pytest.approx([0.75136507, 0.772928465], rel=1e-8)
    assert data["layers"][1]["w_new"][0][0] == pytest.approx(0.35891647971788465, rel=1e-14)
    assert {"grad_w", "grad_b", "w_new", "b_new"} <= set(data["layers"][0])


# ----------------------------------------------------------------------------------------------
# Finite differences in 50-digit arithmetic (mpmath), written independently of aecalc.

mpmath.mp.dps = 50


def _mp_act(name: str, a: list[Any]) -> list[Any]:
    if name == "sigmoid":
        return [1 / (1 + mpmath.exp(-v)) for v in a]
    if name == "tanh":
        return [mpmath.tanh(v) for v in a]
    if name == "relu":
        return [v if v > 0 else mpmath.mpf(0) for v in a]
    if name == "leaky_relu":
        return [v if v > 0 else v / 100 for v in a]
    if name == "elu":
        return [v if v > 0 else mpmath.exp(v) - 1 for v in a]
    if name == "softmax":
        exps = [mpmath.exp(v) for v in a]
        total = mpmath.fsum(exps)
        return [e / total for e in exps]
    return list(a)


def _mp(value: F) -> Any:
    return mpmath.mpf(value.numerator) / value.denominator


def _mp_loss(
    weights: list[list[list[Any]]], biases: list[list[Any]], acts: tuple[str, ...], x: list[Any],
    target: list[Any], loss: str,
) -> Any:  # fmt: skip
    h = x
    for w, b, name in zip(weights, biases, acts, strict=True):
        a = [
            mpmath.fsum(wi * hi for wi, hi in zip(row, h, strict=True)) + bi
            for row, bi in zip(w, b, strict=True)
        ]
        h = _mp_act(name, a)
    n = len(h)
    if loss == "mse":
        return mpmath.fsum((o - t) ** 2 for o, t in zip(h, target, strict=True)) / n
    if loss == "half-sse":
        return mpmath.fsum((o - t) ** 2 for o, t in zip(h, target, strict=True)) / 2
    return (
        -mpmath.fsum(
            t * mpmath.log(o) + (1 - t) * mpmath.log(1 - o) for o, t in zip(h, target, strict=True)
        )
        / n
    )


def _numeric_gradients(
    network: Network, x: tuple[F, ...], target: tuple[F, ...], loss: str
) -> list[tuple[Any, Any]]:
    weights = [[[_mp(w) for w in row] for row in layer.weights] for layer in network.layers]
    biases = [[_mp(b) for b in layer.bias] for layer in network.layers]
    acts = tuple(layer.activation for layer in network.layers)
    xs, ts = [_mp(v) for v in x], [_mp(v) for v in target]
    step = mpmath.mpf(10) ** -20

    def central(container: list[Any], index: int) -> Any:
        saved = container[index]
        container[index] = saved + step
        up = _mp_loss(weights, biases, acts, xs, ts, loss)
        container[index] = saved - step
        down = _mp_loss(weights, biases, acts, xs, ts, loss)
        container[index] = saved
        return (up - down) / (2 * step)

    result = []
    for layer_w, layer_b in zip(weights, biases, strict=True):
        grad_w = [[central(row, c) for c in range(len(row))] for row in layer_w]
        grad_b = [central(layer_b, r) for r in range(len(layer_b))]
        result.append((grad_w, grad_b))
    return result


def _random_net(rng: np.random.Generator, sizes: list[int], acts: str) -> Network:
    ws = [
        tuple(tuple(F(float(v)) for v in row) for row in rng.normal(0, 0.8, (n_out, n_in)))
        for n_in, n_out in itertools.pairwise(sizes)
    ]
    bs = [tuple(F(float(v)) for v in rng.normal(0, 0.5, n_out)) for n_out in sizes[1:]]
    return build_deep(ws, bs, tied=False, act=acts)


def _assert_close(ours: list[list[float]] | list[float], reference: list[Any], what: str) -> None:
    mine = np.array(ours, dtype=float)
    ref = np.array(
        [[float(v) for v in row] for row in reference]
        if mine.ndim == 2
        else [float(v) for v in reference]
    )
    scale = max(float(np.max(np.abs(ref))), 1e-300)
    assert float(np.max(np.abs(mine - ref))) <= 1e-9 * scale, f"{what}: {mine} vs {ref}"


def _check_against_finite_differences(
    result: BackpropResult, network: Network, x: tuple[F, ...], target: tuple[F, ...], loss: str
) -> None:
    numeric = _numeric_gradients(network, x, target, loss)
    for layer, (grad_w, grad_b) in zip(result.layers, numeric, strict=True):
        ours_w = [[quantity.to_float(v) for v in row] for row in layer.grad_w]
        ours_b = [quantity.to_float(v) for v in layer.grad_b]
        _assert_close(ours_w, grad_w, f"layer {layer.index} ∂L/∂W")
        _assert_close(ours_b, grad_b, f"layer {layer.index} ∂L/∂b")


@pytest.mark.parametrize("loss", ["mse", "half-sse", "bce"])
@pytest.mark.parametrize("act", NAMES)
def test_float_gradients_match_finite_differences(act: str, loss: str) -> None:
    rng = np.random.default_rng(10 * NAMES.index(act) + ["mse", "half-sse", "bce"].index(loss))
    sizes = [3, 4, 2, 3]
    # BCE needs outputs in (0, 1): the output layer is sigmoid (or softmax) there
    last = act if loss != "bce" or act in ("sigmoid", "softmax") else "sigmoid"
    acts = f"{act},{act},{last}"
    for _ in range(3):
        network = _random_net(rng, sizes, acts)
        x = tuple(F(float(v)) for v in rng.uniform(0.05, 0.95, 3))
        target = tuple(F(float(v)) for v in rng.uniform(0.05, 0.95, 3))
        result = backprop_step(network, x, target=target, loss=loss, lr=F(1, 10), float_only=True)
        assert result.forward.arithmetic == "float"
        _check_against_finite_differences(result, network, x, target, loss)


@pytest.mark.parametrize("loss", ["mse", "half-sse", "bce"])
@pytest.mark.parametrize("act", ["sigmoid", "tanh", "relu", "elu", "softmax"])
def test_exact_gradients_match_finite_differences_and_float(act: str, loss: str) -> None:
    rng = np.random.default_rng(7 + NAMES.index(act))
    last = act if loss != "bce" or act in ("sigmoid", "softmax") else "sigmoid"
    ws = [
        tuple(tuple(F(int(v), 4) for v in row) for row in rng.integers(-4, 5, (2, 3))),
        tuple(tuple(F(int(v), 4) for v in row) for row in rng.integers(-4, 5, (3, 2))),
    ]
    bs = [
        tuple(F(int(v), 8) for v in rng.integers(-3, 4, 2)),
        tuple(F(int(v), 8) for v in rng.integers(-3, 4, 3)),
    ]
    network = build_deep(ws, bs, tied=False, act=f"{act},{last}")
    x = (F(1, 2), F(1, 4), F(9, 10))
    target = (F(1, 10), F(1, 2), F(3, 4))
    exact = backprop_step(network, x, target=target, loss=loss, lr=F(1, 2))
    floats = backprop_step(network, x, target=target, loss=loss, lr=F(1, 2), float_only=True)
    assert exact.forward.arithmetic == "exact"
    _check_against_finite_differences(exact, network, x, target, loss)
    for a, b in zip(exact.layers, floats.layers, strict=True):
        for row_a, row_b in zip(a.w_new, b.w_new, strict=True):
            assert [quantity.to_float(v) for v in row_a] == pytest.approx(
                list(row_b), rel=1e-12, abs=1e-15
            )
    assert quantity.to_float(exact.loss) == pytest.approx(quantity.to_float(floats.loss), rel=1e-12)
    assert exact.loss_after == pytest.approx(floats.loss_after, rel=1e-12)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**6), loss=st.sampled_from(["mse", "half-sse", "bce"]))
def test_random_nets_hypothesis(seed: int, loss: str) -> None:
    rng = np.random.default_rng(seed)
    sizes = [int(rng.integers(1, 5)) for _ in range(3)]
    sizes.append(sizes[0])
    hidden = NAMES[int(rng.integers(0, len(NAMES)))]
    last = "sigmoid" if loss == "bce" else NAMES[int(rng.integers(0, len(NAMES)))]
    network = _random_net(rng, sizes, f"{hidden},{hidden},{last}")
    x = tuple(F(float(v)) for v in rng.uniform(0.05, 0.95, sizes[0]))
    result = backprop_step(network, x, loss=loss, lr=F(1, 10), float_only=True)
    _check_against_finite_differences(result, network, x, x, loss)


def test_tied_weights_gradient_is_the_sum_of_both_uses() -> None:
    we = ((F(1, 2), F(-1, 4), F(1, 8)), (F(-1, 3), F(1, 5), F(1, 2)))
    network = build_vanilla(we, (F(1, 10), F(-1, 10)), None, None, tied=True, act="sigmoid")
    x = (F(1, 5), F(3, 5), F(9, 10))
    result = backprop_step(network, x, loss="mse", lr=F(1, 2), float_only=True)
    encoder = result.layers[0]
    assert encoder.grad_w_total is not None
    # numeric: perturb W_e, which moves W_d = W_eᵀ too
    step = mpmath.mpf(10) ** -20

    def loss_at(w: list[list[Any]]) -> Any:
        wt = [list(col) for col in zip(*w, strict=True)]
        biases = [[_mp(b) for b in layer.bias] for layer in network.layers]
        xs = [_mp(v) for v in x]
        return _mp_loss([w, wt], biases, ("sigmoid", "sigmoid"), xs, xs, "mse")

    base = [[_mp(v) for v in row] for row in we]
    for r in range(2):
        for c in range(3):
            up = [row[:] for row in base]
            down = [row[:] for row in base]
            up[r][c] += step
            down[r][c] -= step
            numeric = float((loss_at(up) - loss_at(down)) / (2 * step))
            assert encoder.grad_w_total[r][c] == pytest.approx(numeric, rel=1e-9)
    decoder = result.layers[1]
    assert decoder.tied_to == 1
    new_we = encoder.w_new
    assert [list(row) for row in decoder.w_new] == [list(col) for col in zip(*new_we, strict=True)]


def test_steps_loss_decreases_and_first_step_matches() -> None:
    result = backprop_step(
        _mazur(),
        (F("0.05"), F("0.1")),
        target=(F("0.01"), F("0.99")),
        loss="half-sse",
        lr=F(1, 2),
        steps=50,
    )
    assert len(result.history) == 51
    assert result.history[0] == pytest.approx(quantity.to_float(result.loss), rel=1e-14)
    assert all(b < a for a, b in zip(result.history, result.history[1:], strict=False))


def test_bce_after_sigmoid_simplifies_to_mean_difference() -> None:
    we = ((F(1), F(-1)), (F(0), F(1)))
    network = build_vanilla(we, None, ((F(1), F(0)), (F(0), F(1))), None, tied=False, act="sigmoid")
    result = backprop_step(network, (F(1), F(0)), loss="bce", lr=F(1))
    out = result.layers[-1]
    for d, h, t in zip(out.delta, out.output, (1, 0), strict=True):
        assert quantity.to_float(d) == pytest.approx((quantity.to_float(h) - t) / 2, rel=1e-14)


def test_default_target_is_the_input() -> None:
    we = ((F(1), F(-1)), (F(0), F(1)))
    network = build_vanilla(we, None, ((F(1), F(0)), (F(0), F(1))), None, tied=False, act="sigmoid")
    result = backprop_step(network, (F(1), F(0)))
    assert result.target_is_input
    assert result.target == (F(1), F(0))
    # MSE of the brief's F1 example: x̂ = [0.6750, 0.6225]
    assert quantity.to_float(result.loss) == pytest.approx(
        ((1 - 0.675038) ** 2 + 0.622459**2) / 2, rel=1e-5
    )


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"lr": F(0)}, "--lr"),
        ({"lr": F(-1, 2)}, "--lr"),
        ({"loss": "hinge"}, "--loss"),
        ({"steps": 0}, "--steps"),
        ({"target": (F(1),)}, "--target"),
    ],
)
def test_bad_options(kwargs: dict[str, Any], argument: str) -> None:
    network = _mazur()
    with pytest.raises(InputError) as error:
        backprop_step(network, (F(1), F(0)), **kwargs)
    assert error.value.argument == argument


def test_bce_undefined_is_an_error() -> None:
    network = build_deep([((F(1), F(0)), (F(0), F(1)))], [], tied=False, act="relu")
    with pytest.raises(InputError) as error:
        backprop_step(network, (F(1, 2), F(0)), loss="bce")
    assert error.value.argument == "--loss"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--lr", "0"], "Error: --lr:"),
        (["--loss", "hinge"], "Error: --loss:"),
        (["--steps", "0"], "Error: --steps:"),
        (["--target", "1,2,3"], "Error: --target:"),
    ],
)
def test_cli_errors(args: list[str], fragment: str) -> None:
    base = ["backprop", "--x", "1,0", "--we", "1,-1;0,1", "--wd", "1,0;0,1"]
    code, out, err = run(*base, *args)
    assert code == 2
    assert out == ""
    assert err.startswith(fragment)
    code, out, err = run("backprop", "--x", "1,0;0,1", "--we", "1,-1;0,1", "--wd", "1,0;0,1")
    assert code == 2 and err.startswith("Error: --x:")


def test_cli_steps_chart_and_html_svg(tmp_path: Any) -> None:
    code, out, _ = run("backprop", *MAZUR_ARGS, "--steps", "30")
    assert code == 0
    assert "Loss per step" in out and "█" in out and "step 30" in out
    page = tmp_path / "bp.html"
    code, _, _ = run("backprop", *MAZUR_ARGS, "--steps", "30", "--output", str(page))
    assert code == 0
    assert "<svg" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("layers", range(1, 8))
def test_tied_twins_pair_decoder_layer_i_with_encoder_layer_l_minus_1_minus_i(layers: int) -> None:
    """One pairing serves the exact nets and batch.train; an odd count's middle layer is its own
    (it has no twin: tying it to its own transpose would make it symmetric)."""
    from aecalc.batch import train
    from aecalc.nets import network

    decoder = range(layers // 2 + layers % 2, layers)  # the layers past the middle one(s)
    expected = {i: layers - 1 - i for i in decoder}
    assert network.twins(layers) == expected
    assert train.twins is network.twins
    assert all(i != j and j < layers // 2 for i, j in expected.items())
    if layers == 3:
        assert expected == {2: 0}
    spec = build_deep([[[F(1)]]] * layers, [[F(0)]] * layers, tied=False, act="linear")
    assert Network(spec.layers, "deep", True).twins == expected
    assert Network(spec.layers, "deep", False).twins == {}


def test_bce_steps_that_leave_0_1_say_so_not_overflow() -> None:
    """A linear output leaves (0, 1) after a step: BCE is undefined there (NaN), no overflow."""
    args = ["--x", "0.05,0.1", "--w", "0.15,0.2;0.25,0.3", "--b", "0.35,0.35"]
    args += ["--w", "0.4,0.45;0.5,0.55", "--b", "0.6,0.6", "--w", "1,0;0,1", "--b", "0,0"]
    args += ["--act", "tanh,elu,linear", "--target", "0.01,0.99", "--loss", "bce"]
    # the oracle: one plain step by hand (tanh, elu, linear; ∂BCE/∂x̂ = (x̂ − t)/(x̂(1 − x̂))/n)
    ws = [np.array([[0.15, 0.2], [0.25, 0.3]]), np.array([[0.4, 0.45], [0.5, 0.55]]), np.eye(2)]
    bs = [np.array([0.35, 0.35]), np.array([0.6, 0.6]), np.zeros(2)]
    x, t = np.array([0.05, 0.1]), np.array([0.01, 0.99])
    a1 = ws[0] @ x + bs[0]
    h1 = np.tanh(a1)
    a2 = ws[1] @ h1 + bs[1]
    h2 = np.where(a2 > 0, a2, np.expm1(a2))
    x_hat = ws[2] @ h2 + bs[2]
    d3 = (x_hat - t) / (x_hat * (1 - x_hat)) / 2
    d2 = (ws[2].T @ d3) * np.where(a2 > 0, 1.0, np.exp(a2))
    d1 = (ws[1].T @ d2) * (1 - h1**2)
    ws = [w - 0.5 * np.outer(d, h) for w, d, h in zip(ws, (d1, d2, d3), (x, h1, h2), strict=True)]
    bs = [b - 0.5 * d for b, d in zip(bs, (d1, d2, d3), strict=True)]
    h = x
    for w, b, act in zip(ws, bs, ("tanh", "elu", "linear"), strict=True):
        a = w @ h + b
        h = np.tanh(a) if act == "tanh" else np.where(a > 0, a, np.expm1(a)) if act == "elu" else a
    assert h[0] < 0 < h[1] < 1  # element 1 has left (0, 1)
    for steps in ("1", "5"):
        code, _, err = run("backprop", *args, "--steps", steps)
        assert code == 2
        line = err.strip().splitlines()[-1]
        assert line.startswith(
            "Error: --loss: after step 1 the loss is undefined: BCE needs x̂ in (0, 1)"
        )
        assert f"element 1 is {h[0]:.6f}" in line
        assert "beyond float64" not in line
