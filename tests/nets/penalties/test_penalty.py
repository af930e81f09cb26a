"""Regularisation penalties: exact values against independent float formulas, and the CLI."""

from __future__ import annotations

import json
import math
import shlex
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import cli
from aecalc.errors import InputError
from aecalc.nets import penalties
from aecalc.values import quantity

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    return cli.run(*args, columns=200)


def _sigmoid(a: float) -> float:
    return 1 / (1 + math.exp(-a))


def test_contractive_brief_net() -> None:
    """F1's encoder: W_e = [[1, −1], [0, 1]], x = [1, 0]: a = [1, 0], z = [σ(1), 1/2]."""
    result = penalties.contractive(((F(1), F(-1)), (F(0), F(1))), None, (F(1), F(0)), F(1, 10))
    z1 = _sigmoid(1)
    slope1 = z1 * (1 - z1)
    expected = slope1**2 * 2 + (1 / 4) ** 2 * 1
    assert quantity.to_float(result.penalty) == pytest.approx(expected, rel=1e-14)
    assert quantity.to_float(result.value) == pytest.approx(expected / 10, rel=1e-14)
    # the unit with a = 0 is exact: (1/4)² · 1 = 1/16
    assert result.terms[1].value == F(1, 16)
    assert result.jacobian is not None
    assert result.jacobian[1] == (F(0), F(1, 4))
    assert quantity.to_float(result.jacobian[0][1]) == pytest.approx(-slope1, rel=1e-14)
    assert quantity.decimal(result.penalty, 4) == "0.1398"


@settings(max_examples=25)
@given(
    weights=st.lists(st.lists(st.integers(-4, 4), min_size=3, max_size=3), min_size=1, max_size=3),
    x=st.lists(st.integers(-3, 3), min_size=3, max_size=3),
)
def test_contractive_jacobian_matches_finite_differences(
    weights: list[list[int]], x: list[int]
) -> None:
    import numpy as np

    w = np.array(weights, dtype=float) / 4
    b = np.linspace(-0.5, 0.5, len(weights))
    xs = np.array(x, dtype=float) / 3
    result = penalties.contractive(
        tuple(tuple(F(v, 4) for v in row) for row in weights),
        tuple(F(v).limit_denominator(10**12) for v in b),
        tuple(F(v, 3) for v in x),
    )
    bb = np.array([float(F(v).limit_denominator(10**12)) for v in b])

    def encode(point: np.ndarray) -> np.ndarray:
        return 1 / (1 + np.exp(-(w @ point + bb)))

    h = 1e-6
    numeric = np.column_stack(
        [(encode(xs + h * e) - encode(xs - h * e)) / (2 * h) for e in np.eye(3)]
    )
    assert result.jacobian is not None
    exact = np.array([[quantity.to_float(v) for v in row] for row in result.jacobian])
    assert np.allclose(exact, numeric, rtol=1e-6, atol=1e-9)
    assert quantity.to_float(result.penalty) == pytest.approx(float(np.sum(numeric**2)), rel=1e-6)


def test_sparse_kl_terms() -> None:
    result = penalties.sparse_kl(F(1, 20), (F(1, 10), F(1, 5), F(1, 20)))

    def kl(rho: float, r: float) -> float:
        return rho * math.log(rho / r) + (1 - rho) * math.log((1 - rho) / (1 - r))

    values = [quantity.to_float(t.value) for t in result.terms]
    assert values == pytest.approx([kl(0.05, 0.1), kl(0.05, 0.2), 0.0], rel=1e-14)
    assert result.terms[2].value == 0  # ρ̂ = ρ: exactly zero
    assert quantity.to_float(result.penalty) == pytest.approx(sum(values), rel=1e-14)
    assert quantity.decimal(result.penalty, 4) == "0.1106"


@settings(max_examples=30)
@given(
    rho=st.fractions(F(1, 100), F(99, 100)),
    hats=st.lists(st.fractions(F(1, 100), F(99, 100)), min_size=1, max_size=4),
)
def test_kl_is_nonnegative_and_zero_only_at_rho(rho: F, hats: list[F]) -> None:
    result = penalties.sparse_kl(rho, tuple(hats))
    for term, r in zip(result.terms, hats, strict=True):
        value = quantity.to_float(term.value)
        assert value >= -1e-15
        if r == rho:
            assert term.value == 0


