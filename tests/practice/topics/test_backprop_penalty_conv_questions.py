"""Practice on the "beyond the notes" topics: backprop, penalty, conv (generators and sessions)."""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

from typer.testing import CliRunner

from aecalc.cli import app
from aecalc.nets import penalties
from aecalc.nets.backprop import backprop_step
from aecalc.nets.conv.count import count_conv_params
from aecalc.nets.forward import build_deep
from aecalc.practice import topics
from aecalc.practice.answers.checker import check
from aecalc.practice.history.attempts import History
from aecalc.practice.topics import solve
from aecalc.practice.topics.backprop import BackpropSpec
from aecalc.practice.topics.conv import ConvParamsSpec
from aecalc.practice.topics.penalty import PenaltySpec
from aecalc.values import quantity
from cli import session_answers

runner = CliRunner()


def test_new_topics_are_offered() -> None:
    for topic in ("backprop", "penalty", "conv"):
        assert topic in topics.IDS


def test_generated_backprop_answer_is_the_core_update() -> None:
    """The solver's answer is backprop_step's own number for the weight asked."""
    for seed in range(6):
        problem = topics.generate("backprop", random.Random(seed))
        spec = problem.spec
        assert isinstance(spec, BackpropSpec)
        net = build_deep(list(spec.weights), list(spec.biases), tied=False, act=spec.act)
        step = backprop_step(net, spec.x, target=spec.target, loss=spec.loss, lr=spec.lr)
        layer = step.layers[spec.layer - 1]
        r, c = spec.row - 1, spec.col - 1
        if spec.quantity == "w_new":
            truth = layer.w_new[r][c]
        elif spec.quantity == "b_new":
            truth = layer.b_new[r]
        else:
            truth = layer.delta[r]
        expected = solve(spec).expected
        assert check(expected, quantity.decimal(truth, 6)).right
        assert "W1 = " in problem.statement and "η = " in problem.statement


def test_generated_numbers_are_exam_friendly() -> None:
    for seed in range(40):
        rng = random.Random(seed)
        kl = topics.generate("penalty", rng)
        assert isinstance(kl.spec, PenaltySpec)
        if kl.spec.penalty == "sparse-kl":
            assert kl.spec.rho in (Fraction(1, 20), Fraction(1, 10), Fraction(1, 5))
            assert all((10 * r).denominator == 1 for r in kl.spec.rho_hat)
        else:
            assert all((2 * v).denominator == 1 for v in (*kl.spec.mu, *kl.spec.logvar))
        cv = topics.generate("conv", random.Random(seed))
        assert isinstance(cv.spec, ConvParamsSpec)
        if cv.id.split("-")[2] in ("layer", "shape", "ae"):  # not the tutorial-layer kinds
            assert cv.spec.input.split("x")[0] in ("14", "28", "32")


def test_conv_layer_question_is_k_k_cin_cout_plus_cout() -> None:
    for seed in range(40):
        problem = topics.generate("conv", random.Random(seed))
        spec = problem.spec
        assert isinstance(spec, ConvParamsSpec)
        if spec.quantity != "layer_params" or spec.layer != 1:  # dense, bn: test_conv_practice
            continue
        layer = count_conv_params(spec.input, list(spec.layers)).layers[0]
        k, c_in, c_out = layer.spec.kernel[0], layer.input_shape[2], layer.spec.filters
        assert check(solve(spec).expected, str(k * k * c_in * c_out + c_out)).right
        assert not check(solve(spec).expected, str(k * k * c_in * c_out)).right


def test_penalty_solver_uses_the_core_values() -> None:
    spec = PenaltySpec("sparse-kl", rho=Fraction(1, 20), rho_hat=(Fraction(1, 10),))
    value = penalties.kl_bernoulli(Fraction(1, 20), Fraction(1, 10))
    assert check(solve(spec).expected, quantity.decimal(value, 4)).right
    assert quantity.decimal(value, 4) == "0.0167"
    vae = solve(PenaltySpec("vae-kl", mu=(Fraction(1), Fraction(2)), logvar=(Fraction(0),) * 2))
    assert check(vae.expected, "5/2").right
    assert check(vae.expected, "2.5").right
    wrong = check(vae.expected, "5")
    assert not wrong.right and wrong.slip is not None and wrong.slip.name == "½ forgotten"


def test_scripted_penalty_session(home: Path) -> None:
    right = session_answers("penalty", 21, 3)
    script = f"hint\n{right[0]}\n-7\nskip\n"
    result = runner.invoke(
        app,
        ["practice", "--topic", "penalty", "--count", "3", "--seed", "21", "--level", "2"],
        input=script,
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.count("· penalty") == 3
    assert "Hint:" in out
    assert "✓ Right" in out
    assert "✗ Not right" in out
    assert "Skipped" in out
    assert "Score: 1/3" in out
    with History() as history:
        stats = history.stats()
    assert stats.attempts == 3
    assert [(t.topic, t.attempts, t.correct, t.skipped) for t in stats.topics] == [
        ("penalty", 3, 1, 1)
    ]


def test_scripted_backprop_and_conv_sessions(home: Path) -> None:
    for topic in ("backprop", "conv"):
        right = session_answers(topic, 5, 2)
        result = runner.invoke(
            app,
            ["practice", "--topic", topic, "--count", "2", "--seed", "5", "--level", "2"],
            input="\n".join(right) + "\n",
        )
        assert result.exit_code == 0, result.output
        assert "Score: 2/2" in result.output, result.output
