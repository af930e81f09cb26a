"""The practice loop: ask, read, check, explain, record — and end cleanly whatever happens.

Input comes from a Rich prompt on a terminal, or line by line from stdin when
stdin is not a terminal (so a session can be scripted). ``hint`` shows the first
step, ``skip`` moves on (counted, not correct), ``quit``, end of input or Ctrl-C
end the session; every attempt is saved the moment it is made. An answer that
cannot be read in the expected form is not marked: the form is shown and the
question asked again.

With ``--seed`` everything printed before the ``Score:`` line depends only on
the topic, count, seed and answers: theory questions are then drawn in seeded
order rather than by the spaced-repetition schedule (the schedule is still
updated), and history-dependent lines come after the score.
"""

from __future__ import annotations

import random
import secrets
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from aecalc.errors import InputError
from aecalc.practice import generate
from aecalc.practice.history import Attempt, History
from aecalc.practice.specs import Problem
from aecalc.values.paths import MAX_LINE_CHARS, read_line

if TYPE_CHECKING:
    from rich.console import Console

    from aecalc.present.document import Document

Outcome = Literal["right", "wrong", "skipped", "end"]
RATINGS = {"1": "again", "2": "hard", "3": "good", "4": "easy"}
_RATING_WORDS = {name: number for number, name in RATINGS.items()}


class _End(Exception):
    """End of input, Ctrl-C or ``quit``: stop asking."""


@dataclass
class _Tally:
    asked: int = 0
    right: int = 0
    saved: int = 0
    unsaved: int = 0


