"""LaTeX: a whole document that pdflatex compiles as it is (``--output FILE.tex``), or a fragment
(tabular, align*, itemize) that compiles inside a document with amsmath (``--fragment``, stdout).

The output is pure ASCII: every Unicode symbol the presenters use is spelled in TeX, so it
compiles with pdflatex as well as with XeLaTeX or LuaLaTeX. In the whole document tables are
``longtable`` (they break across pages: a booklet's answers are all there), their columns are
sized to fit the text width (a smaller font for the widest), long equation chains are split at
their ``=`` signs, and commands (``aecalc loss bce --x 1,0``) are typewriter text whose ``--``
stays two hyphens.

Three modules, one idea each: :mod:`.escaping` (text and symbols in ASCII TeX), :mod:`.tables`
(column widths and the table's layout) and :mod:`.document` (the blocks in order, the fragment
and the whole document).
"""

from __future__ import annotations

from aecalc.render.latex.document import PREAMBLE, render, render_document
from aecalc.render.latex.escaping import escape
from aecalc.render.latex.tables import FRAGMENT_WIDTH_PT, PAGE_WIDTH_PT

__all__ = ["FRAGMENT_WIDTH_PT", "PAGE_WIDTH_PT", "PREAMBLE", "escape", "render", "render_document"]
