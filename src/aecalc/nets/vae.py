"""A VAE's reparameterisation trick on one sample, worked out (``aecalc vae``).

The encoder of a variational autoencoder gives, for one input, two vectors: the means μ and
log σ² (some questions give σ itself). A value ε is drawn from N(0, I) outside the network, and

- σ = exp(½·log σ²)   (σ given: log σ² = ln σ²);
- z = μ + σ ⊙ ε;
- ∂z/∂μ = 1, ∂z/∂σ = ε, ∂z/∂log σ² = ∂z/∂σ · ∂σ/∂log σ² = ε · ½σ, each element by itself
  (z_j depends on μ_j, σ_j and ε_j only).

That is the trick's whole point. Drawing z from N(μ, σ²) directly is a random step with no
derivative with respect to μ or σ; written as μ + σ ⊙ ε, z is an ordinary differentiable function
of μ and σ, and all the randomness sits in ε, which nothing needs a gradient of. So the loss's
gradient reaches the encoder's two heads through μ and σ, not through the sampling.

The KL term KL(N(μ, σ²) ‖ N(0, I)) is the ``vae-kl`` entry of
:data:`aecalc.nets.penalties.PENALTIES` (the terms ``aecalc penalty vae-kl`` shows). With decoder
layers, the decoder's forward pass from z is :func:`aecalc.nets.forward.work_layers` (the one
forward pass), the reconstruction loss of x̂ against x is :func:`aecalc.nets.losses.compute_loss`,
the objective is reconstruction + β·KL, and its gradient with respect to μ, σ and log σ² is the
decoder's backward pass (:func:`aecalc.nets.dense.backward`, carried below the decoder's first
layer to ∂L/∂z) times the derivatives of z above, plus β times the KL's own gradient:
∂KL/∂μ = μ, ∂KL/∂σ = σ − 1/σ, ∂KL/∂log σ² = ½(σ² − 1).

Exact (SymPy closed forms: σ = e^(1/4) stays e^(1/4)) while the latent vector and the decoder are
exam-sized, float64 otherwise or with ``float_only``.

The slips a practice question names are this module called with one thing changed:

=============================  ==========================================================
slip                           call
=============================  ==========================================================
σ used as the variance         ``reparameterise(ar, mu, eps, sigma=result.variance)``
log σ² used as σ               ``reparameterise(ar, mu, eps, sigma=result.logvar)``
the ½ forgotten (σ = e^logσ²)  ``reparameterise(ar, mu, eps, logvar=..., half=1)``
the sign of the KL             ``−result.kl_value`` (½Σ(1 + log σ² − μ² − σ²))
=============================  ==========================================================

(``reparameterise`` checks only lengths, so a slip's negative "σ" is worked, not refused;
:func:`run_vae` refuses a negative σ the user gives.)
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from aecalc.errors import InputError
from aecalc.nets import arith, dense
from aecalc.nets.arith import Arith
from aecalc.nets.forward import (
    MAX_EXACT_UNITS,
    Arithmetic,
    LayerPass,
    Part,
    chained_names,
    choose_arithmetic,
    dense_passes,
    layers_in,
    work_layers,
)
from aecalc.nets.losses import LOSSES, Loss, choices_text, compute_loss
from aecalc.nets.network import Network, check_input
from aecalc.nets.penalties import PENALTIES, Penalty
from aecalc.record import Record
from aecalc.values import quantity
from aecalc.values.parse import Vector, comma_hint
from aecalc.values.quantity import Value

if TYPE_CHECKING:
    from collections.abc import Sequence

Vec = tuple[Value, ...]
Given = Literal["logvar", "sigma"]

MAX_LOGVAR = 400
"""|log σ²| beyond this is refused: σ = e^(½·log σ²) would be beyond e^200 (or below e^−200)."""

__all__ = ["Reparameterisation", "VaeGradients", "VaeResult", "reparameterise", "run_vae"]


class Reparameterisation(Record):
    """z = μ + σ ⊙ ε and its derivatives, element by element."""

    mu: Vec
    eps: Vec
    given: Given  # which of log σ² and σ the question gave
    logvar: Vec
    sigma: Vec
    variance: Vec  # σ²
    z: Vec
    dz_dmu: Vec  # 1
    dz_dsigma: Vec  # ε
    dz_dlogvar: Vec  # ½σε


class VaeGradients(Record):
    """The objective's gradient with respect to z, μ, σ and log σ², and its two parts."""

    dl_dxhat: Vec  # ∂L_rec/∂x̂, from the loss registry
    drec_dz: Vec  # ∂L_rec/∂z, the decoder's backward pass carried below its first layer
    drec_dmu: Vec  # = ∂L_rec/∂z · 1
    drec_dsigma: Vec  # = ∂L_rec/∂z · ε
    drec_dlogvar: Vec  # = ∂L_rec/∂z · ½σε
    dkl_dmu: Vec  # μ
    dkl_dsigma: Vec  # σ − 1/σ
    dkl_dlogvar: Vec  # ½(σ² − 1)
    dloss_dmu: Vec  # drec + β·dkl
    dloss_dsigma: Vec
    dloss_dlogvar: Vec


