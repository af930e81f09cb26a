"""A mock exam (``aecalc exam``): a timed paper, answered in order, then a marked script.

The paper mixes numeric and theory questions as past papers do: the numeric topics
of :mod:`aecalc.practice.topics` in table order (easiest first), a theory question
after every two, each at the exam's usual size (level 2) and worth its topic's
``marks``. Numeric answers are checked by :func:`aecalc.practice.answers.checker.check`
(full marks when right; a vector answer with some of its elements right earns that share
of the marks, rounded down: :func:`~aecalc.practice.answers.marks.numeric_marks`; a question
worked in steps earns the share of its marks its step marks earn, rounded down:
:func:`~aecalc.practice.answers.marks.share`, so a topic is worth the same here as in
``aecalc plan``); theory
answers are free text, self-marked at the end against the key points (one mark per key point
made, up to the question's marks). Every answer is recorded as a practice answer is
(:func:`~aecalc.practice.schedule.recording.record_answer`).

The clock runs while the paper is answered: each question shows the time left,
and when it is up the paper ends — even in the middle of a question, when the input
is a terminal or a pipe (a ``select`` with the time left). The script, the
answers with right or wrong, the slip where one is named and the marks, ends with
``Marks: K/T``; every question is saved to the history.
"""

from __future__ import annotations

import random
import secrets
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aecalc.practice import topics
from aecalc.practice.answers.marks import numeric_marks, share
from aecalc.practice.history.attempts import History, home
from aecalc.practice.schedule.recording import Answer, record_answer
from aecalc.practice.session import choice, terminal, tutor
from aecalc.practice.session.terminal import duration
from aecalc.practice.session.timed import Clock, EndOfInput, TimeUp, read_answer
from aecalc.practice.topics.problem import Problem
from aecalc.practice.topics.solution import Solution

if TYPE_CHECKING:
    from rich.console import Console

    from aecalc.practice.answers.checker import Expected
    from aecalc.practice.answers.marks import MarkedWorking
    from aecalc.practice.answers.steps import Working
    from aecalc.present.document import Document

MAX_MINUTES = 600
MAX_QUESTIONS = 40


@dataclass
class Question:
    """One question of the paper, and what happened to it (filled in as the paper is sat)."""

    number: int
    problem: Problem
    solution: Solution | None
    marks: int
    answer: str = ""
    answered: bool = False
    right: bool = False
    slip: str | None = None
    scored: int = 0
    saved: bool = False
    notes: tuple[str, ...] = ()  # the checker's remarks on a marked answer (precision, comma)
    marked: MarkedWorking | None = None  # a question worked in steps: each line as marked
    mcq: bool = False  # answered as multiple choice (exam --mcq)

    @property
    def working(self) -> Working | None:
        """The steps a multi-step numeric question is answered in, its answer to the precision
        the question asks (None: one answer)."""
        if self.solution is None or self.solution.working is None:
            return None
        if len(self.solution.working.steps) < 2:
            return None
        return self.solution.working.asking(self.problem.precision)

    @property
    def expected(self) -> Expected | None:
        """The answer, shown and described to the precision the question asks for (None: theory)."""
        if self.solution is None:
            return None
        return self.solution.expected.asking(self.problem.precision)

    @property
    def partly_right(self) -> bool:
        """A checked answer that earned some of its marks, not all (see
        :func:`~aecalc.practice.answers.marks.numeric_marks`)."""
        return (
            self.solution is not None
            and self.marked is None
            and self.answered
            and 0 < self.scored < self.marks
        )


def paper_topics(count: int, available: tuple[str, ...]) -> list[str]:
    """``count`` topics as past papers mix them: two numeric topics, then a theory question."""
    numeric = [t for t in topics.NUMERIC if t in available]
    order: list[str] = []
    index = 0
    while len(order) < count:
        for _ in range(2):
            if numeric and len(order) < count:
                order.append(numeric[index % len(numeric)])
                index += 1
        if "theory" in available and len(order) < count:
            order.append("theory")
    return order


