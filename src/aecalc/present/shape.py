"""The document for ``aecalc shape``: the formula, what was given, each solution with the formula's
numbers, and the answer (every whole solution, or none)."""

from __future__ import annotations

from aecalc.nets.conv.solve import NAMES, QUANTITIES, SYMBOLS, Solved
from aecalc.present.document import Block, Cell, Document, Facts, Note


def _answer(result: Solved) -> str:
    name = NAMES[result.unknown]
    if result.lowest is None:
        return f"none: no whole {name} gives this size"
    if result.highest is None:
        return f"{result.lowest} or more (every larger {name} too)"
    if result.lowest == result.highest:
        return str(result.lowest)
    if result.highest - result.lowest < 6:
        values = list(range(result.lowest, result.highest + 1))
        return ", ".join(map(str, values[:-1])) + f" or {values[-1]}"
    return f"any whole number from {result.lowest} to {result.highest}"


def shape_document(result: Solved) -> Document:
    axis = result.axis
    given: list[tuple[str, Cell]] = []
    for quantity in QUANTITIES:
        if quantity == result.unknown:
            continue
        value = axis.value(quantity)
        text = "same" if value == "same" else str(value)
        if quantity in result.defaults:
            text += " (not given: the default)"
        given.append((NAMES[quantity], text))
    if axis.dilation != 1:
        given.append(("dilation", str(axis.dilation)))
    if axis.transpose:
        given.append(("output padding", str(axis.output_padding)))
    what = "transposed convolution" if axis.transpose else "convolution"
    blocks: list[Block] = [
        Facts("Formula", (("one axis", result.formula),)),
        Facts("Given", tuple(given)),
        Facts(
            f"Worked: the {NAMES[result.unknown]}",
            tuple(
                (f"{SYMBOLS[result.unknown]} = {value}" if value is not None else "", line)
                for value, line in result.lines
            ),
        ),
        Facts("Answer", ((NAMES[result.unknown], _answer(result)),)),
    ]
    if result.unknown != "out" and result.lowest is not None and result.lowest != result.highest:
        blocks.append(
            Note(
                "Several values give the same size: the floor in the formula drops the rest of "
                "the division, so a question that wants one answer must say more (usually the "
                "smallest stride or padding).",
                "note",
            )
        )
    if axis.padding == "same":
        blocks.append(
            Note(
                "padding='same' (Keras) pads whatever the kernel needs: the output is ⌈H/S⌉ "
                "(H·S for a transposed convolution), whatever the kernel.",
                "convention",
            )
        )
    title = f"Size along one axis of a {what}: the {NAMES[result.unknown]}"
    return Document(title, tuple(blocks))
