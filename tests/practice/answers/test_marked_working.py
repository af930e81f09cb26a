"""Scripted workings marked as an examiner marks them: one table per topic (forward, loss,
backprop, penalty), each row a working as a student types it, the verdict expected on every line
and the marks.

Every value a row types is worked here, independently of aecalc's recompute: by hand (the
comments give the arithmetic) or with ``math``/NumPy in the helpers below (σ, ln, a 2 → 2 → 2
forward and backward pass). The verdicts: R right, F follow-through, W wrong, I left out and
implied by a sound later line, L left out and not implied.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aecalc.errors import InputError
from aecalc.practice import topics
from aecalc.practice.answers.marks import MarkedWorking, Marker, mark_working
from aecalc.practice.answers.working import read_working
from aecalc.practice.bank.folder import find

CODES = {"R": "right", "F": "follow-through", "W": "wrong", "I": "left out", "L": "left out"}
SIGMA_1 = 1 / (1 + math.exp(-1))  # σ(1) = 0.7311


def sig(*values: float, places: int = 4) -> str:
    """σ of each value, as a student writes it to ``places`` places."""
    return ", ".join(f"{1 / (1 + math.exp(-v)):.{places}f}" for v in values)


def marked(problem_id: str, *lines: str) -> MarkedWorking:
    problem = find(problem_id)
    solution = topics.solve_problem(problem)
    assert solution is not None and solution.working is not None
    working = solution.working.asking(problem.precision)
    return mark_working(working, read_working(working, "\n".join(lines)))


def check_row(
    result: MarkedWorking, verdicts: str, marks: int, first: str | None, slips: dict[str, str]
) -> None:
    got = [line.verdict for line in result.lines]
    assert got == [CODES[code] for code in verdicts.split()], [
        (line.step.name, line.verdict, line.note) for line in result.lines
    ]
    implied = [line.implied for line in result.lines]
    assert implied == [code == "I" for code in verdicts.split()]
    assert result.marks == marks
    wrong = result.first_wrong
    assert (None if wrong is None else wrong.step.name) == first
    named = {line.step.name: line.slip.name for line in result.lines if line.slip is not None}
    assert named == slips


# ---------------------------------------------------------------- forward: F1 (4 steps, 4 marks)
# x = [1, 0], W_e = [[1, −1], [0, 1]], W_d = I, σ both layers. Steps W_e·x = [1, 0],
# z = σ(W_e·x) = [0.7311, 0.5], W_d·z = z, x̂ = σ(W_d·z) = [0.6750, 0.6225].

F1_ROWS = [
    # everything right
    (["1, 0", sig(1, 0), sig(1, 0), sig(SIGMA_1, 0.5)], "R R R R", 4, None, {}),
    # slip at W_e·x (W_eᵀ·x = [1, −1]) carried forward correctly: σ(−1) = 0.2689, σ(0.2689)
    (
        ["1, -1", sig(1, -1), sig(1, -1), sig(0.7311, 0.2689)],
        "W F F F",
        3,
        "W_e·x",
        {"W_e·x": "Wᵀ used for W"},
    ),
    # slip at z (the activation forgotten: z = [1, 0]) carried: W_d·z = [1, 0], x̂ = σ([1, 0])
    (["1, 0", "1, 0", "1, 0", sig(1, 0)], "R W F F", 3, "z", {"z": "encoder activation forgotten"}),
    # the notes' own slip: σ(W_d·z) written for W_d·z, then σ of it again (0.6626, 0.6508)
    (
        ["1, 0", sig(1, 0), "0.6750, 0.6225", sig(0.6750, 0.6225)],
        "R R W F",
        3,
        "W_d·z",
        {"W_d·z": "activation applied in the W·h step"},
    ),
    # slip at x̂ alone: z given for x̂
    (["1, 0", sig(1, 0), sig(1, 0), sig(1, 0)], "R R R W", 3, "x̂", {"x̂": "z given for x̂"}),
    # carried forward wrongly: z = [0.8, 0.5] (no known slip); W_d·z follows; x̂ = [0.7, 0.6]
    # is not σ([0.8, 0.5]) = [0.6900, 0.6225]
    (["1, 0", "0.8, 0.5", "0.8, 0.5", "0.7, 0.6"], "R W F W", 2, "z", {}),
    # two slips: the encoder's activation forgotten, then the decoder's (x̂ = W_d·z = [1, 0]);
    # the second is named from the student's own values
    (
        ["1, 0", "1, 0", "1, 0", "1, 0"],
        "R W F W",
        2,
        "z",
        {"z": "encoder activation forgotten", "x̂": "decoder activation forgotten"},
    ),
    # steps left out: a right final answer implies them all
    (["-", "-", "-", sig(0.7311, 0.5)], "I I I R", 4, None, {}),
    # z left out, W_d·z right from the true z: z is implied; x̂ wrong
    (["1, 0", "-", sig(1, 0), "0.6, 0.6"], "R I R W", 3, "x̂", {}),
    # z left out and W_d·z wrong (from the true z it is [0.7311, 0.5]): z earns nothing
    (["1, 0", "", "0.9, 0.9", "-"], "R L W L", 1, "W_d·z", {}),
    # a trivialising zero: W_e·x = [0, 0] makes every later step σ(0) = 0.5 and σ(0.5):
    # consistent, but no follow-through
    (["0, 0", "0.5, 0.5", "0.5, 0.5", sig(0.5, 0.5)], "W W W W", 0, "W_e·x", {}),
    # rounding: the student's right values rounded to 2 places, then x̂ = σ(0.73) = 0.6748,
    # which is not the true 0.6750 but is what their own right values give: right
    (["1, 0", "0.73, 0.5", "0.73, 0.5", sig(0.73, 0.5)], "R R R R", 4, None, {}),
    # more correct digits than asked is right
    (
        ["1, 0", sig(1, 0, places=8), sig(1, 0, places=8), sig(SIGMA_1, 0.5, places=8)],
        "R R R R",
        4,
        None,
        {},
    ),
    # named lines, out of order of nothing: z and x̂ alone imply the steps they were worked from
    ([f"z = {sig(1, 0)}", f"x̂ = {sig(SIGMA_1, 0.5)}"], "I R I R", 4, None, {}),
]


@pytest.mark.parametrize(("lines", "verdicts", "marks", "first", "slips"), F1_ROWS)
def test_f1_workings(
    lines: list[str], verdicts: str, marks: int, first: str | None, slips: dict[str, str]
) -> None:
    check_row(marked("F1", *lines), verdicts, marks, first, slips)


def test_a_follow_through_line_says_what_it_follows_from() -> None:
    result = marked("F1", "1, 0", "0.8, 0.5", "0.8, 0.5", sig(0.8, 0.5))
    z, product, x_hat = result.lines[1:]
    assert product.note == "follows from your z" and x_hat.note == "follows from your W_d·z"
    assert x_hat.follow is not None and x_hat.follow.as_text() == "0.6900, 0.6225"
    assert "z = σ(W_e·x) = [0.7311, 0.5]" in result.summary()
    assert result.summary().startswith("First wrong step: z — you wrote 0.8, 0.5;")
    assert result.summary().endswith("Marks: 3/4.")
    trivial = marked("F1", "0, 0", "0.5, 0.5", "-", "-").lines[1]
    assert "zero W_e·x" in trivial.note and "no follow-through" in trivial.note
    assert z.verdict == "wrong"


# ---------------------------------------------------------------- loss: L1, L2, L3
# L1: the BCE of F1's x̂ (5 steps: the forward pass, then L). ½[−ln x̂₁ − ln(1 − x̂₂)].


def bce(x_hat: tuple[float, float]) -> float:
    """x = [1, 0]: −½[ln x̂₁ + ln(1 − x̂₂)]."""
    return -(math.log(x_hat[0]) + math.log(1 - x_hat[1])) / 2


LOSS_ROWS = [
    # the question prints x̂ ≈ [0.6750, 0.6225]: the loss of those rounded values is right
    ("L1", ["-", "-", "-", "-", f"{bce((0.6750, 0.6225)):.4f}"], "I I I I R", 5, None, {}),
    (
        "L1",
        ["-", "-", "-", "0.6750, 0.6225", f"{bce((0.6750, 0.6225)):.4f}"],
        "I I I R R",
        5,
        None,
        {},
    ),
    # z given for x̂, and the loss of it carried forward: −½[ln 0.7311 + ln 0.5] = 0.5032
    (
        "L1",
        ["1, 0", sig(1, 0), sig(1, 0), sig(1, 0), f"{bce((0.7311, 0.5)):.4f}"],
        "R R R W F",
        4,
        "x̂",
        {"x̂": "z given for x̂"},
    ),
    # log₁₀ for ln at the last step: 0.6835 / ln 10 = 0.2969
    (
        "L1",
        ["-", "-", "-", "-", f"{bce((0.675038, 0.622459)) / math.log(10):.4f}"],
        "L L L L W",
        0,
        "L",
        {"L": "log10 for ln"},
    ),
    # L2: MSE of x = [3, 5, 2], x̂ = [2, 4, 3]: terms (x − x̂)² = [1, 1, 1], L = 3/3 = 1
    ("L2", ["1, 1, 1", "1"], "R R", 2, None, {}),
    ("L2", ["-", "1"], "I R", 2, None, {}),
    # the differences not squared, [1, 1, −1], then their mean ⅓ follows through
    ("L2", ["1, 1, -1", "1/3"], "W F", 1, "terms", {}),
    ("L2", ["1, 1, -1", "0.3333"], "W F", 1, "terms", {}),
    # the sum for the mean
    ("L2", ["1, 1, 1", "3"], "R W", 1, "L", {"L": "sum for mean"}),
    # two slips: the differences x̂ − x not squared, [−1, −1, 1], then their sum (−1) for their
    # mean (−⅓): the second slip is named from the student's own terms
    ("L2", ["-1, -1, 1", "-1"], "W W", 0, "terms", {"L": "sum for mean"}),
    # L3: ½ Σ of the same: ½·3 = 1.5; without the ½: 3
    ("L3", ["1, 1, 1", "1.5"], "R R", 2, None, {}),
    ("L3", ["1, 1, 1", "3"], "R W", 1, "L", {"L": "½ forgotten"}),
    # a term wrong (4 for the first) carried: ½(4 + 1 + 1) = 3
    ("L3", ["4, 1, 1", "3"], "W F", 1, "terms", {}),
]


@pytest.mark.parametrize(("problem", "lines", "verdicts", "marks", "first", "slips"), LOSS_ROWS)
def test_loss_workings(
    problem: str,
    lines: list[str],
    verdicts: str,
    marks: int,
    first: str | None,
    slips: dict[str, str],
) -> None:
    check_row(marked(problem, *lines), verdicts, marks, first, slips)


def test_the_rounded_values_note_names_them() -> None:
    line = marked("L1", "-", "-", "-", "-", "0.6836").lines[-1]
    assert line.verdict == "right"
    assert "x̂ rounded to 4 places gives (x̂ ≈ [0.6750, 0.6225])" in line.note


# ---------------------------------------------------------------- backprop: B01 (10 marks)
# Mazur's 2 → 2 → 2 sigmoid net, ½ Σ (t − x̂)², η = 0.5, the new W2[1,1]; its [marks] table gives
# δ2 and the new weight 2 marks each: a1 1, h1 1, a2 1, x̂ 1, ∂L/∂x̂ 1, δ2 2, ∂L/∂W2[1,1] 1,
# new W2[1,1] 2.

W1 = np.array([[0.15, 0.2], [0.25, 0.3]])
W2 = np.array([[0.4, 0.45], [0.5, 0.55]])
B1, B2 = np.array([0.35, 0.35]), np.array([0.6, 0.6])
X, T, ETA = np.array([0.05, 0.1]), np.array([0.01, 0.99]), 0.5


def logistic(a: np.ndarray) -> np.ndarray:
    result: np.ndarray = 1 / (1 + np.exp(-a))
    return result


def written(values: np.ndarray | float, places: int = 6) -> str:
    """A vector or a number as a student writes it: ``places`` places."""
    return ", ".join(f"{v:.{places}f}" for v in np.atleast_1d(values))


def mazur() -> dict[str, np.ndarray]:
    """The step's true values, worked with NumPy."""
    a1 = W1 @ X + B1
    h1 = logistic(a1)
    a2 = W2 @ h1 + B2
    x_hat = logistic(a2)
    g = x_hat - T
    d2 = g * x_hat * (1 - x_hat)
    grad = d2[0] * h1[0]
    return {
        "a1": a1,
        "h1": h1,
        "a2": a2,
        "x̂": x_hat,
        "g": g,
        "δ2": d2,
        "grad": grad,
        "new": W2[0, 0] - ETA * grad,
    }


