"""The ``theory`` topic: the past papers' questions to answer in words, from the problem bank.

A theory question has no reader, solver or generator: its key points and worked example are
in its bank file, and a practice session asks the student to rate their recall, which moves
the question's FSRS review card.
"""

from __future__ import annotations

from typing import Any

from aecalc.practice.topics.topic import Topic

TOPIC: Topic[Any] = Topic("theory", "Theory questions", rank=1, marks=4)
