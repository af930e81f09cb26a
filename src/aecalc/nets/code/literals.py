"""Arguments read as values without running anything: literal numbers, folded arithmetic, and the
module-level constants a student names.

``nn.Linear(32 * 7 * 7, 10)`` folds to 1,568: numbers, strings, ``True``/``False``/``None``,
tuples and lists of them, and ``+ − × / // % **`` on numbers. A name is looked up among the
module's top-level assignments (``LATENT = 32`` at the top of the file), once, and only if it is
assigned exactly once there; what it stood for is recorded, so the output can say so. Anything
else — a parameter of ``__init__``, ``self.hidden``, ``x.size(0)``, a name assigned twice — is an
:class:`Unresolved` that the caller turns into an error asking for the number.

Work is bounded: expressions nest at most :data:`MAX_DEPTH` deep, integers stay below
:data:`MAX_MAGNITUDE`, and a power is computed only when its result is small.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable

from aecalc.nets.code.source import Source

Value = int | float | str | bool | None | tuple["Value", ...]

MAX_DEPTH = 60
MAX_MAGNITUDE = 10**30
_BINARY: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
}


class Unresolved(Exception):
    """An argument that is not a literal value: ``name`` is how the code writes it, ``why`` the
    reason it could not be read."""

    def __init__(self, node: ast.AST, name: str, why: str) -> None:
        super().__init__(name)
        self.node = node
        self.name = name
        self.why = why


class Folder:
    """Folds expressions of one source file; remembers the constants it used."""

    __slots__ = ("_busy", "_cache", "_local", "source", "used")

    def __init__(self, source: Source) -> None:
        self.source = source
        self.used: dict[str, tuple[int, Value]] = {}  # constant name → (line, value)
        self._cache: dict[str, Value] = {}
        self._busy: set[str] = set()
        self._local: frozenset[str] = frozenset()

    def fold(self, node: ast.expr, local: frozenset[str] = frozenset()) -> Value:
        """The value of ``node``, or :class:`Unresolved`. ``local`` names the parameters and
        variables of the function the expression is in: they hide the module's constants."""
        self._local = local
        return self._fold(node, 0)

    def _fold(self, node: ast.expr, depth: int) -> Value:
        if depth > MAX_DEPTH:
            raise Unresolved(node, self.source.segment(node), "it nests too deeply")
        if isinstance(node, ast.Constant):
            constant = node.value
            if isinstance(constant, bool | int | float | str) or constant is None:
                return _bounded(node, constant, self.source)
            raise Unresolved(node, self.source.segment(node), "it is not a number")
        if isinstance(node, ast.Tuple | ast.List):
            return tuple(self._fold(item, depth + 1) for item in node.elts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            value = self._fold(node.operand, depth + 1)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise Unresolved(node, self.source.segment(node), "it is not a number")
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.BinOp):
            return self._binary(node, depth)
        if isinstance(node, ast.Name):
            return self._constant(node, depth)
        raise Unresolved(node, self.source.segment(node), _why(node))

    def _binary(self, node: ast.BinOp, depth: int) -> Value:
        left = self._fold(node.left, depth + 1)
        right = self._fold(node.right, depth + 1)
        numbers = [
            v for v in (left, right) if isinstance(v, int | float) and not isinstance(v, bool)
        ]
        if len(numbers) != 2:
            raise Unresolved(node, self.source.segment(node), "it is not arithmetic on numbers")
        a, b = numbers
        try:
            if isinstance(node.op, ast.Pow):
                if isinstance(a, int) and isinstance(b, int) and b >= 0:
                    if b * max(abs(a), 1).bit_length() > MAX_MAGNITUDE.bit_length():
                        raise Unresolved(node, self.source.segment(node), "it is too large")
                    return _bounded(node, a**b, self.source)
                return _bounded(node, float(a) ** float(b), self.source)
            op = _BINARY.get(type(node.op))
            if op is None:
                raise Unresolved(
                    node, self.source.segment(node), "aecalc folds + − * / // % ** only"
                )
            return _bounded(node, op(a, b), self.source)
        except (ZeroDivisionError, OverflowError, ValueError):
            raise Unresolved(node, self.source.segment(node), "it has no value") from None

    def _constant(self, node: ast.Name, depth: int) -> Value:
        name = node.id
        if name in self._local:
            raise Unresolved(
                node, name, "it is an argument or a variable of the function, known when it runs"
            )
        if name in self._cache:
            return self._cache[name]
        assignments = self.source.constants.get(name, [])
        if not assignments:
            raise Unresolved(
                node, name, "it is a variable whose value is only known when the code runs"
            )
        if len(assignments) > 1:
            raise Unresolved(node, name, "it is assigned more than once at the top of the file")
        if name in self._busy:
            raise Unresolved(node, name, "it is defined in terms of itself")
        statement = assignments[0]
        value_node = statement.value
        assert value_node is not None  # Source keeps annotated assignments with a value only
        self._busy.add(name)
        local, self._local = self._local, frozenset()  # the constant is defined at the top
        try:
            value = self._fold(value_node, depth + 1)
        except Unresolved as inner:
            raise Unresolved(
                node,
                name,
                f"line {statement.lineno} sets it to {inner.name}, which {inner.why.removeprefix('it ')}",
            ) from None
        finally:
            self._busy.discard(name)
            self._local = local
        self._cache[name] = value
        self.used[name] = (statement.lineno, value)
        return value


def _bounded(node: ast.AST, value: Value, source: Source) -> Value:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, float) and not math.isfinite(value):
        raise Unresolved(node, source.segment(node), "it is not a finite number")
    if abs(value) > MAX_MAGNITUDE:
        raise Unresolved(node, source.segment(node), "it is too large")
    return value


def _why(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return "it is an attribute whose value is only known when the code runs"
    if isinstance(node, ast.Call):
        return "it is computed by a call when the code runs"
    if isinstance(node, ast.Subscript):
        return "it is looked up when the code runs"
    return "it is not a literal number"


def shown(value: Value) -> str:
    """A folded value as Python writes it (``(3, 3)``, ``'same'``, ``1568``)."""
    if isinstance(value, tuple):
        inner = ", ".join(shown(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return repr(value)