def test_mazur_values_are_the_published_ones() -> None:
    true = mazur()
    assert f"{float(true['new']):.8f}" == "0.35891648"  # Mazur's w5⁺
    assert f"{float(true['δ2'][0]):.8f}" == "0.13849856"


def backprop_rows() -> list[tuple[list[str], str, int, str | None, dict[str, str]]]:
    v = mazur()
    forward = [written(v["a1"]), written(v["h1"]), written(v["a2"]), written(v["x̂"])]
    g = written(v["g"])
    # δ2 with act′ forgotten (δ2 = ∂L/∂x̂), carried: its first entry times h1[1], then the update
    no_prime = np.round(v["g"], 6)
    grad_ft = round(float(no_prime[0]) * round(float(v["h1"][0]), 6), 6)
    new_ft = 0.4 - ETA * grad_ft
    grad = written(v["grad"])
    plus = 0.4 + ETA * round(float(v["grad"]), 6)  # the update's sign flipped
    return [
        ([*forward, g, written(v["δ2"]), grad, written(v["new"])], "R R R R R R R R", 10, None, {}),
        (["-"] * 7 + ["0.35891648"], "I I I I I I I R", 10, None, {}),
        (
            [*forward, g, g, f"{grad_ft:.6f}", f"{new_ft:.6f}"],
            "R R R R R W F F",
            8,
            "δ2",
            {"δ2": "act′ forgotten"},
        ),
        (
            [*forward, g, written(v["δ2"]), grad, f"{plus:.6f}"],
            "R R R R R R R W",
            8,
            "new W2[1,1]",
            {"new W2[1,1]": "update with the wrong sign"},
        ),
        # η forgotten: 0.4 − 0.082167
        (
            [*forward, g, written(v["δ2"]), grad, f"{0.4 - float(v['grad']):.6f}"],
            "R R R R R R R W",
            8,
            "new W2[1,1]",
            {"new W2[1,1]": "learning rate forgotten"},
        ),
        # two slips: act′ forgotten, then the sign of the update flipped on the carried gradient
        (
            [*forward, g, g, f"{grad_ft:.6f}", f"{0.4 + ETA * grad_ft:.6f}"],
            "R R R R R W F W",
            6,
            "δ2",
            {"δ2": "act′ forgotten", "new W2[1,1]": "update with the wrong sign"},
        ),
        # the forward pass left out, the backward pass written: all of it implied
        (
            ["-", "-", "-", "-", g, written(v["δ2"]), grad, written(v["new"])],
            "I I I I R R R R",
            10,
            None,
            {},
        ),
    ]


