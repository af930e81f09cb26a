"""The activations of the course notes, exact (SymPy) and in floating point (NumPy).

``sigmoid``, ``tanh``, ``relu``, ``leaky_relu`` (slope 0.01 below zero), ``elu``
(α = 1), ``linear`` and ``softmax`` (over the whole layer). Names and parsing need
neither NumPy nor SymPy; :func:`exact` imports SymPy and :func:`apply` NumPy when
called. The float forms are the numerically stable ones: no overflow warning for
any finite input (the sigmoid uses e^(−|a|), softmax subtracts the maximum).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from aecalc.errors import InputError
from aecalc.values.quantity import sign

if TYPE_CHECKING:
    from numpy.typing import NDArray

NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "linear", "softmax")
LEAKY_SLOPE = Fraction(1, 100)
ELU_ALPHA = 1

SYMBOL = {
    "sigmoid": "σ",
    "tanh": "tanh",
    "relu": "ReLU",
    "leaky_relu": "LeakyReLU",
    "elu": "ELU",
    "linear": "id",
    "softmax": "softmax",
}
DEFINITION = {
    "sigmoid": "σ(a) = 1/(1 + e^(−a))",
    "tanh": "tanh(a) = (e^a − e^(−a))/(e^a + e^(−a))",
    "relu": "ReLU(a) = max(0, a)",
    "leaky_relu": "LeakyReLU(a) = a if a > 0 else 0.01·a",
    "elu": "ELU(a) = a if a > 0 else e^a − 1 (α = 1)",
    "linear": "id(a) = a (no activation)",
    "softmax": "softmax(a)_i = e^(a_i) / Σ_j e^(a_j)",
}
_ALIASES = {
    "logistic": "sigmoid",
    "sigma": "sigmoid",
    "leaky": "leaky_relu",
    "leakyrelu": "leaky_relu",
    "leaky-relu": "leaky_relu",
    "identity": "linear",
    "none": "linear",
}


def parse_activations(text: str, layers: int, argument: str = "--act") -> tuple[str, ...]:
    """``sigmoid`` for every layer, or ``relu,sigmoid`` one per layer (exactly ``layers`` names)."""
    names = [part.strip().lower() for part in text.split(",")]
    if any(not name for name in names):
        raise InputError(argument, f"an activation name is empty in {text!r}")
    resolved: list[str] = []
    for given in names:
        name = _ALIASES.get(given, given)
        if name not in NAMES:
            raise InputError(
                argument, f"unknown activation {given!r} (choose from {', '.join(NAMES)})"
            )
        resolved.append(name)
    if len(resolved) == 1:
        return tuple(resolved) * layers
    if len(resolved) != layers:
        raise InputError(
            argument,
            f"gives {len(resolved)} activations but the net has {layers} layers "
            "(give one name for all layers, or one per layer)",
        )
    return tuple(resolved)


def exact(name: str, values: tuple[Any, ...]) -> tuple[Any, ...]:
    """The activation of a layer's exact pre-activations (SymPy values in, SymPy values out)."""
    import sympy

    if name == "linear":
        return values
    if name == "sigmoid":
        return tuple(1 / (1 + sympy.exp(-v)) for v in values)
    if name == "tanh":
        return tuple(sympy.tanh(v) for v in values)
    if name == "relu":
        return tuple(v if sign(v) > 0 else sympy.Integer(0) for v in values)
    if name == "leaky_relu":
        slope = sympy.Rational(LEAKY_SLOPE.numerator, LEAKY_SLOPE.denominator)
        return tuple(v if sign(v) > 0 else slope * v for v in values)
    if name == "elu":
        return tuple(v if sign(v) > 0 else ELU_ALPHA * (sympy.exp(v) - 1) for v in values)
    if name == "softmax":
        exps = [sympy.exp(v) for v in values]
        total = sympy.Add(*exps)
        return tuple(e / total for e in exps)
    raise ValueError(f"unknown activation {name!r}")


def apply(name: str, a: NDArray[Any], out: NDArray[Any] | None = None) -> NDArray[Any]:
    """The activation in floating point, row-wise for a 2-D array (one sample per row).

    With ``out`` (which may be ``a`` itself) the result is written there.
    """
    import numpy as np

    if out is None:
        out = np.empty_like(a)
    if name == "sigmoid":
        e = np.exp(-np.abs(a))  # e^(−|a|) ≤ 1: never overflows
        positive = a >= 0
        np.divide(1.0, 1.0 + e, out=out, where=positive)
        np.divide(e, 1.0 + e, out=out, where=~positive)
    elif name == "tanh":
        np.tanh(a, out=out)
    elif name == "relu":
        np.maximum(a, 0, out=out)
    elif name == "leaky_relu":
        np.copyto(out, np.where(a > 0, a, float(LEAKY_SLOPE) * a))
    elif name == "elu":
        np.copyto(out, np.where(a > 0, a, ELU_ALPHA * np.expm1(np.minimum(a, 0))))
    elif name == "softmax":
        np.exp(a - np.max(a, axis=-1, keepdims=True), out=out)
        out /= np.sum(out, axis=-1, keepdims=True)
    elif name == "linear":
        if out is not a:
            np.copyto(out, a)
    else:
        raise ValueError(f"unknown activation {name!r}")
    return out
