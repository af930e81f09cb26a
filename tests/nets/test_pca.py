"""``aecalc pca``: exact and float PCA against NumPy's covariance and eigh, and the CLI contract."""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aecalc.batch.pca import float_pca, subspace_angles
from aecalc.nets.pca import exact_pca
from aecalc.values import quantity
from cli import run, run_error, run_json


def _oracle(x: np.ndarray, k: int) -> dict[str, np.ndarray | float]:
    """Independent: numpy.cov (n − 1) and eigh, then project and reconstruct."""
    mean = x.mean(axis=0)
    cov = np.atleast_2d(np.cov(x, rowvar=False))
    values, vectors = np.linalg.eigh(cov)
    order = np.argsort(values)[::-1]
    values, vectors = values[order], vectors[:, order].T
    comp = vectors[:k]
    x_hat = mean + (x - mean) @ comp.T @ comp
    return {
        "mean": mean,
        "cov": cov,
        "values": values,
        "components": comp,
        "mse": float(np.mean((x - x_hat) ** 2)),
    }


def _same_up_to_sign(a: np.ndarray, b: np.ndarray) -> None:
    for row_a, row_b in zip(a, b, strict=True):
        sign = 1.0 if float(row_a @ row_b) >= 0 else -1.0
        np.testing.assert_allclose(row_a, sign * row_b, atol=1e-9)


def _floats(values: tuple[object, ...]) -> np.ndarray:
    return np.array([quantity.to_float(v) for v in values])


def test_two_features_by_hand() -> None:
    """X = [[2,0],[0,1],[3,3],[1,2]]: μ = (3/2, 3/2), C = [[5/3, 2/3],[2/3, 5/3]], λ = 7/3, 1."""
    rows = ((F(2), F(0)), (F(0), F(1)), (F(3), F(3)), (F(1), F(2)))
    r = exact_pca(rows, 1)
    assert r.arithmetic == "exact"
    assert r.mean == (F(3, 2), F(3, 2))
    assert r.covariance == ((F(5, 3), F(2, 3)), (F(2, 3), F(5, 3)))
    assert r.eigenvalues == (F(7, 3), F(1))
    assert r.explained_ratio == (F(7, 10), F(3, 10))
    assert r.mse == F(3, 8)  # (n − 1)/(n·D)·λ₂ = 3/8 · 1
    assert quantity.plain(r.components[0][0]) == "√2/2"
    assert r.characteristic == "det(C − λI) = λ² − 10/3·λ + 7/3 = 0"
    assert r.reconstruction is not None
    assert r.reconstruction[0] == (F(1), F(1))


@settings(max_examples=20)
@given(
    data=st.lists(
        st.lists(st.integers(-5, 5), min_size=2, max_size=2), min_size=2, max_size=6
    ).filter(lambda rows: len({tuple(r) for r in rows}) > 1),
    k=st.integers(1, 2),
)
def test_exact_two_features_match_numpy(data: list[list[int]], k: int) -> None:
    x = np.array(data, dtype=float)
    r = exact_pca(tuple(tuple(F(v) for v in row) for row in data), k)
    o = _oracle(x, k)
    np.testing.assert_allclose(_floats(r.mean), o["mean"], atol=1e-12)
    np.testing.assert_allclose(_floats(r.eigenvalues), o["values"], atol=1e-9)
    assert quantity.to_float(r.mse) == pytest.approx(o["mse"], abs=1e-9)
    comps = np.array([_floats(row) for row in r.components])
    np.testing.assert_allclose(np.linalg.norm(comps, axis=1), 1.0, atol=1e-12)
    values = o["values"]
    assert isinstance(values, np.ndarray)
    if k == 1 and values[0] - values[1] > 1e-9:  # a unique first direction
        _same_up_to_sign(comps, np.asarray(o["components"]))
    # the reconstruction matrix equals μ + Z·V_K entry by entry
    assert r.reconstruction is not None
    direct = np.asarray(o["mean"]) + (x - x.mean(axis=0)) @ comps.T @ comps
    np.testing.assert_allclose([_floats(row) for row in r.reconstruction], direct, atol=1e-9)