class VaeResult(Record):
    """One sample through a VAE's sampling step (and decoder): every quantity kept."""

    reparam: Reparameterisation
    kl: Penalty  # the vae-kl entry's worked terms; kl.value = β·KL
    beta: Fraction
    arithmetic: Arithmetic
    arithmetic_reason: str
    decoder: Network | None = None
    layers: tuple[LayerPass, ...] = ()
    x: Vec | None = None
    reconstruction: Loss | None = None
    objective: Value | None = None  # reconstruction + β·KL
    gradients: VaeGradients | None = None
    notes: tuple[str, ...] = ()

    @property
    def kl_value(self) -> Value:
        """KL(N(μ, σ²) ‖ N(0, I)), unweighted (Σ over the latent dimensions)."""
        return self.kl.penalty

    @property
    def x_hat(self) -> Vec | None:
        return self.layers[-1].activation if self.layers else None

    def as_json(self) -> dict[str, object]:
        r = self.reparam

        def floats(values: Vec | None) -> list[float] | None:
            return None if values is None else [quantity.to_float(v) for v in values]

        def exacts(values: Vec | None) -> list[str | None] | None:
            if values is None:
                return None
            return [quantity.plain(v) if quantity.is_closed_form(v) else None for v in values]

        def one(value: Value | None) -> float | None:
            return None if value is None else quantity.to_float(value)

        def one_exact(value: Value | None) -> str | None:
            if value is None or not quantity.is_closed_form(value):
                return None
            return quantity.plain(value)

        data: dict[str, object] = {
            "mu": floats(r.mu),
            "eps": floats(r.eps),
            "given": r.given,
            "sigma": floats(r.sigma),
            "sigma_exact": exacts(r.sigma),
            "logvar": floats(r.logvar),
            "logvar_exact": exacts(r.logvar),
            "variance": floats(r.variance),
            "z": floats(r.z),
            "z_exact": exacts(r.z),
            "dz_dmu": floats(r.dz_dmu),
            "dz_dsigma": floats(r.dz_dsigma),
            "dz_dsigma_exact": exacts(r.dz_dsigma),
            "dz_dlogvar": floats(r.dz_dlogvar),
            "dz_dlogvar_exact": exacts(r.dz_dlogvar),
            "kl": one(self.kl_value),
            "kl_exact": one_exact(self.kl_value),
            "kl_terms": [term.as_json() for term in self.kl.terms],
            "beta": quantity.to_float(self.beta),
            "beta_exact": quantity.plain(self.beta),
            "weighted_kl": one(self.kl.value),
            "arithmetic": self.arithmetic,
            "arithmetic_reason": self.arithmetic_reason,
            "decoder": [layer.as_json() for layer in self.layers] or None,
            "x": floats(self.x),
            "x_hat": floats(self.x_hat),
            "x_hat_exact": exacts(self.x_hat),
            "reconstruction_loss": None
            if self.reconstruction is None
            else self.reconstruction.name,
            "reconstruction": None
            if self.reconstruction is None
            else one(self.reconstruction.value),
            "reconstruction_exact": (
                None if self.reconstruction is None else one_exact(self.reconstruction.value)
            ),
            "loss": one(self.objective),
            "loss_exact": one_exact(self.objective),
            "gradients": None,
            "notes": list(self.notes),
        }
        g = self.gradients
        if g is not None:
            data["gradients"] = {
                name: floats(getattr(g, name))
                for name in (
                    "dl_dxhat",
                    "drec_dz",
                    "drec_dmu",
                    "drec_dsigma",
                    "drec_dlogvar",
                    "dkl_dmu",
                    "dkl_dsigma",
                    "dkl_dlogvar",
                    "dloss_dmu",
                    "dloss_dsigma",
                    "dloss_dlogvar",
                )
            }
        return data


