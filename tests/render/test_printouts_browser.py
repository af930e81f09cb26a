"""The HTML booklet as a reader sees it: rendered by headless Chromium to PDF and to PNG.

Skipped where Chromium is absent (``.ci/run`` installs Debian's ``chromium``). The checks are
what a person would notice: the page is not blank, the tables and the network pictures are
there and fit the page (no sideways scrolling on paper-sized or desktop pages, none of the
page itself on a phone), and the key numbers are in the text.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aecalc.cli import app
from aecalc.render.pdf import chromium_command

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)",
)
MEASURE = r"""<script>
(function () {
  var width = document.documentElement.clientWidth, wide = [];
  document.querySelectorAll('table, svg, pre, .equations, math, td, li').forEach(function (el) {
    var box = el.getBoundingClientRect();
    if (box.right > width + 1 || box.left < -1) wide.push(el.tagName + ' ends at ' + box.right + ' in ' + (el.closest('section') || {}).id + ': ' + el.textContent.slice(0, 60));
  });
  document.querySelectorAll('.scroll').forEach(function (el) {
    if (el.scrollWidth > el.clientWidth + 1) wide.push('scrolls ' + el.scrollWidth + ' > ' + el.clientWidth);
  });
  var broken = [];
  document.querySelectorAll('td, th').forEach(function (cell) {
    var walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT), node;
    while ((node = walker.nextNode())) {
      if (node.parentElement.closest('math')) continue;
      var re = /\S+/g, m;
      while ((m = re.exec(node.data))) {
        var range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        var lines = {};
        Array.prototype.forEach.call(range.getClientRects(), function (r) {
          if (r.width > 0) lines[Math.round(r.top)] = 1;
        });
        if (Object.keys(lines).length > 1) broken.push(m[0]);
        var cellBox = cell.getBoundingClientRect(), box = range.getBoundingClientRect();
        if (box.right > cellBox.right + 1) broken.push(m[0] + ' sticks out');
      }
    }
  });
  var problems = [], mathless = [];
  document.querySelectorAll('section.problem:not(#answers)').forEach(function (sec) {
    problems.push(sec.id);
    if (!sec.querySelector('math') && sec.querySelector('table, .equations')) mathless.push(sec.id);
  });
  var seen = {
    broken: broken,
    problems: problems.length,
    mathless: mathless,
    width: width,
    pageWidth: document.documentElement.scrollWidth,
    tables: document.querySelectorAll('table').length,
    rows: document.querySelectorAll('tr').length,
    svgs: document.querySelectorAll('svg').length,
    circles: document.querySelectorAll('svg circle').length,
    links: document.querySelectorAll('nav a').length,
    wide: wide,
    text: document.body.innerText
  };
  var out = document.createElement('pre');
  out.id = 'aecalc-measure';
  out.textContent = JSON.stringify(seen);
  document.body.appendChild(out);
})();
</script>"""
runner = CliRunner()


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    done = subprocess.run(
        [*chromium_command(CHROMIUM, profile), "--hide-scrollbars", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def write(tmp_path: Path, name: str, *args: str) -> Path:
    target = tmp_path / name
    result = runner.invoke(app, [*args, "--output", str(target)])
    assert result.exit_code == 0, result.stderr
    return target


def measure(tmp_path: Path, page: Path, width: int, as_printed: bool = False) -> dict[str, object]:
    """Load the page at ``width`` CSS pixels with a script that writes what it sees into the DOM.

    ``as_printed``: the print style sheet applied on screen, at A4's text width (184 mm ≈ 695 px),
    so what the printed page lays out can be measured in the DOM.
    """
    probe = page.with_name(f"{page.stem}-probe-{width}{'-print' if as_printed else ''}.html")
    text = page.read_text(encoding="utf-8")
    if as_printed:
        text = text.replace("@media print{", "@media all{").replace(
            "max-width:60rem", "max-width:1px"
        )
    probe.write_text(text.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    done = chromium(
        tmp_path,
        f"--window-size={width},900",
        "--virtual-time-budget=3000",
        "--dump-dom",
        probe.as_uri(),
    )
    found = re.search(r'<pre id="aecalc-measure">(.*?)</pre>', done.stdout, flags=re.DOTALL)
    assert found, done.stdout[-500:]
    data: dict[str, object] = json.loads(html.unescape(found.group(1)))
    return data


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB or RGBA PNG with the standard library: (width, height, rows)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, header = 8, b"", b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        chunk = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = chunk
        elif kind == b"IDAT":
            idat += chunk
        position += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6), (depth, colour)
    step = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * step
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up = previous[i]
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                corner = previous[i - step] if i >= step else 0
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + best) & 255
        rows.append(
            bytes(line) if step == 3 else bytes(b for j, b in enumerate(line) if j % 4 != 3)
        )
        previous = line
    return width, height, rows


@pytest.fixture(scope="module")
def booklet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    return write(folder, "booklet.html", "sheet", "--topic", "params,forward,loss,theory")


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole bank's booklet (every topic)."""
    folder = tmp_path_factory.mktemp("bank")
    return write(folder, "bank.html", "sheet")


