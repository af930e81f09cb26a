"""Resource limits: inputs that used to make SymPy run for seconds (or forever) finish, and say how.

Each command-line case runs in its own process under a generous time limit (``HANG_SECONDS``),
so a regression shows up as a hang detector firing, not as a flaky timing assertion: the cases
take well under a second of work each on an idle machine.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from aecalc.nets.forward import MAX_EXACT_LAYERS, build_deep, run_forward
from aecalc.values import exact, limits, quantity

HANG_SECONDS = 20.0
ENTRY = "import sys; from aecalc.cli import main; sys.argv[0] = 'aecalc'; main()"


def aecalc(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``aecalc ARGS`` in a fresh process; fails the test if it does not end in HANG_SECONDS."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    try:
        return subprocess.run(
            [sys.executable, "-c", ENTRY, *args],
            capture_output=True,
            text=True,
            timeout=HANG_SECONDS,
            env=env,
            cwd=cwd,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"aecalc {' '.join(a[:40] for a in args)} did not finish in {HANG_SECONDS} s")


def ok(*args: str) -> str:
    done = aecalc(*args)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Warning" not in done.stderr, done.stderr
    return done.stdout


def error_line(*args: str) -> str:
    done = aecalc(*args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), done.stderr
    return lines[0]


NET = ["--we", "1,-1;0,1", "--wd", "1,0;0,1"]
DEEP = "1.1,-0.7;0.3,0.9"


# --- forward ------------------------------------------------------------------------------------


def test_exact_sigmoid_of_1e200_is_carried_as_a_number() -> None:
    out = ok("forward", "--x", "1e200,0", *NET)
    assert "60 significant digits" in out
    assert "over 60 digits" in out  # the argument 10²⁰⁰ is too long for a closed form


@pytest.mark.parametrize(
    ("act", "weights", "reason", "expected"),
    [
        # softmax of (10³⁰⁰, 0) is (1, 0) to 60 digits; the decoder's softmax of (1, 0) follows
        ("softmax", "1e300,-1;0,1", "over 60 digits", [math.e / (math.e + 1), 1 / (math.e + 1)]),
        # tanh(250) = 1 to 60 digits: x̂ = tanh(W_d·(1, 0))
        ("tanh", "250,-1;0,1", "beyond ±100", [math.tanh(1), 0.0]),
    ],
)
def test_huge_arguments_of_e_to_the_a_finish(
    act: str, weights: str, reason: str, expected: list[float]
) -> None:
    data = json.loads(
        ok("forward", "--x", "1,0", "--we", weights, "--wd", "1,0;0,1", "--act", act, "--json")
    )
    assert data["arithmetic"] == "exact"
    assert data["layers"][0]["rounded"] is True
    assert reason in data["notes"][0] and "60 significant digits" in data["notes"][0]
    assert data["x_hat"] == pytest.approx(expected, rel=1e-15)


def test_elu_of_minus_1e300_is_minus_one() -> None:
    data = json.loads(
        ok(
            "forward",
            "--x",
            "1,0",
            "--we",
            "-1e300,-1;0,1",
            "--wd",
            "1,0;0,1",
            "--act",
            "elu",
            "--json",
        )
    )
    assert data["z"] == [-1.0, 0.0]
    assert data["layers"][0]["rounded"] is True


def test_deep_tanh_net_with_exact_decimals_finishes_and_matches_floats() -> None:
    args = ["forward", "--x", "0.123456789,0.987654321", "--act", "tanh", "--json"]
    for _ in range(6):
        args += ["--w", DEEP]
    data = json.loads(ok(*args))
    h = [0.123456789, 0.987654321]
    w = [[1.1, -0.7], [0.3, 0.9]]
    for _ in range(6):
        h = [math.tanh(row[0] * h[0] + row[1] * h[1]) for row in w]
    assert data["x_hat"] == pytest.approx(h, rel=1e-14)
    assert data["layers"][0]["rounded"] is False  # the first layers stay closed forms
    assert data["layers"][-1]["rounded"] is True
    assert "60 significant digits" in data["notes"][0]


def test_wide_exact_net_of_three_decimal_weights_finishes() -> None:
    n = 16
    rng = np.random.default_rng(7)
    weights = rng.integers(-999, 1000, size=(n, n)) / 1000
    x = rng.integers(0, 1000, size=n) / 1000
    text = ";".join(",".join(f"{v:.3f}" for v in row) for row in weights)
    args = ["forward", "--x", ",".join(f"{v:.3f}" for v in x), "--act", "sigmoid", "--json"]
    for _ in range(3):
        args += ["--w", text]
    data = json.loads(ok(*args))
    assert data["arithmetic"] == "exact"
    h = x
    for _ in range(3):
        h = 1 / (1 + np.exp(-(weights @ h)))
    assert data["x_hat"] == pytest.approx(h.tolist(), rel=1e-13)
    assert "terms and factors" in data["notes"][0]


def test_long_fractions_in_a_linear_net_stop_growing() -> None:
    """88-digit fractions multiplied layer after layer pass 1,000 digits: then 60-digit numbers."""
    ratio = Fraction(3**180, 2**290)  # 86 and 88 digits, no common factor
    big = f"{ratio.numerator}/{ratio.denominator}"
    args = ["forward", "--x", f"{big},1", "--act", "linear", "--json"]
    for _ in range(16):
        args += ["--w", f"{big},0;0,1"]
    data = json.loads(ok(*args))
    assert "1,000 digits" in data["notes"][0]
    assert data["x_hat"][0] == pytest.approx(float(ratio) ** 17, rel=1e-12)


def test_very_deep_nets_use_float64_and_say_why() -> None:
    args = ["forward", "--x", "1,1", "--act", "sigmoid", "--json"]
    for _ in range(MAX_EXACT_LAYERS + 1):
        args += ["--w", "0.5,0.25;0.125,1"]
    data = json.loads(ok(*args))
    assert data["arithmetic"] == "float"
    assert f"{MAX_EXACT_LAYERS + 1} layers" in data["arithmetic_reason"]


# --- backprop, penalty, loss --------------------------------------------------------------------


def test_backprop_training_that_overflows_is_an_error_line() -> None:
    line = error_line("backprop", "--x", "1e200,0", *NET, "--steps", "5")
    assert line.startswith("Error: --steps: the loss goes beyond float64")


def test_backprop_of_a_deep_exact_net_finishes() -> None:
    args = ["backprop", "--x", "0.123456789,0.987654321", "--act", "tanh", "--json"]
    for _ in range(4):
        args += ["--w", DEEP]
    data = json.loads(ok(*args))
    assert data["arithmetic"] == "exact"
    assert math.isfinite(data["loss"]) and data["loss"] > 0


def test_vae_kl_of_a_huge_log_variance_is_written_in_scientific_form() -> None:
    out = ok("penalty", "vae-kl", "--mu", "1e300", "--logvar", "1e300")
    # σ² = e^(10³⁰⁰) has about 4.3·10²⁹⁹ digits: shown as 5.4402e+4342944819…
    assert "e+4342944819032518" in out


def test_contractive_penalty_of_a_saturated_unit_finishes() -> None:
    data = json.loads(
        ok(
            "penalty",
            "contractive",
            "--we",
            "100,1;1,1",
            "--be",
            "0,0",
            "--x",
            "1,1",
            "--lambda",
            "1",
            "--json",
        )
    )
    # unit 1 is saturated (a = 101): its slope e^(-101)/(1+e^(-101))² adds ~10⁻⁸⁸·10001
    slope = math.exp(-2) / (1 + math.exp(-2)) ** 2
    assert data["value"] == pytest.approx(2 * slope**2, rel=1e-12)


def test_bce_of_long_decimals_finishes() -> None:
    nines = "0." + "9" * 390
    data = json.loads(ok("loss", "bce", "--x", "1,0", "--xhat", f"1e-399,{nines}", "--json"))
    # −½(ln 10⁻³⁹⁹ + ln 10⁻³⁹⁰): both terms are exactly 789·ln 10 / 2 together
    assert data["value"] == pytest.approx(789 * math.log(10) / 2, rel=1e-12)


# --- params and batches: bounded memory ----------------------------------------------------------


def test_params_of_a_10000_layer_spec() -> None:
    sizes = ["4", *["3"] * 10_000, "4"]
    started = time.perf_counter()
    data = json.loads(ok("params", *sizes, "--as-given", "--json"))
    assert time.perf_counter() - started < HANG_SECONDS
    assert data["total_params"] == (4 * 3 + 3) + 9_999 * (3 * 3 + 3) + (3 * 4 + 4)
    assert len(data["layers"]) == 10_001


def test_batch_input_is_memory_mapped_and_output_written_in_place(tmp_path: Path) -> None:
    from aecalc.batch.data import load_samples

    rng = np.random.default_rng(3)
    x = rng.random((5_000, 6))
    np.save(tmp_path / "x.npy", x)
    w1, w2 = rng.standard_normal((3, 6)), rng.standard_normal((6, 3))
    np.savez(tmp_path / "m.npz", W1=w1, b1=np.zeros(3), W2=w2, b2=np.zeros(6))
    loaded = load_samples(tmp_path / "x.npy", "--x")
    assert not loaded.flags.owndata  # a view of the file's pages, not a copy in memory
    # --out may even name the input file: x̂ goes to a temporary file that replaces it at the end
    done = aecalc(
        "forward",
        "--model",
        "m.npz",
        "--x",
        "x.npy",
        "--act",
        "sigmoid,linear",
        "--out",
        "x.npy",
        "--json",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    expected = (1 / (1 + np.exp(-(x @ w1.T)))) @ w2.T
    np.testing.assert_allclose(np.load(tmp_path / "x.npy"), expected, rtol=1e-12)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.npz", "x.npy"]
    assert json.loads(done.stdout)["errors"]["mean"] == pytest.approx(
        float(np.mean((expected - x) ** 2)), rel=1e-12
    )


def test_a_failed_batch_leaves_no_output_file(tmp_path: Path) -> None:
    np.save(tmp_path / "x.npy", np.ones((4, 2)))
    np.savez(tmp_path / "m.npz", W1=np.eye(2), b1=np.zeros(2))
    line = error_line(
        "forward",
        "--model",
        str(tmp_path / "m.npz"),
        "--x",
        str(tmp_path / "x.npy"),
        "--act",
        "nope",
        "--out",
        str(tmp_path / "r.npy"),
    )
    assert line.startswith("Error: --act: unknown activation 'nope'")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.npz", "x.npy"]


# --- the guards themselves (in process) ----------------------------------------------------------


def test_argument_guards() -> None:
    assert limits.argument_problem(Fraction(3, 7)) is None
    assert limits.argument_problem(Fraction(-100)) is None
    assert "beyond ±100" in str(limits.argument_problem(Fraction(201, 2)))
    assert "over 60 digits" in str(limits.argument_problem(Fraction(1, 10**61)))
    assert limits.argument_problem(0.5) is None
    assert limits.rational_problem(Fraction(10**1200, 3)) is not None
    assert limits.rational_problem(Fraction(10**900, 3)) is None
    assert limits.digits(Fraction(10**59)) in (60, 61)


def test_layer_guard_counts_the_whole_layer() -> None:
    import sympy

    one = 1 / (1 + sympy.exp(-sympy.Rational(1, 3)))
    small = tuple(sympy.Rational(k, 7) * one for k in range(1, 3))
    assert limits.layer_problem(small) is None
    wide = tuple(
        sum(
            sympy.Rational(j, k + 2) * one.subs(sympy.Rational(1, 3), sympy.Rational(j, 5))
            for j in range(1, 5)
        )
        for k in range(16)
    )
    assert "terms and factors" in str(limits.layer_problem(wide))


def test_decimals_of_astronomical_values() -> None:
    import sympy

    huge = sympy.exp(sympy.Integer(10) ** 300)
    tiny = sympy.exp(-(sympy.Integer(10) ** 300))
    assert quantity.decimal(huge, 4).startswith("5.4402e+4342944819")
    assert quantity.decimal(tiny, 4) == "0.0000"
    assert exact.to_fraction(tiny, 10) == 0
    assert quantity.sign(tiny) == 1 and quantity.sign(-huge) == -1


def test_sign_decides_long_closed_forms_numerically() -> None:
    import sympy

    value = sum(1 / (1 + sympy.exp(-sympy.Rational(k, 7))) for k in range(1, 17)) - 8
    started = time.perf_counter()
    assert quantity.sign(value) == (
        1 if sum(1 / (1 + math.exp(-k / 7)) for k in range(1, 17)) > 8 else -1
    )
    assert time.perf_counter() - started < HANG_SECONDS
    # exact zero that SymPy does not simplify away: falls back to the exact query
    assert quantity.sign(sympy.tanh(1) - (sympy.E**2 - 1) / (sympy.E**2 + 1)) == 0


def test_rounded_layers_are_flagged_in_process() -> None:
    net = build_deep(
        [((Fraction(11, 10), Fraction(-7, 10)), (Fraction(3, 10), Fraction(9, 10)))] * 5,
        [],
        tied=False,
        act="sigmoid",
    )
    result = run_forward(net, (Fraction(1, 8), Fraction(7, 8)))
    flags = [layer.rounded for layer in result.layers]
    first = flags.index(True)
    assert all(flags[first:]) and not any(flags[:first])
    assert f"From layer {first + 1} on" in result.notes[0]


def test_output_array_checks_its_path_and_cleans_up(tmp_path: Path) -> None:
    from aecalc.batch.data import OutputArray
    from aecalc.errors import InputError

    with pytest.raises(InputError, match=r"must be a \.npy file"):
        OutputArray(tmp_path / "r.csv", (2, 2), np.float64, "--out")
    with pytest.raises(InputError, match="does not exist"):
        OutputArray(tmp_path / "missing" / "r.npy", (2, 2), np.float64, "--out")
    with (
        pytest.raises(RuntimeError),
        OutputArray(tmp_path / "r.npy", (2, 2), np.float64, "--out") as out,
    ):
        out[:] = 1.0
        raise RuntimeError("the batch failed half-way")
    assert list(tmp_path.iterdir()) == []  # neither r.npy nor the partial file
    with OutputArray(tmp_path / "r.npy", (2, 3), np.float32, "--out") as out:
        out[:] = np.arange(6).reshape(2, 3)
    saved = np.load(tmp_path / "r.npy")
    assert saved.dtype == np.float32 and saved.tolist() == [[0, 1, 2], [3, 4, 5]]
