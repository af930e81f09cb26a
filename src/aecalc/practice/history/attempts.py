"""What the practice history keeps: every attempt, the stats over them, and the review cards.

:class:`History` is a :class:`~aecalc.practice.history.store.Store` (the resilient SQLite file)
given this module's schema: the ``attempts`` table, the FSRS cards of theory questions
(``cards``, by problem id) and of numeric question kinds (``kind_cards``, by ``topic/kind``).
An attempt and the card it moves are written in one transaction (:meth:`History.record`).

The file is ``history.db`` in the user data directory (platformdirs), or in ``$AECALC_HOME``
when that is set.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from aecalc.practice.history.store import Statement, Store, warn
from aecalc.record import Record

FILENAME = "history.db"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    session TEXT NOT NULL,
    topic TEXT NOT NULL,
    problem TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    correct INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    slip TEXT
);
CREATE INDEX IF NOT EXISTS attempts_problem ON attempts (problem);
CREATE TABLE IF NOT EXISTS cards (
    problem TEXT PRIMARY KEY,
    card TEXT NOT NULL,
    due TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS kind_cards (
    kind TEXT PRIMARY KEY,
    card TEXT NOT NULL,
    due TEXT NOT NULL,
    updated TEXT NOT NULL
);
"""
_PROBE = "SELECT COUNT(*) FROM attempts"
_TABLES = {"theory": ("cards", "problem"), "kind": ("kind_cards", "kind")}


