"""Sessions: a student at the keyboard — practice, and the mock exam.

- :mod:`~aecalc.practice.session.terminal` — reading a line (a Rich prompt, or stdin when
  scripted), saying a line, showing a document;
- :mod:`~aecalc.practice.session.tutor` — what the tutor says: hints step by step, the answer
  prompt, feedback that fits on one screen;
- :mod:`~aecalc.practice.session.turns` — one question being answered: what a typed line means
  for it, and the reply (lines to say, the answer to record);
- :mod:`~aecalc.practice.session.loop` — ``aecalc practice``: the questions of a session, asked,
  answered, marked and recorded;
- :mod:`~aecalc.practice.session.working` — ``practice --working``: a question step by step,
  each step marked as typed, the steps faded from the end as mastery grows;
- :mod:`~aecalc.practice.session.timed` — a line read at a terminal against a deadline, the
  half-typed line kept;
- :mod:`~aecalc.practice.session.exam` — ``aecalc exam``: a timed paper and its marked script.

This file imports nothing: import from the module that holds what you need.
"""
