"""One forward pass through a dense autoencoder, written out layer by layer.

Each layer is three named steps — the weighted sum W·h, then + b, then the
activation — so the vector W_d·z can never be confused with σ(W_d·z). Weights
are shaped units out × units in and act as W·h on a column vector.

Arithmetic is exact (SymPy closed forms such as σ(1) = 1/(1 + e⁻¹)) while the net
is exam-sized (every layer at most :data:`MAX_EXACT_UNITS` units) and closed forms
stay short; a closed form that grows past :data:`aecalc.nets.arith.MAX_NODES` nodes, or an
activation whose argument :mod:`aecalc.values.limits` finds too large or too long for SymPy
(σ(10²⁰⁰), a 16-term sum of sigmoids), is replaced by its value to 60 significant
digits, so decimals stay correctly rounded and no input makes SymPy hang. Larger
nets, or ``--float``, use float64 (NumPy) and say so.

The pass itself is :func:`aecalc.nets.dense.forward`, the one loop over layers every
arithmetic shares; :func:`work_layers` runs it in a chosen arithmetic and keeps each layer's
three steps under their names (the VAE's decoder, :mod:`aecalc.nets.vae`, is worked by it too);
:func:`run_forward` adds the check of the input, the choice of arithmetic, the layers' names and
the reconstruction losses. A net whose output size differs from its input (a 3 → 1 → 1
regression head) is not an autoencoder: its output ŷ is compared with ``target`` when one is
given, and otherwise the pass is worked without a loss (a reconstruction loss would compare ŷ
with an x it was never meant to rebuild).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

from aecalc.errors import InputError
from aecalc.nets import activations, arith, dense
from aecalc.nets.arith import Arith
from aecalc.nets.dense import Dense, Pass
from aecalc.nets.losses import Loss, compute_loss
from aecalc.nets.network import (
    LayerSpec,
    Network,
    build_deep,
    build_vanilla,
    check_input,
    shape,
)
from aecalc.record import Record
from aecalc.values import limits, quantity
from aecalc.values.parse import Vector, comma_hint
from aecalc.values.quantity import Value

if TYPE_CHECKING:
    from aecalc.nets.architecture import ParamCount
    from aecalc.nets.noise import Corruption

MAX_EXACT_UNITS = 16
MAX_EXACT_LAYERS = 32
FLOAT_DIGITS = limits.FLOAT_DIGITS

Arithmetic = Literal["exact", "float"]
Part = Literal["encoder", "decoder", "hidden", "output"]

__all__ = [
    "MAX_EXACT_LAYERS",
    "MAX_EXACT_UNITS",
    "ForwardResult",
    "LayerPass",
    "LayerSpec",
    "Network",
    "build_deep",
    "build_vanilla",
    "run_forward",
    "shape",
    "work_layers",
]


class LayerPass(Record):
    """The three steps of one layer for one sample."""

    index: int
    spec: LayerSpec
    part: Part
    input_name: str
    output_name: str
    inputs: tuple[Value, ...]
    weighted: tuple[Value, ...]
    pre_activation: tuple[Value, ...]
    activation: tuple[Value, ...]
    rounded: bool = False

    def as_json(self) -> dict[str, object]:
        def floats(values: tuple[Value, ...]) -> list[float]:
            return [quantity.to_float(v) for v in values]

        def exacts(values: tuple[Value, ...]) -> list[str]:
            return [quantity.plain(v) for v in values]

        return {
            "index": self.index,
            "part": self.part,
            "weight": self.spec.weight_name,
            "weight_shape": [self.spec.n_out, self.spec.n_in],
            "transposed_from": self.spec.transposed_from,
            "activation_name": self.spec.activation,
            "input_name": self.input_name,
            "output_name": self.output_name,
            "weighted": floats(self.weighted),
            "pre_activation": floats(self.pre_activation),
            "activation": floats(self.activation),
            "weighted_exact": exacts(self.weighted),
            "pre_activation_exact": exacts(self.pre_activation),
            "activation_exact": exacts(self.activation),
            "rounded": self.rounded,
        }


class ForwardResult(Record):
    """A forward pass worked out, with the architecture it ran and the reconstruction losses.

    ``mse`` is None when nothing is compared: the net is not an autoencoder (its output size
    differs from its input) and no target was given (``no_loss`` says so).
    """

    network: Network
    x: tuple[Value, ...]
    target: tuple[Value, ...] | None
    layers: tuple[LayerPass, ...]
    code_layer: int
    params: ParamCount
    arithmetic: Arithmetic
    arithmetic_reason: str
    mse: Loss | None
    bce: Loss | None
    bce_undefined: str | None
    notes: tuple[str, ...] = ()
    corruption: Corruption | None = None
    no_loss: str | None = None
    jacobian: tuple[tuple[Value, ...], ...] | None = None  # ∂(output)/∂x, rows = output units

    @property
    def autoencoder(self) -> bool:
        """The output has as many values as the input (it can be a reconstruction of it)."""
        return self.network.sizes[-1] == self.network.sizes[0]

    @property
    def z(self) -> tuple[Value, ...]:
        return self.layers[self.code_layer - 1].activation

    @property
    def x_hat(self) -> tuple[Value, ...]:
        return self.layers[-1].activation

    @property
    def compared_with(self) -> tuple[Value, ...]:
        return self.x if self.target is None else self.target

    def _loss_json(self) -> dict[str, object] | None:
        if self.mse is None:
            return None
        return {
            "against": (
                "target" if self.target is not None else "clean x" if self.corruption else "x"
            ),
            "mse": quantity.to_float(self.mse.value),
            "mse_exact": quantity.plain(self.mse.value),
            "bce": None if self.bce is None else quantity.to_float(self.bce.value),
            "bce_exact": None if self.bce is None else quantity.plain(self.bce.value),
            "bce_undefined": self.bce_undefined,
            "convention": "mean over the outputs; BCE with the natural log",
        }

    def _jacobian_json(self) -> dict[str, object]:
        if self.jacobian is None:
            return {}
        return {
            "jacobian": [[quantity.to_float(v) for v in row] for row in self.jacobian],
            "jacobian_exact": [
                [quantity.plain(v) if quantity.is_closed_form(v) else None for v in row]
                for row in self.jacobian
            ],
        }

    def as_json(self) -> dict[str, object]:
        classification = self.params.classification
        return {
            "architecture": list(self.network.sizes),
            "kind": None if classification is None else classification.kind,
            "style": self.network.style,
            "tied": self.network.tied,
            "activations": [layer.activation for layer in self.network.layers],
            "arithmetic": self.arithmetic,
            "arithmetic_reason": self.arithmetic_reason,
            "x": [quantity.to_float(v) for v in self.x],
            "target": None if self.target is None else [quantity.to_float(v) for v in self.target],
            "layers": [layer.as_json() for layer in self.layers],
            "code_layer": self.code_layer,
            "z": [quantity.to_float(v) for v in self.z],
            "z_exact": [quantity.plain(v) for v in self.z],
            "x_hat": [quantity.to_float(v) for v in self.x_hat],
            "x_hat_exact": [quantity.plain(v) for v in self.x_hat],
            "autoencoder": self.autoencoder,
            "loss": self._loss_json(),
            "no_loss": self.no_loss,
            **self._jacobian_json(),
            "noise": None if self.corruption is None else self.corruption.as_json(),
            "notes": list(self.notes),
        }


def _layer_names(network: Network, code_layer: int) -> list[tuple[str, str]]:
    """(input name, output name) for each layer: x → … z … → x̂ for an autoencoder, and
    x → h1 → … → ŷ for a net whose output is not a reconstruction (no code layer named)."""
    count = len(network.layers)
    autoencoder = network.sizes[-1] == network.sizes[0]
    outputs: list[str] = []
    for i in range(1, count + 1):
        if i == count:
            outputs.append("x̂" if autoencoder else "ŷ")
        elif i == code_layer and autoencoder:
            outputs.append("z" if network.style == "vanilla" else f"z = h{i}")
        else:
            outputs.append(f"h{i}")
    return chained_names("x", outputs)


def chained_names(first: str, outputs: list[str]) -> list[tuple[str, str]]:
    """(input name, output name) per layer: each layer's input is the output of the layer
    before, by its first name (a layer after ``z = h2`` takes ``z``)."""
    inputs = [first, *[name.split(" = ")[0] for name in outputs[:-1]]]
    return list(zip(inputs, outputs, strict=True))


def layers_in(ar: Arith, network: Network) -> tuple[Dense, ...]:
    """The net's layers in ``ar``'s arithmetic (a weight beyond float64 names its option)."""
    return tuple(
        Dense(
            ar.matrix(spec.weights, spec.weight_arg),
            ar.vector(spec.bias, spec.bias_arg, "a bias"),
            activations.ACTIVATIONS[spec.activation],
        )
        for spec in network.layers
    )


def choose_arithmetic(network: Network, float_only: bool) -> tuple[Arithmetic, str]:
    """Exact closed forms while the net is exam-sized, else float64; and why."""
    widest = max(network.sizes)
    if float_only:
        return "float", "decimals only (--float): float64 arithmetic"
    if widest > MAX_EXACT_UNITS:
        return "float", (
            f"decimals only: a layer has {widest} units, and exact closed forms are shown for "
            f"nets of at most {MAX_EXACT_UNITS} units a layer; float64 arithmetic"
        )
    if len(network.layers) > MAX_EXACT_LAYERS:
        return "float", (
            f"decimals only: the net has {len(network.layers)} layers, and exact closed forms "
            f"are worked for nets of at most {MAX_EXACT_LAYERS} layers; float64 arithmetic"
        )
    return "exact", "exact: closed forms, with decimals correctly rounded from them"


def _overflow(network: Network, passes: list[Pass]) -> None:
    """float64: a layer whose values left the float64 range is an error naming its weights."""
    for index, (spec, step) in enumerate(zip(network.layers, passes, strict=True), start=1):
        if not all(math.isfinite(v) for v in (*step.pre, *step.out)):
            raise InputError(
                spec.weight_arg,
                f"layer {index} overflows float64 ({spec.weight_name}·h + {spec.bias_name} "
                "goes beyond ±1.8e308): scale the weights or the input down",
            )


def work_layers(
    network: Network,
    x: tuple[Value, ...],
    arithmetic: Arithmetic,
    names: list[tuple[str, str]],
    parts: list[Part],
    *,
    x_arg: str = "--x",
) -> tuple[tuple[LayerPass, ...], tuple[str, ...]]:
    """The pass of ``x`` through ``network`` in ``arithmetic`` (:func:`aecalc.nets.dense.forward`),
    each layer's three steps kept under its (input, output) ``names`` and its ``parts``; and the
    notes on it (from which layer on values were carried as numbers). ``x`` may hold results
    of an earlier computation (closed forms), not only given numbers."""
    ar = arith.EXACT if arithmetic == "exact" else arith.FLOAT
    steps = dense.forward(ar, layers_in(ar, network), ar.vector(x, x_arg, "an input"))
    if arithmetic == "float":
        _overflow(network, steps)
    passes = tuple(
        LayerPass(
            i,
            layer,
            part,
            in_name,
            out_name,
            tuple(x) if i == 1 and arithmetic == "exact" else step.inputs,
            step.weighted,
            step.pre,
            step.out,
            arithmetic == "exact"
            and (step.reason is not None or not all(map(quantity.is_closed_form, step.out))),
        )
        for i, (layer, step, (in_name, out_name), part) in enumerate(
            zip(network.layers, steps, names, parts, strict=True), start=1
        )
    )
    notes: list[str] = []
    first_rounded = next(
        ((p.index, str(step.reason)) for p, step in zip(passes, steps, strict=True) if p.rounded),
        None,
    )
    if first_rounded is not None:
        notes.append(
            f"From layer {first_rounded[0]} on, {first_rounded[1]}, so values are "
            f"carried to {FLOAT_DIGITS} significant digits instead (the decimals shown are still "
            "correctly rounded)."
        )
    return passes, tuple(notes)


def dense_passes(ar: Arith, steps: tuple[LayerPass, ...]) -> list[Pass]:
    """Worked layers back in ``ar``'s arithmetic, as :func:`aecalc.nets.dense.backward` takes
    them (each value kept short: a long closed form is carried as a number)."""

    def kept(values: tuple[Value, ...]) -> tuple[Value, ...]:
        return tuple(ar.keep(ar.lift(v)) for v in values)

    return [
        Pass(kept(p.inputs), kept(p.weighted), kept(p.pre_activation), kept(p.activation))
        for p in steps
    ]


def input_jacobian(
    network: Network, steps: tuple[LayerPass, ...], arithmetic: Arithmetic
) -> tuple[tuple[Value, ...], ...]:
    """∂(output)/∂x of a worked pass: row k is ∂ŷ_k/∂x, the backward pass
    (:func:`aecalc.nets.dense.backward`) started with 1 at output unit k and 0 elsewhere and
    carried below the first layer; no loss is involved. In the pass's arithmetic."""
    ar = arith.EXACT if arithmetic == "exact" else arith.FLOAT
    layers = layers_in(ar, network)
    passes = dense_passes(ar, steps)
    width = len(steps[-1].activation)
    rows = []
    for k in range(width):
        seed = tuple(ar.constant(1 if j == k else 0) for j in range(width))
        grads = dense.backward(ar, layers, passes, seed, down_to_input=True)
        rows.append(tuple(grads[0].g_below or ()))
    return tuple(rows)


