"""The practice loop: ask, read, check, explain, record — and end cleanly whatever happens.

The loop does the asking and the saying; what a typed line means for the question at hand, and
what the tutor answers, is the question's turn (:mod:`aecalc.practice.session.turns`); the
answer is recorded in one place (:func:`aecalc.practice.schedule.recording.record_answer`).

Input comes from a Rich prompt on a terminal, or line by line from stdin when
stdin is not a terminal (so a session can be scripted). ``hint`` shows the first
step, ``skip`` moves on (counted, not correct), ``quit``, end of input or Ctrl-C
end the session; every attempt is saved the moment it is made. An answer that
cannot be read in the expected form is not marked: the form is shown and the
question asked again.

With ``--seed`` everything printed before the ``Score:`` line depends only on
the topic, count, seed and answers: theory questions are then drawn in seeded
order rather than by the spaced-repetition schedule (the schedule is still
updated), and history-dependent lines come after the score. One exception: without
``--level`` each kind is asked at the level its mastery has reached
(:mod:`aecalc.practice.schedule.mastery`), which the history holds — with an empty history
every level starts at 1, so a seeded first session is reproducible; give ``--level`` for a
transcript that never depends on the history.

Without options (no topic, seed, review or bank) a session asks today's study plan
(:mod:`aecalc.practice.schedule.plan`); with ``mcq`` numeric questions are multiple choice
(:mod:`aecalc.practice.session.choice`).
"""

from __future__ import annotations

import random
import secrets
import time
from typing import TYPE_CHECKING

from aecalc.errors import InputError
from aecalc.practice import topics
from aecalc.practice.history.attempts import History
from aecalc.practice.schedule import mastery, review
from aecalc.practice.schedule.recording import Answer, record_answer
from aecalc.practice.schedule.review import TheoryDeck
from aecalc.practice.session import choice, terminal, tutor
from aecalc.practice.session.terminal import End, Reader, Tally, duration, show
from aecalc.practice.session.turns import (
    AGAIN,
    NumericTurn,
    Outcome,
    Reply,
    TheoryTurn,
    Turn,
    word,
)
from aecalc.practice.topics.problem import Problem, kind_of
from aecalc.practice.topics.solution import Solution
from aecalc.record import Record

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console

    from aecalc.practice.schedule.plan import Plan


class Options(Record):
    """What a session asks: the options of ``aecalc practice`` after validation."""

    topics: tuple[str, ...] = ()
    """The topics chosen (empty: every available topic, the easier ones first)."""
    count: int = 5
    """How many questions (0 with ``follow_plan``: today's plan's own number)."""
    seed: int | None = None
    digits: int = 4
    level: int | None = 2
    """The level every question is asked at; None: each kind at its mastery's level."""
    retry: bool = False
    bank: bool = False
    review: bool = False
    mcq: bool = False
    """Numeric questions as multiple choice (a to d), where they suit it."""
    follow_plan: bool = False
    """Ask today's study plan (``practice`` without options)."""


