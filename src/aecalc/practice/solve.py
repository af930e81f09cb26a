"""Solve a problem's structured spec with the core modules: answer, known slips, hint, worked steps.

Each topic's solver (named in :mod:`aecalc.practice.topics`) calls the same
public functions as the commands (``count_params``, ``classify``, the forward
pass, the losses, one backprop step, the penalties, the conv counts) and never
re-implements them. The known slips are the values a typical mistake produces,
computed from the same results (weights without biases, the encoder alone, z
instead of x̂, …), so the checker can name the slip a wrong answer matches.
"""

from __future__ import annotations

from aecalc.errors import InputError
from aecalc.practice import topics
from aecalc.practice.solution import Solution
from aecalc.practice.specs import Problem, Spec

__all__ = ["Solution", "solve", "solve_problem"]


def solve(spec: Spec) -> Solution:
    """The solver of the spec's kind (its topic's ``solver``)."""
    solution: Solution = topics.resolve(topics.get(spec.kind).solver)(spec)
    return solution


def solve_problem(problem: Problem) -> Solution | None:
    """A bank problem's solution (None for a theory question).

    A ``[solve]`` table that passes the bank's field checks but that the core refuses (a BCE
    with x̂ exactly 0) is reported against the problem's file, not a command-line option.
    """
    if problem.spec is None:
        return None
    try:
        return solve(problem.spec)
    except InputError as error:
        where = problem.id if problem.path is None else str(problem.path)
        raise InputError(
            where, f"cannot be solved ({error.argument.lstrip('-')}): {error.problem}"
        ) from None
