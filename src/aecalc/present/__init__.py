"""Presenters: result objects → format-neutral :class:`~aecalc.report.Document`."""
