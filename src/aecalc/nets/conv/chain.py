"""Steps after a convolution or a pool, as exam questions chain them: ``--then relu --then maxpool2
--then flatten``. A chain is a loop: each step takes the map the step before it made.

A step is an activation's name (any of the registry's element-wise ones, with its aliases), or a
layer token of the kinds without weights, read by the token parser of ``params``
(:func:`aecalc.nets.conv.tokens.parse_layer`): ``maxpoolK[sS]`` / ``poolK[sS]`` and
``avgpoolK[sS]`` (as :func:`aecalc.nets.conv.pooling.pool` counts windows, PyTorch's floor;
``:same`` rounds up as ``--ceil`` does), ``upK`` (nearest) and ``flatten`` (channel by channel,
row by row: PyTorch's order for a (C, H, W) map; Keras, channels last, interleaves the channels).
"""

from __future__ import annotations

from collections.abc import Sequence

from aecalc.errors import InputError
from aecalc.nets.activations import ACTIVATIONS
from aecalc.nets.conv import elementwise
from aecalc.nets.conv.maps import Volume, exact_text, flat, number, size, volume_json
from aecalc.nets.conv.pooling import Pooled, PoolKind, PoolSpec, Upsampled, UpSpec, pool, upsample
from aecalc.nets.conv.tokens import parse_layer
from aecalc.record import Record
from aecalc.values.quantity import Value

STEP_HELP = "an activation (relu, sigmoid, …), maxpoolK[sS], avgpoolK[sS], upK or flatten"
MAX_STEPS = 20
_NAMES = {name for act in ACTIVATIONS.values() for name in (act.name, *act.aliases)}


class Activated(Record):
    """An activation applied to every value of a map."""

    act: str
    inputs: Volume
    output: Volume
    reason: str | None = None

    def as_json(self) -> dict[str, object]:
        return volume_json(self.output) | {"operation": self.act}


class Flattened(Record):
    """A map made one vector, channel by channel and row by row."""

    inputs: Volume
    values: tuple[Value, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "operation": "flatten",
            "output": [number(v) for v in self.values],
            "output_exact": [exact_text(v) for v in self.values],
            "shape": [len(self.values)],
        }


Result = Activated | Pooled | Upsampled | Flattened


class ChainStep(Record):
    """One step: as written, and what it made."""

    text: str
    result: Result

    def as_json(self) -> dict[str, object]:
        return {"step": self.text} | self.result.as_json()


def _read(text: str, index: int) -> tuple[str, PoolSpec | UpSpec | None]:
    """(the activation's name, None), or ("", the spec of a pool or upsampling), or ("", None)
    for flatten."""
    argument = f"--then {text!r}"
    word = text.strip().lower()
    if word in _NAMES:
        return elementwise.lookup(word, argument).name, None
    try:
        token = parse_layer(text, index)
    except InputError:
        raise InputError(argument, f"not a step: write {STEP_HELP}") from None
    if token.kind in ("pool", "avgpool"):
        ceil = token.pool_padding == "same"
        kind: PoolKind = "max" if token.kind == "pool" else "avg"
        return "", PoolSpec(kind, token.kernel, token.stride, (0, 0), ceil)
    if token.kind == "up":
        return "", UpSpec(token.kernel)
    if token.kind == "flatten":
        return "", None
    raise InputError(argument, f"a {token.kind} layer is not a step here: write {STEP_HELP}")


def check_steps(steps: Sequence[str]) -> None:
    """Every step readable, flatten only last, at most :data:`MAX_STEPS` (before any work)."""
    if len(steps) > MAX_STEPS:
        raise InputError("--then", f"{len(steps)} steps: at most {MAX_STEPS}")
    for i, text in enumerate(steps, start=1):
        name, spec = _read(text, i)
        if not name and spec is None and i < len(steps):
            raise InputError(f"--then {text!r}", "flatten makes a vector: it must be the last step")


def run(volume: Volume, steps: Sequence[str]) -> tuple[ChainStep, ...]:
    """Each step in turn on the map the one before it made."""
    check_steps(steps)
    done: list[ChainStep] = []
    for i, text in enumerate(steps, start=1):
        name, spec = _read(text, i)
        result: Result
        if name:
            act = elementwise.lookup(name)
            values = tuple(v for grid in volume for row in grid for v in row)
            out, reason = elementwise.apply(act, values)
            height, width = size(volume[0])
            grids = tuple(
                tuple(
                    tuple(out[(c * height + r) * width : (c * height + r + 1) * width])
                    for r in range(height)
                )
                for c in range(len(volume))
            )
            result = Activated(act.name, volume, grids, reason)
        elif isinstance(spec, PoolSpec):
            result = pool(volume, spec)
        elif isinstance(spec, UpSpec):
            result = upsample(volume, spec)
        else:
            result = Flattened(volume, flat(volume))
        done.append(ChainStep(text.strip(), result))
        if not isinstance(result, Flattened):
            volume = result.output
    return tuple(done)
