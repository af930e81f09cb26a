"""The activations a worked solution uses, stated as typeset equations (``σ(a) = 1/(1 + e^(−a))``).

Each definition comes from the activation's registry entry, in its plain spelling and in TeX, so
HTML shows it as MathML and LaTeX as an ``align*`` line, like every other formula of the page.
"""

from __future__ import annotations

from collections.abc import Sequence

from aecalc.nets.activations import ACTIVATIONS
from aecalc.present.document import Equations, Math, Note


def definitions(names: Sequence[str], title: str = "Activations used") -> Equations | Note:
    """One equation per activation in ``names`` (in order, each once); a convention note where
    an activation has no TeX spelling."""
    used = [ACTIVATIONS[name] for name in dict.fromkeys(names)]
    lines: list[tuple[Math, Math]] = []
    for act in used:
        lhs, _, rhs = act.definition.partition(" = ")
        lhs_tex, _, rhs_tex = act.definition_tex.partition(" = ")
        if not rhs or not rhs_tex:
            return Note("; ".join(a.definition for a in used) + ".", "convention")
        lines.append((Math(lhs, lhs_tex), Math(rhs, rhs_tex)))
    return Equations(title, tuple(lines))
