"""HTML: a page read as blocks (scripts and styles left out), and the spans of a page that are translated."""

from __future__ import annotations

from pathlib import Path

from assistant.core.documents.html import html_spans
from assistant.core.documents.readers import load_document


def test_html_skips_scripts_and_keeps_structure(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Page</title><style>p{}</style></head><body><h1>Head</h1>"
        "<script>alert(1)</script><p>One <b>bold</b>\n word.</p><ul><li>x</li><li>y</li></ul>"
        "<table><tr><th>k</th><th>v</th></tr><tr><td>1</td><td>2</td></tr></table>"
        "<pre>code  here</pre></body></html>",
        encoding="utf-8",
    )
    document = load_document(path)
    assert document.title == "Page"
    assert [(b.kind, b.text) for b in document.blocks] == [
        ("heading", "Head"),
        ("paragraph", "One bold word."),
        ("list_item", "x"),
        ("list_item", "y"),
        ("table", "k | v\n1 | 2"),
        ("code", "code  here"),
    ]


def test_html_spans_are_the_inner_text_of_innermost_blocks_and_never_code() -> None:
    page = (
        "<html><head><title>标题</title><script>var s = 1;</script></head>\n<body>"
        '<div><p>One <a href="x">link</a>.</p>\n<p>  </p><pre><code>keep()</code></pre></div>'
        "<ul><li>item</li></ul><nav>menu</nav></body></html>"
    )
    spans = html_spans(page)
    assert [(page[start:end], tag) for start, end, tag in spans] == [
        ("标题", "title"),
        ('One <a href="x">link</a>.', "p"),
        ("item", "li"),
        ("menu", "nav"),
    ]


def test_a_nav_or_form_ends_a_paragraph_when_a_page_is_read(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<body>Intro text<nav>Home About</nav><form>Search here</form></body>", encoding="utf-8")
    assert [b.text for b in load_document(path).blocks] == ["Intro text", "Home About", "Search here"]
