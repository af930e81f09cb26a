"""``batch.train.train``'s optional stopping criterion (``converge``): the one training loop,
stopping once the objective's relative change over a window of epochs is small enough."""

from __future__ import annotations

import numpy as np

from aecalc.batch.train import TrainResult, glorot_uniform, seeded, train


def _run(epochs: int, converge: tuple[float, int] | None) -> TrainResult:
    rng = seeded(4)
    x = rng.normal(size=(50, 3)) @ np.array([[2.0, 0.5, 0.0], [0.0, 1.0, 0.3], [0.0, 0.0, 0.2]])
    x -= x.mean(axis=0)
    weights, biases = glorot_uniform((3, 1, 3), rng)
    return train(
        weights,
        biases,
        ("linear", "linear"),
        x,
        loss="mse",
        lr=0.2,
        epochs=epochs,
        code_index=1,
        top=0,
        rng=rng,
        converge=converge,
    )


def test_stops_once_the_objective_stops_changing() -> None:
    result = _run(50_000, (1e-10, 50))
    assert result.converged is True
    done = result.epochs_done
    history = result.loss_history
    assert 50 < done < 50_000 and len(history) == done
    final = result.final_loss
    assert abs(history[done - 50] - final) <= 1e-10 * final
    assert abs(history[done - 51] - history[-1]) > 1e-10 * history[-1]  # not a step earlier
    assert result.as_json()["converged"] is True


def test_the_same_steps_as_without_a_criterion() -> None:
    stopped = _run(50_000, (1e-10, 50))
    plain = _run(stopped.epochs_done, None)
    assert plain.converged is None and "converged" not in plain.as_json()
    assert plain.final_loss == stopped.final_loss
    for a, b in zip(plain.weights, stopped.weights, strict=True):
        np.testing.assert_array_equal(a, b)


def test_a_budget_too_small_is_not_converged() -> None:
    result = _run(30, (1e-10, 50))
    assert result.converged is False and result.epochs_done == 30
