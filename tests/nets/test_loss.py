"""``aecalc loss``: the seed examples L1 and L2, the conventions, the clamp and bad input."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from fractions import Fraction as F
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import cli
from aecalc.cli import app
from aecalc.errors import InputError
from aecalc.nets.losses import compute_loss
from aecalc.values import quantity

runner = CliRunner()


def run_json(*args: str) -> dict[str, Any]:
    return cli.run_json("loss", *args)


def run_error(*args: str) -> str:
    return cli.run_error("loss", *args)


# --- L2: MSE of [3, 5, 2] against [2, 4, 3] is exactly 1 -------------------------------------


def test_l2_mse_is_exactly_one() -> None:
    data = run_json("mse", "--x", "3,5,2", "--xhat", "2,4,3")
    assert data["value"] == 1.0
    assert data["exact"] == "1"
    assert [t["exact"] for t in data["terms"]] == ["1", "1", "1"]  # type: ignore[union-attr,index]
    assert data["sum"] == 3.0 and data["reduction"] == "mean"


def test_mse_sum_and_half_sse() -> None:
    assert run_json("mse", "--x", "3,5,2", "--xhat", "2,4,3", "--reduction", "sum")["exact"] == "3"
    half = run_json("half-sse", "--x", "3,5,2", "--xhat", "2,4,3")
    assert half["exact"] == "3/2" and half["reduction"] == "sum"
    assert (
        run_json("half-sse", "--x", "3,5,2", "--xhat", "2,4,3", "--reduction", "mean")["exact"]
        == "1/2"
    )


def test_mse_stays_rational() -> None:
    data = run_json("mse", "--x", "1/3,0.1", "--xhat", "0,0")
    # (1/9 + 1/100) / 2 = 109/1800
    assert data["exact"] == "109/1800"
    assert data["value"] == pytest.approx(109 / 1800)


def test_mse_alternatives_list_the_other_conventions() -> None:
    data = run_json("mse", "--x", "3,5,2", "--xhat", "2,4,3")
    values = {(a["loss"], a["reduction"]): a["exact"] for a in data["alternatives"]}  # type: ignore[union-attr,index]
    assert values == {("mse", "mean"): "1", ("mse", "sum"): "3", ("half-sse", "sum"): "3/2"}


# --- L1: BCE of the F1 reconstruction, and what the other conventions give -------------------


def test_l1_bce_rounded_xhat_gives_0_6766() -> None:
    data = run_json("bce", "--x", "1,0", "--xhat", "0.68,0.62")
    assert round(data["value"], 4) == 0.6766  # type: ignore[call-overload]
    assert data["exact"] == "-log(17/25)/2 - log(19/50)/2"


@pytest.mark.parametrize(
    ("log", "expected"),
    [("ln", 0.6836), ("log10", 0.2969), ("log2", 0.9862)],
)
def test_bce_log_bases(log: str, expected: float) -> None:
    # x̂ typed to 4 places: −½[ln 0.675 + ln 0.3775] and the same over ln 10 and ln 2
    data = run_json("bce", "--x", "1,0", "--xhat", "0.675,0.6225", "--log", log)
    reference = -(math.log(0.675) + math.log(1 - 0.6225)) / 2
    scale = {"ln": 1.0, "log10": math.log(10), "log2": math.log(2)}[log]
    assert data["value"] == pytest.approx(reference / scale, rel=1e-12)
    assert round(data["value"], 4) == expected  # type: ignore[call-overload]


def test_bce_sum_is_n_times_mean() -> None:
    mean = run_json("bce", "--x", "1,0,1", "--xhat", "0.9,0.2,0.6")
    total = run_json("bce", "--x", "1,0,1", "--xhat", "0.9,0.2,0.6", "--reduction", "sum")
    assert total["value"] == pytest.approx(3 * mean["value"], rel=1e-14)  # type: ignore[operator]


def test_bce_printout_states_the_convention_and_alternatives() -> None:
    result = runner.invoke(app, ["loss", "bce", "--x", "1,0", "--xhat", "0.675,0.6225"])
    assert result.exit_code == 0
    text = result.stdout
    assert "ln" in text and "log₁₀" in text and "log₂" in text
    assert "PyTorch" in text
    assert "0.2969" in text and "0.9862" in text and "0.6836" in text


# --- the clamp ---------------------------------------------------------------------------------


def test_bce_at_zero_or_one_needs_clamp() -> None:
    line = run_error("bce", "--x", "0,1", "--xhat", "1,0.5")
    assert "--xhat" in line and "--clamp" in line


def test_bce_clamp_gives_100_per_saturated_term() -> None:
    data = run_json("bce", "--x", "0,1", "--xhat", "1,0.5", "--clamp", "--reduction", "sum")
    terms = data["terms"]
    assert terms[0]["value"] == 100.0 and terms[0]["clamped"] is True  # type: ignore[index]
    assert data["value"] == pytest.approx(100 + math.log(2))


def test_bce_clamp_cuts_a_tiny_probability_at_minus_100() -> None:
    # ln(1e-50) ≈ −115.13: clamped to −100 with --clamp, kept without
    clamped = run_json("bce", "--x", "1", "--xhat", "1e-50", "--clamp")
    plain = run_json("bce", "--x", "1", "--xhat", "1e-50")
    assert clamped["value"] == 100.0
    assert plain["value"] == pytest.approx(50 * math.log(10))


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (("mse", "--x", "1,2", "--xhat", "1,2,3"), ["--xhat", "3", "2"]),
        (("mse", "--x", "1,nan", "--xhat", "1,2"), ["--x", "finite"]),
        (("mse", "--x", "1,inf", "--xhat", "1,2"), ["--x", "finite"]),
        (("bce", "--x", "1.5,0", "--xhat", "0.5,0.5"), ["--x", "[0, 1]", "1.5"]),
        (("bce", "--x", "1,0", "--xhat", "1.2,0.5", "--clamp"), ["--xhat", "1.2"]),
        (("bce", "--x", "1,0", "--xhat", "-0.1,0.5"), ["--xhat", "-0.1"]),
        (("mse", "--x", "1,2", "--xhat", "1,2", "--log", "log10"), ["--log", "bce"]),
        (("mse", "--x", "1", "--xhat", "1", "--clamp"), ["--clamp"]),
        (("bce", "--x", "1", "--xhat", "0.5", "--log", "log3"), ["--log", "log3"]),
        (("kl", "--x", "1", "--xhat", "0.5"), ["LOSS", "kl"]),
        (("mse", "--x", "1,2", "--xhat", "1,,2"), ["--xhat", "empty"]),
        (("mse", "--x", "1,2", "--xhat", "__import__('os')"), ["--xhat", "not a number"]),
    ],
)
def test_bad_input_is_one_error_line(args: tuple[str, ...], names: list[str]) -> None:
    line = run_error(*args)
    for name in names:
        assert name in line, line


def test_loss_mse_imports_neither_numpy_nor_sympy() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from aecalc.cli import app\n"
        "r = CliRunner().invoke(app, ['loss', 'mse', '--x', '3,5,2', '--xhat', '2,4,3'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print('numpy' in sys.modules, 'sympy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_formats_render() -> None:
    for fmt in ("markdown", "latex", "html"):
        result = runner.invoke(
            app, ["loss", "bce", "--x", "1,0", "--xhat", "0.675,0.6225", "--format", fmt]
        )
        assert result.exit_code == 0, result.output
        assert "0.6836" in result.stdout


# --- against the definitions ------------------------------------------------------------------

fractions = st.fractions(min_value=-50, max_value=50, max_denominator=100)
probabilities = st.fractions(min_value=0, max_value=1, max_denominator=64)
open_probabilities = st.fractions(min_value=F(1, 64), max_value=F(63, 64), max_denominator=64)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(fractions, fractions), min_size=1, max_size=8))
def test_mse_matches_its_definition(pairs: list[tuple[F, F]]) -> None:
    x = tuple(a for a, _ in pairs)
    x_hat = tuple(b for _, b in pairs)
    loss = compute_loss("mse", x, x_hat)
    assert loss.value == sum((a - b) ** 2 for a, b in pairs) / len(pairs)
    half = compute_loss("half-sse", x, x_hat)
    assert half.value == sum((a - b) ** 2 for a, b in pairs) / 2


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(probabilities, open_probabilities), min_size=1, max_size=4))
def test_bce_exact_matches_float_definition(pairs: list[tuple[F, F]]) -> None:
    x = tuple(a for a, _ in pairs)
    x_hat = tuple(b for _, b in pairs)
    exact = compute_loss("bce", x, x_hat)
    floats = compute_loss("bce", tuple(map(float, x)), tuple(map(float, x_hat)))
    reference = -sum(
        float(a) * math.log(float(b)) + (1 - float(a)) * math.log(1 - float(b)) for a, b in pairs
    ) / len(pairs)
    assert quantity.to_float(exact.value) == pytest.approx(reference, rel=1e-12, abs=1e-15)
    assert floats.value == pytest.approx(reference, rel=1e-12, abs=1e-15)


def test_core_refuses_mismatched_lengths() -> None:
    with pytest.raises(InputError) as error:
        compute_loss("mse", (F(1),), (F(1), F(2)))
    assert error.value.argument == "--xhat"


def test_values_beyond_the_float_range_are_null_in_json_beside_their_exact_string() -> None:
    """JSON has no infinity: a value beyond float64 is null, its exact string beside it (issue
    26; it used to be an error line)."""
    result = runner.invoke(app, ["loss", "mse", "--x", "1e300", "--xhat", "-1e300", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["value"] is None and data["exact"] == "4" + "0" * 600
    result = runner.invoke(app, ["loss", "mse", "--x", "1e300", "--xhat", "-1e300"])
    assert result.exit_code == 0 and "4" + "0" * 20 in result.stdout.replace("\n", "")
