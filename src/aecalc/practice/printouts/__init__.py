"""Printouts: the practice's documents, for any renderer (Rich, Markdown, HTML, LaTeX, PDF).

- :mod:`~aecalc.practice.printouts.problems` — a problem as set, with its answer and worked
  solution (``solve``), a checked answer (``check``), the bank list (``problems``);
- :mod:`~aecalc.practice.printouts.working` — a solution's steps (``solve --steps``) and a
  working marked (``check --working``);
- :mod:`~aecalc.practice.printouts.script` — a mock exam's marked script;
- :mod:`~aecalc.practice.printouts.stats` — ``practice --stats``;
- :mod:`~aecalc.practice.printouts.booklet` — ``aecalc sheet``: every problem of the bank with its
  worked solution, or an exercise sheet.

They build :class:`~aecalc.present.document.Document` values only; nothing here prints. This file
imports nothing: import from the module that holds what you need.
"""
