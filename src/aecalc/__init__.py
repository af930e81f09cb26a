"""aecalc: an autoencoder calculator that shows every step of the hand computation.

The Python API mirrors the command line::

    >>> from aecalc import count_params, classify
    >>> count_params([10, 8, 4]).total_params
    254
    >>> classify(50, 80).kind
    'overcomplete'
"""

from aecalc.architecture import Classification, DenseLayer, ParamCount, classify, count_params
from aecalc.errors import InputError

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
