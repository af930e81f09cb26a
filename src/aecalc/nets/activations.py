"""The activations of the course notes: one :class:`Activation` record each, holding everything.

``sigmoid``, ``tanh``, ``relu``, ``leaky_relu`` (slope 0.01 below zero), ``elu``
(α = 1), ``linear`` and ``softmax`` (over the whole layer). Each entry of
:data:`ACTIVATIONS` has its names and texts, the exact (SymPy) form, the derivative
(written once, in any :mod:`~aecalc.nets.arith` arithmetic), the NumPy form and its
vector-Jacobian product, and the in-place kernel of the batch engine. Adding an
activation is one entry here; everything else (choices, help, printouts, backprop,
the batch engine, the practice bank) reads this table.

Importing this module imports neither NumPy nor SymPy: the forms import them when called.
The NumPy forms are the numerically stable ones: no overflow warning for any finite input
(the sigmoid uses e^(−|a|), softmax subtracts the maximum).

>>> import numpy as np
>>> act = ACTIVATIONS["sigmoid"]
>>> a = np.array([[0.0, 2.0]])
>>> h = act.numpy(a)
>>> act.numpy_vjp(a, h, np.ones_like(a)).round(4).tolist()
[[0.25, 0.105]]
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from aecalc.errors import InputError
from aecalc.nets.arith import ARRAYS, Arith
from aecalc.record import Record
from aecalc.values.quantity import Value

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Array = NDArray[Any]

LEAKY_SLOPE = Fraction(1, 100)
ELU_ALPHA = 1

Values = tuple[Value, ...]


class Activation(Record):
    """Everything about one activation function.

    ``prime(arith, a, h)`` is act′ at pre-activation ``a`` with output ``h = act(a)``, element
    by element, in any arithmetic (None for softmax, whose outputs are coupled: then
    ``coupled_vjp(arith, h, g)`` gives δ = J(a)ᵀg for one sample). ``numpy(a)`` is the
    activation row-wise on a 2-D float64 array (one sample per row); ``numpy_vjp(a, h, g)`` is
    g ⊙ act′(a) (softmax: the Jacobian applied, row by row). ``in_place(block)`` is the batch
    engine's kernel; ``in_place_negated``, where given, takes −a instead of a (the engine then
    negates W and b once, saving a pass).
    """

    name: str
    symbol: str
    tex: str
    definition: str
    derivative: str
    transcendental: bool  # e^a inside: closed forms need limits.layer_problem's checks
    exact: Callable[[Values], Values]
    prime: Callable[[Arith, Value, Value], Value] | None
    numpy: Callable[[Array], Array]
    numpy_vjp: Callable[[Array, Array, Array], Array]
    in_place: Callable[[Array], None]
    in_place_negated: Callable[[Array], None] | None = None
    coupled_vjp: Callable[[Arith, Values, Values], Values] | None = None
    aliases: tuple[str, ...] = ()
    kink_note: str | None = None  # the convention at a kink, said under a gradient step
    definition_tex: str = ""  # the definition in TeX, for typeset printouts

    def of_negated(self) -> Activation | None:
        """This activation taking −a (its ``in_place`` is ``in_place_negated``), where it has
        such a kernel: the batch engine then negates W and b once instead of every a."""
        if self.in_place_negated is None:
            return None
        fields = {name: getattr(self, name) for name in self._fields}
        return Activation(
            **(fields | {"in_place": self.in_place_negated, "in_place_negated": None})
        )

    @property
    def whole_layer(self) -> bool:
        """True where each output depends on the whole layer's pre-activations (softmax)."""
        return self.coupled_vjp is not None


def _elementwise_vjp(
    prime: Callable[[Arith, Value, Value], Value],
) -> Callable[[Array, Array, Array], Array]:
    """g ⊙ act′(a) on arrays, from the one derivative."""

    def vjp(a: Array, h: Array, g: Array) -> Array:
        result: Array = g * prime(ARRAYS, a, h)
        return result

    return vjp