def run_forward(
    network: Network,
    x: Vector,
    *,
    target: Vector | None = None,
    float_only: bool = False,
    x_arg: str = "--x",
    corruption: Corruption | None = None,
    jacobian: bool = False,
) -> ForwardResult:
    """Run one sample through ``network``, exactly where that is useful.

    With ``corruption`` (a denoising example), ``x`` is the corrupted x̃ and the losses
    compare x̂ with the clean input ``corruption.clean``. A net whose output size differs from
    its input runs too: its output is compared with ``target`` if one is given, else with
    nothing (``no_loss`` says why); whether a net must be an autoencoder is the caller's
    business (:func:`aecalc.nets.backprop.backprop_step` needs a loss, so a target).
    ``jacobian``: also ∂(output)/∂x (:func:`input_jacobian`).

    >>> from fractions import Fraction as F
    >>> net = build_vanilla(((F(1), F(-1)), (F(0), F(1))), None,
    ...                     ((F(1), F(0)), (F(0), F(1))), None, tied=False, act="sigmoid")
    >>> [round(v, 4) for v in run_forward(net, (F(1), F(0))).as_json()["x_hat"]]
    [0.675, 0.6225]
    """
    from aecalc.nets.architecture import count_params

    check_input(network.layers[0], tuple(x), "x", x_arg)
    last = network.layers[-1]
    if target is not None and len(target) != last.n_out:
        raise InputError(
            "--target",
            f"has {len(target)} values but the net outputs {last.n_out} ({last.describe()})"
            + comma_hint(target, last.n_out),
        )
    params = count_params(network.sizes, mode="as_given", tied=network.tied)
    code_layer = max(params.code_index, 1)
    arithmetic, reason = choose_arithmetic(network, float_only)
    names = _layer_names(network, code_layer)
    autoencoder = last.n_out == len(x)
    parts: list[Part] = [
        ("encoder" if i <= code_layer else "decoder")
        if autoencoder
        else ("output" if i == len(names) else "hidden")
        for i in range(1, len(names) + 1)
    ]
    passes, notes = work_layers(network, tuple(x), arithmetic, names, parts, x_arg=x_arg)
    mse: Loss | None = None
    bce: Loss | None = None
    bce_undefined = no_loss = None
    if target is None and not autoencoder:
        plural = "s" if last.n_out != 1 else ""
        no_loss = (
            f"the net outputs {last.n_out} value{plural} and x has {len(x)}, so its output ŷ is "
            "not a reconstruction of x: there is no reconstruction loss (give --target to "
            "compare ŷ with a target)"
        )
    else:
        x_hat = passes[-1].activation
        clean = tuple(x) if corruption is None else corruption.clean
        against = clean if target is None else tuple(target)
        against_arg = x_arg if target is None else "--target"
        output = "x̂" if autoencoder else "ŷ"
        mse = compute_loss("mse", against, x_hat, x_arg=against_arg, xhat_arg=output)
        try:  # BCE's domain is checked once, by compute_loss (x̂ at 0 or 1, targets outside [0, 1])
            bce = compute_loss("bce", against, x_hat, x_arg=against_arg, xhat_arg=output)
        except InputError as problem:
            bce_undefined = problem.problem
    return ForwardResult(
        network=network,
        x=tuple(x),
        target=None if target is None else tuple(target),
        layers=passes,
        code_layer=code_layer,
        params=params,
        arithmetic=arithmetic,
        arithmetic_reason=reason,
        mse=mse,
        bce=bce,
        corruption=corruption,
        bce_undefined=bce_undefined,
        notes=notes,
        no_loss=no_loss,
        jacobian=input_jacobian(network, passes, arithmetic) if jacobian else None,
    )
