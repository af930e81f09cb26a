"""The penalties of regularised autoencoders, exact and term by term, and their registry.

- contractive: λ‖∂z/∂x‖²_F for a sigmoid encoder z = σ(W_e·x + b_e) (:mod:`.contraction`);
- sparse-kl: Σ_j KL(ρ ‖ ρ̂_j) (:mod:`.sparsity_kl`);
- vae-kl: KL(N(μ, σ²) ‖ N(0, I)) = −½ Σ_j (1 + log σ_j² − μ_j² − σ_j²) (:mod:`.gaussian_kl`);
- l1: λ Σ_j |h_j| on the code activations (:mod:`.sparsity_l1`).

Each worked function takes exact rationals (:class:`~fractions.Fraction`, as
:mod:`aecalc.values.parse` reads them) and returns a :class:`Penalty` whose values are SymPy
closed forms (rationals stay Fractions); ``result.value`` is the weighted penalty, and the full
objective is ``recon + weight · penalty`` when a reconstruction loss is given. Logarithms are
natural (as PyTorch and Keras use). Each module also holds its penalty's vectorised forms and its
:class:`PenaltyEntry`; :data:`PENALTIES` (:mod:`.registry`) gathers the entries, and the
``penalty`` command, ``train --penalty``, the trainer and the presenters read them from there.
Importing this package imports neither NumPy nor SymPy.
"""

from __future__ import annotations

from aecalc.nets.penalties.contraction import contractive
from aecalc.nets.penalties.entry import (
    PenaltyEntry,
    PenaltyInput,
    PenaltyParams,
    TokenNumber,
    TrainUse,
)
from aecalc.nets.penalties.gaussian_kl import check_sigma, vae_kl
from aecalc.nets.penalties.registry import (
    DEFAULT_SYMBOL,
    KINDS,
    PENALTIES,
    TRAINABLE,
    check_code,
    choices_text,
    lookup,
    read_token,
    train_forms,
)
from aecalc.nets.penalties.result import (
    Penalty,
    PenaltyKind,
    PenaltyTerm,
    check_weight,
)
from aecalc.nets.penalties.sparsity_kl import check_rho, check_rho_hat, kl_bernoulli, sparse_kl
from aecalc.nets.penalties.sparsity_l1 import l1

__all__ = [
    "DEFAULT_SYMBOL",
    "KINDS",
    "PENALTIES",
    "TRAINABLE",
    "Penalty",
    "PenaltyEntry",
    "PenaltyInput",
    "PenaltyKind",
    "PenaltyParams",
    "PenaltyTerm",
    "TokenNumber",
    "TrainUse",
    "check_code",
    "check_rho",
    "check_rho_hat",
    "check_sigma",
    "check_weight",
    "choices_text",
    "contractive",
    "kl_bernoulli",
    "l1",
    "lookup",
    "read_token",
    "sparse_kl",
    "train_forms",
    "vae_kl",
]
