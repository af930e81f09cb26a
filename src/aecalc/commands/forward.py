"""``aecalc forward``: one sample worked step by step, or a batch summarised (``aecalc.batch.engine``)."""

from __future__ import annotations

import contextlib
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
from aecalc.commands.net import (
    ActOpt,
    BdOpt,
    BeOpt,
    DeepBOpt,
    DeepWOpt,
    FloatOpt,
    TiedOpt,
    WdOpt,
    WeOpt,
    network_from_options,
)
from aecalc.errors import InputError

if TYPE_CHECKING:
    from aecalc.batch.threshold import Rule
    from aecalc.nets.forward import Network
    from aecalc.render.output import OutputOptions

_FILE_SUFFIXES = (".npy", ".npz", ".csv")


def _is_file(text: str) -> bool:
    if text.strip().lower().endswith(_FILE_SUFFIXES):
        return True
    try:
        return Path(text).is_file()
    except OSError:  # a name too long for a file: it is a vector or matrix (or a typo)
        return False


def _batch(
    options: OutputOptions,
    network: Network | None,
    model: Path | None,
    x: Any,
    target: Any,
    act: str,
    dtype: str,
    top: int,
    out: Path | None,
    rule: Rule | None = None,
) -> None:
    """Hand a batch to :func:`aecalc.batch.engine.forward_batch`; print its summary (with
    --model the weights read, with --threshold the samples above it); save x̂ to --out."""
    import numpy as np

    from aecalc.batch import engine as batch
    from aecalc.nets.activations import parse_activations
    from aecalc.present.forward import batch_document
    from aecalc.render.output import emit

    if network is not None:
        from aecalc.nets.arith import ARRAYS
        from aecalc.nets.forward import layers_in

        # float64 through the one boundary: a weight or bias beyond its range names its option
        dense_layers = layers_in(ARRAYS, network)
        weights: list[Any] = [layer.weights for layer in dense_layers]
        biases: list[Any] = [layer.bias for layer in dense_layers]
        names = [layer.activation for layer in network.layers]
    else:
        assert model is not None
        from aecalc.batch import data

        weights, biases = data.load_model(model, "--model")
        names = list(parse_activations(act, len(weights)))
    samples = _array(x, "--x")
    sink: Any = contextlib.nullcontext()  # x̂ in memory
    if out is not None:
        # x̂ goes straight into the --out file, chunk by chunk: a batch larger than memory
        # (its input memory-mapped by aecalc.batch.data) is never held in it.
        from aecalc.batch.saving import OutputArray

        rows = samples.shape[0] if samples.ndim == 2 else 1
        shape = (rows, int(np.shape(weights[-1])[0]))
        sink = OutputArray(out, shape, batch.dtype_of(dtype), "--out")
    with sink as x_hat:
        result = batch.forward_batch(
            weights,
            biases,
            names,
            samples,
            dtype=dtype,
            target=_array(target, "--target"),
            top=top,
            out=x_hat,
            keep=False,  # only the summary is shown: x̂ goes nowhere without --out
        )
    threshold = None
    if rule is not None:
        from aecalc.batch.threshold import apply_rule

        against = "x" if result.against == "x" else "the target"
        threshold = apply_rule(rule, result.errors, f"per-sample MSE of x̂ against {against}")
    shown = None
    if model is not None:
        from aecalc.present.weights import fits, weights_json

        shown = (model, weights, biases)

    def json_data() -> dict[str, object]:
        extra: dict[str, object] = {} if threshold is None else threshold.result_keys()
        if model is not None:
            extra["weights"] = weights_json(weights, biases) if fits(weights) else None
        return {**result.as_json(), **extra}

    emit(
        options,
        lambda: batch_document(
            result, options.digits, out, threshold=threshold, model_weights=shown
        ),
        json_data,
    )


def _array(values: Any, argument: str) -> Any:
    """Parsed rows of Fractions as a float64 array (a value beyond float64's range names
    ``argument``); arrays (from files) and None pass through."""
    import numpy as np

    if values is None or isinstance(values, np.ndarray):
        return values
    from aecalc.nets.arith import ARRAYS

    return ARRAYS.vector(values, argument, "an input" if argument == "--x" else "a value")


def _samples(text: str, argument: str) -> tuple[Any, int]:
    """A vector, a matrix (one sample per row) or a file: (Fraction rows or an array, row count)."""
    if _is_file(text):
        from aecalc.batch import data

        array = data.load_samples(Path(text), argument)
        return array, int(array.shape[0])
    from aecalc.values.parse import parse_matrix

    rows = parse_matrix(text, argument)
    return rows, len(rows)


