"""aecalc: an autoencoder calculator that shows every step of the hand computation.

The Python API mirrors the command line::

    >>> from aecalc import count_params, classify
    >>> count_params([10, 8, 4]).total_params
    254
    >>> classify(50, 80).kind
    'overcomplete'

The names below load on first use (PEP 562), so ``import aecalc`` — which every command's
start-up does — costs nothing for commands that never count parameters. Imported inside IPython
or Jupyter, aecalc shows results as their printouts (:mod:`aecalc.render.notebook`).
"""

from __future__ import annotations

import sys
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


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext aecalc``: results display as their printouts in IPython and Jupyter."""
    from aecalc.render.notebook import register

    register(ipython)


def _notebook_display() -> None:
    """Imported inside IPython (a Jupyter kernel), aecalc registers its displays at once."""
    ipython = sys.modules.get("IPython")
    shell = getattr(ipython, "get_ipython", lambda: None)()
    if shell is not None:
        load_ipython_extension(shell)


_notebook_display()