@pytest.mark.parametrize(("lines", "verdicts", "marks", "first", "slips"), backprop_rows())
def test_b01_workings(
    lines: list[str], verdicts: str, marks: int, first: str | None, slips: dict[str, str]
) -> None:
    check_row(marked("B01", *lines), verdicts, marks, first, slips)


def test_b01_marks_come_from_its_marks_table() -> None:
    result = marked("B01", *["-"] * 8)
    assert result.out_of == 10 and result.marks == 0
    assert {line.step.name: line.step.marks for line in result.lines}["δ2"] == 2


# ---------------------------------------------------------------- penalty: K01, K02
# K01: ρ = 0.05, ρ̂ = [0.1, 0.2]: KL(ρ‖ρ̂) = ρ ln(ρ/ρ̂) + (1 − ρ) ln((1 − ρ)/(1 − ρ̂)).
# K02: μ = [1, −0.5], log σ² = [0, 0.5]: σ² = [1, e^0.5], terms −½(1 + log σ² − μ² − σ²).


def kl(rho: float, rho_hat: float) -> float:
    return rho * math.log(rho / rho_hat) + (1 - rho) * math.log((1 - rho) / (1 - rho_hat))


def vae_term(mu: float, logvar: float, variance: float) -> float:
    return -0.5 * (1 + logvar - mu * mu - variance)


