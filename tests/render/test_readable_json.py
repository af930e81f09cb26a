"""--json keeps the exact forms scripts read (``log(2)``) and adds the spelling people read
(``ln(2)``) beside each, under the same key with ``_readable``."""

from __future__ import annotations

from aecalc.render.readable import has_exact, with_readable
from cli import run_json


def test_each_exact_form_has_its_readable_twin() -> None:
    data = run_json("loss", "bce", "--x", "1,0", "--xhat", "0.675,0.6225")
    assert data["exact"] == "-log(27/40)/2 - log(151/400)/2"
    assert data["exact_readable"] == "−ln(27/40)/2 − ln(151/400)/2"
    assert data["terms"][0]["exact_readable"] == "−ln(27/40)"
    keys = list(data)
    assert keys.index("exact_readable") == keys.index("exact") + 1
    assert data["sum_exact_readable"] == "−ln(27/40) − ln(151/400)"


def test_a_result_without_exact_forms_is_unchanged() -> None:
    data = run_json("params", "10", "8", "4")
    assert not any(key.endswith("_readable") for key in data)


def test_the_walk_pairs_lists_and_leaves_odd_shapes_alone() -> None:
    machine = {"x_exact": ["exp(-1)", None], "n": 1, "rows": [{"exact": "log(2)"}]}
    human = {"x_exact": ["e⁻¹", None], "n": 1, "rows": [{"exact": "ln(2)"}]}
    assert has_exact(machine) and not has_exact({"is_exact": True})
    assert with_readable(machine, human) == {
        "x_exact": ["exp(-1)", None],
        "x_exact_readable": ["e⁻¹", None],
        "n": 1,
        "rows": [{"exact": "log(2)", "exact_readable": "ln(2)"}],
    }
    assert with_readable({"exact": "log(2)"}, {"exact": 3}) == {
        "exact": "log(2)",
        "exact_readable": "log(2)",
    }