# ---------------------------------------------------------------- the sampling step


def _exp(ar: Arith, value: Value, argument: str) -> Value:
    if ar.exact:
        import sympy

        return ar.keep(sympy.exp(ar.lift(value)))
    try:
        return math.exp(quantity.to_float(value))
    except OverflowError:
        raise InputError(argument, "σ = e^(½·log σ²) is beyond float64 (±1.8e308)") from None


def _check_length(values: Sequence[Value], mu: Sequence[Value], argument: str, what: str) -> None:
    if len(values) != len(mu):
        typed = all(isinstance(v, Fraction) for v in values)
        hint = comma_hint(tuple(map(Fraction, values)), len(mu)) if typed else ""
        raise InputError(
            argument,
            f"has {len(values)} values but --mu has {len(mu)}: give one {what} per latent "
            "dimension" + hint,
        )


def reparameterise(
    ar: Arith,
    mu: Sequence[Value],
    eps: Sequence[Value],
    *,
    logvar: Sequence[Value] | None = None,
    sigma: Sequence[Value] | None = None,
    half: Fraction = Fraction(1, 2),
) -> Reparameterisation:
    """z = μ + σ ⊙ ε in ``ar``'s arithmetic, from log σ² (σ = exp(``half``·log σ²)) or from σ
    (log σ² = ln σ²); and ∂z/∂μ = 1, ∂z/∂σ = ε, ∂z/∂log σ² = ``half``·σ·ε.

    Only the lengths are checked (a practice slip may put a negative number where σ goes).

    >>> from fractions import Fraction as F
    >>> r = reparameterise(arith.EXACT, [F(2)], [F(-3, 2)], sigma=[F(3)])
    >>> [quantity.plain(v) for v in (*r.z, *r.dz_dsigma, *r.dz_dlogvar)]
    ['-5/2', '-3/2', '-9/4']
    """
    if (logvar is None) == (sigma is None):
        raise InputError("--logvar", "give one of --logvar and --sigma")
    _check_length(eps, mu, "--eps", "ε")
    mus = tuple(ar.lift(v) for v in mu)
    epss = tuple(ar.lift(v) for v in eps)
    k = ar.lift(half)
    if logvar is not None:
        _check_length(logvar, mu, "--logvar", "log σ²")
        logvars = tuple(ar.lift(v) for v in logvar)
        sigmas = tuple(_exp(ar, k * v, "--logvar") for v in logvars)
        given: Given = "logvar"
    else:
        assert sigma is not None
        _check_length(sigma, mu, "--sigma", "σ")
        sigmas = tuple(ar.lift(v) for v in sigma)
        # log 0 is −∞: a σ of 0 only comes from a slip (run_vae refuses it), which needs only z
        logvars = tuple(ar.keep(ar.log(s * s)) if quantity.sign(s) else -math.inf for s in sigmas)
        given = "sigma"
    one = ar.constant(1)
    return Reparameterisation(
        mu=mus,
        eps=epss,
        given=given,
        logvar=logvars,
        sigma=sigmas,
        variance=tuple(ar.keep(s * s) for s in sigmas),
        z=tuple(ar.keep(m + s * e) for m, s, e in zip(mus, sigmas, epss, strict=True)),
        dz_dmu=tuple(one for _ in mus),
        dz_dsigma=epss,
        dz_dlogvar=tuple(ar.keep(k * s * e) for s, e in zip(sigmas, epss, strict=True)),
    )


