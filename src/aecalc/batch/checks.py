"""The checks a batch forward pass runs before any arithmetic: dtype, net shapes, activation names.

Each raises :class:`~aecalc.errors.InputError` naming the argument (``--dtype``, ``--model``,
``--act``) and, for shapes, both shapes. :mod:`aecalc.batch.engine` re-exports them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from aecalc.errors import InputError
from aecalc.nets.activations import NAMES

_DTYPES: dict[str, np.dtype[Any]] = {
    "float64": np.dtype(np.float64),
    "float32": np.dtype(np.float32),
}


def dtype_of(dtype: object) -> np.dtype[Any]:
    """``np.float64``/``np.float32``, their dtypes, or the names ``"float64"``/``"float32"``."""
    for name, resolved in _DTYPES.items():
        if dtype in (name, resolved) or dtype is resolved.type:
            return resolved
    raise InputError("--dtype", f"must be float64 or float32, not {dtype!r}")


def shape_text(shape: tuple[int, ...]) -> str:
    return "×".join(str(size) for size in shape) if shape else "a scalar"


def check_net(
    weights: Sequence[npt.ArrayLike], biases: Sequence[npt.ArrayLike], argument: str = "--model"
) -> tuple[int, ...]:
    """Check that the layers chain (W_k+1 has as many columns as W_k has rows, b_k matches W_k).

    Returns the architecture (input size, then each layer's output size). Raises ``InputError``
    naming both shapes on a mismatch.
    """
    if len(weights) == 0:
        raise InputError(argument, "has no layers (expected W1, b1, …)")
    if len(weights) != len(biases):
        raise InputError(
            argument, f"has {len(weights)} weight matrices but {len(biases)} bias vectors"
        )
    sizes: list[int] = []
    for k, (w, b) in enumerate(zip(weights, biases, strict=True), start=1):
        w_shape = np.shape(w)
        b_shape = np.shape(b)
        if len(w_shape) != 2 or 0 in w_shape:
            raise InputError(
                argument,
                f"W{k} must be a non-empty 2-D matrix (out × in), not {shape_text(w_shape)}",
            )
        if b_shape != (w_shape[0],):
            raise InputError(
                argument,
                f"b{k} has shape {shape_text(b_shape)} but W{k} is {shape_text(w_shape)} "
                f"(b{k} needs {w_shape[0]} values)",
            )
        if k == 1:
            sizes.append(w_shape[1])
        elif w_shape[1] != sizes[-1]:
            previous = np.shape(weights[k - 2])
            raise InputError(
                argument,
                f"W{k} is {shape_text(w_shape)} but W{k - 1} is {shape_text(previous)}: "
                f"W{k} needs {previous[0]} columns to take W{k - 1}'s {previous[0]} outputs",
            )
        sizes.append(w_shape[0])
    return tuple(sizes)


def check_activations(activations: Sequence[str] | str, layers: int) -> tuple[str, ...]:
    """One name per layer (a single name is used for every layer); unknown names are refused."""
    names = (activations,) if isinstance(activations, str) else tuple(activations)
    for name in names:
        if name not in NAMES:
            raise InputError(
                "--act", f"unknown activation {name!r} (use one of {', '.join(NAMES)})"
            )
    if len(names) == 1:
        return names * layers
    if len(names) != layers:
        raise InputError(
            "--act",
            f"gives {len(names)} activations but the net has {layers} layers (give 1 or {layers})",
        )
    return names
