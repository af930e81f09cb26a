"""The ``convmaps`` topic (convolution arithmetic): every kind at every level makes a solvable
question whose answer — and every slip's — agrees with NumPy worked independently here; each slip
is named when typed; hints progress; the marked working follows a student's own values; a seeded
session runs and is reproducible."""

from __future__ import annotations

import random
import re
import shlex
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view
from typer.testing import CliRunner

from aecalc.cli import app
from aecalc.practice import topics
from aecalc.practice.answers.checker import check
from aecalc.practice.answers.marks import Marker
from aecalc.practice.topics import convmaps
from aecalc.practice.topics.convmaps_work import ConvMapsSpec
from aecalc.practice.topics.problem import kind_of

KINDS = topics.get("convmaps").kinds
runner = CliRunner()


def grid(rows: list[list[int]]) -> tuple[tuple[Fraction, ...], ...]:
    return tuple(tuple(Fraction(v) for v in row) for row in rows)


# ---- the oracle: NumPy, float64, written from the definitions -------------------------------


def np_conv(spec: ConvMapsSpec) -> np.ndarray:
    """Cross-correlation over the zero-padded input (the kernel turned for ``flip``)."""
    x = np.pad(np.array(spec.x, dtype=float), spec.padding)
    k = np.array(spec.k, dtype=float)
    if spec.flip:
        k = k[::-1, ::-1]
    s, d = spec.stride, spec.dilation
    span = d * (k.shape[0] - 1) + 1, d * (k.shape[1] - 1) + 1
    rows = range(0, x.shape[0] - span[0] + 1, s)
    cols = range(0, x.shape[1] - span[1] + 1, s)
    out = np.array(
        [[(x[i : i + span[0] : d, j : j + span[1] : d] * k).sum() for j in cols] for i in rows]
    )
    if spec.bias is not None:
        out = out + float(spec.bias)
    return np.maximum(out, 0) if spec.act == "relu" else out


def np_transpose(spec: ConvMapsSpec) -> np.ndarray:
    """Each input value times the kernel added in at (i·S, j·S) (or written over, for the slip
    of keeping the last), then P cropped from each side and O zeros added at the end."""
    x, k = np.array(spec.x, dtype=float), np.array(spec.k, dtype=float)
    if spec.flip:
        k = k[::-1, ::-1]
    s, p, o = spec.stride, spec.padding, spec.output_padding
    (h, w), (kh, kw) = x.shape, k.shape
    full = np.zeros(((h - 1) * s + kh + o, (w - 1) * s + kw + o))
    for i in range(h):
        for j in range(w):
            if spec.overlaps == "last":
                full[i * s : i * s + kh, j * s : j * s + kw] = x[i, j] * k
            else:
                full[i * s : i * s + kh, j * s : j * s + kw] += x[i, j] * k
    return full[p : full.shape[0] - p, p : full.shape[1] - p]


def np_pool(x: np.ndarray, kind: str, window: int, stride: int) -> np.ndarray:
    views = sliding_window_view(x, (window, window))[::stride, ::stride]
    return views.max(axis=(2, 3)) if kind == "max" else views.mean(axis=(2, 3))


def np_size(spec: ConvMapsSpec, size: int, kernel: int, padding: int) -> int:
    """One axis's output length, by laying windows (or placed kernels) along a row of zeros."""
    if spec.transpose:
        s, o = spec.stride, spec.output_padding
        full = np.zeros((size - 1) * s + kernel + o)
        for i in range(size):
            full[i * s : i * s + kernel] += 1
        return max(len(full) - 2 * padding, 0)
    span = spec.dilation * (kernel - 1) + 1
    row = np.zeros(size + 2 * padding)
    if span > len(row):
        return 0
    return len(sliding_window_view(row, span)[:: spec.stride])


def oracle(spec: ConvMapsSpec) -> Any:
    """The answer a question asks for, by NumPy."""
    if spec.op == "shape":
        if spec.unknown == "out":
            return np_size(spec, spec.size_in, spec.kernel, spec.padding)
        if spec.unknown == "padding":
            fits = [p for p in range(65) if np_size(spec, spec.size_in, spec.kernel, p) == spec.out]
        else:
            fits = [
                k for k in range(1, 65) if np_size(spec, spec.size_in, k, spec.padding) == spec.out
            ]
        return fits[0]
    if spec.op == "pool":
        out = np_pool(
            np.array(spec.x, dtype=float), spec.pool, spec.window, spec.pool_stride or spec.window
        )
    elif spec.op == "transpose":
        out = np_transpose(spec)
    else:
        out = np_conv(spec)
    for step in spec.then:
        if step == "relu":
            out = np.maximum(out, 0)
        elif step == "flatten":
            out = out.flatten()
        else:
            size, _, stride = step.removeprefix("max").removeprefix("pool").partition("s")
            out = np_pool(out, "max", int(size), int(stride or size))
    if spec.cell is not None:
        return out[spec.cell[0] - 1, spec.cell[1] - 1]
    return out


