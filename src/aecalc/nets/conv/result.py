"""The result records of ``aecalc params --input``: one per layer, one for the whole net.

``as_json()`` gives the CLI.md keys: per layer ``weights``, ``biases``, ``params`` (learnable),
``non_trainable``, ``output_shape`` ([H, W, C] or [N]) and ``multiply_adds`` (and the layer's
numbers: ``kernel``, ``stride``, ``padding``, ``output_padding`` and ``dilation`` as [H, W];
``receptive_field`` as [H, W], or null once every input value is seen, and ``jump``); at the top
``total_params``, ``non_trainable_params``, ``encoder_params``, ``decoder_params``, ``kind`` and
``compression_ratio``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

from aecalc.nets.architecture import Classification
from aecalc.nets.conv.rule import LayerToken, Receptive
from aecalc.nets.conv.shapes import Shape, size_of
from aecalc.nets.conv.tokens import RULES
from aecalc.record import Record
from aecalc.values import fmt
from aecalc.values.steps import Step


class ConvLayer(Record):
    """One layer with its input and output shapes, its counts and the arithmetic behind them."""

    index: int
    spec: LayerToken
    input_shape: Shape
    output_shape: Shape
    part: Literal["encoder", "decoder"]
    weights: int
    biases: int
    non_trainable: int
    multiply_adds: int
    torchinfo_mult_adds: int
    formula: str
    shape_formula: str
    macs_formula: str
    receptive: Receptive

    @property
    def params(self) -> int:
        """Learnable parameters."""
        return self.weights + self.biases

    @property
    def size(self) -> int:
        return size_of(self.output_shape)

    @property
    def kind_name(self) -> str:
        return RULES[self.spec.kind].name

    def as_json(self) -> dict[str, object]:
        spec, kind = self.spec, self.spec.kind
        kernel = kind in ("conv", "convT", "pool", "avgpool")
        convolution = kind in ("conv", "convT")
        padding: object = None
        if convolution:
            padding = "same" if spec.padding is None else list(spec.padding)
        elif kind in ("pool", "avgpool"):
            padding = None if spec.pool_padding == "exact" else spec.pool_padding
        rate = spec.rate if spec.rate is not None else Fraction(1, 2)
        field = self.receptive
        return {
            "index": self.index,
            "token": spec.token,
            "layer": spec.layer,
            "type": kind,
            "part": self.part,
            "input_shape": list(self.input_shape),
            "output_shape": list(self.output_shape),
            "output_size": self.size,
            "kernel": list(spec.kernel) if kernel else None,
            "stride": list(spec.stride) if kernel else None,
            "padding": padding,
            "output_padding": list(spec.output_padding) if kind == "convT" else None,
            "dilation": list(spec.dilation) if convolution else None,
            "filters": spec.filters if kind in ("conv", "convT") else None,
            "units": spec.filters if kind == "dense" else None,
            "factor": spec.kernel[0] if kind == "up" else None,
            "rate": float(rate) if kind == "dropout" else None,
            "weights": self.weights,
            "biases": self.biases,
            "params": self.params,
            "non_trainable": self.non_trainable,
            "multiply_adds": self.multiply_adds,
            "torchinfo_mult_adds": self.torchinfo_mult_adds,
            "receptive_field": None if field.size is None else list(field.size),
            "jump": [float(j) for j in field.jump],
            "formulas": {
                "output_shape": self.shape_formula,
                "params": self.formula,
                "multiply_adds": self.macs_formula,
            },
        }


class ConvParamCount(Record):
    """Every figure of ``aecalc params --input HxWxC LAYER...``."""

    input_shape: Shape
    layers: tuple[ConvLayer, ...]
    code_index: int  # 1-based layer index whose output is the code (latent)
    encoder_params: int
    decoder_params: int
    total_params: int
    non_trainable_params: int
    classification: Classification
    compression_ratio: Fraction
    output_matches_input: bool
    mirrored: bool
    bias: bool
    mirror_steps: tuple[str, ...]
    warnings: tuple[str, ...]
    notes: tuple[str, ...]
    steps: tuple[Step, ...]

    @property
    def code_shape(self) -> Shape:
        return self.layers[self.code_index - 1].output_shape

    @property
    def code_size(self) -> int:
        return size_of(self.code_shape)

    @property
    def input_size(self) -> int:
        return size_of(self.input_shape)

    @property
    def architecture(self) -> tuple[int, ...]:
        """Flattened sizes: the input, then each layer's output."""
        return (self.input_size, *(layer.size for layer in self.layers))

    @property
    def is_expansion(self) -> bool:
        return self.compression_ratio < 1

    @property
    def multiply_adds(self) -> int:
        return sum(layer.multiply_adds for layer in self.layers)

    @property
    def torchinfo_mult_adds(self) -> int:
        return sum(layer.torchinfo_mult_adds for layer in self.layers)

    @property
    def keras_total_params(self) -> int:
        """What Keras' ``model.summary()`` prints as "Total params": both kinds added."""
        return self.total_params + self.non_trainable_params

    def as_json(self) -> dict[str, object]:
        ratio = self.compression_ratio
        return {
            "input_shape": list(self.input_shape),
            "architecture": list(self.architecture),
            "shapes": [list(self.input_shape), *(list(x.output_shape) for x in self.layers)],
            "layers": [layer.as_json() for layer in self.layers],
            "code_layer": self.code_index,
            "code_shape": list(self.code_shape),
            "code_size": self.code_size,
            "encoder_params": self.encoder_params,
            "decoder_params": self.decoder_params,
            "total_params": self.total_params,
            "non_trainable_params": self.non_trainable_params,
            "keras_total_params": self.keras_total_params,
            "total_weights": sum(x.weights for x in self.layers),
            "total_biases": sum(x.biases for x in self.layers),
            "kind": self.classification.kind,
            "classification": self.classification.as_json(),
            "compression_ratio": float(ratio),
            "compression_ratio_exact": fmt.exact(ratio),
            "expansion": self.is_expansion,
            "output_matches_input": self.output_matches_input,
            "mirrored": self.mirrored,
            "mirror": list(self.mirror_steps),
            "bias": self.bias,
            "multiply_adds": self.multiply_adds,
            "torchinfo_mult_adds": self.torchinfo_mult_adds,
            "memory_bytes": {"float32": self.total_params * 4, "float64": self.total_params * 8},
            "warnings": list(self.warnings),
            "notes": list(self.notes),
            "steps": [step.as_json() for step in self.steps],
        }
