"""The steps of a worked numeric solution, as a student writes them: one value per line.

A :class:`Step` is one line of the working — ``W_e·x``, ``z``, ``x̂``, ``L``, ``δ2`` — with the
name a student writes (and the other spellings accepted), its true answer (an
:class:`~aecalc.practice.answers.expected.Expected`, with the slips known at that step), the
earlier steps it depends on, and ``recompute``: the same step worked again from *given* values of
the earlier steps. A topic builds ``recompute`` on the core (:mod:`aecalc.nets.dense`, the
losses, the penalties), so a value computed from a student's own wrong ``z`` is the core's own
computation fed with that ``z``, never a second copy of a formula. A :class:`Working` is the
step list of one problem (:func:`working` builds it), the last step being the question's answer.

Any topic can supply steps: give each :class:`Step` its name, its ``expected`` value, the names
of the steps it ``depends`` on and a ``recompute`` taking a mapping from every earlier step's name
to its values (Fractions, one per element) and returning the step's ``Expected``. A step that
depends only on the question's numbers has no ``recompute``.

Values rounded as a working shows them are fair: :meth:`Working.rounded` works every step again
from the earlier steps rounded to some places, and the checker accepts an answer that agrees with
that chain, with a note (:attr:`~aecalc.practice.answers.expected.Expected.rounded`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction

from aecalc.errors import InputError
from aecalc.practice.answers.expected import Expected, Slip
from aecalc.practice.answers.precision import Precision
from aecalc.record import Record, field, replace
from aecalc.values import fmt

Values = tuple[Fraction, ...]
"""A step's values as carried forward: one exact number per element (a scalar step has one)."""
Given = Mapping[str, Values]
"""Every earlier step's values by step name (the student's own, or the true ones)."""
Recompute = Callable[[Given], Expected]
"""A step worked again from given values of the earlier steps: its Expected, slips included."""


class Step(Record):
    """One line of a worked solution (see the module docstring)."""

    name: str
    expected: Expected
    depends: tuple[str, ...] = ()
    recompute: Recompute | None = field(default=None, compare=False)
    aliases: tuple[str, ...] = ()
    marks: int = 1
    how: str = ""
    """How the step is computed, in symbols: ``σ(W_e·x + b_e)``, ``δ2 ⊙ …`` (``""``: given)."""

    @property
    def truth(self) -> Values:
        """The true values, as carried forward."""
        return tuple(v.value for v in self.expected.values)

    @property
    def vector(self) -> bool:
        return self.expected.form == "vector"

    def line(self, digits: int) -> str:
        """``z = σ(W_e·x) = [0.7311, 0.5]``: the step as a worked solution writes it."""
        value = self.expected.as_text(digits)
        if self.vector:
            value = f"[{value}]"
        how = [self.how] if self.how and self.how != self.name else []
        return " = ".join((self.name, *how, value))


_SPELLINGS = (
    ("x̂", "xhat"),
    ("x^", "xhat"),
    ("ŷ", "yhat"),
    ("ρ̂", "rhohat"),
    ("δ", "delta"),
    ("∂", "d"),
    ("σ", "sigma"),
    ("ρ", "rho"),
    ("μ", "mu"),
    ("η", "eta"),
    ("β", "beta"),
    ("ᵀ", "t"),
    ("^t", "t"),
    ("σ", "sigma"),
    ("²", "2"),
)
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def key(name: str) -> str:
    """A step name as compared: ``W_e·x``, ``We x``, ``w_e*x`` and ``Wex`` are one name, as are
    ``x̂``, ``x^``, ``xhat`` and ``x_hat``; ``δ2``, ``delta2`` and ``δ₂``; ``∂L/∂x̂`` and
    ``dL/dxhat``; ``Σ`` and ``sum``.

    >>> [key(n) for n in ("W_e·x", "We x", "x̂", "x_hat", "δ₂", "∂L/∂x̂", "W1[1, 2]", "Σ KL")]
    ['wex', 'wex', 'xhat', 'xhat', 'delta2', 'dl/dxhat', 'w1[1,2]', 'sumkl']
    """
    text = unicodedata.normalize("NFC", name).strip().replace("Σ", "sum").lower()
    for old, new in _SPELLINGS:
        text = text.replace(old, new)
    return re.sub(r"[\s_·*.⋅∙•]", "", text.translate(_SUBSCRIPTS))


