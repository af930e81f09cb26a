"""Renderers: a :class:`~aecalc.present.document.Document` in, text out. No arithmetic here."""