# ---------------------------------------------------------------- the whole sample


def _arithmetic(latent: int, decoder: Network | None, float_only: bool) -> tuple[Arithmetic, str]:
    if decoder is not None:
        chosen = choose_arithmetic(decoder, float_only)
        if chosen[0] == "float":
            return chosen
    if float_only:
        return "float", "decimals only (--float): float64 arithmetic"
    if latent > MAX_EXACT_UNITS:
        return "float", (
            f"decimals only: z has {latent} values, and exact closed forms are shown for at most "
            f"{MAX_EXACT_UNITS}; float64 arithmetic"
        )
    return "exact", "exact: closed forms, with decimals correctly rounded from them"


def _decoder_names(decoder: Network) -> tuple[list[tuple[str, str]], list[Part]]:
    count = len(decoder.layers)
    outputs = [*(f"h{i}" for i in range(1, count)), "x̂"]
    return chained_names("z", outputs), ["decoder"] * count


def _plus(ar: Arith, a: Value, b: Value) -> Value:
    return ar.keep(ar.lift(a) + ar.lift(b))


def _gradients(
    ar: Arith,
    r: Reparameterisation,
    decoder: Network,
    layers: tuple[LayerPass, ...],
    x: Vec,
    x_hat: Vec,
    loss: str,
    beta: Fraction,
) -> VaeGradients:
    """∂(reconstruction + β·KL)/∂(μ, σ, log σ²): through z for the reconstruction, directly for
    the KL."""
    t = tuple(ar.lift(v) for v in x)
    hats = tuple(ar.keep(ar.lift(v)) for v in x_hat)
    n = len(hats)
    dl_dxhat = tuple(
        ar.keep(LOSSES[loss].grad(ar, h, ti, n)) for h, ti in zip(hats, t, strict=True)
    )
    grads = dense.backward(
        ar, layers_in(ar, decoder), dense_passes(ar, layers), dl_dxhat, down_to_input=True
    )
    drec_dz = tuple(ar.keep(ar.lift(v)) for v in grads[0].g_below or ())
    one, b, half = ar.constant(1), ar.lift(beta), ar.constant(Fraction(1, 2))
    drec_dsigma = tuple(ar.keep(g * e) for g, e in zip(drec_dz, r.dz_dsigma, strict=True))
    drec_dlogvar = tuple(ar.keep(g * d) for g, d in zip(drec_dz, r.dz_dlogvar, strict=True))
    dkl_dmu = r.mu
    dkl_dsigma = tuple(ar.keep(s - one / s) for s in r.sigma)
    dkl_dlogvar = tuple(ar.keep(half * (v - one)) for v in r.variance)

    def total(rec: Vec, kl: Vec) -> Vec:
        return tuple(ar.keep(a + b * c) for a, c in zip(rec, kl, strict=True))

    return VaeGradients(
        dl_dxhat=dl_dxhat,
        drec_dz=drec_dz,
        drec_dmu=drec_dz,
        drec_dsigma=drec_dsigma,
        drec_dlogvar=drec_dlogvar,
        dkl_dmu=dkl_dmu,
        dkl_dsigma=dkl_dsigma,
        dkl_dlogvar=dkl_dlogvar,
        dloss_dmu=total(drec_dz, dkl_dmu),
        dloss_dsigma=total(drec_dsigma, dkl_dsigma),
        dloss_dlogvar=total(drec_dlogvar, dkl_dlogvar),
    )


