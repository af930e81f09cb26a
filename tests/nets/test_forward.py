"""``aecalc forward``: the seed example F1 exactly, the nets, the printout, and bad input."""

from __future__ import annotations

import math
from fractions import Fraction as F
from typing import Any

import pytest
from typer.testing import CliRunner

import cli
from aecalc.cli import app
from aecalc.nets.forward import MAX_EXACT_UNITS, build_deep, build_vanilla, run_forward
from aecalc.values import quantity

runner = CliRunner()

F1 = ("--x", "1,0", "--we", "1,-1;0,1", "--wd", "1,0;0,1", "--act", "sigmoid")


def sigmoid(a: float) -> float:
    return 1 / (1 + math.exp(-a))


def run_json(*args: str) -> dict[str, Any]:
    return cli.run_json("forward", *args)


def run_error(*args: str) -> str:
    return cli.run_error("forward", *args)


# --- F1 ---------------------------------------------------------------------------------------


def test_f1_every_intermediate_vector() -> None:
    data = run_json(*F1)
    first, second = data["layers"]
    assert first["weighted"] == [1.0, 0.0]  # W_e·x
    assert first["pre_activation"] == [1.0, 0.0]
    assert first["activation_exact"] == ["1/(1 + e⁻¹)", "1/2"]  # z = σ(1), σ(0)
    # W_d is the identity, so W_d·z is z itself (the notes wrongly wrote σ(W_d·z) here)
    assert second["weighted"] == first["activation"]
    assert [round(v, 4) for v in second["weighted"]] == [0.7311, 0.5]
    assert [round(v, 4) for v in data["z"]] == [0.7311, 0.5]
    assert [round(v, 4) for v in data["x_hat"]] == [0.6750, 0.6225]
    assert data["x_hat"][0] == pytest.approx(sigmoid(sigmoid(1)), rel=1e-15)
    assert data["x_hat"][1] == pytest.approx(sigmoid(0.5), rel=1e-15)
    assert data["architecture"] == [2, 2, 2]
    assert data["kind"] == "overcomplete"
    assert data["arithmetic"] == "exact"


def test_f1_losses_l1() -> None:
    data = run_json(*F1)
    loss = data["loss"]
    assert round(loss["bce"], 4) == 0.6835
    x_hat = data["x_hat"]
    assert loss["bce"] == pytest.approx(-(math.log(x_hat[0]) + math.log(1 - x_hat[1])) / 2)
    assert loss["mse"] == pytest.approx(((1 - x_hat[0]) ** 2 + x_hat[1] ** 2) / 2)


def test_f1_bce_in_other_log_bases() -> None:
    net = build_vanilla(
        ((F(1), F(-1)), (F(0), F(1))),
        None,
        ((F(1), F(0)), (F(0), F(1))),
        None,
        tied=False,
        act="sigmoid",
    )
    result = run_forward(net, (F(1), F(0)))
    assert result.bce is not None
    by_base = {
        alt.log: quantity.decimal(alt.value, 4)
        for alt in result.bce.alternatives
        if alt.reduction == "mean"
    }
    assert by_base == {"ln": "0.6835", "log10": "0.2969", "log2": "0.9861"}


def test_f1_printout_separates_wd_z_from_sigma() -> None:
    result = runner.invoke(app, ["forward", *F1])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    weighted = [line for line in lines if "W_d·z = [" in line]
    activated = [line for line in lines if "x̂ = σ(" in line]
    assert weighted and activated and weighted[0] != activated[0]
    assert "[0.7311, 0.5]" in weighted[0]
    assert "[0.6750, 0.6225]" in activated[0]
    assert "2 → 2 → 2" in result.stdout and "overcomplete" in result.stdout
    assert "aecalc loss bce --x 1,0 --xhat 0.67503753,0.62245933" in " ".join(result.stdout.split())


