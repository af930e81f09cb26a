"""A step split over two threads gives the gradients of the unsplit step (to rounding), and only
steps with enough work are split."""

from __future__ import annotations

import numpy as np
import pytest

from aecalc.batch import threads
from aecalc.batch import train as trainer
from aecalc.batch.train import glorot_uniform, train


def _run(x: np.ndarray, penalty: tuple[str, float, float | None] | None) -> list[np.ndarray]:
    weights, biases = glorot_uniform((8, 3, 8), np.random.default_rng(4))
    result = train(
        weights, biases, ("sigmoid", "sigmoid"), x, loss="mse", lr=0.5, epochs=5,
        code_index=1, penalty=penalty, top=0,
    )  # fmt: skip
    return [*result.weights, *result.biases]


@pytest.mark.parametrize("penalty", [None, ("l1", 0.01, None), ("contractive", 0.1, None)])
def test_a_split_step_matches_the_whole_step(
    monkeypatch: pytest.MonkeyPatch, penalty: tuple[str, float, float | None] | None
) -> None:
    if threads.helper_pool() is None:
        pytest.skip("one core: no step is ever split")
    x = np.random.default_rng(5).uniform(0, 1, size=(90, 8))
    calls: list[int] = []
    original = trainer._Net.gradients

    def counted(self: trainer._Net, x_in: np.ndarray, x_clean: np.ndarray, rows: int) -> object:
        calls.append(x_in.shape[0])
        return original(self, x_in, x_clean, rows)

    monkeypatch.setattr(trainer._Net, "gradients", counted)
    monkeypatch.setattr(trainer, "SPLIT_WORK", 10**12)
    whole = _run(x, penalty)
    assert set(calls) == {90}  # a small step is never split
    calls.clear()
    monkeypatch.setattr(trainer, "SPLIT_WORK", 0)
    split = _run(x, penalty)
    assert sorted(set(calls)) == [45]  # every step in two halves
    for a, b in zip(whole, split, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)