def agrees(expected: Any, numbers: Any) -> bool:
    """An aecalc answer (an Expected) against the oracle's numbers, shape and values."""
    values = np.array([float(v.value) for v in expected.values])
    found = np.atleast_1d(np.asarray(numbers, dtype=float))
    if expected.rows and found.shape != (expected.rows, expected.columns):
        return False
    return values.size == found.size and bool(np.allclose(values, found.flatten(), atol=1e-9))


def problems(levels: tuple[int, ...] = (1, 2, 3), seeds: int = 6) -> list[Any]:
    made = []
    for level in levels:
        for kind in KINDS:
            for seed in range(seeds):
                made.append(topics.generate("convmaps", random.Random(seed), level, kind))
    return made


# ---- generated questions --------------------------------------------------------------------


@pytest.mark.parametrize("level", [1, 2, 3])
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_and_level_agrees_with_numpy(level: int, kind: str) -> None:
    for seed in range(8):
        problem = topics.generate("convmaps", random.Random(seed), level, kind)
        assert kind_of(problem.id) == ("convmaps", kind)
        spec = problem.spec
        assert isinstance(spec, ConvMapsSpec)
        solution = topics.solve(spec)
        expected = solution.expected
        assert agrees(expected, oracle(spec)), (problem.statement, expected.as_text())
        assert check(expected, expected.as_answer(6)).right
        assert 2 <= len(solution.steps(4)) <= 6


def test_every_slip_is_the_question_with_one_option_changed_as_numpy_computes_it() -> None:
    named: set[str] = set()
    for problem in problems(seeds=5):
        spec = problem.spec
        assert isinstance(spec, ConvMapsSpec)
        slips = {s.name: s for s in topics.solve(spec).expected.slips}
        for known, _why, change in convmaps.changes(spec):
            slip = slips.get(known.name)
            if slip is None:  # the same value as the answer, or a map without the cell asked
                continue
            changed = spec.changed(**change)
            try:
                truth = oracle(changed)
            except (IndexError, ValueError):
                continue
            if agrees(slip.answer, truth):
                named.add(known.name)
        if "padding counted on one side" in slips:
            assert slips["padding counted on one side"].answer.values[0].value == 2 * oracle(spec)
            named.add("padding counted on one side")
    listed = {slip.name for slip in topics.get("convmaps").slips}
    assert named == listed, listed - named


def test_each_slip_is_named_when_its_value_is_typed() -> None:
    for problem in problems(seeds=3):
        assert problem.spec is not None
        expected = topics.solve(problem.spec).expected
        for slip in expected.slips:
            for typed in (slip.answer.as_answer(6), f"[{slip.answer.as_answer(6)}]"):
                verdict = check(expected, typed)
                assert verdict.status == "wrong" and verdict.slip is not None, (slip.name, typed)
                assert verdict.slip.answer.values == slip.answer.values


def test_the_brief_example_names_the_flip_the_padding_and_the_wrong_cells() -> None:
    x = grid([[2, 5, -3, 0], [0, 6, 0, -4], [-1, -3, 0, 2], [5, 0, 0, 3]])
    k = grid([[-2, 0], [4, 6]])
    plain = topics.solve(ConvMapsSpec("conv", x, k)).expected
    assert check(plain, "32, 14, -18; -22, -24, 12; 22, 6, 18").right
    assert check(plain, "[[32, 14, -18], [-22, -24, 12], [22, 6, 18]]").right
    # turned by 180°, k is [[6, 4], [0, −2]]: the first window gives 2·6 + 5·4 + 0·0 + 6·(−2) = 20
    flipped = check(plain, "20, 18, -10; 30, 36, -20; -18, -18, 2")
    assert flipped.slip is not None and flipped.slip.name == "kernel flipped"
    near = check(plain, "32, 14, -18; -22, 24, 12; 22, 6, 18")
    assert "cell (2, 2) is off" in near.message
    padded = topics.solve(ConvMapsSpec("conv", x, k, padding=1)).expected
    forgot = check(padded, "32, 14, -18; -22, -24, 12; 22, 6, 18")
    assert forgot.slip is not None and forgot.slip.name == "padding forgotten"
    assert "yours is 3×3" in forgot.message


def test_named_slips_of_a_transposed_convolution_and_a_pool() -> None:
    d2l = grid([[0, 1], [2, 3]])
    expected = topics.solve(ConvMapsSpec("transpose", d2l, d2l)).expected
    last = check(expected, "0, 0, 1; 0, 0, 3; 4, 6, 9")  # each placement written over the last
    assert last.slip is not None and last.slip.name == "overlaps not added"
    x = grid([[1, 3, 2, 1], [4, 6, 5, 0], [7, 2, 9, 8], [1, 0, 3, 4]])
    pooled = topics.solve(ConvMapsSpec("pool", x)).expected
    moved = check(pooled, "6, 6, 5; 7, 9, 9; 7, 9, 9")  # stride 1 instead of the window's 2
    assert moved.slip is not None and moved.slip.name == "pool window moved by the wrong stride"
    relu = ConvMapsSpec(
        "conv", grid([[1, -2], [3, -4]]), grid([[1]]), bias=Fraction(-1), act="relu"
    )
    forgot = check(topics.solve(relu).expected, "0, -3; 2, -5")
    assert forgot.slip is not None and forgot.slip.name == "ReLU forgotten"
    no_bias = check(topics.solve(relu).expected, "1, 0; 3, 0")
    assert no_bias.slip is not None and no_bias.slip.name == "bias forgotten"


