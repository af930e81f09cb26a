"""∂L/∂x on screen, nets whose output is not a reconstruction (a 3 → 1 → 1 regression head), and
``forward --jacobian``; the numbers themselves are checked against PyTorch in
``tests/nets/test_grad_x_oracle.py``."""

from __future__ import annotations

from cli import run, run_error, run_json

HEAD = ("--x", "1,2,3", "--w", "0.5,-1,0.25", "--w", "2", "--b", "0.1", "--b", "1")
F1 = ("--x", "1,0", "--we", "1,-1;0,1", "--wd", "1,0;0,1")


def test_backprop_shows_grad_x_and_says_what_it_is() -> None:
    code, out, _ = run("backprop", *F1, columns=200)
    assert code == 0
    assert "Below the first layer: ∂L/∂x = W_eᵀ·δ" in out
    assert "∂L/∂x_1" in out and "∂L/∂x_2" in out
    assert "gradient of the loss with respect to the inputs" in out
    assert "contractive" in out and "x.detach()" in out


def test_backprop_json_grad_x_is_w_transposed_delta_of_the_first_layer() -> None:
    data = run_json("backprop", *F1)
    delta = data["layers"][0]["delta"]
    w_e = [[1, -1], [0, 1]]  # ∂L/∂x_i = Σ_k W_ki δ_k, written out by hand
    expected = [sum(w_e[k][i] * delta[k] for k in range(2)) for i in range(2)]
    assert data["grad_x"] == expected


def test_forward_runs_a_regression_head_without_a_target() -> None:
    code, out, _ = run("forward", *HEAD, "--act", "sigmoid,linear", columns=200)
    assert code == 0
    assert "not an autoencoder" in out
    assert "ŷ = id(W2·h1 + b2)" in out
    assert "No loss" in out and "not a reconstruction" in out
    assert "code layer" not in out  # no code layer is drawn or named


def test_forward_json_of_a_regression_head() -> None:
    data = run_json("forward", *HEAD, "--act", "relu,linear")
    assert data["autoencoder"] is False
    assert data["loss"] is None and "not a reconstruction" in data["no_loss"]
    # W1·x + b1 = 0.5 − 2 + 0.75 + 0.1 = −0.65 → ReLU 0 → 2·0 + 1 = 1
    assert data["x_hat"] == [1.0]


def test_forward_regression_head_with_a_target_compares_the_output() -> None:
    data = run_json("forward", *HEAD, "--act", "relu,linear", "--target", "0.5")
    assert data["loss"]["against"] == "target" and data["loss"]["mse"] == 0.25


def test_backprop_needs_a_target_when_the_output_is_not_a_reconstruction() -> None:
    line = run_error("backprop", *HEAD, "--act", "relu,linear")
    assert line.startswith("Error: --target: is needed") and "not a reconstruction" in line
    assert run_json("backprop", *HEAD, "--act", "relu,linear", "--target", "0.5")["loss"] == 0.25


def test_forward_jacobian_on_screen() -> None:
    code, out, _ = run("forward", *HEAD, "--act", "sigmoid,linear", "--jacobian", columns=200)
    assert code == 0
    assert "∂ŷ/∂x: how each output changes with each input" in out
    assert "∂/∂x₃" in out


def test_jacobian_is_for_one_sample() -> None:
    line = run_error("forward", "--x", "1,0;0,1", "--we", "1,0;0,1", "--tied", "--jacobian")
    assert "--jacobian" in line
