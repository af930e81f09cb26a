"""A loss curve (``backprop --steps``, ``train``): the rows a text bar chart samples, the SVG line."""

from __future__ import annotations


def sampled(count: int, rows: int) -> list[int]:
    """At most ``rows`` of ``count`` indices, evenly spread, the first and the last included
    (every index when ``rows`` is below 2: one row cannot spread)."""
    if count <= rows or rows < 2:
        return list(range(count))
    return sorted({round(i * (count - 1) / (rows - 1)) for i in range(rows)})


def sampling_note(count: int, rows: int, where: str) -> str:
    """What a chart of ``count`` values in at most ``rows`` rows leaves out and ``where`` the JSON
    has them all, or "" when nothing is left out.

    >>> sampling_note(26, 26, "loss_history"), sampling_note(101, 26, "loss_history")
    ('', '26 of the 101 values shown, evenly spread (--json: loss_history)')
    """
    shown = len(sampled(count, rows))
    if shown == count:
        return ""
    return f"{shown} of the {count:,} values shown, evenly spread (--json: {where})"


def line_svg(
    history: tuple[float, ...],
    low: float,
    span: float,
    *,
    size: tuple[int, int, int, int],
    attributes: str,
    labels: str,
) -> str:
    """The values as a polyline over two axes; ``size`` is (width, height, left margin, other
    margins), ``attributes`` go on the <svg> element, ``labels`` (SVG text) inside it."""
    width, height, left, pad = size
    count = len(history)
    points = " ".join(
        f"{left + (width - left - pad) * i / max(count - 1, 1):.1f},"
        f"{height - pad - (height - 2 * pad) * (v - low) / span:.1f}"
        for i, v in enumerate(history)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" {attributes}>'
        f'<line x1="{left}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#555"/>'
        f'<line x1="{left}" y1="{pad}" x2="{left}" y2="{height - pad}" stroke="#555"/>'
        f'<polyline fill="none" stroke="#335" stroke-width="2" points="{points}"/>'
        f"{labels}</svg>"
    )
