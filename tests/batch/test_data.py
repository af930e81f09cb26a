"""Loaders for batch data and model files: good files load, every bad kind gets one clear line."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from aecalc.batch.data import load_model, load_samples, save_array
from aecalc.errors import InputError


def _refused(call: Callable[[], object], argument: str, *words: str) -> str:
    with pytest.raises(InputError) as caught:
        call()
    assert caught.value.argument == argument
    problem = caught.value.problem
    for word in words:
        assert word in problem, problem
    assert "\n" not in problem
    return problem


# ---------------------------------------------------------------------------------------------
# load_samples: good files


def test_npy_2d_and_1d(tmp_path: Path) -> None:
    np.save(tmp_path / "a.npy", np.arange(6, dtype=np.int32).reshape(2, 3))
    a = load_samples(tmp_path / "a.npy", "--x")
    assert a.dtype == np.int32  # as stored: its consumers widen a chunk of rows at a time
    assert a.tolist() == [[0, 1, 2], [3, 4, 5]]
    np.save(tmp_path / "v.npy", np.array([0.5, 0.25], dtype=np.float32))
    assert load_samples(str(tmp_path / "v.npy"), "--x").tolist() == [[0.5, 0.25]]


def test_csv_rows_comments_and_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("# samples\n1, 2.5, -3e-2\n4,5,6\n\n")
    assert load_samples(tmp_path / "a.csv", "--x").tolist() == [[1, 2.5, -0.03], [4, 5, 6]]
    (tmp_path / "one.csv").write_text("1,2,3\n")
    assert load_samples(tmp_path / "one.csv", "--x").shape == (1, 3)


def test_npz_single_array_or_named_x(tmp_path: Path) -> None:
    np.savez(tmp_path / "one.npz", data=np.ones((2, 2)))
    assert load_samples(tmp_path / "one.npz", "--x").shape == (2, 2)
    np.savez(tmp_path / "named.npz", x=np.zeros((3, 2)), labels=np.arange(3))
    assert load_samples(tmp_path / "named.npz", "--x").shape == (3, 2)


# ---------------------------------------------------------------------------------------------
# load_samples: bad files


def test_missing_folder_and_extension(tmp_path: Path) -> None:
    _refused(lambda: load_samples(tmp_path / "nope.npy", "--x"), "--x", "does not exist")
    (tmp_path / "dir.npy").mkdir()
    _refused(lambda: load_samples(tmp_path / "dir.npy", "--x"), "--x", "is a folder")
    (tmp_path / "a.txt").write_text("1,2\n")
    _refused(
        lambda: load_samples(tmp_path / "a.txt", "--x"), "--x", "'.txt'", ".npy or .npz or .csv"
    )
    _refused(lambda: load_samples(tmp_path / "noext", "--x"), "--x", "no extension")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read any file")
def test_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "secret.npy"
    np.save(path, np.zeros(2))
    path.chmod(0)
    _refused(lambda: load_samples(path, "--x"), "--x", "cannot be read")


def test_unreadable_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.npy"
    np.save(path, np.zeros(2))

    def deny(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", deny)
    _refused(lambda: load_samples(path, "--x"), "--x", "cannot be read", "Permission denied")


def test_pickles_are_never_loaded(tmp_path: Path) -> None:
    np.save(tmp_path / "obj.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    _refused(lambda: load_samples(tmp_path / "obj.npy", "--x"), "--x", "pickled", "never unpickles")
    with (tmp_path / "raw.npy").open("wb") as handle:
        pickle.dump([[1.0, 2.0]], handle)
    _refused(lambda: load_samples(tmp_path / "raw.npy", "--x"), "--x", "pickled")
    np.savez(tmp_path / "obj.npz", x=np.array([None, 1], dtype=object))
    _refused(lambda: load_samples(tmp_path / "obj.npz", "--x"), "--x", "pickled")


def test_not_what_the_extension_says(tmp_path: Path) -> None:
    (tmp_path / "text.npy").write_text("1,2,3\n")
    _refused(lambda: load_samples(tmp_path / "text.npy", "--x"), "--x", "is not a .npy file")
    (tmp_path / "text.npz").write_text("hello")
    _refused(lambda: load_samples(tmp_path / "text.npz", "--x"), "--x", "is not a .npz file")
    np.save(tmp_path / "ok.npy", np.zeros((4, 4)))
    data = (tmp_path / "ok.npy").read_bytes()
    (tmp_path / "cut.npy").write_bytes(data[:70])
    _refused(lambda: load_samples(tmp_path / "cut.npy", "--x"), "--x", "not a valid .npy file")
    (tmp_path / "bin.csv").write_bytes(b"\xff\xfe\x00\x01\x80")
    _refused(lambda: load_samples(tmp_path / "bin.csv", "--x"), "--x", "not a UTF-8 text file")


@pytest.mark.parametrize(
    ("array", "words"),
    [
        (np.array([1 + 2j, 3]), ("complex",)),
        (np.array(["1", "2"]), ("not numeric",)),
        (np.array([True, False]), ("boolean",)),
        (np.zeros(2, dtype=[("a", "f8")]), ("not numeric",)),
        (np.array([1.0, np.nan]), ("1 non-finite value", "nan", "index [1]")),
        (np.array([[1.0, 2.0], [np.inf, -np.inf]]), ("2 non-finite values", "inf", "index [1, 0]")),
        (np.zeros((2, 2, 2)), ("3 dimensions", "2×2×2")),
        (np.float64(3.0), ("0 dimensions",)),
        (np.zeros((0, 3)), ("empty",)),
    ],
)
def test_bad_contents(tmp_path: Path, array: np.ndarray, words: tuple[str, ...]) -> None:
    np.save(tmp_path / "bad.npy", array)
    _refused(lambda: load_samples(tmp_path / "bad.npy", "--x"), "--x", "bad.npy", *words)


def test_huge_but_finite_values_are_fine(tmp_path: Path) -> None:
    np.save(tmp_path / "big.npy", np.full((3, 2), 1e308))  # the sum overflows, the values don't
    assert load_samples(tmp_path / "big.npy", "--x").shape == (3, 2)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a,b,c\n1,2,3\n", ("line 1 looks like a header", "remove it")),
        ("1,2,3\n4,5\n", ("line 2 has 2 values but line 1 has 3",)),
        ("1,2\n3,x\n", ("line 2, column 2", "'x' is not a number")),
        ("", ("no data rows",)),
        ("# only a comment\n", ("no data rows",)),
        ("1;2;3\n", ("'1;2;3' is not a number", "commas")),
        ("1,2\n3,abc\n", ("line 2, column 2: 'abc' is not a number",)),
        ("1,nan\n", ("non-finite",)),
    ],
)
def test_bad_csv(tmp_path: Path, text: str, words: tuple[str, ...]) -> None:
    (tmp_path / "bad.csv").write_text(text)
    _refused(lambda: load_samples(tmp_path / "bad.csv", "--x"), "--x", *words)


def test_npz_with_several_arrays_and_no_x(tmp_path: Path) -> None:
    np.savez(tmp_path / "two.npz", a=np.zeros(2), b=np.zeros(2))
    _refused(lambda: load_samples(tmp_path / "two.npz", "--x"), "--x", "2 arrays (a, b)", "'x'")


# ---------------------------------------------------------------------------------------------
# load_model


def test_model_loads_in_layer_order(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    arrays = {
        "W2": rng.random((4, 3)),
        "b1": rng.random(3),
        "W1": rng.random((3, 4)).astype(np.float32),
        "b2": rng.random(4),
    }
    np.savez(tmp_path / "m.npz", **arrays)
    weights, biases = load_model(tmp_path / "m.npz", "--model")
    assert [w.shape for w in weights] == [(3, 4), (4, 3)]
    assert all(w.dtype == np.float64 for w in weights + biases)
    assert np.array_equal(weights[0], arrays["W1"].astype(np.float64))
    assert np.array_equal(biases[1], arrays["b2"])


@pytest.mark.parametrize(
    ("arrays", "words"),
    [
        ({"W1": np.zeros((3, 4)), "b1": np.zeros(3), "W2": np.zeros((4, 2)), "b2": np.zeros(4)}, ("W2 is 4×2 but W1 is 3×4", "needs 3 columns")),
        ({"W1": np.zeros((3, 4)), "b1": np.zeros(2)}, ("b1 has shape 2 but W1 is 3×4",)),
        ({"W1": np.zeros((3, 4)), "b1": np.zeros(3), "W3": np.zeros((4, 3)), "b3": np.zeros(4)}, ("no W2",)),
        ({"W1": np.zeros((3, 4))}, ("no b1",)),
        ({"W1": np.zeros((3, 4)), "b1": np.zeros(3), "b2": np.zeros(3)}, ("b2 but no W2",)),
        ({"W1": np.zeros((3, 4)), "b1": np.zeros(3), "extra": np.zeros(1)}, ("unexpected array 'extra'",)),
        ({"b1": np.zeros(3)}, ("no weight matrices",)),
        ({"W1": np.zeros(3), "b1": np.zeros(3)}, ("W1 must be 2-D",)),
        ({"W1": np.zeros((3, 4)), "b1": np.zeros((3, 1))}, ("b1 must be 1-D",)),
        ({"W1": np.full((3, 4), np.nan), "b1": np.zeros(3)}, ("W1 has 12 non-finite values",)),
        ({"W1": np.zeros((3, 4), dtype=complex), "b1": np.zeros(3)}, ("W1 is complex",)),
        ({"W1": np.zeros((3, 4)), "b1": np.array([None] * 3, dtype=object)}, ("pickled",)),
    ],
)  # fmt: skip
def test_bad_models(tmp_path: Path, arrays: dict[str, np.ndarray], words: tuple[str, ...]) -> None:
    np.savez(tmp_path / "m.npz", **arrays)
    _refused(lambda: load_model(tmp_path / "m.npz", "--model"), "--model", *words)


def test_model_must_be_npz(tmp_path: Path) -> None:
    np.save(tmp_path / "m.npy", np.zeros((2, 2)))
    _refused(lambda: load_model(tmp_path / "m.npy", "--model"), "--model", "expected a .npz file")
    _refused(lambda: load_model(tmp_path / "none.npz", "--model"), "--model", "does not exist")


# ---------------------------------------------------------------------------------------------
# save_array


def test_save_round_trip_and_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "r.npy"
    save_array(path, np.arange(4.0).reshape(2, 2), "--out")
    save_array(path, np.ones((2, 3), dtype=np.float32), "--out")
    loaded = np.load(path, allow_pickle=False)
    assert loaded.dtype == np.float32
    assert loaded.tolist() == [[1, 1, 1], [1, 1, 1]]


def test_save_refusals(tmp_path: Path) -> None:
    _refused(
        lambda: save_array(tmp_path / "no" / "r.npy", np.zeros(2), "--out"),
        "--out",
        "does not exist",
    )
    _refused(
        lambda: save_array(tmp_path / "r.csv", np.zeros(2), "--out"), "--out", "must be a .npy file"
    )
    (tmp_path / "d.npy").mkdir()
    _refused(lambda: save_array(tmp_path / "d.npy", np.zeros(2), "--out"), "--out", "is a folder")
    assert not (tmp_path / "r.csv").exists()
