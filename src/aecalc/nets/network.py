"""A dense net as a list of layers h ↦ act(W·h + b), checked as it is built from the options.

Weights are shaped units out × units in and act as W·h on a column vector. A tied net's
decoder matrices are its encoder's transposed (:attr:`Network.twins` pairs them).

Every size check of a net is here: a layer that does not take what the layer before gives
(:func:`_chain`, as the net is built) and a vector that does not fit the first layer
(:func:`check_input`, when the net is run). Where the transposed matrix would fit, the message
asks whether Wᵀ was given: a Keras ``Dense`` kernel is stored in × out, aecalc's W is out × in.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Literal

from aecalc.errors import InputError
from aecalc.nets import activations
from aecalc.record import Record
from aecalc.values.parse import Matrix, Vector, comma_hint
from aecalc.values.quantity import Value

Style = Literal["vanilla", "deep"]


def shape(matrix: Matrix) -> str:
    return f"{len(matrix)}×{len(matrix[0])}"


class LayerSpec(Record):
    """One dense layer h ↦ act(W·h + b), with the names the printout and errors use."""

    weights: Matrix
    bias: Vector
    activation: str
    weight_name: str
    bias_name: str
    weight_arg: str
    bias_arg: str
    transposed_from: str | None = None

    @property
    def n_in(self) -> int:
        return len(self.weights[0])

    @property
    def n_out(self) -> int:
        return len(self.weights)

    def describe(self) -> str:
        """``W_e (2×2)`` — used in error messages that name both shapes."""
        return f"{self.weight_name} is {shape(self.weights)}"


class Network(Record):
    """A dense net, input to output."""

    layers: tuple[LayerSpec, ...]
    style: Style
    tied: bool = False

    @property
    def sizes(self) -> tuple[int, ...]:
        return (self.layers[0].n_in, *(layer.n_out for layer in self.layers))

    @property
    def twins(self) -> dict[int, int]:
        """Tied weights: 0-based decoder layer → the 0-based layer whose transpose it uses."""
        return twins(len(self.layers)) if self.tied else {}


def twins(layers: int) -> dict[int, int]:
    """Tied weights: 0-based decoder layer → the encoder layer (L−1−i) whose transpose it uses.

    The decoder is the layers past the middle; with an odd count the middle layer has no twin.
    """
    return {i: layers - 1 - i for i in range((layers + 1) // 2, layers)}


def _transpose(matrix: Matrix) -> Matrix:
    return tuple(zip(*matrix, strict=True))


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _check_bias(bias: Vector | None, spec_weights: Matrix, name: str, bias_arg: str) -> Vector:
    rows = len(spec_weights)
    if bias is None:
        return (Fraction(0),) * rows
    if len(bias) != rows:
        raise InputError(
            bias_arg,
            f"has {len(bias)} values but {name} is {shape(spec_weights)} (expects {rows}, "
            "one bias per output unit)" + comma_hint(bias, rows),
        )
    return bias


def _transposed_hint(spec: LayerSpec) -> str:
    """The question to ask when ``spec``'s transpose would fit where ``spec`` does not."""
    return (
        f": did you give {spec.weight_name}ᵀ? aecalc's W is out × in ({spec.n_out} rows for the "
        f"units out, {spec.n_in} columns for the units in) and acts as W·h; a Keras Dense kernel "
        "is stored in × out, so transpose it"
    )


def check_input(
    spec: LayerSpec, values: tuple[Value, ...], vector: str, argument: str, origin: str = ""
) -> None:
    """Refuse a vector ``values`` (called ``vector``, given as ``argument``) that the layer ``spec``
    does not take: its length must be the number of W's columns. ``origin`` says where a
    computed vector's length comes from (`` (one per --mu value)``).

    When the vector would fit Wᵀ (as many values as W has rows), the weights are the likely
    mistake, and the error names the weights' option and asks whether Wᵀ was given.
    """
    count = len(values)
    if count == spec.n_in:
        return
    if count == spec.n_out:
        raise InputError(
            spec.weight_arg,
            f"{spec.describe()} but {vector} has {count} values{origin}" + _transposed_hint(spec),
        )
    given = argument.lstrip("-") == vector  # the user's own vector, as typed (not a result)
    subject = "has" if given else f"{vector} has"
    typed = given and all(isinstance(v, Fraction) for v in values)
    hint = comma_hint(tuple(map(Fraction, values)), spec.n_in) if typed else ""
    raise InputError(
        argument,
        f"{subject} {count} values{origin} but {spec.describe()} (expects {spec.n_in})" + hint,
    )