def test_three_features_exact_and_mixed() -> None:
    axes = ((1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 2), (0, 0, -2))
    r = exact_pca(tuple(tuple(F(v) for v in row) for row in axes), 2)
    assert r.arithmetic == "exact"
    assert r.eigenvalues == (F(8, 5), F(2, 5), F(2, 5))
    assert r.components[0] == (F(0), F(0), F(1))
    assert r.mse == F(5, 18) * F(2, 5)  # (n − 1)/(n·D) · λ₃
    data = ((2, 0, 1), (0, 1, 5), (3, 3, 2), (1, 2, 7))
    mixed = exact_pca(tuple(tuple(F(v) for v in row) for row in data), 2)
    assert mixed.arithmetic == "mixed"  # a cubic with three real roots
    o = _oracle(np.array(data, dtype=float), 2)
    np.testing.assert_allclose(_floats(mixed.eigenvalues), o["values"], rtol=1e-12)
    _same_up_to_sign(np.array([_floats(v) for v in mixed.components]), np.asarray(o["components"]))
    assert quantity.to_float(mixed.mse) == pytest.approx(o["mse"], rel=1e-12)


def test_float_path_matches_eigh() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(300, 12)) @ rng.normal(size=(12, 12))
    r = float_pca(x, 4)
    o = _oracle(x, 4)
    np.testing.assert_allclose(r.eigenvalues, o["values"], rtol=1e-10)
    _same_up_to_sign(np.array(r.components), np.asarray(o["components"]))
    assert r.mse == pytest.approx(o["mse"], rel=1e-10)
    assert r.centred is None and r.reconstruction is None and not r.worked  # summarised
    # largest-magnitude entry positive
    for row in r.components:
        assert max(row, key=abs) > 0


def test_a_repeated_eigenvalue_is_said_to_have_no_unique_components() -> None:
    # X = I₃: C = (I − J/3)/2 has eigenvalues 1/2, 1/2, 0 (numpy agrees), so v₁ and v₂ are one
    # choice of a basis of a plane; K = 1 cuts through the tie, K = 2 does not.
    eye = [[F(int(i == j)) for j in range(3)] for i in range(3)]
    values = np.linalg.eigvalsh(np.cov(np.eye(3), rowvar=False))[::-1]
    assert values == pytest.approx([0.5, 0.5, 0.0], abs=1e-12)
    one = exact_pca(eye, 1)
    assert _floats(one.eigenvalues) == pytest.approx(values, abs=1e-12)
    (note,) = [n for n in one.notes if "repeated eigenvalue" in n]
    assert note.startswith("λ₁ = λ₂: ") and "K = 1 cuts through the tie" in note
    (note,) = [n for n in exact_pca(eye, 2).notes if "repeated eigenvalue" in n]
    assert "cuts through" not in note
    floats = float_pca(np.tile(np.eye(3), (10, 1)), 1)
    assert any("λ₁ = λ₂" in n for n in floats.notes)
    # distinct eigenvalues: no such note (the 2-feature example, λ = 7/3 and 1)
    example = [[F(2), F(0)], [F(0), F(1)], [F(3), F(3)], [F(1), F(2)]]
    assert not any("repeated" in n for n in exact_pca(example, 1).notes)
    code, out, _ = run("pca", "--x", "1,0,0;0,1,0;0,0,1")
    assert code == 0 and "λ₁ = λ₂: a repeated" in out


def test_fewer_samples_than_features_lists_all_eigenvalues() -> None:
    x = np.arange(15, dtype=float).reshape(3, 5) ** 1.5
    r = float_pca(x, 2)
    assert len(r.eigenvalues) == 5
    assert r.eigenvalues[2:] == pytest.approx((0.0, 0.0, 0.0), abs=1e-12)


def test_subspace_angles() -> None:
    a = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    b = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])  # shares x+y, adds z: 90° apart at most
    assert subspace_angles(a, b) == pytest.approx((90.0, 0.0), abs=1e-9)
    tilt = np.radians(1e-4)
    c = np.array([[1.0, 0.0, 0.0], [0.0, np.cos(tilt), np.sin(tilt)]])
    assert subspace_angles(a, c)[0] == pytest.approx(1e-4, rel=1e-6)
    assert subspace_angles(a, 3 * a + [[0, 0, 0], [1, 0, 0]])[0] == pytest.approx(0, abs=1e-12)