def penalty_rows() -> list[tuple[str, list[str], str, int, str | None, dict[str, str]]]:
    terms = [kl(0.05, 0.1), kl(0.05, 0.2)]  # 0.016708, 0.093942
    swapped = kl(0.1, 0.05) + kl(0.2, 0.05)
    e = math.exp(0.5)
    vae = [vae_term(1, 0, 1), vae_term(-0.5, 0.5, e)]  # 0.5, 0.199361
    wrong_var = [vae_term(1, 0, 1), vae_term(-0.5, 0.5, 1.5)]  # σ² = 1 + log σ²: 0.5, 0.125
    return [
        ("K01", [written(np.array(terms)), f"{sum(terms):.6f}"], "R R", 2, None, {}),
        ("K01", ["-", f"{sum(terms):.4f}"], "I R", 2, None, {}),
        # a term wrong (0.0940 for 0.0939), its sum carried: 0.0167 + 0.0940 = 0.1107
        ("K01", ["0.0167, 0.0940", "0.1107"], "W F", 1, "KL terms", {}),
        (
            "K01",
            [written(np.array(terms)), f"{swapped:.4f}"],
            "R W",
            1,
            "Σ",
            {"Σ": "ρ and ρ̂ swapped"},
        ),
        ("K02", [f"1, {e:.6f}", written(np.array(vae)), f"{sum(vae):.6f}"], "R R R", 3, None, {}),
        # σ² as 1 + log σ² (1.5 for e^0.5), carried through the terms and their sum
        (
            "K02",
            ["1, 1.5", written(np.array(wrong_var)), f"{sum(wrong_var):.4f}"],
            "W F F",
            2,
            "σ²",
            {},
        ),
        # the ½ forgotten at the terms, the sum carried: 2 × 0.699361; σ² left out earns
        # nothing, the line worked from it being wrong
        (
            "K02",
            ["-", written(2 * np.array(vae)), f"{2 * sum(vae):.4f}"],
            "L W F",
            1,
            "KL terms",
            {"KL terms": "½ forgotten"},
        ),
    ]


