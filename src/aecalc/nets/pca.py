"""Principal component analysis worked by hand: exact where the data are exact and small.

For data X (n samples × D features, one sample per row):

1. the mean μ = (1/n) Σ x_i, and the centred data X_c = X − μ;
2. the covariance C = X_cᵀ X_c / (n − 1) (the sample covariance, as ``numpy.cov`` and
   scikit-learn's ``explained_variance_`` use), or X_cᵀ X_c / n with ``divisor="n"`` (as some
   courses define it): the eigenvalues scale by (n − 1)/n, nothing else changes;
3. its eigenvalues λ_1 ≥ … ≥ λ_D and unit eigenvectors v_1, …, v_D (the principal components);
   each eigenvector's sign is chosen so that its largest-magnitude entry is positive (as
   scikit-learn's ``svd_flip`` does for the components);
4. explained variance λ_i and its ratio λ_i / Σ λ (Σ λ = trace C);
5. the projection (scores) onto the first K components Z = X_c V_Kᵀ (V_K: the K components as
   rows), the reconstruction X̂ = μ + Z V_K, its total squared error Σ (X − X̂)² = (divisor) ×
   Σ_{i>K} λ_i and its MSE, that total over all n·D entries;
6. the linear autoencoder these give (:mod:`aecalc.nets.pca_ae`), run through the forward pass.

:func:`exact_pca` does this with exact rationals and SymPy closed forms (square roots from
the characteristic polynomial) for 1 to :data:`MAX_EXACT_FEATURES` features and at most
:data:`MAX_EXACT_SAMPLES` samples; eigenvalues whose closed form is complex-looking (a cubic's
casus irreducibilis) or long are carried as 30-digit decimals instead. Two features (the
exam's case) take :mod:`aecalc.nets.eigen2`, which writes every closed form out from the
rationals (λ = tr/2 ± √D, v = ±u/|u|, X̂ through the projector) in milliseconds; 1 and 3
features go through SymPy's eigenvectors and simplifier. The float path for other data is
:mod:`aecalc.batch.pca` (NumPy SVD); both return a :class:`PcaResult`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Literal

from aecalc.errors import InputError
from aecalc.nets.pca_ae import (
    CONVERGED_DEG,
    AutoencoderComparison,
    LinearAutoencoder,
    ValueMatrix,
    linear_autoencoder,
)
from aecalc.record import Record
from aecalc.values import quantity
from aecalc.values.notation import subscript
from aecalc.values.parse import Matrix
from aecalc.values.quantity import Value

MAX_EXACT_FEATURES = 3
MAX_EXACT_SAMPLES = 30
MAX_CLOSED_FORM_OPS = 80
"""An eigenvalue closed form with more SymPy operations than this is carried as a decimal."""
DECIMAL_DIGITS = 30
Arithmetic = Literal["exact", "mixed", "float"]
Divisor = Literal["n-1", "n"]
DIVISORS: tuple[Divisor, ...] = ("n-1", "n")

__all__ = ["CONVERGED_DEG", "AutoencoderComparison", "LinearAutoencoder", "PcaResult"]


class PcaResult(Record):
    """Every step of a PCA; the big matrices are ``None`` when the data are summarised."""

    arithmetic: Arithmetic
    n: int
    d: int
    k: int
    mean: tuple[Value, ...]
    centred: ValueMatrix | None
    covariance: ValueMatrix | None  # None when D is too large to list
    trace: Value
    characteristic: str | None  # det(C − λI) written out (exact path)
    eigenvalues: tuple[Value, ...]  # all D, descending
    eigenvectors: ValueMatrix  # unit rows, in the order of the eigenvalues (all, or the first K)
    explained_ratio: tuple[Value, ...]
    projection: ValueMatrix | None  # n × K, the scores (None when too many to keep)
    reconstruction: ValueMatrix | None  # n × D
    mse: Value
    notes: tuple[str, ...]
    autoencoder: AutoencoderComparison | None = None
    divisor: Divisor = "n-1"
    total_squared_error: Value = None  # Σ over the n·D entries of (X − X̂)²
    other_eigenvalues: tuple[Value, ...] = ()  # the eigenvalues with the other divisor
    linear_autoencoder: LinearAutoencoder | None = None
    worked: bool = True  # the tables (centred data, projection, reconstruction) are shown

    @property
    def components(self) -> ValueMatrix:
        return self.eigenvectors[: self.k]

    def with_autoencoder(self, comparison: AutoencoderComparison) -> PcaResult:
        return PcaResult(**{**self.fields(), "autoencoder": comparison})

    def fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in type(self).__annotations__}

    def as_json(self) -> dict[str, object]:
        def floats(values: tuple[Value, ...]) -> list[float]:
            return [quantity.to_float(v) for v in values]

        def exact(values: tuple[Value, ...]) -> list[str] | None:
            if self.arithmetic == "float":
                return None
            return [quantity.plain(v) for v in values]

        def one(value: Value) -> str | None:
            return None if self.arithmetic == "float" else quantity.plain(value)

        other = "n" if self.divisor == "n-1" else "n-1"
        data: dict[str, object] = {
            "arithmetic": self.arithmetic,
            "samples": self.n,
            "features": self.d,
            "k": self.k,
            "divisor": self.divisor,
            "mean": floats(self.mean),
            "mean_exact": exact(self.mean),
            "covariance": None
            if self.covariance is None
            else [floats(row) for row in self.covariance],
            "covariance_exact": None
            if self.covariance is None or self.arithmetic == "float"
            else [exact(row) for row in self.covariance],
            "covariance_divisor": "n - 1" if self.divisor == "n-1" else "n",
            "eigenvalues": floats(self.eigenvalues),
            "eigenvalues_exact": exact(self.eigenvalues),
            "eigenvalues_with_other_divisor": {
                "divisor": other,
                "eigenvalues": floats(self.other_eigenvalues),
            },
            "components": [floats(row) for row in self.components],
            "components_exact": None
            if self.arithmetic == "float"
            else [exact(row) for row in self.components],
            "explained_variance": floats(self.eigenvalues),
            "explained_variance_ratio": floats(self.explained_ratio),
            "explained_variance_ratio_exact": exact(self.explained_ratio),
            "projections": None
            if self.projection is None
            else [floats(row) for row in self.projection],
            "projections_exact": None
            if self.projection is None or self.arithmetic == "float"
            else [exact(row) for row in self.projection],
            "reconstruction_mse": quantity.to_float(self.mse),
            "reconstruction_mse_exact": one(self.mse),
            "total_squared_error": quantity.to_float(self.total_squared_error),
            "total_squared_error_exact": one(self.total_squared_error),
        }
        if self.reconstruction is not None:
            data["reconstruction"] = [floats(row) for row in self.reconstruction]
        if self.linear_autoencoder is not None:
            data["linear_autoencoder"] = self.linear_autoencoder.as_json(self.arithmetic != "float")
        if self.autoencoder is not None:
            data["autoencoder"] = self.autoencoder.as_json()
        return data


def check_divisor(text: str, argument: str = "--divisor") -> Divisor:
    """``n-1`` or ``n`` (spaces and a typographic minus allowed), else an :class:`InputError`."""
    spelled = text.replace(" ", "").replace("−", "-").lower()
    for divisor in DIVISORS:
        if spelled == divisor:
            return divisor
    raise InputError(
        argument,
        f"{text!r} is not a covariance divisor: give n-1 (the sample covariance, numpy.cov's "
        "default) or n (C = (1/n)·Σ(x − x̄)(x − x̄)ᵀ, as some courses define it)",
    )


def divided_by(divisor: Divisor, n: int) -> int:
    """The number the covariance divides by: n − 1 or n."""
    return n - 1 if divisor == "n-1" else n


# ---------------------------------------------------------------------------------------------
# Checks shared with the float path


def check_shape(n: int, d: int, k: int | None) -> int:
    """The number of components K (default 1), checked against the data's shape."""
    if n < 2:
        raise InputError(
            "--x",
            f"has {n} sample: PCA needs at least 2 (one sample has no spread to analyse)",
        )
    if k is None:
        k = 1
    if k < 1:
        raise InputError("--k", f"{k} components: K must be at least 1")
    if k > d:
        raise InputError(
            "--k", f"{k} components but the data have {d} feature{'s' if d != 1 else ''} (K ≤ {d})"
        )
    return k


