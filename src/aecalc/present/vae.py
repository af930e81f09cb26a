"""Document for ``aecalc vae``: σ and z dimension by dimension, the derivatives of z, the KL term,
the decoder's pass (as ``forward`` shows a layer), the objective and its gradient."""

from __future__ import annotations

from aecalc.nets.losses import LOSSES
from aecalc.nets.vae import VaeResult
from aecalc.present.backprop import value_cell
from aecalc.present.cells import exact_and_decimal
from aecalc.present.document import Block, Cell, Document, Facts, Note, Table
from aecalc.present.forward import pass_table, vector_decimal
from aecalc.present.penalty import terms_table
from aecalc.values import quantity
from aecalc.values.fmt import arrow
from aecalc.values.quantity import Value

MAX_ANSWER_CHARS = 60
TRICK = (
    "Why the trick: drawing z from N(μ, σ²) is a random step with no derivative with respect to "
    "μ or σ. Written as z = μ + σ ⊙ ε with ε drawn outside the network, z is an ordinary "
    "function of μ and σ (∂z/∂μ = 1, ∂z/∂σ = ε), so the loss's gradient reaches the encoder "
    "through μ and σ; the randomness sits in ε, which needs no gradient."
)


def _answer(value: Value, digits: int) -> Cell:
    """The exact form (typeset where the format can) and the decimal; the decimal alone for a
    value carried as a number or a closed form too long to read."""
    if not quantity.is_closed_form(value) or len(quantity.plain(value)) > MAX_ANSWER_CHARS:
        return quantity.decimal(value, digits)
    return exact_and_decimal(value, digits)


def _w(value: Value, digits: int) -> str:
    return quantity.working(value, digits)


def _given(result: VaeResult, digits: int) -> Facts:
    r = result.reparam
    items: list[tuple[str, Cell]] = [("μ", vector_decimal(r.mu, digits))]
    if r.given == "logvar":
        items.append(("log σ²", vector_decimal(r.logvar, digits)))
    else:
        items.append(("σ", vector_decimal(r.sigma, digits)))
    items += [
        ("ε", f"{vector_decimal(r.eps, digits)} (drawn from N(0, I) outside the network)"),
        ("β", quantity.plain(result.beta)),
        ("arithmetic", result.arithmetic_reason),
    ]
    return Facts("Given", tuple(items))


def _sampling(result: VaeResult, digits: int) -> Table:
    r = result.reparam
    rows: list[tuple[Cell, ...]] = []
    for j in range(len(r.mu)):
        if r.given == "logvar":
            scale = f"e^(½·{_w(r.logvar[j], digits)}) = {value_cell(r.sigma[j], digits)}"
        else:
            scale = f"ln({_w(r.sigma[j], digits)}²) = {value_cell(r.logvar[j], digits)}"
        z = (
            f"{_w(r.mu[j], digits)} + {_w(r.sigma[j], digits)}·{_w(r.eps[j], digits)} = "
            f"{value_cell(r.z[j], digits)}"
        )
        rows.append((str(j + 1), scale, z))
    scale_name = "σ_j = e^(½·log σ_j²)" if r.given == "logvar" else "log σ_j² = ln σ_j²"
    return Table(
        "The sampling step, one latent dimension a row",
        ("j", scale_name, "z_j = μ_j + σ_j·ε_j"),
        tuple(rows),
    )


def _derivatives(result: VaeResult, digits: int) -> Table:
    r = result.reparam
    rows = tuple(
        (
            str(j + 1),
            value_cell(r.dz_dmu[j], digits),
            value_cell(r.dz_dsigma[j], digits),
            f"½·{_w(r.sigma[j], digits)}·{_w(r.eps[j], digits)} = "
            f"{value_cell(r.dz_dlogvar[j], digits)}",
        )
        for j in range(len(r.mu))
    )
    return Table(
        "The derivatives of z (each z_j depends only on μ_j, σ_j and ε_j)",
        ("j", "∂z_j/∂μ_j = 1", "∂z_j/∂σ_j = ε_j", "∂z_j/∂log σ_j² = ½·σ_j·ε_j"),
        rows,
        caption="∂z/∂log σ² = ∂z/∂σ · ∂σ/∂log σ², and σ = e^(½·log σ²) gives ∂σ/∂log σ² = ½σ.",
    )


