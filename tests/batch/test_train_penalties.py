"""The penalty registry: vectorised values equal the exact worked penalties, gradients equal
finite differences."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction as F

import numpy as np
import pytest

from aecalc.errors import InputError
from aecalc.nets import penalties
from aecalc.nets.penalties import PENALTIES, PenaltyParams
from aecalc.values import quantity

RNG = np.random.default_rng(12)
W_E = RNG.uniform(-1, 1, size=(3, 4))
X = RNG.uniform(0, 1, size=(5, 4))
Z = 1 / (1 + np.exp(-(X @ W_E.T)))  # a sigmoid code, b_e = 0


def _exact(values: np.ndarray) -> tuple[F, ...]:
    return tuple(F(float(v)) for v in values)


def test_registry_lists_every_penalty_once() -> None:
    assert tuple(PENALTIES) == penalties.KINDS == ("contractive", "sparse-kl", "vae-kl", "l1")
    assert penalties.DEFAULT_SYMBOL == {
        "contractive": "λ",
        "sparse-kl": "β",
        "vae-kl": "β",
        "l1": "λ",
    }
    for name, entry in PENALTIES.items():
        assert entry.name == name and entry.formula and entry.title


def test_values_equal_the_exact_penalties() -> None:
    p = PenaltyParams(0.3, 0.1, W_E)
    contractive = np.mean(
        [
            quantity.to_float(
                penalties.contractive(
                    tuple(_exact(row) for row in W_E), None, _exact(x), F(3, 10)
                ).value
            )
            for x in X
        ]
    )
    assert PENALTIES["contractive"].numpy_value(Z, p) == pytest.approx(contractive, rel=1e-12)
    sparse = penalties.sparse_kl(F(1, 10), _exact(Z.mean(axis=0)), F(3, 10))
    assert PENALTIES["sparse-kl"].numpy_value(Z, p) == pytest.approx(
        quantity.to_float(sparse.value), rel=1e-12
    )
    l1 = np.mean([float(penalties.l1(_exact(z - 0.5), F(3, 10)).value) for z in Z])
    assert PENALTIES["l1"].numpy_value(Z - 0.5, p) == pytest.approx(l1, rel=1e-12)
    heads = RNG.uniform(-1, 1, size=(5, 4))  # [μ | log σ²], two latent dimensions
    vae = np.mean(
        [
            quantity.to_float(penalties.vae_kl(_exact(row[:2]), _exact(row[2:]), F(3, 10)).value)
            for row in heads
        ]
    )
    assert PENALTIES["vae-kl"].numpy_value(heads, p) == pytest.approx(vae, rel=1e-12)


def _numeric_gradient(
    f: Callable[[np.ndarray], float], z: np.ndarray, h: float = 1e-6
) -> np.ndarray:
    grad = np.zeros_like(z)
    for index in np.ndindex(z.shape):
        up, down = z.copy(), z.copy()
        up[index] += h
        down[index] -= h
        grad[index] = (f(up) - f(down)) / (2 * h)
    return grad


@pytest.mark.parametrize("name", list(PENALTIES))
def test_gradient_in_z_matches_finite_differences(name: str) -> None:
    p = PenaltyParams(0.7, 0.2, W_E)
    entry = PENALTIES[name]
    z = Z if name != "l1" else Z - 0.5
    if name == "vae-kl":
        z = RNG.uniform(-1, 1, size=(5, 4))
    numeric = _numeric_gradient(lambda v: entry.numpy_value(v, p), z)
    np.testing.assert_allclose(entry.numpy_grad_z(z, p), numeric, rtol=1e-6, atol=1e-9)


def test_contractive_gradient_in_the_weights() -> None:
    entry = PENALTIES["contractive"]
    assert entry.numpy_grad_w is not None
    p = PenaltyParams(0.7, None, W_E)
    numeric = _numeric_gradient(lambda w: entry.numpy_value(Z, PenaltyParams(0.7, None, w)), W_E)
    np.testing.assert_allclose(entry.numpy_grad_w(Z, p), numeric, rtol=1e-6, atol=1e-9)


# ---------------------------------------------------------------- train --penalty, from the entries


def test_train_forms_come_from_the_entries() -> None:
    assert penalties.train_forms() == "sparse-kl:ρ:β, l1:λ or contractive:λ"
    assert [entry.name for entry in penalties.TRAINABLE] == ["sparse-kl", "l1", "contractive"]
    assert PENALTIES["vae-kl"].train is None and PENALTIES["vae-kl"].token is None


@pytest.mark.parametrize("entry", penalties.TRAINABLE, ids=lambda e: e.name)
def test_each_trainable_entry_reads_its_example_token(entry: penalties.PenaltyEntry) -> None:
    assert entry.train is not None
    name, weight, rho = penalties.read_token(f" {entry.name.upper()}:{entry.train.example} ")
    numbers = [float(F(text)) for text in entry.train.example.split(":")]
    assert (name, weight) == (entry.name, numbers[-1])
    fields = [number.field for number in entry.train.numbers]
    assert rho == (numbers[fields.index("rho")] if "rho" in fields else None)


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("dropout:0.5", "'dropout' is not a penalty (use sparse-kl:ρ:β, l1:λ or contractive:λ)"),
        (
            "vae-kl:1",
            "vae-kl needs an encoder with two heads, μ and log σ² (a variational autoencoder); "
            "train takes sparse-kl:ρ:β, l1:λ or contractive:λ",
        ),
        (
            "sparse-kl:0.05",
            "'sparse-kl:0.05': write sparse-kl:ρ:β, l1:λ or contractive:λ "
            "(e.g. sparse-kl:0.05:3, l1:0.001, contractive:0.1)",
        ),
        ("sparse-kl:2:1", "ρ = 2 is outside (0, 1)"),
        ("l1:-1", "the weight -1 is negative: it must be ≥ 0"),
        ("contractive:x", "'x' is not a number"),
    ],
)
def test_bad_tokens(token: str, message: str) -> None:
    with pytest.raises(InputError) as error:
        penalties.read_token(token)
    assert error.value.argument == "--penalty"
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("name", "activation", "layer", "fragment"),
    [
        ("sparse-kl", "relu", 1, "sparse-kl needs code activations in (0, 1)"),
        ("contractive", "sigmoid", 2, "here the code is layer 2 with sigmoid"),
        ("contractive", "tanh", 1, "here the code is layer 1 with tanh"),
        ("vae-kl", "linear", 1, "vae-kl needs an encoder with two heads"),
    ],
)
def test_the_code_layer_condition_is_the_entry_s(
    name: str, activation: str, layer: int, fragment: str
) -> None:
    with pytest.raises(InputError) as error:
        penalties.check_code(name, activation, layer)
    assert fragment in str(error.value)


def test_usable_code_layers_pass() -> None:
    penalties.check_code("sparse-kl", "softmax", 2)
    penalties.check_code("contractive", "sigmoid", 1)
    penalties.check_code("l1", "relu", 3)


def test_train_help_lists_the_entries_tokens() -> None:
    from cli import run

    code, out, _ = run("train", "--help", columns=200)
    assert code == 0 and f"{penalties.train_forms()} on the code layer." in " ".join(out.split())


def test_the_trainer_checks_through_the_registry() -> None:
    """batch.train's check (reached from the Python API) says what the command says."""
    from aecalc.batch.train import check_penalty

    check_penalty(None, ("relu", "linear"), 1)
    check_penalty(("l1", 0.1, None), ("relu", "linear"), 1)
    with pytest.raises(InputError) as error:
        check_penalty(("vae-kl", 1.0, None), ("linear", "linear"), 1)
    assert str(error.value).endswith(f"train takes {penalties.train_forms()}")
    with pytest.raises(InputError) as error:
        check_penalty(("sparse-kl", 1.0, 0.05), ("relu", "sigmoid"), 1)
    assert "but the code layer is relu" in str(error.value)
