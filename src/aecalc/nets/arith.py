"""The arithmetic a computation runs in: one small interface, four implementations.

The same formula — an activation's derivative, a loss and its gradient, a layer W·h + b → act,
one step of backpropagation — is written once against :class:`Arith` and runs in whichever
arithmetic the numbers are in:

- :data:`RATIONAL`: Python Fractions (``loss mse`` of rationals: neither SymPy nor NumPy);
- :data:`EXACT`: SymPy closed forms such as σ(1) = 1/(1 + e⁻¹), kept short by :meth:`keep`;
- :data:`FLOAT`: float64 for one sample (``--float``, big nets), vectors as tuples of floats;
- :data:`ARRAYS`: float64 NumPy arrays, one sample per row (the trainer and the batch engine).

Scalars: ``lift`` brings a given number into the arithmetic, ``constant`` makes a constant of
it, ``keep`` bounds a result (only :data:`EXACT` does anything there: a closed form longer than
:data:`MAX_NODES` becomes a 60-digit number), ``if_positive`` is the branch at a kink
(ReLU′ = 1 if a > 0 else 0) and ``log`` the natural logarithm.

Vectors and matrices (what :mod:`aecalc.nets.dense` builds its passes from): ``vector`` and
``matrix`` bring given values in (the float arithmetics are the one place where exact values
become float64, and a value beyond its range is an :class:`~aecalc.errors.InputError` naming the
argument), ``product`` is W·h, ``plus`` u + v, ``activate`` the activation, ``vjp`` δ = g ⊙ act′(a),
``outer`` δ·hᵀ (summed over the samples of a batch), ``bias_grad`` δ (summed likewise), ``back``
Wᵀδ, ``step`` W − η·G and ``transpose`` Wᵀ. :data:`ARRAYS` adds in place into the product it
has just made (a batch never needs W·h apart from W·h + b) and, asked with ``reuse``, applies an
activation in place.

Nothing here imports NumPy or SymPy until a method that needs it is called.

>>> RATIONAL.constant(1) / 3
Fraction(1, 3)
>>> FLOAT.if_positive(-2.0, 1.0, 0.0)
0.0
>>> from fractions import Fraction as F
>>> RATIONAL.product(((F(1), F(-1)), (F(0), F(1))), (F(1), F(0)))
(Fraction(1, 1), Fraction(0, 1))
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Protocol

from aecalc.values import quantity
from aecalc.values.quantity import Value

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Array = NDArray[Any]

MAX_NODES = 40
"""Closed forms longer than this (in SymPy nodes) are carried as 60-digit numbers by EXACT: the
forward pass's activations and every value of a backward pass alike. σ(σ(·)) of an exam's
2-layer net is about 15 nodes; a 4-layer net's output passes 40, where a closed form has stopped
helping anyone read it (and SymPy's work on it grows quickly)."""

Vec = Any
"""A vector in some arithmetic: a tuple of values, or an (n × d) array of n samples."""
Mat = Any
"""A matrix (units out × units in) in some arithmetic: a tuple of rows, or a 2-D array."""
Settled = tuple[Vec, str | None]
"""Values to carry on with, and why they were rounded to numbers (None when they were not)."""


class Elementwise(Protocol):
    """What an arithmetic needs of an activation (:class:`aecalc.nets.activations.Activation`)."""

    @property
    def transcendental(self) -> bool: ...
    @property
    def exact(self) -> Callable[[tuple[Value, ...]], tuple[Value, ...]]: ...
    @property
    def prime(self) -> Callable[[Arith, Value, Value], Value] | None: ...
    @property
    def coupled_vjp(
        self,
    ) -> Callable[[Arith, tuple[Value, ...], tuple[Value, ...]], tuple[Value, ...]] | None: ...
    @property
    def numpy(self) -> Callable[[Array], Array]: ...
    @property
    def numpy_vjp(self) -> Callable[[Array, Array, Array], Array]: ...
    @property
    def in_place(self) -> Callable[[Array], None]: ...
    @property
    def in_place_negated(self) -> Callable[[Array], None] | None: ...


class Arith(Protocol):
    """What a formula needs of its numbers, whatever they are."""

    @property
    def exact(self) -> bool:
        """True where results are closed forms (Fractions or SymPy), False for floats."""
        ...

    def lift(self, value: Value) -> Value:
        """A given number (Fraction, float or SymPy) in this arithmetic."""
        ...

    def constant(self, value: Fraction | int) -> Value:
        """A constant of a formula (1, ½, 0.01, n) in this arithmetic."""
        ...

    def keep(self, value: Value) -> Value:
        """The value to carry on with (EXACT: long closed forms become 60-digit numbers)."""
        ...

    def if_positive(self, a: Value, then: Value, otherwise: Value) -> Value:
        """``then`` where a > 0, else ``otherwise`` (element-wise for arrays)."""
        ...

    def log(self, value: Value) -> Value:
        """The natural logarithm."""
        ...

    def vector(
        self, values: Sequence[Value] | Array, argument: str = "--x", what: str = "a value"
    ) -> Vec:
        """Given values in this arithmetic (ARRAYS: as shaped; a batch is one sample per row);
        ``argument`` and ``what`` name a value beyond float64's range in the error."""
        ...

    def matrix(self, rows: Sequence[Sequence[Value]] | Array, argument: str = "--w") -> Mat:
        """A given matrix in this arithmetic."""
        ...

    def settle(self, h: Vec) -> Settled:
        """A layer's input, with values too long to carry on exactly made numbers (EXACT)."""
        ...

    def product(self, w: Mat, h: Vec) -> Vec:
        """W·h."""
        ...

    def plus(self, u: Vec, v: Vec) -> Vec:
        """u + v (ARRAYS: into u, which must be a product it made)."""
        ...

    def activate(self, act: Elementwise, a: Vec, reuse: bool = False) -> Settled:
        """act(a), and why values were rounded (EXACT); ``reuse``: a may be overwritten."""
        ...

    def vjp(self, act: Elementwise, a: Vec, h: Vec, g: Vec) -> tuple[Vec, Vec | None]:
        """(δ = g ⊙ act′(a), act′(a)); for a coupled activation (softmax) δ = J(a)ᵀg and None."""
        ...

    def outer(self, delta: Vec, h: Vec) -> Mat:
        """δ·hᵀ (summed over a batch's samples)."""
        ...

    def bias_grad(self, delta: Vec) -> Vec:
        """δ (summed over a batch's samples)."""
        ...

    def back(self, w: Mat, delta: Vec) -> Vec:
        """Wᵀδ: the gradient passed to the layer below."""
        ...

    def step(self, w: Mat | Vec, eta: Value, grad: Mat | Vec) -> Mat | Vec:
        """W − η·G, element by element (a matrix or a vector)."""
        ...

    def transpose(self, w: Mat) -> Mat:
        """Wᵀ."""
        ...


class _Tuples:
    """Vectors as tuples and matrices as tuples of rows, over a scalar arithmetic's numbers."""

    exact = True

    # the scalar operations each subclass defines
    def lift(self, value: Value) -> Value:
        raise NotImplementedError

    def constant(self, value: Fraction | int) -> Value:
        raise NotImplementedError

    def keep(self, value: Value) -> Value:
        raise NotImplementedError

    def vector(
        self, values: Sequence[Value] | Array, argument: str = "--x", what: str = "a value"
    ) -> Vec:
        return tuple(self.lift(v) for v in values)

    def matrix(self, rows: Sequence[Sequence[Value]] | Array, argument: str = "--w") -> Mat:
        return tuple(tuple(self.lift(w) for w in row) for row in rows)

    def settle(self, h: Vec) -> Settled:
        return h, None

    def product(self, w: Mat, h: Vec) -> Vec:
        zero = self.constant(0)
        return tuple(sum((wi * hi for wi, hi in zip(row, h, strict=True)), zero) for row in w)

    def plus(self, u: Vec, v: Vec) -> Vec:
        return tuple(a + b for a, b in zip(u, v, strict=True))

    def activate(self, act: Elementwise, a: Vec, reuse: bool = False) -> Settled:
        return tuple(act.exact(tuple(a))), None

    def vjp(self, act: Elementwise, a: Vec, h: Vec, g: Vec) -> tuple[Vec, Vec | None]:
        ar: Arith = self  # type: ignore[assignment]
        if act.prime is None:  # softmax couples its outputs: δ = J(a)ᵀ·g
            assert act.coupled_vjp is not None
            return tuple(self.keep(d) for d in act.coupled_vjp(ar, h, g)), None
        primes = tuple(self.keep(act.prime(ar, ai, hi)) for ai, hi in zip(a, h, strict=True))
        return tuple(self.keep(gi * p) for gi, p in zip(g, primes, strict=True)), primes

    def outer(self, delta: Vec, h: Vec) -> Mat:
        return tuple(tuple(self.keep(d * hj) for hj in h) for d in delta)

    def bias_grad(self, delta: Vec) -> Vec:
        return delta

    def back(self, w: Mat, delta: Vec) -> Vec:
        zero = self.constant(0)
        rows = range(len(delta))
        return tuple(
            self.keep(sum((w[k][j] * delta[k] for k in rows), zero)) for j in range(len(w[0]))
        )

    def step(self, w: Mat | Vec, eta: Value, grad: Mat | Vec) -> Mat | Vec:
        if w and isinstance(w[0], tuple):
            return tuple(self.step(row, eta, g) for row, g in zip(w, grad, strict=True))
        return tuple(self.keep(wi - eta * gi) for wi, gi in zip(w, grad, strict=True))

    def transpose(self, w: Mat) -> Mat:
        return tuple(zip(*w, strict=True))


class _Rational(_Tuples):
    """Fractions: the exact arithmetic that needs no SymPy (no logarithms, no e^a)."""

    def lift(self, value: Value) -> Value:
        return Fraction(value)

    def constant(self, value: Fraction | int) -> Value:
        return Fraction(value)

    def keep(self, value: Value) -> Value:
        return value

    def if_positive(self, a: Value, then: Value, otherwise: Value) -> Value:
        return then if a > 0 else otherwise

    def log(self, value: Value) -> Value:
        return EXACT.log(value)

    def activate(self, act: Elementwise, a: Vec, reuse: bool = False) -> Settled:
        return EXACT.activate(act, EXACT.vector(a), reuse)


class _Exact(_Tuples):
    """SymPy closed forms, carried to 60 digits once they grow past MAX_NODES nodes, or where
    :mod:`aecalc.values.limits` finds them too large or too long for SymPy (σ(10²⁰⁰), a 16-term
    sum of sigmoids): then the decimals stay correctly rounded and no input makes SymPy hang."""

    def lift(self, value: Value) -> Value:
        import sympy

        from aecalc.values.exact import rational

        if quantity.is_fraction(value):
            return rational(value)
        return sympy.sympify(value, strict=True)

    def constant(self, value: Fraction | int) -> Value:
        return self.lift(Fraction(value))

    def keep(self, value: Value) -> Value:
        if quantity.is_float(value) or quantity.is_fraction(value):
            return value
        import sympy

        from aecalc.values import limits

        if isinstance(value, sympy.Rational | sympy.Float):
            return value
        if not value.has(sympy.Float) and limits.nodes(value, MAX_NODES) <= MAX_NODES:
            return value
        return limits.to_number(value)

    def if_positive(self, a: Value, then: Value, otherwise: Value) -> Value:
        return then if quantity.sign(a) > 0 else otherwise

    def log(self, value: Value) -> Value:
        import sympy

        return sympy.log(value)

    def settle(self, h: Vec) -> Settled:
        from aecalc.values import limits

        reason = next(filter(None, map(limits.rational_problem, h)), None)
        if reason is None:
            return h, None
        return tuple(limits.to_number(v) for v in h), reason

    def product(self, w: Mat, h: Vec) -> Vec:
        import sympy

        return tuple(
            sympy.Add(*(wi * hi for wi, hi in zip(row, h, strict=True) if wi != 0)) for row in w
        )

    def activate(self, act: Elementwise, a: Vec, reuse: bool = False) -> Settled:
        from aecalc.values import limits

        reason = None
        if act.transcendental:
            reason = limits.layer_problem(tuple(a))
            if reason is not None:
                a = tuple(limits.to_number(v) for v in a)
        out = []
        for value in act.exact(tuple(a)):
            if limits.nodes(value, MAX_NODES) > MAX_NODES:
                out.append(limits.to_number(value))
                reason = reason or "closed forms grew too long to help"
            else:
                out.append(value)
        return tuple(out), reason


class Arrays:
    """float64 NumPy arrays, one sample per row (a scalar constant broadcasts)."""

    exact = False

    def lift(self, value: Value) -> Value:
        import numpy as np

        return np.asarray(value, dtype=np.float64)

    def constant(self, value: Fraction | int) -> Value:
        return float(value)

    def keep(self, value: Value) -> Value:
        return value

    def if_positive(self, a: Value, then: Value, otherwise: Value) -> Value:
        import numpy as np

        return np.where(a > 0, then, otherwise)

    def log(self, value: Value) -> Value:
        import numpy as np

        return np.log(value)

    def vector(
        self, values: Sequence[Value] | Array, argument: str = "--x", what: str = "a value"
    ) -> Vec:
        return _float64(values, argument, what)

    def matrix(self, rows: Sequence[Sequence[Value]] | Array, argument: str = "--w") -> Mat:
        return _float64(rows, argument, "a weight")

    def settle(self, h: Vec) -> Settled:
        return h, None

    def product(self, w: Mat, h: Vec) -> Vec:
        return h @ w.T

    def plus(self, u: Vec, v: Vec) -> Vec:
        u += v
        return u

    def activate(self, act: Elementwise, a: Vec, reuse: bool = False) -> Settled:
        import numpy as np

        if reuse:
            act.in_place(a)
            return a, None
        if act.in_place_negated is not None:  # σ from −a: one pass fewer than negating again
            h = np.negative(a)
            act.in_place_negated(h)
        else:
            h = a.copy()
            act.in_place(h)
        return h, None

    def vjp(self, act: Elementwise, a: Vec, h: Vec, g: Vec) -> tuple[Vec, Vec | None]:
        return act.numpy_vjp(a, h, g), None

    def outer(self, delta: Vec, h: Vec) -> Mat:
        return delta.T @ h

    def bias_grad(self, delta: Vec) -> Vec:
        return delta.sum(axis=0)

    def back(self, w: Mat, delta: Vec) -> Vec:
        return delta @ w

    def step(self, w: Mat | Vec, eta: Value, grad: Mat | Vec) -> Mat | Vec:
        return w - eta * grad

    def transpose(self, w: Mat) -> Mat:
        return w.T


class _Float(_Tuples):
    """float64 for one sample: vectors are tuples of Python floats, worked through NumPy as the
    batch arithmetic works them (a 1-row batch), so one sample and a batch agree bit for bit."""

    exact = False

    def lift(self, value: Value) -> Value:
        return quantity.to_float(value)

    def constant(self, value: Fraction | int) -> Value:
        return float(value)

    def keep(self, value: Value) -> Value:
        return value

    def if_positive(self, a: Value, then: Value, otherwise: Value) -> Value:
        return then if a > 0 else otherwise

    def log(self, value: Value) -> Value:
        return math.log(value)

    def vector(
        self, values: Sequence[Value] | Array, argument: str = "--x", what: str = "a value"
    ) -> Vec:
        return tuple(_float64(values, argument, what).tolist())

    def matrix(self, rows: Sequence[Sequence[Value]] | Array, argument: str = "--w") -> Mat:
        return tuple(tuple(row) for row in _float64(rows, argument, "a weight").tolist())

    @staticmethod
    def _row(values: Vec) -> Array:
        import numpy as np

        return np.array([values], dtype=np.float64)

    @staticmethod
    def _tuple(row: Array) -> Vec:
        return tuple(row.reshape(-1).tolist())

    def product(self, w: Mat, h: Vec) -> Vec:
        import numpy as np

        with np.errstate(all="ignore"):
            return self._tuple(ARRAYS.product(np.array(w, dtype=np.float64), self._row(h)))

    def plus(self, u: Vec, v: Vec) -> Vec:
        import numpy as np

        with np.errstate(all="ignore"):
            return self._tuple(self._row(u) + self._row(v))

    def activate(self, act: Elementwise, a: Vec, reuse: bool = False) -> Settled:
        import numpy as np

        with np.errstate(all="ignore"):
            return self._tuple(act.numpy(self._row(a))), None


def _float64(values: Any, argument: str, what: str) -> Array:
    """Given values as a float64 array: the one place exact values become floats.

    A value beyond float64's range is an :class:`~aecalc.errors.InputError` naming ``argument``.
    """
    import numpy as np

    if isinstance(values, np.ndarray):
        return np.asarray(values, dtype=np.float64)
    try:
        return np.array(values, dtype=np.float64)
    except OverflowError:
        from aecalc.values.parse import to_float64

        flat: list[Any] = list(values)
        while flat and isinstance(flat[0], list | tuple):
            flat = [v for row in flat for v in row]
        for value in flat:
            to_float64(value, argument, what)  # raises for the first value out of range
        raise


RATIONAL: Arith = _Rational()
EXACT: Arith = _Exact()
FLOAT: Arith = _Float()
ARRAYS: Arith = Arrays()


def of(values: list[Value] | tuple[Value, ...]) -> Arith:
    """The arithmetic of some given numbers: RATIONAL if all are rationals, FLOAT if any is a
    float, EXACT (SymPy) otherwise."""
    if all(quantity.is_fraction(v) for v in values):
        return RATIONAL
    if any(quantity.is_float(v) for v in values):
        return FLOAT
    return EXACT
