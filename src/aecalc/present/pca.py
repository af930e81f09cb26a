"""Document for ``aecalc pca``: PCA step by step, and a linear autoencoder beside it."""

from __future__ import annotations

from aecalc.nets.pca import PcaResult, divided_by
from aecalc.nets.pca_ae import AutoencoderComparison, LinearAutoencoder
from aecalc.present.cells import exact_and_decimal, relation
from aecalc.present.document import Block, Cell, Document, Facts, Math, Note, Table
from aecalc.values import fmt, quantity
from aecalc.values.notation import subscript
from aecalc.values.quantity import Value

MAX_LISTED = 12  # eigenvalues and mean entries listed in a summary
MAX_WEIGHTS_SHOWN = 8  # D and K up to this: the autoencoders' weights are printed


def _cell(value: Value, digits: int) -> Cell:
    """Exact and decimal (``7/3 ≈ 2.3333``), or the decimal alone for a float."""
    if not quantity.is_closed_form(value):  # a float or a decimal
        return quantity.decimal(value, digits)
    return exact_and_decimal(value, digits)


def _vector(values: tuple[Value, ...], digits: int) -> Cell:
    """One vector: ``[√2/2, √2/2] ≈ [0.7071, 0.7071]`` (a column vector in TeX), or its
    decimals alone where an entry is a float."""
    decimals = quantity.vector_decimal(values, digits)
    if not all(quantity.is_closed_form(v) for v in values):
        return decimals
    exact = "[" + ", ".join(quantity.plain(v) for v in values) + "]"
    if exact == decimals:
        return exact
    signs = {relation(v, digits) for v in values}
    sign, tex_sign = ("=", "=") if signs == {("=", "=")} else ("≈", r"\approx")
    tex_decimals = r"\begin{bmatrix}" + r" \\ ".join(decimals[1:-1].split(", ")) + r"\end{bmatrix}"
    return Math(
        f"{exact} {sign} {decimals}", f"{quantity.vector_tex(values)} {tex_sign} {tex_decimals}"
    )


def _row(values: tuple[Value, ...], digits: int) -> tuple[Cell, ...]:
    return tuple(_cell(v, digits) for v in values)


def _matrix_table(
    title: str,
    matrix: tuple[tuple[Value, ...], ...],
    columns: tuple[str, ...],
    labels: list[str],
    digits: int,
    caption: str = "",
) -> Table:
    rows = tuple((label, *_row(row, digits)) for label, row in zip(labels, matrix, strict=True))
    return Table(title, ("", *columns), rows, caption=caption)


def _list(values: tuple[Value, ...], digits: int) -> str:
    shown = ", ".join(quantity.decimal(v, digits) for v in values[:MAX_LISTED])
    more = len(values) - MAX_LISTED
    return f"[{shown}{f', … ({more} more)' if more > 0 else ''}]"


def _divisor_words(result: PcaResult) -> tuple[str, str]:
    """(the divisor as a formula, as a number): ``(n − 1)``, ``3``."""
    return ("(n − 1)" if result.divisor == "n-1" else "n"), str(
        divided_by(result.divisor, result.n)
    )


def _weight_rows(ae: LinearAutoencoder, digits: int) -> tuple[tuple[Cell, ...], ...]:
    """One row per row of W_e, then b_e, the rows of W_d, b_d: exact where exact."""
    rows: list[tuple[Cell, ...]] = []
    for i, row in enumerate(ae.encoder_w):
        rows.append((f"W_e = V_Kᵀ, row {i + 1}", _vector(row, digits)))
    rows.append(("b_e = −V_Kᵀ·μ", _vector(ae.encoder_b, digits)))
    for i, row in enumerate(ae.decoder_w):
        rows.append((f"W_d = V_K, row {i + 1}", _vector(row, digits)))
    rows.append(("b_d = μ", _vector(ae.decoder_b, digits)))
    return tuple(rows)


def _check_text(ae: LinearAutoencoder, n: int) -> str:
    """What running the weights through the forward pass showed."""
    samples = f"all {n} samples" if ae.checked == n else f"the first {ae.checked} samples"
    how = {
        "exact": "exactly (the same closed forms)",
        "60 digits": "to 60 significant digits (long closed forms are carried as 60-digit "
        f"numbers; the largest relative difference is {ae.largest_difference:.1e})",
        "30 digits": "to the 30 digits the eigenvectors carry (largest relative difference "
        f"{ae.largest_difference:.1e})",
        "float64": f"to float64 rounding (largest relative difference {ae.largest_difference:.1e})",
    }[ae.agreement]
    if not ae.agrees:
        return (
            f"Run through the forward pass for {samples}, these weights do NOT give PCA's X̂: "
            f"the largest relative difference is {ae.largest_difference:.3e}."
        )
    return (
        "Run through the forward pass (linear activations) for "
        f"{samples}, x̂ = W_d·(W_e·x + b_e) + b_d equals PCA's reconstruction X̂ {how}."
    )


