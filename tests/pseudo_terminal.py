"""aecalc on a real pseudo-terminal, for the interactive tests: started under pexpect with the
test's history folder, every byte it prints kept (:func:`transcript`), escapes stripped for the
assertions (:func:`plain`).

A real terminal is the point of these tests: the exam then reads key by key with the time left
as its timeout, and answers typed ahead or pasted arrive in one read. Elsewhere the commands run
in-process (``cli.run``).
"""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import pexpect

from cli import AECALC

TIMEOUT = 60
"""Seconds an ``expect`` waits before the test fails (a loaded machine starts slowly)."""

_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def spawn(home: Path, *args: str, columns: int = 100) -> pexpect.spawn:
    """``aecalc ARGS`` on a pseudo-terminal of 40 × ``columns``, its history in ``home``."""
    env = {**os.environ, "AECALC_HOME": str(home), "COLUMNS": str(columns), "TERM": "dumb"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    program, *command = AECALC
    child = pexpect.spawn(
        program,
        [*command, *args],
        env=env,
        encoding="utf-8",
        codec_errors="replace",
        timeout=TIMEOUT,
        dimensions=(40, columns),
    )
    child.logfile_read = io.StringIO()
    return child


def transcript(child: pexpect.spawn) -> str:
    """Everything the session printed so far, its escapes removed."""
    kept = child.logfile_read
    assert isinstance(kept, io.StringIO)
    return _ESCAPE.sub("", kept.getvalue())


def plain(text: str) -> str:
    """``text`` without escapes, its whitespace runs made single spaces."""
    return " ".join(_ESCAPE.sub("", text).split())


def ended(child: pexpect.spawn) -> str:
    """Wait for the session to end; its transcript."""
    child.expect(pexpect.EOF)
    child.close()
    return transcript(child)