class Working(Record):
    """The step list of one problem's worked solution, in the order a student writes it."""

    steps: tuple[Step, ...]

    @property
    def final(self) -> Expected:
        """The question's answer: the last step's."""
        return self.steps[-1].expected

    @property
    def out_of(self) -> int:
        return sum(step.marks for step in self.steps)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(step.name for step in self.steps)

    def position(self, name: str) -> int | None:
        """The index of the step ``name`` names (its name or another spelling), or None."""
        wanted = key(name)
        if not wanted:
            return None
        for index, step in enumerate(self.steps):
            if wanted in (key(step.name), *(key(alias) for alias in step.aliases)):
                return index
        return None

    def asking(self, precision: Precision) -> Working:
        """The same steps, the answer shown and described to the precision its question asks."""
        *before, last = self.steps
        return Working((*before, replace(last, expected=last.expected.asking(precision))))

    def with_marks(self, marks: Mapping[str, int]) -> Working:
        """The same steps with the marks a problem file gives some of them (by name or another
        spelling); a name that is no step raises KeyError naming it."""
        given: dict[int, int] = {}
        for name, value in marks.items():
            index = self.position(name)
            if index is None:
                raise KeyError(name)
            given[index] = value
        return Working(
            tuple(
                step if i not in given else replace(step, marks=given[i])
                for i, step in enumerate(self.steps)
            )
        )

    def rounded(self, upto: int, places: int) -> tuple[Expected, Given] | None:
        """Step ``upto`` worked from the earlier steps as a working shows them — each step worked
        from the ones before it rounded to ``places`` places — and the rounded values it was
        worked from (its own dependencies); None when that is the true value (nothing rounded
        feeds it)."""
        chain: dict[str, Values] = {}
        result: tuple[Expected, Given] | None = None
        for index, step in enumerate(self.steps[: upto + 1]):
            if step.recompute is None or not step.depends:
                chain[step.name] = step.truth
                continue
            fed = {name: round_values(values, places) for name, values in chain.items()}
            expected = step.recompute(fed)
            chain[step.name] = tuple(v.value for v in expected.values)
            if index == upto:
                result = (expected, {name: fed[name] for name in step.depends if name in fed})
        return result


def round_values(values: Values, places: int) -> Values:
    """Each value correctly rounded to ``places`` places, as a working writes it."""
    return tuple(Fraction(fmt.decimal(v, places)) for v in values)


def values_text(values: Values, places: int, vector: bool) -> str:
    """``[0.6750, 0.6225]`` or ``1.3672``: values as a working writes them (minus sign −)."""
    text = ", ".join(fmt.decimal(v, places) for v in values).replace("-", "−")
    return f"[{text}]" if vector else text


def rounding_note(working: Working, index: int, places: int) -> Slip | None:
    """The answer to step ``index`` from the earlier steps rounded to ``places`` places — accepted
    as right — and the note that says so; None when rounding changes nothing."""
    try:
        found = working.rounded(index, places)
    except (InputError, ArithmeticError, ValueError):  # a loss undefined at a rounded value
        return None
    if found is None:
        return None
    expected, fed = found
    vectors = {step.name: step.vector for step in working.steps}
    names = " and ".join(fed)
    values = ", ".join(
        f"{name} ≈ {values_text(v, places, vectors.get(name, True))}" for name, v in fed.items()
    )
    return Slip(
        "rounded values",
        f"accepted: it is what {names} rounded to {places} places "
        f"give{'s' if len(fed) == 1 else ''} ({values})",
        expected,
    )


def working(steps: Sequence[Step]) -> Working:
    """The step list, each step's answer also accepting the value that the earlier steps rounded
    as a working shows them give (:func:`rounding_note`)."""
    holder: list[Working] = []

    def alternative(index: int) -> Callable[[int], Slip | None]:
        return lambda places: rounding_note(holder[0], index, places)

    built = Working(
        tuple(
            replace(step, expected=step.expected.allowing(alternative(index)))
            if step.recompute is not None and step.depends
            else step
            for index, step in enumerate(steps)
        )
    )
    holder.append(built)
    return built


def read_values(expected: Expected, text: str) -> Values:
    """The numbers a typed value gives (the checker's own reading; raises InputError when it
    cannot be read in the step's form)."""
    from aecalc.practice.answers import reading  # the answer reader: loaded when one is marked

    return tuple(t.value for t in reading.read(expected.form, expected.size, text).values)
