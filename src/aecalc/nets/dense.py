"""Dense layers h ↦ act(W·h + b) and the two passes through them, written once for every arithmetic.

A pass is a loop over layers, in the style of micrograd: each operation's derivative sits beside
its forward form (the activations' in :data:`aecalc.nets.activations.ACTIVATIONS`, the vector
operations' in :class:`aecalc.nets.arith.Arith`), and the same loop runs in exact closed forms,
Fractions, float64 for one sample or float64 batches (:mod:`aecalc.nets.arith`).

- :func:`forward` from any layer and any given input: per layer the input h, W·h, the
  pre-activation a = W·h + b and the output act(a) (:class:`Pass`);
- :func:`backward` from any g = ∂L/∂(last output): per layer, from the last back,
  δ = g ⊙ act′(a), ∂L/∂W = δ·hᵀ, ∂L/∂b = δ and g ← Wᵀδ for the layer below (:class:`Grad`);
  asked with ``down_to_input``, also below the first layer: ∂L/∂x.

Nothing here checks that a net is an autoencoder, names its layers or chooses its arithmetic:
that is the callers' business (:mod:`aecalc.nets.forward`, :mod:`aecalc.nets.backprop`,
:mod:`aecalc.batch.engine`, :mod:`aecalc.batch.train`).

>>> from fractions import Fraction as F
>>> from aecalc.nets.arith import EXACT
>>> layers = lift(EXACT, [((F(1), F(-1)), (F(0), F(1)))], [(F(0), F(0))], ["sigmoid"])
>>> [str(v) for v in forward(EXACT, layers, EXACT.vector((F(1), F(0))))[-1].out]
['1/(exp(-1) + 1)', '1/2']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from aecalc.nets.activations import ACTIVATIONS, Activation
from aecalc.nets.arith import Arith, Mat, Vec
from aecalc.record import Record


class Dense(Record):
    """One layer h ↦ act(W·h + b), its weights and bias in some arithmetic."""

    weights: Mat
    bias: Vec
    act: Activation


class Pass(Record):
    """One layer of a forward pass: its input, W·h, W·h + b and act(W·h + b).

    ``reason`` says why values were carried as numbers rather than closed forms (EXACT), if
    they were. Where the arithmetic works in place (:data:`~aecalc.nets.arith.ARRAYS`),
    ``weighted`` is the pre-activation itself, and with ``keep=False`` so is ``out``.
    """

    inputs: Vec
    weighted: Vec
    pre: Vec
    out: Vec
    reason: str | None = None


class Grad(Record):
    """One layer of a backward pass, before any update."""

    g: Vec  # ∂L/∂(the layer's output), from the loss or from the layer above
    primes: Vec | None  # act′(a), None for a coupled activation (softmax: a Jacobian)
    delta: Vec  # δ = ∂L/∂a
    grad_w: Mat  # ∂L/∂W = δ·hᵀ
    grad_b: Vec  # ∂L/∂b = δ
    g_below: Vec | None  # Wᵀδ = ∂L/∂(the layer's input); None below the first layer unless asked


def lift(
    ar: Arith,
    weights: Sequence[Any],
    biases: Sequence[Any],
    activations: Sequence[str | Activation],
    arguments: Sequence[str] = (),
) -> tuple[Dense, ...]:
    """Layers in ``ar``'s arithmetic (``arguments`` name each weight matrix in errors)."""
    names = [*arguments, *["--w"] * (len(weights) - len(arguments))]
    return tuple(
        Dense(
            ar.matrix(w, name),
            ar.vector(b, name),
            act if isinstance(act, Activation) else ACTIVATIONS[act],
        )
        for w, b, act, name in zip(weights, biases, activations, names, strict=True)
    )


def forward(ar: Arith, layers: Sequence[Dense], h: Vec, *, keep: bool = True) -> list[Pass]:
    """The forward pass from ``h`` through ``layers``: W·h, + b, act, layer after layer.

    ``keep=False`` lets an arithmetic that can (ARRAYS) apply each activation in place: the
    passes' pre-activations are then not kept (an evaluation, not a step to differentiate).
    """
    passes: list[Pass] = []
    for layer in layers:
        h, reason = ar.settle(h)
        weighted = ar.product(layer.weights, h)
        pre = ar.plus(weighted, layer.bias)
        out, why = ar.activate(layer.act, pre, reuse=not keep)
        passes.append(Pass(h, weighted, pre, out, reason or why))
        h = out
    return passes


def backward(
    ar: Arith,
    layers: Sequence[Dense],
    passes: Sequence[Pass],
    g: Vec,
    *,
    down_to_input: bool = False,
    adjust: Callable[[int, Vec], Vec] | None = None,
) -> list[Grad]:
    """The backward pass from g = ∂L/∂(the last layer's output), last layer first; the list
    returned is in layer order.

    ``adjust(i, g)``, where given, returns the gradient to use at layer ``i``'s output instead
    of ``g`` (a penalty on a code layer adds its own ∂/∂z there). ``down_to_input``: also pass
    the gradient below the first layer (∂L/∂x, in the first Grad's ``g_below``).
    """
    grads: list[Grad] = []
    for i in reversed(range(len(layers))):
        layer, step = layers[i], passes[i]
        if adjust is not None:
            g = adjust(i, g)
        delta, primes = ar.vjp(layer.act, step.pre, step.out, g)
        below = ar.back(layer.weights, delta) if i or down_to_input else None
        grads.append(
            Grad(g, primes, delta, ar.outer(delta, step.inputs), ar.bias_grad(delta), below)
        )
        if below is not None:
            g = below
    grads.reverse()
    return grads