def _linear_autoencoder(result: PcaResult, title: str, digits: int) -> list[Block]:
    ae = result.linear_autoencoder
    if ae is None:
        return []
    d, k = result.d, result.k
    check = _check_text(ae, result.n)
    if d > MAX_WEIGHTS_SHOWN or k > MAX_WEIGHTS_SHOWN:
        return [
            Note(
                f"{title}: W_e = V_Kᵀ ({k} × {d}), b_e = −V_Kᵀ·μ, W_d = V_K ({d} × {k}), "
                f"b_d = μ — too many to print; --json lists them as linear_autoencoder. {check}"
            )
        ]
    return [
        Table(
            title,
            ("", "value (W: units out × units in)"),
            _weight_rows(ae, digits),
            caption=check,
        )
    ]


BESIDE_FEATURES = 3
"""Up to this many features the trained weights share a table with PCA's; beyond, their own."""


def _trained_weights(ae: AutoencoderComparison, pca: LinearAutoencoder, digits: int) -> list[Block]:
    """The trained autoencoder's weights beside PCA's, and W_d·W_e beside V_K·V_Kᵀ."""

    def floats(values: tuple[float, ...]) -> str:
        return "[" + ", ".join(f"{v:.{digits}f}" for v in values) + "]"

    def values(row: tuple[object, ...]) -> str:
        return quantity.vector_decimal(tuple(row), digits)

    if ae.converged and not ae.tie:
        caption = (
            "The trained code is another basis of the same subspace, so its W_e, b_e and W_d "
            "differ from PCA's; the map they compose does not: W_d·W_e is PCA's projector "
            f"V_K·V_Kᵀ (largest difference {ae.composed_gap:.1e})."
        )
    else:
        caption = (
            "A converged autoencoder's W_d·W_e is a projector onto a best K-dimensional "
            f"subspace; here the largest difference from PCA's V_K·V_Kᵀ is {ae.composed_gap:.2g}."
        )
    caption += (
        " Trained on centred data, its biases stay 0 and move back to b_e = −W_e·μ, b_d = μ, "
        "so both give x̂ = μ + W_d·W_e·(x − μ)."
    )
    pairs: list[tuple[str, str, str]] = []
    for i, (mine, theirs) in enumerate(zip(pca.encoder_w, ae.encoder_w, strict=True)):
        pairs.append((f"W_e row {i + 1}", values(mine), floats(theirs)))
    pairs.append(("b_e", values(pca.encoder_b), floats(ae.encoder_b)))
    for i, (mine, theirs) in enumerate(zip(pca.decoder_w, ae.decoder_w, strict=True)):
        pairs.append((f"W_d row {i + 1}", values(mine), floats(theirs)))
    pairs.append(("b_d", values(pca.decoder_b), floats(ae.decoder_b)))
    products = tuple(
        (f"row {i + 1}", floats(mine), floats(theirs))
        for i, (mine, theirs) in enumerate(zip(ae.projector, ae.composed, strict=True))
    )
    if len(pca.decoder_b) <= BESIDE_FEATURES:
        rows = (*pairs, *((f"W_d·W_e {label}", a, b) for label, a, b in products))
        return [
            Table(
                "Weights: PCA's autoencoder beside the trained one",
                ("", "PCA (V_Kᵀ, −V_Kᵀμ, V_K, μ)", "trained"),
                tuple(rows),
                caption=caption,
            )
        ]
    return [
        Table(
            "The trained autoencoder's weights (PCA's are in the table above)",
            ("", "value (W: units out × units in)"),
            tuple((label, theirs) for label, _, theirs in pairs),
        ),
        Table(
            "PCA's projector V_K·V_Kᵀ and the trained W_d·W_e, row by row",
            ("", "value"),
            tuple(
                row
                for label, mine, theirs in products
                for row in ((f"V_K·V_Kᵀ {label}", mine), (f"W_d·W_e {label}", theirs))
            ),
            caption=caption,
        ),
    ]


