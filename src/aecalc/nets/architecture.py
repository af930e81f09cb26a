"""Counting an autoencoder's parameters and deciding its kind — pure integer arithmetic.

The results are immutable :class:`~aecalc.record.Record` values, cheap to define on the
``params``/``classify`` start-up path.

Conventions (the course notes'): a dense layer a → b has a·b weights and b
biases, its weight matrix is b × a and acts as W·x. An encoder spec such as
``10 8 4`` is mirrored into the whole net ``10 8 4 8 10``. With tied weights
each decoder matrix is the transpose of its encoder twin, so the decoder adds
only its biases.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Literal

from aecalc.errors import InputError
from aecalc.record import Record
from aecalc.values import fmt
from aecalc.values.fmt import arrow, counted
from aecalc.values.steps import Step

if TYPE_CHECKING:
    from fractions import Fraction

Mode = Literal["auto", "mirror", "as_given"]
Convention = Literal["notes", "strict"]
Kind = Literal["undercomplete", "overcomplete", "complete"]


class Classification(Record):
    """Under- or overcomplete, with the rule that decided it."""

    kind: Kind
    input: int
    hidden: int
    convention: Convention
    reason: str
    other_convention: Convention
    other_kind: Kind

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "input": self.input,
            "hidden": self.hidden,
            "convention": self.convention,
            "reason": self.reason,
            "other_convention": {"name": self.other_convention, "kind": self.other_kind},
        }


def _kind(input_size: int, hidden: int, convention: Convention) -> Kind:
    if hidden < input_size:
        return "undercomplete"
    if hidden == input_size and convention == "strict":
        return "complete"
    return "overcomplete"


def classify(input_size: int, hidden: int, convention: Convention = "notes") -> Classification:
    """Decide the kind of an autoencoder from its input size and its code (bottleneck) size.

    ``notes``: hidden ≥ input is overcomplete (so 2 → 2 → 2 is overcomplete).
    ``strict`` (Goodfellow et al., ch. 14): only hidden > input is overcomplete,
    and equal sizes are *complete*.
    """
    if input_size < 1 or hidden < 1:
        raise InputError("INPUT" if input_size < 1 else "HIDDEN", "sizes must be at least 1")
    kind = _kind(input_size, hidden, convention)
    relation = "<" if hidden < input_size else ("=" if hidden == input_size else ">")
    if kind == "undercomplete":
        reason = (
            f"hidden {hidden:,} < input {input_size:,}: the code is smaller than the input, "
            "so the net must compress and cannot simply copy"
        )
    elif kind == "complete":
        reason = (
            f"hidden {hidden:,} = input {input_size:,}: the code is as large as the input, "
            "so the net can learn the identity copy unless it is regularised"
        )
    elif convention == "notes":
        reason = (
            f"hidden {hidden:,} {relation} input {input_size:,}: by the course notes' rule "
            "hidden ≥ input is overcomplete; such a net can copy the input without learning "
            "useful features unless it is regularised (sparse, denoising, contractive)"
        )
    else:
        reason = (
            f"hidden {hidden:,} > input {input_size:,}: the code is larger than the input, "
            "so it needs a regulariser (sparse, denoising, contractive) to learn anything useful"
        )
    other: Convention = "strict" if convention == "notes" else "notes"
    return Classification(
        kind=kind,
        input=input_size,
        hidden=hidden,
        convention=convention,
        reason=reason,
        other_convention=other,
        other_kind=_kind(input_size, hidden, other),
    )


class DenseLayer(Record):
    """One fully connected layer ``n_in → n_out``."""

    index: int
    n_in: int
    n_out: int
    part: Literal["encoder", "decoder"]
    weights: int
    biases: int
    tied: bool

    @property
    def params(self) -> int:
        return self.weights + self.biases

    def as_json(self) -> dict[str, object]:
        return {
            "index": self.index,
            "from": self.n_in,
            "to": self.n_out,
            "part": self.part,
            "weight_shape": [self.n_out, self.n_in],
            "weights": self.weights,
            "biases": self.biases,
            "params": self.params,
            "tied": self.tied,
        }


class ParamCount(Record):
    """Every figure of ``aecalc params``: layers, subtotals, kind, ratio, memory, cost."""

    given: tuple[int, ...]
    architecture: tuple[int, ...]
    interpretation: str
    is_autoencoder: bool
    code_index: int
    layers: tuple[DenseLayer, ...]
    encoder_params: int
    decoder_params: int
    total_params: int
    classification: Classification | None
    tied: bool
    bias: bool
    multiply_adds: int
    notes: tuple[str, ...]
    steps: tuple[Step, ...]

    @property
    def code_size(self) -> int:
        return self.architecture[self.code_index]

    @property
    def compression_ratio(self) -> Fraction | None:
        """Input size / code size, exactly (``None`` for a net that is not an autoencoder)."""
        if not self.is_autoencoder:
            return None
        import fractions

        return fractions.Fraction(self.architecture[0], self.code_size)

    @property
    def total_weights(self) -> int:
        return sum(layer.weights for layer in self.layers)

    @property
    def total_biases(self) -> int:
        return sum(layer.biases for layer in self.layers)

    def bytes_at(self, width: int) -> int:
        """Memory of the parameters at ``width`` bytes each (4 for float32, 8 for float64)."""
        return self.total_params * width

    def as_json(self) -> dict[str, object]:
        size, code = self.architecture[0], self.code_size
        auto = self.is_autoencoder
        return {
            "architecture": list(self.architecture),
            "given": list(self.given),
            "interpretation": self.interpretation,
            "layers": [layer.as_json() for layer in self.layers],
            "code_layer": self.code_index,
            "code_size": self.code_size,
            "encoder_params": self.encoder_params,
            "decoder_params": self.decoder_params,
            "total_params": self.total_params,
            "total_weights": self.total_weights,
            "total_biases": self.total_biases,
            "kind": None if self.classification is None else self.classification.kind,
            "classification": None
            if self.classification is None
            else self.classification.as_json(),
            "compression_ratio": size / code if auto else None,
            "compression_ratio_exact": fmt.exact(fmt.Ratio(size, code)) if auto else None,
            "tied": self.tied,
            "bias": self.bias,
            "memory_bytes": {"float32": self.bytes_at(4), "float64": self.bytes_at(8)},
            "multiply_adds": self.multiply_adds,
            "notes": list(self.notes),
            "steps": [step.as_json() for step in self.steps],
        }


def _is_symmetric(sizes: tuple[int, ...]) -> bool:
    return sizes == sizes[::-1]


def _code_index(sizes: tuple[int, ...]) -> int:
    """The code layer: the middle of a symmetric net, otherwise the smallest hidden layer."""
    if len(sizes) <= 2:
        return len(sizes) - 1
    if _is_symmetric(sizes) and len(sizes) % 2 == 1:
        return len(sizes) // 2
    hidden = sizes[1:-1]
    return 1 + min(range(len(hidden)), key=lambda i: (hidden[i], i))


def _interpret(given: tuple[int, ...], mode: Mode) -> tuple[tuple[int, ...], str, bool]:
    """The whole net to count, a sentence saying how it was read, and whether it is an autoencoder."""
    if mode == "mirror" or (mode == "auto" and not (len(given) >= 3 and given[0] == given[-1])):
        if len(given) < 2:
            raise InputError(
                "SIZES", "give at least two sizes: the input and the code layer (e.g. 10 4)"
            )
        whole = given + given[-2::-1]
        how = f"encoder {arrow(given)}; decoder mirrored from the encoder ({arrow(given[::-1])})"
        return whole, how, True
    if len(given) < 2:
        raise InputError("SIZES", "give at least two sizes")
    if given[0] == given[-1] and len(given) >= 3:
        how = "the whole network as given (its output size equals its input size)"
        return given, how, True
    how = (
        "a plain feed-forward network as given: its output size differs from its input, "
        "so it is not an autoencoder (an encoder with a classifier head, say)"
    )
    return given, how, False


def count_params(
    sizes: tuple[int, ...] | list[int],
    *,
    mode: Mode = "auto",
    tied: bool = False,
    bias: bool = True,
    convention: Convention = "notes",
) -> ParamCount:
    """Count the parameters of a dense autoencoder, layer by layer.

    >>> count_params([10, 8, 4]).total_params
    254
    >>> count_params([9, 5, 9], tied=True).total_params
    59
    """
    given = tuple(int(s) for s in sizes)
    for size in given:
        if size < 1:
            raise InputError("SIZES", f"{size} is not a layer size: sizes must be at least 1")
    whole, interpretation, is_autoencoder = _interpret(given, mode)
    if tied and not _is_symmetric(whole):
        raise InputError(
            "--tied",
            f"{arrow(whole)} is not symmetric, so decoder weights have no twin",
        )
    code = _code_index(whole)
    n_layers = len(whole) - 1
    layers: list[DenseLayer] = []
    steps: list[Step] = []
    for i in range(n_layers):
        n_in, n_out = whole[i], whole[i + 1]
        part: Literal["encoder", "decoder"] = "encoder" if i < code else "decoder"
        shares = tied and part == "decoder"
        layer = DenseLayer(
            index=i + 1,
            n_in=n_in,
            n_out=n_out,
            part=part,
            weights=0 if shares else n_in * n_out,
            biases=n_out if bias else 0,
            tied=shares,
        )
        layers.append(layer)
        weight_text = (
            f"W{n_layers - i}ᵀ shared (0 new weights)"
            if shares
            else f"{n_in} × {n_out} = {layer.weights} weights"
        )
        bias_text = f" + {layer.biases} biases" if bias else " (no biases)"
        steps.append(
            Step(f"layer {i + 1} ({part}) {n_in} → {n_out}", weight_text + bias_text, layer.params)
        )
    subtotals: dict[str, int] = {}
    for half in ("encoder", "decoder"):
        counts = [x.params for x in layers if x.part == half]
        subtotals[half] = sum(counts)
        steps.append(Step(half, " + ".join(map(str, counts)) or "0", subtotals[half]))
    encoder, decoder = subtotals["encoder"], subtotals["decoder"]
    steps.append(Step("total", f"{encoder} + {decoder}", encoder + decoder))
    classification = classify(whole[0], whole[code], convention) if is_autoencoder else None
    notes = _notes(whole, code, tied, bias, is_autoencoder)
    return ParamCount(
        given=given,
        architecture=whole,
        interpretation=interpretation,
        is_autoencoder=is_autoencoder,
        code_index=code,
        layers=tuple(layers),
        encoder_params=encoder,
        decoder_params=decoder,
        total_params=encoder + decoder,
        classification=classification,
        tied=tied,
        bias=bias,
        multiply_adds=sum(n_in * n_out for n_in, n_out in itertools.pairwise(whole)),
        notes=notes,
        steps=tuple(steps),
    )


def _notes(
    whole: tuple[int, ...], code: int, tied: bool, bias: bool, is_autoencoder: bool
) -> tuple[str, ...]:
    notes: list[str] = []
    if is_autoencoder:
        notes.append(
            f"The output layer has {counted(whole[-1], 'unit')}: an autoencoder reconstructs its "
            "input."
        )
    if bias:
        notes.append(
            f"Bias as an extra node: the lecture draws the input layer as {whole[0]} + 1 nodes, the +1 "
            "a constant 1 whose weights are the next layer's biases. Same count, another picture."
        )
    if tied:
        notes.append(
            "Tied weights: each decoder matrix is the transpose of its encoder twin (W_d = W_eᵀ)."
        )
    if len(whole) > 3 and is_autoencoder:
        notes.append(
            f"For a deep net the bottleneck decides the kind: the code layer is layer {code} "
            f"with {counted(whole[code], 'unit')}."
        )
    return tuple(notes)
