"""A model in a source file, read: which candidate is the model, and each of its layers as a token.

:func:`read_model` finds the candidates (:mod:`aecalc.nets.code.finding`), takes the one that is
not part of another — or the ones ``--model NAME[,NAME…]`` names, chained in that order — and
reads each layer call through its framework's table (:mod:`aecalc.nets.code.pytorch`,
:mod:`aecalc.nets.code.keras`). The result, :class:`CodeModel`, holds the tokens with the lines
they came from; counting them is :mod:`aecalc.nets.code.translate`.
"""

from __future__ import annotations

from aecalc.errors import InputError
from aecalc.nets.code.finding import Finder
from aecalc.nets.code.frameworks import FRAMEWORKS
from aecalc.nets.code.layer import Arguments
from aecalc.nets.code.literals import Folder, shown
from aecalc.nets.code.source import Source, fail
from aecalc.nets.code.walking import Applied
from aecalc.nets.conv.shapes import Pair, Shape
from aecalc.record import Record

MAX_MODEL_LAYERS = 10_000


class ReadLayer(Record):
    """One layer call of the model: its line, its code, and the token it reads as (None for a
    layer without parameters that keeps the shape, such as an activation)."""

    line: int
    code: str
    what: str
    token: str | None
    takes: int | None = None
    passive: bool = False


class CodeModel(Record):
    """The model a source file describes, layer by layer."""

    label: str
    framework: str
    name: str
    line: int
    how: str
    layers: tuple[ReadLayer, ...]
    input_shape: Shape | None
    input_line: int | None
    constants: tuple[tuple[str, int, str], ...]
    notes: tuple[str, ...]

    @property
    def title(self) -> str:
        return FRAMEWORKS[self.framework].title

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.label,
            "framework": self.framework,
            "model": self.name,
            "line": self.line,
            "how": self.how,
            "code_input_shape": None if self.input_shape is None else list(self.input_shape),
            "constants": [
                {"name": name, "line": line, "value": value} for name, line, value in self.constants
            ],
            "code_layers": [
                {"line": x.line, "code": x.code, "token": x.token} for x in self.layers
            ],
        }


def read_model(source: Source, choose: str | None = None) -> CodeModel:
    """The model of ``source`` (``choose``: the ``--model`` option, names joined by commas)."""
    finder = Finder(source)
    candidates = finder.find()
    if choose is None and not candidates and finder.failed:
        raise next(iter(finder.failed.values()))
    if not candidates:
        raise fail(
            None,
            f"no model found in {source.label}: aecalc reads nn.Sequential(…), "
            "keras.Sequential([…]), keras.Model(inputs, outputs) or a class whose __init__ "
            "assigns layers to self",
        )
    ids = {c.name: {id(a.call) for a in c.layers} for c in candidates}
    parts = {
        c.name: next(
            (
                o.name
                for i, o in enumerate(candidates)
                if o is not c
                and ids[c.name] <= ids[o.name]
                and (ids[c.name] != ids[o.name] or i < candidates.index(c))
            ),
            None,
        )
        for c in candidates
    }
    notes: list[str] = []
    if choose is None:
        tops = [c for c in candidates if parts[c.name] is None]
        if len(tops) > 1:
            listed = ", ".join(f"{c.name} (line {c.line}, {c.how})" for c in tops)
            raise InputError(
                "--from-code",
                f"{len(tops)} models found in {source.label}: {listed}; choose one with "
                f"--model-name NAME, or chain them in order with --model-name "
                f"{tops[0].name},{tops[1].name}",
            )
        chosen = [tops[0]]
    else:
        by_name = {c.name: c for c in candidates}
        chosen = []
        for name in (n.strip() for n in choose.split(",")):
            if name in finder.failed:
                raise finder.failed[name]
            if name not in by_name:
                known = ", ".join(f"{c.name} (line {c.line})" for c in candidates)
                raise InputError(
                    "--model-name", f"no model named {name!r} in {source.label} (found: {known})"
                )
            chosen.append(by_name[name])
    for c in candidates:
        if c not in chosen:
            where = f", a part of {parts[c.name]}" if parts[c.name] else ""
            notes.append(
                f"Also in the file: {c.name} (line {c.line}, {c.how}{where}), not counted."
            )
    layers = tuple(a for c in chosen for a in c.layers)
    if len(layers) > MAX_MODEL_LAYERS:
        raise fail(None, f"the model has {len(layers):,} layers: at most {MAX_MODEL_LAYERS:,}")
    frameworks = {a.framework for a in layers}
    if len(frameworks) > 1:
        raise fail(chosen[0].line, "the model mixes PyTorch and Keras layers")
    folder = Folder(source)
    read, input_shape, input_line = _read_layers(source, layers, folder)
    for c in chosen:
        notes += c.notes
    return CodeModel(
        label=source.label,
        framework=layers[0].framework,
        name=" + ".join(c.name for c in chosen),
        line=chosen[0].line,
        how=" + ".join(c.how for c in chosen),
        layers=read,
        input_shape=input_shape,
        input_line=input_line,
        constants=tuple(
            (name, line, shown(value)) for name, (line, value) in sorted(folder.used.items())
        ),
        notes=tuple(notes),
    )


def _read_layers(
    source: Source, layers: tuple[Applied, ...], folder: Folder
) -> tuple[tuple[ReadLayer, ...], Shape | None, int | None]:
    read: list[ReadLayer] = []
    input_shape: Shape | None = None
    input_line: int | None = None
    pads: Pair | None = None
    pad_line = 0
    counted = False  # a layer with a token came before: a later input_shape= is not the input
    for applied in layers:
        entry, call = applied.entry, applied.call
        code = source.segment(call)
        if entry.passive:
            read.append(ReadLayer(call.lineno, code, applied.what, None, passive=True))
            continue
        args = Arguments(call, applied.what, entry.signature, folder, applied.local)
        got = entry.read(args, pads)
        if pads is not None and got.token is not None:
            if entry.kind != "conv":
                raise fail(pad_line, "ZeroPadding2D must come just before the Conv2D it pads")
            pads = None
        if got.pads is not None:
            pads, pad_line = got.pads, call.lineno
        if got.input_shape is not None and input_shape is None and not counted:
            input_shape, input_line = got.input_shape, call.lineno
        counted = counted or got.token is not None
        read.append(ReadLayer(call.lineno, code, applied.what, got.token, got.takes))
    if pads is not None:
        raise fail(pad_line, "ZeroPadding2D must come just before the Conv2D it pads")
    return tuple(read), input_shape, input_line
