"""The practice history: what a student answered, kept in an SQLite file that never loses it.

- :mod:`~aecalc.practice.history.store` — the file itself, apart from what it holds: locks waited
  out, a damaged file moved aside, writes kept in memory when the disk is full (:class:`Store`),
  with :mod:`~aecalc.practice.history.failures` (what an SQLite error means to it) and
  :mod:`~aecalc.practice.history.locks` (the lock file that orders opening and moving aside);
- :mod:`~aecalc.practice.history.attempts` — what it holds: attempts, the figures over them and
  the FSRS review cards (:class:`History`, :class:`Attempt`, :class:`Stats`).

This file imports nothing: import from the module that holds what you need.
"""