NO_VARIANCE = "every sample is the same: the data have no variance for PCA to explain"


TIE = 1e-9
"""Eigenvalues closer than this, relative to the largest, count as one repeated eigenvalue."""


def tied(values: tuple[float, ...], upto: int) -> list[int]:
    """The 0-based i < ``upto`` where λ_i and λ_(i+1) are equal (to :data:`TIE`): there the
    eigenvectors are not unique, only the space they span.

    >>> tied((2.0, 0.5, 0.5, 0.0), 4), tied((2.0, 0.5, 0.5, 0.0), 1), tied((1.0, 1.0), 1)
    ([1], [], [0])
    """
    scale = max((abs(v) for v in values), default=0.0)
    return [
        i
        for i in range(min(upto, len(values) - 1))
        if abs(values[i] - values[i + 1]) <= TIE * scale
    ]


def tie_note(values: tuple[float, ...], k: int, shown: int) -> str | None:
    """What a repeated eigenvalue among the ``shown`` components means, or None."""
    ties = tied(values, shown)
    if not ties:
        return None
    pairs = ", ".join(f"λ{subscript(i + 1)} = λ{subscript(i + 2)}" for i in ties)
    text = (
        f"{pairs}: a repeated eigenvalue has no unique eigenvectors — any orthonormal basis of "
        "its eigenspace is as good, and the vectors shown are one choice. The eigenvalues, "
        "the explained ratios and the reconstruction MSE do not depend on the choice"
    )
    if k - 1 in ties:
        text += (
            f"; K = {k} cuts through the tie, so another choice gives another projection and "
            "reconstruction with the same MSE"
        )
    return text + "."


