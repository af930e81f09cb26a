"""Where the model is in a source file: each candidate and its layers in the order they run.

A candidate is a container assigned to a name (``model = nn.Sequential(…)``,
``keras.Sequential([...])`` with or without ``model.add(…)``), a Keras functional model
(``keras.Model(inputs, outputs)``, traced back from ``outputs`` through ``x = layer(...)(x)``),
or a model class (a subclass of ``nn.Module`` or ``keras.Model``): the modules its ``__init__``
assigns to ``self``, in the order its ``forward`` (``call``) applies them — with the functional
forms a ``forward`` may use (``F.max_pool2d(x, 2)``, ``x.view(x.size(0), -1)``) — or, without
one, the order ``__init__`` assigns them.

A layer is identified by the call that made it, so a layer applied twice is one layer (an error
when it has weights: the tokens cannot share them), and a candidate whose layers all belong to
another (an ``encoder`` the ``autoencoder`` is built from) is a part of it, not a rival.

Statements are walked in order, iteratively; everything else in the file (a loss, an optimizer,
a training loop, ``model.fit``) is passed over.
"""

from __future__ import annotations

import ast

from aecalc.errors import InputError
from aecalc.nets.code.classes import ClassReader
from aecalc.nets.code.frameworks import Callee, Framework, resolve
from aecalc.nets.code.source import Source, fail
from aecalc.nets.code.walking import MAX_NESTING, Applied, branches, statements
from aecalc.record import Record


class Candidate(Record):
    """A model found in the file."""

    name: str
    line: int
    how: str
    layers: tuple[Applied, ...]
    notes: tuple[str, ...] = ()


class _Model(Record):
    layers: tuple[Applied, ...]
    name: str


class _Flow(Record):
    """A Keras tensor: the layers that made it, from its ``Input``."""

    layers: tuple[Applied, ...]


_Value = _Model | _Flow | Applied


