"""Saving batch results: x̂ as ``.npy`` (whole, or row chunk by row chunk) and trained weights
as ``.npz``, never pickled, each through :class:`aecalc.values.writing.Staged`.

API (``aecalc/commands/forward.py`` and ``aecalc/commands/train.py`` code against it)
------------------------------------------------------------------------------------
``save_array(path, array, argument) -> None``
    One array as ``.npy`` (``path`` must end in ``.npy``; its folder must exist).

``OutputArray(path, shape, dtype, argument)``
    A context manager giving a memory-mapped ``.npy`` array to fill chunk by chunk.

``check_model_path(path, argument="--out") -> Path``, ``save_model(path, weights, biases,
argument="--out") -> Path``
    ``W1, b1, W2, b2, …`` in the ``--model`` layout, checked before training and saved after.

What is at the output name decides how it is written, as for ``--output``: a missing name or a
regular file gets the finished file by a link or an atomic rename (an existing file is replaced:
these options have no ``--force``), a character device or a FIFO is written through, a folder,
block device, socket or symbolic link to a file is refused (:func:`aecalc.values.writing.target`).
The temporary file is exclusive and unpredictably named, so nothing planted beside the target
is ever written through, and two runs never share it.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt

from aecalc.errors import InputError
from aecalc.values.writing import Staged, target

FloatArray = npt.NDArray[np.float64]


def _named(path: str | Path, argument: str, suffix: str, wrong: str) -> Path:
    """``path`` if it ends in ``suffix``; ``wrong`` says what the output must be otherwise."""
    file = Path(path)
    if file.suffix.lower() != suffix:
        shown = f"'{file.suffix}'" if file.suffix else "no extension"
        raise InputError(argument, f"{file} has {shown}; {wrong}")
    return file


def _npy_path(path: str | Path, argument: str) -> Path:
    file = _named(path, argument, ".npy", "the output must be a .npy file")
    return target(file, argument, force=True).path


def save_array(path: str | Path, array: npt.ArrayLike, argument: str) -> None:
    """Write one array as .npy (no pickling); the folder must already exist."""
    with Staged(_npy_path(path, argument), argument, force=True) as stream:
        np.save(stream, np.asarray(array), allow_pickle=False)


def check_model_path(path: str | Path, argument: str = "--out") -> Path:
    """An output .npz path, checked before any work: the suffix, the name and its folder."""
    file = _named(path, argument, ".npz", "the weights are saved as an .npz (W1, b1, …)")
    return target(file, argument, force=True).path


def save_model(
    path: str | Path,
    weights: Sequence[FloatArray],
    biases: Sequence[FloatArray],
    argument: str = "--out",
) -> Path:
    """W1, b1, W2, b2, … in the ``--model`` layout (an existing file is replaced only by a
    complete one; nothing is pickled)."""
    file = check_model_path(path, argument)
    arrays = {}
    for k, (w, b) in enumerate(zip(weights, biases, strict=True), start=1):
        arrays[f"W{k}"] = np.ascontiguousarray(w, dtype=np.float64)
        arrays[f"b{k}"] = np.ascontiguousarray(b, dtype=np.float64)
    with Staged(file, argument, force=True) as stream:
        np.savez(stream, allow_pickle=False, **arrays)
    return file


def _mapped(stream: IO[bytes], shape: tuple[int, ...], dtype: np.dtype[Any]) -> np.memmap[Any, Any]:
    """A ``.npy`` header, then every block the data will take reserved (``posix_fallocate``),
    then the data memory-mapped — all on the open temporary file, never reopened by name."""
    np.lib.format.write_array_header_1_0(
        stream,
        {"descr": np.lib.format.dtype_to_descr(dtype), "fortran_order": False, "shape": shape},
    )
    stream.flush()
    offset = stream.tell()
    size = offset + math.prod(shape) * dtype.itemsize
    allocate = getattr(os, "posix_fallocate", None)
    if allocate is not None:
        allocate(stream.fileno(), 0, size)
    return np.memmap(stream, dtype=dtype, mode="r+", offset=offset, shape=shape)


class OutputArray:
    """A .npy file written in place, row chunk by row chunk, through a memory map.

    Used as a context manager: the data goes to a temporary file (:class:`Staged`) that takes
    ``path`` only when the block ends without an error (so an input memory-mapped from the same
    path is never truncated under the reader, and a failed run leaves no half-written file).

    The temporary file's blocks are reserved (``posix_fallocate``) before anything is mapped:
    a full disk is an ``InputError`` at the start, not a SIGBUS in the middle of a write to a
    sparse mapping. A result holding NaN or ±inf (the arithmetic overflowed float64) is refused
    rather than written.
    """

    def __init__(self, path: str | Path, shape: tuple[int, ...], dtype: Any, argument: str):
        self.file = _npy_path(path, argument)
        self.argument = argument
        self.staged = Staged(self.file, argument, force=True)
        try:
            self.array: npt.NDArray[Any] = _mapped(self.staged.stream, shape, np.dtype(dtype))
        except OSError as error:
            self.staged.discard()
            raise self.staged.failure(error) from None

    def __enter__(self) -> npt.NDArray[Any]:
        return self.array

    def _unmap(self) -> None:
        mapping = getattr(self.array, "_mmap", None)
        if mapping is not None:
            mapping.close()
        del self.array

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if kind is not None:
            self._unmap()
            self.staged.discard()
            return
        problem = _non_finite(self.array)
        if problem is not None:
            self._unmap()
            self.staged.discard()
            raise InputError(
                self.argument,
                f"the results {problem}: the arithmetic overflowed float64 (scale the data or "
                f"the weights down); nothing was written to {self.file}",
            )
        try:
            if isinstance(self.array, np.memmap):
                self.array.flush()
        except OSError as failure:
            self._unmap()
            self.staged.discard()
            raise self.staged.failure(failure) from None
        self._unmap()
        self.staged.commit()


def _non_finite(array: npt.NDArray[Any]) -> str | None:
    """Where ``array`` first holds NaN or ±inf (checked a block of rows at a time), or None."""
    if array.dtype.kind != "f" or array.size == 0:
        return None
    rows = array.reshape(array.shape[0], -1) if array.ndim > 1 else array.reshape(-1, 1)
    step = max(1, (1 << 22) // max(1, rows.shape[1]))
    for start in range(0, rows.shape[0], step):
        block = rows[start : start + step]
        bad = ~np.isfinite(block)
        if bad.any():
            row, column = (int(i) for i in np.argwhere(bad)[0])
            return f"hold non-finite values (first: {block[row, column]} in row {start + row + 1})"
    return None