def test_cli_json_keys_and_values() -> None:
    data = run_json("pca", "--x", "2,0;0,1;3,3;1,2", "--k", "1")
    for key in (
        "mean",
        "covariance",
        "eigenvalues",
        "components",
        "explained_variance_ratio",
        "reconstruction_mse",
    ):
        assert key in data
    assert data["mean"] == [1.5, 1.5]
    assert data["eigenvalues"] == pytest.approx([7 / 3, 1])
    assert data["components"][0] == pytest.approx([0.5**0.5, 0.5**0.5])
    assert data["explained_variance_ratio"] == pytest.approx([0.7, 0.3])
    assert data["reconstruction_mse"] == 0.375
    assert data["covariance_exact"] == [["5/3", "2/3"], ["2/3", "5/3"]]


def test_cli_printout_says_n_minus_1() -> None:
    code, out, _ = run("pca", "--x", "2,0;0,1;3,3;1,2", columns=160)
    assert code == 0
    assert "n − 1 = 3" in out and "7/3" in out and "3/8 = 0.375" in out


def test_compare_ae_spans_the_pca_subspace(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    # 60 samples of 6 features, variances about 10, 4.6, 0.25, 0.17, 0.09, 0.03 along a random
    # rotation: a clear gap after K = 2, so gradient descent converges in 13,345 epochs (the
    # 200-sample set without a gap took 28,504; both reach the subspace to 1e-5 degrees)
    rotation, _ = np.linalg.qr(np.random.default_rng(2).normal(size=(6, 6)))
    x = (np.random.default_rng(3).normal(size=(60, 6)) * [3, 2, 0.5, 0.4, 0.3, 0.2]) @ rotation
    path = tmp_path / "d.npy"
    np.save(path, x)
    data = run_json("pca", "--x", str(path), "--k", "2", "--compare-ae")
    ae = data["autoencoder"]
    assert ae["subspace_angle_deg"] < 0.05
    assert ae["reconstruction_mse"] == pytest.approx(data["reconstruction_mse"], rel=1e-4)
    assert ae["reconstruction_mse"] >= data["reconstruction_mse"] * (1 - 1e-12)  # PCA is optimal
    # the printout's sentences, on data that converges in a fifth of the time
    small = tmp_path / "small.npy"
    np.save(small, rng.normal(size=(30, 3)) @ rng.normal(size=(3, 3)))
    code, out, _ = run("pca", "--x", str(small), "--k", "1", "--compare-ae", columns=200)
    text = " ".join(out.split())
    assert code == 0 and "need not be orthogonal" in text and "same subspace" in text


def test_bad_inputs(tmp_path: Path) -> None:
    assert "at least 2" in run_error("pca", "--x", "1,2")
    assert "--k" in run_error("pca", "--x", "1,2;3,4", "--k", "3")
    assert "--k" in run_error("pca", "--x", "1,2;3,4", "--k", "0")
    assert "ragged" in run_error("pca", "--x", "1,2;3")
    assert "--x" in run_error("pca", "--x", "1,nan;3,4")
    bad = tmp_path / "bad.npy"
    np.save(bad, np.array([[1.0, np.inf], [2.0, 3.0]]))
    assert "non-finite" in run_error("pca", "--x", str(bad))
    assert "no variance" in run_error("pca", "--x", "1,2;1,2")
    assert "--compare-ae" in run_error("pca", "--x", "1,2;3,4", "--lr", "0.1")


def test_compare_ae_says_when_it_has_not_converged(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    path = tmp_path / "d.npy"
    np.save(path, rng.normal(size=(200, 6)) @ rng.normal(size=(6, 6)))
    data = run_json("pca", "--x", str(path), "--k", "2", "--compare-ae", "--epochs", "5")
    assert data["autoencoder"]["converged"] is False and data["autoencoder"]["epochs"] == 5
    code, out, _ = run("pca", "--x", str(path), "--k", "2", "--compare-ae", "--epochs", "5")
    assert code == 0 and "not converged" in " ".join(out.split()).lower()
