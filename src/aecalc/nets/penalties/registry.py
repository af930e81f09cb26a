"""The registry :data:`PENALTIES` (penalty name → :class:`~aecalc.nets.penalties.entry.PenaltyEntry`)
and what reads it: the names for help texts and errors, the lookup of a name a user typed, and
``aecalc train --penalty``'s token (``sparse-kl:ρ:β``) and the check of the code layer it goes on.
"""

from __future__ import annotations

from aecalc.errors import InputError
from aecalc.nets.penalties import contraction, gaussian_kl, sparsity_kl, sparsity_l1
from aecalc.nets.penalties.entry import PenaltyEntry, TrainUse
from aecalc.nets.penalties.result import PenaltyKind
from aecalc.values.parse import parse_number, to_float64

PENALTIES: dict[str, PenaltyEntry] = {
    entry.name: entry
    for entry in (contraction.ENTRY, sparsity_kl.ENTRY, gaussian_kl.ENTRY, sparsity_l1.ENTRY)
}
"""Penalty name → its entry; ``KINDS`` lists the same names in the same order."""
KINDS: tuple[PenaltyKind, ...] = tuple(entry.name for entry in PENALTIES.values())
DEFAULT_SYMBOL: dict[PenaltyKind, str] = {
    entry.name: entry.weight_symbol for entry in PENALTIES.values()
}
TRAINABLE: tuple[PenaltyEntry, ...] = tuple(
    sorted(
        (entry for entry in PENALTIES.values() if entry.train is not None),
        key=lambda entry: entry.train.rank if entry.train is not None else 0,
    )
)
"""The penalties ``train --penalty`` takes, in the order its help lists them."""


def _listed(items: list[str]) -> str:
    return ", ".join(items[:-1]) + f" or {items[-1]}" if len(items) > 1 else "".join(items)


def choices_text() -> str:
    """``contractive, sparse-kl, vae-kl or l1``: the names, for help texts."""
    return _listed(list(KINDS))


def lookup(text: str, argument: str = "KIND") -> PenaltyEntry:
    """The entry a user's ``text`` names (any case, ``_`` for ``-``), or an error that lists the
    names."""
    entry = PENALTIES.get(text.strip().lower().replace("_", "-"))
    if entry is None:
        raise InputError(argument, f"{text!r} is not a penalty (choose {', '.join(KINDS)})")
    return entry


def train_forms() -> str:
    """``sparse-kl:ρ:β, l1:λ or contractive:λ``: the tokens ``train --penalty`` takes."""
    return _listed([str(entry.token) for entry in TRAINABLE])


def _train_use(name: str, argument: str) -> tuple[PenaltyEntry, TrainUse]:
    entry = PENALTIES.get(name)
    if entry is None:
        raise InputError(argument, f"{name!r} is not a penalty (use {train_forms()})")
    if entry.train is None:
        raise InputError(argument, f"{name} needs {entry.needs}; train takes {train_forms()}")
    return entry, entry.train


def read_token(spec: str, argument: str = "--penalty") -> tuple[str, float, float | None]:
    """``sparse-kl:ρ:β``, ``l1:λ`` or ``contractive:λ`` → (name, weight, ρ or None), each
    number read exactly and checked, then made a float for the trainer."""
    name, _, rest = spec.strip().lower().partition(":")
    entry, use = _train_use(name, argument)
    parts = rest.split(":") if rest else []
    if len(parts) != len(use.numbers):
        examples = ", ".join(f"{e.name}:{e.train.example}" for e in TRAINABLE if e.train)
        raise InputError(argument, f"{spec!r}: write {train_forms()} (e.g. {examples})")
    values: dict[str, float] = {}
    for number, text in zip(use.numbers, parts, strict=True):
        value = parse_number(text, argument)
        problem = number.problem(value, text)
        if problem is not None:
            raise InputError(argument, problem)
        values[number.field] = to_float64(value, argument, number.symbol)
    return entry.name, values["weight"], values.get("rho")


def check_code(name: str, activation: str, layer: int, argument: str = "--penalty") -> None:
    """Refuse penalty ``name`` on a code layer (``layer``, counted from 1) with ``activation``
    where it is not defined or not what the trainer computes."""
    _, use = _train_use(name, argument)
    problem = use.code_problem(activation, layer)
    if problem is not None:
        raise InputError(argument, problem)
