"""Small frictions (issue 22): weights after ``backprop --steps N``, weights given as a framework
stores them, and a decimal comma."""

from __future__ import annotations

import numpy as np
import pytest

from cli import run, run_error, run_json


def _steps_by_hand(steps: int, lr: float) -> list[tuple[np.ndarray, np.ndarray]]:
    """Plain gradient descent on the seed net F1 (σ both layers, MSE against x), written out
    with NumPy apart from aecalc: the oracle for the weights after N steps."""
    x = np.array([1.0, 0.0])
    w1, b1 = np.array([[1.0, -1.0], [0.0, 1.0]]), np.zeros(2)
    w2, b2 = np.eye(2), np.zeros(2)
    sig = lambda a: 1 / (1 + np.exp(-a))  # noqa: E731
    for _ in range(steps):
        z = sig(w1 @ x + b1)
        x_hat = sig(w2 @ z + b2)
        d2 = (2 / 2) * (x_hat - x) * x_hat * (1 - x_hat)
        d1 = (w2.T @ d2) * z * (1 - z)
        w2, b2 = w2 - lr * np.outer(d2, z), b2 - lr * d2
        w1, b1 = w1 - lr * np.outer(d1, x), b1 - lr * d1
    return [(w1, b1), (w2, b2)]


def test_backprop_steps_gives_the_weights_after_the_last_step() -> None:
    args = ("backprop", "--x", "1,0", "--we", "1,-1;0,1", "--wd", "1,0;0,1", "--steps", "25")
    data = run_json(*args)
    expected = _steps_by_hand(25, 0.5)
    assert [layer["weight"] for layer in data["weights_after"]] == ["W_e", "W_d"]
    for layer, (w, b) in zip(data["weights_after"], expected, strict=True):
        assert np.allclose(layer["w"], w, rtol=1e-12, atol=1e-15)
        assert np.allclose(layer["b"], b, rtol=1e-12, atol=1e-15)
    code, out, _ = run(*args, columns=80)
    assert code == 0 and "Weights after 25 steps (float64)" in out
    assert f"{expected[0][0][0][0]:.4f}" in out


def test_one_step_shows_no_weights_after_table() -> None:
    code, out, _ = run("backprop", "--x", "1,0", "--we", "1,-1;0,1", "--wd", "1,0;0,1")
    assert code == 0 and "Weights after" not in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # Keras kernels (in × out) for 3 → 2 → 3: W_e given 3×2, W_d 2×3
        (
            ("forward", "--x", "1,2,3", "--we", "1,0;0,1;1,1", "--wd", "1,0,1;0,1,1"),
            "Error: --we: W_e is 3×2 but x has 3 values: did you give W_eᵀ? aecalc's W is out × in",
        ),
        # the encoder right, the decoder a Keras kernel: the chain check asks
        (
            ("forward", "--x", "1,2,3", "--we", "1,0,1;0,1,1", "--wd", "1,0,1;0,1,1"),
            "Error: --wd: W_d is 2×3 but W_e is 2×3 gives 2 values: did you give W_dᵀ?",
        ),
        (
            ("backprop", "--x", "1,2", "--w", "1,0,1;0,1,1", "--w", "1,0;0,1;1,1"),
            "Error: --w (1st): W1 is 2×3 but x has 2 values: did you give W1ᵀ?",
        ),
    ],
)
def test_transposed_weights_get_asked_about(args: tuple[str, ...], expected: str) -> None:
    assert run_error(*args).startswith(expected)


@pytest.mark.parametrize(
    "args",
    [
        ("forward", "--x", "0,5", "--w", "1", "--w", "1"),
        ("forward", "--x", "1,2", "--we", "1,0;0,1", "--be", "0,5,0,5", "--tied"),
        ("forward", "--x", "1", "--w", "1", "--target", "0,5"),
    ],
)
def test_a_decimal_comma_gets_a_hint(args: tuple[str, ...]) -> None:
    line = run_error(*args)
    assert "a comma separates values: 0,5 is read as two numbers" in line


def test_no_comma_hint_where_a_comma_cannot_explain_it() -> None:
    line = run_error("forward", "--x", "1,2,3", "--w", "1", "--w", "1")
    assert line == "Error: --x: has 3 values but W1 is 1×1 (expects 1)"
