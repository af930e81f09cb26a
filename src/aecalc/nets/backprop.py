"""One step of gradient descent on a dense autoencoder, worked layer by layer from the output back.

For each layer ℓ with input h_{ℓ−1}, pre-activation a_ℓ = W_ℓ·h_{ℓ−1} + b_ℓ and
output h_ℓ = act(a_ℓ), given g_ℓ = ∂L/∂h_ℓ (at the output: ∂L/∂x̂):

- δ_ℓ = g_ℓ ⊙ act′(a_ℓ)   (softmax: δ_ℓ = h_ℓ ⊙ (g_ℓ − (g_ℓ·h_ℓ)), its Jacobian applied)
- ∂L/∂W_ℓ = δ_ℓ · h_{ℓ−1}ᵀ,  ∂L/∂b_ℓ = δ_ℓ
- g_{ℓ−1} = W_ℓᵀ · δ_ℓ (with the weights before the update)
- W_ℓ ← W_ℓ − η ∂L/∂W_ℓ,  b_ℓ ← b_ℓ − η ∂L/∂b_ℓ

Each derivative sits beside its forward form in a registry: act′ in
:data:`aecalc.nets.activations.ACTIVATIONS` (ReLU′(0) = 0 and LeakyReLU′(0) = 0.01, as
PyTorch; ELU′(a) = e^a = ELU(a) + 1 for a ≤ 0), ∂L/∂x̂ in :data:`aecalc.nets.losses.LOSSES`
(``mse``: (2/n)(x̂ − t); ``half-sse``: x̂ − t; ``bce``: (x̂ − t) / (n x̂ (1 − x̂))).

The forward pass is :func:`aecalc.nets.forward.run_forward` (exact SymPy closed forms for
exam-sized nets, float64 otherwise); the backward pass runs in the same arithmetic
(:mod:`aecalc.nets.arith`: closed forms past 40 nodes are carried to 60 digits). Repeated
steps (``steps > 1``) run in float64 (:mod:`aecalc.nets.training`). Tied weights
(W_d = W_eᵀ): the shared matrix's gradient is the sum of its encoder gradient and the
transpose of its decoder gradient. The words (the chain rule for one weight, the notes) are
:mod:`aecalc.present.chain_rule`'s.
"""

from __future__ import annotations

from fractions import Fraction

from aecalc.errors import InputError
from aecalc.nets import arith, dense
from aecalc.nets.forward import dense_passes, layers_in, run_forward
from aecalc.nets.gradient_step import BackpropResult, LayerGradient
from aecalc.nets.losses import LOSSES, choices_text, compute_loss
from aecalc.nets.network import Network, check_input
from aecalc.nets.training import train_float
from aecalc.values import quantity
from aecalc.values.parse import Vector
from aecalc.values.quantity import Value

__all__ = [
    "MAX_STEPS",
    "BackpropResult",
    "LayerGradient",
    "backprop_step",
]

