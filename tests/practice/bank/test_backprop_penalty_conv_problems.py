"""Bank problems for backprop, penalties and conv layers: stored answers, slips, malformed tables."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aecalc.cli import app
from aecalc.errors import InputError
from aecalc.practice.answers.checker import check
from aecalc.practice.bank.files import load_file
from aecalc.practice.bank.folder import bank_dir, find, load_bank
from aecalc.practice.topics import solve
from aecalc.practice.topics.backprop import BackpropSpec
from aecalc.practice.topics.conv import ConvParamsSpec
from aecalc.practice.topics.penalty import PenaltySpec

runner = CliRunner()


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AECALC_HOME", str(tmp_path / "home"))


def test_every_new_kind_has_bank_problems() -> None:
    kinds = {type(p.spec) for p in load_bank()}
    assert {BackpropSpec, PenaltySpec, ConvParamsSpec} <= kinds
    topics = {p.topic for p in load_bank()}
    assert {"backprop", "penalty", "conv"} <= topics


@pytest.mark.parametrize(
    ("ident", "answer"),
    [
        ("B01", "0.35891648"),  # the published 2 → 2 → 2 example's w5 after one step
        ("B02", "0.13849856"),  # its δ at output unit 1
        ("B03", "0.14978072"),  # its w1 after one step
        ("K01", "0.1106"),
        ("K02", "0.6994"),
        ("K03", "5/2"),
        ("V01", "9,569"),
        ("V02", "4640"),
        ("V03", "1568"),
        ("V04", "14, 14, 16"),
    ],
)
def test_known_answers(ident: str, answer: str) -> None:
    problem = find(ident)
    assert problem.spec is not None
    assert problem.answer.replace(",", "") == answer.replace(",", "")
    assert check(solve(problem.spec).expected, answer).right


@pytest.mark.parametrize(
    ("ident", "given", "slip"),
    [
        ("B01", "0.44108", "update with the wrong sign"),
        ("B01", "0.082167", "gradient given for the new weight"),
        ("B02", "0.741365", "act′ forgotten"),
        ("K02", "1.3987", "½ forgotten"),
        ("V01", "9504", "biases forgotten"),
        ("V01", "4800", "decoder not counted"),
        ("V02", "4608", "biases forgotten"),
    ],
)
def test_slips_are_named(ident: str, given: str, slip: str) -> None:
    problem = find(ident)
    assert problem.spec is not None
    verdict = check(solve(problem.spec).expected, given)
    assert not verdict.right
    assert verdict.slip is not None and verdict.slip.name == slip


def test_decimal_answers_need_two_significant_figures() -> None:
    expected = solve(find("B01").spec).expected  # type: ignore[arg-type]
    assert check(expected, "0.36").right
    assert not check(expected, "0.4").right
    assert not check(expected, "0.3590").right  # wrongly rounded


GOOD = """id = "X1"
topic = "{topic}"
title = "t"
statement = "s"
answer = "1"