@pytest.mark.parametrize(
    ("problem", "lines", "verdicts", "marks", "first", "slips"), penalty_rows()
)
def test_penalty_workings(
    problem: str,
    lines: list[str],
    verdicts: str,
    marks: int,
    first: str | None,
    slips: dict[str, str],
) -> None:
    check_row(marked(problem, *lines), verdicts, marks, first, slips)


# ---------------------------------------------------------------- reading a working


def test_a_working_is_read_by_name_or_in_order() -> None:
    solution = topics.solve_problem(find("F1"))
    assert solution is not None and solution.working is not None
    working = solution.working
    assert read_working(working, "z = 0.7311, 0.5\n0.7311, 0.5\n") == [
        None,
        "0.7311, 0.5",
        "0.7311, 0.5",
        None,
    ]
    assert read_working(working, "xhat: 0.675, 0.6225")[-1] == "0.675, 0.6225"
    assert read_working(working, "We·x = 1, 0\n-\nWd z = 1, 1") == ["1, 0", None, "1, 1", None]
    # a value's own '=' stays in it: 1/2 = 0.5 is no step's name
    assert read_working(working, "1, 0 = [1, 0]")[0] == "1, 0 = [1, 0]"
    with pytest.raises(InputError, match="given twice"):
        read_working(working, "z = 1, 1\nz = 1, 1")
    with pytest.raises(InputError, match="goes past the last step"):
        read_working(working, "\n".join(["1, 1"] * 5))