@guarded
def forward(
    x: Annotated[
        str,
        typer.Option(
            "--x",
            help="The input: a vector (1,0), a matrix with one sample per row (1,0;0,1), "
            "or a .npy/.csv file.",
            show_default=False,
        ),
    ],
    we: WeOpt = None,
    be: BeOpt = None,
    wd: WdOpt = None,
    bd: BdOpt = None,
    tied: TiedOpt = False,
    w: DeepWOpt = None,
    b: DeepBOpt = None,
    act: ActOpt = "sigmoid",
    target: Annotated[
        str | None,
        typer.Option("--target", help="Compare x̂ with this instead of x (for a non-autoencoder)."),
    ] = None,
    float_only: FloatOpt = False,
    noise: Annotated[
        str | None,
        typer.Option(
            "--noise",
            help="Denoising: corrupt x first (gaussian:σ or mask:p); the loss compares x̂ with the clean x.",
        ),
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Seed for --noise (the same seed, the same noise).")
    ] = None,
    model: Annotated[
        Path | None,
        typer.Option("--model", help="Weights from FILE.npz (W1, b1, W2, …; each W out × in)."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Batch: save the reconstructions to FILE.npy.")
    ] = None,
    top: Annotated[
        int | None, typer.Option("--top", help="Batch: list the K samples with the largest error.")
    ] = None,
    dtype: Annotated[
        str | None, typer.Option("--dtype", help="Batch: float64 (default) or float32.")
    ] = None,
    threshold: Annotated[
        str | None,
        typer.Option(
            "--threshold",
            help="Batch: anomaly threshold on the per-sample errors: mean+K·std (e.g. "
            "mean+3std), pQ (the Q-th percentile, e.g. p95) or a value; lists the samples "
            "above it.",
            show_default=False,
        ),
    ] = None,
    jacobian: Annotated[
        bool,
        typer.Option(
            "--jacobian",
            help="Also ∂(output)/∂x: how each output changes with each input (no loss, no "
            "target needed).",
        ),
    ] = False,
    json: JsonOpt = False,
    format: FormatOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    force: ForceOpt = False,
) -> None:
    """One forward pass, every step named: W·h, + b, the activation, up to x̂ and its loss.

    Examples: aecalc forward --x 1,0 --we "1,-1;0,1" --wd "1,0;0,1" --act sigmoid ·
    aecalc forward --x 1,0 --we "1,-1;0,1" --tied --act relu,sigmoid ·
    aecalc forward --x 1,2,3 --w "0.5,-1,0.25" --w 2 --act relu,linear --jacobian ·
    aecalc forward --model m.npz --x X.npy --act sigmoid --out R.npy --top 5 ·
    aecalc forward --model m.npz --x X.npy --act linear --threshold mean+3std
    """
    from aecalc.render.output import emit
    from aecalc.values.parse import parse_vector

    options = output_options(json, format, output, digits, force)
    rule = None
    if threshold is not None:
        from aecalc.batch.threshold import read_rule

        rule = read_rule(threshold)
    network = None
    if model is not None:
        given = [name for name, value in (("--we", we), ("--wd", wd), ("--w", w)) if value]
        if given or tied:
            raise InputError("--model", f"cannot be used with {given[0] if given else '--tied'}")
    else:
        network = network_from_options(we, be, wd, bd, w, b, tied, act)
    samples, count = _samples(x, "--x")
    if model is not None or count > 1 or _is_file(x):
        if noise is not None:
            raise InputError(
                "--noise", "corrupts one sample, worked step by step: give one vector as --x"
            )
        if jacobian:
            raise InputError(
                "--jacobian", "is worked for one sample, step by step: give one vector as --x"
            )
        target_rows = None if target is None else _samples(target, "--target")[0]
        _batch(
            options,
            network,
            model,
            samples,
            target_rows,
            act,
            dtype or "float64",
            5 if top is None else top,
            out,
            rule,
        )
        return
    if noise is None and seed is not None:
        raise InputError("--seed", "goes with --noise (e.g. --noise gaussian:0.1 --seed 7)")
    for name, value in (
        ("--out", out),
        ("--top", top),
        ("--dtype", dtype),
        ("--threshold", threshold),
    ):
        if value is not None:
            raise InputError(
                name,
                "is for a batch (a matrix with one sample per row, a file, or --model); "
                "one sample is worked step by step",
            )
    from aecalc.nets.forward import run_forward
    from aecalc.present.forward import forward_document

    assert network is not None
    corruption = None
    if noise is not None:
        from aecalc.nets.noise import corrupt

        corruption = corrupt(samples[0], noise, seed)
    result = run_forward(
        network,
        samples[0] if corruption is None else corruption.corrupted,
        target=None if target is None else parse_vector(target, "--target"),
        float_only=float_only,
        corruption=corruption,
        jacobian=jacobian,
    )
    emit(options, lambda: forward_document(result, options.digits), result.as_json)
