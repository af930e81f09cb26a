"""``aecalc train``: gradient descent on a data set (float64, vectorised), with the loss curve."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aecalc.commands.common import (
    DigitsOpt,
    ForceOpt,
    FormatOpt,
    JsonOpt,
    OutputOpt,
    guarded,
    output_options,
)
from aecalc.commands.data import read_data
from aecalc.errors import InputError
from aecalc.nets.activations import NAMES as ACTIVATION_NAMES
from aecalc.nets.losses import choices_text as loss_choices
from aecalc.nets.penalties import train_forms as penalty_forms

if TYPE_CHECKING:
    from aecalc.batch.threshold import Rule, Threshold
    from aecalc.batch.train import TrainResult
    from aecalc.render.output import OutputOptions

DEFAULT_EPOCHS = 100
INTERRUPTED = 130  # the shell's status for a run stopped by SIGINT


def parse_penalty(spec: str) -> tuple[str, float, float | None]:
    """``--penalty``'s token (``sparse-kl:ρ:β``, ``l1:λ``, …) → (name, weight, ρ or None), as
    the entries of :data:`aecalc.nets.penalties.PENALTIES` define it."""
    from aecalc.nets.penalties import read_token

    return read_token(spec, "--penalty")


def _net(
    sizes: str | None,
    model: Path | None,
    act: str,
    tied: bool,
    features: int,
    rng: Any,
    seed: int,
    rows: int,
) -> tuple[list[Any], list[Any], tuple[str, ...], int, str]:
    """(weights, biases, activation names, code layer, how the weights started); ``rows``: the
    samples a step works on at once (for the memory the net would need)."""
    from aecalc.batch import memory
    from aecalc.batch.train import glorot_uniform
    from aecalc.nets.activations import parse_activations
    from aecalc.nets.architecture import count_params

    if (sizes is None) == (model is None):
        raise InputError(
            "--sizes",
            "give the net: --sizes 4-2 (an encoder, mirrored to 4 → 2 → 4) or --model FILE.npz"
            if sizes is None
            else "give --sizes or --model, not both",
        )
    if model is not None:
        from aecalc.batch import data

        weights, biases = data.load_model(model, "--model")
        arch = (int(weights[0].shape[1]), *(int(w.shape[0]) for w in weights))
        if arch[0] != features:
            raise InputError(
                "--model",
                f"W1 is {weights[0].shape[0]}×{arch[0]}, so the net takes {arch[0]} inputs, "
                f"but --x has {features} features per sample",
            )
        if arch[-1] != features:
            raise InputError(
                "--model",
                f"the last layer outputs {arch[-1]} values but --x has {features} features: an "
                "autoencoder reconstructs its input",
            )
        hidden = arch[1:-1]
        code = 1 + min(range(len(hidden)), key=lambda i: (hidden[i], i)) if hidden else 1
        if len(arch) % 2 == 1 and arch == arch[::-1]:
            code = len(arch) // 2
        init = f"from {model}"
    else:
        from aecalc.values.parse import parse_sizes

        given = parse_sizes([sizes or ""], "--sizes")
        if len(given) < 2:
            raise InputError("--sizes", "give at least the input and the code size, e.g. 4-2")
        try:
            count = count_params(given, tied=tied)
        except InputError as error:
            raise InputError("--sizes", error.problem) from None
        arch = count.architecture
        if not count.is_autoencoder:
            raise InputError(
                "--sizes", f"{'-'.join(map(str, given))} is not an autoencoder (in ≠ out)"
            )
        if arch[0] != features:
            raise InputError(
                "--sizes",
                f"the net takes {arch[0]} inputs but --x has {features} features per sample",
            )
        code = count.code_index
        # The count is known before any weight exists: refuse a net no memory could hold.
        memory.check(
            memory.training_bytes(arch, rows),
            "--sizes",
            f"training {' → '.join(f'{size:,}' for size in arch)} "
            f"({count.total_params:,} parameters)",
        )
        weights, biases = glorot_uniform(arch, rng, tied)
        init = (
            "Glorot (Xavier) uniform: W ~ U(−a, a), a = √(6/(fan_in + fan_out)); biases 0; "
            f"seed {seed}"
        )
    names = parse_activations(act, len(weights))
    return weights, biases, names, code, init


def _check_loss(loss: str, names: tuple[str, ...], x: Any) -> str:
    from aecalc.nets.losses import LOSSES

    name = loss.strip().lower()
    if name not in LOSSES:
        raise InputError("--loss", f"unknown loss {loss!r} (choose {', '.join(LOSSES)})")
    if LOSSES[name].probabilities:
        if names[-1] not in ("sigmoid", "softmax"):
            raise InputError(
                "--loss",
                f"{name} needs outputs in (0, 1), but the last layer is {names[-1]} "
                "(use sigmoid there, e.g. --act sigmoid)",
            )
        if float(x.min()) < 0 or float(x.max()) > 1:
            other = next(other for other, entry in LOSSES.items() if not entry.probabilities)
            raise InputError(
                "--loss", f"{name} needs data in [0, 1] (it compares probabilities); use {other}"
            )
    return name


def _progress_bar(enabled: bool, epochs: int) -> Any:
    """A Rich progress bar on stderr (or None), and the callback that advances it."""
    if not enabled:
        return None
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(
        TextColumn("training"),
        BarColumn(),
        TextColumn("epoch {task.completed:,.0f}/{task.total:,.0f}"),
        TextColumn("loss {task.fields[loss]}"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    progress.add_task("train", total=epochs, loss="…")
    return progress


def _emit(
    options: OutputOptions,
    result: TrainResult,
    out: Path | None,
    saved: bool,
    rule: Rule | None = None,
    show_weights: bool = False,
) -> None:
    from aecalc.present.train import train_document
    from aecalc.render.output import emit

    threshold: Threshold | None = None
    if rule is not None:
        from aecalc.batch.threshold import apply_rule

        threshold = apply_rule(rule, result.errors, "per-sample MSE of x̂ against x")

    def data() -> dict[str, object]:
        extra: dict[str, object] = {} if threshold is None else threshold.result_keys()
        if show_weights:
            from aecalc.present.weights import weights_json

            extra["weights"] = weights_json(result.weights, result.biases)
        return {
            **result.as_json(),
            "out": None if out is None else str(out),
            "saved": saved,
            **extra,
        }

    emit(
        options,
        lambda: train_document(
            result, options.digits, out, saved, threshold=threshold, show_weights=show_weights
        ),
        data,
    )


@guarded
def train(
    x: Annotated[
        str,
        typer.Option(
            "--x",
            help="The data: a .npy/.npz/.csv file or a matrix, one sample per row.",
            show_default=False,
        ),
    ],
    sizes: Annotated[
        str | None,
        typer.Option(
            "--sizes",
            help="The encoder, e.g. 784-128-32 (mirrored as params does).",
            show_default=False,
        ),
    ] = None,
    model: Annotated[
        Path | None,
        typer.Option(
            "--model", help="Start from the weights in FILE.npz (W1, b1, …).", show_default=False
        ),
    ] = None,
    act: Annotated[
        str,
        typer.Option(
            "--act",
            help=f"{', '.join(ACTIVATION_NAMES)}; one or one per layer.",
        ),
    ] = "sigmoid",
    loss: Annotated[str, typer.Option("--loss", help=f"{loss_choices()}.")] = "mse",
    lr: Annotated[str, typer.Option("--lr", help="Learning rate η > 0.")] = "0.1",
    epochs: Annotated[int, typer.Option("--epochs", help="Passes over the data.")] = DEFAULT_EPOCHS,
    batch_size: Annotated[
        int | None,
        typer.Option(
            "--batch-size", help="Samples per step (default: the whole set).", show_default=False
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            help="Seed of the start weights, shuffling and noise (default: drawn and shown).",
            show_default=False,
        ),
    ] = None,
    noise: Annotated[
        str | None,
        typer.Option(
            "--noise",
            help="Denoising: gaussian:σ or mask:p; the loss compares x̂ with the clean x.",
            show_default=False,
        ),
    ] = None,
    penalty: Annotated[
        str | None,
        typer.Option(
            "--penalty",
            help=f"{penalty_forms()} on the code layer.",
            show_default=False,
        ),
    ] = None,
    tied: Annotated[
        bool, typer.Option("--tied", help="Decoder weights are the encoder's transposed.")
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Save the trained weights to FILE.npz (the --model layout).",
            show_default=False,
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", help="List the K worst-reconstructed samples.")] = 5,
    threshold: Annotated[
        str | None,
        typer.Option(
            "--threshold",
            help="Anomaly threshold on the per-sample errors: mean+K·std (e.g. mean+3std), pQ "
            "(the Q-th percentile, e.g. p95) or a value; lists the samples above it.",
            show_default=False,
        ),
    ] = None,
    show_weights: Annotated[
        bool,
        typer.Option(
            "--show-weights", help="Print the trained weights and biases (a small net's)."
        ),
    ] = False,
    json: JsonOpt = False,
    format: FormatOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    force: ForceOpt = False,
) -> None:
    """Train an autoencoder by gradient descent and show the loss curve, the worst-reconstructed
    samples and the learned code.

    Examples: aecalc train --x data.npy --sizes 784-128-32 --epochs 5 --batch-size 256 --out m.npz ·
    aecalc train --x "0,1;1,0;1,1" --sizes 2-1 --act linear --lr 0.1 --epochs 200 ·
    aecalc train --x data.csv --model m.npz --noise gaussian:0.1 --penalty sparse-kl:0.05:3 ·
    aecalc train --x "1,2,3;2,4,6;1,2,2" --sizes 3-1 --act linear --show-weights --threshold p90
    """
    import numpy as np

    from aecalc.batch.saving import check_model_path, save_model
    from aecalc.batch.train import EVAL_ROWS, seeded
    from aecalc.batch.train import train as run_training
    from aecalc.nets.arith import ARRAYS
    from aecalc.values.parse import parse_number, to_float64

    options = output_options(json, format, output, digits, force)
    if out is not None:
        check_model_path(out)
    rate = parse_number(lr, "--lr")
    if rate <= 0:
        raise InputError("--lr", f"{lr} is not a learning rate: η must be > 0")
    eta = to_float64(rate, "--lr", "η")
    if epochs < 1:
        raise InputError("--epochs", f"{epochs} epochs: train at least 1")
    if batch_size is not None and batch_size < 1:
        raise InputError("--batch-size", f"{batch_size}: a batch holds at least 1 sample")
    if top < 0:
        raise InputError("--top", f"{top}: list 0 or more samples")
    noise_spec = None
    if noise is not None:
        from aecalc.nets.noise import parse_noise

        kind, level = parse_noise(noise, "--noise")
        noise_spec = (kind, to_float64(level, "--noise", "σ" if kind == "gaussian" else "p"))
    penalty_spec = None if penalty is None else parse_penalty(penalty)
    rule = None
    if threshold is not None:
        from aecalc.batch.threshold import read_rule

        rule = read_rule(threshold)
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1)[0])
    rng = seeded(seed)
    rows, array = read_data(x, "--x")
    # typed rows become float64 through the one boundary (a value beyond its range is an
    # error naming --x); a file's samples are trained on as float64, whatever they are stored as
    samples = (
        ARRAYS.vector(rows, "--x", "a value")
        if rows is not None
        else np.asarray(array, dtype=np.float64)
    )
    n = int(samples.shape[0])
    step_rows = max(min(n, EVAL_ROWS), min(n, batch_size or n))
    weights, biases, names, code, init = _net(
        sizes, model, act, tied, int(samples.shape[1]), rng, seed, step_rows
    )
    loss_name = _check_loss(loss, names, samples)
    bar = _progress_bar(sys.stderr.isatty() and options.resolved_format() != "json", epochs)

    def advance(done: int, total: int, value: float) -> None:
        bar.update(bar.task_ids[0], completed=done, loss=f"{value:.{options.digits}g}")

    def run() -> TrainResult:
        return run_training(
            weights,
            biases,
            names,
            samples,
            loss=loss_name,
            lr=eta,
            epochs=epochs,
            batch_size=batch_size,
            seed=seed,
            noise=noise_spec,
            penalty=penalty_spec,
            tied=tied,
            code_index=code,
            top=top,
            progress=None if bar is None else advance,
            init=init,
            rng=rng,
        )

    if bar is None:
        result = run()
    else:
        with bar:
            result = run()
    saved = False
    if out is not None:
        save_model(out, result.weights, result.biases)
        saved = True
    _emit(options, result, out, saved, rule, show_weights)
    if result.interrupted:
        raise typer.Exit(INTERRUPTED)
