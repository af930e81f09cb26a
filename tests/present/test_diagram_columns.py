"""The neuron diagram: a column's marks share one left edge whatever its labels' widths."""

from __future__ import annotations

from aecalc.present import diagram
from aecalc.present.document import Neurons


def mark_columns(drawing: str) -> dict[int, set[int]]:
    """For each row of neurons, the columns where a mark (○ ●) stands, grouped by layer order."""
    found: dict[int, set[int]] = {}
    for line in drawing.splitlines()[2:]:
        marks = [i for i, ch in enumerate(line) if ch in "○●⋮"]
        for layer, column in enumerate(marks):
            found.setdefault(layer, set()).add(column)
    return found


def test_marks_line_up_where_the_values_differ_in_width() -> None:
    drawing = diagram.text((2, 2, 2), 1, [["1", "0"], ["0.7311", "0.5"], ["0.6750", "0.6225"]])
    assert drawing.splitlines()[2:] == [
        " ○ 1      ● 0.7311     ○ 0.6750",
        " ○ 0   →  ● 0.5     →  ○ 0.6225",
    ]
    assert all(len(columns) == 1 for columns in mark_columns(drawing).values())


def test_marks_line_up_with_a_gap_and_negative_values() -> None:
    values = [[f"−{i}.5" if i % 2 else str(i) for i in range(8)], ["0.25", "−10.125", "3"]]
    drawing = diagram.text((8, 3), -1, values)
    assert all(len(columns) == 1 for columns in mark_columns(drawing).values())


def test_the_network_record_holds_what_is_drawn() -> None:
    network = diagram.network((10, 4, 10), 1, weights=None)
    assert network.layers[1] == Neurons("code", "4", ("", "", "", ""), True)
    assert network.layers[0].shown == ("", "", "", None, "", "")
    small = diagram.network(
        (2, 2), -1, [["1", "0"], ["a", "b"]], [[["w11", "w12"], ["w21", "w22"]]]
    )
    assert small.weights == ((("w11", "w12"), ("w21", "w22")),)
    assert diagram.network((4, 4), -1, weights=[[["1"] * 4] * 4]).weights == ()