def _training_notes(result: PcaResult, ae: AutoencoderComparison) -> list[Block]:
    blocks: list[Block] = []
    if not ae.stopped:
        blocks.append(
            Note(
                f"Not converged: after {ae.epochs:,} epochs (the whole budget) the objective was "
                f"still changing by more than {ae.tolerance:g} of itself per {ae.window} epochs, "
                f"and the reconstruction MSE is {ae.excess * 100:.3g} % above PCA's. Give more "
                "--epochs (the budget) or a larger --lr.",
                "warning",
            )
        )
    elif not ae.found_subspace:
        blocks.append(
            Note(
                f"The objective stopped changing after {ae.epochs:,} epochs but the subspaces "
                f"are {ae.subspace_angle_deg:.2f}° apart: gradient descent is resting near a "
                "saddle point, not at the PCA solution. Try another --seed.",
                "warning",
            )
        )
    if ae.tie:
        blocks.append(
            Note(
                f"λ{subscript(result.k)} = λ{subscript(result.k + 1)}: K cuts through a repeated eigenvalue, "
                "so the best K-dimensional subspace is not unique and the angle to the one PCA "
                "happened to pick says nothing; the errors agree.",
                "warning",
            )
        )
    return blocks


def pca_document(result: PcaResult, digits: int) -> Document:
    numbers = iter(range(1, 100))

    def step() -> int:
        return next(numbers)

    n, d, k = result.n, result.d, result.k
    features = tuple(f"x{j + 1}" for j in range(d))
    samples = [f"sample {i + 1}" for i in range(n)]
    how = {
        "exact": "exact (rationals and closed forms)",
        "mixed": "exact mean and covariance; eigenvalues as 30-digit decimals",
        "float": "float64 (NumPy SVD of the centred data)",
    }[result.arithmetic]
    symbol, number = _divisor_words(result)
    other_symbol, other_number = ("n", str(n)) if result.divisor == "n-1" else ("n − 1", str(n - 1))
    divisor_text = (
        f"n − 1 = {number} (the sample covariance; --divisor n for 1/n)"
        if result.divisor == "n-1"
        else f"n = {number} (--divisor n: C = (1/n)·Σ(x − x̄)(x − x̄)ᵀ)"
    )
    blocks: list[Block] = [
        Facts(
            "Data",
            (
                ("samples n", str(n)),
                ("features D", str(d)),
                ("components kept K", str(k)),
                ("covariance divisor", divisor_text),
                ("arithmetic", how),
            ),
        )
    ]
    worked = result.worked and result.centred is not None
    if worked:
        blocks.append(
            Table(f"{step()}. Mean μ = (1/n) Σ xᵢ", features, (_row(result.mean, digits),))
        )
        assert result.centred is not None
        blocks.append(
            _matrix_table(
                f"{step()}. Centred data X_c = X − μ", result.centred, features, samples, digits
            )
        )
    else:
        blocks.append(Facts(f"{step()}. Mean μ", (("μ", _list(result.mean, digits)),)))
    if result.covariance is not None and d <= 8:
        blocks.append(
            _matrix_table(
                f"{step()}. Covariance C = X_cᵀ X_c / {symbol} = X_cᵀ X_c / {number}",
                result.covariance,
                features,
                list(features),
                digits,
                caption=f"Divided by {symbol.strip('()')} = {number}"
                + (" (the sample covariance)" if result.divisor == "n-1" else " (--divisor n)")
                + f", not by {other_symbol} = {other_number}.",
            )
        )
    elif result.covariance is not None:
        blocks.append(
            Note(
                f"{step()}. Covariance C = X_cᵀ X_c / {symbol} is {d}×{d}, with "
                f"{symbol.strip('()')} = {number} (--json lists it).",
                "convention",
            )
        )
    if result.characteristic is not None:
        blocks.append(
            Facts(
                f"{step()}. Eigenvalues: the roots of the characteristic polynomial",
                (("characteristic", result.characteristic),),
            )
        )
    listed = min(len(result.eigenvalues), d if worked else MAX_LISTED)
    eigen_rows = []
    for i in range(listed):
        vector = result.eigenvectors[i] if i < len(result.eigenvectors) else None
        if vector is None:
            shown = "–"
        elif d <= 8:
            shown = "; ".join(str(_cell(v, digits)) for v in vector)
        else:
            shown = f"({d} entries: --json lists the first K)"
        eigen_rows.append(
            (
                f"PC{i + 1}" + (" ✓" if i < k else ""),
                _cell(result.eigenvalues[i], digits),
                _cell(result.explained_ratio[i], digits),
                shown,
            )
        )
    cumulative = sum(quantity.to_float(v) for v in result.explained_ratio[:k])
    other = ""
    if result.other_eigenvalues:
        other = (
            f" With {other_symbol} = {other_number} as the divisor instead, λ = "
            f"{_list(result.other_eigenvalues[:listed], digits)}."
        )
    blocks.append(
        Table(
            f"{step()}. Eigenvalues λᵢ (explained variance), ratios λᵢ/Σλ and unit eigenvectors vᵢ",
            ("", "λᵢ", "λᵢ / Σλ", "vᵢ (unit length)"),
            tuple(eigen_rows),
            caption=(
                f"Σλ = trace C = {quantity.decimal(result.trace, digits)}; the first K = {k} "
                f"(✓) explain {cumulative:.{digits}f} of the variance"
                + (
                    f"; {len(result.eigenvalues) - listed} smaller eigenvalues not listed"
                    if listed < len(result.eigenvalues)
                    else ""
                )
                + "."
                + other
            ),
        )
    )
    if worked and result.projection is not None and result.reconstruction is not None:
        codes = tuple(f"z{j + 1} = X_c·v{j + 1}" for j in range(k))
        blocks.append(
            _matrix_table(
                f"{step()}. Projections (scores) onto the first "
                f"{'component' if k == 1 else f'{k} components'}: Z = X_c V_Kᵀ",
                result.projection,
                codes,
                samples,
                digits,
            )
        )
        blocks.append(
            _matrix_table(
                f"{step()}. Reconstruction X̂ = μ + Z V_K",
                result.reconstruction,
                features,
                samples,
                digits,
            )
        )
    elif result.projection is not None:
        blocks.append(
            Note(f"{step()}. Projections (scores) Z = X_c V_Kᵀ of all {n:,} samples: in --json.")
        )
    blocks += _linear_autoencoder(
        result,
        f"{step()}. The linear autoencoder PCA gives: {fmt.arrow((d, k, d))}, linear activations",
        digits,
    )
    blocks.append(
        Facts(
            "Answer",
            (
                (
                    "first component v₁",
                    _vector(result.components[0], digits) if d <= 8 else "(in --json)",
                ),
                (
                    "explained variance ratio",
                    f"{cumulative:.{digits}f} (the first {'' if k == 1 else f'{k} '}of {d} components)",
                ),
                ("reconstruction MSE", _cell(result.mse, digits)),
                ("total squared error", _cell(result.total_squared_error, digits)),
            ),
        )
    )
    ae = result.autoencoder
    if ae is not None:
        stop = (
            f"stopped after {ae.epochs:,} full-batch epochs, when the objective changed by less "
            f"than {ae.tolerance:g} of itself over {ae.window} epochs"
            if ae.stopped
            else f"{ae.epochs:,} full-batch epochs (the budget) without converging"
        )
        blocks.append(
            Table(
                f"Linear autoencoder {fmt.arrow(ae.architecture)} beside PCA (K = {k})",
                ("", "PCA", "linear autoencoder"),
                (
                    (
                        "reconstruction MSE",
                        quantity.decimal(result.mse, digits),
                        f"{ae.reconstruction_mse:.{digits}f}",
                    ),
                    (
                        "largest principal angle between the subspaces",
                        "0°",
                        f"{ae.subspace_angle_deg:.{max(digits - 2, 1)}f}°",
                    ),
                ),
                caption=(
                    f"Trained with linear activations and MSE on the centred data: {stop} "
                    f"({ae.seconds:.2f} s; lr {ae.lr:.4g}, seed {ae.seed}, Glorot-uniform "
                    "start; biases moved back so the net reads the raw x). The angle compares "
                    "the span of the decoder's K columns with the span of the first K components."
                ),
            )
        )
        blocks += _training_notes(result, ae)
        pca_ae = result.linear_autoencoder
        if pca_ae is not None and d <= MAX_WEIGHTS_SHOWN and k <= MAX_WEIGHTS_SHOWN:
            blocks += _trained_weights(ae, pca_ae, digits)
        gram = "; ".join(
            "[" + ", ".join(f"{v:.{digits}f}" for v in row) + "]" for row in ae.code_gram
        )
        blocks.append(
            Note(
                "A linear autoencoder trained with squared error spans the same subspace as the "
                "first K principal components (Baldi & Hornik, 1989), but its basis need not be "
                "the components: its code units need not be orthogonal, unit-length or ordered by "
                f"variance (here the decoder columns' Gram matrix WᵀW is {gram}, not I)."
            )
        )
    blocks += [Note(text, "convention") for text in result.notes]
    return Document(f"PCA of {n} samples × {d} features, K = {k}", tuple(blocks))
