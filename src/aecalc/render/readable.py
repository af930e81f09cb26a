"""``--json``'s exact forms in both spellings: the one scripts read and the one people read.

A key ending in ``exact`` keeps its value as SymPy writes it (``-log(27/40)/2``: what
SymPy's own parser and earlier scripts read), and gains a sibling ``…_readable`` with the
spelling the printouts use (``−ln(27/40)/2``, ``e⁻¹``, ``√2``) — every such key of a result
whose exact forms include a closed form; a result of rationals only (``params``, ``loss mse``)
is written as before, both spellings being the same. The two spellings come from two
builds of the same JSON object (:func:`aecalc.values.notation.machine_notation` on and off),
walked side by side: nothing is parsed or converted here.
"""

from __future__ import annotations

SUFFIX = "_readable"


def _spelled(value: object) -> bool:
    """A string, or a list (of lists) holding strings: an exact form's spelling."""
    if isinstance(value, str):
        return True
    return isinstance(value, list) and any(_spelled(v) for v in value)


def has_exact(data: object) -> bool:
    """Whether ``data`` holds a key ending in ``exact`` with a spelled value, at any depth."""
    if isinstance(data, dict):
        return any(
            (str(key).endswith("exact") and _spelled(value)) or has_exact(value)
            for key, value in data.items()
        )
    if isinstance(data, list):
        return any(has_exact(value) for value in data)
    return False


def with_readable(machine: object, human: object) -> object:
    """``machine`` with, after each ``…exact`` key, its ``…exact_readable`` twin from ``human``
    (the same object built with the printouts' notation), where any exact form is spelled
    differently in the two (a closed form: ``log``, ``exp``, ``sqrt``); a result of rationals
    alone, whose two spellings agree, as it is."""
    if machine == human:
        return machine
    return _paired(machine, human)


def _paired(machine: object, human: object) -> object:
    if isinstance(machine, dict) and isinstance(human, dict):
        out: dict[object, object] = {}
        for key, value in machine.items():
            twin = human.get(key)
            out[key] = _paired(value, twin)
            name = str(key)
            if name.endswith("exact") and _spelled(value) and name + SUFFIX not in machine:
                out[name + SUFFIX] = twin if type(twin) is type(value) else value
        return out
    if isinstance(machine, list) and isinstance(human, list) and len(machine) == len(human):
        return [_paired(m, h) for m, h in zip(machine, human, strict=True)]
    return machine
