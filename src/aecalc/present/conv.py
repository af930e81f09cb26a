"""Document for ``aecalc params --input HxWxC LAYER...`` (convolutional autoencoders).

One row per layer with the arithmetic a student writes (the output size from its formula, the
weights K·K·C_in·C_out and the biases + C_out apart as the dense table shows them, bn's γ and β,
dense's in·N and + N, the multiply-adds as the products computed), then the totals as a
framework's summary shows them.
"""

from __future__ import annotations

from aecalc.nets.conv.result import ConvLayer, ConvParamCount
from aecalc.nets.conv.shapes import shape_text, values_text
from aecalc.present.document import Block, Cell, Document, Facts, Note, Table
from aecalc.values import fmt


def _receptive(layer: ConvLayer) -> str:
    """``5×5, jump 2`` (input pixels one value sees, and the distance between neighbours), or
    ``all`` once every input value reaches it (after flatten or dense)."""
    field = layer.receptive
    if field.size is None:
        return "all"
    size = f"{field.size[0]}×{field.size[1]}"
    jumps = [fmt.exact(j) for j in field.jump]
    jump = jumps[0] if jumps[0] == jumps[1] else "×".join(jumps)
    return f"{size}, jump {jump}"


def _output(layer: ConvLayer) -> str:
    """``28×28×16 = 12,544``: the output shape and its number of values (a flat vector: N)."""
    shape = layer.output_shape
    return (
        shape_text(shape) if len(shape) == 1 else f"{shape_text(shape)} = {fmt.grouped(layer.size)}"
    )


def _weights(layer: ConvLayer) -> str:
    """The weights as a student counts them: ``3·3·1·16 = 144`` for a kernel, ``784·128 =
    100,352`` for a dense layer, ``γ: 16`` for batch norm's scale; ``0`` without weights."""
    spec, kind = layer.spec, layer.spec.kind
    if kind in ("conv", "convT"):
        (kh, kw), c_in = spec.kernel, layer.input_shape[-1]
        return f"{kh}·{kw}·{c_in}·{spec.filters} = {fmt.grouped(layer.weights)}"
    if kind == "dense":
        return f"{fmt.grouped(layer.input_shape[0])}·{fmt.grouped(spec.filters)} = " + (
            fmt.grouped(layer.weights)
        )
    if kind == "bn":
        return f"γ: {fmt.grouped(layer.weights)}"
    return fmt.grouped(layer.weights) if layer.weights else "0"


def _biases(layer: ConvLayer) -> str:
    """``+ 16`` (``+ 16 β`` for batch norm's shift); empty for a layer without any."""
    if not layer.biases:
        return "no biases" if layer.spec.kind in ("conv", "convT", "dense") else ""
    shift = " β" if layer.spec.kind == "bn" else ""
    return f"+ {fmt.grouped(layer.biases)}{shift}"


def _row(layer: ConvLayer, frozen: bool) -> tuple[Cell, ...]:
    cells: list[Cell] = [
        str(layer.index),
        layer.part,
        f"{layer.spec.layer} ({layer.kind_name})",
        shape_text(layer.input_shape),
        f"{layer.shape_formula} → {_output(layer)}",
        _receptive(layer),
        _weights(layer),
        _biases(layer),
        f"= {fmt.grouped(layer.params)}",
    ]
    if frozen:
        cells.append(fmt.grouped(layer.non_trainable))
    cells.append(layer.macs_formula)
    return tuple(cells)


def _subtotal(name: str, layers: list[ConvLayer], frozen: bool) -> tuple[Cell, ...]:
    cells: list[Cell] = [
        "",
        name,
        "",
        "",
        "",
        "",
        fmt.grouped(sum(x.weights for x in layers)),
        fmt.grouped(sum(x.biases for x in layers)),
        fmt.grouped(sum(x.params for x in layers)),
    ]
    if frozen:
        cells.append(fmt.grouped(sum(x.non_trainable for x in layers)))
    cells.append(fmt.grouped(sum(x.multiply_adds for x in layers)))
    return tuple(cells)