def notes(
    n: int,
    d: int,
    k: int,
    arithmetic: Arithmetic,
    tie: str | None = None,
    divisor: Divisor = "n-1",
) -> tuple[str, ...]:
    by = divided_by(divisor, n)
    if divisor == "n-1":
        covariance = (
            f"Covariance with n − 1 = {n - 1} in the denominator (the sample covariance, as "
            f"numpy.cov and scikit-learn use); a course that defines C with 1/n (--divisor n) "
            f"has every eigenvalue smaller by (n − 1)/n = {n - 1}/{n}"
        )
    else:
        covariance = (
            f"Covariance with n = {n} in the denominator (--divisor n: C = (1/n)·Σ(x − x̄)(x − x̄)ᵀ, "
            "as some courses define it; np.cov(X.T, ddof=0)); the sample covariance (n − 1, "
            f"numpy.cov's default) has every eigenvalue larger by n/(n − 1) = {n}/{n - 1}"
        )
    lines = [
        covariance + ". The components, the ratios λᵢ/Σλ, the projections and the "
        "reconstruction are the same with either divisor.",
        "Each component's sign is arbitrary (−v is as good an eigenvector as v): it is chosen "
        "so that the component's largest-magnitude entry is positive, as scikit-learn does.",
        f"Total squared error Σ(X − X̂)² = {'(n − 1)' if divisor == 'n-1' else 'n'} × the sum "
        f"of the eigenvalues left out, with {'n − 1' if divisor == 'n-1' else 'n'} = {by}; the "
        f"reconstruction MSE is that total over all n·D = {n * d} entries.",
    ]
    if arithmetic == "mixed":
        lines.append(
            "The eigenvalues' closed forms are too long (or need complex numbers to write, as "
            "a cubic with three real roots does), so they and what follows are "
            f"{DECIMAL_DIGITS}-digit decimals; the mean and covariance are exact."
        )
    if tie is not None:
        lines.append(tie)
    return tuple(lines)


# ---------------------------------------------------------------------------------------------
# The exact path


def exact_eligible(rows: Matrix) -> bool:
    """Exact closed forms for exact data with 1–3 features and at most 30 samples."""
    return 1 <= len(rows[0]) <= MAX_EXACT_FEATURES and len(rows) <= MAX_EXACT_SAMPLES


def _sign_fix(vector: list[Any]) -> list[Any]:
    """−v when v's largest-magnitude entry (the first of equals) is negative."""
    magnitudes = [abs(float(v)) for v in vector]
    biggest = max(range(len(vector)), key=lambda i: (magnitudes[i], -i))
    if float(vector[biggest]) < 0:
        return [-v for v in vector]
    return vector


def _as_value(expr: Any) -> Value:
    import sympy

    if isinstance(expr, sympy.Rational):
        return Fraction(int(expr.p), int(expr.q))
    return expr


def _simplify(expr: Any) -> Any:
    import sympy

    if expr.has(sympy.Float):  # a decimal eigenvector (the "mixed" path): keep it a decimal
        return sympy.Float(expr, DECIMAL_DIGITS) if expr.is_number else expr
    simpler = sympy.radsimp(sympy.expand(expr))
    if sympy.count_ops(simpler) > sympy.count_ops(expr):
        simpler = expr
    shorter = sympy.simplify(simpler) if sympy.count_ops(simpler) > 12 else simpler
    return shorter if sympy.count_ops(shorter) <= sympy.count_ops(simpler) else simpler


