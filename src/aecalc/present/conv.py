"""Document for ``aecalc params --input HxWxC LAYER...`` (convolutional autoencoders)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aecalc.nets.conv import ConvLayer, ConvParamCount, shape_text
from aecalc.present.document import Block, Cell, Document, Facts, Note, Table
from aecalc.values import fmt

if TYPE_CHECKING:
    pass

_KIND_NAME = {
    "conv": "convolution",
    "convT": "transpose convolution",
    "pool": "max pool",
    "up": "upsample",
}


def _row(layer: ConvLayer) -> tuple[Cell, ...]:
    spec = layer.spec
    return (
        str(layer.index),
        layer.part,
        spec.canonical(),
        _KIND_NAME[spec.kind],
        shape_text(layer.input_shape),
        f"{layer.shape_formula} → {shape_text(layer.output_shape)}",
        fmt.grouped(layer.size),
        layer.formula,
        fmt.grouped(layer.params),
    )


def _subtotal(name: str, layers: list[ConvLayer]) -> tuple[Cell, ...]:
    return ("", name, "", "", "", "", "", "", fmt.grouped(sum(x.params for x in layers)))


def conv_params_document(result: ConvParamCount) -> Document:
    layers = list(result.layers)
    rows = [_row(x) for x in layers]
    first_total = len(rows)
    encoder = [x for x in layers if x.part == "encoder"]
    decoder = [x for x in layers if x.part == "decoder"]
    rows.append(_subtotal("encoder", encoder))
    if decoder:
        rows.append(_subtotal("decoder", decoder))
    rows.append(_subtotal("total", layers))
    table = Table(
        title="Layers (shapes are height × width × channels)",
        columns=(
            "#",
            "part",
            "layer",
            "type",
            "input",
            "output shape",
            "values",
            "parameters (K·K·C_in·C_out + C_out)",
            "total",
        ),
        rows=tuple(rows),
        total_rows=frozenset(range(first_total, len(rows))),
    )
    ratio = result.compression_ratio
    ratio_text = fmt.exact(ratio)
    if ratio.denominator != 1:
        ratio_text += f" = {fmt.decimal(ratio, 4).rstrip('0').rstrip('.')}"
    ratio_line = (
        f"input / latent = {fmt.grouped(result.input_size)} / {fmt.grouped(result.code_size)} "
        f"= {ratio_text}×"
    )
    if result.is_expansion:
        ratio_line += " — below 1, so an expansion, not a compression"
    summary: list[tuple[str, Cell]] = [
        ("input", f"{shape_text(result.input_shape)} = {fmt.grouped(result.input_size)} values"),
        (
            "latent (code)",
            f"layer {result.code_index}: {shape_text(result.code_shape)} = "
            f"{fmt.grouped(result.code_size)} values",
        ),
        ("output", shape_text(layers[-1].output_shape)),
        ("encoder", f"{fmt.grouped(result.encoder_params)} parameters"),
        ("decoder", f"{fmt.grouped(result.decoder_params)} parameters"),
        (
            "total",
            f"{fmt.grouped(result.encoder_params)} + {fmt.grouped(result.decoder_params)} = "
            f"{fmt.grouped(result.total_params)} parameters",
        ),
        ("kind", f"{result.classification.kind} — {result.classification.reason}"),
        ("compression ratio", ratio_line),
        (
            "memory",
            f"{fmt.nbytes(result.total_params * 4)} as float32, "
            f"{fmt.nbytes(result.total_params * 8)} as float64",
        ),
        ("multiply-adds", f"{fmt.grouped(result.multiply_adds)} per image"),
    ]
    blocks: list[Block] = [table, Facts("Answer", tuple(summary))]
    blocks += [Note(text, "warning") for text in result.warnings]
    blocks += [Note(text) for text in result.notes]
    if result.mirrored:
        blocks.append(
            Note(
                "--mirror: the decoder mirrors the encoder (pool → upsample, conv → transpose conv "
                "back to the previous channel count).",
                "convention",
            )
        )
    title = f"Parameters of a convolutional autoencoder on {shape_text(result.input_shape)}"
    return Document(title, tuple(blocks))