[solve]
{body}
"""

BACKPROP = """kind = "backprop"
weights = ["0.15, 0.2; 0.25, 0.3", "0.4, 0.45; 0.5, 0.55"]
biases = ["0.35, 0.35", "0.6, 0.6"]
x = "0.05, 0.1"
target = "0.01, 0.99"
layer = 2"""


def write(tmp_path: Path, topic: str, body: str) -> Path:
    path = tmp_path / "bad.toml"
    path.write_text(GOOD.format(topic=topic, body=body), encoding="utf-8")
    return path


def test_good_new_kinds_load(tmp_path: Path) -> None:
    spec = load_file(write(tmp_path, "backprop", BACKPROP)).spec
    assert isinstance(spec, BackpropSpec) and len(spec.weights) == 2 and spec.layer == 2
    nested = BACKPROP.replace(
        '"0.15, 0.2; 0.25, 0.3", "0.4, 0.45; 0.5, 0.55"',
        "[[0.15, 0.2], [0.25, 0.3]], [[0.4, 0.45], [0.5, 0.55]]",
    )
    assert load_file(write(tmp_path, "backprop", nested)).spec == spec


@pytest.mark.parametrize(
    ("topic", "body", "field"),
    [
        ("backprop", BACKPROP.replace("layer = 2", "layer = 3"), "solve.layer"),
        ("backprop", BACKPROP.replace('"0.6, 0.6"]', '"0.6"]'), "solve.biases"),
        ("backprop", BACKPROP.replace('"0.01, 0.99"', '"1, 2, 3"'), "solve.target"),
        ("backprop", BACKPROP + '\nlr = "-1"', "solve.lr"),
        ("backprop", BACKPROP + '\nquantity = "weights"', "solve.quantity"),
        ("backprop", BACKPROP.replace('x = "0.05, 0.1"', 'x = "1, 2, 3"'), "solve.weights"),
        ("penalty", 'kind = "penalty"\nrho = "1.5"\nrho_hat = "0.1"', "solve.rho"),
        ("penalty", 'kind = "penalty"\nrho = "0.05"\nrho_hat = "0, 0.1"', "solve.rho_hat"),
        (
            "penalty",
            'kind = "penalty"\npenalty = "vae-kl"\nmu = "1, 2"\nlogvar = "0"',
            "solve.logvar",
        ),
        ("penalty", 'kind = "penalty"\npenalty = "entropy"', "solve.penalty"),
        ("conv", 'kind = "conv"\ninput = "28 by 28"\nlayers = ["conv3x3:4"]', "solve.input"),
        ("conv", 'kind = "conv"\ninput = "28x28x1"\nlayers = []', "solve.layers"),
        ("conv", 'kind = "conv"\ninput = "28x28x1"\nlayers = ["pool2"]\nlayer = 2', "solve.layer"),
        ("params", 'kind = "conv"\ninput = "28x28x1"\nlayers = ["conv3x3:4"]', "solve.kind"),
    ],
)
def test_malformed_new_kinds_name_the_field(
    tmp_path: Path, topic: str, body: str, field: str
) -> None:
    path = write(tmp_path, topic, body)
    with pytest.raises(InputError) as error:
        load_file(path)
    assert f"field {field}:" in str(error.value)
    assert str(path) in str(error.value)


def test_core_refusal_is_reported_against_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "conv", 'kind = "conv"\ninput = "2x2x1"\nlayers = ["conv5x5p0:4"]')
    result = runner.invoke(app, ["solve", str(path)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path}: cannot be solved")


def test_cli_check_and_solve_new_problems() -> None:
    assert runner.invoke(app, ["check", "B01", "0.35891648", "--no-record"]).exit_code == 0
    wrong = runner.invoke(app, ["check", "V01", "9504", "--no-record"])
    assert wrong.exit_code == 1 and "biases forgotten" in wrong.output
    solved = runner.invoke(app, ["solve", "K01"])
    assert solved.exit_code == 0 and "KL" in solved.output
    listing = runner.invoke(app, ["problems", "--topic", "conv", "--json"])
    assert listing.exit_code == 0 and '"V01"' in listing.output


def test_sheet_renders_the_new_topics_and_refuses_an_empty_one(tmp_path: Path) -> None:
    """The booklet takes the new topics; a known topic with no problems in the folder is refused."""
    result = runner.invoke(app, ["sheet", str(bank_dir()), "--topic", "backprop,penalty,conv"])
    assert result.exit_code == 0, result.output
    for ident in ("B01", "K01", "V01"):
        assert ident in result.output
    shutil.copy(bank_dir() / "q2-vanilla-8-3-8.toml", tmp_path / "q2.toml")
    empty = runner.invoke(app, ["sheet", str(tmp_path), "--topic", "backprop"])
    assert empty.exit_code == 2
    assert "--topic" in empty.output and "no problems of topic backprop" in empty.output