class Session:
    def __init__(self, options: Options, console: Console) -> None:
        self.options = options
        self.count = options.count
        self.seed = options.seed
        self.digits = options.digits
        self.level = options.level
        self.console = console
        self.used_seed = self.seed if self.seed is not None else secrets.randbelow(10**6)
        self.rng = random.Random(self.used_seed)
        self.reader = Reader(console)
        self.tally = Tally()
        self.available = topics.IDS
        self._deck: TheoryDeck | None = None
        # the question marked last, its solution (None: theory) and the places of its steps
        self.last: tuple[Problem, Solution | None, int] | None = None
        self.bank: list[Problem] = self._bank() if options.bank else []
        if options.bank:
            self.count = min(self.count, len(self.bank))
        self.history = History()
        self.plan: list[review.Item] = []
        self.note = ""  # a line under the question's header (why a review asks it)
        self.verdict = ""  # what was said on the question marked last (why leads with it)
        self.nothing_to_review = False
        self.shown_at = time.monotonic()  # when the question being answered was shown
        self.asked_level: int | None = None  # the level it was asked at (None: bank, theory)
        self.planned = ""  # today's plan in a few words, when the session follows it
        if options.follow_plan:
            from aecalc.practice.schedule import plan as study

            made, self.plan = study.session_items(self.history, options.count or None)
            self.count = len(self.plan) or options.count or 5
            self.planned = _planned(made, len(self.plan)) if self.plan else ""
        elif options.review:
            self.plan = review.plan(self.history, self.count, options.topics or self.available)
            if self.plan:
                self.count = len(self.plan)
            else:
                self.nothing_to_review = True

    def _bank(self) -> list[Problem]:
        from aecalc.practice.bank.folder import load_bank

        chosen = self.options.topics or self.available
        problems = load_bank(only=chosen)
        if not problems:
            raise InputError("--topic", f"the bank has no problems of topic {', '.join(chosen)}")
        if self.seed is not None:
            self.rng.shuffle(problems)
        return problems

    def say(self, text: str, style: str | None = None) -> None:
        terminal.say(self.console, text, style)

    def tell(self, reply: Reply) -> Outcome | None:
        """Record a reply's answer (first, so a failure to save is said before the feedback),
        then say its lines; its outcome."""
        if reply.answer is not None:
            self._record(reply.answer)
        for text, style in reply.lines:
            self.say(text, style)
        if reply.outcome is not None and reply.lines:
            self.verdict = reply.lines[0][0]  # why leads with it
        return reply.outcome

    def again(self, problem: Problem) -> None:
        """The question being answered, said again (after ``why`` showed another)."""
        self.say("")
        self.say("Back to the question:", "bold cyan")
        self.say(problem.statement)

    def deck(self) -> TheoryDeck:
        if self._deck is None:
            self._deck = TheoryDeck(self.history, self.rng, self.seed is not None)
        return self._deck

    def _record(self, answer: Answer) -> None:
        answer = answer.stamped(time.monotonic() - self.shown_at, self.asked_level)
        if record_answer(self.history, answer):
            self.tally.saved += 1
        else:
            self.tally.unsaved += 1

    def topic_for(self, number: int) -> str:
        """Question ``number``'s topic: the one chosen, or (all topics) the easier ones first."""
        chosen = self.options.topics
        if len(chosen) == 1:
            return chosen[0]
        if chosen:
            return self.rng.choice(chosen)
        # every topic: the first third of the session from the easiest (rank 1), the second
        # third up to rank 2, the rest from all of them
        ceiling = 1 + (3 * (number - 1)) // max(1, self.count)
        pool = [t for t in self.available if topics.get(t).rank <= ceiling]
        return self.rng.choice(pool or list(self.available))

    def problem_for(self, number: int) -> Problem:
        self.asked_level = None
        if self.plan:
            item = self.plan[number - 1]
            self.note = f"{'Plan' if self.planned else 'Review'} · {item.reason}"
            if item.problem is not None:
                return item.problem
            return self.generate(item.topic, item.kind)
        if self.bank:
            return self.bank[(number - 1) % len(self.bank)]
        topic = self.topic_for(number)
        if topic == "theory":
            return self.deck().next()
        return self.generate(topic)

    def generate(self, topic: str, kind: str | None = None) -> Problem:
        """A fresh question of ``topic`` (of ``kind`` if given) at ``--level``, or else at the
        level its kind's mastery has reached: the kind is drawn at the topic's level
        (:meth:`~aecalc.practice.schedule.mastery.Masteries.topic_level`) and, where its own
        level differs, asked again at that level."""
        if self.level is not None:
            self.asked_level = self.level
            return topics.generate(topic, self.rng, self.level, kind)
        masteries = mastery.of_history(self.history)
        if kind is None:
            start = masteries.topic_level(topic)
            problem = topics.generate(topic, self.rng, start)
            found = kind_of(problem.id)
            if found is None or masteries.level(topic, found[1]) == start:
                self.asked_level = start
                return problem
            kind = found[1]
        self.asked_level = masteries.level(topic, kind)
        return topics.generate(topic, self.rng, self.asked_level, kind)

    @property
    def level_text(self) -> str:
        return "levels by mastery" if self.level is None else f"level {self.level}"

    def describe(self) -> str:
        if self.planned:
            return (
                f"Practice · today's plan: {self.planned} · {self.level_text} · "
                f"{'multiple choice · ' if self.options.mcq else ''}seed {self.used_seed}. "
                "Type hint for the next step, why for the worked solution of the question just "
                "marked, skip, quit."
            )
        if self.plan:
            return (
                f"Practice review · {self.count} question{'s' if self.count != 1 else ''}: the kinds you "
                "got wrong (fresh numbers), weakest first, then the theory cards that are due · "
                f"{self.level_text} · seed {self.used_seed}. Type hint for the next step, why "
                "for the worked solution of the question just marked, skip, quit."
            )
        what = "the bank" if self.options.bank else self.level_text
        if self.options.mcq:
            what += " · multiple choice"
        chosen = ",".join(self.options.topics) or "all"
        return (
            f"Practice · topic {chosen} · {what} · {self.count} "
            f"question{'s' if self.count != 1 else ''} · seed {self.used_seed}. Type hint for "
            "the next step, why for the worked solution of the question just marked, skip to "
            "move on, quit to stop."
        )

    def run(self) -> None:
        start = time.monotonic()
        if self.nothing_to_review:
            self.say(
                "Nothing to review yet: no question answered wrong and no theory card due. "
                "Here is a normal session instead (practice --review once you have some history).",
                "yellow",
            )
        self.say(self.describe(), "bold")
        outcome: Outcome = "end"
        try:
            for number in range(1, self.count + 1):
                problem = self.problem_for(number)
                self.say("")
                level = ""
                if self.level is None and self.asked_level is not None:
                    level = f" · level {self.asked_level}"
                self.say(f"Question {number}/{self.count} · {problem.topic}{level}", "bold cyan")
                self.shown_at = time.monotonic()
                if self.note:
                    self.say(self.note, "dim")
                    self.note = ""
                self.say(problem.statement)
                outcome = self.theory(problem) if problem.is_theory else self.numeric(problem)
                self.tally.asked += 1
                self.tally.right += outcome == "right"
            if outcome in ("wrong", "skipped") and self.last_numeric():
                # no next prompt to type why at: offer it once (from stdin, if a line follows)
                text = self.reader.offer(
                    "Type why for the last question's worked solution, or Enter:"
                )
                if text.strip().lower() == "why":
                    self.why()
        except (End, KeyboardInterrupt):
            self.say("")
            self.say("Session ended.")
        finally:
            self.history.close()
        elapsed = time.monotonic() - start
        self.say("")
        self.say(f"Score: {self.tally.right}/{self.tally.asked}", "bold")
        self.say(f"Time: {duration(elapsed)}")
        if self.planned:  # --seed would not follow the plan: no promise to repeat it
            self.say("aecalc plan shows where you stand and what is left for today.", "dim")
        elif self.seed is None and not self.options.bank:  # the bank unseeded: its own order
            self.say(f"Repeat these questions with --seed {self.used_seed}.", "dim")
        summary = self.history.summary()  # after close(): counts the retry of pending writes
        if summary is not None:
            self.say(*summary)

    def scores(self) -> tuple[str, str]:
        """The running score after this question, right and wrong (``3/4 so far``)."""
        asked = self.tally.asked + 1
        return tutor.so_far(self.tally.right + 1, asked), tutor.so_far(self.tally.right, asked)

    def last_numeric(self) -> bool:
        """Whether the question just marked was a numeric one (it has a worked solution)."""
        return self.last is not None and self.last[1] is not None

    def why(self) -> None:
        """The question just marked: the verdict said on it (the slip) and the steps that matter
        first, then its whole worked solution."""
        from aecalc.practice.printouts.problems import theory_blocks, worked_blocks
        from aecalc.present.document import Block, Document, Facts, Note

        if self.last is None:
            self.say(
                "Nothing marked yet: why shows the worked solution of the question just marked.",
                "yellow",
            )
            return
        problem, solution, digits = self.last
        if solution is None:
            show(self.console, Document(problem.title, tuple(theory_blocks(problem))))
            return
        lead: list[Block] = [Note(self.verdict.lstrip("✗✓ "))] if self.verdict else []
        steps = solution.steps(digits)[: tutor.MAX_STEPS]
        if steps:
            numbered = tuple((f"{n}.", step) for n, step in enumerate(steps, start=1))
            lead.append(Facts("The steps that matter", numbered))
        blocks = (*lead, *worked_blocks(solution, digits, problem))
        show(self.console, Document(f"Worked solution · {problem.title}", blocks))

    def numeric(self, problem: Problem) -> Outcome:
        assert problem.spec is not None
        solution = topics.solve(problem.spec)
        turn: NumericTurn | choice.ChoiceTurn = NumericTurn(
            problem, solution, self.digits, self.options.retry, self.scores()
        )
        if self.options.mcq:
            offered = choice.ChoiceTurn(problem, solution, self.digits, self.rng, self.scores())
            if offered.complete:
                turn = offered
            else:
                self.say(choice.TYPED, "dim")
        before, prompt = turn.opening()
        for text, style in before:
            self.say(text, style)
        # the form was said once (and again when an answer is unreadable)
        return self.converse(problem, solution, turn, prompt, lambda: AGAIN)

    def converse(
        self, problem: Problem, solution: Solution, turn: Turn, first: str, then: Callable[[], str]
    ) -> Outcome:
        """Read lines for ``turn`` until it has an outcome: ``hint``, ``skip``, ``why`` and
        ``quit`` are the session's words, any other line an answer. ``first`` is the first
        prompt, ``then()`` each later one."""
        prompt = first
        while True:
            text = self.reader.ask(prompt)
            command = word(text)
            if command == "why":
                self.why()
                self.again(problem)
                prompt = then()
                continue
            if command == "quit":
                raise End
            reply = (
                turn.hint()
                if command == "hint"
                else turn.skip()
                if command == "skip"
                else turn.answer(text)
            )
            if reply.outcome is not None:
                self.last = (problem, solution, turn.digits)
            outcome = self.tell(reply)
            if outcome is not None:
                return outcome
            prompt = then()

    def theory(self, problem: Problem) -> Outcome:
        from aecalc.practice.printouts.problems import theory_blocks
        from aecalc.present.document import Document

        turn = TheoryTurn(problem, self.scores())
        while True:
            text = self.reader.ask(turn.PROMPT)
            command = word(text) or ""
            if command == "hint":
                self.tell(turn.hint())
                continue
            if command == "why":
                self.why()
                self.again(problem)
                continue
            if command == "quit":
                raise End
            break
        skipped = command == "skip"
        self.last = (problem, None, self.digits)
        show(self.console, Document(problem.title, tuple(theory_blocks(problem))))
        rating = "1" if skipped else self.recall(turn)
        outcome = self.tell(turn.rated(text, skipped, rating))
        assert outcome is not None
        return outcome

    def recall(self, turn: TheoryTurn) -> str:
        """The student's recall rating, asked until one is given (``quit`` ends the session)."""
        while True:
            answer = self.reader.ask(turn.RATING_PROMPT)
            rating = turn.rating(answer)
            if rating is not None:
                return rating
            if answer.strip().lower() == "quit":
                raise End
            self.say(turn.RATING_AGAIN, "yellow")


def run(options: Options) -> None:
    from aecalc.render.rich import console

    Session(options, console(highlight=False)).run()  # COLUMNS=0 falls back to 80


def _planned(made: Plan, count: int) -> str:
    """Today's plan in a few words: ``9 questions, about 19 min, exam 2025-06-12 in 11 days``."""
    minutes = sum(task.seconds for task in made.queue[:count]) / 60
    text = f"{count} question{'s' if count != 1 else ''}, about {minutes:.0f} min"
    if made.exam is not None:
        text += f", exam {made.exam.isoformat()} in {made.days_left} days"
    if made.answers == 0:
        text += " (a first session: one question of each topic in turn)"
    return text
