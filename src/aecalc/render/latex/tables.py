"""LaTeX tables: each column's width estimated from its text, and a layout that fits the page.

A fragment's table is a ``tabular`` of ``l`` columns where it fits, else wrapping ``p{…}``
columns; the whole document's tables are ``longtable`` (they break across pages), sized to the
text width in the largest font whose words still fit, formulas scaled down into their cells
when even the smallest font is too wide.
"""

from __future__ import annotations

from aecalc.present.document import Cell, Math, Table
from aecalc.render.latex.escaping import cell_tex, escape, fitted_cell_tex

_CHAR_PT = 5.3  # one character of 10 pt Computer Modern text, on average
_GAP_PT = 12.0  # the space tabular puts around each column (2 \tabcolsep)
FRAGMENT_WIDTH_PT = 345.0  # a fragment's text block: article's default
PAGE_WIDTH_PT = 483.7  # the whole document's text block: A4 with 2 cm margins
# (width of a character relative to 10 pt, size command, \tabcolsep in pt): smaller type and
# tighter columns for wide tables. Computer Modern's small sizes are drawn wider than a scaled
# 10 pt (a cmr7 digit is 4.05 pt, not 3.5 pt), so 9/8/7 pt text is 0.93/0.86/0.79 as wide.
_SIZES = (
    (1.0, "", 6.0),
    (0.93, r"\small", 6.0),
    (0.86, r"\footnotesize", 4.5),
    (0.79, r"\scriptsize", 3.0),
)


def _cell_text(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Math) else cell


_NARROW = set("il.,;:'|!()[]·") | {"\u0302"}  # digits are all half an em wide
_WIDE = set("mwMW×→←≈≥≤±∑ΣΔ") | set("ABCDEFGHKNOQRUVXYZ")


def _length(text: str) -> float:
    """``text``'s width in average characters of the font (narrow letters count less)."""
    return sum(0.55 if c in _NARROW else 1.5 if c in _WIDE else 1.0 for c in text)