class Reader:
    """Lines from a Rich prompt (terminal) or from stdin (scripted), echoed when scripted."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.interactive = sys.stdin is not None and sys.stdin.isatty()

    def ask(self, prompt: str) -> str:
        if self.interactive:
            from rich.prompt import Prompt

            try:
                return Prompt.ask(
                    f"[bold]{prompt}[/bold]", console=self.console, default="", show_default=False
                )
            except EOFError:
                raise _End from None
        self.console.print(prompt, markup=False, highlight=False)
        text = read_line(sys.stdin, MAX_LINE_CHARS)  # bounded: a 100 MB line costs 10 kB
        if text is None:
            raise _End
        self.console.print(f"> {text}", markup=False, highlight=False)
        return text


def available_topics() -> tuple[str, ...]:
    """Topics whose core modules are installed (see :func:`aecalc.practice.topics.available`)."""
    from aecalc.practice import topics

    return topics.available()


class TheoryDeck:
    """Theory questions: seeded order with ``--seed``, else the most overdue card first (fsrs)."""

    def __init__(self, history: History, rng: random.Random, seeded: bool) -> None:
        from aecalc.practice.bank import load_bank

        self.history = history
        self.problems = [p for p in load_bank() if p.is_theory]
        if not self.problems:
            raise InputError("--topic", "the problem bank has no theory questions")
        self.asked: set[str] = set()
        if seeded:
            rng.shuffle(self.problems)
        else:
            self.problems.sort(key=lambda p: (self._due(p), rng.random()))

    def _due(self, problem: Problem) -> str:
        card = self.history.cards().get(problem.id)
        if card is None:
            return ""  # never seen: as due as can be
        import json

        due = json.loads(card).get("due", "")
        return str(due)

    def next(self) -> Problem:
        for problem in self.problems:
            if problem.id not in self.asked:
                self.asked.add(problem.id)
                return problem
        self.asked.clear()
        return self.next()

    def review(self, problem: Problem, rating: str) -> None:
        """Update the problem's card with the user's rating (1–4), via the fsrs scheduler."""
        from fsrs import Card, Rating, Scheduler

        stored = self.history.cards().get(problem.id)
        card = Card.from_json(stored) if stored is not None else Card()
        scheduler = Scheduler(enable_fuzzing=False)
        card, _log = scheduler.review_card(card, Rating(int(rating)), datetime.now(UTC))
        self.history.save_card(problem.id, card.to_json(), card.due)


def _print(console: Console, document: Document) -> None:
    from aecalc.render.rich import print_document

    print_document(document, console)


def _duration(seconds: float) -> str:
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    return f"{whole // 60} min {whole % 60:02d} s"


class Session:
    def __init__(
        self, topic: str, count: int, seed: int | None, digits: int, console: Console
    ) -> None:
        self.topic = topic
        self.count = count
        self.seed = seed
        self.digits = digits
        self.console = console
        self.used_seed = seed if seed is not None else secrets.randbelow(10**6)
        self.rng = random.Random(self.used_seed)
        self.reader = Reader(console)
        self.history = History()
        self.tally = _Tally()
        self.topics = available_topics()
        self._deck: TheoryDeck | None = None
        if topic != "all" and topic not in self.topics:
            self.history.close()
            raise InputError(
                "--topic",
                f"{topic} practice needs a core module that is not installed "
                f"(available: {', '.join(self.topics)}, all)",
            )

    def say(self, text: str, style: str | None = None) -> None:
        self.console.print(text, style=style, markup=False, highlight=False)

    def deck(self) -> TheoryDeck:
        if self._deck is None:
            self._deck = TheoryDeck(self.history, self.rng, self.seed is not None)
        return self._deck

    def _record(self, attempt: Attempt) -> None:
        if self.history.record(attempt):
            self.tally.saved += 1
        else:
            self.tally.unsaved += 1

    def run(self) -> None:
        start = time.monotonic()
        self.say(
            f"Practice · topic {self.topic} · {self.count} question{'s' if self.count != 1 else ''} "
            f"· seed {self.used_seed}. Type hint for the first step, skip to move on, quit to stop.",
            "bold",
        )
        try:
            for number in range(1, self.count + 1):
                topic = self.topic if self.topic != "all" else self.rng.choice(self.topics)
                problem = (
                    self.deck().next() if topic == "theory" else generate.generate(topic, self.rng)
                )
                self.say("")
                self.say(f"Question {number}/{self.count} · {problem.topic}", "bold cyan")
                self.say(problem.statement)
                outcome = self.theory(problem) if problem.is_theory else self.numeric(problem)
                self.tally.asked += 1
                self.tally.right += outcome == "right"
        except (_End, KeyboardInterrupt):
            self.say("")
            self.say("Session ended.")
        finally:
            self.history.close()
        elapsed = time.monotonic() - start
        self.say("")
        self.say(f"Score: {self.tally.right}/{self.tally.asked}", "bold")
        self.say(f"Time: {_duration(elapsed)}")
        if self.seed is None:
            self.say(f"Repeat these questions with --seed {self.used_seed}.", "dim")
        summary = self.history.summary()  # after close(): counts the retry of pending writes
        if summary is not None:
            self.say(*summary)

    def numeric(self, problem: Problem) -> Outcome:
        from aecalc.practice.checker import check
        from aecalc.practice.documents import worked_blocks
        from aecalc.practice.solve import solve
        from aecalc.present.document import Document

        assert problem.spec is not None
        solution = solve(problem.spec)
        prompt = f"Answer ({solution.expected.describe()}; or hint, skip, quit):"
        while True:
            text = self.reader.ask(prompt)
            command = text.strip().lower()
            if command in ("hint", "?"):
                self.say(f"Hint: {problem.hint or solution.hint}", "yellow")
                continue
            if command == "quit":
                raise _End
            if command == "skip":
                self._record(Attempt(problem.topic, problem.id, problem.statement, "", False, True))
                self.say(f"Skipped. The answer: {solution.expected.as_text(self.digits)}", "yellow")
                _print(
                    self.console,
                    Document("Worked solution", tuple(worked_blocks(solution, self.digits))),
                )
                return "skipped"
            verdict = check(solution.expected, text)
            if verdict.status == "unreadable":
                self.say(verdict.message, "yellow")
                continue
            slip = None if verdict.slip is None else verdict.slip.name
            self._record(
                Attempt(
                    problem.topic,
                    problem.id,
                    problem.statement,
                    text.strip(),
                    verdict.right,
                    False,
                    slip,
                )
            )
            if verdict.right:
                self.say(f"✓ {verdict.message}", "green")
                return "right"
            self.say(f"✗ {verdict.message}", "red")
            _print(
                self.console,
                Document("Worked solution", tuple(worked_blocks(solution, self.digits))),
            )
            return "wrong"

    def theory(self, problem: Problem) -> Outcome:
        from aecalc.practice.documents import theory_blocks
        from aecalc.present.document import Document

        while True:
            text = self.reader.ask(
                "Your answer (a line of notes, or just Enter; hint, skip, quit):"
            )
            command = text.strip().lower()
            if command in ("hint", "?"):
                self.say(f"Hint: {problem.hint or problem.key_points[0]}", "yellow")
                continue
            if command == "quit":
                raise _End
            break
        skipped = command == "skip"
        _print(self.console, Document(problem.title, tuple(theory_blocks(problem))))
        if skipped:
            rating = "1"
        else:
            while True:
                answer = self.reader.ask(
                    "How well did you recall it? 1 again · 2 hard · 3 good · 4 easy:"
                )
                word = answer.strip().lower()
                if word in RATINGS:
                    rating = word
                    break
                if word in _RATING_WORDS:
                    rating = _RATING_WORDS[word]
                    break
                if word == "quit":
                    raise _End
                self.say("Give a rating from 1 to 4 (or again, hard, good, easy).", "yellow")
        correct = not skipped and rating in ("3", "4")
        self._record(
            Attempt(
                problem.topic,
                problem.id,
                problem.statement,
                ("" if skipped else text.strip()) + f" [recall: {RATINGS[rating]}]",
                correct,
                skipped,
            )
        )
        self.deck().review(problem, rating)
        if skipped:
            self.say("Skipped: it will come back soon.", "yellow")
            return "skipped"
        self.say(
            "Noted: it will come back " + ("soon." if rating in ("1", "2") else "later."),
            "green" if correct else "yellow",
        )
        return "right" if correct else "wrong"


def run(topic: str, count: int, seed: int | None, digits: int) -> None:
    from rich.console import Console

    Session(topic, count, seed, digits, Console(highlight=False)).run()
