"""Document for ``aecalc backprop``: the forward pass, δ layer by layer, the update, the loss curve."""

from __future__ import annotations

from aecalc.nets import activations
from aecalc.nets.backprop import BackpropResult, LayerGradient
from aecalc.nets.losses import LOSSES
from aecalc.present.cells import relation
from aecalc.present.chain_rule import chain_rule_json, chain_rules, notes
from aecalc.present.chart import line_svg, sampled, sampling_note
from aecalc.present.document import Block, Cell, Diagram, Document, Facts, Note, Table
from aecalc.present.elision import MAX_SHOWN_ROWS, MAX_WORKED_LAYERS, elided, left_out
from aecalc.values import fmt, quantity
from aecalc.values.quantity import Value

MAX_EXACT_CHARS = 40
CHART_ROWS = 26  # the start and 25 steps, every one
CHART_WIDTH = 40


def value_cell(value: Value, digits: int) -> str:
    """``1/4 = 0.25``, ``e⁻¹/(1 + e⁻¹)^2 ≈ 0.1966``, or just the decimal when no short form exists."""
    decimal = quantity.decimal(value, digits)
    if not quantity.is_closed_form(value):
        return decimal
    exact = quantity.plain(value)
    if exact == decimal or len(exact) > MAX_EXACT_CHARS:
        return decimal
    return f"{exact} {relation(value, digits)[0]} {decimal}"


def _vector(values: tuple[Value, ...], digits: int) -> str:
    return quantity.vector_decimal(values, digits)


def _sizes(result: BackpropResult) -> str:
    network = result.forward.network
    symbols = [activations.ACTIVATIONS[layer.activation].symbol for layer in network.layers]
    first, hidden, last = elided(symbols, 12)
    acts = ", ".join([*first, *([f"… {hidden:,} more"] if hidden else []), *last])
    return f"{fmt.arrow(network.sizes)} ({acts})"


def _layer_table(layer: LayerGradient, digits: int, last: bool) -> Table:
    out = layer.output_name.split(" = ")[-1]
    rows: list[tuple[Cell, ...]] = []
    for j in range(len(layer.delta)):
        prime = "" if layer.act_prime is None else value_cell(layer.act_prime[j], digits)
        rows.append(
            (
                f"{out}_{j + 1}",
                value_cell(layer.pre_activation[j], digits),
                value_cell(layer.upstream[j], digits),
                prime,
                value_cell(layer.delta[j], digits),
                _vector(layer.grad_w[j], digits),
                f"{_vector(layer.weights[j], digits)} → {_vector(layer.w_new[j], digits)}",
                f"{quantity.decimal(layer.bias[j], digits)} → {quantity.decimal(layer.b_new[j], digits)}",
            )
        )
    g_name = "∂L/∂x̂ (from the loss)" if last else f"g = ∂L/∂{out} (from above)"
    prime_name = "act′(a)" if layer.act_prime is not None else "act′ (softmax: see δ)"
    caption = (
        f"δ = g ⊙ {activations.ACTIVATIONS[layer.activation].symbol}′(a); ∂L/∂{layer.weight_name} = δ·"
        f"{layer.input_name}ᵀ with {layer.input_name} = {_vector(layer.h_in, digits)}; "
        f"∂L/∂{layer.bias_name} = δ; new = old − η·gradient."
    )
    if layer.tied_to is not None:
        caption += (
            f" Tied: {layer.weight_name} is layer {layer.tied_to}'s matrix transposed, so its new "
            "value comes from that layer's combined update."
        )
    if layer.grad_w_total is not None:
        caption += (
            " Shared matrix: its update uses this gradient + the decoder twin's gradient "
            "transposed = " + "; ".join(_vector(row, digits) for row in layer.grad_w_total) + "."
        )
    return Table(
        f"Layer {layer.index}: {layer.weight_name} ({layer.input_name} → {out}, "
        f"{activations.ACTIVATIONS[layer.activation].symbol})",
        (
            "unit",
            "a",
            g_name,
            prime_name,
            "δ",
            f"∂L/∂{layer.weight_name} row = δ·{layer.input_name}ᵀ",
            f"{layer.weight_name} row old → new",
            f"{layer.bias_name} old → new",
        ),
        tuple(rows),
        caption=caption,
    )


def _factor(value: Value, digits: int) -> str:
    """A decimal inside a product: negatives in brackets (``0.5·(-0.0381)``)."""
    text = quantity.decimal(value, digits)
    return f"({text})" if text.startswith("-") else text


