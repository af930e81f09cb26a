"""The document for ``aecalc loss``: each element's term, the sum, the reduction, the alternatives."""

from __future__ import annotations

from aecalc.nets.losses import LOG_SYMBOL, LOSSES, Loss, LossTerm
from aecalc.present.document import Block, Cell, Document, Facts, Math, Note, Table
from aecalc.values import quantity
from aecalc.values.quantity import Value

MAX_SHOWN_TERMS = 40
MAX_CLOSED_FORM_CHARS = 90


def _exact(value: Value) -> Cell:
    if not quantity.is_closed_form(value):
        return "—"
    text = quantity.plain(value)
    if len(text) > MAX_CLOSED_FORM_CHARS:
        return "(long closed form: see --json)"
    return Math(text, quantity.tex(value))


def _formula(loss: Loss, term: LossTerm, digits: int) -> str:
    x, x_hat = quantity.working(term.x, digits), quantity.working(term.x_hat, digits)
    if loss.name != "bce":
        return f"({x} − {x_hat})²"
    log = LOG_SYMBOL[loss.log or "ln"]
    one_minus_x = quantity.working(1 - term.x, digits)
    one_minus_hat = quantity.working(1 - term.x_hat, digits)
    text = f"−[{x}·{log}({x_hat}) + {one_minus_x}·{log}({one_minus_hat})]"
    return text + (" (log clamped at −100)" if term.clamped else "")


def _general_formula(loss: Loss) -> str:
    if loss.name == "bce":
        log = LOG_SYMBOL[loss.log or "ln"]
        return f"−[x·{log} x̂ + (1 − x)·{log}(1 − x̂)]"
    return "(x − x̂)²"


def loss_document(loss: Loss, digits: int) -> Document:
    terms = list(loss.terms)
    cut = len(terms) > MAX_SHOWN_TERMS
    shown = terms[:30] + terms[-5:] if cut else terms
    rows: list[tuple[Cell, ...]] = []
    for term in shown:
        if cut and term is terms[-5]:
            rows.append(("…", "", "", f"{len(terms) - 35} more terms", "", ""))
        rows.append(
            (
                str(term.index),
                quantity.working(term.x, digits),
                quantity.working(term.x_hat, digits),
                _formula(loss, term, digits),
                _exact(term.value),
                quantity.decimal(term.value, digits),
            )
        )
    first_total = len(rows)
    n = loss.n
    rows.append(
        (
            "Σ",
            "",
            "",
            f"sum of the {n} terms",
            _exact(loss.total),
            quantity.decimal(loss.total, digits),
        )
    )
    if loss.name == "half-sse":
        reduction = "½ · Σ / n" if loss.reduction == "mean" else "½ · Σ"
    else:
        reduction = f"Σ / {n} (mean)" if loss.reduction == "mean" else "Σ (sum: no division)"
    rows.append(("=", "", "", reduction, _exact(loss.value), quantity.decimal(loss.value, digits)))
    table = Table(
        title=f"Terms: {_general_formula(loss)} for each element",
        columns=("i", "x", "x̂", "term", "exact", "decimal"),
        rows=tuple(rows),
        total_rows=frozenset(range(first_total, len(rows))),
        caption="Some terms are not shown; --json lists them all." if cut else "",
    )
    value_text = quantity.decimal(loss.value, digits)
    exact = _exact(loss.value)
    answer: list[tuple[str, Cell]] = [("value", value_text)]
    if exact != "—":
        answer.append(("exact", exact))
    answer.append(("convention", loss.convention))
    alternatives = Table(
        title="The same numbers under other conventions",
        columns=("convention", "exact", "decimal", ""),
        rows=tuple(
            (
                alt.label,
                _exact(alt.value),
                quantity.decimal(alt.value, digits),
                "← this answer" if alt.chosen else "",
            )
            for alt in loss.alternatives
        ),
    )
    blocks: list[Block] = [table, Facts("Answer", tuple(answer)), alternatives]
    if loss.name == "bce":
        blocks.append(
            Note(
                "Notes and answer keys disagree on the log base and on sum versus mean: a log₁₀ "
                "answer is the ln answer divided by ln 10 ≈ 2.3026, a log₂ answer divides by "
                "ln 2 ≈ 0.6931, and a sum is n times the mean. PyTorch and Keras use ln and the mean.",
                "convention",
            )
        )
        if loss.clamp:
            blocks.append(
                Note(
                    "--clamp: each natural log is clamped at −100 (as PyTorch's BCELoss does), so "
                    "x̂ = 0 or 1 gives a term of at most 100 instead of infinity.",
                    "convention",
                )
            )
    else:
        blocks.append(
            Note(
                "MSE divides the sum of squares by n; the lecture's L = ½‖x − x̂‖² halves the sum "
                "instead (the ½ cancels the 2 of the derivative). Say which one a question wants.",
                "convention",
            )
        )
    return Document(f"{LOSSES[loss.name].title} of x̂ against x", tuple(blocks))