MAX_STEPS = 100_000
MAX_LAYER_STEPS = 2_000_000
"""Layers × ``--steps`` one run may ask for: each layer of each step is a few NumPy calls (about
10 µs), so this is half a minute; 100,000 steps through 20,000 layers would have been hours."""
Vec = tuple[Value, ...]


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
    if loss not in LOSSES:
        raise InputError("--loss", f"{loss!r} is not a loss (choose {choices_text()})")
    if lr <= 0:
        raise InputError("--lr", f"{quantity.plain(lr)} is not a learning rate: η must be > 0")
    if not 1 <= steps <= MAX_STEPS:
        raise InputError("--steps", f"{steps} is out of range (1 to {MAX_STEPS:,})")
    depth = len(network.layers)
    if steps > 1 and steps * depth > MAX_LAYER_STEPS:
        raise InputError(
            "--steps",
            f"{steps:,} steps through {depth:,} layers are {steps * depth:,} layer updates; "
            f"aecalc makes at most {MAX_LAYER_STEPS:,} in one run (at most "
            f"{MAX_LAYER_STEPS // depth:,} steps for this net)",
        )
    check_input(network.layers[0], tuple(x), "x", "--x")  # before asking for a target
    last = network.layers[-1]
    if target is None and last.n_out != len(x):
        raise InputError(
            "--target",
            f"is needed: {last.describe()}, so the net outputs {last.n_out} "
            f"value{'s' if last.n_out != 1 else ''} but x has {len(x)}; its output is not a "
            "reconstruction of x, and a gradient step needs a "
            "loss, so give the target the output is compared with",
        )
    loss_fn = LOSSES[loss]
    # 1. forward, and the loss of x̂ against the target (the input itself, for an autoencoder)
    forward = run_forward(network, x, target=target, float_only=float_only)
    ar = arith.EXACT if forward.arithmetic == "exact" else arith.FLOAT
    against: Vec = tuple(x) if target is None else tuple(target)
    t_arg = "--x" if target is None else "--target"
    try:  # the lengths match (run_forward checked them): only the loss's domain can fail
        loss_value = compute_loss(loss_fn.name, against, forward.x_hat, x_arg=t_arg, xhat_arg="x̂")
    except InputError as problem:
        raise InputError("--loss", f"BCE cannot be differentiated here: {problem}") from None
    # 2. backward: g = ∂L/∂x̂ at the output, then each layer from the output back (and ∂L/∂x)
    t = [ar.lift(v) for v in against]
    x_hat = [ar.keep(ar.lift(v)) for v in forward.x_hat]
    n = len(x_hat)
    dl_dxhat = tuple(ar.keep(loss_fn.grad(ar, h, ti, n)) for h, ti in zip(x_hat, t, strict=True))
    dense_layers = layers_in(ar, network)
    passes = dense_passes(ar, forward.layers)
    grads = dense.backward(ar, dense_layers, passes, dl_dxhat, down_to_input=True)
    # 3. the update, every layer with the weights from before it (a tied pair moves together)
    eta = ar.lift(lr)
    minus_one = ar.constant(-1)
    totals = {  # a shared matrix's gradient: its own plus its decoder twin's, transposed
        encoder: ar.step(grads[encoder].grad_w, minus_one, ar.transpose(grads[decoder].grad_w))
        for decoder, encoder in network.twins.items()
    }
    w_new = {
        i: ar.step(layer.weights, eta, totals.get(i, grad.grad_w))
        for i, (layer, grad) in enumerate(zip(dense_layers, grads, strict=True))
        if i not in network.twins
    }
    for decoder, encoder in network.twins.items():
        w_new[decoder] = ar.transpose(w_new[encoder])
    layers = [
        LayerGradient(
            index=i + 1,
            weight_name=spec.weight_name,
            bias_name=spec.bias_name,
            activation=spec.activation,
            input_name=step.input_name,
            output_name=step.output_name,
            h_in=p.inputs,
            pre_activation=p.pre,
            output=p.out,
            upstream=grad.g,
            act_prime=grad.primes,
            delta=grad.delta,
            grad_w=grad.grad_w,
            grad_b=grad.grad_b,
            weights=layer.weights,
            bias=layer.bias,
            w_new=w_new[i],
            b_new=ar.step(layer.bias, eta, grad.grad_b) if update_bias else layer.bias,
            delta_below=grad.g_below if i else None,
            tied_to=None if i not in network.twins else network.twins[i] + 1,
            grad_w_total=totals.get(i),
        )
        for i, (spec, step, p, layer, grad) in enumerate(
            zip(network.layers, forward.layers, passes, dense_layers, grads, strict=True)
        )
    ]
    run = train_float(network, x, against, loss, lr, steps, update_bias=update_bias)
    return BackpropResult(
        forward=forward,
        loss_name=loss,
        lr=lr,
        target=against,
        target_is_input=target is None,
        loss=loss_value.value,
        dl_dxhat=dl_dxhat,
        layers=tuple(layers),
        grad_x=tuple(grads[0].g_below or ()),
        loss_after=run.history[1],
        history=run.history,
        update_bias=update_bias,
        weights_after=run.weights,
    )
