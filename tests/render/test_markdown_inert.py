"""Problem text is text in every printout: hostile titles and statements make no link, no remote
image, no HTML, no math and no block structure of their own.

Markdown is checked by parsing it (``markdown-it-py``, installed with rich: CommonMark plus GFM
tables and strikethrough, with ``text_join`` off so escaped characters stay separate
``text_special`` tokens, and with every link target allowed: markdown-it itself drops
``javascript:`` links, other renderers do not). The checks: no image token; every link is one of aecalc's own contents
links (``#anchor``); raw HTML only aecalc's own anchors; each hostile text comes back character
for character as plain text in the heading, cell, list item or quote it was put in; every ``$``
it holds is escaped (an odd number of backslashes before it, which is what the dollar-math
extensions of markdown-it, GitHub and pandoc test) while aecalc's own ``$…$`` stays live.

HTML, SVG, LaTeX, Anki and the notebook forms get the same titles: no element, attribute or
command is made from them.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from aecalc.present.document import (
    Contents,
    Diagram,
    Document,
    Equations,
    Facts,
    Math,
    Note,
    Section,
    Table,
)
from aecalc.render import markdown
from aecalc.render.text import shown
from cli import run

HOSTILE = {
    "link": "[x](javascript:alert(1)) and [y][ref]",
    "image": "![](http://evil.example/pixel.png) ![alt][ref]",
    "definition": "[ref]: http://evil.example/p.png",
    "escaped dollars": r"\$\frac{1}{2}\$ and \$x\$",
    "dollars": "$x^2$ costs $5 and $$y$$",
    "html": "<img src=x onerror=alert(1)> <script>alert(2)</script> <!-- c -->",
    "autolinks": "<http://evil.example/a> www.evil.example https://evil.example/b a@b.org",
    "emphasis": "*em* _em_ **strong** ~~strike~~ `code` ``code``",
    "entities": "&lt;b&gt; &#60;i&#62; &amp;",
    "escaped brackets": r"\[x\](javascript:y) \![z\](http://evil.example/q.png)",
    "latex": r"\input{/etc/hostname} \write18{touch pwned} \(x\) \[y\] \href{http://e.x}{z}",
    "blocks": "# heading\n> quote\n- item\n+ item\n1. item\n2) item\n```\ncode\n```\n"
    "    indented\n---\n===\n| a | b |\n|---|---|\n<div>\n\n[ref]: http://evil.example/x",
    "trailing backslash": "ends in a backslash \\",
}
ANCHOR = "s-one"


def parse(text: str) -> list[Token]:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.disable("text_join")
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # javascript: links too
    return md.parse(text)


def walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from walk(token.children or [])


def plain(inline: Token) -> str:
    """What an inline token shows as text: text and escaped characters, hard breaks as "\\n".

    The only markup allowed is aecalc's own bold label at the very start (``**Warning:**``,
    ``**question:**``); anything else fails the test."""
    children = [c for c in inline.children or [] if c.content or c.type != "text"]
    if children and children[0].type == "strong_open":
        close = next(i for i, c in enumerate(children) if c.type == "strong_close")
        children = children[1:close] + children[close + 1 :]
    parts = []
    for child in children:
        assert child.type in ("text", "text_special", "hardbreak", "softbreak"), child
        parts.append("\n" if child.type == "hardbreak" else child.content)
    return "".join(parts)


def one_line(text: str) -> str:
    return " ".join(line.strip() for line in shown(text).split("\n") if line.strip())


def lines(text: str) -> str:
    return "\n".join(line.strip() for line in shown(text).split("\n") if line.strip())


def document(text: str) -> Document:
    """Every text slot of every block holds ``text``; aecalc's own math sits beside it."""
    return Document(
        text,
        (
            Contents(),
            Section(
                text,
                ANCHOR,
                (
                    Table(text, (text, "b"), ((text, Math("x^2", "x^{2}")),), caption=text),
                    Facts(text, ((text, text), ("", text))),
                    Note(text),
                    Note(text, "warning"),
                    Diagram(text, "a drawing with ``` in it"),
                    Equations(text, ((Math("a", "a"), Math("b", "b")),), caption=text),
                ),
            ),
        ),
    )