def _eigen_exact(cov: Any) -> list[tuple[Any, list[Any]]] | None:
    """(eigenvalue, unit eigenvector) pairs in closed form, descending; None when too long."""
    import sympy

    pairs: list[tuple[Any, list[Any]]] = []
    for root, _multiplicity, vectors in cov.eigenvects():
        value = sympy.nsimplify(root) if root.has(sympy.Float) else root
        if value.has(sympy.I) or sympy.count_ops(value) > MAX_CLOSED_FORM_OPS:
            return None
        basis = sympy.GramSchmidt([sympy.Matrix(v) for v in vectors], orthonormal=True)
        for vector in basis:
            entries = [_simplify(e) for e in vector]
            if any(e.has(sympy.I) for e in entries):
                return None
            pairs.append((sympy.simplify(value), _sign_fix(entries)))
    pairs.sort(key=lambda pair: -float(pair[0]))
    return pairs


def _eigen_decimal(cov: Any) -> list[tuple[Any, list[Any]]]:
    """The same pairs as 30-digit decimals (mpmath's symmetric eigensolver)."""
    import mpmath  # type: ignore[import-untyped]
    import sympy

    with mpmath.workdps(DECIMAL_DIGITS + 10):
        matrix = mpmath.matrix(
            [
                [mpmath.mpf(sympy.Rational(v).p) / sympy.Rational(v).q for v in row]
                for row in cov.tolist()
            ]
        )
        values, vectors = mpmath.eigsy(matrix)
        pairs = []
        for j in range(len(values)):
            column = [sympy.Float(vectors[i, j], DECIMAL_DIGITS) for i in range(len(values))]
            pairs.append((sympy.Float(values[j], DECIMAL_DIGITS), _sign_fix(column)))
    pairs.sort(key=lambda pair: -float(pair[0]))
    return pairs


def _table(rows: list[list[Any]], tidy: Any = None) -> ValueMatrix:
    """A SymPy table as Values (rationals as Fractions), each entry tidied by ``tidy`` first."""
    return tuple(tuple(_as_value(e if tidy is None else tidy(e)) for e in row) for row in rows)


def eigenpairs(cov: Any) -> tuple[list[tuple[Any, list[Any]]], bool]:
    """(eigenvalue, unit eigenvector with its largest entry positive) pairs of a symmetric
    SymPy matrix of rationals, descending, and whether they are closed forms (else 30-digit
    decimals). A 2 × 2 matrix's are written out directly (:mod:`aecalc.nets.eigen2`)."""
    if cov.shape == (2, 2):
        from aecalc.nets.eigen2 import Closed2

        a, b, c = (Fraction(int(v.p), int(v.q)) for v in (cov[0, 0], cov[0, 1], cov[1, 1]))
        return Closed2(a, b, c).pairs(), True
    pairs = _eigen_exact(cov)
    if pairs is None:
        return _eigen_decimal(cov), False
    return pairs, True


def _characteristic(cov: Any) -> str:
    import sympy

    lam = sympy.Symbol("λ")
    coefficients = sympy.Poly((cov - lam * sympy.eye(cov.shape[0])).det(), lam).all_coeffs()
    degree = len(coefficients) - 1
    terms: list[str] = []
    for power, coefficient in zip(range(degree, -1, -1), coefficients, strict=True):
        if coefficient == 0:
            continue
        value = Fraction(int(coefficient.p), int(coefficient.q))
        size = abs(value)
        symbol = "" if power == 0 else "λ" if power == 1 else f"λ{'²³'[power - 2]}"
        number = "" if size == 1 and power else quantity.plain(size)
        body = f"{number}{'·' if number and symbol else ''}{symbol}"
        if not terms:
            terms.append(body if value > 0 else f"−{body}")
        else:
            terms.append(f"{'+' if value > 0 else '−'} {body}")
    return f"det(C − λI) = {' '.join(terms)} = 0"