def home() -> Path:
    """The folder of ``history.db``: ``$AECALC_HOME`` or the platform's user data directory."""
    override = os.environ.get("AECALC_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("aecalc", appauthor=False))


class Attempt(Record):
    """One answered or skipped question."""

    topic: str
    problem: str
    question: str
    answer: str
    correct: bool
    skipped: bool = False
    slip: str | None = None


class ReviewCard(Record):
    """An FSRS card's new state (its JSON) and due date: a theory question's (``deck`` theory,
    ``key`` the problem id) or a numeric question kind's (``deck`` kind, ``key`` ``topic/kind``)."""

    deck: Literal["theory", "kind"]
    key: str
    state: str
    due: datetime


class TopicStats(Record):
    topic: str
    attempts: int
    correct: int
    skipped: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.attempts if self.attempts else 0.0

    def as_json(self) -> dict[str, object]:
        return {
            "attempts": self.attempts,
            "correct": self.correct,
            "wrong": self.attempts - self.correct - self.skipped,
            "skipped": self.skipped,
            "accuracy": round(self.accuracy, 4),
        }


class Stats(Record):
    """Accuracy per topic and the most frequent slips, over all sessions."""

    path: str
    attempts: int
    correct: int
    topics: tuple[TopicStats, ...]
    slips: tuple[tuple[str, int], ...]
    sessions: int
    due_theory: int

    def as_json(self) -> dict[str, object]:
        return {
            "attempts": self.attempts,
            "correct": self.correct,
            "accuracy": round(self.correct / self.attempts, 4) if self.attempts else 0.0,
            "sessions": self.sessions,
            "topics": {t.topic: t.as_json() for t in self.topics},
            "slips": [{"slip": name, "count": count} for name, count in self.slips],
            "due_theory": self.due_theory,
            "history": self.path,
        }


def _card_statement(card: ReviewCard) -> Statement:
    table, key = _TABLES[card.deck]
    return (
        f"INSERT INTO {table} ({key}, card, due, updated) VALUES (?, ?, ?, ?) "
        f"ON CONFLICT({key}) DO UPDATE SET card = excluded.card, due = excluded.due, "
        "updated = excluded.updated",
        (card.key, card.state, card.due.isoformat(), datetime.now(UTC).isoformat()),
    )


class History(Store):
    """The practice history (see the module docstring): attempts and cards in, figures out.

    ``saved`` counts the attempts written to the file; after :meth:`close`, ``unsaved``
    counts those that could not be, and :meth:`summary` says so in one line.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.session = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{os.getpid()}"
        self._warned_cards = False
        super().__init__(path if path is not None else home() / FILENAME, _SCHEMA, _PROBE)

    # -- writing ------------------------------------------------------------------------------
    def record(self, attempt: Attempt, card: ReviewCard | None = None) -> bool:
        """Store one attempt, and the review card it moves, at once (one transaction); False if
        it is not in the file yet."""
        insert: Statement = (
            "INSERT INTO attempts (time, session, topic, problem, question, answer, correct, "
            "skipped, slip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                datetime.now(UTC).isoformat(timespec="seconds"),
                self.session,
                attempt.topic,
                attempt.problem,
                attempt.question[:2000],
                attempt.answer[:2000],
                int(attempt.correct),
                int(attempt.skipped),
                attempt.slip,
            ),
        )
        statements = [insert] if card is None else [insert, _card_statement(card)]
        return self.write(statements, attempts=1)

    def save_card(self, problem: str, card_json: str, due: datetime) -> bool:
        """A theory card alone (no attempt), as an import or a test sets one."""
        return self.write([_card_statement(ReviewCard("theory", problem, card_json, due))])

    # -- reading ------------------------------------------------------------------------------
    def cards(self) -> dict[str, str]:
        """Theory card states (fsrs JSON) by problem id.

        A card that fsrs cannot read back (unreadable JSON, missing fields, a due date that is
        not a date) is left out, so that question starts afresh, with one warning for them all.
        """
        rows = self._rows("SELECT problem, card FROM cards")
        if not rows:
            return {}
        from fsrs import Card

        cards: dict[str, str] = {}
        bad: list[str] = []
        for problem, card in rows:
            try:
                Card.from_json(str(card))
                due = json.loads(str(card))["due"]
            except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
                bad.append(str(problem))
                continue
            if not isinstance(due, str):
                bad.append(str(problem))
                continue
            cards[str(problem)] = str(card)
        if bad and not self._warned_cards:
            self._warned_cards = True
            listed = ", ".join(bad[:5]) + (" …" if len(bad) > 5 else "")
            warn(
                f"{len(bad)} review card(s) in {str(self.file)!r} cannot be read ({listed}); "
                "those questions start afresh"
            )
        return cards

    def kind_cards(self) -> dict[str, str]:
        """The FSRS cards (JSON) of numeric question kinds, by kind; {} before the first one."""
        return {str(k): str(c) for k, c in self._rows("SELECT kind, card FROM kind_cards")}

    def progress(self) -> dict[str, tuple[int, int]]:
        """(attempts, right) per problem id."""
        rows = self._rows(
            "SELECT problem, COUNT(*), SUM(correct) FROM attempts WHERE skipped = 0 "
            "GROUP BY problem"
        )
        return {str(p): (_int(n), _int(c)) for p, n, c in rows}

    def count(self) -> int:
        rows = self._rows("SELECT COUNT(*) FROM attempts")
        return _int(rows[0][0]) if rows else 0

    def stats(self, now: datetime | None = None) -> Stats:
        now = now or datetime.now(UTC)
        topics = tuple(
            TopicStats(str(t), _int(n), _int(c), _int(s))
            for t, n, c, s in self._rows(
                "SELECT topic, COUNT(*), SUM(correct), SUM(skipped) FROM attempts "
                "GROUP BY topic ORDER BY topic"
            )
        )
        slips = tuple(
            (str(name), _int(n))
            for name, n in self._rows(
                "SELECT slip, COUNT(*) AS n FROM attempts WHERE slip IS NOT NULL "
                "GROUP BY slip ORDER BY n DESC, slip LIMIT 10"
            )
        )
        sessions = self._rows("SELECT COUNT(DISTINCT session) FROM attempts")
        due = self._rows("SELECT COUNT(*) FROM cards WHERE due <= ?", (now.isoformat(),))
        return Stats(
            path=str(self.path),
            attempts=sum(t.attempts for t in topics),
            correct=sum(t.correct for t in topics),
            topics=topics,
            slips=slips,
            sessions=_int(sessions[0][0]) if sessions else 0,
            due_theory=_int(due[0][0]) if due else 0,
        )

    def attempt_rows(self) -> list[tuple[str, str, str, str, bool, bool, str | None, str]]:
        """Every attempt, oldest first: (time, session, topic, problem, correct, skipped, slip,
        answer)."""
        return [
            (
                str(t),
                str(s),
                str(o),
                str(p),
                bool(c),
                bool(k),
                None if x is None else str(x),
                str(a),
            )
            for t, s, o, p, c, k, x, a in self._rows(
                "SELECT time, session, topic, problem, correct, skipped, slip, answer "
                "FROM attempts ORDER BY id"
            )
        ]


def _int(value: object) -> int:
    return int(value) if isinstance(value, int | float | str) else 0