def _top_level(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` outside brackets."""
    parts: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        depth += 1 if ch in "([{" else -1 if ch in ")]}" else 0
        if depth == 0 and text.startswith(separator, i):
            parts.append(text[start:i])
            start = i + len(separator)
    return [*parts, text[start:]]


def _typeset_text(cell: Math) -> str:
    """The widest line of a formula as typeset: a vector is a column (its widest entry)."""
    plain = cell.plain
    if cell.tex.lstrip().startswith(r"\begin{bmatrix}") and plain.startswith("["):
        return max(_top_level(plain[1:-1], ", "), key=_length, default=plain)
    return plain


def _typeset_length(cell: Math) -> float:
    """A formula's typeset width in characters: fractions stack (about 0.9 of their text: the
    whole document's cells set them at full size, as in a display)."""
    text = _typeset_text(cell)
    return _length(text) * (0.9 if "/" in text else 1.0)


def _natural(table: Table) -> tuple[list[float], list[float]]:
    """Each column's widest line and its longest unbreakable word, in characters (a formula
    in a cell of the whole document is scaled down to its column if it must be)."""
    widths = [1.1 * _length(c) for c in table.columns]  # headings are bold
    words = [max((1.1 * _length(w) for w in c.split()), default=0.0) for c in table.columns]
    for row in table.rows:
        for i, cell in enumerate(row[: len(widths)]):
            text = _cell_text(cell)
            if isinstance(cell, Math):
                widths[i] = max(widths[i], _typeset_length(cell))
                pieces = _top_level(_typeset_text(cell), " ")  # where TeX may break it
            else:
                lines = text.split("\n")
                widths[i] = max(widths[i], max((_length(line) for line in lines), default=0.0))
                pieces = text.split()
            words[i] = max(words[i], max((_length(w) for w in pieces), default=0.0))
    return widths, words


def _layout(table: Table, line_pt: float, whole: bool) -> tuple[str, str]:
    """(font size and column separation commands, column spec): ``l`` columns where the table
    fits, else wrapping ``p{…}`` columns sized to the text width, in the largest font whose
    words still fit."""
    widths, words = _natural(table)
    # the whole document's tables drop the outer two half-gaps (@{}); a fragment keeps them
    count = len(widths) - 1 if whole else len(widths)
    if sum(widths) * _CHAR_PT + _GAP_PT * count <= line_pt:
        return "", "l" * len(widths)
    sizes = _SIZES if whole else _SIZES[:1]
    for scale, size, separation in sizes:
        char = _CHAR_PT * scale
        room = 0.98 * line_pt - 2 * separation * count
        need = [w * char for w in widths]
        least = [max(w, 4) * 1.15 * char for w in words]
        if sum(least) > room and scale > sizes[-1][0]:
            continue
        # a short cell (a decimal, a vector of two) stays on one line where there is room
        whole_cells = [max(m, min(n, 18 * char) * 1.1) for m, n in zip(least, need, strict=True)]
        if sum(whole_cells) <= room:
            least = whole_cells
        spare = room - sum(least)
        if spare < 0:  # the smallest font and still too wide: formulas shrink into their cells
            math = [
                any(isinstance(r[i], Math) for r in table.rows if i < len(r))
                for i in range(len(least))
            ]
            long = sum(m for m, f in zip(least, math, strict=True) if f)
            keep = max(long + spare, 0.5 * long)
            least = (
                [m * keep / long if f else m for m, f in zip(least, math, strict=True)]
                if long
                else least
            )
            if sum(least) > room:
                least = [m * room / sum(least) for m in least]
            spare = 0.0
        extra = [max(0.0, n - m) for n, m in zip(need, least, strict=True)]
        share = min(1.0, spare / sum(extra)) if sum(extra) > 0 else 0.0
        cols = [m + share * e for m, e in zip(least, extra, strict=True)]
        if whole:
            wrap = r">{\raggedright\arraybackslash}"
            spec = "".join(f"{wrap}p{{{c / line_pt:.3f}\\linewidth}}" for c in cols)
            setting = size + (
                rf"\setlength{{\tabcolsep}}{{{separation:g}pt}}" if separation != 6 else ""
            )
            return setting, spec
        return size, "".join(f"p{{{c / line_pt:.2f}\\linewidth}}" for c in cols)
    return "", "l" * len(widths)  # pragma: no cover - the loop returns at the last size


def _rows(table: Table, whole: bool = False) -> list[str]:
    lines = []
    for i, row in enumerate(table.rows):
        cells = [fitted_cell_tex(c) if whole else cell_tex(c) for c in row]
        if i in table.total_rows:
            lines.append(r"\hline")
            cells = [r"\textbf{" + c + "}" if c else c for c in cells]
        lines.append(" & ".join(cells) + r" \\")
    return lines


def table_lines(table: Table, whole: bool = False) -> list[str]:
    head = " & ".join(r"\textbf{" + escape(c) + "}" for c in table.columns) + r" \\ \hline"
    if not whole:
        _, spec = _layout(table, FRAGMENT_WIDTH_PT, whole)
        lines = [r"\begin{center}"]
        if table.title:
            lines.append(r"\textbf{" + escape(table.title) + r"}\\[2pt]")
        lines += [r"\begin{tabular}{" + spec + "}", r"\hline", head]
        lines += [*_rows(table), r"\hline", r"\end{tabular}", r"\end{center}"]
        if table.caption:
            lines.append(r"\emph{" + escape(table.caption) + "}")
        return lines
    size, spec = _layout(table, PAGE_WIDTH_PT, whole)
    lines = (
        [r"\par\noindent\textbf{" + escape(table.title) + r"}\par\nopagebreak"]
        if table.title
        else []
    )
    lines.append("{" + size + r"\setlength{\LTpre}{2pt}\setlength{\LTpost}{6pt}")
    lines.append(r"\begin{longtable}[l]{@{}" + spec + "@{}}")
    lines += [r"\hline", head, r"\endhead", r"\hline", r"\endfoot"]
    lines += [*_rows(table, whole), r"\end{longtable}}"]
    if table.caption:
        lines.append(r"\emph{" + escape(table.caption) + r"}\par")
    return lines
