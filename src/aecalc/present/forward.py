"""The document for ``aecalc forward``: the pass layer by layer, then the answer and the losses."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from aecalc.nets.activations import ACTIVATIONS
from aecalc.nets.forward import ForwardResult, LayerPass, shape
from aecalc.nets.losses import Loss
from aecalc.present import diagram
from aecalc.present.cells import relation
from aecalc.present.definitions import definitions
from aecalc.present.document import (
    Block,
    Cell,
    Diagram,
    Document,
    Equations,
    Facts,
    Math,
    Note,
    Table,
)
from aecalc.present.elision import MAX_SHOWN_ROWS, elided, left_out
from aecalc.values import fmt, quantity
from aecalc.values.fmt import arrow
from aecalc.values.notation import subscript
from aecalc.values.quantity import Value

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from aecalc.batch.engine import BatchResult
    from aecalc.batch.threshold import Threshold

MAX_SHOWN_VALUES = 8
MAX_WORKING_UNITS = 4
MAX_CLOSED_FORM_CHARS = 90
LINK_DIGITS = 8


def _shown(values: tuple[Value, ...]) -> tuple[list[Value], bool]:
    """The values to print: all of a short vector, the ends of a long one."""
    if len(values) <= MAX_SHOWN_VALUES:
        return list(values), False
    return [*values[:4], *values[-2:]], True


def vector_decimal(values: tuple[Value, ...], digits: int) -> str:
    shown, cut = _shown(values)
    texts = [quantity.decimal(v, digits) for v in shown]
    if cut:
        texts.insert(4, "…")
        return "[" + ", ".join(texts) + f"] ({len(values)} values)"
    return "[" + ", ".join(texts) + "]"


def vector_exact(values: tuple[Value, ...]) -> Cell:
    shown, cut = _shown(values)
    if not all(quantity.is_closed_form(v) for v in shown):
        return "—"
    plains = [quantity.plain(v) for v in shown]
    if any(len(text) > MAX_CLOSED_FORM_CHARS for text in plains):
        return "(long closed form: see --json)"
    if cut:
        plains.insert(4, "…")
        return "[" + ", ".join(plains) + "]"
    return Math("[" + ", ".join(plains) + "]", quantity.vector_tex(shown))


def _working(step: LayerPass, digits: int) -> str:
    """``[1·1 + (−1)·0, 0·1 + 1·0]`` for small layers; the symbols otherwise."""
    spec = step.spec
    symbol = f"{spec.weight_name}·{step.input_name}"
    if spec.n_out > MAX_WORKING_UNITS or spec.n_in > MAX_WORKING_UNITS:
        return symbol
    rows = []
    for row in spec.weights:
        products = [
            f"{quantity.working(w, digits)}·{quantity.working(h, digits)}"
            for w, h in zip(row, step.inputs, strict=True)
        ]
        rows.append(" + ".join(products))
    return f"{symbol} = [" + ", ".join(rows) + "]"


def layer_rows(step: LayerPass, digits: int) -> list[tuple[Cell, ...]]:
    spec = step.spec
    act = ACTIVATIONS[spec.activation].symbol
    weight_label = spec.weight_name + (f" = {spec.transposed_from}" if spec.transposed_from else "")
    heading = f"{step.index} {step.part}: {weight_label} is {shape(spec.weights)}"
    sum_name = f"{spec.weight_name}·{step.input_name} + {spec.bias_name}"
    out_label = f"{step.output_name} = {act}({sum_name})"
    zero_bias = all(quantity.sign(b) == 0 for b in spec.bias)
    return [
        (
            heading,
            _working(step, digits),
            vector_exact(step.weighted),
            vector_decimal(step.weighted, digits),
        ),
        (
            "",
            sum_name + (f" ({spec.bias_name} = 0)" if zero_bias else ""),
            vector_exact(step.pre_activation),
            vector_decimal(step.pre_activation, digits),
        ),
        (
            "",
            out_label,
            vector_exact(step.activation),
            vector_decimal(step.activation, digits),
        ),
    ]


def pass_table(
    title: str, start: tuple[str, tuple[Value, ...]], steps: tuple[LayerPass, ...], digits: int
) -> Table:
    """A pass as ``forward`` shows it: the input ``start`` (its name and values), then three rows
    a layer (W·h, + b, the activation), exact and as decimals. The VAE's decoder uses it too."""
    name, values = start
    rows: list[tuple[Cell, ...]] = [
        ("input", name, vector_exact(values), vector_decimal(values, digits))
    ]
    head, hidden, tail = elided(steps, MAX_SHOWN_ROWS // 3)  # three rows a layer
    for step in head:
        rows += layer_rows(step, digits)
    if hidden:
        rows.append(("…", f"{hidden:,} more layers", "", ""))
    for step in tail:
        rows += layer_rows(step, digits)
    widest = max(len(values), *(len(step.activation) for step in (*head, *tail)))
    captions = [left_out(hidden)] if hidden else []
    if widest > MAX_SHOWN_VALUES:
        captions.append(
            "Long vectors show their first four and last two values; --json lists them all."
        )
    return Table(
        title=title,
        columns=("layer", "step", "exact", "decimal"),
        rows=tuple(rows),
        caption=" ".join(captions),
    )


def link(loss: str, against: tuple[Value, ...], x_hat: tuple[Value, ...]) -> str:
    """The ``aecalc loss`` command that shows this loss term by term."""

    def vector(values: tuple[Value, ...]) -> str:
        return ",".join(
            quantity.plain(v) if quantity.is_rational(v) else quantity.decimal(v, LINK_DIGITS)
            for v in values
        )

    return f"aecalc loss {loss} --x {vector(against)} --xhat {vector(x_hat)}"


def _loss_row(name: str, loss: Loss, digits: int) -> tuple[Cell, ...]:
    plain = quantity.plain(loss.value) if loss.exact else "—"
    exact: Cell = plain
    if len(plain) > MAX_CLOSED_FORM_CHARS:
        exact = "(long closed form: see --json)"
    elif loss.exact:
        exact = Math(plain, quantity.tex(loss.value))  # the notation printer writes ln, log₁₀
    return (name, exact, quantity.decimal(loss.value, digits))


MAX_DIAGRAM_LAYERS = 8
MAX_EQUATION_UNITS = 4
MAX_EQUATION_LAYERS = 4
_TEX_NAME = {"x̂": r"\hat{x}", "ŷ": r"\hat{y}", "x": "x", "z": "z"}


def _unit_name(name: str, unit: int) -> Math:
    """``z₁`` / ``z_{1}``; ``h1`` becomes ``h1₂`` / ``h^{(1)}_{2}``."""
    name = name.rsplit(" = ", maxsplit=1)[-1] if name.startswith("z = ") else name
    if name in _TEX_NAME:
        tex = f"{_TEX_NAME[name]}_{{{unit}}}"
    else:
        tex = f"{name[0]}^{{({name[1:]})}}_{{{unit}}}"
    return Math(f"{name}{subscript(unit)}", tex)


def _value_math(value: Value, digits: int) -> tuple[str, str]:
    """The exact form (where short) then ``≈`` or ``=`` the decimal, plain and TeX."""
    decimal = quantity.decimal(value, digits)
    if not quantity.is_closed_form(value):
        return f"≈ {decimal}", rf"\approx {decimal}"
    plain = quantity.plain(value)
    if len(plain) > MAX_CLOSED_FORM_CHARS:
        return f"≈ {decimal}", rf"\approx {decimal}"
    tex = quantity.tex(value)
    if plain == decimal:
        return f"= {plain}", f"= {tex}"
    sign, tex_sign = relation(value, digits)
    return f"= {plain} {sign} {decimal}", f"= {tex} {tex_sign} {decimal}"


def activation_equations(result: ForwardResult, digits: int) -> Equations | None:
    """Each unit's activation as an equation, ``z₁ = σ(1) = 1/(1 + e⁻¹) ≈ 0.7311``, for
    exam-sized nets (``None`` for larger ones). Only spells values the pass computed."""
    network = result.network
    if len(network.layers) > MAX_EQUATION_LAYERS or max(network.sizes) > MAX_EQUATION_UNITS:
        return None
    lines: list[tuple[Math, Math]] = []
    for step in result.layers:
        act = step.spec.activation
        symbol, tex_symbol = ACTIVATIONS[act].symbol, ACTIVATIONS[act].tex
        for unit, (pre, post) in enumerate(
            zip(step.pre_activation, step.activation, strict=True), start=1
        ):
            if ACTIVATIONS[act].whole_layer:
                argument = vector_decimal(step.pre_activation, digits)
                plain_arg, tex_arg = (
                    f"{argument}",
                    argument.replace("[", r"\left[").replace("]", r"\right]"),
                )
                call, tex_call = (
                    f"{symbol}({plain_arg})_{unit}",
                    rf"{tex_symbol}({tex_arg})_{{{unit}}}",
                )
            else:
                plain_pre = quantity.plain(pre) if quantity.is_closed_form(pre) else None
                if plain_pre is None or len(plain_pre) > MAX_CLOSED_FORM_CHARS:
                    plain_arg = tex_arg = quantity.decimal(pre, digits)
                else:
                    plain_arg, tex_arg = plain_pre, quantity.tex(pre)
                call = f"{symbol}({plain_arg})"
                tex_call = rf"{tex_symbol}\left({tex_arg}\right)"
            rest, tex_rest = _value_math(post, digits)
            if rest.startswith(f"= {call} "):  # tanh(1) = tanh(1) ≈ …: say it once
                decimal = quantity.decimal(post, digits)
                rest, tex_rest = f"≈ {decimal}", rf"\approx {decimal}"
            lines.append(
                (
                    _unit_name(step.output_name, unit),
                    Math(f"{call} {rest}", f"{tex_call} {tex_rest}"),
                )
            )
    return Equations("Each unit's activation as an equation", tuple(lines))


def network_diagram(result: ForwardResult, digits: int) -> Diagram | None:
    """The net drawn with each neuron's value (and the weights on the edges of tiny nets)."""
    sizes = result.network.sizes
    if len(sizes) > MAX_DIAGRAM_LAYERS:
        return None
    shown = min(digits, 4)
    values = [[quantity.decimal(v, shown) for v in result.x]]
    values += [[quantity.decimal(v, shown) for v in step.activation] for step in result.layers]
    weights = [
        [[quantity.short(w) for w in row] for row in step.spec.weights] for step in result.layers
    ]
    if not result.autoencoder:  # no code layer: hidden layers and an output ŷ
        return Diagram(
            "The network with each neuron's value",
            diagram.text(sizes, -1, values),
            diagram.svg(sizes, -1, values, weights),
            diagram.network(sizes, -1, values, weights),
        )
    return Diagram(
        "The network with each neuron's value (● marks the code layer)",
        diagram.text(sizes, result.code_layer, values),
        diagram.svg(sizes, result.code_layer, values, weights),
        diagram.network(sizes, result.code_layer, values, weights),
    )


def jacobian_table(result: ForwardResult, digits: int) -> Block | None:
    """∂(output)/∂x, one row per output unit (``forward --jacobian``); a note for a large one."""
    if result.jacobian is None:
        return None
    from aecalc.present.backprop import value_cell

    output = result.layers[-1].output_name
    rows, columns = len(result.jacobian), len(result.x)
    if rows > MAX_SHOWN_VALUES or columns > MAX_SHOWN_VALUES:
        return Note(
            f"∂{output}/∂x is {rows}×{columns}: too large to print; --json lists it (jacobian).",
            "note",
        )
    return Table(
        title=f"∂{output}/∂x: how each output changes with each input (no loss involved)",
        columns=("", *(f"∂/∂x{subscript(i)}" for i in range(1, columns + 1))),
        rows=tuple(
            (f"{output}{subscript(k)}", *(value_cell(v, digits) for v in row))
            for k, row in enumerate(result.jacobian, start=1)
        ),
        caption=(
            f"Row k is the backward pass started with 1 at output unit k (and 0 elsewhere) and "
            f"carried below the first layer: ∂{output}ₖ/∂xᵢ = Σ over every path from xᵢ to "
            f"{output}ₖ of the product of weights and act′ along it. For a loss L, "
            f"∂L/∂x = (∂{output}/∂x)ᵀ·∂L/∂{output} (backprop shows it)."
        ),
    )


def _answer_blocks(result: ForwardResult, digits: int) -> list[Block]:
    """The answer (z and x̂, or the output ŷ) and the losses, or why there is no loss."""
    output = result.layers[-1].output_name
    answer_items: list[tuple[str, Cell]] = []
    if result.autoencoder:
        z_name = "z" if result.code_layer < len(result.layers) else "z (= x̂: one layer)"
        answer_items.append((z_name, vector_decimal(result.z, digits)))
    answer_items.append((output, vector_decimal(result.x_hat, digits)))
    if result.mse is None:
        return [
            Facts("Answer", tuple(answer_items)),
            Note(f"No loss: {result.no_loss}.", "note"),
        ]
    against = result.compared_with
    against_name = "x" if result.target is None else "the target"
    loss_rows = [_loss_row("MSE (mean of squared errors)", result.mse, digits)]
    answer_items.append(
        (f"MSE of {output} against {against_name}", quantity.decimal(result.mse.value, digits))
    )
    if result.bce is not None:
        loss_rows.append(_loss_row("BCE (ln, mean)", result.bce, digits))
        answer_items.append(
            (f"BCE of {output} against {against_name}", quantity.decimal(result.bce.value, digits))
        )
    what = "Reconstruction loss" if result.target is None else "Loss"
    blocks: list[Block] = [
        Facts("Answer", tuple(answer_items)),
        Table(
            title=f"{what} of {output} against {against_name}",
            columns=("loss", "exact", "decimal"),
            rows=tuple(loss_rows),
        ),
    ]
    see = [f"Term by term: {link('mse', against, result.x_hat)}"]
    if result.bce is not None:
        see.append(f"{link('bce', against, result.x_hat)} (add --log log10 or log2 to compare)")
    else:
        blocks.append(Note(f"BCE is not shown: {result.bce_undefined}.", "note"))
    blocks.append(Note(" · ".join(see)))
    return blocks


def forward_document(result: ForwardResult, digits: int) -> Document:
    network = result.network
    sizes = network.sizes
    acts = [layer.activation for layer in network.layers]
    named = [f"layer {i} {a}" for i, a in enumerate(acts, 1)]
    first, hidden, last = elided(named, 12)
    act_text = (
        f"{acts[0]} on every layer"
        if len(set(acts)) == 1
        else ", ".join([*first, *([f"… {hidden:,} more"] if hidden else []), *last])
    )
    classification = result.params.classification
    kind = (
        f"{classification.kind} — {classification.reason}"
        if classification is not None
        else "not an autoencoder: the output size differs from the input"
        + (" (ŷ compared with --target)" if result.target is not None else "")
    )
    style = (
        "vanilla: encoder W_e, decoder W_d" + (" = W_eᵀ (tied)" if network.tied else "")
        if network.style == "vanilla"
        else f"deep: {len(network.layers)} layers W1 … W{len(network.layers)}"
        + (" (decoder tied to the encoder)" if network.tied else "")
    )
    setup = Facts(
        "Network",
        (
            ("architecture", f"{arrow(sizes)} ({style})"),
            ("kind", kind),
            ("activations", act_text),
            ("arithmetic", result.arithmetic_reason),
        ),
    )
    table = pass_table(
        "Forward pass, layer by layer (W is units out × units in and acts as W·h)",
        ("x", result.x),
        result.layers,
        digits,
    )
    blocks: list[Block] = [setup]
    picture = network_diagram(result, digits)
    if picture is not None:
        blocks.append(picture)
    blocks.append(table)
    equations = activation_equations(result, digits)
    if equations is not None:
        blocks.append(equations)
    blocks += _answer_blocks(result, digits)
    jacobian = jacobian_table(result, digits)
    if jacobian is not None:
        blocks.append(jacobian)
    blocks.append(definitions(acts))
    blocks.append(
        Note(
            "Each layer is three rows: the weighted sum W·h, then + b, then the activation. "
            "W_d·z is not σ(W_d·z): writing the activated values in the W·h row is the classic slip.",
            "note",
        )
    )
    blocks += [Note(text, "warning") for text in result.notes]
    title = f"Forward pass through {arrow(sizes)}"
    return Document(title, tuple(blocks))


def _float_text(value: float, digits: int) -> str:
    """A float for a batch summary: fixed places, or significant figures when it is tiny."""
    if not math.isfinite(value):
        return str(value)
    if value != 0 and abs(value) < 10.0**-digits:
        return f"{value:.{max(digits, 1)}e}"
    return fmt.decimal(value, digits)


def batch_document(
    result: BatchResult,
    digits: int,
    saved: Path | None,
    *,
    threshold: Threshold | None = None,
    model_weights: tuple[Path, Sequence[Any], Sequence[Any]] | None = None,
) -> Document:
    """A batch: shape, per-sample reconstruction error and the samples that reconstruct worst;
    with ``threshold`` the samples above it, with ``model_weights`` (the file, its W and b) the
    weights read from the model file."""
    against = "x" if result.against == "x" else "the target"
    facts: list[tuple[str, Cell]] = [
        ("samples", f"{result.n_samples:,} × {result.input_dim} (one sample per row)"),
        ("architecture", arrow(result.architecture)),
        (
            "activations",
            f"{result.activations[0]} on every layer"
            if len(set(result.activations)) == 1
            else ", ".join(result.activations),
        ),
        ("arithmetic", f"{result.dtype}, vectorized (a batch has no worked steps or exact forms)"),
        (
            f"per-sample MSE against {against}",
            f"mean {_float_text(result.mean_error, digits)}, "
            f"min {_float_text(result.min_error, digits)}, "
            f"max {_float_text(result.max_error, digits)}",
        ),
    ]
    if saved is not None:
        facts.append(
            ("reconstructions", f"saved to {saved} ({result.n_samples:,} × {result.output_dim})")
        )
    blocks: list[Block] = [Facts("Batch", tuple(facts))]
    if model_weights is not None:
        from aecalc.present.weights import weights_blocks

        path, weights, biases = model_weights
        blocks += weights_blocks(
            f"Weights and biases read from {path}",
            weights,
            biases,
            digits,
            f"they are in {path} (W1, b1, …)",
        )
    if result.top:
        blocks.append(
            Table(
                title=f"The {len(result.top)} samples reconstructed worst (candidate anomalies)",
                columns=("rank", "sample", "MSE"),
                rows=tuple(
                    (str(rank), str(index + 1), _float_text(error, digits))
                    for rank, (index, error) in enumerate(result.top, 1)
                ),
                caption="Samples numbered from 1 (row order of --x; --json's top counts from 0).",
            )
        )
    if threshold is not None:
        from aecalc.present.threshold import threshold_blocks

        blocks += threshold_blocks(threshold, digits)
    blocks.append(
        Note(
            "Anomaly detection by reconstruction error: an autoencoder trained on normal data "
            "rebuilds normal samples well, so the samples it rebuilds worst are the ones to inspect.",
        )
    )
    return Document(f"Batch forward pass through {arrow(result.architecture)}", tuple(blocks))