def _objective(result: VaeResult, digits: int) -> list[Block]:
    rec, objective = result.reconstruction, result.objective
    if rec is None or objective is None or result.x is None or result.x_hat is None:
        return []
    entry = LOSSES[rec.name]
    n = len(result.x_hat)
    beta = quantity.plain(result.beta)
    kl = quantity.decimal(result.kl_value, digits)
    items: list[tuple[str, Cell]] = [
        ("x", vector_decimal(result.x, digits)),
        ("reconstruction", f"{entry.formula}, n = {n}"),
        ("", f"L = {value_cell(rec.value, digits)}"),
        ("β·KL", f"{beta} × {kl} = {value_cell(result.kl.value, digits)}"),
        (
            "loss",
            f"reconstruction + β·KL = {quantity.decimal(rec.value, digits)} + "
            f"{quantity.decimal(result.kl.value, digits)} = {value_cell(objective, digits)}",
        ),
    ]
    return [Facts("The objective", tuple(items))]


def _gradients(result: VaeResult, digits: int) -> list[Block]:
    g = result.gradients
    if g is None or result.reconstruction is None:
        return []
    beta = quantity.plain(result.beta)
    rows = tuple(
        (
            str(j + 1),
            value_cell(g.drec_dz[j], digits),
            value_cell(g.dloss_dmu[j], digits),
            value_cell(g.dloss_dsigma[j], digits),
            value_cell(g.dloss_dlogvar[j], digits),
        )
        for j in range(len(g.drec_dz))
    )
    rec = f"∂{result.reconstruction.name}/∂z"
    return [
        Table(
            f"The objective's gradient, back through z (β = {beta})",
            ("j", f"{rec}_j", "∂loss/∂μ_j", "∂loss/∂σ_j", "∂loss/∂log σ_j²"),
            rows,
            caption=(
                f"{rec} is the decoder's backward pass from ∂L/∂x̂ = "
                f"{vector_decimal(g.dl_dxhat, digits)} ({LOSSES[result.reconstruction.name].gradient}), "
                f"carried below its first layer. Then ∂loss/∂μ = {rec}·1 + β·μ, "
                f"∂loss/∂σ = {rec}·ε + β·(σ − 1/σ), ∂loss/∂log σ² = {rec}·½σε + β·½(σ² − 1): "
                "the first part reaches μ and σ through z, the second is the KL term's own."
            ),
        )
    ]


def vae_document(result: VaeResult, digits: int) -> Document:
    r = result.reparam
    blocks: list[Block] = [
        _given(result, digits),
        _sampling(result, digits),
        _derivatives(result, digits),
        Note(TRICK),
        terms_table(
            result.kl, digits, "KL(N(μ, σ²) ‖ N(0, I)) = −½ Σ_j (1 + log σ_j² − μ_j² − σ_j²)"
        ),
    ]
    if result.layers:
        blocks.append(
            pass_table(
                "The decoder from z, layer by layer (W is units out × units in, acts as W·h)",
                ("z", r.z),
                result.layers,
                digits,
            )
        )
    blocks += _objective(result, digits)
    blocks += _gradients(result, digits)
    answer: list[tuple[str, Cell]] = [
        ("σ", vector_decimal(r.sigma, digits)),
        ("z", vector_decimal(r.z, digits)),
        ("KL", _answer(result.kl_value, digits)),
    ]
    if result.beta != 1:
        answer.append(("β·KL", _answer(result.kl.value, digits)))
    if result.x_hat is not None:
        answer.append(("x̂", vector_decimal(result.x_hat, digits)))
    if result.objective is not None:
        answer.append(("loss", _answer(result.objective, digits)))
    blocks.append(Facts("Answer", tuple(answer)))
    blocks.append(
        Note(
            "Natural logarithms; the KL term is summed over the latent dimensions and is 0 only "
            "at μ = 0, σ = 1.",
            "convention",
        )
    )
    rec = result.reconstruction
    if rec is not None and result.x_hat is not None and rec.reduction == "mean":
        n = len(result.x_hat)
        blocks.append(
            Note(
                f"The reconstruction is the mean over the {n} outputs (as for every loss "
                f"here). PyTorch's VAE example sums its BCE over "
                f"the outputs (reduction='sum'), which is {n} times the mean here and weighs the "
                "KL term less: scale by n before comparing with such code.",
                "convention",
            )
        )
    blocks += [Note(text, "warning") for text in result.notes]
    sizes = f" and decoder {arrow(result.decoder.sizes)}" if result.decoder is not None else ""
    return Document(f"VAE sampling step: z = μ + σ ⊙ ε{sizes}", tuple(blocks))
