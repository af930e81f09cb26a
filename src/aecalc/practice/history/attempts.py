"""What the practice history keeps: every attempt, the stats over them, and the review cards.

:class:`History` is a :class:`~aecalc.practice.history.store.Store` (the resilient SQLite file)
given this module's schema: the ``attempts`` table, the FSRS cards of theory questions
(``cards``, by problem id) and of numeric question kinds (``kind_cards``, by ``topic/kind``).
An attempt and the card it moves are written in one transaction (:meth:`History.record`).
:class:`Snapshot` reads the same file without ever writing to it (``plan``, ``practice --stats``,
``problems``).

An attempt records, besides the answer and its verdict, the hints used, the seconds it took,
the level it was asked at and how it was answered (``mcq`` for multiple choice; NULL: typed).
These four columns came later (issue 24): an older file gets them added on opening
(:meth:`History._migrate`, nullable, no default, so an older aecalc still reads and writes
the file), and a row written before has them NULL — its hints are then read from the answer's
notes (``[hints: 2]``, ``[retry]``), and the rest stays unknown.

The file is ``history.db`` in the user data directory (platformdirs), or in ``$AECALC_HOME``
when that is set.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from aecalc.practice.history.store import Statement, Store, open_read_only, warn
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
    slip TEXT,
    hints INTEGER,
    seconds REAL,
    level INTEGER,
    mode TEXT
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
ADDED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("hints", "INTEGER"),
    ("seconds", "REAL"),
    ("level", "INTEGER"),
    ("mode", "TEXT"),
)
"""Columns of ``attempts`` added after the first schema (issue 24): nullable, no default."""
_FIRST = ("time", "session", "topic", "problem", "question", "answer", "correct", "skipped", "slip")
"""The columns of the first schema."""
_NOTES = re.compile(r"\[([^\[\]]*)\]\s*$")
_HINTS = re.compile(r"(?:^|; )hints: (\d+)(?:;|$)")
_TABLES = {"theory": ("cards", "problem"), "kind": ("kind_cards", "kind")}


def home() -> Path:
    """The folder of ``history.db``: ``$AECALC_HOME`` or the platform's user data directory."""
    from aecalc.values.paths import environment_folder

    override = environment_folder("AECALC_HOME")  # '~nosuchuser/x' is an Error line
    if override is not None:
        return override
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
    hints: int = 0
    """Hints used (a second try counts as one)."""
    seconds: float | None = None
    """From the question shown to the answer marked (None: not timed)."""
    level: int | None = None
    """The level it was asked at (1–3; None for a bank or theory question)."""
    mode: Literal["mcq"] | None = None
    """``mcq``: chosen among options; None: typed."""


class Done(Record):
    """One attempt as the history holds it, oldest first (what :class:`Attempt` wrote).

    For a row written before the columns of :data:`ADDED_COLUMNS`, ``hints`` is read from the
    answer's notes, and ``seconds``, ``level`` and ``mode`` are None.
    """

    time: str
    session: str
    topic: str
    problem: str
    correct: bool
    skipped: bool
    slip: str | None
    answer: str
    hints: int = 0
    seconds: float | None = None
    level: int | None = None
    mode: str | None = None


def hints_noted(answer: str) -> int:
    """The hints an answer's notes record (``… [hints: 2]``, ``… [retry; hints: 1]``, a retry
    alone counts as one; a theory answer's ``[recall: good; hints: 2]``), for rows that have no
    ``hints`` column value.

    >>> [hints_noted(a) for a in ("59 [hints: 2]", "1 → 2 [retry]", "x [retry; hints: 1]", "59")]
    [2, 1, 2, 0]
    >>> hints_noted("notes [recall: good; hints: 3]")
    3
    """
    notes = _NOTES.search(answer)
    if notes is None:
        return 0
    parts = notes.group(1)
    counted = _HINTS.search(parts)
    return (int(counted.group(1)) if counted else 0) + ("retry" in parts.split("; "))


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


