"""Documents for ``aecalc pool`` and ``aecalc upsample``: the setup, the input, every window (or the
upsampled map), the answer, the conventions, then the steps of a chain and the last map."""

from __future__ import annotations

from aecalc.nets.conv.chain import ChainStep
from aecalc.nets.conv.maps import size_text
from aecalc.nets.conv.pooling import Pooled, Upsampled
from aecalc.nets.conv.shapes import pair_text
from aecalc.present.chain import chain_blocks, final_answer
from aecalc.present.document import Block, Document, Facts
from aecalc.present.windows import (
    map_blocks,
    pool_blocks,
    pool_notes,
    upsample_blocks,
    upsample_note,
    volume_text,
)


def pool_document(result: Pooled, steps: tuple[ChainStep, ...], digits: int) -> Document:
    spec = result.spec
    what = "Max" if spec.kind == "max" else "Average"
    setup = Facts(
        "Pooling",
        (
            ("input", volume_text(result.inputs)),
            ("window", size_text(spec.size)),
            (
                "stride",
                pair_text(spec.steps) + (" (the window size)" if spec.stride is None else ""),
            ),
            ("padding", pair_text(spec.padding)),
            ("rounding", "up (--ceil)" if spec.ceil else "down (PyTorch's default)"),
        ),
    )
    blocks: list[Block] = [setup, *map_blocks("Input x", result.inputs, digits)]
    blocks += pool_blocks(result, digits)
    blocks += pool_notes(result)
    blocks += chain_blocks(steps, digits)
    blocks += final_answer(result.output, steps, digits)
    title = (
        f"{what} pooling of a {volume_text(result.inputs)} map with a {size_text(spec.size)} window"
    )
    return Document(title, tuple(blocks))


def upsample_document(result: Upsampled, steps: tuple[ChainStep, ...], digits: int) -> Document:
    spec = result.spec
    blocks: list[Block] = [
        Facts(
            "Upsampling",
            (
                ("input", volume_text(result.inputs)),
                ("scale", pair_text(spec.scale)),
                ("mode", spec.mode),
            ),
        ),
        *map_blocks("Input x", result.inputs, digits),
        *upsample_blocks(result, digits),
        upsample_note(result),
        *chain_blocks(steps, digits),
        *final_answer(result.output, steps, digits),
    ]
    title = (
        f"Upsampling a {volume_text(result.inputs)} map by {pair_text(spec.scale)} ({spec.mode})"
    )
    return Document(title, tuple(blocks))
