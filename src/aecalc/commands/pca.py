"""``aecalc pca``: principal component analysis worked by hand, and a linear autoencoder beside it."""

from __future__ import annotations

from typing import Annotated

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


@guarded
def pca(
    x: Annotated[
        str,
        typer.Option(
            "--x",
            help="The data: a matrix with one sample per row (2,0;0,1;3,3) or a .npy/.npz/.csv file.",
            show_default=False,
        ),
    ],
    k: Annotated[
        int | None, typer.Option("--k", help="Components to keep (default 1).", show_default=False)
    ] = None,
    divisor: Annotated[
        str,
        typer.Option(
            "--divisor",
            help="The covariance's divisor: n-1 (the sample covariance, numpy.cov's default) or "
            "n (C = (1/n)·Σ(x − x̄)(x − x̄)ᵀ, as some courses define it). The eigenvalues follow "
            "it; the components, projections and reconstruction do not.",
        ),
    ] = "n-1",
    compare_ae: Annotated[
        bool,
        typer.Option(
            "--compare-ae",
            help="Also train a linear autoencoder with a K-unit code and compare its subspace.",
        ),
    ] = False,
    epochs: Annotated[
        int | None,
        typer.Option(
            "--epochs",
            help="--compare-ae: the budget of full-batch epochs; training stops earlier once it "
            "has converged (default 100,000, fewer for big data).",
            show_default=False,
        ),
    ] = None,
    lr: Annotated[
        str | None,
        typer.Option(
            "--lr",
            help="--compare-ae: learning rate (default: scaled to the data).",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", help="--compare-ae: seed of the start weights.")
    ] = 0,
    json: JsonOpt = False,
    format: FormatOpt = None,
    output: OutputOpt = None,
    digits: DigitsOpt = 4,
    force: ForceOpt = False,
) -> None:
    """PCA step by step: mean, centred data, covariance (n − 1, or n with --divisor n),
    eigenvalues and unit eigenvectors, explained variance, the projections (scores) onto K
    components, the reconstruction and its error, and the linear autoencoder PCA gives.

    Examples: aecalc pca --x "2,0;0,1;3,3;1,2" --k 1 · aecalc pca --x data.npy --k 10 ·
    aecalc pca --x "2,0;1,2;3,3" --divisor n · aecalc pca --x "2,0;0,1;3,3;1,2" --compare-ae
    """
    from aecalc.errors import InputError
    from aecalc.nets.pca import check_divisor
    from aecalc.render.output import emit

    options = output_options(json, format, output, digits, force)
    by = check_divisor(divisor)
    if not compare_ae:
        for name, given in (("--lr", lr is not None), ("--epochs", epochs is not None)):
            if given:
                raise InputError(name, "goes with --compare-ae (the autoencoder's training)")
    rows, array = read_data(x, "--x")
    if rows is not None:
        from aecalc.nets.pca import exact_eligible, exact_pca

        if exact_eligible(rows):
            result = exact_pca(rows, k, by)
        else:
            from aecalc.batch.pca import float_pca
            from aecalc.nets.arith import ARRAYS

            array = ARRAYS.vector(rows, "--x", "a value")  # the one float64 boundary
            result = float_pca(array, k, by)
    else:
        from aecalc.batch.pca import float_pca

        result = float_pca(array, k, by)
    if compare_ae:
        import numpy as np

        from aecalc.batch.compare import compare_linear_autoencoder, default_epochs
        from aecalc.nets.arith import ARRAYS
        from aecalc.values import quantity
        from aecalc.values.parse import parse_number, to_float64

        data = (
            np.asarray(array, dtype=np.float64)
            if rows is None
            else ARRAYS.vector(rows, "--x", "a value")
        )
        rate = None if lr is None else to_float64(parse_number(lr, "--lr"), "--lr", "η")
        result = result.with_autoencoder(
            compare_linear_autoencoder(
                data,
                result.k,
                np.array([[quantity.to_float(v) for v in row] for row in result.components]),
                eigenvalues=tuple(quantity.to_float(v) for v in result.eigenvalues),
                pca_mse=quantity.to_float(result.mse),
                epochs=default_epochs(data.shape) if epochs is None else epochs,
                lr=rate,
                seed=seed,
            )
        )
    from aecalc.present.pca import pca_document

    emit(options, lambda: pca_document(result, options.digits), result.as_json)
