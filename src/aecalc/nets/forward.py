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
arithmetic shares; :func:`run_forward` adds the checks of an autoencoder's input and output,
the choice of arithmetic, the layers' names and the reconstruction losses.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

from aecalc.errors import InputError
from aecalc.nets import activations, arith, dense
from aecalc.nets.arith import Arith
from aecalc.nets.dense import Dense, Pass
from aecalc.nets.losses import Loss, compute_loss
from aecalc.nets.network import LayerSpec, Network, build_deep, build_vanilla, shape
from aecalc.record import Record
from aecalc.values import limits, quantity
from aecalc.values.parse import Vector
from aecalc.values.quantity import Value

if TYPE_CHECKING:
    from aecalc.nets.architecture import ParamCount
    from aecalc.nets.noise import Corruption

MAX_EXACT_UNITS = 16
MAX_EXACT_LAYERS = 32
FLOAT_DIGITS = limits.FLOAT_DIGITS

Arithmetic = Literal["exact", "float"]

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
]


class LayerPass(Record):
    """The three steps of one layer for one sample."""

    index: int
    spec: LayerSpec
    part: Literal["encoder", "decoder"]
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
    """A forward pass worked out, with the architecture it ran and the reconstruction losses."""

    network: Network
    x: tuple[Value, ...]
    target: tuple[Value, ...] | None
    layers: tuple[LayerPass, ...]
    code_layer: int
    params: ParamCount
    arithmetic: Arithmetic
    arithmetic_reason: str
    mse: Loss
    bce: Loss | None
    bce_undefined: str | None
    notes: tuple[str, ...] = ()
    corruption: Corruption | None = None

    @property
    def z(self) -> tuple[Value, ...]:
        return self.layers[self.code_layer - 1].activation

    @property
    def x_hat(self) -> tuple[Value, ...]:
        return self.layers[-1].activation

    @property
    def compared_with(self) -> tuple[Value, ...]:
        return self.x if self.target is None else self.target

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
            "loss": {
                "against": (
                    "target"
                    if self.target is not None
                    else "clean x"
                    if self.corruption is not None
                    else "x"
                ),
                "mse": quantity.to_float(self.mse.value),
                "mse_exact": quantity.plain(self.mse.value),
                "bce": None if self.bce is None else quantity.to_float(self.bce.value),
                "bce_exact": None if self.bce is None else quantity.plain(self.bce.value),
                "bce_undefined": self.bce_undefined,
                "convention": "mean over the outputs; BCE with the natural log",
            },
            "noise": None if self.corruption is None else self.corruption.as_json(),
            "notes": list(self.notes),
        }


def _layer_names(network: Network, code_layer: int) -> list[tuple[str, str]]:
    """(input name, output name) for each layer: x → … z … → x̂."""
    count = len(network.layers)
    outputs: list[str] = []
    for i in range(1, count + 1):
        if i == count:
            outputs.append("x̂")
        elif i == code_layer:
            outputs.append("z" if network.style == "vanilla" else f"z = h{i}")
        else:
            outputs.append(f"h{i}")
    inputs = ["x", *[name.split(" = ")[0] for name in outputs[:-1]]]
    return list(zip(inputs, outputs, strict=True))


def layers_in(ar: Arith, network: Network) -> tuple[Dense, ...]:
    """The net's layers in ``ar``'s arithmetic (a weight beyond float64 names its option)."""
    return tuple(
        Dense(
            ar.matrix(spec.weights, spec.weight_arg),
            ar.vector(spec.bias, spec.bias_arg),
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


def run_forward(
    network: Network,
    x: Vector,
    *,
    target: Vector | None = None,
    float_only: bool = False,
    x_arg: str = "--x",
    corruption: Corruption | None = None,
) -> ForwardResult:
    """Run one sample through ``network``, exactly where that is useful.

    With ``corruption`` (a denoising example), ``x`` is the corrupted x̃ and the losses
    compare x̂ with the clean input ``corruption.clean``.

    >>> from fractions import Fraction as F
    >>> net = build_vanilla(((F(1), F(-1)), (F(0), F(1))), None,
    ...                     ((F(1), F(0)), (F(0), F(1))), None, tied=False, act="sigmoid")
    >>> [round(v, 4) for v in run_forward(net, (F(1), F(0))).as_json()["x_hat"]]
    [0.675, 0.6225]
    """
    from aecalc.nets.architecture import count_params

    first = network.layers[0]
    if len(x) != first.n_in:
        raise InputError(
            x_arg, f"has {len(x)} values but {first.describe()} (expects {first.n_in})"
        )
    last = network.layers[-1]
    if target is None and last.n_out != len(x):
        raise InputError(
            last.weight_arg,
            f"{last.describe()}, so the net outputs {last.n_out} values, but x has {len(x)}: "
            "an autoencoder reconstructs its input (give --target to compare with another vector)",
        )
    if target is not None and len(target) != last.n_out:
        raise InputError(
            "--target",
            f"has {len(target)} values but the net outputs {last.n_out} ({last.describe()})",
        )
    params = count_params(network.sizes, mode="as_given", tied=network.tied)
    code_layer = max(params.code_index, 1)
    arithmetic, reason = choose_arithmetic(network, float_only)
    ar = arith.EXACT if arithmetic == "exact" else arith.FLOAT
    steps = dense.forward(ar, layers_in(ar, network), ar.vector(x, x_arg))
    if arithmetic == "float":
        _overflow(network, steps)
    names = _layer_names(network, code_layer)
    passes = [
        LayerPass(
            i,
            layer,
            "encoder" if i <= code_layer else "decoder",
            in_name,
            out_name,
            tuple(x) if i == 1 and arithmetic == "exact" else step.inputs,
            step.weighted,
            step.pre,
            step.out,
            arithmetic == "exact"
            and (step.reason is not None or not all(map(quantity.is_closed_form, step.out))),
        )
        for i, (layer, step, (in_name, out_name)) in enumerate(
            zip(network.layers, steps, names, strict=True), start=1
        )
    ]
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
    x_hat = passes[-1].activation
    clean = tuple(x) if corruption is None else corruption.clean
    against = clean if target is None else tuple(target)
    against_arg = x_arg if target is None else "--target"
    mse = compute_loss("mse", against, x_hat, x_arg=against_arg, xhat_arg="x̂")
    bce: Loss | None = None
    bce_undefined = None
    try:  # BCE's domain is checked once, by compute_loss (x̂ at 0 or 1, targets outside [0, 1])
        bce = compute_loss("bce", against, x_hat, x_arg=against_arg, xhat_arg="x̂")
    except InputError as problem:
        bce_undefined = problem.problem
    return ForwardResult(
        network=network,
        x=tuple(x),
        target=None if target is None else tuple(target),
        layers=tuple(passes),
        code_layer=code_layer,
        params=params,
        arithmetic=arithmetic,
        arithmetic_reason=reason,
        mse=mse,
        bce=bce,
        corruption=corruption,
        bce_undefined=bce_undefined,
        notes=tuple(notes),
    )
