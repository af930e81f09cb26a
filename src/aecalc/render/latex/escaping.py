"""LaTeX text: every character the presenters use, spelled in pure ASCII TeX.

LaTeX's specials are escaped, Unicode symbols become math (``→`` is ``$\\to$``) or text commands,
runs of superscript and subscript digits become ``^{…}``/``_{…}``, a letter with a hat is
``\\hat{x}``, and commands (``aecalc loss bce --x 1,0``) are typewriter text whose ``--`` stays two
hyphens. Formulas from presenters are already TeX: :func:`ascii_tex` only makes them ASCII.
"""

from __future__ import annotations

import re
import unicodedata

from aecalc.present.document import Cell, Math
from aecalc.render.text import commands, shown

_ESCAPES = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
_MATH = {
    "→": r"\to",
    "←": r"\leftarrow",
    "⇒": r"\Rightarrow",
    "⇔": r"\Leftrightarrow",
    "×": r"\times",
    "÷": r"\div",
    "≥": r"\geq",
    "≤": r"\leq",
    "≠": r"\neq",
    "≈": r"\approx",
    "∈": r"\in",
    "∑": r"\sum",
    "Σ": r"\Sigma",
    "√": r"\surd",
    "∞": r"\infty",
    "±": r"\pm",
    "·": r"\cdot",
    "∘": r"\circ",
    "⊙": r"\odot",
    "∂": r"\partial",
    "∇": r"\nabla",
    "‖": r"\|",
    "ᵀ": r"^{\top}",
    "⊤": r"\top",
    "⋮": r"\vdots",
    "α": r"\alpha",
    "β": r"\beta",
    "γ": r"\gamma",
    "δ": r"\delta",
    "Δ": r"\Delta",
    "ε": r"\varepsilon",
    "η": r"\eta",
    "θ": r"\theta",
    "λ": r"\lambda",
    "μ": r"\mu",
    "ρ": r"\rho",
    "σ": r"\sigma",
    "τ": r"\tau",
    "φ": r"\varphi",
    "ψ": r"\psi",
    "ω": r"\omega",
    "½": r"\tfrac12",
    "⅓": r"\tfrac13",
    "¼": r"\tfrac14",
    "¾": r"\tfrac34",
    "′": "'",
    "″": "''",
    "⌈": r"\lceil",
    "⌉": r"\rceil",
    "⌊": r"\lfloor",
    "⌋": r"\rfloor",
    "°": r"^{\circ}",
    "★": r"\star",
    "●": r"\bullet",
    "○": r"\circ",
    "✓": r"\checkmark",
}
_TEXT = {
    "−": "$-$",
    "–": r"\textendash{}",
    "—": r"\textemdash{}",
    "…": r"\ldots{}",
    "‘": "`",
    "’": "'",
    "“": "``",
    "”": "''",
    "\u00a0": "~",
    "✗": "x",
    "•": r"\textbullet{}",
    "─": "-",
    "│": r"\textbar{}",
    "é": r"\'e",
    "è": r"\`e",
    "ö": r"\"o",
    "ü": r"\"u",
}
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺⁽⁾ⁿⁱ", "0123456789-+()ni", strict=True))
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₋₊ᵢⱼₖₙ", "0123456789-+ijkn", strict=True))
_RUN = re.compile(f"[{''.join(_SUPERSCRIPTS)}]+|[{''.join(_SUBSCRIPTS)}]+")
_HAT = re.compile("(.)[\u0302\u0303]")  # x̂ and x̃: a letter with a hat or a tilde
_ACCENTS = {"\u0302": r"\hat", "\u0303": r"\tilde"}
_TEXT_MARKS = {
    "\u0300": "\\`",
    "\u0301": "\\'",
    "\u0302": "\\^",
    "\u0303": "\\~",
    "\u0304": "\\=",
    "\u0308": '\\"',
}
"""Combining marks as text accents (``\\^{y}``): a precomposed ŷ keeps its hat in text."""
_MATH_BASE = re.compile(r"\$?(\\[A-Za-z]+|[A-Za-z0-9])\$?")
"""What math mode may put a hat on: a letter, a digit, or one of :data:`_MATH`'s commands."""
_ADJACENT_MATH = re.compile(r"(?<!\\)\$\$")
# W_e, b_d, x̂_i, W_dₖᵢ: a letter (with a hat) and a short subscript written with "_" (the
# subscript characters after it index the subscripted symbol)
_SUBSCRIPTED = re.compile(
    r"(?<![\w\\])([A-Za-zα-ωΔΣ])([\u0302\u0303]?)_([A-Za-z]|[0-9]{1,3})(?![A-Za-z0-9_])"
    f"([{''.join(_SUBSCRIPTS)}]*)"
)
_DIAGRAM = {"→": ">", "●": "#", "○": "o", "⋮": ":", "−": "-", "…": "~"}


