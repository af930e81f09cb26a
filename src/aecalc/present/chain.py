"""The steps of a chain (``--then relu --then maxpool2 --then flatten``), one section each, every
intermediate map drawn: what ``conv``, ``pool`` and ``upsample`` print after their own work."""

from __future__ import annotations

from aecalc.nets.activations import ACTIVATIONS
from aecalc.nets.conv.chain import Activated, ChainStep, Flattened
from aecalc.nets.conv.maps import Volume, size, size_text
from aecalc.nets.conv.pooling import Pooled, Upsampled
from aecalc.present import grids
from aecalc.present.document import Block, Facts, Note, Section
from aecalc.present.windows import (
    answer,
    map_blocks,
    pool_blocks,
    pool_notes,
    upsample_blocks,
    upsample_note,
)


def _step_blocks(step: ChainStep, digits: int) -> list[Block]:
    result = step.result
    if isinstance(result, Activated):
        act = ACTIVATIONS[result.act]
        blocks: list[Block] = [Note(f"{act.definition}, applied to every value.", "convention")]
        blocks += map_blocks(f"{act.symbol}(x)", result.output, digits)
        if result.reason:
            blocks.append(Note(f"Values carried as 60-digit numbers: {result.reason}."))
        return blocks
    if isinstance(result, Pooled):
        return [*pool_blocks(result, digits), *pool_notes(result)]
    if isinstance(result, Upsampled):
        return [*upsample_blocks(result, digits), upsample_note(result)]
    assert isinstance(result, Flattened)
    channels, (height, width) = len(result.inputs), size(result.inputs[0])
    shown = ", ".join(grids.value_text(v, digits) for v in result.values)
    order = (
        "row by row"
        if channels == 1
        else "channel by channel, each row by row: PyTorch's order for (C, H, W); Keras, "
        "channels last, takes the channels of each position in turn"
    )
    return [
        Facts(
            "Flattened",
            (
                ("size", f"{channels}·{height}·{width} = {len(result.values)}"),
                ("vector", f"[{shown}]"),
            ),
        ),
        Note(f"Flatten reads the map {order}.", "convention"),
    ]


def chain_blocks(steps: tuple[ChainStep, ...], digits: int) -> list[Block]:
    """One section per step, numbered from 2 (step 1 is the command's own operation)."""
    blocks: list[Block] = []
    for i, step in enumerate(steps, start=2):
        result = step.result
        count = len(result.values) if isinstance(result, Flattened) else 0
        made = (
            f"{count} value{'s' if count != 1 else ''}"
            if isinstance(result, Flattened)
            else size_text(size(result.output[0]))
        )
        blocks.append(
            Section(
                f"Step {i}: {step.text} → {made}",
                f"step-{i}",
                tuple(_step_blocks(step, digits)),
            )
        )
    return blocks


def final_answer(output: Volume, steps: tuple[ChainStep, ...], digits: int) -> list[Block]:
    """The answer: the operation's own output, or the last step's map (or vector)."""
    if not steps:
        return [answer(output, digits)]
    last = steps[-1].result
    if isinstance(last, Flattened):
        shown = ", ".join(grids.value_text(v, digits) for v in last.values)
        return [Facts("Answer", (("vector", f"[{shown}]"), ("size", str(len(last.values)))))]
    return [answer(last.output, digits)]
