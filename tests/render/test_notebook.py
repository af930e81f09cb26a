"""Jupyter: results display themselves as the printouts, checked by executing a real notebook.

The notebook runs in a fresh kernel (nbclient); each cell's rich output must hold what the
command line prints for the same call — the HTML table of ``count_params([10, 8, 4])`` with
its total 254, Markdown and LaTeX from the same renderers. The display is registered from
above (IPython formatters for :class:`~aecalc.record.Record`, by :mod:`aecalc.render.notebook`),
so ``aecalc.record`` imports nothing of aecalc's. Skipped where nbclient, nbformat or ipykernel
is not installed (they are in the test extra).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

import aecalc
from aecalc import classify, count_params
from aecalc.render import notebook

RECORD = Path(aecalc.__file__).with_name("record.py")


def test_results_have_the_three_rich_forms() -> None:
    result = count_params([10, 8, 4])
    html = notebook.show("html", result)
    markdown = notebook.show("markdown", result)
    latex = notebook.show("latex", result)
    assert html is not None and "<table" in html and "254" in html and "<math" in html
    assert markdown is not None and markdown.startswith("## Parameters") and "254" in markdown
    assert latex is not None and r"\subsection*{" in latex and "254" in latex
    assert "overcomplete" in (notebook.show("html", classify(50, 80)) or "")


def test_a_record_without_a_presenter_keeps_its_repr() -> None:
    layer = count_params([10, 8, 4]).layers[0]
    assert notebook.show("html", layer) is None
    assert not hasattr(layer, "_repr_html_")


def test_record_imports_nothing_of_aecalc() -> None:
    """The value base sits under every layer: no aecalc import, and no importlib to hide one."""
    tree = ast.parse(RECORD.read_text(encoding="utf-8"))
    modules = {
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
        )
    }
    assert modules and not {m for m in modules if m.split(".")[0] in ("aecalc", "importlib")}


def test_register_adds_formatters_by_type() -> None:
    """``register`` gives IPython's HTML, Markdown and LaTeX formatters a printer for Record,
    which every record type inherits; a record without a presenter gets none of the three."""
    formatters = pytest.importorskip("IPython.core.formatters")
    shell = SimpleNamespace(
        display_formatter=SimpleNamespace(
            formatters={
                "text/html": formatters.HTMLFormatter(),
                "text/markdown": formatters.MarkdownFormatter(),
                "text/latex": formatters.LatexFormatter(),
            }
        )
    )
    aecalc.load_ipython_extension(shell)
    html, markdown, latex = (shell.display_formatter.formatters[m] for m in notebook.FORMS)
    params = count_params([10, 8, 4])
    assert "<table" in html(params) and "254" in markdown(params) and "254" in latex(params)
    assert html(params.layers[0]) is None


def test_outside_ipython_nothing_is_registered() -> None:
    """``import aecalc`` in a plain interpreter loads no notebook support."""
    code = "import sys, aecalc; print('aecalc.render.notebook' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_notebook_shows_the_table(tmp_path: object) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    notebook_file = nbformat.v4.new_notebook()
    notebook_file.cells = [
        nbformat.v4.new_code_cell("from aecalc import count_params, classify"),
        nbformat.v4.new_code_cell("count_params([10, 8, 4])"),
        nbformat.v4.new_code_cell("classify(50, 80)"),
        nbformat.v4.new_code_cell("count_params([10, 8, 4]).layers[0]"),
    ]
    notebook_file.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    client = nbclient.NotebookClient(
        notebook_file, timeout=120, kernel_name="python3", resources={"metadata": {"path": "."}}
    )
    client.execute()
    params = notebook_file.cells[1].outputs[0]["data"]
    assert "<table" in params["text/html"] and "254" in params["text/html"]
    assert "254" in params["text/markdown"] and "254" in params["text/latex"]
    assert "overcomplete" in notebook_file.cells[2].outputs[0]["data"]["text/html"]
    layer = notebook_file.cells[3].outputs[0]["data"]
    assert set(layer) == {"text/plain"} and layer["text/plain"].startswith("DenseLayer(")
    assert sys.executable
