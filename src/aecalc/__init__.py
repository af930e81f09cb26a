"""aecalc: an autoencoder calculator that shows every step of the hand computation.

The Python API mirrors the command line::

    >>> from aecalc import count_params, classify
    >>> count_params([10, 8, 4]).total_params
    254
    >>> classify(50, 80).kind
    'overcomplete'

The names below load on first use (PEP 562), so ``import aecalc`` — which every command's
start-up does — costs nothing for commands that never count parameters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aecalc.errors import InputError
    from aecalc.nets.architecture import (
        Classification,
        DenseLayer,
        ParamCount,
        classify,
        count_params,
    )

__version__ = "0.1.0"

__all__ = [
    "Classification",
    "DenseLayer",
    "InputError",
    "ParamCount",
    "__version__",
    "classify",
    "count_params",
]

_LAZY = {
    "Classification": "aecalc.nets.architecture",
    "DenseLayer": "aecalc.nets.architecture",
    "ParamCount": "aecalc.nets.architecture",
    "classify": "aecalc.nets.architecture",
    "count_params": "aecalc.nets.architecture",
    "InputError": "aecalc.errors",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'aecalc' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
