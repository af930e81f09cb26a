"""Corrupting an input, as a denoising autoencoder is trained: x̃ = corrupt(x), loss against x.

Two corruptions, both reproducible from ``--seed``:

- ``gaussian:σ`` adds ε ~ N(0, σ²) to every element; each ε is rounded to
  four decimal places first, so the corrupted input is an exact decimal and
  the hand computation stays exact.
- ``mask:p`` sets each element to 0 with probability p (masking noise).

Uses :mod:`random` only: no NumPy on this path.
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Literal

from aecalc.errors import InputError
from aecalc.record import Record
from aecalc.values import fmt
from aecalc.values.parse import Vector, parse_number, to_float64

NOISE_PLACES = 4


class Corruption(Record):
    """What was done to x: the kind, its level, the seed, the noise and the corrupted x̃."""

    kind: Literal["gaussian", "mask"]
    level: Fraction
    seed: int | None
    clean: Vector
    noise: Vector
    corrupted: Vector

    def describe(self) -> str:
        if self.kind == "gaussian":
            return (
                f"Gaussian noise, σ = {fmt.exact(self.level)}: x̃ = x + ε with ε ~ N(0, σ²), "
                f"each ε rounded to {NOISE_PLACES} places"
            )
        return (
            f"masking noise, p = {fmt.exact(self.level)}: each element set to 0 with probability p"
        )

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "level": float(self.level),
            "seed": self.seed,
            "noise": [float(v) for v in self.noise],
            "x_tilde": [float(v) for v in self.corrupted],
            "x_tilde_exact": [fmt.exact(v) for v in self.corrupted],
        }


def parse_noise(
    spec: str, argument: str = "--noise"
) -> tuple[Literal["gaussian", "mask"], Fraction]:
    """``gaussian:0.1`` or ``mask:0.3`` → (kind, level)."""
    kind, separator, level_text = spec.strip().partition(":")
    kind = kind.strip().lower()
    if kind not in ("gaussian", "mask") or not separator:
        raise InputError(
            argument,
            f"{spec!r} is not a corruption: write gaussian:σ (e.g. gaussian:0.1) or mask:p",
        )
    level = parse_number(level_text, argument)
    if kind == "gaussian" and level <= 0:
        raise InputError(argument, f"σ must be positive, got {fmt.exact(level)}")
    if kind == "mask" and not 0 <= level <= 1:
        raise InputError(argument, f"p is a probability (0 to 1), got {fmt.exact(level)}")
    return ("gaussian" if kind == "gaussian" else "mask"), level


def corrupt(x: Vector, spec: str, seed: int | None, argument: str = "--noise") -> Corruption:
    """Corrupt ``x`` by ``spec`` (see :func:`parse_noise`), reproducibly from ``seed``."""
    kind, level = parse_noise(spec, argument)
    rng = random.Random(seed)
    noise: list[Fraction] = []
    if kind == "gaussian":
        sigma = to_float64(level, argument, "σ")
        noise = [
            Fraction(round(rng.gauss(0.0, sigma), NOISE_PLACES)).limit_denominator(10**NOISE_PLACES)
            for _ in x
        ]
        corrupted = tuple(v + e for v, e in zip(x, noise, strict=True))
    else:
        kept = [rng.random() >= level for _ in x]
        corrupted = tuple(v if keep else Fraction(0) for v, keep in zip(x, kept, strict=True))
        noise = [c - v for c, v in zip(corrupted, x, strict=True)]
    return Corruption(kind, level, seed, tuple(x), tuple(noise), corrupted)
