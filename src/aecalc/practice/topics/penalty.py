"""The ``penalty`` topic: a regularised autoencoder's penalty term, worked term by term.

A sparse autoencoder's Σ_j KL(ρ‖ρ̂_j) (``aecalc penalty sparse-kl``) or a VAE's
KL(N(μ, σ²) ‖ N(0, I)) (``aecalc penalty vae-kl``), times a weight β. The solver calls the
penalty's exact function in :mod:`aecalc.nets.penalties` and shows the ``penalty`` command's
document; the named slips are ρ and ρ̂ swapped, the ½ forgotten, the sign of −½ dropped and the
weight forgotten. Each penalty is named through its entry in
:data:`aecalc.nets.penalties.PENALTIES` (:data:`SPARSE_KL`, :data:`VAE_KL`).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from aecalc.nets.penalties import PENALTIES
from aecalc.practice.answers.expected import Expected, Slip
from aecalc.practice.answers.slips import HALF_FORGOTTEN, KnownSlip
from aecalc.practice.answers.steps import Given, Step
from aecalc.practice.topics import solution as shared
from aecalc.practice.topics.dense_steps import step
from aecalc.practice.topics.fields import FieldError, choice, number, vector
from aecalc.practice.topics.generating import generated, number_text, pick, vector_text
from aecalc.practice.topics.problem import Problem
from aecalc.practice.topics.solution import Solution, derived, finished, fraction, keep, scalar
from aecalc.practice.topics.topic import Topic
from aecalc.record import Record
from aecalc.values import quantity
from aecalc.values.parse import Vector

if TYPE_CHECKING:
    from aecalc.nets.penalties.result import Penalty

SPARSE_KL, VAE_KL = PENALTIES["sparse-kl"], PENALTIES["vae-kl"]
"""The registry's entries this topic asks about, named once."""

SWAPPED = KnownSlip("ρ and ρ̂ swapped", "the penalty is KL(ρ‖ρ̂), the target ρ first.")
WEIGHT = KnownSlip("weight forgotten", "the penalty is multiplied by its weight β.")
SIGN_KL = KnownSlip("sign of −½ dropped", "the VAE's KL term is −½ Σ(…), which is ≥ 0.")


class PenaltySpec(Record):
    """A sparse-KL (``rho``, ``rho_hat``) or VAE-KL (``mu``, ``logvar``) value, times ``weight``."""

    penalty: str
    rho: Fraction = Fraction(1, 20)
    rho_hat: Vector = ()
    mu: Vector = ()
    logvar: Vector = ()
    weight: Fraction = Fraction(1)

    kind: Literal["penalty"] = "penalty"


def read(data: Mapping[str, object]) -> PenaltySpec:
    """``kind = "penalty"``: a sparse-KL or VAE-KL value."""
    name = choice(data, "penalty", (SPARSE_KL.name, VAE_KL.name), SPARSE_KL.name)
    weight = number(data, "weight", Fraction(1))
    if weight < 0:
        raise FieldError("solve.weight", "must be ≥ 0")
    if name == SPARSE_KL.name:
        rho = number(data, "rho", Fraction(1, 20))
        if not 0 < rho < 1:
            raise FieldError("solve.rho", "must lie strictly between 0 and 1")
        rho_hat = vector(data, "rho_hat")
        assert rho_hat is not None
        if not all(0 < r < 1 for r in rho_hat):
            raise FieldError("solve.rho_hat", "every value must lie strictly between 0 and 1")
        return PenaltySpec(penalty=name, rho=rho, rho_hat=rho_hat, weight=weight)
    mu = vector(data, "mu")
    logvar = vector(data, "logvar")
    assert mu is not None and logvar is not None
    if len(mu) != len(logvar):
        raise FieldError("solve.logvar", f"has {len(logvar)} values but mu has {len(mu)}")
    return PenaltySpec(penalty=name, mu=mu, logvar=logvar, weight=weight)


