"""An activation applied to every value of a feature map, exactly (``conv --act``, ``--then relu``).

The activation comes from the one registry, :data:`aecalc.nets.activations.ACTIVATIONS` (names and
aliases as ``forward --act`` reads them). A piecewise-linear one (ReLU, leaky ReLU, linear) keeps
rationals as Fractions, without SymPy; a transcendental one (sigmoid, tanh, ELU) gives closed
forms through :data:`aecalc.nets.arith.EXACT`, which also says when it had to carry numbers.
Softmax is refused: it couples a whole layer, and a feature map has no one layer axis.
"""

from __future__ import annotations

from aecalc.errors import InputError
from aecalc.nets.activations import ACTIVATIONS, Activation, parse_activations
from aecalc.values.quantity import Value


def lookup(name: str, argument: str = "--act") -> Activation:
    """The registry's entry for ``name`` (or an alias); softmax is an error."""
    act = ACTIVATIONS[parse_activations(name, 1, argument)[0]]
    if act.whole_layer:
        raise InputError(
            argument,
            f"{act.name} couples every value of a layer; on a feature map use an element-wise "
            "activation (relu, sigmoid, tanh, leaky_relu, elu or linear)",
        )
    return act


def apply(act: Activation, values: tuple[Value, ...]) -> tuple[tuple[Value, ...], str | None]:
    """act(v) for every value, and why values were carried as numbers (None when they were not)."""
    if not act.transcendental:
        return act.exact(values), None
    from aecalc.nets.arith import EXACT

    out, reason = EXACT.activate(act, EXACT.vector(values))
    return tuple(out), reason
