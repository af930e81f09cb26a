"""Anomaly thresholds on per-sample reconstruction errors: mean + K·std, a percentile, or a value.

An autoencoder trained on normal data rebuilds normal samples well; a sample whose error is above
a threshold is flagged. ``--threshold`` takes three forms (:func:`read_rule`):

- ``mean+K·std`` (also written ``mean+3std``, ``mean+2.5*std``, ``mean+std``): the mean of the
  errors plus K ≥ 0 standard deviations. The standard deviation is the population one (÷ n,
  ``np.std``'s default, as the Keras and TensorFlow anomaly-detection tutorials compute it): the
  threshold describes the spread of these very errors, it does not estimate the spread of some
  larger population. The sample one (÷ (n − 1), pandas' ``.std()``) is given beside it.
- ``pQ`` (``p95``, ``p99.5``; 0 ≤ Q ≤ 100): the Q-th percentile of the errors, by NumPy's default
  ``linear`` method (Hyndman and Fan's type 7, Excel's PERCENTILE.INC): the sorted errors
  e₁ ≤ … ≤ eₙ are read at position h = 1 + (n − 1)·Q/100, between e_⌊h⌋ and e_⌊h⌋₊₁.
- a number: the threshold itself.

:func:`apply_rule` finds the threshold and the samples strictly above it (numbered from 1). An
error that is not finite (a net whose output overflowed) counts as above any threshold and is
left out of the mean, standard deviation and percentile.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Literal

import numpy as np
import numpy.typing as npt

from aecalc.errors import InputError
from aecalc.record import Record
from aecalc.values import fmt
from aecalc.values.parse import parse_number, to_float64

Kind = Literal["std", "percentile", "value"]
METHOD: Literal["linear"] = "linear"
"""np.percentile's method: its default (type 7)."""

FORMS = (
    "give mean+K·std (e.g. mean+3std, K ≥ 0), pQ (e.g. p95, 0 ≤ Q ≤ 100) or a number (e.g. 0.035)"
)
_STD = re.compile(r"mean(?:(?P<sign>[+-])(?P<k>[0-9./e+-]*?)[*·×]?(?:std|sd|σ|sigma))?")
_PERCENTILE = re.compile(r"p(?P<q>.+)")


class Rule(Record):
    """A threshold rule as typed: its kind and its number (K, Q or the value)."""

    text: str
    kind: Kind
    number: Fraction

    def as_json(self) -> dict[str, object]:
        return {"rule": self.text, "kind": self.kind, "number": float(self.number)}


class Threshold(Record):
    """A threshold worked out on n per-sample errors, and the samples above it."""

    rule: Rule
    value: float  # the threshold
    samples: int  # n: the errors it was worked on (finite ones)
    mean: float
    std: float  # population (÷ n)
    std_sample: float | None  # ÷ (n − 1); None for one sample
    position: Fraction | None  # pQ: h = 1 + (n − 1)·Q/100, 1-based in the sorted errors
    rank: int | None  # pQ: ⌊h⌋
    fraction: Fraction | None  # pQ: h − ⌊h⌋, the weight of the next error up
    neighbours: tuple[float, float] | None  # pQ: e_⌊h⌋ and e_⌊h⌋₊₁ (the same at the ends)
    anomalies: npt.NDArray[np.int64]  # sample numbers (from 1) above the threshold, ascending
    anomaly_errors: tuple[float, ...]  # the errors of the first SHOWN of them
    non_finite: int  # errors that are not finite numbers (counted as above)
    of: str  # what the errors are, e.g. "per-sample MSE of x̂ against x"

    def as_json(self) -> dict[str, object]:
        return {
            **self.rule.as_json(),
            "threshold": self.value,
            "of": self.of,
            "samples": self.samples,
            "mean": self.mean,
            "std": self.std,
            "std_kind": "population (divided by n)",
            "std_sample": self.std_sample,
            "percentile_method": METHOD if self.rule.kind == "percentile" else None,
            "percentile_position": None if self.position is None else float(self.position),
            "count": int(self.anomalies.shape[0]),
            "non_finite": self.non_finite,
        }

    def result_keys(self) -> dict[str, object]:
        """The keys a command's JSON gains from ``--threshold`` (forward on a batch, train)."""
        return {
            "threshold": self.value,
            "threshold_rule": self.as_json(),
            "anomalies": self.anomalies.tolist(),
        }


