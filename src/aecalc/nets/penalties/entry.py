"""The shape of one penalty's entry in :data:`~aecalc.nets.penalties.PENALTIES`.

An entry holds everything about a penalty, so that nothing else spells its name: its texts, the
worked exact function, the options ``aecalc penalty NAME`` takes (:class:`PenaltyInput`: flag, help,
how the text is read and checked), whether and how ``aecalc train --penalty`` can use it
(:class:`TrainUse`: the token ``NAME:ρ:β``, the condition on the code layer) and the vectorised
value and gradients the trainer calls.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from aecalc.errors import InputError
from aecalc.nets.penalties.result import Penalty, PenaltyKind
from aecalc.record import Record

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Array = NDArray[Any]
else:
    Array = Any


class PenaltyParams(Record):
    """The numbers a vectorised penalty needs besides the code: its weight, ρ (sparse-kl) and
    the encoder's W_e (contractive, hidden × input)."""

    weight: float
    rho: float | None = None
    w_e: Array | None = None


class PenaltyInput(Record):
    """One option of ``aecalc penalty NAME``.

    ``read(text, flag)`` turns the option's text into a value (``parse_number``, ``parse_vector``
    or ``parse_matrix`` of :mod:`aecalc.values.parse`); ``check(value)``, where given, refuses a
    value the penalty is not defined for (an :class:`~aecalc.errors.InputError` naming the flag).
    The value goes to the worked function as its argument ``keyword``. Inputs of one entry that
    share a ``group`` are alternatives (``--logvar`` or ``--sigma``): exactly one of them is given.
    """

    flag: str
    keyword: str
    help: str
    read: Callable[[str, str], Any]
    check: Callable[[Any], object] | None = None
    required: bool = True
    group: str = ""


class TokenNumber(Record):
    """One number of ``train --penalty``'s token after the name: its symbol, the
    :class:`PenaltyParams` field it fills, and ``problem(value, text)``: what is wrong with a
    value (the whole error text), or None."""

    symbol: str
    field: Literal["rho", "weight"]
    problem: Callable[[Fraction, str], str | None]


class TrainUse(Record):
    """How ``aecalc train --penalty`` takes a penalty.

    The token is ``NAME:`` followed by ``numbers`` (``sparse-kl:ρ:β``); ``example`` is one such
    token's numbers (``0.05:3``). ``code_problem(activation, layer)`` says why the penalty cannot
    be put on a code layer with that activation at that layer (counted from 1), or None; ``over``
    says how the value is taken over a batch (shown in the printout); ``batch_coupled``: the value
    depends on the whole batch at once (ρ̂ is a batch mean), so a batch cannot be split into
    blocks computed apart. ``rank`` orders the penalties in train's help and errors.
    """

    numbers: tuple[TokenNumber, ...]
    example: str
    code_problem: Callable[[str, int], str | None]
    over: str
    rank: int
    batch_coupled: bool = False


class PenaltyEntry(Record):
    """Everything about one penalty.

    ``exact`` is the worked, exact function; it takes the values of ``inputs`` by their
    ``keyword`` and ``weight``, ``recon`` and ``weight_symbol``. ``example`` is the arguments of
    one ``aecalc penalty`` call (for the command's help). ``needs`` names what the penalty needs of
    a net; ``natural_log``: its terms take logarithms (natural ones, said in the printout);
    ``train``: how ``train --penalty`` takes it (None: train cannot).

    The NumPy forms take the code of a batch, ``z`` (B × k, one sample per row; for vae-kl
    the encoder's two heads side by side, [μ | log σ²], B × 2k) and :class:`PenaltyParams`:

    - ``numpy_value(z, p)``: the weighted penalty over the batch — sparse-kl:
      β Σ_j KL(ρ‖ρ̂_j) with ρ̂ the batch mean of z; the others: the weight times the mean over
      the batch of the per-sample penalty;
    - ``numpy_grad_z(z, p)``: its gradient with respect to z (same shape; the 1/B included);
    - ``numpy_grad_w(z, p)``: contractive only, the gradient with respect to W_e through its
      explicit appearance in ‖∂z/∂x‖²_F (the part through z is ``numpy_grad_z``).
    """

    name: PenaltyKind
    title: str
    formula: str
    weight_symbol: str
    exact: Callable[..., Penalty]
    inputs: tuple[PenaltyInput, ...]
    example: str
    numpy_value: Callable[[Array, PenaltyParams], float]
    numpy_grad_z: Callable[[Array, PenaltyParams], Array]
    numpy_grad_w: Callable[[Array, PenaltyParams], Array] | None = None
    needs: str = ""
    natural_log: bool = False
    train: TrainUse | None = None

    @property
    def flags(self) -> tuple[str, ...]:
        return tuple(given.flag for given in self.inputs)

    @property
    def token(self) -> str | None:
        """``train --penalty``'s form of this penalty (``sparse-kl:ρ:β``), None if train cannot
        use it."""
        if self.train is None:
            return None
        return self.name + "".join(f":{number.symbol}" for number in self.train.numbers)

    def check_given(self, given: Mapping[str, str | None]) -> None:
        """Refuse options of ``given`` (flag → text, None where absent) that this penalty does not
        take, and missing ones it needs."""
        for flag, text in given.items():
            if text is not None and flag not in self.flags:
                raise InputError(
                    flag, f"is not used by {self.name} (it takes {', '.join(sorted(self.flags))})"
                )
        for needed in self.inputs:
            if not needed.required:
                continue
            group = [i for i in self.inputs if needed.group and i.group == needed.group]
            chosen = [i.flag for i in group if given.get(i.flag) is not None]
            if len(chosen) > 1:
                raise InputError(chosen[-1], f"give one: {' or '.join(chosen)}, not both")
            if given.get(needed.flag) is None and not chosen:
                others = [i.flag for i in group if i.flag != needed.flag]
                instead = f" (or give {' or '.join(others)} instead)" if others else ""
                raise InputError(needed.flag, f"is required for {self.name}{instead}")

    def read(self, given: Mapping[str, str | None]) -> dict[str, Any]:
        """Each input's value by its keyword (None where not given), read and checked."""
        values: dict[str, Any] = {}
        for option in self.inputs:
            text = given.get(option.flag)
            value = None if text is None else option.read(text, option.flag)
            if value is not None and option.check is not None:
                option.check(value)
            values[option.keyword] = value
        return values
