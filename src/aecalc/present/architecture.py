"""Documents for ``params`` and ``classify``."""

from __future__ import annotations

from aecalc.nets.architecture import Classification, DenseLayer, ParamCount
from aecalc.present import diagram
from aecalc.present.document import Block, Cell, Diagram, Document, Facts, Math, Note, Table
from aecalc.values import fmt
from aecalc.values.fmt import arrow, counted

MAX_SHOWN_LAYERS = 60
MAX_DRAWN_LAYERS = 12


def network_diagram(sizes: tuple[int, ...], code_index: int) -> Diagram:
    """The network as exam diagrams draw it (text for terminals, SVG for HTML)."""
    return Diagram(
        "Network (● marks the code layer)",
        diagram.text(sizes, code_index),
        diagram.svg(sizes, code_index),
        diagram.network(sizes, code_index),
    )


def _layer_row(layer: DenseLayer) -> tuple[Cell, ...]:
    if layer.tied:
        weights = "tied (Wᵀ of its twin): 0"
    else:
        weights = f"{layer.n_in} × {layer.n_out} = {fmt.grouped(layer.weights)}"
    return (
        str(layer.index),
        layer.part,
        f"{layer.n_in} → {layer.n_out}",
        f"{layer.n_out} × {layer.n_in}",
        weights,
        f"+ {fmt.grouped(layer.biases)}",
        f"= {fmt.grouped(layer.params)}",
    )


def _subtotal(name: str, layers: list[DenseLayer]) -> tuple[Cell, ...]:
    weights = sum(x.weights for x in layers)
    biases = sum(x.biases for x in layers)
    return (
        "",
        name,
        "",
        "",
        fmt.grouped(weights),
        fmt.grouped(biases),
        fmt.grouped(weights + biases),
    )


def _kind_text(classification: Classification) -> str:
    return f"{classification.kind} — {classification.reason}"


def params_document(result: ParamCount) -> Document:
    layers = list(result.layers)
    rows: list[tuple[Cell, ...]] = []
    caption = ""
    if len(layers) > MAX_SHOWN_LAYERS:
        half = MAX_SHOWN_LAYERS // 2
        hidden = len(layers) - 2 * half
        rows += [_layer_row(x) for x in layers[:half]]
        rows.append(("…", "", f"{hidden:,} more layers", "", "", "", ""))
        rows += [_layer_row(x) for x in layers[-half:]]
        caption = f"{hidden:,} of {len(layers):,} layers not shown; --json lists them all."
    else:
        rows += [_layer_row(x) for x in layers]
    first_total = len(rows)
    encoder = [x for x in layers if x.part == "encoder"]
    decoder = [x for x in layers if x.part == "decoder"]
    rows.append(_subtotal("encoder", encoder))
    if decoder:
        rows.append(_subtotal("decoder", decoder))
    rows.append(_subtotal("total", layers))
    table = Table(
        title="Layers (W is units out × units in and acts as W·x)",
        columns=("#", "part", "layer", "W shape", "weights", "biases", "parameters"),
        rows=tuple(rows),
        total_rows=frozenset(range(first_total, len(rows))),
        caption=caption,
    )
    summary: list[tuple[str, Cell]] = [
        ("architecture", arrow(result.architecture)),
        ("read as", result.interpretation),
        ("encoder", f"{fmt.grouped(result.encoder_params)} parameters"),
        ("decoder", f"{fmt.grouped(result.decoder_params)} parameters"),
        (
            "total",
            f"{fmt.grouped(result.encoder_params)} + {fmt.grouped(result.decoder_params)} = "
            f"{fmt.grouped(result.total_params)} parameters",
        ),
    ]
    if result.classification is not None:
        ratio = fmt.Ratio(result.architecture[0], result.code_size)
        summary.append(
            ("code layer", f"layer {result.code_index} with {counted(result.code_size, 'unit')}")
        )
        summary.append(("kind", _kind_text(result.classification)))
        ratio_text = (
            f"= {fmt.decimal(ratio, 4).rstrip('0').rstrip('.')}"
            if fmt.is_terminating(ratio, 4)
            else f"≈ {fmt.decimal(ratio, 4)}"
        )
        summary.append(
            (
                "compression ratio",
                f"input / code = {result.architecture[0]} / {result.code_size} {ratio_text}×",
            )
        )
    summary.append(
        (
            "memory",
            f"{fmt.nbytes(result.bytes_at(4))} as float32, {fmt.nbytes(result.bytes_at(8))} as float64",
        )
    )
    summary.append(
        ("multiply-adds", f"{fmt.grouped(result.multiply_adds)} per sample (one per weight)")
    )
    blocks: list[Block] = [table, Facts("Answer", tuple(summary))]
    if len(result.architecture) <= MAX_DRAWN_LAYERS:
        blocks.insert(0, network_diagram(result.architecture, result.code_index))
    blocks += [Note(text) for text in result.notes]
    if result.classification is not None:
        blocks.append(_other_convention_note(result.classification))
    return Document(f"Parameters of {arrow(result.architecture)}", tuple(blocks))


def _other_convention_note(result: Classification) -> Note:
    if result.other_kind == result.kind:
        text = f"The {result.other_convention} convention agrees: {result.kind}."
    else:
        text = (
            f"The {result.other_convention} convention says {result.other_kind}: "
            "the notes call hidden ≥ input overcomplete, the textbook (Goodfellow et al., ch. 14) "
            "calls equal sizes complete. Choose with --convention."
        )
    return Note(text, "convention")


_RULES = {
    "notes": (
        ("h ≥ n ⇒ overcomplete", r"h \geq n \Rightarrow \text{overcomplete}"),
        ("h < n ⇒ undercomplete", r"h < n \Rightarrow \text{undercomplete}"),
    ),
    "strict": (
        ("h > n ⇒ overcomplete", r"h > n \Rightarrow \text{overcomplete}"),
        ("h = n ⇒ complete", r"h = n \Rightarrow \text{complete}"),
        ("h < n ⇒ undercomplete", r"h < n \Rightarrow \text{undercomplete}"),
    ),
}


def rule_facts(result: Classification) -> Facts:
    """The sizes compared and the convention's rule, as formulas (h hidden, n input units)."""
    h, n = result.hidden, result.input
    sign, tex = ("<", "<") if h < n else ("=", "=") if h == n else (">", ">")
    items: list[tuple[str, Cell]] = [
        ("sizes", Math(f"h = {h} {sign} n = {n}", rf"h = {h} {tex} n = {n}"))
    ]
    rules = _RULES[result.convention]
    items += [("rule" if i == 0 else "", Math(*rule)) for i, rule in enumerate(rules)]
    return Facts("The rule (h: hidden units, n: input units)", tuple(items))


def classify_document(result: Classification) -> Document:
    facts = Facts(
        "Answer",
        (
            ("input", str(result.input)),
            ("hidden (code)", str(result.hidden)),
            ("kind", result.kind),
            ("why", result.reason),
            (
                "convention",
                "course notes (hidden ≥ input ⇒ overcomplete)"
                if result.convention == "notes"
                else "strict / textbook (hidden > input ⇒ overcomplete, = ⇒ complete)",
            ),
        ),
    )
    return Document(
        f"{result.input} → {result.hidden} → {result.input}: {result.kind}",
        (facts, rule_facts(result), _other_convention_note(result)),
    )
