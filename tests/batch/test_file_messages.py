"""What a data file's error line says: short whatever the file holds, and naming the real
problem (a record dtype is not a pickle; a CSV cell NumPy cannot read is named)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aecalc.batch.data import load_samples
from aecalc.errors import InputError
from cli import run_error


def refused(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        load_samples(path, "--x")
    return str(caught.value)


def test_an_npz_of_two_thousand_arrays_is_cut(tmp_path: Path) -> None:
    """The line used to list every name: 149,016 characters for the 20,000 arrays reported (2,000
    make the same point in a tenth of the time: writing the archive was most of this test)."""
    many = tmp_path / "many.npz"
    np.savez(many, **{f"a{i}": np.zeros(1) for i in range(2_000)})
    assert refused(many) == (
        f"--x: {many} holds 2,000 arrays (a0, a1, a10, a100, a1000, … (2,000 in all)); give "
        "an .npz with one array, or name the samples 'x'"
    )


def test_long_array_names_are_cut(tmp_path: Path) -> None:
    model = tmp_path / "m.npz"
    np.savez(model, W1=np.eye(2), b1=np.zeros(2), **{"z" * 5_000: np.zeros(1)})
    line = run_error("forward", "--model", str(model), "--x", "1,0;0,1")
    assert len(line) < 300 and "zzzzzzzzzzzzzzzzzzzz…" in line


@pytest.mark.parametrize("fields", [1, 20, 2_000])
def test_a_record_dtype_is_named_as_such_not_as_a_pickle(tmp_path: Path, fields: int) -> None:
    """2,000 fields make a header NumPy will not read (its message names allow_pickle): that
    is not a pickle either."""
    dtype = np.dtype([(f"f{i}", "f8") for i in range(fields)])
    for suffix in (".npy", ".npz"):
        path = tmp_path / f"rec{suffix}"
        if suffix == ".npy":
            np.save(path, np.zeros(3, dtype=dtype))
        else:
            np.savez(path, x=np.zeros(3, dtype=dtype))
        line = refused(path)
        assert "pickle" not in line, line
        assert len(line) < 300, line
        if fields < 100:
            plural = "s" if fields != 1 else ""
            assert f"has a record dtype of {fields} field{plural}, which is not numeric" in line
        else:
            assert "has an array header of" in line and "a record dtype of many fields?" in line


@pytest.mark.parametrize("cell", ["1_000", "٣", "0x10", "1e", "--1"])
def test_a_csv_cell_numpy_cannot_read_is_named(tmp_path: Path, cell: str) -> None:
    """``float()`` reads ``1_000`` (and Arabic-Indic digits); NumPy's CSV reader does not, and
    the line used to say only 'could not be read as comma-separated numbers'."""
    path = tmp_path / "u.csv"
    path.write_text(f"1,2\n{cell},3\n", encoding="utf-8")
    assert refused(path) == (
        f"--x: {path} line 2, column 1: {cell!r} is not a number (separate the values with commas)"
    )


def test_csv_numbers_numpy_reads_still_pass(tmp_path: Path) -> None:
    path = tmp_path / "ok.csv"
    path.write_text("1e5, -.5\n+3., 4E-2\n", encoding="utf-8")
    assert load_samples(path, "--x").tolist() == [[1e5, -0.5], [3.0, 0.04]]
