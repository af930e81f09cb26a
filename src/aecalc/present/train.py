"""Document for ``aecalc train``: the set-up, the loss curve, the errors and the learned code."""

from __future__ import annotations

from pathlib import Path

from aecalc.batch.threshold import Threshold
from aecalc.batch.train import TrainResult
from aecalc.nets.activations import ACTIVATIONS
from aecalc.nets.losses import LOSSES
from aecalc.nets.penalties import PENALTIES
from aecalc.present.chart import line_svg, sampled, sampling_note
from aecalc.present.diagram import escape
from aecalc.present.document import Block, Diagram, Document, Facts, Note, Table
from aecalc.present.threshold import threshold_blocks
from aecalc.present.weights import weights_blocks
from aecalc.values import fmt

CHART_ROWS = 16
CHART_WIDTH = 40
CODE_COLUMNS = 8

SET_CONVENTION = {
    "mse": "mean over samples and features of (x̂ − x)² (PyTorch's mse_loss)",
    "bce": "mean over samples and features of −[x ln x̂ + (1 − x) ln(1 − x̂)], each log clamped "
    "at −100 (PyTorch's binary_cross_entropy)",
    "half-sse": "½ Σ over features of (x̂ − x)², averaged over samples",
}


def _number(value: float, digits: int) -> str:
    if value != 0 and (abs(value) < 10 ** (-digits) or abs(value) >= 1e7):
        return f"{value:.{max(digits - 1, 1)}e}"
    return f"{value:.{digits}f}"


def loss_curve(history: tuple[float, ...], digits: int) -> tuple[str, str]:
    """A text bar chart of the objective per epoch (at most CHART_ROWS rows) and an SVG line."""
    count = len(history)
    top = max(history)
    low = min(history)
    span = (top - low) or 1.0
    label_width = len(f"epoch {count - 1}")
    lines = []
    for i in sampled(count, CHART_ROWS):
        value = history[i]
        # bars from the lowest value (shown as one block) up to the highest (CHART_WIDTH)
        bar = "█" * (1 + round((CHART_WIDTH - 1) * (value - low) / span))
        name = "start" if i == 0 else f"epoch {i}"
        lines.append(f"{name.rjust(label_width)} │{bar} {_number(value, digits)}")
    lines.append(
        f"{'':>{label_width}} └ the objective over the whole set: at the start, then after each "
        "epoch"
    )
    lines.append(
        f"{'':>{label_width}}   bars from {_number(low, digits)} to {_number(top, digits)}"
    )
    if note := sampling_note(count, CHART_ROWS, "loss_history, then final_loss"):
        lines.append(f"{'':>{label_width}}   {note}")
    width, height, left, pad = 520, 220, 70, 30
    labels = (
        f'<text x="{left - 6}" y="{pad + 4}" font-size="12" text-anchor="end">'
        f"{escape(_number(top, digits))}</text>"
        f'<text x="{left - 6}" y="{height - pad + 4}" font-size="12" text-anchor="end">'
        f"{escape(_number(low, digits))}</text>"
        f'<text x="{left}" y="{height - 8}" font-size="12">start</text>'
        f'<text x="{width - pad}" y="{height - 8}" font-size="12" text-anchor="end">'
        f"epoch {count - 1}</text>"
        f'<text x="{(left + width - pad) / 2}" y="{height - 8}" font-size="12" '
        'text-anchor="middle">objective over the whole set</text>'
    )
    svg = line_svg(
        history,
        low,
        span,
        size=(width, height, left, pad),
        attributes='style="max-width:100%;height:auto" role="img" aria-label="loss per epoch"',
        labels=labels,
    )
    return "\n".join(lines), svg


def _penalty_text(result: TrainResult) -> str:
    if result.penalty is None:
        return "none"
    kind, weight, rho = result.penalty
    entry = PENALTIES[kind]
    numbers = f"{entry.weight_symbol} = {weight:g}" + (f", ρ = {rho:g}" if rho is not None else "")
    over = "" if entry.train is None else entry.train.over
    return f"{kind}: {entry.formula}{over}; {numbers}"


