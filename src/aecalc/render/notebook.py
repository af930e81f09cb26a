"""Jupyter and IPython: results display themselves as their printouts, drawn by the same presenters
and renderers as the command line.

When aecalc is imported inside IPython (a Jupyter kernel, an IPython shell), it calls
:func:`register`, which tells IPython's display formatter how to draw any
:class:`~aecalc.record.Record` as HTML, Markdown and LaTeX (``%load_ext aecalc`` does the same by
hand). The record type stays ignorant of all this: :mod:`aecalc.record` imports nothing above it,
and this module, a renderer, reaches down to the presenters named in :data:`PRESENTERS`.

A record that has a presenter there — ``count_params``, ``classify``, a forward pass, a loss, a
backprop step, a penalty, a conv count, PCA — or is a :class:`~aecalc.present.document.Document`
gets the three forms; anything else keeps its plain ``repr``.

    >>> from aecalc import count_params
    >>> "<table" in show("html", count_params([10, 8, 4]))
    True
"""

from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING, Any

from aecalc.record import Record

if TYPE_CHECKING:
    from aecalc.present.document import Document

DIGITS = 4
# result class name → (presenter module, function, whether it takes ``digits``); loaded on first
# display of such a record, so a kernel that never shows one never imports its presenter.
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
# IPython's MIME type → the form :func:`show` draws for it
FORMS: dict[str, str] = {"text/html": "html", "text/markdown": "markdown", "text/latex": "latex"}


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


def register(ipython: Any) -> None:
    """Have ``ipython`` (an ``InteractiveShell``) display every record through :func:`show`.

    The formatters are registered by type, for :class:`~aecalc.record.Record` and so for all
    its subclasses; a formatter that returns ``None`` (no presenter) leaves that form out.
    """
    formatters = ipython.display_formatter.formatters
    for mime, kind in FORMS.items():
        formatters[mime].for_type(Record, functools.partial(show, kind))