def _char(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if ch.isascii():
        return ch
    if ch in _MATH:
        return f"${_MATH[ch]}$"
    if ch in _TEXT:
        return _TEXT[ch]
    parts = unicodedata.normalize("NFKD", ch)
    if parts[:1].isascii() and parts[:1].isalpha() and all(m in _TEXT_MARKS for m in parts[1:]):
        accented = parts[0]
        for mark in parts[1:]:  # ŷ → \^{y}: a text accent on a letter always compiles
            accented = f"{_TEXT_MARKS[mark]}{{{accented}}}"
        return accented
    plain = parts.encode("ascii", "ignore").decode()
    return "".join(_ESCAPES.get(c, c) for c in plain) or "?"


def _accented(base: str, accent: str) -> str:
    """A character with a combining hat or tilde: ``$\\hat{x}$`` where math mode can take the
    character (a letter, a digit, a Greek letter or a symbol spelled as a math command); anything
    else (``é``, ``$``, ``^``, ``–``, a space) as text followed by the accent on its own
    (``\\^{}``), which compiles whatever the character is. (``$\\hat{…}$`` around a text
    command or a stripped ``\\$`` made pdflatex fail.)"""
    spelled = _char(base)
    inside = _MATH_BASE.fullmatch(spelled)
    if inside is not None and (spelled.startswith("$") or base.isascii()):
        return f"${_ACCENTS[accent]}{{{inside.group(1)}}}$"
    return spelled + {"\u0302": r"\^{}", "\u0303": r"\~{}"}[accent]


def _subscripted(letter: str, accent: str, index: str, run: str) -> str:
    """``W_e`` → ``${W}_{e}$``, ``x̂_i`` → ``${\\hat{x}}_{i}$``, ``W_dₖᵢ`` → ``${{W}_{d}}_{ki}$``."""
    symbol = _char(letter).strip("$")
    if accent:
        symbol = f"{_ACCENTS[accent]}{{{symbol}}}"
    tex = f"{{{symbol}}}_{{{index}}}"  # braced: it may join the math just before it (∂z_1)
    if run:
        tex = f"{{{tex}}}_{{{''.join(_SUBSCRIPTS[c] for c in run)}}}"
    return f"${tex}$"


def _script(run: str) -> str:
    if run[0] in _SUPERSCRIPTS:
        return "$^{" + "".join(_SUPERSCRIPTS[c] for c in run) + "}$"
    return "$_{" + "".join(_SUBSCRIPTS[c] for c in run) + "}$"


def _command(command: str) -> str:
    """A command as typewriter text: every character as typed (``--`` is not a dash)."""
    inner = "".join(_ESCAPES.get(c, c) if c.isascii() else _char(c) for c in command)
    return r"\texttt{" + inner.replace("-", "-{}") + "}"


def escape(text: str) -> str:
    """Escape LaTeX specials and spell all Unicode in TeX (the result is ASCII); commands
    (``aecalc …``) are typewriter text."""
    return commands(shown(text), _escape, _command)


def _escape(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    position = 0
    pattern = re.compile(f"{_SUBSCRIPTED.pattern}|{_RUN.pattern}|{_HAT.pattern}")
    for match in pattern.finditer(text):
        out += [_char(c) for c in text[position : match.start()]]
        found = match.group(0)
        if match.group(1):
            out.append(_subscripted(*match.group(1, 2, 3, 4)))
        elif found[-1] in _ACCENTS:
            out.append(_accented(found[0], found[-1]))
        else:
            out.append(_script(found))
        position = match.end()
    out += [_char(c) for c in text[position:]]
    escaped = _ADJACENT_MATH.sub("", "".join(out))
    while "--" in escaped:  # hyphens as typed (--x), never the -- and --- ligatures
        escaped = escaped.replace("--", "-{}-")
    return escaped


def ascii_tex(tex: str) -> str:
    """TeX from a presenter, made ASCII in case a Unicode letter slipped in."""
    if tex.isascii():
        return tex
    return "".join(c if c.isascii() else _MATH.get(c, "?") + " " for c in tex)


def cell_tex(cell: Cell) -> str:
    return f"${ascii_tex(cell.tex)}$" if isinstance(cell, Math) else escape(cell)


def fitted_cell_tex(cell: Cell) -> str:
    """A table cell of the whole document: a formula wider than its column is scaled to fit."""
    return rf"\fitmath{{{ascii_tex(cell.tex)}}}" if isinstance(cell, Math) else escape(cell)


def diagram_text(text: str) -> str:
    """The drawing in ASCII, one character for one, so the columns stay aligned."""
    return "".join(
        c if c.isascii() else _DIAGRAM.get(c, "?") for c in unicodedata.normalize("NFC", text)
    )
