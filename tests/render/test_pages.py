"""Page numbers: each printed page's, and the contents' page of each section (read back from the
PDF Chromium prints: its named destinations), checked on the printed pages with pdftotext."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from aecalc.present.document import Contents, Document, Facts, Section
from aecalc.render import html, pages
from cli import run

SKIA_LIKE = b"""%PDF-1.4
1 0 obj
<</Type /Catalog
/Pages 2 0 R
/Dests 9 0 R>>
endobj
2 0 obj
<</Type /Pages
/Count 3
/Kids [3 0 R 4 0 R]>>
endobj
3 0 obj
<</Type /Pages
/Count 2
/Kids [5 0 R 6 0 R]>>
endobj
4 0 obj
<</Type /Pages
/Count 1
/Kids [7 0 R]>>
endobj
5 0 obj
<</Type /Page
/Parent 3 0 R>>
endobj
6 0 obj
<</Type /Page
/Parent 3 0 R>>
endobj
7 0 obj
<</Type /Page
/Parent 4 0 R>>
endobj
9 0 obj
<</topic-params [5 0 R /XYZ 0 800 0]
/p-q1 [6 0 R /XYZ 0 400 0]
/p-x#2Dy [7 0 R /XYZ 0 700 0]>>
endobj
trailer
<</Root 1 0 R>>
%%EOF
"""


def test_destinations_follow_the_page_tree_in_order() -> None:
    assert pages.destinations(SKIA_LIKE) == {"topic-params": 1, "p-q1": 2, "p-x-y": 3}
    assert pages.destinations(b"%PDF-1.4 no catalog") == {}


def booklet() -> Document:
    inner = Section("Q1 · one", "p-q1", (Facts("", (("a", "1"),)),))
    return Document("B", (Contents(), Section("Counting", "topic-params", (inner,), True)))


def test_the_contents_shows_the_pages_it_is_given_and_keeps_their_room_without() -> None:
    numbered = pages.numbered(booklet(), {"topic-params": 3, "p-q1": 4, "elsewhere": 9})
    assert numbered.blocks[0] == Contents("Contents", (("topic-params", 3), ("p-q1", 4)))
    page = html.render(numbered)
    assert '<span class="page">3</span><a href="#topic-params">' in page
    assert '<span class="page">4</span><a href="#p-q1">' in page
    assert '<span class="page"></span><a href="#p-q1">' in html.render(booklet())
    assert "@bottom-center{content:counter(page)" in page


@pytest.mark.skipif(
    not (
        shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome")
    )
    or shutil.which("pdftotext") is None,
    reason="needs Chromium and pdftotext",
)
def test_the_browser_booklet_numbers_its_pages_and_its_contents_points_at_them(
    tmp_path: Path,
) -> None:
    pdf = tmp_path / "booklet.pdf"
    env = {"AECALC_PDF_ENGINE": "chromium"}
    code, _, err = run("sheet", "--topic", "params,classify", "--output", str(pdf), env=env)
    assert code == 0, err
    assert err == f"Booklet of {err.split()[2]} problems written to {pdf}.\n"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    printed = text.split("\f")[:-1]
    for number, page in enumerate(printed, start=1):
        assert page.strip().splitlines()[-1].strip() == f"{number} / {len(printed)}"
    found = pages.destinations(pdf.read_bytes())
    assert found["p-q3a"] >= found["topic-params"] >= 1
    for title, anchor in (("Q3a · Stacked encoder", "p-q3a"), ("Q4 · Input 50", "p-q4")):
        entry = re.search(re.escape(title) + r".*?(\d+)\s*$", printed[0], re.MULTILINE)
        assert entry is not None and int(entry.group(1)) == found[anchor]
        assert title in printed[found[anchor] - 1]
