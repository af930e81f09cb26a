"""The VAE's sampling step in the core (:mod:`aecalc.nets.vae`): the brief's worked examples,
exact forms, the slips a practice question names (each the core called with one thing changed),
and properties of the derivatives."""

from __future__ import annotations

import math
from fractions import Fraction as F

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from aecalc.errors import InputError
from aecalc.nets import arith
from aecalc.nets.network import build_decoder
from aecalc.nets.vae import reparameterise, run_vae
from aecalc.values import quantity

E = sympy.E


def test_brief_worked_example_z() -> None:
    """BRIEF: μ = 2, σ = 3, ε = −1.5 → z = −2.5."""
    result = run_vae((F(2),), (F(-3, 2),), sigma=(F(3),))
    assert result.reparam.z == (F(-5, 2),)
    assert result.reparam.dz_dsigma == (F(-3, 2),)
    assert result.reparam.dz_dlogvar == (F(-9, 4),)  # ½·3·(−1.5)


def test_brief_kl_example() -> None:
    """BRIEF: KL(N(0.5, 1) ‖ N(0, 1)) = 0.125, exactly, from σ or from log σ² = 0."""
    assert run_vae((F(1, 2),), (F(0),), sigma=(F(1),)).kl_value == F(1, 8)
    assert run_vae((F(1, 2),), (F(0),), logvar=(F(0),)).kl_value == F(1, 8)


def test_sigma_from_logvar_is_a_closed_form() -> None:
    r = run_vae((F(0),), (F(1),), logvar=(F(1, 2),)).reparam
    assert sympy.simplify(r.sigma[0] - sympy.exp(sympy.Rational(1, 4))) == 0
    assert quantity.plain(r.z[0]) == "e^(1/4)"


def test_kl_closed_form_against_the_textbook_formula() -> None:
    """KL(N(μ, σ²) ‖ N(0, 1)) = ln(1/σ) + (σ² + μ²)/2 − ½ (Kingma & Welling, appendix B)."""
    mu, sigma = F(-1), F(1, 2)
    kl = run_vae((mu,), (F(0),), sigma=(sigma,)).kl_value
    textbook = math.log(1 / sigma) + (sigma**2 + mu**2) / 2 - F(1, 2)
    assert quantity.to_float(kl) == pytest.approx(float(textbook), rel=1e-15)


# ---------------------------------------------------------------- the slips, one change each

MU, LOGVAR, EPS = (F(1, 2),), (F(2),), (F(1),)


def test_slip_half_forgotten() -> None:
    """σ = e^(log σ²) instead of e^(½·log σ²): z = ½ + e² instead of ½ + e."""
    right = reparameterise(arith.EXACT, MU, EPS, logvar=LOGVAR)
    slip = reparameterise(arith.EXACT, MU, EPS, logvar=LOGVAR, half=F(1))
    assert sympy.simplify(right.z[0] - (sympy.Rational(1, 2) + E)) == 0
    assert sympy.simplify(slip.z[0] - (sympy.Rational(1, 2) + E**2)) == 0


def test_slip_sigma_used_as_the_variance() -> None:
    """The variance σ² put where σ goes: z = μ + σ²·ε (given σ = 3: 2 + 9·(−1.5) = −11.5)."""
    right = reparameterise(arith.EXACT, (F(2),), (F(-3, 2),), sigma=(F(3),))
    slip = reparameterise(arith.EXACT, (F(2),), (F(-3, 2),), sigma=right.variance)
    assert slip.z == (F(-23, 2),)


def test_slip_logvar_used_as_sigma() -> None:
    """log σ² put where σ goes: z = ½ + 2·1 = 5/2, even where log σ² is negative."""
    right = reparameterise(arith.EXACT, MU, EPS, logvar=LOGVAR)
    assert reparameterise(arith.EXACT, MU, EPS, sigma=right.logvar).z == (F(5, 2),)
    negative = reparameterise(arith.EXACT, MU, EPS, sigma=(F(-1),))
    assert negative.z == (F(-1, 2),)


def test_slip_sign_of_the_kl() -> None:
    """+½Σ(1 + log σ² − μ² − σ²) is −KL: for μ = 0.5, σ = 1 it is −0.125."""
    result = run_vae((F(1, 2),), (F(0),), sigma=(F(1),))
    assert -result.kl_value == F(-1, 8)


# ---------------------------------------------------------------- properties

small = st.fractions(min_value=-4, max_value=4, max_denominator=8)
positive = st.fractions(min_value=F(1, 8), max_value=4, max_denominator=8)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(small, positive, small), min_size=1, max_size=3))
def test_derivatives_of_z(rows: list[tuple[F, F, F]]) -> None:
    """z − μ = σ·ε, ∂z/∂σ = ε and ∂z/∂log σ² = ½σε, exactly, for rational σ."""
    mu, sigma, eps = (tuple(col) for col in zip(*rows, strict=True))
    r = reparameterise(arith.RATIONAL, mu, eps, sigma=sigma)
    for j in range(len(mu)):
        assert r.z[j] - mu[j] == sigma[j] * eps[j]
        assert r.dz_dmu[j] == 1 and r.dz_dsigma[j] == eps[j]
        assert r.dz_dlogvar[j] == sigma[j] * eps[j] / 2


@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(small, small, small), min_size=1, max_size=3))
def test_float_and_exact_agree(rows: list[tuple[F, F, F]]) -> None:
    mu, logvar, eps = (tuple(col) for col in zip(*rows, strict=True))
    exact = run_vae(mu, eps, logvar=logvar).as_json()
    floats = run_vae(mu, eps, logvar=logvar, float_only=True).as_json()
    for key in ("z", "sigma", "dz_dlogvar"):
        assert floats[key] == pytest.approx(exact[key], rel=1e-12, abs=1e-15)
    assert floats["kl"] == pytest.approx(exact["kl"], rel=1e-12, abs=1e-15)


def test_decoder_gradient_by_finite_differences() -> None:
    """∂loss/∂μ from the backward pass agrees with a central difference of the loss itself."""
    decoder = build_decoder([((F(1), F(-1)), (F(1, 2), F(1)))], [], act="tanh")
    mu, logvar, eps, x = (F(1, 4), F(-1, 2)), (F(0), F(1, 2)), (F(1, 2), F(-1)), (F(0), F(1, 2))
    result = run_vae(mu, eps, logvar=logvar, decoder=decoder, x=x, beta=F(2))
    assert result.gradients is not None
    h = F(1, 10**6)
    for j in range(2):
        up = tuple(m + (h if i == j else 0) for i, m in enumerate(mu))
        down = tuple(m - (h if i == j else 0) for i, m in enumerate(mu))
        value = [
            quantity.to_float(
                run_vae(m, eps, logvar=logvar, decoder=decoder, x=x, beta=F(2)).objective or 0
            )
            for m in (up, down)
        ]
        numeric = (value[0] - value[1]) / (2 * float(h))
        assert quantity.to_float(result.gradients.dloss_dmu[j]) == pytest.approx(numeric, rel=1e-6)


def test_a_negative_sigma_is_refused_by_run_vae_only() -> None:
    with pytest.raises(InputError) as caught:
        run_vae((F(0),), (F(1),), sigma=(F(-1),))
    assert caught.value.argument == "--sigma"