def test_the_booklet_screenshot_is_not_blank(booklet: Path, tmp_path: Path) -> None:
    shot = tmp_path / "booklet.png"
    chromium(tmp_path, "--window-size=700,900", f"--screenshot={shot}", booklet.as_uri())
    width, height, rows = png_pixels(shot)
    assert (width, height) == (700, 900)
    pixels = [row[i : i + 3] for row in rows for i in range(0, len(row), 3)]
    colours = set(pixels)
    ink = sum(1 for p in pixels if sum(p) < 600) / len(pixels)
    assert len(colours) > 20, "the page is one flat colour"
    assert 0.01 < ink < 0.5, f"{ink:.1%} of the page is ink"
    top = rows[20:70]  # the title: dark text near the top
    assert any(min(row) < 80 for row in top)


def test_a_forward_pass_page_shows_the_network_in_colour(tmp_path: Path) -> None:
    page = write(
        tmp_path,
        "f1.html",
        *("forward", "--we", "1,-1;0,1", "--wd", "1,0;0,1", "--x", "1,0", "--act", "sigmoid"),
    )
    shot = tmp_path / "f1.png"
    chromium(tmp_path, "--window-size=700,900", f"--screenshot={shot}", page.as_uri())
    _, _, rows = png_pixels(shot)
    code_fill = bytes((0xFD, 0xE2, 0xB8))  # the code layer's neurons are drawn orange
    filled = sum(row.count(code_fill) for row in rows)  # counts byte runs, close enough
    assert filled > 500, filled
    seen = measure(tmp_path, page, 700)
    assert seen["circles"] == 6 and seen["wide"] == []
    text = str(seen["text"])
    for number in ("0.7311", "0.6750", "0.6225", "0.6835"):
        assert number in text
    assert "<math" in page.read_text(encoding="utf-8")  # z₁ = σ(1) = 1/(1 + e⁻¹) typeset


@pytest.mark.parametrize("width", [1000, 760])
def test_tables_and_pictures_fit_a_desktop_or_paper_wide_page(
    booklet: Path, tmp_path: Path, width: int
) -> None:
    seen = measure(tmp_path, booklet, width)
    assert isinstance(seen["tables"], int) and seen["tables"] > 30
    assert isinstance(seen["svgs"], int) and seen["svgs"] >= 10
    assert isinstance(seen["links"], int) and seen["links"] > 40
    assert seen["wide"] == [], seen["wide"]
    assert seen["pageWidth"] == seen["width"]
    text = str(seen["text"])
    for number in ("Contents", "59", "254", "0.6750, 0.6225", "0.6835", "narrowest hidden layer"):
        assert number in text, number


def test_on_a_narrow_screen_nothing_scrolls_sideways(booklet: Path, tmp_path: Path) -> None:
    seen = measure(tmp_path, booklet, 390)  # headless Chromium lays out at least 500 px wide
    assert isinstance(seen["width"], int) and seen["width"] <= 500
    assert seen["pageWidth"] == seen["width"] and seen["wide"] == [], seen["wide"]


@pytest.mark.parametrize(("width", "as_printed"), [(695, True), (500, False)])
def test_no_word_or_number_breaks_and_nothing_is_wider_than_the_page(
    bank: Path, tmp_path: Path, width: int, as_printed: bool
) -> None:
    seen = measure(tmp_path, bank, width, as_printed)
    assert seen["broken"] == [], seen["broken"][:20]  # type: ignore[index]
    assert seen["wide"] == [], seen["wide"]
    assert seen["pageWidth"] == seen["width"]


def test_every_worked_solution_holds_typeset_math(bank: Path, tmp_path: Path) -> None:
    seen = measure(tmp_path, bank, 1000)
    assert isinstance(seen["problems"], int) and seen["problems"] >= 60
    assert seen["mathless"] == [], seen["mathless"]