# ---------------------------------------------------------------- sigmoid


def _sigmoid_exact(values: Values) -> Values:
    import sympy

    return tuple(1 / (1 + sympy.exp(-v)) for v in values)


def _sigmoid_prime(ar: Arith, a: Value, h: Value) -> Value:
    return h * (ar.constant(1) - h)


def _sigmoid_numpy(a: Array) -> Array:
    import numpy as np

    out = np.empty_like(a)
    e = np.exp(-np.abs(a))  # e^(−|a|) ≤ 1: never overflows
    positive = a >= 0
    np.divide(1.0, 1.0 + e, out=out, where=positive)
    np.divide(e, 1.0 + e, out=out, where=~positive)
    return out


def _sigmoid_in_place(h: Array) -> None:
    import numpy as np

    np.negative(h, out=h)
    _sigmoid_of_negated(h)


def _sigmoid_of_negated(h: Array) -> None:
    """σ(t) given h = −t: 1 / (1 + e^(−t)), the textbook formula's operations in its order.

    e^(−t) overflows to inf for t < −709, and then 1 / (1 + inf) = 0 is the correctly rounded
    answer; it underflows to 0 for large t, and 1 / (1 + 0) = 1 is right too (the engine runs
    with over/under ignored). −(x·Wᵀ + b) = x·(−W)ᵀ + (−b) holds bit for bit, so the engine's
    negated weights change no bit; 1.0 / v is the same division as np.reciprocal, but faster.
    """
    import numpy as np

    np.exp(h, out=h)
    h += 1.0
    np.divide(1.0, h, out=h)


# ---------------------------------------------------------------- tanh


def _tanh_exact(values: Values) -> Values:
    import sympy

    return tuple(sympy.tanh(v) for v in values)


def _tanh_prime(ar: Arith, a: Value, h: Value) -> Value:
    return ar.constant(1) - h * h


def _tanh_numpy(a: Array) -> Array:
    import numpy as np

    result: Array = np.tanh(a)
    return result


def _tanh_in_place(h: Array) -> None:
    import numpy as np

    np.tanh(h, out=h)


# ---------------------------------------------------------------- relu and leaky_relu


def _positive_part(slope: Fraction | int) -> Callable[[Values], Values]:
    def exact(values: Values) -> Values:
        from aecalc.values.quantity import is_fraction, sign

        if all(is_fraction(v) for v in values):  # rationals stay Fractions: no SymPy
            return tuple(v if v > 0 else slope * v for v in values)
        from aecalc.values.exact import rational

        factor = rational(slope)
        return tuple(v if sign(v) > 0 else factor * v for v in values)

    return exact


def _relu_prime(ar: Arith, a: Value, h: Value) -> Value:
    return ar.if_positive(a, ar.constant(1), ar.constant(0))


def _relu_numpy(a: Array) -> Array:
    import numpy as np

    result: Array = np.maximum(a, 0)
    return result


def _relu_in_place(h: Array) -> None:
    import numpy as np

    np.maximum(h, 0.0, out=h)


def _leaky_prime(ar: Arith, a: Value, h: Value) -> Value:
    return ar.if_positive(a, ar.constant(1), ar.constant(LEAKY_SLOPE))


def _leaky_numpy(a: Array) -> Array:
    import numpy as np

    result: Array = np.where(a > 0, a, float(LEAKY_SLOPE) * a)
    return result


def _leaky_in_place(h: Array) -> None:
    import numpy as np

    np.multiply(h, float(LEAKY_SLOPE), out=h, where=h < 0.0)


# ---------------------------------------------------------------- elu


def _elu_exact(values: Values) -> Values:
    import sympy

    from aecalc.values.quantity import sign

    return tuple(v if sign(v) > 0 else ELU_ALPHA * (sympy.exp(v) - 1) for v in values)


