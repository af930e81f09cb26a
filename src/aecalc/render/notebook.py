"""Jupyter and IPython: results display themselves as their printouts, drawn by the same presenters
and renderers as the command line.

When aecalc is imported inside IPython (a Jupyter kernel, an IPython shell), it calls
:func:`register`, which tells IPython's display formatter how to draw any
:class:`~aecalc.record.Record` as HTML, Markdown and LaTeX (``%load_ext aecalc`` does the same by
hand). The record type stays ignorant of all this: :mod:`aecalc.record` imports nothing above it,
and this module, a renderer, reaches down to the presenters that :func:`presenters` lists.

A record that has a presenter there — ``count_params``, ``classify``, a forward pass, a loss, a
backprop step, a penalty, a conv count, PCA, a convolution, pool or upsampling worked on numbers,
an axis solved — or is a :class:`~aecalc.present.document.Document`
gets the three forms; anything else keeps its plain ``repr``.

    >>> from aecalc import count_params
    >>> "<table" in show("html", count_params([10, 8, 4]))
    True
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aecalc.record import Record

if TYPE_CHECKING:
    from aecalc.present.document import Document

DIGITS = 4
# IPython's MIME type → the form :func:`show` draws for it
FORMS: dict[str, str] = {"text/html": "html", "text/markdown": "markdown", "text/latex": "latex"}


@functools.cache
def presenters() -> dict[type, Callable[[Any], Document]]:
    """Result type → the presenter of its printout: the notebook's registry, imported on the first
    display (a kernel that never shows a result imports no presenter)."""
    from aecalc.nets.architecture import Classification, ParamCount
    from aecalc.nets.conv.correlate import Convolution
    from aecalc.nets.conv.pooling import Pooled, Upsampled
    from aecalc.nets.conv.result import ConvParamCount
    from aecalc.nets.conv.solve import Solved
    from aecalc.nets.conv.transpose import Transposed
    from aecalc.nets.forward import ForwardResult
    from aecalc.nets.gradient_step import BackpropResult
    from aecalc.nets.loss_terms import Loss
    from aecalc.nets.pca import PcaResult
    from aecalc.nets.penalties.result import Penalty
    from aecalc.present import (
        architecture,
        backprop,
        conv,
        convolution,
        forward,
        loss,
        pca,
        penalty,
        pooling,
        shape,
    )

    return {
        ParamCount: architecture.params_document,
        Classification: architecture.classify_document,
        ConvParamCount: conv.conv_params_document,
        ForwardResult: lambda result: forward.forward_document(result, DIGITS),
        Loss: lambda result: loss.loss_document(result, DIGITS),
        BackpropResult: lambda result: backprop.backprop_document(result, DIGITS),
        Penalty: lambda result: penalty.penalty_document(result, DIGITS),
        PcaResult: lambda result: pca.pca_document(result, DIGITS),
        Convolution: lambda result: convolution.conv_document(result, (), DIGITS),
        Transposed: lambda result: convolution.transpose_document(result, (), DIGITS),
        Pooled: lambda result: pooling.pool_document(result, (), DIGITS),
        Upsampled: lambda result: pooling.upsample_document(result, (), DIGITS),
        Solved: shape.shape_document,
    }


def document_of(record: object) -> Document | None:
    """The printout's document of ``record``, or ``None`` where it has no presenter."""
    from aecalc.present.document import Document

    if isinstance(record, Document):
        return record
    present = presenters().get(type(record))
    return None if present is None else present(record)


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
