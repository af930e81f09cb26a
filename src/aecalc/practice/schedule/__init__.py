"""Scheduling: what the history says about a student, and what to ask them next.

- :mod:`~aecalc.practice.schedule.cards` — the FSRS review cards: a card after a review, when it
  is due, the rating an answer earns;
- :mod:`~aecalc.practice.schedule.recording` — the one place an answer is recorded: its attempt
  and the card it moves, in one transaction (:func:`record_answer`);
- :mod:`~aecalc.practice.schedule.review` — ``practice --review``'s plan and the theory deck;
- :mod:`~aecalc.practice.schedule.progress` — ``practice --stats``' figures;
- :mod:`~aecalc.practice.schedule.mastery` — mastery per question kind, read from the attempts,
  and the level a kind is asked at;
- :mod:`~aecalc.practice.schedule.plan` — the study plan toward the exam date (``aecalc plan``):
  the forecast and today's work;
- :mod:`~aecalc.practice.schedule.dates` — today (``$AECALC_TODAY`` for tests), a date as typed,
  the exam date and minutes kept in ``plan.json``.

This file imports nothing: import from the module that holds what you need.
"""
