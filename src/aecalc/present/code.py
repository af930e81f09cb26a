"""Document for ``aecalc params --from-code``: what was read from the code, then the usual count.

The first block says which model of the file was read and, in one line, the tokens (or dense
sizes) it reads as — the command a student would have typed — so the translation is on the
page; the tables and notes that follow are those of ``aecalc params`` itself.
"""

from __future__ import annotations

from aecalc.nets.code.translate import CodeCount
from aecalc.nets.conv.shapes import shape_text
from aecalc.present.architecture import params_document
from aecalc.present.conv import conv_params_document
from aecalc.present.document import Block, Cell, Document, Facts, Note


def code_document(result: CodeCount) -> Document:
    model = result.model
    if result.dense is not None:
        inner = params_document(result.dense)
    else:
        assert result.conv is not None
        inner = conv_params_document(result.conv)
    items: list[tuple[str, Cell]] = [
        ("model", f"{model.name} ({model.how}, line {model.line}), {model.title}"),
        ("input", f"{shape_text(result.input_shape)} ({result.input_from})"),
        ("same as", result.command),
    ]
    blocks: list[Block] = [Facts(f"Read from {model.label}", tuple(items))]
    blocks += [Note(text) for text in result.notes]
    return Document(f"{inner.title} — read from {model.label}", (*blocks, *inner.blocks))
