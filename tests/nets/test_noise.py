"""Denoising: ``forward --noise`` corrupts x reproducibly and compares x̂ with the clean x."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cli
from aecalc.errors import InputError
from aecalc.nets.forward import build_vanilla, run_forward
from aecalc.nets.noise import corrupt

F1 = ("--we", "1,-1;0,1", "--wd", "1,0;0,1")


@given(st.integers(0, 2**32), st.lists(st.integers(-3, 3), min_size=1, max_size=6))
def test_gaussian_noise_is_reproducible_and_exact(seed: int, values: list[int]) -> None:
    x = tuple(F(v) for v in values)
    first = corrupt(x, "gaussian:0.1", seed)
    assert first == corrupt(x, "gaussian:0.1", seed)
    assert all((e * 10**4).denominator == 1 for e in first.noise)  # four places, exact
    assert first.corrupted == tuple(v + e for v, e in zip(x, first.noise, strict=True))


@given(st.integers(0, 2**32), st.lists(st.integers(1, 9), min_size=1, max_size=8))
def test_masking_zeroes_some_elements_and_keeps_the_rest(seed: int, values: list[int]) -> None:
    x = tuple(F(v) for v in values)
    masked = corrupt(x, "mask:0.5", seed).corrupted
    assert all(m in (0, v) for m, v in zip(masked, x, strict=True))
    assert corrupt(x, "mask:0", seed).corrupted == x
    assert corrupt(x, "mask:1", seed).corrupted == tuple(F(0) for _ in x)


def test_loss_is_against_the_clean_input() -> None:
    net = build_vanilla(
        ((F(1), F(-1)), (F(0), F(1))),
        None,
        ((F(1), F(0)), (F(0), F(1))),
        None,
        tied=False,
        act="sigmoid",
    )
    x = (F(1), F(0))
    corruption = corrupt(x, "gaussian:0.1", 3)
    denoising = run_forward(net, corruption.corrupted, corruption=corruption)
    by_target = run_forward(net, corruption.corrupted, target=x)
    assert denoising.mse.value == by_target.mse.value
    data = cli.run_json("forward", *F1, "--x", "1,0", "--noise", "gaussian:0.1", "--seed", "3")
    assert data["noise"]["seed"] == 3
    assert data["x"] == [float(v) for v in corruption.corrupted]
    assert data["loss"]["against"] == "clean x"
    assert data["loss"]["mse"] == pytest.approx(float(by_target.mse.value.evalf(30)), rel=1e-12)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--noise", "blur:1"], "Error: --noise: 'blur:1' is not a corruption"),
        (["--noise", "gaussian:0"], "Error: --noise: σ must be positive"),
        (["--noise", "mask:3/2"], "Error: --noise: p is a probability"),
        (["--noise", "gaussian:abc"], "Error: --noise: 'abc' is not a number"),
        (["--seed", "4"], "Error: --seed: goes with --noise"),
    ],
)
def test_bad_noise(args: list[str], message: str) -> None:
    assert cli.run_error("forward", *F1, "--x", "1,0", *args).startswith(message)


def test_noise_refuses_a_batch() -> None:
    line = cli.run_error("forward", *F1, "--x", "1,0;0,1", "--noise", "mask:0.5")
    assert line.startswith("Error: --noise: corrupts one sample")


def test_parse_noise_direct() -> None:
    with pytest.raises(InputError, match="--noise"):
        corrupt((F(1),), "gaussian", None)
