"""Named slips: a mistake's short name, as the checker and ``--stats`` show it, and what it means.

Each topic module names its own slips (:class:`KnownSlip`, listed in its topic's entry); the
few that several topics share are here. A solver attaches a slip to a question as a
:class:`~aecalc.practice.answers.checker.Slip`: the name, why the value is wrong for *this*
question, and the value the mistake gives.
"""

from __future__ import annotations

from collections.abc import Iterable

from aecalc.record import Record


class KnownSlip(Record):
    """A kind of mistake: its ``name`` and, in one sentence, what it means (``""``: not said)."""

    name: str
    meaning: str = ""


BIASES = KnownSlip("biases forgotten", "only the weights were counted; every unit also has a bias.")
DECODER = KnownSlip(
    "decoder not counted",
    "the encoder alone was counted; the decoder's layers belong to the net.",
)
HALF_FORGOTTEN = KnownSlip("½ forgotten", "the formula has a ½ in front.")

SHARED: tuple[KnownSlip, ...] = (BIASES, DECODER, HALF_FORGOTTEN)
"""The slips more than one topic names."""


def both(first: KnownSlip, second: KnownSlip) -> str:
    """The name of two slips made at once: ``z given for x̂ and log10 for ln``."""
    return f"{first.name} and {second.name}"


def meaning(name: str, known: Iterable[KnownSlip]) -> str:
    """What the slip ``name`` means, from ``known``; two slips made at once (``a and b``) join
    both sentences; ``""`` for a slip that says nothing more."""
    meanings = {slip.name: slip.meaning for slip in known if slip.meaning}
    if name in meanings:
        return meanings[name]
    return " ".join(meanings[part] for part in name.split(" and ") if part in meanings)