def train_document(
    result: TrainResult,
    digits: int,
    out: Path | None,
    saved: bool,
    *,
    threshold: Threshold | None = None,
    show_weights: bool = False,
) -> Document:
    sizes = result.architecture
    acts = result.activations
    same = len(set(acts)) == 1
    act_text = (
        f"{acts[0]} on every layer"
        if same
        else ", ".join(f"layer {i + 1} {a}" for i, a in enumerate(acts))
    )
    loss = LOSSES[result.loss]
    shuffled = (
        "the whole set in one batch: each epoch is one plain gradient step"
        if result.batch_size >= result.errors.shape[0]
        else f"{result.batch_size} samples ({result.batches_per_epoch} batches per epoch, "
        f"a fresh order each epoch from seed {result.seed})"
    )
    setup: list[tuple[str, str]] = [
        ("architecture", fmt.arrow(sizes) + (" (tied: W_d = W_eᵀ)" if result.tied else "")),
        ("activations", act_text),
        ("loss", f"{result.loss}: {SET_CONVENTION[result.loss]}"),
        ("penalty", _penalty_text(result)),
        ("learning rate η", f"{result.lr:g} (W ← W − η·∂J/∂W, no momentum)"),
        (
            "epochs",
            f"{result.epochs_done} of {result.epochs}"
            if result.interrupted
            else str(result.epochs_done),
        ),
        ("batch", shuffled),
        ("start weights", result.init),
    ]
    if result.noise is not None:
        kind, level = result.noise
        setup.append(
            (
                "denoising",
                (
                    f"Gaussian noise σ = {level:g} (x̃ = x + σ·ε, ε ~ N(0, 1))"
                    if kind == "gaussian"
                    else f"masking noise p = {level:g} (each entry 0 with probability p)"
                )
                + ", fresh for every batch; the loss compares x̂ with the clean x",
            )
        )
    setup.append(("time", f"{result.seconds:.2f} s"))
    blocks: list[Block] = [Facts("Set-up", tuple(setup))]
    history = (*result.loss_history, result.final_loss)
    text, svg = loss_curve(history, digits)
    blocks.append(Diagram("Loss curve", text, svg))
    start, end = history[0], history[-1]
    change = f" ({(end - start) / start * 100:+.1f} %)" if start else ""
    answer: list[tuple[str, str]] = [
        ("objective before training", _number(start, digits)),
        ("objective after training", _number(end, digits) + change),
    ]
    if result.penalty is not None:
        answer.append(("of which reconstruction loss", _number(result.final_recon, digits)))
    errors = result.errors
    answer.append(
        (
            "reconstruction MSE per sample",
            f"mean {_number(float(errors.mean()), digits)}, min {_number(float(errors.min()), digits)}, "
            f"max {_number(float(errors.max()), digits)} over {errors.shape[0]:,} samples",
        )
    )
    blocks.append(Facts("Result", tuple(answer)))
    if result.top:
        blocks.append(
            Table(
                f"The {len(result.top)} worst-reconstructed samples (anomaly candidates)",
                ("rank", "sample", "MSE of x̂ against x"),
                tuple(
                    (str(rank), str(index + 1), _number(error, digits))
                    for rank, (index, error) in enumerate(result.top, start=1)
                ),
                caption="Samples numbered from 1 (row order of --x); --top K sets how many.",
            )
        )
    if threshold is not None:
        blocks += threshold_blocks(threshold, digits)
    if result.codes:
        width = len(result.codes[0])
        shown = min(width, CODE_COLUMNS)
        columns = tuple(f"z{j + 1}" for j in range(shown)) + (("…",) if width > shown else ())
        blocks.append(
            Table(
                f"Learned code z (layer {result.code_index}, {width} units) of the first "
                f"{len(result.codes)} samples",
                ("sample", *columns),
                tuple(
                    (
                        str(i + 1),
                        *(_number(v, digits) for v in code[:shown]),
                        *(("…",) if width > shown else ()),
                    )
                    for i, code in enumerate(result.codes)
                ),
            )
        )
    if show_weights:
        elsewhere = (
            f"they are saved in {out} and listed in --json (weights)"
            if saved and out is not None
            else "--json lists them (weights), and --out FILE.npz saves them"
        )
        blocks += weights_blocks(
            f"Trained weights and biases after {result.epochs_done} epochs (float64)",
            result.weights,
            result.biases,
            digits,
            elsewhere,
            caption="Tied: the decoder's W is the encoder's transposed." if result.tied else "",
        )
    if result.interrupted and result.stopped_at is not None:
        epoch, done = result.stopped_at
        where = (
            f"Stopped by Ctrl-C in epoch {epoch}, after {done} of {result.batches_per_epoch} "
            "batch" + ("es" if result.batches_per_epoch != 1 else "")
        )
        blocks.append(
            Note(
                where
                + (
                    f"; the weights reached so far are saved to {out}."
                    if saved and out is not None
                    else "; nothing was saved (give --out FILE.npz to keep the weights)."
                ),
                "warning",
            )
        )
    elif saved and out is not None:
        blocks.append(
            Note(
                f"Weights saved to {out} (W1, b1, …; each W out × in): aecalc forward --model "
                f"{out} --x DATA --act {','.join(acts) if not same else acts[0]} reads them back"
                + (" (the tied decoder is written out as W_eᵀ)." if result.tied else "."),
            )
        )
    blocks.append(
        Note(
            "Each step uses the formulas of aecalc backprop on the batch's mean objective: "
            f"δ = ∂J/∂h ⊙ act′(a) ({'; '.join(sorted({ACTIVATIONS[a].derivative for a in acts}))}), "
            f"∂J/∂W = δᵀ·h_in, ∂J/∂h_in = δ·W, with {loss.gradient} per sample"
            " — so full-batch training from --model is exactly repeated backprop steps.",
            "convention",
        )
    )
    if result.noise is not None:
        blocks.append(
            Note(
                "The loss curve is measured on the clean inputs (how well the net reconstructs "
                "x), while each step trains on a corrupted x̃ against the clean x.",
                "convention",
            )
        )
    title = (
        f"Training {fmt.arrow(sizes)} ({'/'.join(dict.fromkeys(acts))}, {result.loss})"
        f" for {result.epochs_done} epoch{'s' if result.epochs_done != 1 else ''}"
    )
    return Document(title, tuple(blocks))
