"""Citation markers become links only where they are citations; highlighting marks what was searched."""

from __future__ import annotations

from pathlib import Path

from assistant.core.documents.markdown import to_html
from assistant.core.library.store import Passage
from assistant.ui.widgets.citations import (
    CITE_SCHEME,
    cited_numbers,
    highlighted,
    link_markers,
    passage_html,
    search_terms,
    short_location,
)


def passage(start: int, end: int, text: str) -> Passage:
    return Passage(
        1, 1, Path("/docs/a.md"), "Guide", "Guide › Install", None, ("Guide", "Install"), start, end, text, 1.0
    )


def test_markers_link_in_prose_but_not_in_code_or_out_of_range() -> None:
    rendered = to_html("Install it first [1][2], then run [1, 3].\n\n```python\nx = a[1]\n```\n\nNot a source: [9].")
    linked = link_markers(rendered, 3)
    assert linked.count(f'href="{CITE_SCHEME}:1"') == 2
    assert f'href="{CITE_SCHEME}:2"' in linked and f'href="{CITE_SCHEME}:3"' in linked
    assert "a[1]" in linked  # code stays code
    assert f"{CITE_SCHEME}:9" not in linked and "[9]" in linked
    assert cited_numbers("see [2] and [1][2], also [7]", 3) == [2, 1]


def test_highlighting_and_the_passage_in_its_document() -> None:
    assert search_terms("owner  thread") == ["thread", "owner"]
    assert search_terms("自注意力机制") == ["自注意力机制"]
    marked = highlighted("One owner <thread> per Model", ["owner", "model"])
    assert "&lt;thread&gt;" in marked and marked.count("<b>") == 2
    document = "Intro text.\n\nInstall with pip.\n\nAfter that."
    start = document.index("Install")
    html = passage_html(document, passage(start, start + len("Install with pip."), "Install with pip."))
    assert html.index("Intro text.") < html.index('name="passage"') < html.index("Install with pip.")
    assert "After that." in html
    # A span that no longer fits the document (it changed since) shows the passage alone.
    assert "Install with pip." in passage_html("short", passage(50, 80, "Install with pip."))
    assert short_location(passage(0, 1, "x")) == "Install"
