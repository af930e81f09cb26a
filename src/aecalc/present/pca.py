"""Document for ``aecalc pca``: PCA step by step, and a linear autoencoder beside it."""

from __future__ import annotations

from aecalc.nets.pca import PcaResult
from aecalc.present.cells import exact_and_decimal, relation
from aecalc.present.document import Block, Cell, Document, Facts, Math, Note, Table
from aecalc.values import fmt, quantity
from aecalc.values.quantity import Value

MAX_LISTED = 12  # eigenvalues and mean entries listed in a summary


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
    blocks: list[Block] = [
        Facts(
            "Data",
            (
                ("samples n", str(n)),
                ("features D", str(d)),
                ("components kept K", str(k)),
                ("arithmetic", how),
            ),
        )
    ]
    worked = result.centred is not None
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
                f"{step()}. Covariance C = X_cᵀ X_c / (n − 1) = X_cᵀ X_c / {n - 1}",
                result.covariance,
                features,
                list(features),
                digits,
                caption=f"Divided by n − 1 = {n - 1} (the sample covariance), not by n = {n}.",
            )
        )
    elif result.covariance is not None:
        blocks.append(
            Note(
                f"{step()}. Covariance C = X_cᵀ X_c / (n − 1) is {d}×{d}, with n − 1 = {n - 1} "
                "(--json lists it).",
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
            ),
        )
    )
    if result.projection is not None and result.reconstruction is not None:
        codes = tuple(f"z{j + 1} = X_c·v{j + 1}" for j in range(k))
        blocks.append(
            _matrix_table(
                f"{step()}. Projection onto the first {k}: Z = X_c V_Kᵀ",
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
    blocks.append(
        Facts(
            "Answer",
            (
                (
                    "first component v₁",
                    _vector(result.components[0], digits) if d <= 8 else "(in --json)",
                ),
                ("explained variance ratio (first K)", f"{cumulative:.{digits}f}"),
                ("reconstruction MSE", _cell(result.mse, digits)),
            ),
        )
    )
    ae = result.autoencoder
    if ae is not None:
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
                    f"Trained with linear activations and MSE: {ae.epochs} full-batch epochs of "
                    f"gradient descent, lr {ae.lr:.4g}, seed {ae.seed} (Glorot-uniform start). "
                    "The angle compares the span of the decoder's K columns with the span of the "
                    "first K components."
                ),
            )
        )
        if not ae.converged:
            blocks.append(
                Note(
                    f"The largest angle is {ae.subspace_angle_deg:.2f}° after {ae.epochs} epochs: "
                    "the autoencoder has not converged yet (gradient descent is slow when "
                    "eigenvalues are close); give more --epochs or a larger --lr.",
                    "warning",
                )
            )
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