def _elu_prime(ar: Arith, a: Value, h: Value) -> Value:
    return ar.if_positive(a, ar.constant(1), h + ar.constant(ELU_ALPHA))  # α·e^a = h + α


def _elu_numpy(a: Array) -> Array:
    import numpy as np

    result: Array = np.where(a > 0, a, ELU_ALPHA * np.expm1(np.minimum(a, 0)))
    return result


def _elu_in_place(h: Array) -> None:
    import numpy as np

    np.expm1(h, out=h, where=h < 0.0)  # α = 1


# ---------------------------------------------------------------- linear


def _linear_exact(values: Values) -> Values:
    return values


def _linear_prime(ar: Arith, a: Value, h: Value) -> Value:
    return ar.constant(1)


def _linear_numpy(a: Array) -> Array:
    return a.copy()


def _linear_in_place(h: Array) -> None:
    return


# ---------------------------------------------------------------- softmax


def _softmax_exact(values: Values) -> Values:
    import sympy

    exps = [sympy.exp(v) for v in values]
    total = sympy.Add(*exps)
    return tuple(e / total for e in exps)


def _softmax_coupled_vjp(ar: Arith, h: Values, g: Values) -> Values:
    """δ_i = Σ_k g_k ∂h_k/∂a_i = h_i (g_i − g·h), since ∂h_k/∂a_i = h_k(1[k = i] − h_i)."""
    dot = sum((gk * hk for gk, hk in zip(g, h, strict=True)), ar.constant(0))
    return tuple(hi * (gi - dot) for gi, hi in zip(g, h, strict=True))


def _softmax_numpy(a: Array) -> Array:
    import numpy as np

    out: Array = np.exp(a - np.max(a, axis=-1, keepdims=True))
    out /= np.sum(out, axis=-1, keepdims=True)
    return out


def _softmax_numpy_vjp(a: Array, h: Array, g: Array) -> Array:
    import numpy as np

    result: Array = h * (g - np.sum(g * h, axis=-1, keepdims=True))
    return result


def _softmax_in_place(h: Array) -> None:
    import numpy as np

    h -= h.max(axis=1, keepdims=True)
    np.exp(h, out=h)
    h /= h.sum(axis=1, keepdims=True)


# ---------------------------------------------------------------- the registry

