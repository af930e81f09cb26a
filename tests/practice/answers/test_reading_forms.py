"""The checker reads what students write: a table of typed forms per answer kind, and properties.

Each row of the table is a typed answer and the verdict a fair examiner gives it: ``right``,
``wrong`` (a wrong value: it must never be accepted) or ``unreadable`` (not marked; the form is
asked again). The true values are written out here independently of the solvers: the forward
pass of F1 (σ(0.73) = 0.67503…, σ(0.5) = 0.62245…) is recomputed with ``math.exp``.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from aecalc.practice.answers import checker
from aecalc.practice.answers.checker import Value, check
from aecalc.practice.answers.precision import asked_precision
from aecalc.values import fmt
from aecalc.values.parse import parse_number


def approx(value: float | str) -> Value:
    return Value(Fraction(value), exact=False)


def sigmoid(a: float) -> float:
    return 1 / (1 + math.exp(-a))


WHOLE_254 = checker.number(254)
WHOLE_209968 = checker.number(209968)
WHOLE_10 = checker.number(10)
WHOLE_784 = checker.number(784)  # a conv code of 7 × 7 × 16
BCE = checker.number(Fraction("0.683532"), exact=False)  # L1: mean BCE of F1
NEGATIVE = checker.number(Fraction("-0.699422"), exact=False)
THIRD = checker.number(Fraction(1, 3))
TWELVE = checker.number(Fraction("12.3456"), exact=False)
TEN = checker.number(Fraction("10.3125"), exact=False)
X_HAT = checker.vector([approx(sigmoid(1.0)), approx(sigmoid(0.5))])  # 0.7311, 0.6225
F1 = checker.vector([approx("0.675037"), approx("0.622459")])
SHAPE = checker.vector([Value(Fraction(14)), Value(Fraction(14)), Value(Fraction(16))])
OVER = checker.kind("overcomplete")
COMPLETE = checker.kind("complete")
RATIO = checker.number(Fraction(784, 32))  # 24.5


FORMS: list[tuple[str, checker.Expected, str, str]] = [
    # -- whole numbers: units and words after the number, thousands separators ----------------
    ("whole", WHOLE_254, "254", "right"),
    ("whole", WHOLE_254, "254 parameters", "right"),
    ("whole", WHOLE_254, "254 params", "right"),
    ("whole", WHOLE_254, "254 trainable parameters", "right"),
    ("whole", WHOLE_254, "254 parameters in total", "right"),
    ("whole", WHOLE_254, "There are 254 parameters.", "right"),
    ("whole", WHOLE_254, "254 (weights and biases)", "right"),
    ("whole", WHOLE_254, "Answer: 254", "right"),
    ("whole", WHOLE_254, "total = 254", "right"),
    ("whole", WHOLE_254, "224 + 30 = 254", "right"),
    ("whole", WHOLE_254, "  254  ", "right"),
    ("whole", WHOLE_254, "254.", "right"),
    ("whole", WHOLE_254, "254.0", "right"),
    ("whole", WHOLE_254, "[254]", "right"),
    ("whole", WHOLE_254, "+254", "right"),
    ("whole", WHOLE_254, "254 weights and biases", "right"),
    ("whole", WHOLE_254, "254 (incl. biases)", "right"),
    ("whole", WHOLE_254, "2.54e2", "right"),
    ("whole", WHOLE_254, "254 (224 weights + 30 biases)", "right"),
    ("whole", WHOLE_254, "254 (= 8·28 + 30)", "right"),
    ("whole", WHOLE_254, "255 (224 weights + 30 biases)", "wrong"),
    ("whole", WHOLE_254, "254 (or 255)", "unreadable"),
    ("whole", WHOLE_254, "255", "wrong"),
    ("whole", WHOLE_254, "≈ 250", "wrong"),
    ("whole", WHOLE_254, "254 = 255", "wrong"),
    ("whole", WHOLE_254, "255 parameters", "wrong"),
    ("whole", WHOLE_254, "254.5", "wrong"),
    ("whole", WHOLE_254, "250 = 254", "wrong"),
    ("whole", WHOLE_254, "2,54", "unreadable"),  # two values, or 2.54: not a whole number
    ("whole", WHOLE_254, "254 apples", "unreadable"),
    ("whole", WHOLE_254, "not 254", "unreadable"),
    ("whole", WHOLE_254, "254 or 255", "unreadable"),
    ("whole", WHOLE_254, "two hundred and fifty-four", "unreadable"),
    ("whole", WHOLE_209968, "209968", "right"),
    ("whole", WHOLE_209968, "209,968", "right"),
    ("whole", WHOLE_209968, "209 968", "right"),
    ("whole", WHOLE_209968, "209\u2009968", "right"),  # thin space
    ("whole", WHOLE_209968, "209\u202f968", "right"),  # narrow no-break space
    ("whole", WHOLE_209968, "209\u00a0968 parameters", "right"),
    ("whole", WHOLE_209968, "209_968", "right"),
    ("whole", WHOLE_209968, "209,968 parameters", "right"),
    ("whole", WHOLE_209968, "209,969", "wrong"),
    ("whole", WHOLE_209968, "209 969", "wrong"),
    ("whole", WHOLE_209968, "20,9968", "unreadable"),  # not a grouping
    ("whole", WHOLE_209968, "209 96", "unreadable"),
    ("whole", WHOLE_10, "10 neurons", "right"),
    ("whole", WHOLE_10, "10 output neurons", "right"),
    ("whole", WHOLE_10, "10 units", "right"),
    ("whole", WHOLE_10, "8 neurons", "wrong"),
    ("whole", WHOLE_784, "784", "right"),
    ("whole", WHOLE_784, "7 × 7 × 16", "right"),
    ("whole", WHOLE_784, "7x7x16 = 784", "right"),
    ("whole", WHOLE_784, "7 × 7 × 8", "wrong"),
    ("whole", WHOLE_784, "7*7*16", "unreadable"),  # * is code, not a times sign, in a number
    ("whole", WHOLE_784, "7 × 7 × 16.5", "unreadable"),
    # -- decimals: approximately-signs, stated precision, names, decimal comma, Unicode --------
    ("decimal", BCE, "0.6835", "right"),
    ("decimal", BCE, "0.68", "right"),
    ("decimal", BCE, "≈0.68", "right"),
    ("decimal", BCE, "≈ 0.6835", "right"),
    ("decimal", BCE, "~0.68", "right"),
    ("decimal", BCE, "∼0.68", "right"),
    ("decimal", BCE, "0.68 (approx)", "right"),
    ("decimal", BCE, "0.68 (approx.)", "right"),
    ("decimal", BCE, "0.68 approx", "right"),
    ("decimal", BCE, "approx. 0.68", "right"),
    ("decimal", BCE, "about 0.684", "right"),
    ("decimal", BCE, "0.6835 (4 d.p.)", "right"),
    ("decimal", BCE, "0.6835 to 4 dp", "right"),
    ("decimal", BCE, "0.6835 (4 s.f.)", "right"),
    ("decimal", BCE, "L = 0.6835", "right"),
    ("decimal", BCE, "BCE ≈ 0.6835", "right"),
    ("decimal", BCE, "L ≈ 0.68.", "right"),
    ("decimal", BCE, "0,6835", "right"),
    ("decimal", BCE, "0,68", "right"),
    ("decimal", BCE, "6.835e-1", "right"),
    ("decimal", BCE, "6835e-4", "right"),
    ("decimal", BCE, "6.835 × 10^-1", "right"),
    ("decimal", BCE, "6.835×10⁻¹", "right"),
    ("decimal", BCE, "the BCE loss is 0.6835", "right"),
    ("decimal", BCE, "0.7", "wrong"),
    ("decimal", BCE, "≈0.7", "wrong"),
    ("decimal", BCE, "0.683", "wrong"),
    ("decimal", BCE, "~0.683", "wrong"),
    ("decimal", BCE, "0.69 (approx)", "wrong"),
    ("decimal", BCE, "0,69", "wrong"),
    ("decimal", BCE, "−0.68", "wrong"),
    ("decimal", BCE, "0.5 = 0.6835", "wrong"),
    ("decimal", BCE, "1", "wrong"),
    ("decimal", BCE, "0.68 apples", "unreadable"),
    ("decimal", BCE, "0.68 0.69", "unreadable"),
    ("decimal", BCE, "1,234", "unreadable"),  # 1234 or 1.234: not guessed
    ("decimal", BCE, "68%", "unreadable"),
    ("decimal", BCE, "nan", "unreadable"),
    ("decimal", BCE, "０.68", "unreadable"),  # a fullwidth digit
    ("decimal", TWELVE, "12", "right"),  # two significant figures of an approximate value
    ("decimal", TWELVE, "12.35", "right"),
    ("decimal", TWELVE, "≈ 12.3", "right"),
    ("decimal", TWELVE, "13", "wrong"),
    ("decimal", TWELVE, "12.4", "wrong"),
    ("decimal", TEN, "10", "wrong"),  # one significant figure (trailing zeros do not count)
    ("decimal", TEN, "10.3", "right"),
    ("decimal", NEGATIVE, "−0.6994", "right"),  # U+2212
    ("decimal", NEGATIVE, "– 0.6994", "right"),  # an en dash spaced off
    ("decimal", NEGATIVE, "-0,6994", "right"),
    ("decimal", NEGATIVE, "\ufe630.70", "right"),
    ("decimal", NEGATIVE, "0.6994", "wrong"),
    ("decimal", THIRD, "1/3", "right"),
    ("decimal", THIRD, "0.33", "right"),
    ("decimal", THIRD, "1/3 ≈ 0.3333", "right"),
    ("decimal", THIRD, "1/3 ≈ 0.3", "right"),
    ("decimal", THIRD, "0.3", "wrong"),
    ("decimal", THIRD, "1/3 = 0.5", "wrong"),
    # -- vectors: brackets, names, separators, decimal commas ----------------------------------
    ("vector", F1, "0.675, 0.6225", "right"),
    ("vector", F1, "(0.675, 0.6225)", "right"),
    ("vector", F1, "[0.6750, 0.6225]", "right"),
    ("vector", F1, "x̂ = [0.6750, 0.6225]", "right"),
    ("vector", F1, "x̂ = (0.675, 0.6225)ᵀ", "right"),
    ("vector", F1, "[0.675, 0.6225]^T", "right"),
    ("vector", F1, "x̂ ≈ [0.68, 0.62]", "right"),
    ("vector", F1, "{0.675, 0.6225}", "right"),
    ("vector", F1, "0.675; 0.6225", "right"),
    ("vector", F1, "0.675 0.6225", "right"),
    ("vector", F1, "0.675 and 0.6225", "right"),
    ("vector", F1, "x̂₁ = 0.675, x̂₂ = 0.6225", "right"),
    ("vector", F1, "0,675; 0,6225", "right"),
    ("vector", F1, "0,675 0,6225", "right"),
    ("vector", F1, "0.675, 0.623", "wrong"),
    ("vector", F1, "0.7, 0.6225", "wrong"),
    ("vector", F1, "0.6225, 0.675", "wrong"),
    ("vector", F1, "x̂ = [0.675, 0.6]", "wrong"),
    ("vector", F1, "x̂₁ = 0.675, x̂₂ = 0.63", "wrong"),
    ("vector", F1, "x̂ = 0.675, 0.6225", "right"),
    ("vector", F1, "(0.675; 0.6225)", "right"),
    ("vector", F1, "0.675, 0.6225.", "right"),
    ("vector", F1, "[0.675, 0.6225] = [0.8, 0.6]", "wrong"),
    ("vector", F1, "[0.675, 0.6225] ≈ [0.7, 0.6]", "right"),
    ("vector", F1, "−0.675, 0.6225", "wrong"),
    ("vector", F1, "0.675", "unreadable"),
    ("vector", F1, "0.675 × 0.6225", "unreadable"),
    ("vector", F1, "[0.675, [0.6]]", "unreadable"),
    ("vector", F1, "0.675, 0.6225, 0.5", "unreadable"),
    ("vector", X_HAT, "0.7311, 0.6225", "right"),
    ("vector", X_HAT, "0.7311, 0.5", "wrong"),
    # -- shapes ---------------------------------------------------------------------------------
    ("shape", SHAPE, "14, 14, 16", "right"),
    ("shape", SHAPE, "14x14x16", "right"),
    ("shape", SHAPE, "14X14X16", "right"),
    ("shape", SHAPE, "14 × 14 × 16", "right"),
    ("shape", SHAPE, "14*14*16", "right"),
    ("shape", SHAPE, "(14, 14, 16)", "right"),
    ("shape", SHAPE, "[14, 14, 16]", "right"),
    ("shape", SHAPE, "14 by 14 by 16", "right"),
    ("shape", SHAPE, "14 × 14 × 16 (H × W × C)", "right"),
    ("shape", SHAPE, "14, 14, 16 (H, W, C)", "right"),
    ("shape", SHAPE, "H × W × C = 14 × 14 × 16", "right"),
    ("shape", SHAPE, "output shape: 14x14x16", "right"),
    ("shape", SHAPE, "H = 14, W = 14, C = 16", "right"),
    ("shape", SHAPE, "14 x 14 x 16", "right"),
    ("shape", SHAPE, "14x14x16.", "right"),
    ("shape", SHAPE, "14x14x8", "wrong"),
    ("shape", SHAPE, "14x14x16x1", "unreadable"),
    ("shape", SHAPE, "16x14x14", "wrong"),
    ("shape", SHAPE, "28 × 28 × 16", "wrong"),
    ("shape", SHAPE, "(14, 14, 1)", "wrong"),
    ("shape", SHAPE, "14x14", "unreadable"),
    ("shape", SHAPE, "3136", "unreadable"),
    # -- kind words -----------------------------------------------------------------------------
    ("kind", OVER, "over", "right"),
    ("kind", OVER, "overcomplete", "right"),
    ("kind", OVER, "OVERCOMPLETE", "right"),
    ("kind", OVER, "over-complete", "right"),
    ("kind", OVER, "over complete", "right"),
    ("kind", OVER, "overcomplete autoencoder", "right"),
    ("kind", OVER, "an overcomplete AE", "right"),
    ("kind", OVER, "It is overcomplete.", "right"),
    ("kind", OVER, "kind: overcomplete", "right"),
    ("kind", OVER, "overcomplete because the code is larger than the input", "right"),
    ("kind", OVER, "overcomplete (80 > 50)", "right"),
    ("kind", OVER, "overcomplete: the code is wider than the input", "right"),
    ("kind", OVER, "Answer: over", "right"),
    ("kind", OVER, "over complete", "right"),
    ("kind", OVER, "under", "wrong"),
    ("kind", OVER, "undercomplete: h < n", "wrong"),
    ("kind", OVER, "undercomplete autoencoder", "wrong"),
    ("kind", OVER, "It is undercomplete.", "wrong"),
    ("kind", OVER, "complete", "wrong"),
    ("kind", OVER, "not overcomplete", "unreadable"),
    ("kind", OVER, "overcomplete or undercomplete", "unreadable"),
    ("kind", OVER, "59", "unreadable"),
    ("kind", COMPLETE, "complete", "right"),
    ("kind", COMPLETE, "a complete autoencoder", "right"),
    ("kind", COMPLETE, "undercomplete", "wrong"),
    # -- ratios ---------------------------------------------------------------------------------
    ("ratio", RATIO, "24.5", "right"),
    ("ratio", RATIO, "24.50", "right"),
    ("ratio", RATIO, "24.5x", "right"),
    ("ratio", RATIO, "24.5×", "right"),
    ("ratio", RATIO, "24.5 x", "right"),
    ("ratio", RATIO, "24.5X", "right"),
    ("ratio", RATIO, "24.5 times", "right"),
    ("ratio", RATIO, "24.5-fold", "right"),
    ("ratio", RATIO, "24.5:1", "right"),
    ("ratio", RATIO, "24.5 : 1", "right"),
    ("ratio", RATIO, "784:32", "right"),
    ("ratio", RATIO, "784/32", "right"),
    ("ratio", RATIO, "49/2", "right"),
    ("ratio", RATIO, "ratio = 24.5", "right"),
    ("ratio", RATIO, "≈ 24.5", "right"),
    ("ratio", RATIO, "compression ratio 24.5", "right"),
    ("ratio", RATIO, "24", "wrong"),
    ("ratio", RATIO, "25", "wrong"),
    ("ratio", RATIO, "25.", "wrong"),
    ("ratio", RATIO, "24.4x", "wrong"),
    ("ratio", RATIO, "1:24.5", "wrong"),
    ("ratio", RATIO, "32/784", "wrong"),
    ("ratio", RATIO, "0.041", "wrong"),
    ("ratio", RATIO, "24.5 apples", "unreadable"),
    ("ratio", RATIO, "24.5 : 0", "unreadable"),
]


@pytest.mark.parametrize(
    ("kind", "expected", "typed", "status"),
    FORMS,
    ids=[f"{k}:{t}:{s}" for k, _e, t, s in FORMS],
)
def test_typed_forms(kind: str, expected: checker.Expected, typed: str, status: str) -> None:
    verdict = check(expected, typed)
    assert verdict.status == status, verdict.message
    if status != "right":
        assert not verdict.right
    if status == "unreadable":
        assert verdict.message.startswith("Cannot read that: ")


def test_the_table_covers_every_answer_kind() -> None:
    kinds = {row[0] for row in FORMS}
    assert kinds == {"whole", "decimal", "vector", "shape", "kind", "ratio"}
    for kind in kinds:
        statuses = {row[3] for row in FORMS if row[0] == kind}
        assert {"right", "wrong"} <= statuses, kind


# -- feedback -----------------------------------------------------------------------------------


def test_decimal_comma_is_noted() -> None:
    verdict = check(BCE, "0,6835")
    assert verdict.right
    assert verdict.notes == ("0,6835 was read as 0.6835 (a decimal comma)",)
    assert "decimal comma" in verdict.message
    assert "decimal commas read as points (0.675, 0.6225)" in check(F1, "0,675; 0,6225").message
    assert check(BCE, "0.6835").notes == ()


def test_rounding_hint_names_the_element_that_is_off() -> None:
    verdict = check(F1, "0.675, 0.623")
    assert "(element 2: to 3 places it rounds to 0.622, not 0.623)" in verdict.message
    assert "0.675, not 0.675" not in verdict.message
    assert "(element 1 is off)" in check(F1, "0.9, 0.6225").message
    assert "element" not in check(F1, "0.9, 0.9").message  # every element off: nothing to name


def test_one_place_is_singular() -> None:
    verdict = check(checker.number(Fraction("1.2499"), exact=False), "1.3")
    assert "(to 1 place it rounds to 1.2, not 1.3)" in verdict.message


def test_answer_shown_to_the_precision_asked() -> None:
    b01 = checker.number(Fraction("0.358916479717885"), exact=False)
    question = "After one step of gradient descent, what is the new value of w5 (8 decimal places)?"
    asked = b01.asking(asked_precision(question))
    wrong = check(asked, "0.35891649")
    assert wrong.message == "Not right: the answer is 0.35891648."
    assert wrong.expected.as_text() == "0.35891648"
    right = check(asked, "0.3589")
    assert right.right
    assert "0.35891648" in right.message
    assert "asks for 8 decimal places; 4 were given" in right.message
    # without the question: at least the places typed
    assert "the answer is 0.35891648." in check(b01, "0.35891649").message
    assert check(b01, "0.3590").message.startswith("Not right: the answer is 0.3589 (")
    figures = b01.asking(asked_precision("(4 significant figures)"))
    assert figures.as_text() == "0.3589"
    small = checker.number(Fraction("0.0123456"), False)
    assert check(small.asking(asked_precision("4 s.f.")), "0.01").message


def test_prompt_promises_what_is_accepted() -> None:
    # A decimal of 2 significant figures is what the prompt promises, and it is accepted
    # even where the question asks for more; an integer or a fraction is promised only for
    # exact values.
    assert "2 or more significant figures" in BCE.describe()
    assert "fraction" not in BCE.describe() and "integer" not in BCE.describe()
    assert "fraction" in THIRD.describe()
    asked = BCE.asking(asked_precision("(4 significant figures)"))
    assert "4 significant figures" in asked.describe()
    assert "2 or more significant figures is accepted" in asked.describe()
    assert check(asked, "0.68").right
    assert not check(asked, "0.7").right
    assert "2 or more significant figures" in F1.describe()
    # the example has as many numbers as the answer needs
    assert "2 numbers separated by commas, e.g. 0.5, 1/4 (" in F1.describe()
    assert "3 numbers separated by commas, e.g. 0.5, 1/4, 0.75 (" in SHAPE.describe()
    assert check(SHAPE, "0.5, 1/4, 0.75").status == "wrong"  # the example is a readable answer


def test_unreadable_says_what_was_not_understood() -> None:
    message = check(WHOLE_254, "254 apples").message
    assert "'apples'" in message and "not understood" in message
    assert "got 2" not in message
    assert "'fifty' is not a number" in check(WHOLE_254, "fifty").message
    assert "'lambda' is not understood" in check(WHOLE_254, "lambda: 0").message
    assert "'%'" in check(BCE, "68%").message
    assert "could be 1234 or 1.234" in check(BCE, "1,234").message
    assert "got 1 (0.675)" in check(F1, "0.675").message


def test_a_5000_digit_answer_is_too_long() -> None:
    for expected in (WHOLE_254, BCE, F1):
        message = check(expected, "5" * 5000).message
        assert "5,000-digit number is too long" in message, message
        assert "not a number" not in message
    assert "is too long" in check(BCE, "0." + "6" * 450).message
    assert "the answer is too long" in check(F1, "0.5, " * 1000).message


def test_check_never_evaluates() -> None:
    for text in ("__import__('os').system('true')", "2**10", "1e401", "eval('1')", "1/0"):
        assert check(WHOLE_254, text).status == "unreadable"


# -- properties ---------------------------------------------------------------------------------


def rounded_to_figures(value: Fraction, figures: int) -> tuple[str, int]:
    """``value`` correctly rounded to ``figures`` significant figures, and the places written."""
    magnitude = abs(value)
    exponent = math.floor(math.log10(magnitude))
    if Fraction(10) ** exponent > magnitude:
        exponent -= 1
    if Fraction(10) ** (exponent + 1) <= magnitude:
        exponent += 1
    places = figures - 1 - exponent
    if places > 0:
        return fmt.decimal(value, places), places
    mantissa = fmt.decimal(value / Fraction(10) ** exponent, figures - 1)  # 1.2e1, not 12
    return f"{mantissa}e{exponent}", places


values = st.fractions(
    min_value=Fraction(-(10**5)), max_value=Fraction(10**5), max_denominator=10**9
)


@given(values, st.integers(min_value=2, max_value=9), st.booleans())
@settings(max_examples=150, deadline=None)
def test_a_correctly_rounded_decimal_is_accepted(
    value: Fraction, figures: int, exact: bool
) -> None:
    assume(abs(value) >= Fraction(1, 10**5))
    text, _places = rounded_to_figures(value, figures)
    assert check(checker.number(value, exact=exact), text).right, text


@given(values, st.integers(min_value=2, max_value=9), st.integers(min_value=-50, max_value=50))
@settings(max_examples=150, deadline=None)
def test_off_by_more_than_half_a_unit_is_not_accepted(
    value: Fraction, figures: int, units: int
) -> None:
    assume(abs(value) >= Fraction(1, 10**5) and units != 0)
    text, places = rounded_to_figures(value, figures)
    unit = Fraction(10) ** -places
    typed = parse_number(text, "ANSWER") + units * unit
    assume(abs(typed - value) > unit / 2)
    if places > 0:
        written = fmt.decimal(typed, places)
    else:
        exponent = figures - 1 - places
        written = f"{fmt.decimal(typed / Fraction(10) ** exponent, figures - 1)}e{exponent}"
    for exact in (True, False):
        verdict = check(checker.number(value, exact=exact), written)
        assert not verdict.right, (written, verdict.message)


SCALAR_DECORATIONS = (
    "{}",
    " {} ",
    "≈{}",
    "≈ {}",
    "~{}",
    "{} (approx)",
    "about {}",
    "approx. {}",
    "L = {}",
    "answer: {}",
    "{}.",
    "{} (4 d.p.)",
    "\u00a0{}\u2009",
    "[{}]",
)
WHOLE_DECORATIONS = ("{} parameters", "{} neurons", "There are {} parameters.", "total = {}")
VECTOR_DECORATIONS = ("{}", "[{}]", "({})", "x̂ = [{}]", "[{}]ᵀ", "≈ ({})", "z = {}")
KIND_DECORATIONS = ("{}", "{} autoencoder", "It is {}.", "an {} AE", "kind: {}", "{} because h > n")


def minus(text: str) -> str:
    return text.replace("-", "\u2212")


typed_decimals = st.builds(
    fmt.decimal,
    st.fractions(min_value=-1000, max_value=1000, max_denominator=10**6),
    st.integers(min_value=0, max_value=6),
)


@given(
    st.fractions(min_value=-1000, max_value=1000, max_denominator=10**4),
    st.booleans(),
    st.one_of(typed_decimals, st.integers(-1000, 1000).map(str), st.just("1/3")),
    st.sampled_from(SCALAR_DECORATIONS),
    st.booleans(),
)
@settings(max_examples=200, deadline=None)
def test_decorations_never_change_a_scalar_verdict(
    value: Fraction, exact: bool, typed: str, decoration: str, unicode_minus: bool
) -> None:
    expected = checker.number(value, exact=exact)
    plain = check(expected, typed)
    assume(plain.status != "unreadable")
    decorated = decoration.format(minus(typed) if unicode_minus else typed)
    assert check(expected, decorated).status == plain.status, decorated


@given(
    st.integers(min_value=0, max_value=10**7),
    st.integers(min_value=0, max_value=10**7),
    st.sampled_from(WHOLE_DECORATIONS + SCALAR_DECORATIONS),
    st.booleans(),
)
@settings(max_examples=150, deadline=None)
def test_decorations_and_separators_never_change_a_whole_verdict(
    truth: int, typed: int, decoration: str, grouped: bool
) -> None:
    expected = checker.number(truth)
    plain = check(expected, str(typed))
    text = f"{typed:,}" if grouped else str(typed)
    assert check(expected, decoration.format(text)).status == plain.status
    assert check(expected, decoration.format(f"{typed:,}".replace(",", " "))).status == plain.status


@given(
    st.lists(st.fractions(min_value=-5, max_value=5, max_denominator=1000), min_size=2, max_size=4),
    st.data(),
)
@settings(max_examples=100, deadline=None)
def test_decorations_never_change_a_vector_verdict(
    truth: list[Fraction], data: st.DataObject
) -> None:
    expected = checker.vector([Value(v, exact=False) for v in truth])
    typed = [
        fmt.decimal(v + data.draw(st.sampled_from((0, 0, Fraction(1, 1000), -Fraction(1, 100)))), 3)
        for v in truth
    ]
    plain = check(expected, ", ".join(typed))
    assert plain.status != "unreadable"
    decoration = data.draw(st.sampled_from(VECTOR_DECORATIONS))
    separator = data.draw(st.sampled_from((", ", "; ", " ", ",")))
    decorated = decoration.format(separator.join(typed))
    assert check(expected, decorated).status == plain.status, decorated
    assert check(expected, minus(decorated)).status == plain.status


@given(
    st.sampled_from(checker.KINDS),
    st.sampled_from(checker.KINDS),
    st.sampled_from(KIND_DECORATIONS),
)
@settings(max_examples=60, deadline=None)
def test_decorations_never_change_a_kind_verdict(truth: str, typed: str, decoration: str) -> None:
    expected = checker.kind(truth)
    assert check(expected, decoration.format(typed)).status == check(expected, typed).status


@given(
    st.fractions(min_value=-100, max_value=100, max_denominator=10**5),
    st.integers(min_value=1, max_value=6),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.sampled_from(SCALAR_DECORATIONS),
)
@settings(max_examples=200, deadline=None)
def test_no_wrong_decimal_is_accepted_however_it_is_dressed(
    value: Fraction, places: int, scaled: int, decoration: str
) -> None:
    """Whatever the decoration, an accepted decimal agrees with the truth to its places."""
    typed = Fraction(scaled, 10**places)
    verdict = check(
        checker.number(value, exact=False), decoration.format(fmt.decimal(typed, places))
    )
    if verdict.right:
        assert abs(typed - value) <= Fraction(1, 2) / 10**places


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_any_text_gets_a_verdict(text: str) -> None:
    for expected in (WHOLE_254, BCE, F1, SHAPE, OVER, RATIO):
        verdict = check(expected, text)
        assert verdict.status in ("right", "wrong", "unreadable")


@pytest.mark.parametrize(
    "text",
    [
        "1" + " " * 1998 + "x",
        "0." + "1" * 1997,
        " ".join(["1" * 399] * 5),
        ("1" * 399 + "x") * 5,
        "(" * 1999,
        "1 × " * 499,
        "≈" * 1999,
    ],
)
def test_long_hostile_answers_get_a_short_verdict(text: str) -> None:
    # Digit and space runs are bounded before any pattern runs, so reading stays linear
    # (under 0.1 s for each of these on the project's machine).
    for expected in (WHOLE_254, BCE, SHAPE, OVER):
        verdict = check(expected, text)
        assert not verdict.right
        assert len(verdict.message) < 400


@given(
    st.lists(
        st.fractions(min_value=-50, max_value=50, max_denominator=10**6).filter(
            lambda v: abs(v) >= Fraction(1, 100)
        ),
        min_size=2,
        max_size=5,
    ),
    st.integers(min_value=2, max_value=6),
    st.data(),
)
@settings(max_examples=100, deadline=None)
def test_a_vector_is_right_only_when_every_element_is(
    truth: list[Fraction], figures: int, data: st.DataObject
) -> None:
    expected = checker.vector([Value(v, exact=False) for v in truth])
    typed = [rounded_to_figures(v, figures) for v in truth]
    texts = [text for text, _places in typed]
    assert check(expected, ", ".join(texts)).right
    assert check(expected, f"x̂ = [{', '.join(texts)}]").right
    k = data.draw(st.integers(min_value=0, max_value=len(truth) - 1))
    text, places = typed[k]
    unit = Fraction(10) ** -places
    units = data.draw(st.sampled_from((-3, -2, -1, 1, 2, 3)))
    off = parse_number(text, "ANSWER") + units * unit
    assume(abs(off - truth[k]) > unit / 2)
    exponent = figures - 1 - places
    texts[k] = (
        fmt.decimal(off, places)
        if places > 0
        else f"{fmt.decimal(off / Fraction(10) ** exponent, figures - 1)}e{exponent}"
    )
    verdict = check(expected, ", ".join(texts))
    assert not verdict.right
    assert verdict.status == "wrong"