@pytest.mark.parametrize("fmt", ["markdown", "latex", "html"])
def test_f1_formats(fmt: str) -> None:
    result = runner.invoke(app, ["forward", *F1, "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "0.6750" in result.stdout and "0.7311" in result.stdout


def test_digits_option() -> None:
    result = runner.invoke(app, ["forward", *F1, "--digits", "6"])
    assert "0.675038" in result.stdout and "0.622459" in result.stdout


# --- nets -------------------------------------------------------------------------------------


def test_tied_uses_the_transpose() -> None:
    tied = run_json("--x", "1,2,0", "--we", "1,0,1;0,1,-1", "--tied", "--act", "linear")
    untied = run_json(
        "--x", "1,2,0", "--we", "1,0,1;0,1,-1", "--wd", "1,0;0,1;1,-1", "--act", "linear"
    )
    assert tied["x_hat"] == untied["x_hat"] == [1.0, 2.0, -1.0]
    assert tied["layers"][1]["transposed_from"] == "W_eᵀ"
    assert tied["layers"][1]["pre_activation_exact"] == ["1", "2", "-1"]


def test_biases_and_per_layer_activations() -> None:
    data = run_json(
        "--x",
        "1,-2",
        "--we",
        "1,1;1,-1",
        "--be",
        "0.5,-4",
        "--wd",
        "1,0;0,1",
        "--bd",
        "1,1",
        "--act",
        "relu,linear",
    )
    # W_e·x = [-1, 3]; + b_e = [-1/2, -1]; relu → [0, 0]; W_d·z + b_d = [1, 1]
    assert data["layers"][0]["pre_activation_exact"] == ["-1/2", "-1"]
    assert data["z"] == [0.0, 0.0]
    assert data["x_hat"] == [1.0, 1.0]
    assert data["loss"]["mse_exact"] == "9/2"  # ((1-1)² + (-2-1)²) / 2
    assert data["loss"]["bce"] is None and "[0, 1]" in data["loss"]["bce_undefined"]


def test_deep_net_names_the_code_layer() -> None:
    data = run_json(
        "--x",
        "1,0,1,0",
        "--w",
        "1,0,0,0;0,1,0,0;0,0,1,1",
        "--w",
        "1,1,-1;0,0,1",
        "--w",
        "1,0;0,1;1,1",
        "--w",
        "1,0,0;0,1,0;0,0,1;1,1,1",
        "--act",
        "relu",
    )
    assert data["architecture"] == [4, 3, 2, 3, 4]
    assert data["code_layer"] == 2
    assert data["layers"][1]["output_name"] == "z = h2"
    # h1 = [1, 0, 1]; z = relu([0, 1]) = [0, 1]; h3 = [0, 1, 1]; x̂ = [0, 1, 1, 2]
    assert data["z"] == [0.0, 1.0]
    assert data["x_hat"] == [0.0, 1.0, 1.0, 2.0]
    assert data["kind"] == "undercomplete"


def test_deep_tied_mirrors_the_encoder() -> None:
    net = build_deep([((F(1), F(2)),)], [], tied=True, act="linear")
    assert net.sizes == (2, 1, 2)
    result = run_forward(net, (F(1), F(1)))
    assert [quantity.plain(v) for v in result.x_hat] == ["3", "6"]


def test_target_for_a_non_autoencoder() -> None:
    data = run_json("--x", "1,1", "--w", "1,1", "--act", "linear", "--target", "3")
    assert data["x_hat"] == [2.0] and data["loss"]["mse"] == 1.0 and data["kind"] is None


def test_softmax_output_sums_to_one_exactly() -> None:
    net = build_vanilla(
        ((F(1), F(0)), (F(0), F(1))),
        None,
        ((F(2), F(0)), (F(0), F(2))),
        None,
        tied=False,
        act="linear,softmax",
    )
    result = run_forward(net, (F(1), F(1)))
    assert [quantity.plain(v) for v in result.x_hat] == ["1/2", "1/2"]


def test_float_flag_and_large_nets_are_decimals_only() -> None:
    exact = run_json(*F1)
    floats = run_json(*F1, "--float")
    assert floats["arithmetic"] == "float" and "--float" in floats["arithmetic_reason"]
    assert floats["x_hat"] == pytest.approx(exact["x_hat"], rel=1e-14)
    n = MAX_EXACT_UNITS + 1
    identity = ";".join(",".join("1" if i == j else "0" for j in range(n)) for i in range(n))
    big = run_json("--x", ",".join(["0"] * n), "--we", identity, "--tied", "--act", "sigmoid")
    assert big["arithmetic"] == "float" and str(MAX_EXACT_UNITS) in big["arithmetic_reason"]
    assert big["x_hat"] == pytest.approx([sigmoid(0.5)] * n, rel=1e-15)


def test_long_closed_forms_fall_back_to_60_digits() -> None:
    n = 5
    weights = [[(i + 2 * j + 1) / 7 for j in range(n)] for i in range(n)]
    text = ";".join(",".join(f"{i + 2 * j + 1}/7" for j in range(n)) for i in range(n))
    args = ["--x", ",".join(["1"] * n)]
    for _ in range(4):
        args += ["--w", text]
    data = run_json(*args, "--act", "tanh")
    assert any(layer["rounded"] for layer in data["layers"])
    assert data["notes"] and "60 significant digits" in data["notes"][0]
    h = [1.0] * n
    for _ in range(4):
        h = [math.tanh(sum(w * v for w, v in zip(row, h, strict=True))) for row in weights]
    assert data["x_hat"] == pytest.approx(h, rel=1e-14)


def test_a_batch_goes_to_the_batch_engine() -> None:
    data = run_json("--x", "1,0;0,1;1,0", "--we", "1,-1;0,1", "--wd", "1,0;0,1", "--top", "1")
    assert data["mode"] == "batch" and data["shape"] == [3, 2]
    single = run_json(*F1)
    assert data["top"][0]["error"] == pytest.approx(single["loss"]["mse"], rel=1e-12)


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--x", "1,0,1", "--we", "1,-1;0,1", "--wd", "1,0;0,1"), ["--x", "3 values", "2×2"]),
        (("--x", "1,0", "--we", "1,-1;0,1", "--wd", "1,0,0;0,1,0"), ["--wd", "2×3", "2×2"]),
        (
            ("--x", "1,0", "--we", "1,-1;0,1", "--be", "1,2,3", "--tied"),
            ["--be", "3 values", "2×2"],
        ),
        (("--x", "1,0", "--we", "1,-1;0", "--tied"), ["--we", "ragged"]),
        (("--x", "1,0", "--we", "1,-1;0,1", "--tied", "--act", "swish"), ["--act", "swish"]),
        (("--x", "1,0", "--we", "1,-1;0,1", "--tied", "--act", "relu,relu,relu"), ["--act", "3"]),
        (("--x", "1,0", "--we", "1,-1;0,1", "--wd", "1,0;0,1", "--tied"), ["--tied", "--wd"]),
        (("--x", "1,0", "--we", "1,-1;0,1"), ["--wd", "missing"]),
        (("--x", "1,0", "--we", "1,0;0,1", "--w", "1,0;0,1", "--tied"), ["--w", "--we"]),
        (("--x", "1,0"), ["--we"]),
        (("--x", "1,nan", "--we", "1,0;0,1", "--tied"), ["--x", "finite"]),
        (("--x", "1,0", "--w", "1,0;0,1", "--w", "1,0,0"), ["--w", "1×3", "2×2"]),
        (
            ("--x", "1,0", "--w", "1,0;0,1", "--b", "1,2", "--b", "1"),
            ["--b", "2 biases", "1 layers"],
        ),
        (("--x", "1,0", "--we", "1,0;0,1", "--tied", "--target", "1,2,3"), ["--target", "3"]),
        (("--x", "1,0", "--we", "1,0;0,1", "--tied", "--out", "r.npy"), ["--out", "batch"]),
        (("--x", "missing-file.npy", "--we", "1,0;0,1", "--tied"), ["--x", "missing-file.npy"]),
    ],
)
def test_bad_input_is_one_error_line(args: tuple[str, ...], expected: list[str]) -> None:
    line = run_error(*args)
    for text in expected:
        assert text in line, line


def test_float_overflow_is_one_error_line() -> None:
    line = run_error("--x", "1,1", "--we", "1e200,1e200;1,1", "--tied", "--act", "relu", "--float")
    assert "--tied" in line and "layer 2 overflows float64" in line
