"""Formulas as inline SVG, for the PDF engine that cannot lay out MathML (WeasyPrint).

The TeX each :class:`~aecalc.present.document.Math` carries becomes MathML (latex2mathml, as for
HTML pages) and then an SVG drawing of the typeset formula (ziamath: pure Python, with its own
math font, STIX Two), shifted down by its depth so that its baseline sits on the text's. Where
ziamath is not installed or a formula does not convert, the plain spelling stands instead.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from html import escape

SIZE_PX = 12.0  # the print page's body text (9 pt)
_VIEWBOX = re.compile(r'viewBox="([-\d.e]+) ([-\d.e]+) ([-\d.e]+) ([-\d.e]+)"')


def available() -> bool:
    """Whether formulas can be drawn (ziamath and latex2mathml are installed)."""
    return all(importlib.util.find_spec(name) is not None for name in ("ziamath", "latex2mathml"))


@functools.lru_cache(maxsize=4096)
def svg(tex: str, plain: str, display: bool = False) -> str:
    """The formula as an inline ``<svg>`` (``role="img"``, its plain spelling as the label), or
    the plain spelling in a ``span`` where it cannot be drawn."""
    fallback = f'<span class="math">{escape(plain)}</span>'
    try:
        import ziamath  # type: ignore[import-untyped,import-not-found,unused-ignore]
        from latex2mathml.converter import convert

        ziamath.config.svg2 = False  # paths drawn in place: no <symbol> ids repeated per formula
        drawn: str = ziamath.Math(
            convert(tex, display="block" if display else "inline"), size=SIZE_PX
        ).svg()
    except Exception:  # ziamath missing, or a formula it cannot draw: the plain spelling
        return fallback
    box = _VIEWBOX.search(drawn)
    if box is None or not drawn.startswith("<svg "):
        return fallback
    depth = float(box.group(2)) + float(box.group(4))  # below the baseline (y = 0)
    label = escape(plain)
    style = f'style="vertical-align:{-depth:.2f}px;display:inline" role="img" aria-label="{label}"'
    return drawn.replace("<svg ", f"<svg {style} ", 1)
