"""The loss charts of ``backprop --steps`` and ``train``: every value shown, or the chart says
which part is shown; the SVG's lowest label names the step where the lowest loss was."""

from __future__ import annotations

import re

from aecalc.present.backprop import CHART_ROWS, loss_chart
from aecalc.present.chart import sampled, sampling_note
from aecalc.present.train import loss_curve


def test_sampled_keeps_both_ends_and_every_value_that_fits() -> None:
    assert sampled(26, 26) == list(range(26))
    rows = sampled(101, 26)
    assert len(rows) == 26 and rows[0] == 0 and rows[-1] == 100
    assert sampled(5, 1) == list(range(5))  # one row cannot spread: nothing is dropped


def test_twenty_five_steps_chart_the_start_and_every_step() -> None:
    history = tuple(1.0 / (1 + i) for i in range(26))
    text, _ = loss_chart(history, 4)
    steps = re.findall(r"^\s*(start|step \d+) │", text, re.MULTILINE)
    assert steps == ["start"] + [f"step {i}" for i in range(1, 26)]
    assert "values shown" not in text


def test_a_sampled_chart_says_so() -> None:
    history = tuple(1.0 / (1 + i) for i in range(101))
    text, _ = loss_chart(history, 4)
    assert len(re.findall(r"│", text)) == CHART_ROWS
    assert sampling_note(101, CHART_ROWS, "loss_history") in text
    assert "26 of the 101 values shown" in text
    curve, _ = loss_curve(history, 4)
    assert (
        "16 of the 101 values shown" in curve and "(--json: loss_history, then final_loss)" in curve
    )


def test_the_lowest_label_names_the_step_where_the_loss_was_lowest() -> None:
    # a learning rate too large: the loss falls, then climbs again
    history = (0.5, 0.2, 0.1, 0.3, 0.9)
    _, svg = loss_chart(history, 2)
    assert ">0.10 (step 2)<" in svg
    _, svg = loss_chart((0.1, 0.3, 0.9), 2)  # lowest at the start: named as the chart names it
    assert ">0.10 (start)<" in svg