def run_vae(
    mu: Vector,
    eps: Vector,
    *,
    logvar: Vector | None = None,
    sigma: Vector | None = None,
    beta: Fraction = Fraction(1),
    decoder: Network | None = None,
    x: Vector | None = None,
    loss: str = "mse",
    float_only: bool = False,
) -> VaeResult:
    """The sampling step of a VAE for one sample, and with ``decoder`` its decoder and loss.

    ``x`` (the input the decoder should rebuild) needs a decoder; ``loss`` is a name of
    :data:`aecalc.nets.losses.LOSSES` (its default reduction: the mean for mse and bce).

    >>> from fractions import Fraction as F
    >>> r = run_vae((F(1, 2),), (F(0),), sigma=(F(1),))
    >>> quantity.plain(r.reparam.z[0]), quantity.plain(r.kl_value)
    ('1/2', '1/8')
    """
    entry = PENALTIES["vae-kl"]  # its inputs say which options it needs and how σ is checked
    given = {"--mu": mu, "--logvar": logvar, "--sigma": sigma}
    entry.check_given({flag: None if value is None else "" for flag, value in given.items()})
    flag, scale = ("--logvar", logvar) if logvar is not None else ("--sigma", sigma)
    assert scale is not None
    _check_length(scale, mu, flag, "log σ²" if flag == "--logvar" else "σ")
    _check_length(eps, mu, "--eps", "ε")
    for option in entry.inputs:
        if option.flag == flag and option.check is not None:
            option.check(scale)  # σ > 0
    for j, value in enumerate(logvar or (), start=1):
        if abs(value) > MAX_LOGVAR:
            raise InputError(
                "--logvar",
                f"value {j} is {quantity.short(value)}: σ = e^(½·log σ²) would be beyond "
                f"e^{MAX_LOGVAR // 2}; give |log σ²| ≤ {MAX_LOGVAR}",
            )
    if loss not in LOSSES:
        raise InputError("--loss", f"{loss!r} is not a loss (choose {choices_text()})")
    if x is not None and decoder is None:
        raise InputError("--x", "needs a decoder to compare x̂ with: give --wd (and --bd)")
    if beta < 0:
        raise InputError("--beta", f"{quantity.plain(beta)} is negative: β must be ≥ 0")
    arithmetic, reason = _arithmetic(len(mu), decoder, float_only)
    ar = arith.EXACT if arithmetic == "exact" else arith.FLOAT
    r = reparameterise(ar, mu, eps, logvar=logvar, sigma=sigma)
    kl = entry.exact(mu=mu, logvar=logvar, sigma=sigma, weight=beta, recon=None, weight_symbol="β")
    result = VaeResult(r, kl, beta, arithmetic, reason)
    if decoder is None:
        return result
    first = decoder.layers[0]
    check_input(first, r.z, "z", first.weight_arg, " (one per --mu value)")
    names, parts = _decoder_names(decoder)
    layers, notes = work_layers(decoder, r.z, arithmetic, names, parts, x_arg="--mu")
    x_hat = layers[-1].activation
    if x is None:
        return VaeResult(r, kl, beta, arithmetic, reason, decoder, layers, notes=notes)
    if len(x) != len(x_hat):
        last = decoder.layers[-1]
        raise InputError(
            "--x",
            f"has {len(x)} values but the decoder outputs {len(x_hat)} ({last.describe()})"
            + comma_hint(x, len(x_hat)),
        )
    try:
        reconstruction = compute_loss(LOSSES[loss].name, tuple(x), x_hat, x_arg="--x", xhat_arg="x̂")
    except InputError as problem:
        raise InputError("--loss", f"{loss} is undefined here: {problem.problem}") from None
    objective = _plus(ar, reconstruction.value, kl.value)
    gradients = _gradients(ar, r, decoder, layers, tuple(x), x_hat, loss, beta)
    return VaeResult(
        r,
        kl,
        beta,
        arithmetic,
        reason,
        decoder,
        layers,
        tuple(x),
        reconstruction,
        objective,
        gradients,
        notes,
    )
