"""``aecalc train``: full-batch training is repeated ``backprop`` steps on the mean loss (to 1e-12),
against ``aecalc backprop`` itself (one sample), backprop's per-sample gradients averaged and an
independently written pure-Python gradient (many samples, penalties, tied weights)."""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from aecalc.batch.train import glorot_uniform, train
from aecalc.nets.backprop import backprop_step
from aecalc.nets.forward import build_deep
from cli import run, run_error, run_json

TOL = 1e-12


def _model(path: Path, weights: list[np.ndarray], biases: list[np.ndarray]) -> Path:
    arrays = {}
    for k, (w, b) in enumerate(zip(weights, biases, strict=True), start=1):
        arrays[f"W{k}"], arrays[f"b{k}"] = w, b
    np.savez(path, **arrays)
    return path


def _load(path: Path) -> tuple[list[np.ndarray], list[np.ndarray]]:
    with np.load(path) as f:
        count = len(f.files) // 2
        return [f[f"W{k}"] for k in range(1, count + 1)], [f[f"b{k}"] for k in range(1, count + 1)]


def _text(matrix: np.ndarray) -> str:
    """A matrix as aecalc input, each float written so that it reads back as the same float."""
    rows = np.atleast_2d(matrix)
    return ";".join(",".join(repr(float(v)) for v in row) for row in rows)


