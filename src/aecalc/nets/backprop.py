"""One step of gradient descent on a dense autoencoder, worked layer by layer from the output back.

For each layer ℓ with input h_{ℓ−1}, pre-activation a_ℓ = W_ℓ·h_{ℓ−1} + b_ℓ and
output h_ℓ = act(a_ℓ), given g_ℓ = ∂L/∂h_ℓ (at the output: ∂L/∂x̂):

- δ_ℓ = g_ℓ ⊙ act′(a_ℓ)   (softmax: δ_ℓ = h_ℓ ⊙ (g_ℓ − (g_ℓ·h_ℓ)), its Jacobian applied)
- ∂L/∂W_ℓ = δ_ℓ · h_{ℓ−1}ᵀ,  ∂L/∂b_ℓ = δ_ℓ
- g_{ℓ−1} = W_ℓᵀ · δ_ℓ (with the weights before the update)
- W_ℓ ← W_ℓ − η ∂L/∂W_ℓ,  b_ℓ ← b_ℓ − η ∂L/∂b_ℓ

Losses, as :mod:`aecalc.nets.losses` defines them: ``mse`` = (1/n) Σ (x̂ − t)² so
∂L/∂x̂ = (2/n)(x̂ − t); ``half-sse`` = ½ Σ (x̂ − t)² so ∂L/∂x̂ = x̂ − t; ``bce`` =
−(1/n) Σ [t ln x̂ + (1 − t) ln(1 − x̂)] so ∂L/∂x̂ = (x̂ − t) / (n x̂ (1 − x̂)).

Derivative conventions at the kink: ReLU′(0) = 0 and LeakyReLU′(0) = 0.01 (as
PyTorch); ELU′(a) = e^a = ELU(a) + 1 for a ≤ 0.

The forward pass is :func:`aecalc.nets.forward.run_forward` (exact SymPy closed forms
for exam-sized nets, float64 otherwise); the backward pass here runs in the same
arithmetic. Closed forms that grow past :data:`aecalc.nets.forward.MAX_EXPRESSION_NODES`
nodes are carried to 60 significant digits, so printed decimals stay correctly
rounded. Repeated steps (``steps > 1``) run in float64 (:func:`train_float`).

Tied weights (W_d = W_eᵀ): the shared matrix's gradient is the sum of its
encoder gradient and the transpose of its decoder gradient.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from aecalc.errors import InputError
from aecalc.nets import activations, arith
from aecalc.nets.forward import MAX_EXPRESSION_NODES, ForwardResult, Network, run_forward
from aecalc.nets.losses import bce_problem, compute_loss
from aecalc.record import Record
from aecalc.values import limits, quantity
from aecalc.values.parse import Vector
from aecalc.values.quantity import Value

if TYPE_CHECKING:
    from numpy.typing import NDArray

LossName = Literal["mse", "bce", "half-sse"]
LOSSES: tuple[LossName, ...] = ("mse", "bce", "half-sse")
MAX_STEPS = 100_000
MAX_EXACT_NODES = min(40, MAX_EXPRESSION_NODES)
"""Backward-pass closed forms longer than this are carried as 60-digit numbers instead."""
ValueMatrix = tuple[tuple[Value, ...], ...]

LOSS_FORMULA = {
    "mse": "L = (1/n) Σ (x̂_i − t_i)²",
    "half-sse": "L = ½ Σ (x̂_i − t_i)²",
    "bce": "L = −(1/n) Σ [t_i ln x̂_i + (1 − t_i) ln(1 − x̂_i)]",
}
LOSS_GRADIENT = {
    "mse": "∂L/∂x̂_i = (2/n)(x̂_i − t_i)",
    "half-sse": "∂L/∂x̂_i = x̂_i − t_i",
    "bce": "∂L/∂x̂_i = (x̂_i − t_i) / (n·x̂_i(1 − x̂_i))",
}
DERIVATIVE = {name: act.derivative for name, act in activations.ACTIVATIONS.items()}


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


class ChainStep(Record):
    """One line of the chain rule for a single weight: what, how, and the value."""

    label: str
    formula: str
    value: Value


class ChainRule(Record):
    """∂L/∂w for one weight, factor by factor, as an examiner wants it written."""

    weight: str
    factors: tuple[ChainStep, ...]
    result: Value
    product: str


class BackpropResult(Record):
    """One gradient step: the forward pass, the backward pass, the update, and the loss curve."""

    forward: ForwardResult
    loss_name: LossName
    lr: Fraction
    target: tuple[Value, ...]
    target_is_input: bool
    loss: Value
    dl_dxhat: tuple[Value, ...]
    layers: tuple[LayerGradient, ...]  # input to output
    chain_rules: tuple[ChainRule, ...]
    loss_after: float
    history: tuple[float, ...]  # loss before step 1, 2, …, N and after step N
    notes: tuple[str, ...]

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
            "loss_after": self.loss_after,
            "steps": self.steps,
            "loss_history": list(self.history),
            "chain_rule": [
                {
                    "weight": rule.weight,
                    "factors": [
                        {
                            "label": f.label,
                            "formula": f.formula,
                            "value": quantity.to_float(f.value),
                        }
                        for f in rule.factors
                    ],
                    "value": quantity.to_float(rule.result),
                }
                for rule in self.chain_rules
            ],
            "notes": list(self.notes),
        }


# ---------------------------------------------------------------- arithmetic helpers


def _exact_text(value: Value) -> str | None:
    """The closed form as text, or None for a value carried as a (60-digit) number."""
    return quantity.plain(value) if quantity.is_closed_form(value) else None


def _bound(value: Value) -> Value:
    """Keep closed forms only while they are short enough to read (at most
    :data:`MAX_EXACT_NODES` nodes, no rounded number inside); otherwise carry the value to
    60 significant digits, so later arithmetic is fast and decimals stay correctly rounded."""
    if quantity.is_float(value) or quantity.is_fraction(value):
        return value
    import sympy

    if isinstance(value, sympy.Rational | sympy.Float):
        return value
    if not value.has(sympy.Float) and limits.nodes(value, MAX_EXACT_NODES) <= MAX_EXACT_NODES:
        return value
    return limits.to_number(value)


def _lift(value: Value, exact: bool) -> Value:
    """Fractions into the working arithmetic: SymPy Rationals (exact) or floats."""
    if not exact:
        return quantity.to_float(value)
    if quantity.is_fraction(value):
        import sympy

        number = Fraction(value)
        return sympy.Rational(number.numerator, number.denominator)
    return value


def _constant(value: Fraction | int, exact: bool) -> Value:
    return _lift(Fraction(value), exact)


def act_prime(
    name: str, pre: tuple[Value, ...], out: tuple[Value, ...], exact: bool
) -> tuple[Value, ...]:
    """act′(a) element by element (not for softmax), in the arithmetic of the values."""
    prime = activations.ACTIVATIONS[name].prime
    if prime is None:
        raise ValueError(f"no element-wise derivative for {name!r}")
    ar = arith.EXACT if exact else arith.FLOAT
    return tuple(prime(ar, a, h) for a, h in zip(pre, out, strict=True))


def loss_gradient(
    name: LossName, x_hat: tuple[Value, ...], target: tuple[Value, ...], exact: bool
) -> tuple[Value, ...]:
    """∂L/∂x̂ for the loss, with the reductions of :mod:`aecalc.nets.losses` (mean, ½·sum, mean)."""
    n = _constant(len(x_hat), exact)
    one = _constant(1, exact)
    if name == "mse":
        return tuple(2 * (h - t) / n for h, t in zip(x_hat, target, strict=True))
    if name == "half-sse":
        return tuple(h - t for h, t in zip(x_hat, target, strict=True))
    return tuple((h - t) / (h * (one - h)) / n for h, t in zip(x_hat, target, strict=True))


def _check_loss(name: str) -> LossName:
    for known in LOSSES:
        if known == name:
            return known
    raise InputError("--loss", f"{name!r} is not a loss (choose mse, bce or half-sse)")


def _twins(network: Network) -> dict[int, int]:
    """0-based decoder layer → the 0-based layer whose transpose it uses (tied weights)."""
    if not network.tied:
        return {}
    count = len(network.layers)
    half = count // 2
    return {i: count - 1 - i for i in range(half, count)}


# ---------------------------------------------------------------- one step


def backprop_step(
    network: Network,
    x: Vector,
    *,
    target: Vector | None = None,
    loss: str = "mse",
    lr: Fraction = Fraction(1, 2),
    steps: int = 1,
    float_only: bool = False,
    update_bias: bool = True,
) -> BackpropResult:
    """One gradient-descent step on one sample, every quantity kept (exact where exam-sized).

    >>> from fractions import Fraction as F
    >>> from aecalc.nets.forward import build_deep
    >>> net = build_deep([((F("0.15"), F("0.2")), (F("0.25"), F("0.3"))),
    ...                   ((F("0.4"), F("0.45")), (F("0.5"), F("0.55")))],
    ...                  [(F("0.35"),) * 2, (F("0.6"),) * 2], tied=False, act="sigmoid")
    >>> r = backprop_step(net, (F("0.05"), F("0.1")), target=(F("0.01"), F("0.99")),
    ...                   loss="half-sse", lr=F(1, 2))
    >>> round(quantity.to_float(r.loss), 9), round(quantity.to_float(r.layers[1].w_new[0][0]), 8)
    (0.298371109, 0.35891648)
    """
    loss_name = _check_loss(loss)
    if lr <= 0:
        raise InputError("--lr", f"{quantity.plain(lr)} is not a learning rate: η must be > 0")
    if not 1 <= steps <= MAX_STEPS:
        raise InputError("--steps", f"{steps} is out of range (1 to {MAX_STEPS:,})")
    target_given = target is not None
    result = run_forward(network, x, target=target, float_only=float_only)
    exact = result.arithmetic == "exact"
    against: tuple[Value, ...] = tuple(x) if target is None else tuple(target)
    if loss_name == "bce":
        problem = bce_problem(
            against,
            result.x_hat,
            clamp=False,
            x_arg="--target" if target_given else "--x",
            xhat_arg="x̂",
        )
        if problem is not None:
            raise InputError("--loss", f"BCE cannot be differentiated here: {problem}")
    loss_value = compute_loss(
        loss_name, against, result.x_hat, x_arg="--target" if target_given else "--x", xhat_arg="x̂"
    ).value
    targets = tuple(_lift(t, exact) for t in against)
    x_hat = tuple(_bound(_lift(v, exact)) for v in result.x_hat)
    eta = _lift(lr, exact)
    dl_dxhat = tuple(_bound(g) for g in loss_gradient(loss_name, x_hat, targets, exact))

    count = len(network.layers)
    passes = result.layers
    upstream = dl_dxhat
    backward: list[dict[str, Any]] = []
    for i in range(count - 1, -1, -1):
        spec = network.layers[i]
        step = passes[i]
        h_in = tuple(_bound(_lift(v, exact)) for v in step.inputs)
        pre = tuple(_bound(_lift(v, exact)) for v in step.pre_activation)
        out = tuple(_bound(_lift(v, exact)) for v in step.activation)
        if spec.activation == "softmax":
            dot = sum((g * h for g, h in zip(upstream, out, strict=True)), _constant(0, exact))
            primes = None
            delta = tuple(_bound(h * (g - dot)) for g, h in zip(upstream, out, strict=True))
        else:
            primes = tuple(_bound(p) for p in act_prime(spec.activation, pre, out, exact))
            delta = tuple(_bound(g * p) for g, p in zip(upstream, primes, strict=True))
        grad_w = tuple(tuple(_bound(d * h) for h in h_in) for d in delta)
        weights = tuple(tuple(_lift(w, exact) for w in row) for row in spec.weights)
        below = None
        if i > 0:
            below = tuple(
                _bound(
                    sum((weights[k][j] * delta[k] for k in range(len(delta))), _constant(0, exact))
                )
                for j in range(len(h_in))
            )
        backward.append(
            {
                "index": i,
                "h_in": h_in,
                "pre": pre,
                "out": out,
                "upstream": upstream,
                "primes": primes,
                "delta": delta,
                "grad_w": grad_w,
                "weights": weights,
                "bias": tuple(_lift(b, exact) for b in spec.bias),
                "below": below,
            }
        )
        if below is not None:
            upstream = below
    backward.reverse()
    twins = _twins(network)
    totals: dict[int, ValueMatrix] = {}
    for decoder, encoder in twins.items():
        own = backward[encoder]["grad_w"]
        twin = backward[decoder]["grad_w"]
        totals[encoder] = tuple(
            tuple(_bound(own[r][c] + twin[c][r]) for c in range(len(own[0])))
            for r in range(len(own))
        )
    layers: list[LayerGradient] = []
    new_weights: dict[int, ValueMatrix] = {}
    for item in backward:
        i = item["index"]
        if i in twins:
            continue
        gradient = totals.get(i, item["grad_w"])
        new_weights[i] = tuple(
            tuple(_bound(w - eta * g) for w, g in zip(row, grow, strict=True))
            for row, grow in zip(item["weights"], gradient, strict=True)
        )
    for decoder, encoder in twins.items():
        shared = new_weights[encoder]
        new_weights[decoder] = tuple(tuple(row[c] for row in shared) for c in range(len(shared[0])))
    for item in backward:
        i = item["index"]
        spec = network.layers[i]
        step = passes[i]
        layers.append(
            LayerGradient(
                index=i + 1,
                weight_name=spec.weight_name,
                bias_name=spec.bias_name,
                activation=spec.activation,
                input_name=step.input_name,
                output_name=step.output_name,
                h_in=item["h_in"],
                pre_activation=item["pre"],
                output=item["out"],
                upstream=item["upstream"],
                act_prime=item["primes"],
                delta=item["delta"],
                grad_w=item["grad_w"],
                grad_b=item["delta"],
                weights=item["weights"],
                bias=item["bias"],
                w_new=new_weights[i],
                b_new=tuple(
                    _bound(b - eta * d) if update_bias else b
                    for b, d in zip(item["bias"], item["delta"], strict=True)
                ),
                delta_below=item["below"],
                tied_to=None if i not in twins else twins[i] + 1,
                grad_w_total=totals.get(i),
            )
        )
    history = train_float(network, x, against, loss_name, lr, steps, update_bias=update_bias)
    notes = _notes(network, loss_name, target_given, twins)
    if not update_bias:
        notes += ("Biases are held fixed (--freeze-bias): only the weights move.",)
    return BackpropResult(
        forward=result,
        loss_name=loss_name,
        lr=lr,
        target=against,
        target_is_input=not target_given,
        loss=loss_value,
        dl_dxhat=dl_dxhat,
        layers=tuple(layers),
        chain_rules=_chain_rules(layers, loss_name, len(x_hat)),
        loss_after=history[1],
        history=history,
        notes=notes,
    )


def _notes(
    network: Network, loss_name: LossName, target_given: bool, twins: dict[int, int]
) -> tuple[str, ...]:
    notes = []
    if not target_given:
        notes.append("Target t = x: an autoencoder is trained to reconstruct its own input.")
    last = network.layers[-1].activation
    if loss_name == "bce" and last == "sigmoid":
        notes.append(
            "BCE after a sigmoid output: ∂L/∂x̂ · σ′ = (x̂ − t)/(n·x̂(1 − x̂)) · x̂(1 − x̂) = (x̂ − t)/n, "
            "the well-known simplification."
        )
    if loss_name == "half-sse":
        notes.append("½ Σ (x̂ − t)²: the ½ cancels the 2 of the square, so ∂L/∂x̂ = x̂ − t.")
    if any(layer.activation == "relu" for layer in network.layers):
        notes.append("ReLU′(0) is taken as 0 (PyTorch's convention).")
    if twins:
        notes.append(
            "Tied weights: the decoder uses the encoder matrix transposed, so the shared matrix "
            "moves by η·(its encoder gradient + the transpose of its decoder gradient)."
        )
    notes.append(
        "Every gradient uses the weights before the update (all layers are updated together)."
    )
    return tuple(notes)


def _chain_rules(layers: list[LayerGradient], loss_name: LossName, n: int) -> tuple[ChainRule, ...]:
    """The chain rule for weight [1,1] of the output layer and, in a deeper net, of the first."""
    rules = []
    factors: tuple[ChainStep, ...]
    last = layers[-1]
    name = f"{last.weight_name}[1,1]"
    out = last.output_name
    h_in = last.input_name
    if last.act_prime is not None:
        factors = (
            ChainStep(f"∂L/∂{out}₁", LOSS_GRADIENT[loss_name].replace("_i", "₁"), last.upstream[0]),
            ChainStep(f"∂{out}₁/∂a₁", DERIVATIVE[last.activation], last.act_prime[0]),
            ChainStep(f"∂a₁/∂{name}", f"{h_in}₁ (the value this weight multiplies)", last.h_in[0]),
        )
        chain = f"∂L/∂{name} = ∂L/∂{out}₁ · ∂{out}₁/∂a₁ · ∂a₁/∂{name}"
    else:
        factors = (
            ChainStep(
                "δ₁ = ∂L/∂a₁",
                f"Σ_k ∂L/∂{out}_k · ∂{out}_k/∂a₁ (softmax couples the outputs)",
                last.delta[0],
            ),
            ChainStep(f"∂a₁/∂{name}", f"{h_in}₁ (the value this weight multiplies)", last.h_in[0]),
        )
        chain = f"∂L/∂{name} = ∂L/∂a₁ · ∂a₁/∂{name}"
    rules.append(ChainRule(name, factors, last.grad_w[0][0], chain))
    if len(layers) > 1:
        first = layers[0]
        above = layers[1]
        name = f"{first.weight_name}[1,1]"
        hidden = first.output_name.split(" = ")[-1]
        if first.act_prime is not None:
            factors = (
                ChainStep(
                    f"∂L/∂{hidden}₁",
                    f"Σₖ δ{above.index}ₖ · {above.weight_name}ₖ₁ (every path from {hidden}₁ to L)",
                    first.upstream[0],
                ),
                ChainStep(f"∂{hidden}₁/∂a₁", DERIVATIVE[first.activation], first.act_prime[0]),
                ChainStep(f"∂a₁/∂{name}", f"{first.input_name}₁", first.h_in[0]),
            )
            chain = f"∂L/∂{name} = ∂L/∂{hidden}₁ · ∂{hidden}₁/∂a₁ · ∂a₁/∂{name}"
        else:
            factors = (
                ChainStep("δ₁ = ∂L/∂a₁", "through the softmax Jacobian", first.delta[0]),
                ChainStep(f"∂a₁/∂{name}", f"{first.input_name}₁", first.h_in[0]),
            )
            chain = f"∂L/∂{name} = ∂L/∂a₁ · ∂a₁/∂{name}"
        rules.append(ChainRule(name, factors, first.grad_w[0][0], chain))
    del n
    return tuple(rules)


# ---------------------------------------------------------------- float64 training loop


def _float_forward(
    weights: list[NDArray[Any]], biases: list[NDArray[Any]], names: list[str], x: NDArray[Any]
) -> tuple[list[NDArray[Any]], list[NDArray[Any]]]:
    """(pre-activations, outputs) per layer; outputs[0] is x itself."""
    outs = [x]
    pres = []
    for w, b, name in zip(weights, biases, names, strict=True):
        a = w @ outs[-1] + b
        pres.append(a)
        outs.append(activations.ACTIVATIONS[name].numpy(a))
    return pres, outs


def float_loss(name: LossName, x_hat: NDArray[Any], target: NDArray[Any]) -> float:
    import numpy as np

    diff = x_hat - target
    if name == "mse":
        return float(np.mean(diff * diff))
    if name == "half-sse":
        return float(0.5 * np.sum(diff * diff))
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = target * np.log(x_hat) + (1 - target) * np.log1p(-x_hat)
    return float(-np.mean(terms))


def float_gradients(
    weights: list[NDArray[Any]],
    biases: list[NDArray[Any]],
    names: list[str],
    x: NDArray[Any],
    target: NDArray[Any],
    loss: LossName,
) -> tuple[float, list[NDArray[Any]], list[NDArray[Any]]]:
    """(loss, ∂L/∂W per layer, ∂L/∂b per layer) in float64 — the same rules, vectorised."""
    import numpy as np

    pres, outs = _float_forward(weights, biases, names, x)
    x_hat = outs[-1]
    n = x_hat.size
    if loss == "mse":
        g = 2 * (x_hat - target) / n
    elif loss == "half-sse":
        g = x_hat - target
    else:
        g = (x_hat - target) / (x_hat * (1 - x_hat)) / n
    grads_w: list[NDArray[Any]] = [np.empty(0)] * len(weights)
    grads_b: list[NDArray[Any]] = [np.empty(0)] * len(weights)
    for i in range(len(weights) - 1, -1, -1):
        delta = activations.ACTIVATIONS[names[i]].numpy_vjp(pres[i], outs[i + 1], g)
        grads_w[i] = np.outer(delta, outs[i])
        grads_b[i] = delta
        g = weights[i].T @ delta
    return float_loss(loss, x_hat, target), grads_w, grads_b


def train_float(
    network: Network,
    x: Vector | tuple[Value, ...],
    target: tuple[Value, ...],
    loss: LossName,
    lr: Fraction,
    steps: int,
    *,
    update_bias: bool = True,
) -> tuple[float, ...]:
    """Loss before each of ``steps`` gradient steps and after the last (float64)."""
    import numpy as np

    weights = [
        np.array([[float(w) for w in row] for row in layer.weights]) for layer in network.layers
    ]
    biases = [np.array([float(b) for b in layer.bias]) for layer in network.layers]
    names = [layer.activation for layer in network.layers]
    xs = np.array([quantity.to_float(v) for v in x])
    ts = np.array([quantity.to_float(v) for v in target])
    twins = _twins(network)
    eta = float(lr)
    history: list[float] = []
    with np.errstate(all="ignore"):  # overflow is reported below, not as NumPy warnings
        for _ in range(steps):
            value, grads_w, grads_b = float_gradients(weights, biases, names, xs, ts, loss)
            history.append(value)
            if not np.isfinite(value):
                break
            for decoder, encoder in twins.items():
                grads_w[encoder] = grads_w[encoder] + grads_w[decoder].T
            for i in range(len(weights)):
                if i not in twins:
                    weights[i] = weights[i] - eta * grads_w[i]
                if update_bias:
                    biases[i] = biases[i] - eta * grads_b[i]
            for decoder, encoder in twins.items():
                weights[decoder] = weights[encoder].T.copy()
        else:
            _, outs = _float_forward(weights, biases, names, xs)
            history.append(float_loss(loss, outs[-1], ts))
    if not np.isfinite(history[-1]):
        raise InputError(
            "--steps" if steps > 1 else "--x",
            f"the loss goes beyond float64 (±1.8e308) at step {len(history) - 1}: the loss "
            "before and after each step is tracked in float64, so scale the input, the "
            "weights or --lr down",
        )
    return tuple(history)
