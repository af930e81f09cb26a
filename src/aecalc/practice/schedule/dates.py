"""Today and the exam date: the clock the plan reasons with, a date as typed, what is kept.

**Today** is the computer's date, or ``$AECALC_TODAY`` (``YYYY-MM-DD``): a fixed date for tests,
never needed otherwise (:func:`clock`; the plan then reasons as at noon UTC that day). The exam
date and the minutes a day, once given to ``aecalc plan``, are kept in ``plan.json`` beside the
history (:func:`load_settings`, :func:`save_settings`): settings, not attempts.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime, time
from pathlib import Path

from aecalc.errors import InputError
from aecalc.practice.history.attempts import home
from aecalc.record import Record

TODAY_VARIABLE = "AECALC_TODAY"
SETTINGS_FILE = "plan.json"
MAX_MINUTES = 24 * 60
EXAM_HOUR = time(12, tzinfo=UTC)
"""The hour of the exam date a forecast is for (and of a fixed today)."""


class Clock(Record):
    """Today's date and the moment the plan is made."""

    today: date
    now: datetime


def clock() -> Clock:
    """The real date and time, or noon (UTC) of ``$AECALC_TODAY`` when that is set (tests)."""
    fixed = os.environ.get(TODAY_VARIABLE)
    if fixed:
        day = parse_date(fixed, TODAY_VARIABLE)
        return Clock(day, datetime.combine(day, EXAM_HOUR))
    return Clock(date.today(), datetime.now(UTC))


def parse_date(text: str, argument: str) -> date:
    """A ``YYYY-MM-DD`` date, or :class:`~aecalc.errors.InputError` naming ``argument``."""
    typed = text.strip()
    if (
        len(typed) != 10
        or typed[4] != "-"
        or typed[7] != "-"
        or not typed.replace("-", "").isdigit()
    ):
        raise InputError(argument, f"{text!r} is not a date written YYYY-MM-DD (e.g. 2025-06-12)")
    try:
        return date.fromisoformat(typed)
    except ValueError as error:
        raise InputError(argument, f"{text!r} is not a date ({error})") from None


class Settings(Record):
    """What the student told the plan once: the exam date and the minutes a day."""

    exam: date | None = None
    minutes: int | None = None


def settings_path() -> Path:
    return home() / SETTINGS_FILE


def load_settings(path: Path | None = None) -> Settings:
    """The settings kept (none: a missing or unreadable file, or values that do not read)."""
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    exam: date | None = None
    minutes = data.get("minutes_per_day")
    try:
        exam = date.fromisoformat(str(data["exam_date"])) if data.get("exam_date") else None
    except ValueError:
        exam = None
    fine = isinstance(minutes, int) and 0 < minutes <= MAX_MINUTES
    return Settings(exam, minutes if fine else None)


def save_settings(settings: Settings, path: Path | None = None) -> str | None:
    """Keep ``settings`` (a temporary file renamed into place); why it could not be, or None."""
    path = path or settings_path()
    data = {
        "exam_date": None if settings.exam is None else settings.exam.isoformat(),
        "minutes_per_day": settings.minutes,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        partial.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        partial.replace(path)
    except OSError as error:
        return error.strerror or str(error)
    return None


def kept(settings: Settings, today: date) -> tuple[date | None, date | None]:
    """The exam date kept in ``settings`` if it is still ahead, and the one that has passed."""
    if settings.exam is None:
        return None, None
    if settings.exam < today:
        return None, settings.exam
    return settings.exam, None