def exact_pca(rows: Matrix, k: int | None = None, divisor: Divisor = "n-1") -> PcaResult:
    """PCA of exact data (rows of Fractions) in closed form, the covariance divided by
    n − 1 or n (``divisor``).

    >>> from fractions import Fraction as F
    >>> r = exact_pca(((F(1), F(2)), (F(3), F(4)), (F(5), F(0))), 1)
    >>> r.mean, r.covariance
    ((Fraction(3, 1), Fraction(2, 1)), ((Fraction(4, 1), Fraction(-2, 1)), (Fraction(-2, 1), Fraction(4, 1))))
    >>> r.eigenvalues, r.explained_ratio
    ((Fraction(6, 1), Fraction(2, 1)), (Fraction(3, 4), Fraction(1, 4)))
    >>> r.total_squared_error, r.projection, r.linear_autoencoder.encoder_b
    (Fraction(4, 1), ((-sqrt(2),), (-sqrt(2),), (2*sqrt(2),)), (-sqrt(2)/2,))
    >>> exact_pca(((F(1), F(2)), (F(3), F(4)), (F(5), F(0))), 1, "n").eigenvalues
    (Fraction(4, 1), Fraction(4, 3))
    """
    import sympy

    from aecalc.values.exact import rational

    n, d = len(rows), len(rows[0])
    k = check_shape(n, d, k)
    by = divided_by(divisor, n)
    mean = tuple(sum((row[j] for row in rows), Fraction(0)) / n for j in range(d))
    centred = tuple(tuple(row[j] - mean[j] for j in range(d)) for row in rows)
    cov_f = tuple(
        tuple(sum((r[i] * r[j] for r in centred), Fraction(0)) / by for j in range(d))
        for i in range(d)
    )
    trace = sum((cov_f[i][i] for i in range(d)), Fraction(0))
    if trace == 0:
        raise InputError("--x", NO_VARIANCE)
    cov = sympy.Matrix([[rational(v) for v in row] for row in cov_f])
    if d == 2:  # closed forms written out, no simplify (seconds per entry otherwise)
        from aecalc.nets.eigen2 import Closed2

        two = Closed2(cov_f[0][0], cov_f[0][1], cov_f[1][1])
        pairs, closed = two.pairs(), True
        ratio = tuple(_as_value(v) for v in two.ratios())
        projection = _table(two.projection(centred, k))
        reconstruction = _table(two.reconstruction(mean, centred, k))
        encoder_b = _table(two.projection((tuple(-m for m in mean),), k))[0]  # −V_Kᵀ·μ
    else:
        pairs, closed = eigenpairs(cov)
        trace_s = rational(trace)
        ratio = tuple(_as_value(_simplify(v / trace_s)) for v, _ in pairs)
        comp = sympy.Matrix([list(vector) for _, vector in pairs[:k]])  # K × D
        xc = sympy.Matrix([[rational(v) for v in r] for r in centred])
        z = xc * comp.T
        mean_row = sympy.Matrix([[rational(m) for m in mean]])
        x_hat = sympy.ones(n, 1) * mean_row + z * comp
        projection = _table(z.tolist(), _simplify)
        reconstruction = _table(x_hat.tolist(), _simplify)
        encoder_b = _table((-mean_row * comp.T).tolist(), _simplify)[0]
    arithmetic: Arithmetic = "exact" if closed else "mixed"
    values = [_as_value(value) for value, _ in pairs]
    vectors = [[_as_value(e) for e in vector] for _, vector in pairs]
    dropped = sympy.Add(sympy.Integer(0), *(v for v, _ in pairs[k:]))
    total = sympy.Integer(by) * dropped  # for D = 2: a rational times p + q·√m
    if d != 2:
        total = _simplify(total)
    if arithmetic == "mixed":
        total = sympy.Float(total, DECIMAL_DIGITS) if total != 0 else sympy.Integer(0)
    mse = total / (n * d)
    scale = sympy.Rational(n - 1, n) if divisor == "n-1" else sympy.Rational(n, n - 1)

    return PcaResult(
        arithmetic=arithmetic,
        n=n,
        d=d,
        k=k,
        mean=mean,
        centred=centred,
        covariance=cov_f,
        trace=trace,
        characteristic=_characteristic(cov) if d > 1 else None,
        eigenvalues=tuple(values),
        eigenvectors=tuple(tuple(v) for v in vectors),
        explained_ratio=ratio,
        projection=projection,
        reconstruction=reconstruction,
        mse=_as_value(mse),
        notes=notes(
            n, d, k, arithmetic, tie_note(tuple(float(v) for v, _ in pairs), k, d), divisor
        ),
        divisor=divisor,
        total_squared_error=_as_value(total),
        other_eigenvalues=tuple(_as_value(scale * value) for value, _ in pairs),
        linear_autoencoder=linear_autoencoder(
            arithmetic, encoder_b, tuple(tuple(v) for v in vectors[:k]), mean, rows, reconstruction
        ),
    )