def _below_table(
    layer: LayerGradient, digits: int, values: tuple[Value, ...] | None = None
) -> Table | None:
    """``∂L/∂h = Wᵀ·δ`` passed down from ``layer``, row by row; ``values`` for the first layer
    (∂L/∂x, which its ``delta_below`` does not hold)."""
    values = layer.delta_below if values is None else values
    if values is None:
        return None
    name = layer.input_name
    first = layer.index == 1
    rows = tuple(
        (
            f"∂L/∂{name}_{i + 1}",
            " + ".join(
                f"{_factor(layer.weights[k][i], digits)}·{_factor(layer.delta[k], digits)}"
                for k in range(len(layer.delta))
            ),
            value_cell(value, digits),
        )
        for i, value in enumerate(values)
    )
    title = (
        f"Below the first layer: ∂L/∂x = {layer.weight_name}ᵀ·δ, the gradient with respect to "
        "the input"
        if first
        else f"Passed down from layer {layer.index}: ∂L/∂{name} = {layer.weight_name}ᵀ·δ "
        "(old weights)"
    )
    caption = ""
    if first:
        caption = (
            "Nothing is updated with it (x is data, not a parameter). It says how the loss "
            "changes as each input value changes, with the target held fixed."
        )
    return Table(
        title, ("", f"Σₖ {layer.weight_name}ₖᵢ·δₖ (i = this row)", "value"), rows, caption=caption
    )


def _grad_x_notes(result: BackpropResult) -> tuple[str, ...]:
    """What ∂L/∂x is and is not: the answer to "the gradient of the loss with respect to the
    inputs", how it relates to ∂(output)/∂x and to a contractive penalty."""
    lines = [
        "∂L/∂x is what a question asking for the gradient of the loss with respect to the "
        "inputs wants (PyTorch: x.grad after loss.backward(), with x.requires_grad). It is the "
        "Jacobian of the output, transposed, times ∂L/∂x̂: ∂L/∂x = (∂x̂/∂x)ᵀ·∂L/∂x̂. For "
        "∂(output)/∂x itself, with no loss, run forward … --jacobian.",
        "A contractive autoencoder penalises the encoder's Jacobian ∂z/∂x (λ‖∂z/∂x‖²_F; aecalc "
        "penalty contractive): the same backward pass through the encoder, started at one code "
        "unit at a time instead of at the loss.",
    ]
    if result.target_is_input:
        lines.append(
            "Here the target is x itself, held fixed: L also depends on x through t = x, a "
            "second path this ∂L/∂x leaves out (PyTorch gives this ∂L/∂x for "
            "loss(model(x), x.detach()); with loss(model(x), x) x.grad adds ∂L/∂t, which is "
            "−∂L/∂x̂ for mse and half-sse)."
        )
    return tuple(lines)


def _weights_after(result: BackpropResult, digits: int) -> Table:
    """Each layer's W and b after the last of ``--steps`` steps (float64)."""
    pairs = list(zip(result.layers, result.weights_after, strict=True))
    head, hidden, tail = elided(pairs, MAX_SHOWN_ROWS)
    rows = [
        (
            f"{layer.weight_name}, {layer.bias_name}",
            "; ".join(_vector(row, digits) for row in w),
            _vector(b, digits),
        )
        for layer, (w, b) in (*head, *tail)
    ]
    if hidden:
        rows.insert(len(head), ("…", f"{hidden:,} more layers", ""))
    frozen = "" if result.update_bias else " (biases held fixed)"
    return Table(
        f"Weights after {result.steps} steps (float64){frozen}",
        ("layer", "W (rows; units out × units in)", "b"),
        tuple(rows),
        caption="--json lists them as weights_after.",
    )


def _step_name(i: int) -> str:
    return "start" if i == 0 else f"step {i}"


def loss_chart(history: tuple[float, ...], digits: int) -> tuple[str, str]:
    """A text bar chart of the loss per step (sampled to at most CHART_ROWS rows) and an SVG line."""
    count = len(history)
    top = max(history) or 1.0
    label_width = len(str(count - 1))
    lines = []
    for i in sampled(count, CHART_ROWS):
        value = history[i]
        bar = "█" * max(0, round(CHART_WIDTH * value / top))
        name = _step_name(i)
        lines.append(f"{name.rjust(5 + label_width)} │{bar} {value:.{digits}f}")
    lines.append(
        f"{'':>{5 + label_width}} └ loss before step 1, then after each step (step i = after i updates)"
    )
    if note := sampling_note(count, CHART_ROWS, "loss_history"):
        lines.append(f"{'':>{5 + label_width}}   {note}")
    width, height, pad = 480, 200, 30
    low = min(history)
    span = (top - low) or 1.0
    labels = (
        f'<text x="{pad}" y="{pad - 8}" font-size="12">{top:.{digits}f}</text>'
        f'<text x="{pad}" y="{height - 8}" font-size="12">{low:.{digits}f} ({_step_name(history.index(low))})</text>'
    )
    svg = line_svg(
        history,
        low,
        span,
        size=(width, height, pad, pad),
        attributes='role="img" aria-label="loss per step"',
        labels=labels,
    )
    return "\n".join(lines), svg