SHOWN = 20
"""Anomalies whose errors are kept for the printout (all are listed in JSON)."""


def _k(text: str, argument: str) -> Fraction:
    """K in mean+K·std: 1 when left out (mean+std)."""
    return Fraction(1) if not text else parse_number(text, argument)


def read_rule(text: str, argument: str = "--threshold") -> Rule:
    """``mean+3std``, ``mean+2.5·std``, ``p95``, ``0.035`` → a :class:`Rule` (checked)."""
    spelled = text.strip().lower().replace(" ", "").replace("−", "-")
    std = _STD.fullmatch(spelled)
    if std is not None:
        if std.group("sign") is None:
            k = Fraction(0)
        else:
            try:
                k = _k(std.group("k"), argument)
            except InputError:
                raise InputError(argument, f"{text!r}: K in mean+K·std is not a number") from None
            if std.group("sign") == "-":
                k = -k
        if k < 0:
            raise InputError(
                argument,
                f"{text!r}: K = {fmt.short(k)} is negative; the threshold is the mean plus K ≥ 0 "
                "standard deviations (mean+3std is usual)",
            )
        to_float64(k, argument, "K")
        return Rule(f"mean+{fmt.short(k)}·std", "std", k)
    percentile = _PERCENTILE.fullmatch(spelled)
    if percentile is not None:
        try:
            q = parse_number(percentile.group("q"), argument)
        except InputError:
            raise InputError(argument, f"{text!r} is not a threshold: {FORMS}") from None
        if not 0 <= q <= 100:
            raise InputError(
                argument, f"{text!r}: the percentile Q = {fmt.short(q)} is outside 0 to 100"
            )
        return Rule(f"p{fmt.short(q)}", "percentile", q)
    try:
        value = parse_number(spelled, argument)
    except InputError:
        raise InputError(argument, f"{text!r} is not a threshold: {FORMS}") from None
    if value < 0:
        raise InputError(
            argument,
            f"{text!r} is negative: reconstruction errors are 0 or more, so every sample would be "
            "above it",
        )
    to_float64(value, argument, "the threshold")
    return Rule(fmt.short(value), "value", value)


def apply_rule(rule: Rule, errors: npt.NDArray[np.float64], of: str) -> Threshold:
    """The threshold ``rule`` gives on ``errors`` (one per sample) and the samples above it."""
    finite = np.isfinite(errors)
    values = errors[finite] if not finite.all() else errors
    n = int(values.shape[0])
    if n == 0:
        raise InputError(
            "--threshold", "no sample has a finite error, so no threshold can be worked out"
        )
    mean = float(values.mean())
    std = float(values.std())
    std_sample = float(values.std(ddof=1)) if n > 1 else None
    position = fraction = neighbours = None
    rank = None
    if rule.kind == "std":
        value = mean + float(rule.number) * std
    elif rule.kind == "percentile":
        q = float(rule.number)
        value = float(np.percentile(values, q, method=METHOD))
        position = 1 + (n - 1) * rule.number / 100
        rank = min(int(position), n)  # ⌊h⌋: h ≥ 1
        fraction = position - rank
        low = rank - 1  # 0-based
        high = min(low + 1, n - 1)
        picked = np.partition(values, sorted({low, high}))
        neighbours = (float(picked[low]), float(picked[high]))
    else:
        value = float(rule.number)
    above = (errors > value) | ~finite
    anomalies = np.flatnonzero(above).astype(np.int64) + 1
    shown = tuple(float(errors[i - 1]) for i in anomalies[:SHOWN])
    return Threshold(
        rule=rule,
        value=value,
        samples=n,
        mean=mean,
        std=std,
        std_sample=std_sample,
        position=position,
        rank=rank,
        fraction=fraction,
        neighbours=neighbours,
        anomalies=anomalies,
        anomaly_errors=shown,
        non_finite=int((~finite).sum()),
        of=of,
    )