class Finder:
    """Finds the candidates of one source file."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.classes = {
            node.name: node for node in source.tree.body if isinstance(node, ast.ClassDef)
        }
        self.values: dict[str, _Value] = {}
        self.found: dict[str, Candidate] = {}
        self.failed: dict[str, InputError] = {}
        self._class_layers: dict[str, tuple[tuple[Applied, ...], tuple[str, ...]] | None] = {}
        self._busy: set[str] = set()

    # ------------------------------------------------------------------ candidates in the file

    def find(self) -> list[Candidate]:
        for statement, local, function in statements(self.source.tree.body):
            if isinstance(statement, ast.Assign):  # x = inputs = keras.Input(…) binds both
                for target in statement.targets:
                    if isinstance(target, ast.Name):
                        self._assign(target.id, statement.value, local)
            elif (
                isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and statement.value is not None
            ):
                self._assign(statement.target.id, statement.value, local)
            elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
                self._add(statement.value, local)
            elif (
                isinstance(statement, ast.Return)
                and isinstance(statement.value, ast.Call)
                and function
                and function not in self.found
            ):
                self._assign(f"{function}()", statement.value, local)
        for name, node in self.classes.items():
            built = self.class_model(name)
            if built is not None and built[0]:
                how = f"class {name}({', '.join(self.source.segment(b, 30) for b in node.bases)})"
                self.found[name] = Candidate(name, node.lineno, how, built[0], built[1])
        return [c for c in self.found.values() if c.layers]

    def _assign(self, name: str, value: ast.expr, local: frozenset[str]) -> None:
        """``name = value``: what the name stands for from now on (evaluated before it is bound,
        so ``x = layer(x)`` reads the old ``x``)."""
        bound = self._value(name, value, local)
        if bound is None:
            self.values.pop(name, None)
        else:
            self.values[name] = bound

    def _value(self, name: str, value: ast.expr, local: frozenset[str]) -> _Value | None:
        if isinstance(value, ast.Name):
            return self.values.get(value.id)
        if not isinstance(value, ast.Call):
            return None
        callee = resolve(self.source, value.func)
        if callee is not None and callee.is_layer_class:
            framework, kind = callee.framework, callee.name
            if kind in framework.containers:
                layers = self.container(value, framework, kind, local, 0)
                how = f"{self.source.segment(value.func, 30)}(…)"
                self.found[name] = Candidate(name, value.lineno, how, layers)
                return _Model(layers, name)
            if kind in framework.models:
                try:
                    layers = self._functional(value, local)
                except InputError as error:  # raised only if this is the model asked for
                    self.failed[name] = error
                    return None
                how = f"{self.source.segment(value.func, 30)}(inputs, outputs)"
                self.found[name] = Candidate(name, value.lineno, how, layers)
                return _Model(layers, name)
            if kind in framework.layers:
                applied = self._applied(value, framework, kind, local)
                return _Flow((applied,)) if kind == "Input" else applied
        if isinstance(value.func, ast.Name) and value.func.id in self.classes:
            built = self.class_model(value.func.id)
            return None if built is None else _Model(built[0], value.func.id)
        return self._flow(value, local, 0)

    def _add(self, call: ast.Call, local: frozenset[str]) -> None:
        """``model.add(layer)`` on a Keras Sequential found before."""
        func = call.func
        if not (isinstance(func, ast.Attribute) and func.attr == "add"):
            return
        owner = func.value
        if not isinstance(owner, ast.Name) or owner.id not in self.found:
            return
        model = self.values.get(owner.id)
        if not isinstance(model, _Model) or len(call.args) != 1:
            return
        added = self.module_layers(call.args[0], local, 0)
        candidate = self.found[owner.id]
        layers = candidate.layers + added
        self.values[owner.id] = _Model(layers, owner.id)
        self.found[owner.id] = Candidate(candidate.name, candidate.line, candidate.how, layers)

    # ---------------------------------------------------------------------- layers and models

    def _applied(
        self, call: ast.Call, framework: Framework, name: str, local: frozenset[str]
    ) -> Applied:
        entry = framework.layers[name]
        return Applied(call, entry, framework.name, self.source.segment(call.func, 40), local)

    def container(
        self, call: ast.Call, framework: Framework, kind: str, local: frozenset[str], depth: int
    ) -> tuple[Applied, ...]:
        """The layers of ``nn.Sequential(a, b)``, ``nn.Sequential(OrderedDict([...]))``,
        ``nn.ModuleList([...])`` or ``keras.Sequential([a, b])``."""
        items: list[ast.expr] = list(call.args)
        if kind in framework.listed:
            given = items[:1] or [k.value for k in call.keywords if k.arg in ("layers", "modules")]
            items = []
            for node in given:
                if not isinstance(node, ast.List | ast.Tuple):
                    raise fail(
                        call.lineno,
                        f"{self.source.segment(call.func)} takes a list of layers, written out",
                    )
                items = list(node.elts)
        elif len(items) == 1 and isinstance(items[0], ast.Call):
            inner = self.source.path(items[0].func) or ""
            if inner.endswith("OrderedDict") and items[0].args:
                pairs = items[0].args[0]
                if isinstance(pairs, ast.List | ast.Tuple):
                    items = [
                        p.elts[1]
                        for p in pairs.elts
                        if isinstance(p, ast.Tuple) and len(p.elts) == 2
                    ]
        layers: list[Applied] = []
        for item in items:
            layers.extend(self.module_layers(item, local, depth + 1))
        return tuple(layers)

    def module_layers(
        self, node: ast.expr, local: frozenset[str], depth: int
    ) -> tuple[Applied, ...]:
        """The layers an argument of a container stands for: a layer, a container, a model named
        before, or an instance of a model class of the file."""
        line = getattr(node, "lineno", None)
        if depth > MAX_NESTING:
            raise fail(line, "the model nests its containers too deeply to read")
        if isinstance(node, ast.Starred):
            raise fail(
                line,
                f"*{self.source.segment(node.value)}: aecalc reads the layers as written, one by one",
            )
        if isinstance(node, ast.Name):
            value = self.values.get(node.id)
            if isinstance(value, _Model):
                return value.layers
            if isinstance(value, Applied):
                return (value,)
            raise fail(line, f"{node.id} is not a layer or model aecalc found in the file")
        if not isinstance(node, ast.Call):
            raise fail(line, f"{self.source.segment(node)} is not a layer")
        if isinstance(node.func, ast.Name) and node.func.id in self.classes:
            built = self.class_model(node.func.id)
            if built is None or not built[0]:
                raise fail(
                    line,
                    f"{node.func.id} is a class of the file whose layers aecalc cannot read "
                    "(it reads the layers __init__ assigns to self)",
                )
            return built[0]
        callee = resolve(self.source, node.func)
        if callee is None or not callee.is_layer_class:
            raise fail(line, f"{self.source.segment(node.func)}(…) is not a layer aecalc knows")
        if callee.name in callee.framework.containers:
            return self.container(node, callee.framework, callee.name, local, depth)
        if callee.name in callee.framework.layers:
            return (self._applied(node, callee.framework, callee.name, local),)
        raise unsupported(node, callee, self.source)

    def _flow(self, node: ast.expr, local: frozenset[str], depth: int) -> _Flow | None:
        """The Keras tensor an expression computes, or None if it is not one."""
        if depth > MAX_NESTING * 20:
            raise fail(
                getattr(node, "lineno", None), "the model nests its layers too deeply to read"
            )
        if isinstance(node, ast.Name):
            value = self.values.get(node.id)
            return value if isinstance(value, _Flow) else None
        if not isinstance(node, ast.Call):
            return None
        func = node.func
        applied: tuple[Applied, ...] = ()
        if isinstance(func, ast.Call):
            callee = resolve(self.source, func.func)
            if callee is None or not callee.is_layer_class:
                return None
            if callee.name.lower() in {b.lower() for b in callee.framework.branches}:
                raise branches(node, self.source)
            applied = self.module_layers(func, local, depth)
        elif isinstance(func, ast.Name) and func.id in self.values:
            value = self.values[func.id]
            if isinstance(value, _Flow):
                return None
            applied = value.layers if isinstance(value, _Model) else (value,)
        else:
            callee = resolve(self.source, func)
            if callee is None:
                return None
            if callee.name == "Input" and callee.is_layer_class:
                return _Flow((self._applied(node, callee.framework, "Input", local),))
            if callee.name.lower() in {b.lower() for b in callee.framework.branches}:
                raise branches(node, self.source)
            return None
        if not node.args:
            return None
        if isinstance(node.args[0], ast.List | ast.Tuple):
            raise branches(node, self.source)
        before = self._flow(node.args[0], local, depth + 1)
        if before is None:
            return None
        return _Flow(before.layers + applied)

    def _functional(self, call: ast.Call, local: frozenset[str]) -> tuple[Applied, ...]:
        """``keras.Model(inputs, outputs)``: the layers from the input to the output."""
        given = dict(zip(("inputs", "outputs"), call.args, strict=False))
        given.update({k.arg: k.value for k in call.keywords if k.arg in ("inputs", "outputs")})
        if "inputs" not in given or "outputs" not in given:
            return ()
        outputs = given["outputs"]
        if isinstance(outputs, ast.List | ast.Tuple):
            if len(outputs.elts) != 1:
                raise fail(call.lineno, "a model with several outputs is not one chain of layers")
            outputs = outputs.elts[0]
        inputs = given["inputs"]
        if isinstance(inputs, ast.List | ast.Tuple) and len(inputs.elts) == 1:
            inputs = inputs.elts[0]
        start, end = self._flow(inputs, local, 0), self._flow(outputs, local, 0)
        if start is None or end is None:
            raise fail(
                call.lineno,
                f"cannot trace {self.source.segment(outputs)} back to "
                f"{self.source.segment(inputs)} through layer calls",
            )
        if end.layers[: len(start.layers)] != start.layers:
            raise fail(
                call.lineno,
                f"{self.source.segment(outputs)} is not computed from {self.source.segment(inputs)}",
            )
        return end.layers

    # --------------------------------------------------------------------------- model classes

    def class_model(self, name: str) -> tuple[tuple[Applied, ...], tuple[str, ...]] | None:
        """The layers of a model class in the order its forward applies them, and notes; None
        for a class that is not a model."""
        if name in self._class_layers:
            return self._class_layers[name]
        if name in self._busy:
            raise fail(self.classes[name].lineno, f"class {name} contains itself")
        if len(self._busy) > MAX_NESTING:
            raise fail(self.classes[name].lineno, "the model nests its classes too deeply to read")
        self._busy.add(name)
        try:
            built = ClassReader(self, self.classes[name]).read()
        finally:
            self._busy.discard(name)
        self._class_layers[name] = built
        return built


def unsupported(node: ast.Call, callee: Callee, source: Source) -> Exception:
    framework = callee.framework
    counted = sorted({e.names[0] for e in framework.layers.values() if not e.passive})
    return fail(
        node.lineno,
        f"{source.segment(node.func)} is not a layer aecalc counts ({framework.title} layers it "
        f"reads: {', '.join(counted)} and activations)",
    )