class Exam:
    """Set the paper, run the clock, mark the script."""

    def __init__(
        self,
        count: int,
        minutes: float,
        seed: int | None,
        digits: int,
        console: Console,
        level: int = 2,
        mcq: bool = False,
    ) -> None:
        self.count = count
        self.level = level
        self.mcq = mcq  # numeric questions as multiple choice where they suit it
        self.minutes = minutes
        self.seed = seed
        self.used_seed = seed if seed is not None else secrets.randbelow(10**6)
        self.rng = random.Random(self.used_seed)
        self.digits = digits
        self.console = console
        self.questions = self._paper()
        self.time_used = 0.0
        self.history: History | None = None
        home()  # where the history goes, checked before the paper starts (a bad AECALC_HOME)
        self.unsaved = 0
        self.time_up = False

    def say(self, text: str, style: str | None = None) -> None:
        terminal.say(self.console, text, style)

    def _paper(self) -> list[Question]:
        from aecalc.practice.bank.folder import load_bank

        theory = load_bank(only=topics.WORDED)
        self.rng.shuffle(theory)
        questions = []
        for number, topic in enumerate(paper_topics(self.count, topics.IDS), start=1):
            marks = topics.get(topic).marks
            if topic == "theory":
                problem = theory[(number - 1) % len(theory)]
                marks = min(marks, len(problem.key_points))
                questions.append(Question(number, problem, None, marks))
                continue
            problem = topics.generate(topic, self.rng, self.level)
            assert problem.spec is not None
            # worth its topic's marks, as the plan counts it; a question worked in steps earns
            # the share of them its step marks earn (method and follow-through)
            questions.append(Question(number, problem, topics.solve(problem.spec), marks))
        return questions

    @property
    def total(self) -> int:
        return sum(q.marks for q in self.questions)

    @property
    def scored(self) -> int:
        return sum(q.scored for q in self.questions)

    def prompt(self, text: str) -> None:
        """A prompt: at a terminal the answer is typed on its line, else it is echoed after it."""
        if sys.stdin.isatty():
            terminal.say(self.console, text, "bold", end=" ")
            self.console.file.flush()
        else:
            self.say(text)

    def ask(self, clock: Clock, prompt: str) -> str:
        self.prompt(prompt)
        text = read_answer(clock)
        if not sys.stdin.isatty():
            terminal.echo(self.console, text)
        if text.strip().lower() == "quit":
            raise EndOfInput
        return text

    def sit(self) -> None:
        """The timed part: every question in order until the paper ends or time is up."""
        from aecalc.practice.answers.checker import check

        clock = Clock(self.minutes)
        self.say(
            f"Mock exam · {len(self.questions)} questions · {self.total} marks · "
            f"{_minutes(self.minutes)} · level {self.level} · seed {self.used_seed}. Answer each "
            "question in order; "
            "skip moves on, quit hands the paper in.",
            "bold",
        )
        try:
            for question in self.questions:
                problem = question.problem
                self.say("")
                self.say(
                    f"Question {question.number}/{len(self.questions)} · {problem.topic} · "
                    f"{question.marks} mark{'s' if question.marks != 1 else ''} · "
                    f"{duration(clock.left())} left",
                    "bold cyan",
                )
                self.say(problem.statement)
                expected = question.expected
                if expected is None:
                    try:
                        text = self.ask(clock, "Answer (your answer in a line of notes; skip):")
                    except TimeUp as up:  # a half-typed answer is handed in as it stands
                        if up.partial.strip():
                            question.answer, question.answered = up.partial.strip(), True
                        raise
                    if text.strip().lower() != "skip":
                        question.answer, question.answered = text.strip(), True
                    continue
                if self.mcq and choice.suits(expected) and self.choose(clock, question):
                    continue
                if question.working is not None:
                    self.steps(clock, question)
                    continue
                before, prompt = tutor.answer_prompt(expected.describe(), "skip")
                for line in before:
                    self.say(line, "dim")
                while True:
                    try:
                        text = self.ask(clock, prompt)
                    except TimeUp as up:  # a half-typed answer is handed in as it stands
                        self.hand_in(question, up.partial)
                        raise
                    if text.strip().lower() == "skip":
                        break
                    verdict = check(expected, text)
                    if verdict.status == "unreadable":
                        self.say(verdict.message, "yellow")
                        continue
                    question.answer, question.answered = text.strip(), True
                    question.right = verdict.right
                    question.slip = None if verdict.slip is None else verdict.slip.name
                    question.notes = verdict.notes
                    question.scored = numeric_marks(question.marks, verdict)
                    self.save(question)
                    break
        except TimeUp:
            self.time_up = True
            self.say("")
            self.say("Time is up: the paper is handed in.", "bold yellow")
        except (EndOfInput, KeyboardInterrupt):
            self.say("")
            self.say("The paper is handed in.", "bold")
        self.time_used = min(clock.used(), 60 * self.minutes)

    def choose(self, clock: Clock, question: Question) -> bool:
        """A numeric question as multiple choice (:func:`~aecalc.practice.session.choice.sit`),
        all or none of its marks; False where it has not four options (asked as usual)."""
        assert question.expected is not None
        chosen = choice.sit(
            question.expected, self.digits, self.rng, lambda p: self.ask(clock, p), self.say
        )
        if chosen is None:
            return False
        question.mcq = True
        if chosen.answered:
            question.answer, question.answered = chosen.answer, True
            question.right, question.slip = chosen.right, chosen.slip
            question.scored = question.marks if chosen.right else 0
            self.save(question)
        if chosen.time_up:
            raise TimeUp
        return True

    def hand_in(self, question: Question, text: str) -> None:
        """A half-typed answer when the time ran out: marked as it stands, where it reads."""
        from aecalc.practice.answers.checker import check

        expected = question.expected
        if expected is None or not text.strip() or text.strip().lower() == "skip":
            return
        verdict = check(expected, text)
        if verdict.status == "unreadable":
            return
        question.answer, question.answered = text.strip(), True
        question.right = verdict.right
        question.slip = None if verdict.slip is None else verdict.slip.name
        question.notes = verdict.notes
        question.scored = numeric_marks(question.marks, verdict)
        self.save(question)

    def steps(self, clock: Clock, question: Question) -> None:
        """A multi-step question, one prompt a step (``Step k/m``), marked when it is done (or
        when the time runs out: a half-typed step as it stands, the rest left out) with method
        and follow-through marks."""
        from aecalc.errors import InputError
        from aecalc.practice.answers.marks import Marker
        from aecalc.practice.answers.working import LEFT_OUT

        working = question.working
        assert working is not None
        marker = Marker(working)
        count = len(working.steps)
        self.say(
            "One step a line; Enter or - leaves a step out (a right later step earns it); skip "
            "leaves the rest.",
            "dim",
        )
        typed: list[str] = []
        try:
            while (step := marker.next_step) is not None:
                how = f" = {step.how}" if step.how and step.how != step.name else ""
                text = self.ask(clock, f"Step {len(marker.lines) + 1}/{count} · {step.name}{how}:")
                if text.strip().lower() == "skip":
                    break
                entry = None if text.strip() in LEFT_OUT else text
                try:
                    marker.take(entry)
                except InputError as error:
                    self.say(f"Cannot read that as {step.name}: {error.problem}.", "yellow")
                    continue
                if entry is not None:
                    typed.append(f"{step.name} = {entry.strip()}")
        except TimeUp as up:
            if up.partial.strip() and marker.next_step is not None:
                try:
                    marker.take(up.partial)
                    typed.append(f"{marker.lines[-1].step.name} = {up.partial.strip()}")
                except InputError:
                    pass
            self.mark_steps(question, marker.result(), typed)
            raise
        self.mark_steps(question, marker.result(), typed)

    def mark_steps(self, question: Question, marked: MarkedWorking, typed: list[str]) -> None:
        question.marked = marked
        question.answered = bool(typed)
        final = marked.lines[-1]
        question.answer = final.given.strip() if final.given else "; ".join(typed)
        question.right = marked.final_right
        first = marked.first_wrong
        question.slip = None if first is None or first.slip is None else first.slip.name
        question.scored = share(question.marks, marked.marks, marked.out_of)
        if final.verdict == "right" and final.note:
            question.notes = (final.note,)
        self.save(question)

    def self_mark(self) -> None:
        """Theory answers: the key points shown, the student says how many the answer made."""
        theory = [q for q in self.questions if q.solution is None and q.answered]
        if not theory:
            return
        self.say("")
        self.say("Marking the theory answers against the key points", "bold")
        for question in theory:
            points = question.problem.key_points
            self.say("")
            self.say(f"Question {question.number} · {question.problem.title}", "bold cyan")
            self.say(f"Your answer: {question.answer or '(empty)'}")
            for number, point in enumerate(points, start=1):
                self.say(_hanging(f"  {number}. ", point, self.console.width))
            question.scored = self._points(question.marks, len(points))
            question.right = question.scored == question.marks
            self.save(question)

    def _points(self, marks: int, points: int) -> int:
        prompt = (
            f"Answer: how many of these {points} key points did your answer make? "
            f"(0 to {points}; worth up to {marks} marks)"
        )
        while True:
            self.prompt(prompt)
            line = terminal.lines().line()
            if line is None:
                return 0
            if not sys.stdin.isatty():
                terminal.echo(self.console, line)
            text = line.strip()
            if text.isdigit() and 0 <= int(text) <= points:
                return min(marks, int(text))
            self.say(f"Give a whole number from 0 to {points}.", "yellow")

    def save(self, question: Question) -> None:
        """One question into the history, at once (so a killed paper keeps what was marked)."""
        if question.saved:
            return
        if self.history is None:
            self.history = History()
        note = f"[exam: {question.scored}/{question.marks} marks]"
        ok = record_answer(
            self.history,
            Answer(
                question.problem,
                f"{question.answer} {note}" if question.answer else note,
                question.scored == question.marks and question.answered,
                not question.answered,
                question.slip,
                level=None if question.solution is None else self.level,
                mode="mcq" if question.mcq else None,
            ),
        )
        question.saved = True
        self.unsaved += not ok

    def record(self) -> int:
        """The questions not saved yet (unanswered ones as skipped); how many could not be."""
        for question in self.questions:
            self.save(question)
        if self.history is not None:
            self.history.close()
        return self.unsaved

    def as_json(self) -> dict[str, object]:
        """The marked script as data (``--output script.json``)."""
        return {
            "marks": self.scored,
            "total": self.total,
            "seed": self.used_seed,
            "minutes": self.minutes,
            "time_used_s": round(self.time_used, 1),
            "time_up": self.time_up,
            "questions": [
                {
                    "number": q.number,
                    "topic": q.problem.topic,
                    "id": q.problem.id,
                    "statement": q.problem.statement,
                    "answer": q.answer if q.answered else None,
                    "expected": None if q.expected is None else q.expected.as_text(self.digits),
                    "right": q.right,
                    "slip": q.slip,
                    "marks": q.scored,
                    "out_of": q.marks,
                    "working": None if q.marked is None else q.marked.as_json(self.digits),
                }
                for q in self.questions
            ],
        }

    def script(self, full: bool = False) -> Document:
        """The marked script (:func:`~aecalc.practice.printouts.script.script_document`): every
        question as set, the answer given, the right one, the marks and which step lost which,
        the worked solution of each answered wrong (``full``: the whole of it)."""
        from aecalc.practice.printouts.script import script_document
        from aecalc.present.document import Facts

        result = Facts(
            "Result",
            (
                ("Marks", f"{self.scored}/{self.total}"),
                (
                    "time",
                    f"{duration(self.time_used)} of {_minutes(self.minutes)}"
                    + (" (time ran out)" if self.time_up else ""),
                ),
                ("seed", f"{self.used_seed} (aecalc exam --seed {self.used_seed} sets it again)"),
            ),
        )
        return script_document(self.questions, result, self.digits, full)


def _hanging(head: str, text: str, width: int) -> str:
    """``text`` wrapped to ``width`` after ``head``, its further lines indented under the text."""
    import textwrap

    return textwrap.fill(
        text, max(20, width), initial_indent=head, subsequent_indent=" " * len(head)
    )


def _minutes(minutes: float) -> str:
    if minutes == int(minutes):
        return f"{int(minutes)} min"
    return duration(60 * minutes)
