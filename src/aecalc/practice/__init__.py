"""Exam practice, in wings of one idea each; a wing imports only the wings below it.

- :mod:`~aecalc.practice.session` — a student at the keyboard: the practice loop, one question's
  turn, the tutor's words, the terminal, the mock exam;
- :mod:`~aecalc.practice.printouts` — the documents: a worked problem, a checked answer, the
  bank, the statistics, the booklet;
- :mod:`~aecalc.practice.schedule` — what the history says and what to ask next: recording an
  answer with its review card, FSRS cards, the review plan, the statistics;
- :mod:`~aecalc.practice.bank` — the problem files: one file read and checked, the bank folder;
- :mod:`~aecalc.practice.topics` — the topic registry, one module per topic (its spec, reader,
  solver, generator and slips) and what they share;
- :mod:`~aecalc.practice.answers` — reading a typed answer, the precision asked, the checker,
  the named slips, the marks;
- :mod:`~aecalc.practice.history` — the SQLite history: the resilient file, and the attempts and
  cards it keeps.

The layers (an import-linter contract in ``pyproject.toml``): session → printouts → schedule →
bank → topics → answers | history. Nothing here imports NumPy or SymPy at module level; the
params and classify topics never import them at all.
"""
