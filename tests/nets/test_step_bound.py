"""``backprop --steps`` asks for layers × steps updates: bounded by ``MAX_LAYER_STEPS`` (half a
minute of work), refused at once beyond it; 100,000 steps of an exam net are still fine."""

from __future__ import annotations

import time

from aecalc.nets.backprop import MAX_LAYER_STEPS
from cli import run, run_error


def test_steps_through_a_deep_net_are_bounded() -> None:
    layers = [part for _ in range(2_000) for part in ("--w", "1")]
    began = time.monotonic()
    line = run_error("backprop", "--x", "1", "--target", "0.5", *layers, "--steps", "100000")
    assert time.monotonic() - began < 30
    assert line == (
        "Error: --steps: 100,000 steps through 2,000 layers are 200,000,000 layer updates; "
        f"aecalc makes at most {MAX_LAYER_STEPS:,} in one run (at most 1,000 steps for this net)"
    )


def test_an_exam_net_takes_many_steps() -> None:
    code, _, err = run(
        "backprop", "--x", "1,0", "--w", "1,0;0,1", "--w", "1,0;0,1", "--steps", "5000"
    )
    assert code == 0, err