ACTIVATIONS: dict[str, Activation] = {
    act.name: act
    for act in (
        Activation(
            name="sigmoid",
            symbol="σ",
            tex=r"\sigma",
            definition="σ(a) = 1/(1 + e^(−a))",
            definition_tex=r"\sigma(a) = \frac{1}{1 + e^{-a}}",
            derivative="σ′(a) = σ(a)(1 − σ(a)) = h(1 − h)",
            transcendental=True,
            exact=_sigmoid_exact,
            prime=_sigmoid_prime,
            numpy=_sigmoid_numpy,
            numpy_vjp=_elementwise_vjp(_sigmoid_prime),
            in_place=_sigmoid_in_place,
            in_place_negated=_sigmoid_of_negated,
            aliases=("logistic", "sigma"),
        ),
        Activation(
            name="tanh",
            symbol="tanh",
            tex=r"\tanh",
            definition="tanh(a) = (e^a − e^(−a))/(e^a + e^(−a))",
            definition_tex=r"\tanh(a) = \frac{e^{a} - e^{-a}}{e^{a} + e^{-a}}",
            derivative="tanh′(a) = 1 − h²",
            transcendental=True,
            exact=_tanh_exact,
            prime=_tanh_prime,
            numpy=_tanh_numpy,
            numpy_vjp=_elementwise_vjp(_tanh_prime),
            in_place=_tanh_in_place,
        ),
        Activation(
            name="relu",
            symbol="ReLU",
            tex=r"\operatorname{ReLU}",
            definition="ReLU(a) = max(0, a)",
            definition_tex=r"\operatorname{ReLU}(a) = \max(0, a)",
            derivative="ReLU′(a) = 1 if a > 0 else 0",
            transcendental=False,
            exact=_positive_part(0),
            prime=_relu_prime,
            numpy=_relu_numpy,
            numpy_vjp=_elementwise_vjp(_relu_prime),
            in_place=_relu_in_place,
            kink_note="ReLU′(0) is taken as 0 (PyTorch's convention).",
        ),
        Activation(
            name="leaky_relu",
            symbol="LeakyReLU",
            tex=r"\operatorname{LeakyReLU}",
            definition="LeakyReLU(a) = a if a > 0 else 0.01·a",
            definition_tex=r"\operatorname{LeakyReLU}(a) = a \text{ if } a > 0 \text{, else } 0.01 \cdot a",
            derivative="LeakyReLU′(a) = 1 if a > 0 else 0.01",
            transcendental=False,
            exact=_positive_part(LEAKY_SLOPE),
            prime=_leaky_prime,
            numpy=_leaky_numpy,
            numpy_vjp=_elementwise_vjp(_leaky_prime),
            in_place=_leaky_in_place,
            aliases=("leaky", "leakyrelu", "leaky-relu"),
        ),
        Activation(
            name="elu",
            symbol="ELU",
            tex=r"\operatorname{ELU}",
            definition="ELU(a) = a if a > 0 else e^a − 1 (α = 1)",
            definition_tex=r"\operatorname{ELU}(a) = a \text{ if } a > 0 \text{, else } e^{a} - 1 \quad (\alpha = 1)",
            derivative="ELU′(a) = 1 if a > 0 else e^a = h + 1",
            transcendental=True,
            exact=_elu_exact,
            prime=_elu_prime,
            numpy=_elu_numpy,
            numpy_vjp=_elementwise_vjp(_elu_prime),
            in_place=_elu_in_place,
        ),
        Activation(
            name="linear",
            symbol="id",
            tex=r"\operatorname{id}",
            definition="id(a) = a (no activation)",
            definition_tex=r"\operatorname{id}(a) = a \quad \text{(no activation)}",
            derivative="id′(a) = 1",
            transcendental=False,
            exact=_linear_exact,
            prime=_linear_prime,
            numpy=_linear_numpy,
            numpy_vjp=_elementwise_vjp(_linear_prime),
            in_place=_linear_in_place,
            aliases=("identity", "none"),
        ),
        Activation(
            name="softmax",
            symbol="softmax",
            tex=r"\operatorname{softmax}",
            definition="softmax(a)_i = e^(a_i) / Σ_j e^(a_j)",
            definition_tex=r"\operatorname{softmax}(a)_i = \frac{e^{a_i}}{\sum_j e^{a_j}}",
            derivative="∂h_i/∂a_k = h_i(1[i = k] − h_k), so δ = h ⊙ (g − g·h)",
            transcendental=True,
            exact=_softmax_exact,
            prime=None,
            numpy=_softmax_numpy,
            numpy_vjp=_softmax_numpy_vjp,
            in_place=_softmax_in_place,
            coupled_vjp=_softmax_coupled_vjp,
        ),
    )
}
NAMES = tuple(ACTIVATIONS)
_ALIASES = {alias: act.name for act in ACTIVATIONS.values() for alias in act.aliases}


def choices_text() -> str:
    """``sigmoid, tanh, …, linear or softmax`` — the names for help texts."""
    return ", ".join(NAMES[:-1]) + f" or {NAMES[-1]}"


def parse_activations(text: str, layers: int, argument: str = "--act") -> tuple[str, ...]:
    """``sigmoid`` for every layer, or ``relu,sigmoid`` one per layer (exactly ``layers`` names)."""
    names = [part.strip().lower() for part in text.split(",")]
    if any(not name for name in names):
        raise InputError(argument, f"an activation name is empty in {text!r}")
    resolved: list[str] = []
    for given in names:
        name = _ALIASES.get(given, given)
        if name not in ACTIVATIONS:
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