def solve(spec: PenaltySpec) -> Solution:
    from aecalc.nets import penalties
    from aecalc.present.penalty import penalty_document
    from aecalc.values import quantity

    slips: list[Slip] = []
    if spec.penalty == SPARSE_KL.name:
        result = penalties.sparse_kl(spec.rho, spec.rho_hat, spec.weight)
        reversed_terms = [penalties.kl_bernoulli(r, spec.rho) for r in spec.rho_hat]
        swapped = sum((fraction(t) for t in reversed_terms), Fraction(0))
        slips.append(
            Slip(
                SWAPPED.name,
                "the penalty is KL(ρ‖ρ̂) = ρ ln(ρ/ρ̂) + (1 − ρ) ln((1 − ρ)/(1 − ρ̂)), ρ the target.",
                derived(spec.weight * swapped, *reversed_terms),
            )
        )
        label = "Σ KL(ρ‖ρ̂_j)" if spec.weight == 1 else "β Σ KL(ρ‖ρ̂_j)"
        hint = (
            "One term per hidden unit, KL(ρ‖ρ̂_j) = ρ ln(ρ/ρ̂_j) + (1 − ρ) ln((1 − ρ)/(1 − ρ̂_j)); "
            "then add the terms."
        )
    else:
        result = penalties.vae_kl(spec.mu, spec.logvar, spec.weight)
        total = fraction(result.value)
        slips += [
            Slip(
                HALF_FORGOTTEN.name,
                "KL = −½ Σ (1 + log σ² − μ² − σ²): halve the sum.",
                derived(2 * total, result.value),
            ),
            Slip(
                SIGN_KL.name,
                "the KL divergence is ≥ 0: keep the minus of −½.",
                derived(-total, result.value),
            ),
        ]
        label = "KL(N(μ, σ²) ‖ N(0, I))" if spec.weight == 1 else "β·KL"
        hint = (
            "σ² = e^(log σ²); one term per dimension, −½(1 + log σ² − μ² − σ²); then add the terms."
        )
    if spec.weight != 1:
        slips.append(
            Slip(
                WEIGHT.name,
                f"multiply the sum by the weight {quantity.plain(spec.weight)}.",
                scalar(result.penalty),
            )
        )
    expected = keep(scalar(result.value), slips)
    work = finished(working(spec, result), expected)

    def steps(digits: int) -> tuple[str, ...]:
        shown = result.terms if len(result.terms) <= 4 else result.terms[:3]
        lines = [f"{t.label}: {t.formula} = {shared.shown(t.value, digits)}" for t in shown]
        if len(shown) < len(result.terms):
            rest = result.terms[len(shown) :]
            lines.append(
                f"… {len(rest)} more: " + ", ".join(shared.shown(t.value, digits) for t in rest)
            )
        lines.append(f"Σ = {shared.shown(result.penalty, digits)}")
        if spec.weight != 1:
            lines.append(f"× {quantity.plain(spec.weight)} = {shared.shown(result.value, digits)}")
        return tuple(lines)

    return Solution(
        work.final, label, hint, lambda digits: penalty_document(result, digits), steps, work
    )


def working(spec: PenaltySpec, result: Penalty) -> list[Step]:
    """The terms (a VAE's after σ² = e^(log σ²)), their sum Σ, and β·Σ where β is not 1; each
    worked again from given values of the steps before it with the penalty's own functions."""
    from aecalc.nets.penalties.gaussian_kl import kl_term
    from aecalc.nets.penalties.result import times, total_of

    terms = [t.value for t in result.terms]
    if spec.penalty == VAE_KL.name:
        variances = shared.vector([dict(t.inputs)["variance"] for t in result.terms])
        done = [Step("σ²", variances, aliases=("sigma2", "var", "variance"), how="e^(log σ²)")]

        def vae_terms(given: Given) -> Expected:
            pairs = zip(spec.mu, spec.logvar, given["σ²"], strict=True)
            values = [fraction(kl_term(m, lv, v)) for m, lv, v in pairs]
            return keep(
                shared.vector(values),
                [
                    Slip(
                        HALF_FORGOTTEN.name,
                        "each term is −½(…)",
                        shared.vector([2 * v for v in values]),
                    ),
                    Slip(SIGN_KL.name, SIGN_KL.meaning, shared.vector([-v for v in values])),
                ],
            )

        done.append(
            step(
                "KL terms",
                shared.vector(terms),
                ("σ²",),
                vae_terms,
                {"σ²": done[0].truth},
                aliases=("terms", "KL_j"),
                how="−½(1 + log σ² − μ² − σ²)",
            )
        )
    else:
        done = [
            Step(
                "KL terms",
                shared.vector(terms),
                aliases=("terms", "KL(ρ‖ρ̂_j)", "KL_j"),
                how="ρ ln(ρ/ρ̂) + (1 − ρ) ln((1 − ρ)/(1 − ρ̂))",
            )
        ]
    truth = {made.name: made.truth for made in done}

    def total(given: Given) -> Expected:
        return scalar(total_of(list(given["KL terms"])))

    final = spec.weight == 1
    done.append(
        step(
            "Σ",
            scalar(result.penalty),
            ("KL terms",),
            total,
            truth,
            aliases=("sum", "Σ KL", *(("KL", "penalty") if final else ())),
            how="Σ terms",
        )
    )
    if not final:
        beta = quantity.plain(spec.weight)

        def weighted(given: Given) -> Expected:
            sigma = given["Σ"][0]
            why = f"multiply the sum by the weight {beta}."
            return keep(scalar(times(spec.weight, sigma)), [Slip(WEIGHT.name, why, scalar(sigma))])

        done.append(
            step(
                "β·Σ",
                scalar(result.value),
                ("Σ",),
                weighted,
                truth | {"Σ": done[-1].truth},
                aliases=("βΣ", "β·KL", "weighted", "penalty"),
                how=f"{beta}·Σ",
            )
        )
    return done


