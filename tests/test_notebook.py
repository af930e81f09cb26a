"""Jupyter: results display themselves as the printouts, checked by executing a real notebook.

The notebook runs in a fresh kernel (nbclient); each cell's rich output must hold what the
command line prints for the same call — the HTML table of ``count_params([10, 8, 4])`` with
its total 254, Markdown and LaTeX from the same renderers. Skipped where nbclient, nbformat
or ipykernel is not installed (they are in the test extra).
"""

from __future__ import annotations

import sys

import pytest

from aecalc import classify, count_params


def test_results_have_the_three_rich_forms() -> None:
    result = count_params([10, 8, 4])
    html, markdown, latex = result._repr_html_(), result._repr_markdown_(), result._repr_latex_()
    assert html is not None and "<table" in html and "254" in html and "<math" in html
    assert markdown is not None and markdown.startswith("## Parameters") and "254" in markdown
    assert latex is not None and r"\subsection*{" in latex and "254" in latex
    assert "overcomplete" in (classify(50, 80)._repr_html_() or "")


def test_a_record_without_a_presenter_keeps_its_repr() -> None:
    layer = count_params([10, 8, 4]).layers[0]
    assert layer._repr_html_() is None


def test_a_notebook_shows_the_table(tmp_path: object) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("from aecalc import count_params, classify"),
        nbformat.v4.new_code_cell("count_params([10, 8, 4])"),
        nbformat.v4.new_code_cell("classify(50, 80)"),
    ]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": "."}}
    )
    client.execute()
    params = notebook.cells[1].outputs[0]["data"]
    assert "<table" in params["text/html"] and "254" in params["text/html"]
    assert "254" in params["text/markdown"] and "254" in params["text/latex"]
    assert "overcomplete" in notebook.cells[2].outputs[0]["data"]["text/html"]
    assert sys.executable