def test_vae_kl_terms_and_full_objective() -> None:
    result = penalties.vae_kl((F(1, 2), F(-1)), (F(0), F(1, 2)), F(2), recon=F(3, 10))
    expected = [-0.5 * (1 + lv - m * m - math.exp(lv)) for m, lv in [(0.5, 0), (-1, 0.5)]]
    assert [quantity.to_float(t.value) for t in result.terms] == pytest.approx(expected, rel=1e-14)
    assert result.terms[0].value == F(1, 8)  # log σ² = 0: ½μ² exactly
    assert quantity.to_float(result.value) == pytest.approx(2 * sum(expected), rel=1e-14)
    assert result.total is not None
    assert quantity.to_float(result.total) == pytest.approx(0.3 + 2 * sum(expected), rel=1e-14)


def test_vae_kl_zero_at_the_prior() -> None:
    assert penalties.vae_kl((F(0), F(0)), (F(0), F(0))).penalty == 0


def test_l1() -> None:
    result = penalties.l1((F(1, 5), F(0), F(-1, 2)), F(1, 100), recon=F(1))
    assert result.penalty == F(7, 10)
    assert result.value == F(7, 1000)
    assert result.total == F(1007, 1000)


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: penalties.sparse_kl(F(0), (F(1, 2),)), "--rho"),
        (lambda: penalties.sparse_kl(F(1), (F(1, 2),)), "--rho"),
        (lambda: penalties.sparse_kl(F(1, 2), (F(0),)), "--rho-hat"),
        (lambda: penalties.sparse_kl(F(1, 2), (F(1, 2), F(1))), "--rho-hat"),
        (lambda: penalties.sparse_kl(F(1, 2), (F(-1, 2),)), "--rho-hat"),
        (lambda: penalties.vae_kl((F(0),), (F(0), F(1))), "--logvar"),
        (lambda: penalties.l1((F(1),), F(-1)), "--lambda"),
        (lambda: penalties.contractive(((F(1), F(2)),), None, (F(1),)), "--x"),
        (lambda: penalties.contractive(((F(1), F(2)),), (F(0), F(0)), (F(1), F(1))), "--be"),
    ],
)
def test_bad_values_name_the_option(call: object, argument: str) -> None:
    with pytest.raises(InputError) as error:
        call()  # type: ignore[operator]
    assert error.value.argument == argument


def test_cli_json_keys() -> None:
    code, out, _ = run("penalty", "sparse-kl", "--rho", "0.05", "--rho-hat", "0.1,0.2", "--json")
    assert code == 0
    data = json.loads(out)
    expected = sum(0.05 * math.log(0.05 / r) + 0.95 * math.log(0.95 / (1 - r)) for r in (0.1, 0.2))
    assert data["value"] == pytest.approx(expected, rel=1e-14)
    assert isinstance(data["exact"], str) and "log" in data["exact"]
    assert len(data["terms"]) == 2
    code, out, _ = run(
        "penalty", "contractive", "--we", "1,-1;0,1", "--x", "1,0", "--lambda", "0.1", "--json"
    )
    data = json.loads(out)
    assert data["jacobian"][1] == [0.0, 0.25]
    assert data["value"] == pytest.approx(0.013981250458590583, rel=1e-12)
    code, out, _ = run("penalty", "l1", "--h", "0.2,0,-0.5", "--lambda", "0.01", "--recon", "1")
    assert code == 0
    assert "1007/1000" in out


def test_cli_table_shows_the_jacobian_and_terms() -> None:
    code, out, _ = run("penalty", "contractive", "--we", "1,-1;0,1", "--x", "1,0", "--recon", "0.5")
    assert code == 0
    for text in ("Jacobian", "0.1966", "−0.1966", "1/16", "0.1398", "full objective", "0.6398"):
        assert text in out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["sparse-kl", "--rho", "1.2", "--rho-hat", "0.1"], "Error: --rho:"),
        (["sparse-kl", "--rho", "0.1", "--rho-hat", "0.1,1"], "Error: --rho-hat:"),
        (["vae-kl", "--mu", "0,1", "--logvar", "0"], "Error: --logvar:"),
        (["l1", "--h", "1", "--lambda", "-0.5"], "Error: --lambda:"),
        (["contractive", "--we", "1,2", "--x", "1"], "Error: --x:"),
        (["l1", "--h", "1", "--mu", "1"], "Error: --mu:"),
        (["dropout", "--h", "1"], "Error: KIND:"),
        (["vae-kl", "--mu", "1"], "Error: --logvar:"),
    ],
)
def test_cli_errors(args: list[str], fragment: str) -> None:
    code, out, err = run("penalty", *args)
    assert code == 2
    assert out == ""
    assert err.startswith(fragment)


# ---------------------------------------------------------------- the registry drives the command