def _start(sizes: tuple[int, ...], seed: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    rng = np.random.default_rng(seed)
    weights, _ = glorot_uniform(sizes, rng)
    biases = [rng.uniform(-0.3, 0.3, size=s) for s in sizes[1:]]
    return weights, biases


# ---------------------------------------------------------------- one sample: aecalc backprop


@pytest.mark.parametrize(
    ("loss", "act"),
    [("mse", "sigmoid"), ("bce", "tanh,sigmoid"), ("half-sse", "elu,linear")],
)
def test_one_sample_equals_repeated_backprop_commands(tmp_path: Path, loss: str, act: str) -> None:
    sizes = (3, 2, 3)
    weights, biases = _start(sizes, 5)
    x = np.array([[0.2, 0.7, 0.1]])
    model = _model(tmp_path / "m.npz", weights, biases)
    out = tmp_path / "o.npz"
    epochs, lr = 3, 0.5
    data = run_json(
        "train", "--model", str(model), "--x", _text(x), "--act", act, "--loss", loss,
        "--lr", str(lr), "--epochs", str(epochs), "--out", str(out),
    )  # fmt: skip
    w, b = [np.array(m) for m in weights], [np.array(v) for v in biases]
    losses = []
    for _ in range(epochs):
        args = ["backprop", "--x", _text(x), "--act", act, "--loss", loss, "--lr", str(lr)]
        for wk, bk in zip(w, b, strict=True):
            args += ["--w", _text(wk), "--b", _text(bk)]
        step = run_json(*args, "--float")
        losses.append(step["loss"])
        w = [np.array(layer["w_new"]) for layer in step["layers"]]
        b = [np.array(layer["b_new"]) for layer in step["layers"]]
    trained_w, trained_b = _load(out)
    for got, want in zip(trained_w + trained_b, w + b, strict=True):
        np.testing.assert_allclose(got, want, rtol=0, atol=TOL)
    np.testing.assert_allclose(data["loss_history"], losses, rtol=0, atol=TOL)
    assert data["epochs"] == epochs and data["architecture"] == list(sizes)


def test_one_sample_tied_equals_backprop_tied(tmp_path: Path) -> None:
    rng = np.random.default_rng(2)
    w1 = rng.uniform(-1, 1, size=(2, 3))
    weights, biases = [w1, w1.T.copy()], [rng.uniform(-0.2, 0.2, 2), rng.uniform(-0.2, 0.2, 3)]
    x = np.array([[0.9, 0.1, 0.4]])
    model = _model(tmp_path / "m.npz", weights, biases)
    out = tmp_path / "o.npz"
    run_json("train", "--model", str(model), "--x", _text(x), "--tied", "--lr", "0.7",
             "--epochs", "2", "--out", str(out))  # fmt: skip
    w, b = w1, biases
    for _ in range(2):
        step = run_json(
            "backprop", "--x", _text(x), "--we", _text(w), "--be", _text(b[0]), "--tied",
            "--bd", _text(b[1]), "--lr", "0.7", "--float",
        )  # fmt: skip
        w = np.array(step["layers"][0]["w_new"])
        b = [np.array(step["layers"][0]["b_new"]), np.array(step["layers"][1]["b_new"])]
    got_w, got_b = _load(out)
    np.testing.assert_allclose(got_w[0], w, rtol=0, atol=TOL)
    np.testing.assert_array_equal(got_w[1], got_w[0].T)  # --out writes W2 = W1ᵀ
    np.testing.assert_allclose(got_b[0], b[0], rtol=0, atol=TOL)
    np.testing.assert_allclose(got_b[1], b[1], rtol=0, atol=TOL)


# ---------------------------------------------------------------- many samples: backprop averaged


@pytest.mark.parametrize(
    ("loss", "acts"),
    [
        ("mse", ("sigmoid", "sigmoid", "sigmoid", "sigmoid")),
        ("bce", ("relu", "tanh", "leaky_relu", "sigmoid")),
        ("half-sse", ("elu", "linear", "tanh", "softmax")),
    ],
)
def test_full_batch_equals_mean_of_backprop_gradients(loss: str, acts: tuple[str, ...]) -> None:
    sizes = (4, 3, 2, 3, 4)
    weights, biases = _start(sizes, 11)
    rng = np.random.default_rng(4)
    x = rng.uniform(0.05, 0.95, size=(6, 4))
    lr, epochs = 0.3, 3
    result = train(weights, biases, acts, x, loss=loss, lr=lr, epochs=epochs, code_index=2)
    w = [m.copy() for m in weights]
    b = [v.copy() for v in biases]
    history = []
    for _ in range(epochs):
        grads_w = [np.zeros_like(m) for m in w]
        grads_b = [np.zeros_like(v) for v in b]
        total = 0.0
        for sample in x:
            net = build_deep(
                [tuple(tuple(Fraction(float(v)) for v in row) for row in m) for m in w],
                [tuple(Fraction(float(v)) for v in vec) for vec in b],
                tied=False,
                act=",".join(acts),
            )
            step = backprop_step(
                net, tuple(Fraction(float(v)) for v in sample), loss=loss, lr=Fraction(1),
                float_only=True,
            )  # fmt: skip
            total += float(step.loss)
            for k, layer in enumerate(step.layers):
                grads_w[k] += np.array(layer.grad_w, dtype=float)
                grads_b[k] += np.array(layer.grad_b, dtype=float)
        history.append(total / len(x))
        for k in range(len(w)):
            w[k] = w[k] - lr * grads_w[k] / len(x)
            b[k] = b[k] - lr * grads_b[k] / len(x)
    np.testing.assert_allclose(result.loss_history, history, rtol=0, atol=TOL)
    for got, want in zip(result.weights + result.biases, w + b, strict=True):
        np.testing.assert_allclose(got, want, rtol=0, atol=TOL)


# ---------------------------------------------------------------- an independent gradient


def _sig(a: float) -> float:
    return 1 / (1 + math.exp(-a))


def _reference_step(
    w1: list[list[float]],
    b1: list[float],
    w2: list[list[float]],
    b2: list[float],
    xs: list[list[float]],
    penalty: tuple[str, float, float | None] | None,
    tied: bool,
    lr: float,
) -> tuple[float, list[list[float]], list[float], list[list[float]], list[float]]:
    """A sigmoid 1-hidden-layer autoencoder, MSE, written out sum by sum (no NumPy)."""
    n, d, k = len(xs), len(xs[0]), len(w1)
    if tied:
        w2 = [[w1[j][i] for j in range(k)] for i in range(d)]
    zs, outs = [], []
    for x in xs:
        z = [_sig(sum(w1[j][i] * x[i] for i in range(d)) + b1[j]) for j in range(k)]
        y = [_sig(sum(w2[i][j] * z[j] for j in range(k)) + b2[i]) for i in range(d)]
        zs.append(z)
        outs.append(y)
    objective = sum((outs[s][i] - xs[s][i]) ** 2 for s in range(n) for i in range(d)) / (n * d)
    rho_hat = [sum(zs[s][j] for s in range(n)) / n for j in range(k)]
    rows2 = [sum(w1[j][i] ** 2 for i in range(d)) for j in range(k)]
    if penalty is not None:
        kind, lam, rho = penalty
        if kind == "sparse-kl":
            assert rho is not None
            objective += lam * sum(
                rho * math.log(rho / r) + (1 - rho) * math.log((1 - rho) / (1 - r)) for r in rho_hat
            )
        elif kind == "l1":
            objective += lam * sum(abs(v) for z in zs for v in z) / n
        else:
            objective += (
                lam * sum((z[j] * (1 - z[j])) ** 2 * rows2[j] for z in zs for j in range(k)) / n
            )
    g_w1 = [[0.0] * d for _ in range(k)]
    g_b1 = [0.0] * k
    g_w2 = [[0.0] * k for _ in range(d)]
    g_b2 = [0.0] * d
    for s in range(n):
        x, z, y = xs[s], zs[s], outs[s]
        d_out = [2 * (y[i] - x[i]) / (n * d) * y[i] * (1 - y[i]) for i in range(d)]
        for i in range(d):
            g_b2[i] += d_out[i]
            for j in range(k):
                g_w2[i][j] += d_out[i] * z[j]
        for j in range(k):
            dz = sum(w2[i][j] * d_out[i] for i in range(d))
            if penalty is not None:
                kind, lam, rho = penalty
                if kind == "sparse-kl":
                    assert rho is not None
                    dz += lam * (-rho / rho_hat[j] + (1 - rho) / (1 - rho_hat[j])) / n
                elif kind == "l1":
                    dz += lam * (1 if z[j] > 0 else -1 if z[j] < 0 else 0) / n
                else:
                    slope = z[j] * (1 - z[j])
                    dz += lam * 2 * slope * (1 - 2 * z[j]) * rows2[j] / n
                    for i in range(d):
                        g_w1[j][i] += lam * 2 * slope**2 * w1[j][i] / n
            da = dz * z[j] * (1 - z[j])
            g_b1[j] += da
            for i in range(d):
                g_w1[j][i] += da * x[i]
    if tied:
        for j in range(k):
            for i in range(d):
                g_w1[j][i] += g_w2[i][j]
    new_w1 = [[w1[j][i] - lr * g_w1[j][i] for i in range(d)] for j in range(k)]
    new_b1 = [b1[j] - lr * g_b1[j] for j in range(k)]
    new_w2 = (
        [[new_w1[j][i] for j in range(k)] for i in range(d)]
        if tied
        else [[w2[i][j] - lr * g_w2[i][j] for j in range(k)] for i in range(d)]
    )
    new_b2 = [b2[i] - lr * g_b2[i] for i in range(d)]
    return objective, new_w1, new_b1, new_w2, new_b2


@pytest.mark.parametrize(
    ("penalty", "tied"),
    [
        (None, False),
        (("sparse-kl", 3.0, 0.05), False),
        (("l1", 0.01, None), False),
        (("contractive", 0.1, None), False),
        (("contractive", 0.1, None), True),
        (("sparse-kl", 0.5, 0.2), True),
    ],
)
def test_independent_gradients(penalty: tuple[str, float, float | None] | None, tied: bool) -> None:
    rng = np.random.default_rng(8)
    sizes = (5, 3, 5)
    weights, biases = glorot_uniform(sizes, rng, tied)
    biases = [rng.uniform(-0.2, 0.2, size=s) for s in sizes[1:]]
    x = rng.uniform(0, 1, size=(7, 5))
    lr, epochs = 0.8, 4
    result = train(
        weights, biases, ("sigmoid", "sigmoid"), x, loss="mse", lr=lr, epochs=epochs,
        penalty=penalty, tied=tied, code_index=1,
    )  # fmt: skip
    w1, b1 = weights[0].tolist(), biases[0].tolist()
    w2, b2 = weights[1].tolist(), biases[1].tolist()
    history = []
    for _ in range(epochs):
        value, w1, b1, w2, b2 = _reference_step(w1, b1, w2, b2, x.tolist(), penalty, tied, lr)
        history.append(value)
    np.testing.assert_allclose(result.loss_history, history, rtol=0, atol=TOL)
    for got, want in zip(result.weights + result.biases, (w1, w2, b1, b2), strict=True):
        np.testing.assert_allclose(got, np.array(want), rtol=0, atol=TOL)


# ---------------------------------------------------------------- mini-batches, noise, --out


def test_minibatch_shuffling_is_seeded(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    path = tmp_path / "x.npy"
    np.save(path, rng.uniform(0, 1, size=(40, 6)))
    args = ("train", "--x", str(path), "--sizes", "6-3", "--epochs", "5", "--batch-size", "8")
    a = run_json(*args, "--seed", "3")
    b = run_json(*args, "--seed", "3")
    c = run_json(*args, "--seed", "4")
    assert a["loss_history"] == b["loss_history"] and a["final_loss"] == b["final_loss"]
    assert a["loss_history"] != c["loss_history"]
    assert len(a["loss_history"]) == 5 and a["epochs"] == 5


def test_denoising_trains_on_noise_and_measures_on_clean(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, size=(30, 4))
    weights, biases = glorot_uniform((4, 2, 4), np.random.default_rng(1))
    clean = train(weights, biases, ("sigmoid",) * 2, x, loss="mse", lr=1.0, epochs=3, code_index=1)
    noisy = train(
        weights, biases, ("sigmoid",) * 2, x, loss="mse", lr=1.0, epochs=3, code_index=1,
        noise=("gaussian", 0.2), seed=5,
    )  # fmt: skip
    assert noisy.loss_history[0] == clean.loss_history[0]  # same start, measured on clean x
    assert noisy.final_loss != clean.final_loss
    masked = train(
        weights, biases, ("sigmoid",) * 2, x, loss="mse", lr=1.0, epochs=3, code_index=1,
        noise=("mask", 0.5), seed=5,
    )  # fmt: skip
    assert masked.final_loss not in (clean.final_loss, noisy.final_loss)


def test_out_is_read_back_by_forward(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    path = tmp_path / "x.npy"
    np.save(path, rng.uniform(0, 1, size=(20, 5)))
    out = tmp_path / "m.npz"
    data = run_json(
        "train", "--x", str(path), "--sizes", "5-3-2", "--epochs", "4", "--seed", "1",
        "--out", str(out), "--top", "3",
    )  # fmt: skip
    assert data["architecture"] == [5, 3, 2, 3, 5] and data["saved"]
    again = run_json("forward", "--model", str(out), "--x", str(path), "--act", "sigmoid")
    assert again["loss"]["mse"] == pytest.approx(data["final_loss"], rel=1e-12)
    assert [t["index"] for t in again["top"][:3]] == [t["index"] for t in data["top"]]
    assert len(data["codes"][0]) == 2 and len(data["top"]) == 3


def test_printout_names_init_curve_and_top(tmp_path: Path) -> None:
    code, out, err = run(
        "train", "--x", "0,1;1,0;1,1;0,0", "--sizes", "2-1", "--epochs", "12", "--seed", "2",
        "--lr", "2", columns=150,
    )  # fmt: skip
    assert code == 0 and err == ""  # no progress bar when stderr is not a terminal
    text = " ".join(out.split())
    assert "Glorot (Xavier) uniform" in text and "seed 2" in text
    assert "Loss curve" in text and "epoch 12" in text
    assert "worst-reconstructed" in text and "Learned code z" in text
    html = run("train", "--x", "0,1;1,0;1,1;0,0", "--sizes", "2-1", "--epochs", "3",
               "--seed", "2", "--format", "html")[1]  # fmt: skip
    assert "<svg" in html and "loss per epoch" in html


# ---------------------------------------------------------------- bad input


def test_bad_inputs(tmp_path: Path) -> None:
    data = tmp_path / "x.npy"
    np.save(data, np.random.default_rng(0).uniform(0, 1, size=(10, 4)))
    base = ("train", "--x", str(data), "--sizes", "4-2")
    assert "--loss" in run_error(*base, "--loss", "hinge")
    assert "--penalty" in run_error(*base, "--penalty", "dropout:0.5")
    assert "vae-kl" in run_error(*base, "--penalty", "vae-kl:1")
    assert "--penalty" in run_error(*base, "--penalty", "sparse-kl:0.05")
    assert "sparse-kl needs code activations" in run_error(
        *base, "--act", "relu,sigmoid", "--penalty", "sparse-kl:0.05:1"
    )
    assert "--lr" in run_error(*base, "--lr", "-0.1")
    assert "--epochs" in run_error(*base, "--epochs", "0")
    assert "--batch-size" in run_error(*base, "--batch-size", "0")
    assert "--sizes" in run_error("train", "--x", str(data), "--sizes", "5-2")
    assert "--sizes" in run_error("train", "--x", str(data))
    assert "ragged" in run_error("train", "--x", "1,2;3", "--sizes", "2-1")
    nan = tmp_path / "nan.npy"
    np.save(nan, np.array([[0.0, np.nan], [1.0, 0.0]]))
    assert "non-finite" in run_error("train", "--x", str(nan), "--sizes", "2-1")
    model = _model(
        tmp_path / "m.npz", [np.ones((2, 3)), np.ones((3, 2))], [np.zeros(2), np.zeros(3)]
    )
    assert "3 inputs" in run_error("train", "--x", str(data), "--model", str(model))
    assert "bce needs data in [0, 1]" in run_error(
        "train", "--x", "0,2;1,0", "--sizes", "2-1", "--loss", "bce"
    )
    assert "--out" in run_error(*base, "--out", str(tmp_path / "m.npy"))
    diverged = run_error(
        "train", "--x", "100,200;300,-400", "--sizes", "2-1", "--act", "relu,linear", "--lr",
        "10", "--epochs", "50", "--seed", "0",
    )  # fmt: skip
    assert "diverged" in diverged and "epoch" in diverged and "smaller --lr" in diverged


def test_json_contract() -> None:
    data = run_json("train", "--x", "0,1;1,0;1,1", "--sizes", "2-1", "--epochs", "3", "--seed", "0")
    for key in ("loss_history", "final_loss", "epochs", "architecture"):
        assert key in data
    assert len(data["loss_history"]) == 3 and data["epochs"] == 3
    assert data["architecture"] == [2, 1, 2]
    assert isinstance(data["final_loss"], float)
    json.dumps(data)


def test_ctrl_c_stops_cleanly_and_saves(tmp_path: Path) -> None:
    """A real process: SIGINT during training prints the run so far, saves --out, exits 130."""
    import os
    import signal
    import subprocess
    import sys
    import time

    data = tmp_path / "x.npy"
    np.save(data, np.random.default_rng(0).uniform(0, 1, size=(200, 8)))
    out = tmp_path / "m.npz"
    process = subprocess.Popen(
        [sys.executable, "-c", "from aecalc.cli import main; main()", "train", "--x", str(data),
         "--sizes", "8-4", "--epochs", "1000000", "--batch-size", "10", "--seed", "0",
         "--out", str(out), "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    # In the epoch loop once the process has used 1 s of CPU (start-up and set-up take 0.3 s):
    # a fixed sleep lost the race on a loaded machine, the signal landing among the imports.
    ticks = os.sysconf("SC_CLK_TCK")
    stat = Path(f"/proc/{process.pid}/stat")
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        utime, stime = stat.read_text().rsplit(")", 1)[1].split()[11:13]
        if (int(utime) + int(stime)) / ticks >= 1.0:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    result = json.loads(stdout)
    assert result["interrupted"] and result["saved"]
    assert 0 < result["epochs"] < 1000000
    weights, _ = _load(out)
    assert [w.shape for w in weights] == [(4, 8), (8, 4)]
    again = run_json("forward", "--model", str(out), "--x", str(data), "--act", "sigmoid")
    assert again["loss"]["mse"] == pytest.approx(result["final_loss"], rel=1e-12)


def test_whole_set_objective_over_many_chunks() -> None:
    """The loss curve over a set larger than one evaluation chunk (split over two threads)."""
    rng = np.random.default_rng(6)
    x = rng.uniform(0, 1, size=(9000, 3))
    weights, biases = glorot_uniform((3, 2, 3), np.random.default_rng(2))
    result = train(
        weights, biases, ("tanh", "sigmoid"), x, loss="bce", lr=0.5, epochs=2,
        batch_size=1000, seed=1, code_index=1,
    )  # fmt: skip
    z = np.tanh(x @ weights[0].T + biases[0])
    y = 1 / (1 + np.exp(-(z @ weights[1].T + biases[1])))
    bce = -np.mean(x * np.log(y) + (1 - x) * np.log(1 - y))
    assert result.loss_history[0] == pytest.approx(bce, rel=1e-13)
    w, b = result.weights, result.biases
    z = np.tanh(x @ w[0].T + b[0])
    y = 1 / (1 + np.exp(-(z @ w[1].T + b[1])))
    np.testing.assert_allclose(result.errors, np.mean((y - x) ** 2, axis=1), rtol=1e-12)
    np.testing.assert_allclose(result.codes, z[:5], rtol=1e-12)


def test_printouts_with_penalty_noise_tied_and_interrupt(tmp_path: Path) -> None:
    from aecalc.present.train import train_document
    from aecalc.render import markdown

    x = np.random.default_rng(0).uniform(0, 1, size=(12, 4))
    path = tmp_path / "x.npy"
    np.save(path, x)
    code, out, _ = run(
        "train", "--x", str(path), "--sizes", "4-2", "--epochs", "30", "--seed", "1",
        "--penalty", "sparse-kl:0.1:0.5", "--noise", "mask:0.2", "--tied", "--batch-size", "5",
        "--act", "sigmoid", "--top", "0", columns=200,
    )  # fmt: skip
    text = " ".join(out.split())
    assert code == 0
    assert "sparse-kl" in text and "ρ = 0.1" in text and "masking noise p = 0.2" in text
    assert "tied" in text and "3 batches per epoch" in text and "clean inputs" in text
    assert "of which reconstruction loss" in text and "worst-reconstructed" not in text
    weights, biases = glorot_uniform((4, 2, 4), np.random.default_rng(0))
    result = train(
        weights, biases, ("relu", "sigmoid"), x, loss="mse", lr=0.1, epochs=2, code_index=1,
        penalty=("l1", 0.01, None), noise=("gaussian", 0.1), seed=2,
    )  # fmt: skip
    stopped = result.__class__(
        **{**{k: getattr(result, k) for k in type(result).__annotations__},
           "interrupted": True, "stopped_at": (2, 1)}
    )  # fmt: skip
    page = markdown.render(train_document(stopped, 4, tmp_path / "m.npz", True))
    assert "Stopped by Ctrl-C in epoch 2" in page and "saved to" in page
    page = markdown.render(train_document(stopped, 4, None, False))
    assert "nothing was saved" in page and "Gaussian noise σ = 0.1" in page


def test_net_options_errors(tmp_path: Path) -> None:
    data = tmp_path / "x.npy"
    np.save(data, np.random.default_rng(0).uniform(0, 1, size=(6, 3)))
    model = _model(
        tmp_path / "m.npz", [np.ones((2, 3)), np.ones((3, 2))], [np.zeros(2), np.zeros(3)]
    )
    assert "not both" in run_error(
        "train", "--x", str(data), "--sizes", "3-2", "--model", str(model)
    )
    untied = _model(
        tmp_path / "u.npz", [np.ones((2, 3)), 2 * np.ones((3, 2))], [np.zeros(2), np.zeros(3)]
    )
    assert "not W1ᵀ" in run_error("train", "--x", str(data), "--model", str(untied), "--tied")
    odd = _model(
        tmp_path / "odd.npz",
        [np.ones((2, 3)), np.ones((2, 2)), np.ones((3, 2))],
        [np.zeros(2), np.zeros(2), np.zeros(3)],
    )
    assert "even number of layers" in run_error(
        "train", "--x", str(data), "--model", str(odd), "--tied"
    )
    narrow = _model(
        tmp_path / "n.npz", [np.ones((2, 3)), np.ones((2, 2))], [np.zeros(2), np.zeros(2)]
    )
    assert "reconstructs its input" in run_error("train", "--x", str(data), "--model", str(narrow))
    assert "contractive" in run_error(
        "train", "--x", str(data), "--sizes", "3-2-1", "--penalty", "contractive:0.1"
    )
    assert "--sizes" in run_error("train", "--x", str(data), "--sizes", "3")
    assert "bce needs outputs" in run_error(
        "train", "--x", str(data), "--sizes", "3-2", "--act", "relu", "--loss", "bce"
    )
    assert "--top" in run_error("train", "--x", str(data), "--sizes", "3-2", "--top", "-1")
    assert "ρ" in run_error(
        "train", "--x", str(data), "--sizes", "3-2", "--penalty", "sparse-kl:2:1"
    )
    assert "negative" in run_error(
        "train", "--x", str(data), "--sizes", "3-2", "--penalty", "l1:-1"
    )


def test_progress_bar_advances() -> None:
    from aecalc.commands.train import _progress_bar

    assert _progress_bar(False, 3) is None
    bar = _progress_bar(True, 3)
    with bar:
        bar.update(bar.task_ids[0], completed=2, loss="0.5")
    assert bar.tasks[0].completed == 2
