"""Presenters: result objects → format-neutral :class:`~aecalc.present.document.Document`."""
