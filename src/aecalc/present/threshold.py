"""Blocks for ``--threshold``: the threshold's arithmetic and the samples above it."""

from __future__ import annotations

import math

from aecalc.batch.threshold import METHOD, Threshold
from aecalc.present.document import Block, Facts, Note, Table
from aecalc.values import fmt


def number(value: float, digits: int) -> str:
    """A float to ``digits`` places, or in scientific notation when that would hide it."""
    if not math.isfinite(value):
        return str(value)
    if value != 0 and (abs(value) < 10.0**-digits or abs(value) >= 1e7):
        return f"{value:.{max(digits - 1, 1)}e}"
    return fmt.decimal(value, digits)


def _arithmetic(t: Threshold, digits: int) -> str:
    """How the threshold comes out of the errors, written as a student writes it."""
    rule = t.rule
    if rule.kind == "std":
        k = fmt.short(rule.number)
        return (
            f"mean + {k}·std = {number(t.mean, digits)} + {k} × {number(t.std, digits)} "
            f"= {number(t.value, digits)}"
        )
    if rule.kind == "percentile":
        assert t.position is not None and t.neighbours is not None
        assert t.rank is not None and t.fraction is not None
        low, high = t.neighbours
        whole, part = t.rank, t.fraction
        if part == 0:
            return (
                f"percentile Q = {fmt.short(rule.number)}: position h = 1 + (n − 1)·Q/100 = "
                f"{fmt.short(whole)} in the sorted errors, e₍{whole}₎ = {number(t.value, digits)}"
            )
        return (
            f"percentile Q = {fmt.short(rule.number)}: position h = 1 + (n − 1)·Q/100 = "
            f"{fmt.short(t.position)}, between e₍{whole}₎ = {number(low, digits)} and "
            f"e₍{whole + 1}₎ = {number(high, digits)}: {number(low, digits)} + "
            f"{fmt.short(part)} × ({number(high, digits)} − {number(low, digits)}) = "
            f"{number(t.value, digits)}"
        )
    return f"given: {number(t.value, digits)}"


def threshold_blocks(t: Threshold, digits: int) -> list[Block]:
    """The threshold's facts, the samples above it, and which standard deviation it uses."""
    count = int(t.anomalies.shape[0])
    sample_std = (
        "undefined for one sample" if t.std_sample is None else number(t.std_sample, digits)
    )
    facts: tuple[tuple[str, str], ...] = (
        ("errors", f"{t.of}, {t.samples:,} samples"),
        ("mean", number(t.mean, digits)),
        (
            "standard deviation",
            f"{number(t.std, digits)} (population, ÷ n; the sample std, ÷ (n − 1), is "
            f"{sample_std})",
        ),
        ("threshold", _arithmetic(t, digits)),
        ("above it (>)", f"{count:,} of {t.samples + t.non_finite:,} samples"),
    )
    blocks: list[Block] = [Facts(f"Anomaly threshold (--threshold {t.rule.text})", facts)]
    if count:
        shown = t.anomaly_errors
        rows = tuple(
            (str(int(index)), number(error, digits))
            for index, error in zip(t.anomalies[: len(shown)], shown, strict=True)
        )
        more = count - len(shown)
        blocks.append(
            Table(
                "Samples above the threshold (anomalies)",
                ("sample", "error"),
                rows,
                caption="Samples numbered from 1 (row order of --x)"
                + (f"; {more:,} more in --json (anomalies)." if more > 0 else "."),
            )
        )
    why = (
        "The standard deviation is the population one (÷ n, np.std's default, as the Keras and "
        "TensorFlow anomaly-detection tutorials take it): the threshold describes these errors' "
        "own spread."
    )
    if t.rule.kind == "percentile":
        why = (
            f"Percentile by NumPy's default method ('{METHOD}', Excel's PERCENTILE.INC): the "
            "sorted errors read at h = 1 + (n − 1)·Q/100, interpolated between neighbours. " + why
        )
    blocks.append(Note(why, "convention"))
    if t.non_finite:
        blocks.append(
            Note(
                f"{t.non_finite:,} sample(s) have an error that is not a finite number: they are "
                "counted above the threshold and left out of the mean, std and percentile.",
                "warning",
            )
        )
    return blocks
