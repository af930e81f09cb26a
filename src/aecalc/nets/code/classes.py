"""A model class (a subclass of ``nn.Module``, or of ``keras.Model``): its layers in the order it
applies them.

The modules ``__init__`` assigns to ``self`` (a layer, a container, an instance of another model
class of the file) are applied in the order ``forward`` (Keras: ``call``) calls them — with
``for layer in self.layers``, the methods ``forward`` calls (``self.encode(x)``), the functional
forms of the framework's table (``F.max_pool2d(x, 2)``) and tensor methods (``x.view(…)``) —
or, where no layer is applied there, in the order ``__init__`` assigns them. A module assigned
and never applied is named in a note; one with weights applied twice is an error; a call that
joins branches (``torch.cat``) is an error.
"""

from __future__ import annotations

import ast
from typing import Protocol

from aecalc.nets.code.frameworks import Framework, resolve
from aecalc.nets.code.layer import CodeLayer
from aecalc.nets.code.source import Source, fail
from aecalc.nets.code.walking import (
    Applied,
    branches,
    calls,
    local_names,
    self_attribute,
    statements,
)


class Layers(Protocol):
    """What a class reader asks of the finder: the file's classes and the layers an expression
    stands for."""

    source: Source
    classes: dict[str, ast.ClassDef]

    def module_layers(
        self, node: ast.expr, local: frozenset[str], depth: int
    ) -> tuple[Applied, ...]: ...


class ClassReader:
    """One model class: the modules ``__init__`` assigns, applied in ``forward`` order."""

    def __init__(self, finder: Layers, node: ast.ClassDef) -> None:
        self.finder = finder
        self.node = node
        self.source = finder.source
        self.methods = {
            n.name: n for n in node.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        self.modules: dict[str, tuple[Applied, ...]] = {}
        self.lines: dict[str, int] = {}
        self.order: list[Applied] = []
        self.uses: dict[int, int] = {}
        self.framework: Framework | None = None

    def read(self) -> tuple[tuple[Applied, ...], tuple[str, ...]] | None:
        for base in self.node.bases:
            callee = resolve(self.source, base)
            if callee is not None and callee.name in callee.framework.bases:
                self.framework = callee.framework
        init = self.methods.get("__init__")
        if self.framework is None or init is None:
            return None
        local = local_names(init)
        for statement, _, _ in statements(init.body):
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                self._module(statement.targets[0], statement.value, local)
        apply = self.methods.get(self.framework.apply)
        if apply is not None:
            self._apply(apply, 0)
        notes: list[str] = []
        if not self.order:
            self.order = [a for layers in self.modules.values() for a in layers]
            if self.modules:
                notes.append(
                    f"class {self.node.name} applies no layer in a {self.framework.apply} "
                    "method: its layers are taken in the order __init__ assigns them"
                )
        applied = {id(a.call) for a in self.order}
        for name, layers in self.modules.items():
            if layers and not any(id(a.call) in applied for a in layers):
                notes.append(
                    f"self.{name} (line {self.lines[name]}) is assigned but never applied in "
                    f"{self.framework.apply}: not counted (PyTorch's parameters() and Keras' "
                    "summary would count its weights)"
                )
        return tuple(self.order), tuple(notes)

    def _module(self, target: ast.expr, value: ast.expr, local: frozenset[str]) -> None:
        if not (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id == "self"
            and isinstance(value, ast.Call)
        ):
            return
        callee = resolve(self.source, value.func)
        if callee is not None:
            if not callee.is_layer_class or callee.name.endswith(callee.framework.ignored_suffixes):
                return
        elif not (isinstance(value.func, ast.Name) and value.func.id in self.finder.classes):
            return
        self.modules[target.attr] = self.finder.module_layers(value, local, 1)
        self.lines[target.attr] = value.lineno

    def _apply(self, method: ast.FunctionDef | ast.AsyncFunctionDef, depth: int) -> None:
        framework = self.framework
        assert framework is not None
        local = local_names(method)
        for event in calls(method.body):
            if isinstance(event, ast.For):
                if (name := self_attribute(event.iter)) in self.modules:
                    self._use(name, event.lineno)
                continue
            func = event.func
            name = self_attribute(func)
            if name is not None:
                if name in self.modules:
                    self._use(name, event.lineno)
                elif name in self.methods and depth < 4 and self.methods[name] is not method:
                    self._apply(self.methods[name], depth + 1)
                continue
            if isinstance(func, ast.Call):  # nn.Flatten()(x) inside forward
                callee = resolve(self.source, func.func)
                if callee is not None and callee.is_layer_class and callee.name in framework.layers:
                    self._append(self.finder.module_layers(func, local, 1), event.lineno)
                continue
            callee = resolve(self.source, func)
            if callee is not None and callee.namespace == "functions":
                if callee.name in framework.branches:
                    raise branches(event, self.source)
                entry = framework.functions.get(callee.name)
                if entry is not None and not entry.passive:
                    self._append((self._function(event, entry, local),), event.lineno)
            elif isinstance(func, ast.Attribute) and func.attr in framework.methods:
                entry = framework.methods[func.attr]
                self._append((self._function(event, entry, local),), event.lineno)

    def _function(self, call: ast.Call, entry: CodeLayer, local: frozenset[str]) -> Applied:
        assert self.framework is not None
        return Applied(call, entry, self.framework.name, self.source.segment(call.func, 40), local)

    def _use(self, name: str, line: int) -> None:
        self._append(self.modules[name], line, f"self.{name}")

    def _append(self, layers: tuple[Applied, ...], line: int, name: str = "") -> None:
        for applied in layers:
            key = id(applied.call)
            self.uses[key] = self.uses.get(key, 0) + 1
            if self.uses[key] > 1 and applied.entry.weighted:
                raise fail(
                    line,
                    f"{name or applied.what} (line {applied.call.lineno}) is applied a second "
                    "time: its weights are shared, which aecalc's layer tokens cannot say",
                )
            self.order.append(applied)
