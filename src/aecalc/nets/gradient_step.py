"""What one gradient step records: per layer the backward pass and the update, and the whole step.

:mod:`aecalc.nets.backprop` computes them; :mod:`aecalc.present.chain_rule` and
:mod:`aecalc.present.backprop` spell them (the chain rule for one weight, the notes, the document;
:func:`aecalc.present.backprop.backprop_json` adds the ``chain_rule`` and ``notes`` keys to
``as_json``'s).
"""

from __future__ import annotations

from fractions import Fraction

from aecalc.nets.forward import ForwardResult
from aecalc.record import Record
from aecalc.values import quantity
from aecalc.values.quantity import Value

ValueMatrix = tuple[tuple[Value, ...], ...]


def _exact_text(value: Value) -> str | None:
    """The closed form as text, or None for a value carried as a (60-digit) number."""
    return quantity.plain(value) if quantity.is_closed_form(value) else None


class LayerGradient(Record):
    """The backward pass through one layer, and its update."""

    index: int
    weight_name: str
    bias_name: str
    activation: str
    input_name: str
    output_name: str
    h_in: tuple[Value, ...]
    pre_activation: tuple[Value, ...]
    output: tuple[Value, ...]
    upstream: tuple[Value, ...]  # g = ∂L/∂h (∂L/∂x̂ at the output layer)
    act_prime: tuple[Value, ...] | None  # None for softmax (a full Jacobian)
    delta: tuple[Value, ...]
    grad_w: ValueMatrix
    grad_b: tuple[Value, ...]
    weights: ValueMatrix
    bias: tuple[Value, ...]
    w_new: ValueMatrix
    b_new: tuple[Value, ...]
    delta_below: tuple[Value, ...] | None  # Wᵀδ = ∂L/∂h_in, None for the first layer
    tied_to: int | None = None  # a decoder layer whose W is another layer's transpose
    grad_w_total: ValueMatrix | None = None  # shared matrix: own + twin's transposed gradient

    def as_json(self) -> dict[str, object]:
        def floats(values: tuple[Value, ...] | None) -> list[float] | None:
            return None if values is None else [quantity.to_float(v) for v in values]

        def matrix(values: ValueMatrix | None) -> list[list[float]] | None:
            return None if values is None else [[quantity.to_float(v) for v in r] for r in values]

        def exact(values: ValueMatrix) -> list[list[str | None]]:
            return [[_exact_text(v) for v in row] for row in values]

        return {
            "index": self.index,
            "weight": self.weight_name,
            "bias": self.bias_name,
            "activation_name": self.activation,
            "input": floats(self.h_in),
            "pre_activation": floats(self.pre_activation),
            "activation": floats(self.output),
            "dl_dh": floats(self.upstream),
            "act_prime": floats(self.act_prime),
            "delta": floats(self.delta),
            "delta_exact": [_exact_text(v) for v in self.delta],
            "grad_w": matrix(self.grad_w),
            "grad_w_exact": exact(self.grad_w),
            "grad_b": floats(self.grad_b),
            "grad_b_exact": [_exact_text(v) for v in self.grad_b],
            "w_new": matrix(self.w_new),
            "w_new_exact": exact(self.w_new),
            "b_new": floats(self.b_new),
            "b_new_exact": [_exact_text(v) for v in self.b_new],
            "delta_below": floats(self.delta_below),
            "tied_to": self.tied_to,
            "grad_w_total": matrix(self.grad_w_total),
        }


class BackpropResult(Record):
    """One gradient step: the forward pass, the backward pass, the update, and the loss curve."""

    forward: ForwardResult
    loss_name: str
    lr: Fraction
    target: tuple[Value, ...]
    target_is_input: bool
    loss: Value
    dl_dxhat: tuple[Value, ...]
    layers: tuple[LayerGradient, ...]  # input to output
    grad_x: tuple[Value, ...]  # ∂L/∂x: the gradient passed below the first layer
    loss_after: float
    history: tuple[float, ...]  # loss before step 1, 2, …, N and after step N
    update_bias: bool = True
    weights_after: tuple[tuple[ValueMatrix, tuple[Value, ...]], ...] = ()  # (W, b) after step N

    @property
    def x_hat(self) -> tuple[Value, ...]:
        return self.forward.x_hat

    @property
    def steps(self) -> int:
        return len(self.history) - 1

    def as_json(self) -> dict[str, object]:
        return {
            "architecture": list(self.forward.network.sizes),
            "arithmetic": self.forward.arithmetic,
            "loss_name": self.loss_name,
            "loss": quantity.to_float(self.loss),
            "loss_exact": quantity.plain(self.loss),
            "lr": float(self.lr),
            "x": [quantity.to_float(v) for v in self.forward.x],
            "target": [quantity.to_float(v) for v in self.target],
            "x_hat": [quantity.to_float(v) for v in self.x_hat],
            "x_hat_exact": [quantity.plain(v) for v in self.x_hat],
            "dl_dxhat": [quantity.to_float(v) for v in self.dl_dxhat],
            "layers": [layer.as_json() for layer in self.layers],
            "grad_x": [quantity.to_float(v) for v in self.grad_x],
            "grad_x_exact": [_exact_text(v) for v in self.grad_x],
            "loss_after": self.loss_after,
            "steps": self.steps,
            "loss_history": list(self.history),
            "weights_after": [
                {
                    "weight": layer.weight_name,
                    "w": [[quantity.to_float(v) for v in row] for row in w],
                    "bias": layer.bias_name,
                    "b": [quantity.to_float(v) for v in b],
                }
                for layer, (w, b) in zip(self.layers, self.weights_after, strict=True)
            ],
        }
