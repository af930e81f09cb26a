"""One forward pass through a dense autoencoder, written out layer by layer.

Each layer is three named steps — the weighted sum W·h, then + b, then the
activation — so the vector W_d·z can never be confused with σ(W_d·z). Weights
are shaped units out × units in and act as W·h on a column vector.

Arithmetic is exact (SymPy closed forms such as σ(1) = 1/(1 + e⁻¹)) while the net
is exam-sized (every layer at most :data:`MAX_EXACT_UNITS` units) and closed forms
stay short; a closed form that grows past :data:`MAX_EXPRESSION_NODES` nodes, or an
activation whose argument :mod:`aecalc.values.limits` finds too large or too long for SymPy
(σ(10²⁰⁰), a 16-term sum of sigmoids), is replaced by its value to 60 significant
digits, so decimals stay correctly rounded and no input makes SymPy hang. Larger
nets, or ``--float``, use float64 (NumPy) and say so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from aecalc.errors import InputError
from aecalc.nets import activations
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
MAX_EXPRESSION_NODES = 160
FLOAT_DIGITS = limits.FLOAT_DIGITS

Arithmetic = Literal["exact", "float"]

__all__ = [
    "MAX_EXACT_LAYERS",
    "MAX_EXACT_UNITS",
    "MAX_EXPRESSION_NODES",
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


class _Values(Record):
    """One layer's three steps for one sample, and why values were rounded (where they were)."""

    weighted: tuple[Value, ...]
    pre_activation: tuple[Value, ...]
    activation: tuple[Value, ...]
    rounded: bool = False
    reason: str | None = None


def _exact_pass(network: Network, x: Vector) -> list[_Values]:
    """Per layer: the weighted sums, pre-activations and activations in SymPy.

    :mod:`aecalc.values.limits` decides, before SymPy sees them, which values are carried as 60-digit
    numbers instead of closed forms (huge or long arguments of e^a, fractions of 1,000 digits):
    those are what would make SymPy run for seconds or hang.
    """
    import sympy

    from aecalc.values.exact import rational

    h: tuple[Any, ...] = tuple(rational(v) for v in x)
    results: list[_Values] = []
    for layer in network.layers:
        reason = next(filter(None, map(limits.rational_problem, h)), None)
        if reason is not None:
            h = tuple(limits.to_number(v) for v in h)
        weighted = tuple(
            sympy.Add(*(rational(w) * v for w, v in zip(row, h, strict=True) if w != 0))
            for row in layer.weights
        )
        pre = tuple(s + rational(b) for s, b in zip(weighted, layer.bias, strict=True))
        arguments = pre
        act = activations.ACTIVATIONS[layer.activation]
        if act.transcendental:
            problem = limits.layer_problem(pre)
            if problem is not None:
                arguments = tuple(limits.to_number(v) for v in pre)
                reason = reason or problem
        out = act.exact(arguments)
        rounded = reason is not None
        bounded: list[Any] = []
        for value in out:
            if limits.nodes(value, MAX_EXPRESSION_NODES) > MAX_EXPRESSION_NODES:
                bounded.append(limits.to_number(value))
                rounded = True
                reason = reason or "closed forms grew too long to help"
            else:
                bounded.append(value)
        h = tuple(bounded)
        rounded = rounded or any(quantity.is_float(v) or v.has(sympy.Float) for v in h)
        results.append(_Values(weighted, pre, h, rounded, reason))
    return results


def _float_pass(network: Network, x: Vector) -> list[_Values]:
    import numpy as np

    from aecalc.values.parse import to_float64

    h = np.array([to_float64(v, "--float", "an input") for v in x], dtype=np.float64)
    results: list[_Values] = []
    for index, layer in enumerate(network.layers, start=1):
        weights = np.array(
            [[to_float64(w, "--float", "a weight") for w in row] for row in layer.weights],
            dtype=np.float64,
        )
        with np.errstate(all="ignore"):
            weighted = weights @ h
            pre = weighted + np.array(
                [to_float64(b, "--float", "a bias") for b in layer.bias], dtype=np.float64
            )
            h = activations.ACTIVATIONS[layer.activation].numpy(pre)
        if not (np.isfinite(pre).all() and np.isfinite(h).all()):
            raise InputError(
                layer.weight_arg,
                f"layer {index} overflows float64 ({layer.weight_name}·h + {layer.bias_name} "
                "goes beyond ±1.8e308): scale the weights or the input down",
            )
        results.append(_Values(tuple(weighted.tolist()), tuple(pre.tolist()), tuple(h.tolist())))
    return results


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
    sizes = network.sizes
    params = count_params(sizes, mode="as_given", tied=network.tied)
    code_layer = max(params.code_index, 1)
    widest = max(sizes)
    if float_only:
        arithmetic: Arithmetic = "float"
        reason = "decimals only (--float): float64 arithmetic"
    elif widest > MAX_EXACT_UNITS:
        arithmetic = "float"
        reason = (
            f"decimals only: a layer has {widest} units, and exact closed forms are shown for "
            f"nets of at most {MAX_EXACT_UNITS} units a layer; float64 arithmetic"
        )
    elif len(network.layers) > MAX_EXACT_LAYERS:
        arithmetic = "float"
        reason = (
            f"decimals only: the net has {len(network.layers)} layers, and exact closed forms "
            f"are worked for nets of at most {MAX_EXACT_LAYERS} layers; float64 arithmetic"
        )
    else:
        arithmetic = "exact"
        reason = "exact: closed forms, with decimals correctly rounded from them"
    steps = _exact_pass(network, x) if arithmetic == "exact" else _float_pass(network, x)
    names = _layer_names(network, code_layer)
    passes: list[LayerPass] = []
    inputs: tuple[Value, ...] = (
        tuple(x) if arithmetic == "exact" else tuple(quantity.to_float(v) for v in x)
    )
    for i, (layer, step, (in_name, out_name)) in enumerate(
        zip(network.layers, steps, names, strict=True), start=1
    ):
        passes.append(
            LayerPass(
                i,
                layer,
                "encoder" if i <= code_layer else "decoder",
                in_name,
                out_name,
                inputs,
                step.weighted,
                step.pre_activation,
                step.activation,
                step.rounded,
            )
        )
        inputs = step.activation
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