def test_an_unreadable_line_names_its_step() -> None:
    with pytest.raises(InputError, match="step z: expected 2 values"):
        marked("F1", "1, 0", "0.5")


def test_the_marker_takes_one_line_at_a_time() -> None:
    solution = topics.solve_problem(find("F1"))
    assert solution is not None and solution.working is not None
    marker = Marker(solution.working)
    assert marker.take("1, 0").verdict == "right"
    with pytest.raises(InputError):
        marker.take("not a vector")
    assert marker.next_step is not None and marker.next_step.name == "z"  # nothing was marked
    assert marker.take("0.8, 0.5").verdict == "wrong"
    result = marker.result()  # the lines not reached count as left out
    assert [line.verdict for line in result.lines][2:] == ["left out", "left out"]


# ---------------------------------------------------------------- a property


@settings(max_examples=15, deadline=None)
@given(
    st.tuples(
        st.integers(min_value=1, max_value=99), st.integers(min_value=1, max_value=99)
    ).filter(lambda z: z != (73, 50))
)
def test_any_wrong_z_carried_forward_correctly_loses_one_mark(z: tuple[int, int]) -> None:
    """z in hundredths, carried through W_d = I and σ as a student would (NumPy here)."""
    code = np.array(z) / 100
    x_hat = logistic(code)
    result = marked("F1", "1, 0", written(code, 2), written(code, 2), written(x_hat, 4))
    assert [line.verdict for line in result.lines] == [
        "right",
        "wrong",
        "follow-through",
        "follow-through",
    ]
    assert result.marks == 3
    follow = result.lines[3].follow
    assert follow is not None
    assert abs(float(follow.values[0].value) - float(x_hat[0])) < 1e-12


def test_a_loss_undefined_at_the_rounded_values_leaves_the_check_alone() -> None:
    """x̂₁ = σ(σ(12)·12) rounds to 1.0000, where the BCE of the rounded values is undefined: the
    rounded alternative is then not offered, and a wrong answer is still just wrong."""
    from aecalc.practice.answers.checker import check
    from aecalc.practice.topics.forward import ForwardSpec

    big = ((Fraction(12), Fraction(0)), (Fraction(0), Fraction(1)))
    spec = ForwardSpec(x=(Fraction(1), Fraction(0)), we=big, wd=big, quantity="loss", loss="bce")
    solution = topics.solve(spec)
    assert solution.working is not None
    assert "[1.0000, 0.6225]" in solution.working.steps[-2].line(4)
    assert check(solution.expected, "0.52").status == "wrong"


@settings(max_examples=25, deadline=None)
@given(
    st.sampled_from(["F1", "L1", "L2", "K02", "B02"]),
    st.lists(
        st.one_of(
            st.just("-"),
            st.just(""),
            st.lists(
                st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False),
                min_size=1,
                max_size=3,
            ).map(lambda xs: ", ".join(str(x) for x in xs)),
        ),
        max_size=8,
    ),
)
def test_any_working_is_marked_or_refused_with_an_input_error(
    problem: str, lines: list[str]
) -> None:
    """Whatever is typed, a working is marked (every line a verdict, marks within the total) or
    refused with an InputError naming the argument — never another exception."""
    try:
        result = marked(problem, *lines)
    except InputError as error:
        assert error.argument in ("ANSWER", "--working")  # a line unread, or too many lines
        return
    assert 0 <= result.marks <= result.out_of
    assert all(line.verdict in CODES.values() for line in result.lines)
