"""The conv topic's questions on tutorial layers (issue 13): same/valid pooling, a dense
bottleneck, batch-norm counts and output padding, each with its named slip.

The expected answers are recomputed here from the frameworks' documented rules (math.ceil,
floor division, in·N + N, 2·C), independently of aecalc's formulas."""

from __future__ import annotations

import math
import random

import pytest

from aecalc.practice import topics
from aecalc.practice.answers.checker import check
from aecalc.practice.topics import conv, solve
from aecalc.practice.topics.conv import ConvParamsSpec
from aecalc.practice.topics.problem import kind_of

NEW = ("pool", "dense", "bn", "outpad")


def _shape(text: str) -> tuple[int, int, int]:
    h, w, c = (int(x) for x in text.split("x"))
    return h, w, c


def _oracle(spec: ConvParamsSpec) -> list[int]:
    """The answer from the frameworks' rules, for the new kinds' specs."""
    h, w, c = _shape(spec.input)
    token = spec.layers[spec.layer - 1]
    if token.startswith("pool"):
        k = int(token[4 : token.index(":")])
        if token.endswith(":same"):
            return [math.ceil(h / k), math.ceil(w / k), c]
        return [(h - k) // k + 1, (w - k) // k + 1, c]
    if token.startswith("convT"):
        body = token[5:]
        k = int(body[: body.index("x")])
        s = int(body[body.index("s") + 1 : body.index("p")])
        p = int(body[body.index("p") + 1 : body.index("o")])
        o = int(body[body.index("o") + 1 : body.index(":")])
        f = int(body[body.index(":") + 1 :])
        size = (h - 1) * s - 2 * p + k + o
        return [size, size, f]
    if token.startswith("dense"):
        units = int(token.split(":")[1])
        return [h * w * c * units + units]
    if spec.quantity == "layer_params":  # bn after a conv: 2 per channel of that conv
        return [2 * int(spec.layers[0].split(":")[1])]
    # a conv → bn → pool → conv → bn encoder, learnable only
    f1, f2 = (int(t.split(":")[1]) for t in spec.layers if t.startswith("conv"))
    return [9 * c * f1 + f1 + 2 * f1 + 9 * f1 * f2 + f2 + 2 * f2]


@pytest.mark.parametrize("level", [1, 2, 3])
@pytest.mark.parametrize("kind", NEW)
def test_new_kinds_are_right_at_every_level(level: int, kind: str) -> None:
    if kind not in conv.TUTORIAL_KINDS[level]:
        pytest.skip(f"no {kind} questions at level {level}")
    for seed in range(12):
        problem = conv.generate(random.Random(seed), level, kind)
        assert problem.id.startswith(f"gen-conv-{kind}-")
        assert kind_of(problem.id) == ("conv", kind)
        spec = problem.spec
        assert isinstance(spec, ConvParamsSpec)
        solution = solve(spec)
        assert [int(v.value) for v in solution.expected.values] == _oracle(spec), problem.id
        assert check(solution.expected, solution.expected.as_answer(6)).right
        assert 1 <= len(solution.steps(4)) <= 6


def _slip(spec: ConvParamsSpec, answer: str) -> str:
    verdict = check(solve(spec).expected, answer)
    assert not verdict.right
    assert verdict.slip is not None, verdict.message
    return verdict.slip.name


def test_named_slips() -> None:
    # floor where same rounds up: 7 → 3 instead of ⌈7/2⌉ = 4
    assert _slip(ConvParamsSpec("7x7x8", ("pool2:same",), "output_shape"), "3, 3, 8") == (
        conv.FLOOR_SAME.name
    )
    assert _slip(ConvParamsSpec("7x7x8", ("pool2:valid",), "output_shape"), "4, 4, 8") == (
        conv.CEIL_VALID.name
    )
    dense = ConvParamsSpec("7x7x32", ("flatten", "dense:16"), "layer_params", 2)
    assert _slip(dense, str(1568 * 16)) == conv.DENSE_BIAS.name
    bn = ConvParamsSpec("28x28x1", ("conv3x3:16", "bn"), "layer_params", 2)
    assert check(solve(bn).expected, "32").right
    assert _slip(bn, "64") == conv.KERAS_TOTAL.name
    net = ConvParamsSpec("28x28x1", ("conv3x3:16", "bn", "pool2", "conv3x3:32", "bn"), "total")
    learnable = 160 + 32 + 4640 + 64
    assert check(solve(net).expected, str(learnable)).right
    assert _slip(net, str(learnable + 32 + 64)) == conv.KERAS_TOTAL.name
    outpad = ConvParamsSpec("7x7x64", ("convT3x3s2p1o1:32",), "output_shape")
    assert check(solve(outpad).expected, "14, 14, 32").right
    assert _slip(outpad, "13, 13, 32") == conv.OUTPUT_PADDING.name


def test_the_hint_gives_the_method_not_the_answer() -> None:
    solution = solve(ConvParamsSpec("7x7x8", ("pool2:same",), "output_shape"))
    assert "⌈H/S⌉" in solution.hint and "4" not in solution.hint


def test_the_topic_draws_old_and_new_kinds() -> None:
    kinds = {kind_of(topics.generate("conv", random.Random(seed), 2).id) for seed in range(80)}
    assert {("conv", kind) for kind in (*NEW, "layer", "shape", "ae")} <= kinds