def backprop_document(result: BackpropResult, digits: int) -> Document:
    forward = result.forward
    n = len(result.x_hat)
    setup: list[tuple[str, Cell]] = [
        ("net", _sizes(result)),
        ("x", _vector(forward.x, digits)),
        (
            "target t",
            f"{_vector(result.target, digits)}" + (" (= x)" if result.target_is_input else ""),
        ),
        ("loss", f"{result.loss_name}: {LOSSES[result.loss_name].formula}, n = {n}"),
        ("learning rate", f"η = {quantity.plain(result.lr)}"),
        ("arithmetic", forward.arithmetic_reason),
    ]
    blocks: list[Block] = [Facts("Setup", tuple(setup))]
    head, hidden, tail = elided(forward.layers, MAX_SHOWN_ROWS)  # a 20,000-layer net: 60 rows
    rows = [
        (
            f"{p.index} ({p.spec.weight_name}, {activations.ACTIVATIONS[p.spec.activation].symbol})",
            p.input_name,
            _vector(p.pre_activation, digits),
            f"{p.output_name} = {_vector(p.activation, digits)}",
        )
        for p in (*head, *tail)
    ]
    if hidden:
        rows.insert(len(head), ("…", "", f"{hidden:,} more layers", ""))
    blocks.append(
        Table(
            "Forward pass",
            ("layer", "input", "a = W·h + b", "output = act(a)"),
            tuple(rows),
            caption=left_out(hidden) if hidden else "",
        )
    )
    blocks.append(
        Facts(
            "Loss before the step",
            (
                ("L", value_cell(result.loss, digits)),
                (
                    "∂L/∂x̂",
                    f"{LOSSES[result.loss_name].gradient} = {_vector(result.dl_dxhat, digits)}",
                ),
            ),
        )
    )
    near_output, hidden, near_input = elided(result.layers[::-1], MAX_WORKED_LAYERS)
    for layer in (*near_output, *near_input):
        if hidden and layer is near_input[0]:
            blocks.append(
                Note(f"Layers {layer.index + hidden} to {layer.index + 1}: {left_out(hidden)}")
            )
        blocks.append(_layer_table(layer, digits, layer is result.layers[-1]))
        first = layer is result.layers[0]
        below = _below_table(layer, digits, result.grad_x if first else None)
        if below is not None:
            blocks.append(below)
    for rule in chain_rules(result):
        items: list[tuple[str, Cell]] = [("chain", rule.product)]
        items += [
            (factor.label, f"{factor.formula} = {quantity.decimal(factor.value, digits)}")
            for factor in rule.factors
        ]
        items.append(
            (
                f"∂L/∂{rule.weight}",
                " × ".join(quantity.decimal(f.value, digits) for f in rule.factors)
                + f" = {quantity.decimal(rule.result, digits)}",
            )
        )
        blocks.append(Facts(f"Chain rule for {rule.weight}", tuple(items)))
    after = [
        ("loss before", quantity.decimal(result.loss, digits)),
        ("loss after one step", f"{result.loss_after:.{digits}f} (float64)"),
    ]
    if result.steps > 1:
        after.append((f"loss after {result.steps} steps", f"{result.history[-1]:.{digits}f}"))
    blocks.append(Facts("Effect of the update", tuple(after)))
    if result.steps > 1:
        text, svg = loss_chart(result.history, digits)
        blocks.append(Diagram(f"Loss per step ({result.steps} steps, float64)", text, svg))
        blocks.append(_weights_after(result, digits))
    blocks += [Note(text) for text in notes(result)]
    blocks += [Note(text) for text in _grad_x_notes(result)]
    return Document(
        f"One gradient step: {fmt.arrow(forward.network.sizes)}, "
        f"{result.loss_name}, η = {quantity.plain(result.lr)}",
        tuple(blocks),
    )


def backprop_json(result: BackpropResult) -> dict[str, object]:
    """``backprop --json``: the step's own keys, then the chain rule and the notes."""
    return {**result.as_json(), "chain_rule": chain_rule_json(result), "notes": list(notes(result))}
