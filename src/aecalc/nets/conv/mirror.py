"""``--mirror``: the decoder that undoes an encoder, layer by layer, saying what it did.

Each layer kind's own mirror rule gives its twin (conv → transpose conv back to the channels it
came from, with the output padding that restores the size; pools ↔ upsampling; flatten ↔
reshape; dense back to the size it came from). Batch norm and dropout are kept in place: each
stays after the layer it followed, so after that layer's twin in the decoder; those that
follow the first encoder layer are not repeated after the reconstruction (an output layer is
not normalised), and a ``bn`` that comes before any other layer normalises the input only.
"""

from __future__ import annotations

from aecalc.nets.conv.rule import LayerToken, retoken, without_bias
from aecalc.nets.conv.shapes import Shape
from aecalc.nets.conv.tokens import RULES


def mirror_specs(
    specs: tuple[LayerToken, ...], shapes: tuple[Shape, ...]
) -> tuple[tuple[LayerToken, ...], tuple[str, ...]]:
    """The decoder layers and one line per decision. ``shapes[i]`` is the input of ``specs[i]``
    and ``shapes[i + 1]`` its output."""
    groups: list[tuple[int, list[int]]] = []
    leading: list[int] = []
    for i, spec in enumerate(specs):
        if RULES[spec.kind].follower:
            (groups[-1][1] if groups else leading).append(i)
        else:
            groups.append((i, []))
    decoder: list[LayerToken] = []
    notes = [
        f"layer {i + 1} {specs[i].layer} comes before any other layer (it acts on the input): "
        "not repeated in the decoder"
        for i in leading
    ]
    for g, (host, followers) in enumerate(reversed(groups)):
        spec = specs[host]
        twin = RULES[spec.kind].mirror(spec, shapes[host], shapes[host + 1])
        if twin is None:  # pragma: no cover - every non-follower kind has a mirror rule
            continue
        made = twin.spec if spec.bias else without_bias(twin.spec)
        decoder.append(made)
        position = len(specs) + len(decoder)
        notes.append(f"layer {host + 1} {spec.layer} → layer {position} {made.layer}{twin.how}")
        for f in followers:
            kept = specs[f]
            if g == len(groups) - 1:
                notes.append(
                    f"layer {f + 1} {kept.layer} is not repeated after the output layer "
                    f"({made.layer} gives the reconstruction)"
                )
                continue
            decoder.append(retoken(kept, kept.layer))
            notes.append(
                f"layer {f + 1} {kept.layer} kept after {made.layer}: "
                f"layer {len(specs) + len(decoder)} {kept.layer}"
            )
    return tuple(decoder), tuple(notes)
