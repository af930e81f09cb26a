"""Answers: reading what a student types, and marking it.

- :mod:`~aecalc.practice.answers.spelling` — what never changes a value: Unicode forms, the
  words, units, labels and annotations around a number;
- :mod:`~aecalc.practice.answers.reading` — the typed text as numbers, a vector, a shape, a
  ratio or a kind word (:func:`~aecalc.practice.answers.reading.read`);
- :mod:`~aecalc.practice.answers.precision` — the precision a question asks for, read once;
- :mod:`~aecalc.practice.answers.expected` — the true answer (:class:`Expected`), its known
  slips, and how it is shown and described;
- :mod:`~aecalc.practice.answers.checker` — the verdict on a typed answer
  (:func:`~aecalc.practice.answers.checker.check`);
- :mod:`~aecalc.practice.answers.steps` — a worked solution's steps (:class:`Step`: a name, its
  value, the steps it depends on, how to work it again from given values) and the step list;
- :mod:`~aecalc.practice.answers.working` — a student's working as typed, one step a line;
- :mod:`~aecalc.practice.answers.marks` — the marks a checked answer earns, and a working marked
  line by line (right, wrong, follow-through, left out).

Pure Python (no NumPy, no SymPy), so ``check`` and ``practice`` start quickly. This file imports
nothing: import from the module that holds what you need.
"""
