"""What ``conv``, ``pool`` and ``upsample`` share: reading maps, kernels and per-axis numbers.

A map (``--x``) or a kernel (``--k``) is a matrix as ``forward`` reads one (``1,2;3,4`` or
``[[1,2],[3,4]]``), a ``.npy`` file, or a ``.json`` file that one of these commands wrote with
``--json`` (its ``output_exact``, so a chain of commands stays exact; a plain JSON matrix works
too). Repeating ``--x`` gives channels, repeating ``--k`` gives one kernel per channel. A ``.npy``
input is (C, H, W) or (H, W); ``.npy`` weights are (F, C, KH, KW) for F filters, (C, KH, KW) or
(KH, KW) for one. A float64 from a file is read as the shortest decimal that gives it back (0.1 is
1/10), so numbers saved from a decimal print exactly.

Module level imports only Typer and the standard library; the readers import what they need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

if TYPE_CHECKING:
    from fractions import Fraction

    from aecalc.nets.conv.maps import Map, Volume
    from aecalc.nets.conv.shapes import Pair

MAX_JSON_BYTES = 16 << 20

ThenOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--then",
        help="A step after this one, repeatable: an activation (relu, sigmoid, …), a pool "
        "(maxpool2, maxpool3s2, avgpool2), up2 or flatten; each step's map is drawn.",
        show_default=False,
    ),
]


def _is_file(text: str, suffix: str) -> bool:
    return text.strip().lower().endswith(suffix)


def _fraction(value: Any, argument: str) -> Fraction:
    """A number from a file: ints exactly, floats as the shortest decimal that gives them back,
    strings read by :func:`aecalc.values.parse.parse_number`."""
    import math
    from fractions import Fraction

    from aecalc.errors import InputError
    from aecalc.values.parse import parse_number

    if isinstance(value, bool):
        raise InputError(argument, "holds true/false, not numbers")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(argument, f"holds {value}, not a finite number")
        return Fraction(repr(value))
    if isinstance(value, str):
        return parse_number(value, argument)
    raise InputError(argument, f"holds {type(value).__name__} where a number belongs")


def _nested(value: Any, depth: int, argument: str) -> Any:
    """Lists nested ``depth`` deep, of numbers."""
    from aecalc.errors import InputError

    if depth == 0:
        return _fraction(value, argument)
    if not isinstance(value, list) or not value:
        raise InputError(argument, "expected a non-empty list of rows of numbers")
    return tuple(_nested(item, depth - 1, argument) for item in value)


def _depth(value: Any) -> int:
    depth = 0
    while isinstance(value, list) and value:
        value = value[0]
        depth += 1
    return depth


def _json_maps(text: str, argument: str) -> list[Map]:
    """The maps in a JSON file: an aecalc result's ``output_exact`` (or ``output``), or a matrix
    ([[…]]) or a list of channel matrices ([[[…]]])."""
    import json

    from aecalc.errors import InputError
    from aecalc.nets.conv.maps import check_map
    from aecalc.values.paths import read_bounded

    raw = read_bounded(text, argument, MAX_JSON_BYTES, "a JSON file this large is not a map")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise InputError(argument, f"{text} is not valid JSON") from None
    if isinstance(data, dict) and isinstance(data.get("final"), dict):
        data = data["final"]  # a chain's last map
    if isinstance(data, dict):
        key = next((k for k in ("output_exact", "output") if k in data), None)
        if key is None:
            raise InputError(argument, f"{text} has no 'output' (is it an aecalc --json result?)")
        data = data[key]
    depth = _depth(data)
    if depth == 1:
        raise InputError(argument, f"{text} holds a vector (a flattened map?), not a map")
    if depth not in (2, 3):
        raise InputError(argument, f"{text} is not a matrix or a list of channel matrices")
    values = _nested(data, depth, argument)
    maps = [values] if depth == 2 else list(values)
    return [check_map(grid, argument) for grid in maps]


def _npy(text: str, argument: str, dims: tuple[int, ...], expected: str) -> Any:
    """A .npy array as nested tuples of Fractions (its dimensions as saved)."""
    from aecalc.batch.data import load_array
    from aecalc.nets.conv.maps import MAX_MAP_VALUES

    array = load_array(text, argument, dims, expected, MAX_MAP_VALUES)

    def exact(value: Any) -> Any:
        if isinstance(value, list):
            return tuple(exact(v) for v in value)
        return _fraction(float(value), argument)

    return exact(array.tolist())


def read_maps(texts: list[str], argument: str) -> Volume:
    """The channels ``--x`` gives: one a text, a .npy of (C, H, W) or (H, W), or a .json."""
    from aecalc.nets.conv.maps import check_map, check_volume
    from aecalc.values.parse import parse_matrix

    maps: list[Map] = []
    for text in texts:
        if _is_file(text, ".npy"):
            array = _npy(text, argument, (2, 3), "(C, H, W) or (H, W)")
            grids = [array] if _depth_of(array) == 2 else list(array)
            maps += [check_map(grid, argument) for grid in grids]
        elif _is_file(text, ".json"):
            maps += _json_maps(text, argument)
        else:
            maps.append(check_map(parse_matrix(text, argument), argument))
    return check_volume(maps, argument)


def _depth_of(value: Any) -> int:
    depth = 0
    while isinstance(value, tuple):
        value = value[0]
        depth += 1
    return depth


def read_filters(texts: list[str], argument: str) -> tuple[Volume, ...]:
    """The filters ``--k`` gives: each text one kernel (together one filter), or a .npy of
    (F, C, KH, KW), (C, KH, KW) or (KH, KW)."""
    from aecalc.errors import InputError
    from aecalc.nets.conv.maps import check_map
    from aecalc.values.parse import parse_matrix

    if any(_is_file(text, ".npy") for text in texts):
        if len(texts) > 1:
            raise InputError(argument, "a .npy of weights holds every kernel: give it alone")
        array = _npy(texts[0], argument, (2, 3, 4), "(F, C, KH, KW), (C, KH, KW) or (KH, KW)")
        depth = _depth_of(array)
        if depth == 2:
            return ((check_map(array, argument),),)
        if depth == 3:
            return (tuple(check_map(k, argument) for k in array),)
        return tuple(tuple(check_map(k, argument) for k in filt) for filt in array)
    kernels: list[Map] = []
    for text in texts:
        if _is_file(text, ".json"):
            kernels += _json_maps(text, argument)
        else:
            kernels.append(check_map(parse_matrix(text, argument), argument))
    return (tuple(kernels),)


def read_pair(text: str | None, argument: str, what: str, default: Pair, minimum: int = 1) -> Pair:
    from aecalc.nets.conv.shapes import parse_pair

    return default if text is None else parse_pair(text, argument, what, minimum=minimum)


def read_padding(text: str | None) -> Pair | Literal["same"]:
    """``--padding`` of a convolution: P, PHxPW, ``valid`` (0) or ``same``."""
    if text is not None and text.strip().lower() == "same":
        return "same"
    return read_crop(text, convolution=True)


def read_crop(text: str | None, convolution: bool = False) -> Pair:
    """``--padding`` as numbers: P, PHxPW or ``valid`` (0)."""
    from aecalc.errors import InputError
    from aecalc.nets.conv.shapes import parse_pair

    if text is None or text.strip().lower() == "valid":
        return (0, 0)
    if text.strip().lower() == "same" and not convolution:
        raise InputError(
            "--padding",
            "give the rows and columns to crop as a number (PyTorch's padding); 'same' "
            "belongs to a convolution",
        )
    word = text.strip()
    if word and not word[0].isdigit():
        what = "P, PHxPW, same or valid" if convolution else "P, PHxPW or valid"
        raise InputError("--padding", f"{word!r} is not a padding: write {what}")
    return parse_pair(text, "--padding", "padding", minimum=0)


def read_bias(text: str | None) -> tuple[Fraction, ...]:
    from aecalc.values.parse import parse_vector

    return () if text is None else parse_vector(text, "--bias")


def with_steps(data: dict[str, object], steps: tuple[Any, ...]) -> dict[str, object]:
    """An operation's JSON with its chain: ``steps`` (each step's map) and the last step's map as
    ``final`` (``output`` stays the operation's own; ``--x FILE.json`` reads ``final`` first)."""
    if not steps:
        return data
    done = [step.as_json() for step in steps]
    return data | {"steps": done, "final": done[-1]}