def _chain(layers: list[LayerSpec]) -> None:
    """Each layer must take as many values as the one before gives."""
    for before, after in itertools.pairwise(layers):
        if after.n_in != before.n_out:
            hint = (
                _transposed_hint(after)
                if after.n_out == before.n_out
                else f": {after.weight_name} needs {before.n_out} columns"
            )
            raise InputError(
                after.weight_arg,
                f"{after.describe()} but {before.describe()} gives {before.n_out} values" + hint,
            )


def build_vanilla(
    we: Matrix,
    be: Vector | None,
    wd: Matrix | None,
    bd: Vector | None,
    *,
    tied: bool,
    act: str,
) -> Network:
    """x → z = act(W_e·x + b_e) → x̂ = act(W_d·z + b_d); ``tied`` uses W_d = W_eᵀ."""
    if tied and wd is not None:
        raise InputError("--tied", "cannot be used with --wd: tied weights mean W_d = W_eᵀ")
    if wd is None and not tied:
        raise InputError("--wd", "is missing: give the decoder weights, or --tied for W_d = W_eᵀ")
    decoder = _transpose(we) if tied or wd is None else wd
    names = activations.parse_activations(act, 2)
    encoder_spec = LayerSpec(
        we, _check_bias(be, we, "W_e", "--be"), names[0], "W_e", "b_e", "--we", "--be"
    )
    decoder_spec = LayerSpec(
        decoder,
        _check_bias(bd, decoder, "W_d", "--bd"),
        names[1],
        "W_d",
        "b_d",
        "--tied" if tied else "--wd",
        "--bd",
        "W_eᵀ" if tied else None,
    )
    layers = [encoder_spec, decoder_spec]
    _chain(layers)
    return Network(tuple(layers), "vanilla", tied)


def build_deep(ws: list[Matrix], bs: list[Vector], *, tied: bool, act: str) -> Network:
    """``--w`` repeated, input to output (with ``tied``: the encoder only, mirrored transposed)."""
    if not ws:
        raise InputError("--w", "give at least one weight matrix")
    matrices = list(ws)
    if tied:
        matrices += [_transpose(w) for w in reversed(ws)]
    if bs and len(bs) != len(matrices):
        raise InputError(
            "--b",
            f"{len(bs)} biases given for {len(matrices)} layers: give one --b per layer, in order"
            + (" (decoder layers included)" if tied else "")
            + ", or none for zero biases",
        )
    names = activations.parse_activations(act, len(matrices))
    layers: list[LayerSpec] = []
    for i, weights in enumerate(matrices, start=1):
        mirror = 2 * len(ws) + 1 - i
        from_encoder = tied and i > len(ws)
        name = f"W{i}"
        arg = "--tied" if from_encoder else "--w"
        bias = bs[i - 1] if bs else None
        if bias is not None and len(bias) != len(weights):
            raise InputError(
                "--b",
                f"the {_ordinal(i)} --b has {len(bias)} values but {name} is {shape(weights)} "
                f"(expects {len(weights)})",
            )
        layers.append(
            LayerSpec(
                weights,
                _check_bias(bias, weights, name, "--b"),
                names[i - 1],
                name,
                f"b{i}",
                arg if from_encoder else f"--w ({_ordinal(i)})",
                "--b",
                f"W{mirror}ᵀ" if from_encoder else None,
            )
        )
    _chain(layers)
    return Network(tuple(layers), "deep", tied)


def build_decoder(ws: list[Matrix], bs: list[Vector], *, act: str) -> Network:
    """A VAE's decoder, from the code z to x̂: ``--wd`` once (W_d, b_d) or repeated for several
    layers (W_d1, b_d1, W_d2, …), each W out × in; ``bs`` one ``--bd`` per ``--wd`` or none."""
    if bs and len(bs) != len(ws):
        raise InputError(
            "--bd",
            f"{len(bs)} biases given for {len(ws)} decoder layers: give one --bd per --wd, "
            "in order, or none for zero biases",
        )
    names = activations.parse_activations(act, len(ws))
    one = len(ws) == 1
    layers: list[LayerSpec] = []
    for i, weights in enumerate(ws, start=1):
        suffix = "" if one else str(i)
        weight_arg = "--wd" if one else f"--wd ({_ordinal(i)})"
        bias_arg = "--bd" if one else f"--bd ({_ordinal(i)})"
        name = f"W_d{suffix}"
        bias = _check_bias(bs[i - 1] if bs else None, weights, name, bias_arg)
        layers.append(
            LayerSpec(weights, bias, names[i - 1], name, f"b_d{suffix}", weight_arg, bias_arg)
        )
    _chain(layers)
    return Network(tuple(layers), "deep")
