"""The one error type the command line turns into an ``Error:`` line and exit status 2."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input from the user: names the argument and what is wrong with it.

    ``str(error)`` is the text shown after ``Error:``, e.g.
    ``--x: expected 2 values (W_e is 2×2) but got 3``.
    """

    def __init__(self, argument: str, problem: str) -> None:
        self.argument = argument
        self.problem = problem
        super().__init__(f"{argument}: {problem}")