def test_help_shows_each_entry_input_from_the_registry() -> None:
    code, out, _ = run("penalty", "--help")
    assert code == 0
    text = " ".join(out.split())
    assert penalties.choices_text() in text
    for entry in penalties.PENALTIES.values():
        assert f"aecalc penalty {entry.name} {entry.example}" in text
        for option in entry.inputs:
            assert option.flag in text
            assert f"{entry.name}: {option.help}" in text


@pytest.mark.parametrize("name", list(penalties.PENALTIES))
def test_each_entry_example_runs(name: str) -> None:
    entry = penalties.PENALTIES[name]
    code, out, err = run("penalty", name, *shlex.split(entry.example), "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["kind"] == name


@pytest.mark.parametrize("name", list(penalties.PENALTIES))
def test_an_option_of_another_entry_is_refused_with_this_entry_flags(name: str) -> None:
    entry = penalties.PENALTIES[name]
    other = next(
        option
        for e in penalties.PENALTIES.values()
        for option in e.inputs
        if option.flag not in entry.flags
    )
    code, out, err = run("penalty", name, *shlex.split(entry.example), other.flag, "1")
    assert (code, out) == (2, "")
    assert err.strip() == (
        f"Error: {other.flag}: is not used by {name} (it takes {', '.join(sorted(entry.flags))})"
    )


def test_unknown_penalty_lists_the_names_from_the_table() -> None:
    code, _, err = run("penalty", "entropy", "--h", "1")
    assert code == 2
    assert err.strip() == (
        f"Error: KIND: 'entropy' is not a penalty (choose {', '.join(penalties.PENALTIES)})"
    )


def test_a_new_entry_becomes_an_option(monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry added to the registry brings its flags and help to the command's options."""
    from aecalc.commands import penalty as command

    extra = penalties.PenaltyInput("--tau", "tau", "a made-up input.", lambda t, a: t)
    entry = penalties.PENALTIES["l1"]
    fake = penalties.PenaltyEntry(
        **{name: getattr(entry, name) for name in entry._fields if name not in ("name", "inputs")},
        name="entropy",
        inputs=(extra, *entry.inputs),
    )
    monkeypatch.setitem(command.PENALTIES, "entropy", fake)
    options = command._inputs()
    assert options["tau"] == ("--tau", "entropy: a made-up input.")
    assert options["h"] == ("--h", "l1: the code activations h. entropy: the code activations h.")


# ---------------------------------------------------------------- vae-kl with σ instead of log σ²


def test_vae_kl_with_sigma_equals_vae_kl_with_its_log_variance() -> None:
    by_sigma = penalties.vae_kl((F(1, 2), F(-1)), sigma=(F(1), F(1, 2)), weight=F(2))
    assert by_sigma.terms[0].value == F(1, 8)  # σ = 1: log σ² = 0, the ½μ² of the prior's KL
    expected = -0.5 * (1 + math.log(0.25) - 1 - 0.25)
    assert quantity.to_float(by_sigma.terms[1].value) == pytest.approx(expected, rel=1e-14)
    assert by_sigma.terms[1].formula == "−½(1 + ln(0.5²) − (-1)² − 1/4)"
    unit = penalties.vae_kl((F(1, 2), F(-1)), sigma=(F(1), F(1)))
    assert unit.penalty == penalties.vae_kl((F(1, 2), F(-1)), (F(0), F(0))).penalty


def test_cli_vae_kl_sigma() -> None:
    code, out, _ = run("penalty", "vae-kl", "--mu", "0.5", "--sigma", "1", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["exact"] == "1/8"
    assert data["terms"][0]["sigma"] == 1.0 and data["terms"][0]["logvar"] == 0.0


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["--mu", "0.5", "--sigma", "-1"],
            "Error: --sigma: value 1 is -1: σ is a standard deviation, never negative "
            "(give --logvar for log σ²)",
        ),
        (
            ["--mu", "0.5", "--sigma", "0"],
            "Error: --sigma: value 1 is 0: log σ² is −∞ at σ = 0, so the KL term is infinite",
        ),
        (
            ["--mu", "0.5", "--logvar", "0", "--sigma", "1"],
            "Error: --sigma: give one: --logvar or --sigma, not both",
        ),
        (
            ["--mu", "0.5"],
            "Error: --logvar: is required for vae-kl (or give --sigma instead)",
        ),
        (
            ["--mu", "0.5,1", "--sigma", "1"],
            "Error: --sigma: has 1 values but --mu has 2: give one σ per latent dimension",
        ),
    ],
)
def test_cli_vae_kl_sigma_errors(args: list[str], line: str) -> None:
    code, out, err = run("penalty", "vae-kl", *args)
    assert (code, out) == (2, "")
    assert err.strip() == line
