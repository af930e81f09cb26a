"""The practice history: what a student answered, kept in an SQLite file that never loses it.

- :mod:`~aecalc.practice.history.store` — the file itself, apart from what it holds: locks waited
  out, a damaged file moved aside, writes kept in memory when the disk is full (:class:`Store`);
- :mod:`~aecalc.practice.history.attempts` — what it holds: attempts, the figures over them and
  the FSRS review cards (:class:`History`, :class:`Attempt`, :class:`Stats`).

This file imports nothing: import from the module that holds what you need.
"""
