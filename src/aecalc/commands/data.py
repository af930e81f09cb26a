"""Reading ``--x`` for ``train`` and ``pca``: a matrix typed in (exact) or a data file (float64)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aecalc.values.parse import Matrix

_FILE_SUFFIXES = (".npy", ".npz", ".csv")


def is_file(text: str) -> bool:
    """A data file (by its extension, or because it exists) rather than a matrix typed in."""
    if text.strip().lower().endswith(_FILE_SUFFIXES):
        return True
    try:
        return Path(text).is_file()
    except OSError:  # a name too long for a file: it is a matrix (or a typo)
        return False


def read_data(text: str, argument: str) -> tuple[Matrix | None, Any]:
    """(exact rows, None) for a matrix typed in; (None, float64 array) for a file."""
    if is_file(text):
        from aecalc.batch import data

        return None, data.load_samples(Path(text), argument)
    from aecalc.values.parse import parse_matrix

    return parse_matrix(text, argument), None
