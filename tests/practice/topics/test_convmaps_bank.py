"""The bank's convolution-arithmetic problems against PyTorch: aecalc's answers and the answers
stored in the problem files agree with ``tests/data/convmaps_bank.json``, which
``bench/frameworks/convmaps_bank.py`` froze from ``torch.nn.functional`` in float64."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from aecalc.practice import topics
from aecalc.practice.answers.checker import check
from aecalc.practice.bank.folder import load_bank
from aecalc.practice.topics.convmaps_work import ConvMapsSpec

FROZEN = json.loads(
    (Path(__file__).parents[2] / "data" / "convmaps_bank.json").read_text(encoding="utf-8")
)["problems"]
BANK = {p.id: p for p in load_bank() if p.topic == "convmaps"}


def test_every_kind_has_a_bank_problem_and_torch_answered_each() -> None:
    assert set(BANK) == set(FROZEN)
    kinds = set()
    for problem in BANK.values():
        spec = problem.spec
        assert isinstance(spec, ConvMapsSpec)
        if spec.op == "shape":
            kinds.add("tsize" if spec.unknown == "out" else "size")
        else:
            kinds.add("cell" if spec.cell else "chain" if spec.then else spec.op)
    assert kinds == {"cell", "conv", "pool", "transpose", "tsize", "size", "chain"}


@pytest.mark.parametrize("ident", sorted(FROZEN))
def test_aecalc_and_the_stored_answer_agree_with_torch(ident: str) -> None:
    problem = BANK[ident]
    assert problem.spec is not None and problem.path is not None
    assert problem.path.name == FROZEN[ident]["file"]
    expected = topics.solve(problem.spec).expected
    torch = np.atleast_1d(np.asarray(FROZEN[ident]["answer"], dtype=float))
    if torch.ndim == 2:
        assert (expected.rows, expected.columns) == torch.shape
    ours = np.array([float(v.value) for v in expected.values])
    assert ours.size == torch.size and np.allclose(ours, torch.flatten(), atol=1e-12)
    assert check(expected, problem.answer).right, problem.answer
