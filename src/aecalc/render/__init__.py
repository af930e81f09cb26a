"""Renderers: a :class:`~aecalc.report.Document` in, text out. No arithmetic here."""