def test_hints_go_from_the_method_to_the_first_cells_products() -> None:
    x = grid([[2, 5, -3, 0], [0, 6, 0, -4], [-1, -3, 0, 2], [5, 0, 0, 3]])
    spec = ConvMapsSpec("conv", x, grid([[-2, 0], [4, 6]]), padding=1, stride=2, cell=(2, 2))
    solution = topics.solve(spec)
    assert solution.hint.startswith("Pad the input with 1 ring(s) of zeros")
    lines = solution.steps(4)
    assert lines[0].startswith("output size")
    assert "window starts at row 3, column 3 of the padded input" in lines[1]
    assert lines[2] == "the products: 6·(−2), 0·0, (−3)·4, 0·6".replace("−", "-")
    assert lines[-1].endswith("= −24".replace("−", "-"))
    assert len(set(lines)) == len(lines)  # each hint adds something new


def test_the_working_of_a_cell_follows_a_wrong_product_through() -> None:
    x = grid([[2, 5], [0, 6]])
    spec = ConvMapsSpec(
        "conv", x, grid([[-2, 0], [4, 6]]), bias=Fraction(-40), act="relu", cell=(1, 1)
    )
    working = topics.solve(spec).working
    assert working is not None
    assert working.names == ("products", "sum", "z", "y")
    marker = Marker(working)
    first = marker.take("-4, 0, 0, 30")  # 6·6 written as 30
    assert first.verdict == "wrong"
    assert marker.take("26").verdict == "follow-through"  # their own products summed
    assert marker.take("-14").verdict == "follow-through"  # + the bias
    assert marker.take("0").verdict == "right"


def test_the_working_of_a_map_is_its_cells_then_the_map() -> None:
    x = grid([[1, 3, 2, 1], [4, 6, 5, 0], [7, 2, 9, 8], [1, 0, 3, 4]])
    working = topics.solve(ConvMapsSpec("pool", x)).working
    assert working is not None
    assert working.names == ("y₁,₁", "y₁,₂", "y₂,₁", "y₂,₂", "y")
    assert working.position("y[1,2]") == 1 and working.position("y21") == 2
    marker = Marker(working)
    for value in ("6", "5", "8", "9"):
        marker.take(value)
    assert marker.take("[[6, 5], [8, 9]]").verdict == "follow-through"
    transposed = topics.solve(
        ConvMapsSpec("transpose", grid([[0, 1], [2, 3]]), grid([[0, 1], [2, 3]]), padding=1)
    ).working
    assert transposed is not None
    assert transposed.names[-2:] == ("uncropped", "y")
    marker = Marker(transposed)
    for value in ("0, 0; 0, 0", "0, 1; 2, 3", "0, 2; 4, 6", "0, 3; 6, 9"):
        assert marker.take(value).verdict == "right"
    assert marker.take("0, 0, 1; 0, 4, 6; 4, 12, 9").verdict == "right"
    assert marker.take("4").verdict == "right"


# ---- a session -------------------------------------------------------------------------------


def session(home: Path, *extra: str, script: str) -> str:
    args = ["practice", "--topic", "convmaps", "--seed", "3", "--count", "3", *extra]
    result = runner.invoke(app, args, input=script, env={"AECALC_HOME": str(home), "COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_seeded_scripted_session_runs_and_is_reproducible(tmp_path: Path) -> None:
    script = "hint\nhint\nhint\n1, 2; 3, 4\nskip\n[[0, 0], [0, 0]]\nwhy\n5\n"
    first = session(tmp_path / "a", script=script)
    again = session(tmp_path / "b", script=script)
    assert first.split("Score:")[0] == again.split("Score:")[0]
    assert first.count("Question ") == 3 and "Score: " in first
    assert "Hint: method" in first and "Hint: step 1" in first
    leveled = session(tmp_path / "c", "--level", "2", script=script)
    assert (
        leveled.split("Score:")[0]
        == session(tmp_path / "c", "--level", "2", script=script).split("Score:")[0]
    )
    assert all(len(line) <= 80 for line in first.splitlines())


def test_the_session_on_the_convolution_page_is_what_a_seeded_run_prints(tmp_path: Path) -> None:
    page = (Path(__file__).parents[3] / "docs" / "convolution.md").read_text(encoding="utf-8")
    found = re.search(
        r"```console\n\$ printf '([^']*)' \| aecalc (practice [^\n]*)\n(.*?)```", page, re.S
    )
    assert found is not None
    script, command, shown = found.groups()
    result = runner.invoke(
        app,
        shlex.split(command),
        input=script.replace("\\n", "\n"),
        env={"AECALC_HOME": str(tmp_path), "COLUMNS": "80"},
    )
    assert result.exit_code == 0, result.output
    printed = [line.rstrip() for line in result.stdout.split("\nTime:")[0].splitlines()]
    assert printed == shown.rstrip("\n").splitlines()
