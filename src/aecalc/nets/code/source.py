"""A model's source text, parsed and never run: the syntax tree, what its imports bind, and the
module-level constants a size may name.

The text is parsed with :func:`ast.parse` and nothing else: no import, no ``eval``, no
``compile``. Hostile input stays cheap: the text is bounded (:data:`MAX_SOURCE_CHARS`), and the
parser's own failures on deep nesting (``RecursionError``, ``MemoryError``, "too many nested
parentheses") become one :class:`~aecalc.errors.InputError`. Every walk over the tree in this
package is iterative or depth-bounded, so a tree the parser accepted cannot exhaust the stack.

Names: ``import torch.nn as nn``, ``from torch import nn``, ``from torch.nn import Conv2d``,
``from tensorflow.keras import layers``, ``import tensorflow as tf`` … each bind a local name to a
dotted path. A snippet pasted without its imports (an exam question prints ``nn.Linear(784, 32)``
alone) is read with the usual spellings: ``nn`` is ``torch.nn``, ``layers`` is ``keras.layers``.
"""

from __future__ import annotations

import ast

from aecalc.errors import InputError

ARGUMENT = "--from-code"
MAX_SOURCE_CHARS = 1_000_000
MAX_STATEMENTS = 50_000
MAX_NODES = 500_000

# The spellings a snippet without imports uses.
DEFAULT_NAMES = {
    "nn": "torch.nn",
    "torch": "torch",
    "F": "torch.nn.functional",
    "keras": "keras",
    "layers": "keras.layers",
    "models": "keras.models",
    "tf": "tensorflow",
}
# What a path starts with → its framework, the prefix dropped, and what lives there: layer
# classes ("layers"), functions a forward may call ("functions"), or something else.
_PREFIXES = (
    ("torch.nn.functional.", "pytorch", "functions"),
    ("torch.nn.", "pytorch", "layers"),
    ("torch.", "pytorch", "functions"),
    ("tensorflow.keras.layers.", "keras", "layers"),
    ("tensorflow.keras.models.", "keras", "layers"),
    ("tensorflow.keras.", "keras", "layers"),
    ("tf.keras.layers.", "keras", "layers"),
    ("tf.keras.", "keras", "layers"),
    ("keras.layers.", "keras", "layers"),
    ("keras.models.", "keras", "layers"),
    ("keras.ops.", "keras", "functions"),
    ("keras.", "keras", "layers"),
)


def fail(line: int | None, problem: str) -> InputError:
    """The one error of this package: ``--from-code: line N: …``."""
    where = f"line {line}: " if line else ""
    return InputError(ARGUMENT, where + problem)


def decode(data: bytes, label: str) -> str:
    """The text of a source file (UTF-8, a BOM allowed), bounded."""
    if len(data) > MAX_SOURCE_CHARS:
        raise fail(None, f"{label} is larger than {MAX_SOURCE_CHARS:,} bytes: not a model file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise fail(None, f"{label} is not UTF-8 text (byte {error.start + 1})") from None


class Source:
    """A parsed module: its text, its tree, its import names and its module-level constants."""

    __slots__ = ("_lines", "constants", "label", "names", "star", "text", "tree")

    def __init__(self, text: str, label: str) -> None:
        self.text = text
        self._lines: list[bytes] | None = None
        self.label = label
        self.tree = _parse(text, label)
        self.names: dict[str, str] = {}
        self.star: list[str] = []
        self.constants: dict[str, list[ast.Assign | ast.AnnAssign]] = {}
        self._read_module()

    def _read_module(self) -> None:
        for count, node in enumerate(ast.walk(self.tree)):
            if count > MAX_NODES:
                raise fail(None, f"{self.label} is too large a program to read")
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.names[alias.asname] = alias.name
                    else:  # import torch.nn binds torch
                        top = alias.name.split(".")[0]
                        self.names[top] = top
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    if alias.name == "*":
                        self.star.append(node.module)
                    else:
                        self.names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        for statement in self.tree.body:
            if isinstance(statement, ast.Assign):
                for target in statement.targets:
                    if isinstance(target, ast.Name):
                        self.constants.setdefault(target.id, []).append(statement)
            elif (
                isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and statement.value is not None
            ):
                self.constants.setdefault(statement.target.id, []).append(statement)

    def path(self, node: ast.expr) -> str | None:
        """The dotted path an expression names (``nn.Conv2d`` → ``torch.nn.Conv2d``), or None."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
            if len(parts) > 20:
                return None
        if not isinstance(node, ast.Name):
            return None
        base = self.names.get(node.id) or DEFAULT_NAMES.get(node.id)
        if base is None:
            return None if parts else node.id
        return ".".join([base, *reversed(parts)])

    def segment(self, node: ast.AST, limit: int = 60) -> str:
        """The source text of a node on one line, shortened to ``limit`` characters."""
        if self._lines is None:  # once: ast.get_source_segment splits the whole text each call
            self._lines = [line.encode("utf-8") for line in self.text.splitlines(keepends=True)]
        first, last = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
        start, end = getattr(node, "col_offset", None), getattr(node, "end_col_offset", None)
        if first is None or last is None or start is None or end is None:
            return ""
        # the offsets count UTF-8 bytes; a long node is cut after a few lines, as it is shortened
        chosen = self._lines[first - 1 : min(last, first + 4)]
        if not chosen:
            return ""
        if last == first:
            chosen = [chosen[0][start:end]]
        else:
            chosen[0] = chosen[0][start:]
            if last < first + 4:
                chosen[-1] = chosen[-1][:end]
        text = " ".join(b"".join(chosen).decode("utf-8", "replace").split())
        return text if len(text) <= limit else text[: limit - 1] + "…"


def framework_of(path: str) -> tuple[str, str, str] | None:
    """(framework, namespace, name): ``torch.nn.Conv2d`` → ("pytorch", "layers", "Conv2d"),
    ``tensorflow.keras.layers.Dense`` → ("keras", "layers", "Dense"), ``torch.cat`` → ("pytorch",
    "functions", "cat"); a deeper path (``torch.optim.Adam``, ``keras.losses.MSE``) is in the
    namespace "other"."""
    for prefix, framework, namespace in _PREFIXES:
        if path.startswith(prefix):
            rest = path[len(prefix) :]
            if "." in rest:
                return framework, "other", rest
            return framework, namespace, rest
    return None


def _parse(text: str, label: str) -> ast.Module:
    if "\x00" in text:
        raise fail(None, f"{label} contains a NUL character: not Python source")
    try:
        tree = ast.parse(text, filename=label)
    except SyntaxError as error:
        where = error.lineno or None
        raise fail(where, f"not valid Python ({error.msg})") from None
    except (RecursionError, MemoryError):
        raise fail(None, f"{label} nests its expressions too deeply to read") from None
    except ValueError as error:  # pragma: no cover - NUL bytes are refused above
        raise fail(None, f"not valid Python ({error})") from None
    if len(tree.body) > MAX_STATEMENTS:
        raise fail(None, f"{label} has more than {MAX_STATEMENTS:,} statements: not a model file")
    return tree
