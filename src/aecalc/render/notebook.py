"""Jupyter: results display themselves as the printouts (``_repr_html_``, ``_repr_markdown_``,
``_repr_latex_``), drawn by the same presenters and renderers as the command line.

:class:`aecalc.record.Record` asks :func:`show` (loaded on first display, so nothing here costs
start-up time) for a rich form of a record; a record that has a presenter — ``count_params``,
``classify``, a forward pass, a loss, a backprop step, a penalty, a conv count, PCA — or is a
:class:`~aecalc.present.document.Document` gets one, anything else keeps its plain ``repr``.

    >>> from aecalc import count_params
    >>> "<table" in count_params([10, 8, 4])._repr_html_()
    True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aecalc.present.document import Document

DIGITS = 4
# result class name → (presenter module, function, whether it takes ``digits``)
PRESENTERS: dict[str, tuple[str, str, bool]] = {
    "ParamCount": ("aecalc.present.architecture", "params_document", False),
    "Classification": ("aecalc.present.architecture", "classify_document", False),
    "ConvParamCount": ("aecalc.present.conv", "conv_params_document", False),
    "ForwardResult": ("aecalc.present.forward", "forward_document", True),
    "Loss": ("aecalc.present.loss", "loss_document", True),
    "BackpropResult": ("aecalc.present.backprop", "backprop_document", True),
    "Penalty": ("aecalc.present.penalty", "penalty_document", True),
    "PcaResult": ("aecalc.present.pca", "pca_document", True),
}


def document_of(record: object) -> Document | None:
    """The printout's document of ``record``, or ``None`` where it has no presenter."""
    from aecalc.present.document import Document

    if isinstance(record, Document):
        return record
    entry = PRESENTERS.get(type(record).__name__)
    if entry is None:
        return None
    module, name, takes_digits = entry
    present: Any = getattr(importlib.import_module(module), name)
    document: Document = present(record, DIGITS) if takes_digits else present(record)
    return document


def show(kind: str, record: object) -> str | None:
    """``kind`` (``html``, ``markdown`` or ``latex``) of ``record``, or ``None``."""
    document = document_of(record)
    if document is None:
        return None
    if kind == "html":
        from aecalc.render import html

        return '<div class="aecalc">' + html.body(document) + "</div>"
    from aecalc.render.output import render_text

    return render_text(document, kind)  # Markdown, or a LaTeX fragment