def _tenths(rng: random.Random, low: int, high: int) -> Fraction:
    return Fraction(rng.randint(low, high), 10)


_RHOS = (Fraction(1, 20), Fraction(1, 10), Fraction(1, 5))
_HALVES = tuple(Fraction(n, 2) for n in range(-4, 5))


def generate(rng: random.Random, level: int = 2, kind: str | None = None) -> Problem:
    """A sparse-KL Σ KL(ρ‖ρ̂_j) with ρ like 0.05, or a VAE KL with μ, log σ² in halves."""
    if kind is None:
        kind = "kl" if rng.random() < 0.5 else "vae"
    pick(rng, kind, ("kl", "vae"))
    if kind == "kl":
        rho = rng.choice(_RHOS if level < 3 else (Fraction(1, 50), Fraction(3, 20)))
        n = rng.randint(*{1: (1, 2), 2: (2, 3), 3: (3, 5)}[level])
        if level == 3:
            rho_hat = tuple(Fraction(rng.randint(1, 60), 100) for _ in range(n))
        else:
            rho_hat = tuple(_tenths(rng, 1, 5) for _ in range(n))
        if all(r == rho for r in rho_hat):
            rho_hat = (Fraction(3, 10), *rho_hat[1:])
        weights = {
            1: (Fraction(1),),
            2: (Fraction(1), Fraction(1), Fraction(1), Fraction(3)),
            3: (Fraction(1, 2), Fraction(2), Fraction(3)),
        }[level]
        weight = rng.choice(weights)
        beta = "" if weight == 1 else "β "
        with_beta = "" if weight == 1 else f" with β = {number_text(weight)}"
        text = (
            f"A sparse autoencoder has target activation ρ = {number_text(rho)} and its hidden "
            f"units' mean activations are ρ̂ = {vector_text(rho_hat)}. Compute the penalty "
            f"{beta}Σ_j KL(ρ‖ρ̂_j){with_beta}, where KL(ρ‖ρ̂) = ρ ln(ρ/ρ̂) + "
            "(1 − ρ) ln((1 − ρ)/(1 − ρ̂)) "
            "(4 significant figures)."
        )
        spec = PenaltySpec(SPARSE_KL.name, rho=rho, rho_hat=rho_hat, weight=weight)
        ident = f"gen-penalty-kl-{number_text(rho)}-{'_'.join(map(number_text, rho_hat))}"
        title = "Sparse KL penalty"
    else:
        n = rng.randint(*{1: (1, 1), 2: (1, 3), 3: (3, 4)}[level])
        if level == 3:
            mu = tuple(Fraction(rng.randint(-15, 15), 10) for _ in range(n))
            logvar = tuple(Fraction(rng.randint(-10, 10), 10) for _ in range(n))
        elif level == 1:
            mu = tuple(rng.choice(_HALVES) for _ in range(n))
            logvar = tuple(Fraction(0) for _ in range(n))  # σ² = 1: an exact answer
        else:
            mu = tuple(rng.choice(_HALVES) for _ in range(n))
            logvar = tuple(rng.choice((Fraction(0), Fraction(0), *_HALVES[2:7])) for _ in range(n))
        if not any(mu) and not any(logvar):
            mu = (Fraction(1), *mu[1:])
        text = (
            f"A VAE's encoder outputs μ = {vector_text(mu)} and log σ² = {vector_text(logvar)} "
            "(natural log). Compute KL(N(μ, σ²) ‖ N(0, I)) = −½ Σ_j (1 + log σ_j² − μ_j² − σ_j²) "
            "(exactly, or to 4 significant figures)."
        )
        spec = PenaltySpec(VAE_KL.name, mu=mu, logvar=logvar)
        ident = f"gen-penalty-vae-{'_'.join(map(number_text, mu))}-" + "_".join(
            map(number_text, logvar)
        )
        title = "VAE KL term"
    return generated("penalty", ident.replace("−", "m"), title, text, spec)


TOPIC: Topic[PenaltySpec] = Topic(
    "penalty",
    "Regularisation penalties (sparse KL, VAE KL)",
    reader=read,
    solver=solve,
    generator=generate,
    kinds=("kl", "vae"),
    marks=3,
    slips=(SWAPPED, HALF_FORGOTTEN, SIGN_KL, WEIGHT),
)
