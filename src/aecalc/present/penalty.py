"""Document for ``aecalc penalty NAME``: the formula, the Jacobian (contractive), the terms, the answer."""

from __future__ import annotations

from aecalc.nets.penalties import PENALTIES, Penalty
from aecalc.present.cells import exact_and_decimal as _value
from aecalc.present.document import Block, Cell, Document, Facts, Math, Note, Table
from aecalc.values import quantity
from aecalc.values.quantity import Value


def _exact(value: Value) -> Cell:
    return Math(quantity.plain(value), quantity.tex(value))


def penalty_document(result: Penalty, digits: int) -> Document:
    blocks: list[Block] = [
        Facts("Formula", (("penalty", Math(result.formula, result.formula_tex)),))
    ]
    if result.jacobian is not None and result.z is not None and result.pre_activation is not None:
        rows = tuple(
            (
                f"z{j + 1}",
                quantity.plain(a),
                _value(z, digits),
                _value(t.inputs[2][1], digits),
            )
            for j, (a, z, t) in enumerate(
                zip(result.pre_activation, result.z, result.terms, strict=True)
            )
        )
        blocks.append(
            Table(
                "Code z = σ(W_e·x + b_e)",
                ("unit", "a = W_e·x + b_e", "z = σ(a)", "z(1 − z) = σ′(a)"),
                rows,
            )
        )
        n_in = len(result.jacobian[0])
        blocks.append(
            Table(
                "Jacobian ∂z/∂x = diag(z(1 − z))·W_e",
                ("", *(f"∂/∂x{i + 1}" for i in range(n_in))),
                tuple(
                    (f"z{j + 1}", *(quantity.decimal(v, digits) for v in row))
                    for j, row in enumerate(result.jacobian)
                ),
                caption="∂z_j/∂x_i = z_j(1 − z_j)·W_ji; exact: "
                + "; ".join(
                    f"J{j + 1}{i + 1} = {quantity.plain(v)}"
                    for j, row in enumerate(result.jacobian)
                    for i, v in enumerate(row)
                ),
            )
        )
    blocks.append(terms_table(result, digits))
    symbol = result.weight_symbol
    answer: list[tuple[str, Cell]] = [
        ("penalty Σ", _value(result.penalty, digits)),
        (
            f"weighted {symbol}·Σ",
            _joined(f"{quantity.plain(result.weight)} × Σ = ", result.value, digits),
        ),
    ]
    if result.total is not None and result.recon is not None:
        answer.append(
            (
                "full objective",
                _joined(
                    f"reconstruction + {symbol}·penalty = {quantity.plain(result.recon)} + "
                    f"{quantity.decimal(result.value, digits)} = ",
                    result.total,
                    digits,
                ),
            )
        )
    blocks.append(Facts("Answer", tuple(answer)))
    blocks += [Note(text) for text in result.notes]
    entry = PENALTIES[result.kind]
    if entry.natural_log:
        blocks.append(
            Note("Natural logarithms (log = ln here), as PyTorch and Keras use.", "convention")
        )
    return Document(entry.title, tuple(blocks))


def terms_table(result: Penalty, digits: int, title: str = "Terms") -> Table:
    """Each unit's term with its numbers put in, exact and as a decimal, and their sum Σ."""
    term_rows = tuple(
        (term.label, term.formula, _exact(term.value), quantity.decimal(term.value, digits))
        for term in result.terms
    )
    total_row = ("Σ", "", _exact(result.penalty), quantity.decimal(result.penalty, digits))
    return Table(
        title,
        ("", "term", "exact", "decimal"),
        (*term_rows, total_row),
        total_rows=frozenset({len(term_rows)}),
    )


def _joined(prefix: str, value: Value, digits: int) -> str:
    return prefix + str(_value(value, digits))