def assert_no_live_markup(tokens: list[Token], anchors: set[str]) -> None:
    """No image, no link but the contents' own, no HTML but the anchors aecalc writes."""
    for token in walk(tokens):
        assert token.type not in ("image", "html_block", "code_inline", "code_block", "s_open")
        if token.type == "link_open":
            assert token.attrs["href"] in {f"#{a}" for a in anchors}, token.attrs
        if token.type == "html_inline":
            assert re.fullmatch(r'<a id="[a-z0-9-]+">|</a>', token.content), token.content


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_comes_back_as_plain_text(text: str) -> None:
    source = markdown.render(document(text))
    tokens = parse(source)
    assert_no_live_markup(tokens, {ANCHOR})
    headings = [tokens[i + 1] for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert len(headings) == 7  # title, contents, section, table, facts, diagram, equations
    for heading in headings:
        if plain(heading) != "Contents":
            assert plain(heading) == one_line(text)
    cells = [tokens[i + 1] for i, t in enumerate(tokens) if t.type in ("th_open", "td_open")]
    assert [plain(cells[0]), plain(cells[1]), plain(cells[2])] == [
        one_line(text),
        "b",
        one_line(text),
    ]
    quotes = [i for i, t in enumerate(tokens) if t.type == "blockquote_open"]
    assert len(quotes) == 2  # the two notes, one paragraph each, nothing nested
    for start in quotes:
        assert [t.type for t in tokens[start : start + 5]] == [
            "blockquote_open",
            "paragraph_open",
            "inline",
            "paragraph_close",
            "blockquote_close",
        ]
    assert plain(tokens[quotes[0] + 2]) == lines(text)
    assert plain(tokens[quotes[1] + 2]) == "Warning: " + lines(text)
    items = [tokens[i + 2] for i, t in enumerate(tokens) if t.type == "list_item_open"]
    assert [plain(item) for item in items[-2:]] == [f"{one_line(text)}: {lines(text)}", lines(text)]
    assert not any(t.type in ("ordered_list_open", "hr") for t in tokens)
    fences = [t for t in tokens if t.type == "fence"]
    assert [t.content for t in fences] == ["a drawing with ``` in it\n"]


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_every_dollar_of_the_text_is_escaped_and_aecalcs_math_is_live(text: str) -> None:
    source = markdown.render(document(text))
    own = ["$x^{2}$", "$$\n\\begin{aligned}\na &= b\n\\end{aligned}\n$$"]
    assert all(math in source for math in own)  # aecalc's own math, unescaped
    rest = source
    for math in own:
        rest = rest.replace(math, "")
    for match in re.finditer(r"(\\*)\$", rest):
        assert len(match.group(1)) % 2 == 1, rest[max(0, match.start() - 30) : match.end() + 30]
    dollars = [t.content for t in walk(parse(source)) if t.type == "text" and "$" in t.content]
    assert dollars == ["$x^{2}$", "$$", "$$"]


def test_no_bare_address_stays_whole_in_a_text_token() -> None:
    """GFM's autolinks and linkify work on runs of text: the escaped ':' of '://' and '.' of
    'www.' split them, so neither sees an address to link."""
    source = markdown.render(document(HOSTILE["autolinks"]))
    texts = [t.content for t in walk(parse(source)) if t.type == "text"]
    assert not any("://" in t or "www." in t or "@" in t for t in texts)


# -- the command line, and the other printouts ------------------------------------------------------

TITLE = " ".join(HOSTILE[k] for k in ("link", "image", "escaped dollars", "html", "latex"))


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bank")
    (folder / "h1.toml").write_text(
        f'id = "H1"\ntopic = "params"\ntitle = {json.dumps(TITLE)}\ndifficulty = 1\n'
        f"statement = {json.dumps(HOSTILE['blocks'] + ' ' + HOSTILE['autolinks'])}\n"
        'answer = "59"\n\n[solve]\nkind = "params"\nsizes = [8, 3, 8]\nquantity = "total"\n',
        encoding="utf-8",
    )
    return folder


def test_a_hostile_bank_prints_inert_markdown(bank: Path) -> None:
    code, out, err = run("sheet", str(bank), "-f", "markdown")
    assert code == 0, err
    assert_no_live_markup(parse(out), {"topic-params", "p-h1", "answers"})
    assert sum("javascript" in t.content for t in walk(parse(out)) if t.type == "text") >= 2


class Elements(HTMLParser):
    """Every element and attribute of an HTML text."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def assert_inert_html(page: str) -> None:
    parser = Elements()
    parser.feed(page)
    tags = {tag for tag, _ in parser.found}
    assert not tags & {"img", "script", "iframe", "object", "embed", "image", "link", "base"}
    for tag, attrs in parser.found:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert name not in ("src", "srcset", "xlink:href"), (tag, name, value)
            if name == "href":
                assert (value or "").startswith("#"), (tag, value)


def test_a_hostile_bank_prints_inert_html_and_svg(bank: Path, tmp_path: Path) -> None:
    code, page, err = run("sheet", str(bank), "-f", "html")
    assert code == 0, err
    assert_inert_html(page)
    assert "javascript:alert(1)" in page  # there, as text
    svg = tmp_path / "sheet.svg"
    assert run("sheet", str(bank), "--output", str(svg))[0] == 0
    root = ET.parse(svg).getroot()
    names = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    assert not names & {"a", "image", "script", "foreignObject", "use"}
    assert "javascript:alert(1)" in "".join(root.itertext())


def test_the_notebook_forms_are_inert(bank: Path) -> None:
    from aecalc.render import notebook

    doc = document(TITLE)
    page = notebook.show("html", doc)
    assert page is not None
    assert_inert_html(page)
    text = notebook.show("markdown", doc)
    assert text is not None
    assert_no_live_markup(parse(text), {ANCHOR})


def test_the_anki_deck_is_inert(bank: Path, tmp_path: Path) -> None:
    pytest.importorskip("genanki")
    deck = tmp_path / "sheet.apkg"
    code, _, err = run("sheet", str(bank), "--output", str(deck))
    assert code == 0, err
    with zipfile.ZipFile(deck) as archive:
        archive.extract("collection.anki2", tmp_path)
    with sqlite3.connect(tmp_path / "collection.anki2") as database:
        fields = [row[0] for row in database.execute("SELECT flds FROM notes")]
    assert any("javascript:alert(1)" in field for field in fields)
    for field in fields:
        assert_inert_html(field)


def test_latex_keeps_the_text_as_text(bank: Path, tmp_path: Path) -> None:
    tex = tmp_path / "sheet.tex"
    assert run("sheet", str(bank), "--output", str(tex))[0] == 0
    source = tex.read_text(encoding="utf-8")
    commands = set(re.findall(r"\\([A-Za-z]+)", source))
    assert not commands & {"input", "write", "href", "url", "includegraphics", "immediate"}
    if shutil.which("pdflatex") is None or shutil.which("pdftotext") is None:
        pytest.skip("pdflatex or pdftotext is not installed: the source was checked")
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", tex.name],
        cwd=tmp_path,
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    text = subprocess.run(
        ["pdftotext", "-layout", "sheet.pdf", "-"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = " ".join(text.split())
    assert r"\input{/etc/hostname}" in flat and "[x](javascript:alert(1))" in flat
    assert not (tmp_path / "pwned").exists()
