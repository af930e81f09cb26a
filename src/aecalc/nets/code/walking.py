"""The syntax tree walked in the order the code runs, without running it.

:func:`statements` gives every statement in order (inside functions and compound statements
too), :func:`calls` the calls of a function body in the order Python evaluates them (arguments
first); both are iterative, so a tree the parser accepted cannot exhaust the stack however deep
it nests. :class:`Applied` is one layer as a model runs it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from aecalc.nets.code.layer import CodeLayer
from aecalc.nets.code.source import Source, fail
from aecalc.record import Record

MAX_NESTING = 12


class Applied(Record):
    """One layer as the model runs it: the call that made it, its table entry, the callee as
    written (``nn.Conv2d``) and the names local to the function that made it."""

    call: ast.Call
    entry: CodeLayer
    framework: str
    what: str
    local: frozenset[str]


def statements(body: list[ast.stmt]) -> Iterator[tuple[ast.stmt, frozenset[str], str]]:
    """Every statement in order, inside function bodies and compound statements too, with the
    names local to its function and the function's name ("" at the top). Classes are skipped."""
    stack: list[tuple[list[ast.stmt], int, frozenset[str], str]] = [(body, 0, frozenset(), "")]
    while stack:
        block, index, local, function = stack.pop()
        if index >= len(block):
            continue
        statement = block[index]
        stack.append((block, index + 1, local, function))
        if isinstance(statement, ast.ClassDef):
            continue
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            if len(stack) < MAX_NESTING:
                names = local_names(statement)
                stack.append((statement.body, 0, names, statement.name))
            continue
        yield statement, local, function
        if len(stack) < MAX_NESTING:
            blocks = [getattr(statement, field, None) for field in ("body", "orelse", "finalbody")]
            for inner in reversed(blocks):
                if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                    stack.append((inner, 0, local, function))


def local_names(function: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
    args = function.args
    names = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
    names |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return frozenset(names)


def calls(body: list[ast.stmt]) -> Iterator[ast.Call | ast.For]:
    """The calls in ``body`` in the order Python evaluates them (arguments first), and each
    ``for`` loop as it is entered; nested functions and classes are skipped. Iterative: a deep
    expression cannot exhaust the stack."""
    stack: list[tuple[ast.AST, bool]] = [(statement, False) for statement in reversed(body)]
    while stack:
        current, done = stack.pop()
        if done:
            if isinstance(current, ast.Call):
                yield current
            continue
        if isinstance(current, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue
        if isinstance(current, ast.For):
            yield current
        stack.append((current, True))
        children = list(ast.iter_child_nodes(current))
        stack.extend((child, False) for child in reversed(children))


def branches(node: ast.Call, source: Source) -> Exception:
    return fail(
        node.lineno,
        f"{source.segment(node.func)} joins two branches: aecalc counts one chain of layers, "
        "each applied to the output of the one before",
    )


def self_attribute(node: ast.expr) -> str | None:
    """``X`` of ``self.X``, else None."""
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    ):
        return node.attr
    return None
