"""The frameworks aecalc reads and writes, one entry each: their layer tables and the names
that build a model (``nn.Sequential``, ``keras.Model``, an ``nn.Module`` subclass …).

``--emit``'s choices and the reader's dispatch both come from :data:`FRAMEWORKS`.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping

from aecalc.nets.code import keras, programs, pytorch, pytorch_forward
from aecalc.nets.code.layer import CodeLayer
from aecalc.nets.code.programs import Program, Tied
from aecalc.nets.code.source import Source, framework_of
from aecalc.record import Record


class Framework(Record):
    """One framework: what its names mean to the reader and the emitter."""

    name: str
    title: str
    #: class name → entry (``Conv2d`` → the Conv2d entry)
    layers: Mapping[str, CodeLayer]
    #: token kind → the entry that writes it
    emitters: Mapping[str, CodeLayer]
    #: containers whose arguments are layers in order (``Sequential``, ``ModuleList``), and
    #: those of them that take the layers as one list (``ModuleList([...])``)
    containers: tuple[str, ...]
    listed: tuple[str, ...]
    #: calls that close a functional model (``keras.Model(inputs, outputs)``)
    models: tuple[str, ...]
    #: base classes of a model class (``nn.Module``; ``keras.Model``)
    bases: tuple[str, ...]
    #: the method that applies the layers (``forward``; ``call``)
    apply: str
    #: classes that are not layers and hold no parameters (losses): never part of a model
    ignored_suffixes: tuple[str, ...]
    #: names that join two branches (``torch.cat``, ``layers.Concatenate``)
    branches: tuple[str, ...]
    #: functional forms a ``forward`` may call (``F.max_pool2d``) and tensor methods (``x.view``)
    functions: Mapping[str, CodeLayer]
    methods: Mapping[str, CodeLayer]
    #: what ``--emit`` writes: the activations between layers and after the last, the program
    relu: str
    sigmoid: str
    program: Callable[[Program], str]
    tied: Callable[[Tied], str]


FRAMEWORKS: dict[str, Framework] = {
    pytorch.NAME: Framework(
        name=pytorch.NAME,
        title=pytorch.TITLE,
        layers=pytorch.LAYERS,
        emitters=pytorch.EMITTERS,
        containers=("Sequential", "ModuleList"),
        listed=("ModuleList",),
        models=(),
        bases=("Module",),
        apply="forward",
        ignored_suffixes=("Loss",),
        branches=pytorch_forward.BRANCHES,
        functions=pytorch_forward.FUNCTIONS,
        methods=pytorch_forward.METHODS,
        relu=pytorch.RELU,
        sigmoid=pytorch.SIGMOID,
        program=programs.pytorch_program,
        tied=programs.pytorch_tied,
    ),
    keras.NAME: Framework(
        name=keras.NAME,
        title=keras.TITLE,
        layers=keras.LAYERS,
        emitters=keras.EMITTERS,
        containers=("Sequential",),
        listed=("Sequential",),
        models=("Model", "Functional"),
        bases=("Model", "Layer"),
        apply="call",
        ignored_suffixes=("Loss", "Error", "Crossentropy"),
        branches=keras.BRANCHES,
        functions={},
        methods={},
        relu=keras.RELU,
        sigmoid=keras.SIGMOID,
        program=programs.keras_program,
        tied=programs.keras_tied,
    ),
}


class Callee(Record):
    """What a call's callee names: its framework, the namespace (``layers``: classes of
    ``torch.nn`` / ``keras.layers``; ``functions``: ``torch.*``, ``F.*``; ``other``) and name."""

    framework: Framework
    namespace: str
    name: str

    @property
    def is_layer_class(self) -> bool:
        return self.namespace == "layers"


def resolve(source: Source, node: ast.expr) -> Callee | None:
    """The framework name a callee names: ``nn.Conv2d`` → (PyTorch, layers, ``Conv2d``); a bare
    ``Conv2d`` after ``from torch.nn import *`` too. None for anything else."""
    path = source.path(node)
    if path is None:
        return None
    found = framework_of(path)
    if found is None and "." not in path:
        for module in source.star:
            candidate = framework_of(f"{module}.{path}")
            if candidate is not None and _known(FRAMEWORKS[candidate[0]], path):
                found = candidate
                break
    if found is None:
        return None
    return Callee(FRAMEWORKS[found[0]], found[1], found[2])


def _known(framework: Framework, name: str) -> bool:
    return (
        name in framework.layers
        or name in framework.containers
        or name in framework.models
        or name in framework.bases
        or name in framework.functions
    )
