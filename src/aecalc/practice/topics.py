"""The practice topics: one table, from which the bank, the generators, the booklet and ``--topic`` derive.

Each topic is one :class:`Topic`: its id (the bank's ``topic`` field and the
``[solve] kind``), the title the booklet prints, and where its pieces live,
named as ``"module:function"`` strings resolved on first use (like
:data:`aecalc.cli.COMMANDS`), so reading the table imports nothing:

* ``reader`` — ``[solve]`` table → a spec (``aecalc.practice.readers``);
* ``solver`` — spec → :class:`~aecalc.practice.solution.Solution`;
* ``generator`` — ``(random.Random, level)`` → a fresh
  :class:`~aecalc.practice.specs.Problem`;
* ``requires`` — core modules the topic needs (a topic whose module is not
  installed is not offered).

Adding a topic (say ``pca``) is one entry here plus its three functions::

    Topic("pca", "Principal component analysis", reader="aecalc.practice.readers:pca",
          solver="aecalc.practice.pca:solve", generator="aecalc.practice.pca:generate",
          requires=("aecalc.nets.pca",))

A theory topic has no reader, solver or generator: its questions come from the bank.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib.util import find_spec
from typing import Any, NamedTuple


class Topic(NamedTuple):
    """One practice topic (see the module docstring)."""

    id: str
    title: str
    reader: str = ""
    solver: str = ""
    generator: str = ""
    requires: tuple[str, ...] = ()
    also_solves: tuple[str, ...] = ()
    """Other ``[solve]`` kinds a bank problem of this topic may use (a loss after a forward pass)."""
    rank: int = 2
    """How hard the topic is to start with (1 easiest): the default session begins with rank 1."""
    marks: int = 3
    """What one question of the topic is worth in a mock exam (``aecalc exam``)."""

    @property
    def numeric(self) -> bool:
        return bool(self.solver)


TOPICS: tuple[Topic, ...] = (
    Topic(
        "params",
        "Counting parameters",
        reader="aecalc.practice.readers:params",
        solver="aecalc.practice.counting:params",
        generator="aecalc.practice.generate:params",
        requires=("aecalc.nets.architecture",),
        rank=1,
        marks=2,
    ),
    Topic(
        "classify",
        "Undercomplete or overcomplete",
        reader="aecalc.practice.readers:classify",
        solver="aecalc.practice.counting:classify",
        generator="aecalc.practice.generate:classify",
        requires=("aecalc.nets.architecture",),
        rank=1,
        marks=1,
    ),
    Topic(
        "forward",
        "Forward passes",
        reader="aecalc.practice.readers:forward",
        solver="aecalc.practice.numeric:forward",
        generator="aecalc.practice.generate:forward",
        requires=("aecalc.nets.forward", "aecalc.nets.losses"),
        marks=4,
    ),
    Topic(
        "loss",
        "Reconstruction losses",
        reader="aecalc.practice.readers:loss",
        solver="aecalc.practice.numeric:loss",
        generator="aecalc.practice.generate:loss",
        requires=("aecalc.nets.forward", "aecalc.nets.losses"),
        also_solves=("forward",),
        rank=1,
        marks=3,
    ),
    Topic(
        "backprop",
        "Backpropagation",
        reader="aecalc.practice.readers:backprop",
        solver="aecalc.practice.beyond:backprop",
        generator="aecalc.practice.generate_beyond:backprop",
        requires=("aecalc.nets.forward", "aecalc.nets.losses", "aecalc.nets.backprop"),
        rank=3,
        marks=5,
    ),
    Topic(
        "penalty",
        "Regularisation penalties (sparse KL, VAE KL)",
        reader="aecalc.practice.readers:penalty",
        solver="aecalc.practice.beyond:penalty",
        generator="aecalc.practice.generate_beyond:penalty",
        requires=("aecalc.nets.penalties",),
        marks=3,
    ),
    Topic(
        "conv",
        "Convolutional layers",
        reader="aecalc.practice.readers:conv",
        solver="aecalc.practice.conv_questions:solve",
        generator="aecalc.practice.conv_questions:generate",
        requires=("aecalc.nets.conv",),
        marks=3,
    ),
    Topic(
        "pca",
        "Principal component analysis",
        reader="aecalc.practice.pca_questions:read",
        solver="aecalc.practice.pca_questions:solve",
        generator="aecalc.practice.pca_questions:generate",
        requires=("aecalc.nets.pca",),
        marks=4,
    ),
    Topic("theory", "Theory questions", rank=1, marks=4),
)

BY_ID: dict[str, Topic] = {topic.id: topic for topic in TOPICS}
IDS: tuple[str, ...] = tuple(BY_ID)
NUMERIC: tuple[str, ...] = tuple(t.id for t in TOPICS if t.numeric)


def get(topic: str) -> Topic:
    """The topic ``topic`` (KeyError if there is none)."""
    return BY_ID[topic]


def title(topic: str) -> str:
    """The topic's title, or its id for a topic the table does not know."""
    found = BY_ID.get(topic)
    return topic if found is None else found.title


def resolve(target: str) -> Callable[..., Any]:
    """``"module:function"`` → the function (imports the module)."""
    module, _, function = target.partition(":")
    return getattr(importlib.import_module(module), function)  # type: ignore[no-any-return]


def available() -> tuple[str, ...]:
    """The topics whose core modules are installed, in table order."""
    return tuple(
        t.id for t in TOPICS if all(find_spec(module) is not None for module in t.requires)
    )


def choices_text(extra: tuple[str, ...] = ()) -> str:
    """``params, classify, …, theory`` (and ``extra``), for help texts and error lines."""
    return ", ".join((*IDS, *extra))


def kind_of(ident: str) -> tuple[str, str] | None:
    """``gen-params-tied-9-5`` → ``("params", "tied")``: the topic and question kind of a
    generated problem's id (the generators write ``gen-{topic}-{kind}-…``); None otherwise."""
    parts = ident.split("-")
    if len(parts) < 3 or parts[0] != "gen":
        return None
    return parts[1], parts[2]


def help_text(extra: str = "") -> str:
    """A ``--topic`` help text: ``params, classify, … or all.``"""
    names = list(IDS)
    if extra:
        return f"{', '.join(names)} or {extra}."
    return f"{', '.join(names[:-1])} or {names[-1]}."