def _table(result: ConvParamCount) -> Table:
    layers = list(result.layers)
    frozen = result.non_trainable_params > 0
    rows = [_row(x, frozen) for x in layers]
    first_total = len(rows)
    encoder = [x for x in layers if x.part == "encoder"]
    decoder = [x for x in layers if x.part == "decoder"]
    rows.append(_subtotal("encoder", encoder, frozen))
    if decoder:
        rows.append(_subtotal("decoder", decoder, frozen))
    rows.append(_subtotal("total", layers, frozen))
    columns = ["#", "part", "layer (type)", "input", "output shape", "field"]
    columns += ["weights", "biases", "learnable"]
    if frozen:
        columns.append("non-trainable")
    columns.append("multiply-adds")
    return Table(
        title="Layers (shapes are height × width × channels, or N for a flat vector; field: "
        "receptive field, jump)",
        columns=tuple(columns),
        rows=tuple(rows),
        total_rows=frozenset(range(first_total, len(rows))),
    )


def _ratio_line(result: ConvParamCount) -> str:
    ratio = result.compression_ratio
    text = fmt.exact(ratio)
    if ratio.denominator != 1:
        text += f" = {fmt.decimal(ratio, 4).rstrip('0').rstrip('.')}"
    line = (
        f"input / code = {fmt.grouped(result.input_size)} / {fmt.grouped(result.code_size)} "
        f"= {text}×"
    )
    if result.is_expansion:
        line += " — below 1, so an expansion, not a compression"
    return line


def conv_params_document(result: ConvParamCount) -> Document:
    layers = list(result.layers)
    code = layers[result.code_index - 1]
    learnable, frozen = result.total_params, result.non_trainable_params
    summary: list[tuple[str, Cell]] = [
        ("input", values_text(result.input_shape)),
        (
            "code (latent)",
            f"layer {result.code_index} {code.spec.layer}: {values_text(result.code_shape)}",
        ),
        ("output", shape_text(layers[-1].output_shape)),
        ("encoder", f"{fmt.grouped(result.encoder_params)} learnable parameters"),
        ("decoder", f"{fmt.grouped(result.decoder_params)} learnable parameters"),
        (
            "total",
            f"{fmt.grouped(result.encoder_params)} + {fmt.grouped(result.decoder_params)} = "
            f"{fmt.grouped(learnable)} learnable parameters (PyTorch parameters(), torchinfo)",
        ),
        (
            "non-trainable",
            f"{fmt.grouped(frozen)} (batch norm running mean and variance)"
            if frozen
            else "0 (no batch norm)",
        ),
        (
            "Keras Total params",
            f"{fmt.grouped(learnable)} + {fmt.grouped(frozen)} = "
            f"{fmt.grouped(result.keras_total_params)} (learnable + non-trainable)",
        ),
        ("kind", f"{result.classification.kind} — {result.classification.reason}"),
        ("compression ratio", _ratio_line(result)),
        (
            "memory",
            f"{fmt.nbytes(learnable * 4)} as float32, {fmt.nbytes(learnable * 8)} as float64",
        ),
        (
            "multiply-adds",
            f"{fmt.grouped(result.multiply_adds)} per image (PyTorch's FLOP counter: "
            f"{fmt.grouped(2 * result.multiply_adds)} FLOPs); torchinfo Mult-Adds: "
            f"{fmt.grouped(result.torchinfo_mult_adds)}",
        ),
    ]
    blocks: list[Block] = [_table(result), Facts("Answer", tuple(summary))]
    blocks += [Note(text, "warning") for text in result.warnings]
    blocks += [Note(text) for text in result.notes]
    if result.mirrored:
        blocks.append(
            Note(
                "--mirror built the decoder from the encoder: "
                + "; ".join(result.mirror_steps)
                + ". Batch norm and dropout stay after the layer they followed.",
                "convention",
            )
        )
    title = f"Parameters of a convolutional autoencoder on {shape_text(result.input_shape)}"
    return Document(title, tuple(blocks))