class Reading:
    """What the history says, read with one query at a time (``_rows``): shared by
    :class:`History` (the file opened to write) and :class:`Snapshot` (the file read only)."""

    path: Path
    columns: frozenset[str] = frozenset()
    """The columns ``attempts`` has in this file (an older file may lack the later ones)."""
    _warned_cards = False

    def _rows(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        raise NotImplementedError  # pragma: no cover - every reader has its own

    def _columns(self) -> frozenset[str]:
        return frozenset(str(row[1]) for row in self._rows("PRAGMA table_info(attempts)"))

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
                f"{len(bad)} review card(s) in {str(self.path)!r} cannot be read ({listed}); "
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
            (d.time, d.session, d.topic, d.problem, d.correct, d.skipped, d.slip, d.answer)
            for d in self.done()
        ]

    def done(self) -> list[Done]:
        """Every attempt, oldest first, with the hints, seconds, level and mode it recorded."""
        later = ", ".join(name if name in self.columns else "NULL" for name, _ in ADDED_COLUMNS)
        return [
            Done(
                str(t),
                str(s),
                str(o),
                str(p),
                bool(c),
                bool(k),
                None if x is None else str(x),
                str(a),
                _int(h) if h is not None else hints_noted(str(a)),
                float(sec) if isinstance(sec, int | float) else None,
                _int(lv) if lv is not None else None,
                None if m is None else str(m),
            )
            for t, s, o, p, c, k, x, a, h, sec, lv, m in self._rows(
                "SELECT time, session, topic, problem, correct, skipped, slip, answer, "
                f"{later} FROM attempts ORDER BY id"
            )
        ]


class History(Store, Reading):
    """The practice history (see the module docstring): attempts and cards in, figures out.

    ``saved`` counts the attempts written to the file; after :meth:`close`, ``unsaved``
    counts those that could not be, and :meth:`summary` says so in one line.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.session = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{os.getpid()}"
        self._warned_cards = False
        super().__init__(path if path is not None else home() / FILENAME, _SCHEMA, _PROBE)
        self.columns = self._migrate()

    def _migrate(self) -> frozenset[str]:
        """Add the columns of :data:`ADDED_COLUMNS` that an older file lacks, in one
        transaction that looks again under its lock (two sessions opening the same old file
        add them once); the columns the file has then. A file that cannot be changed (read-only)
        keeps its columns: the attempts written to it leave the later ones out."""
        have = self._columns()
        if not have or all(name in have for name, _ in ADDED_COLUMNS):
            return have
        connection = self._connection
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                have = self._columns()
                for name, kind in ADDED_COLUMNS:
                    if name not in have:
                        connection.execute(f"ALTER TABLE attempts ADD COLUMN {name} {kind}")
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        except sqlite3.Error:
            pass
        return self._columns()

    # -- writing ------------------------------------------------------------------------------
    def record(self, attempt: Attempt, card: ReviewCard | None = None) -> bool:
        """Store one attempt, and the review card it moves, at once (one transaction); False if
        it is not in the file yet."""
        values: dict[str, object] = {
            "time": datetime.now(UTC).isoformat(timespec="seconds"),
            "session": self.session,
            "topic": attempt.topic,
            "problem": attempt.problem,
            "question": attempt.question[:2000],
            "answer": attempt.answer[:2000],
            "correct": int(attempt.correct),
            "skipped": int(attempt.skipped),
            "slip": attempt.slip,
            "hints": attempt.hints,
            "seconds": None if attempt.seconds is None else round(attempt.seconds, 1),
            "level": attempt.level,
            "mode": attempt.mode,
        }
        names = [n for n in values if n in _FIRST or n in self.columns]
        insert: Statement = (
            f"INSERT INTO attempts ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            tuple(values[n] for n in names),
        )
        statements = [insert] if card is None else [insert, _card_statement(card)]
        return self.write(statements, attempts=1)

    def save_card(self, problem: str, card_json: str, due: datetime) -> bool:
        """A theory card alone (no attempt), as an import or a test sets one."""
        return self.write([_card_statement(ReviewCard("theory", problem, card_json, due))])


class Snapshot(Reading):
    """The history file read without writing to it: opened read-only
    (:func:`~aecalc.practice.history.store.open_read_only`: also on a read-only disk), never
    created, never migrated, never moved aside (``plan``, ``practice --stats`` and ``problems``
    only look). A missing file reads as an empty history; an unreadable one too, with a warning."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else home() / FILENAME
        self._connection: sqlite3.Connection | None = None
        if self.path.is_file():
            try:
                connection = open_read_only(self.path, _PROBE)
            except sqlite3.Error as error:
                warn(f"could not read {str(self.path)!r} ({error}); it reads as an empty history")
            else:
                self._connection = connection
        self.columns = self._columns()

    def _rows(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        if self._connection is None:
            return []
        try:
            return list(self._connection.execute(sql, parameters).fetchall())
        except sqlite3.Error:
            return []

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def __enter__(self) -> Snapshot:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _int(value: object) -> int:
    return int(value) if isinstance(value, int | float | str) else 0
