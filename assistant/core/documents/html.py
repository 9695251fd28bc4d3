"""HTML: a page read as blocks, and the spans of a page whose text is translated in place.

Both walk the same elements: a block element (paragraph, heading, list item,
cell...) holds text; what is hidden from a reader (scripts, styles) is never
text, and code is read but never translated.
"""

from __future__ import annotations

from html.parser import HTMLParser

from assistant.core.documents.readers import Block, BlockKind, Document

BLOCK_TAGS = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "td",
        "th",
        "dt",
        "dd",
        "figcaption",
        "caption",
        "blockquote",
        "title",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "nav",
        "ul",
        "ol",
        "table",
        "tr",
        "thead",
        "tbody",
        "pre",
        "body",
        "html",
        "head",
        "form",
        "br",
    }
)
HIDDEN = frozenset({"script", "style", "noscript", "template", "svg"})  # never text a person reads
_UNTRANSLATED = HIDDEN | {"code", "pre", "math", "kbd", "samp"}


# ----- reading ----------------------------------------------------------------------------


class _HTMLBlocks(HTMLParser):
    """An HTML page as blocks: headings, paragraphs, list items, quotes, code and tables."""

    _SKIP = HIDDEN | {"head"}
    _HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
    _BLOCKS = BLOCK_TAGS

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.title = ""
        self._skip = 0
        self._in_title = False
        self._text: list[str] = []
        self._kind: BlockKind = "paragraph"
        self._level = 0
        self._pre = 0
        self._row: list[str] = []
        self._rows: list[str] = []
        self._in_cell = False

    def _flush(self) -> None:
        raw = "".join(self._text)
        self._text = []
        if self._in_cell:
            return
        text = raw.strip("\n") if self._pre else " ".join(raw.split())
        if text.strip():
            self.blocks.append(Block("code" if self._pre else self._kind, text, self._level))
        self._kind, self._level = "paragraph", 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
            return
        if tag == "title":
            self._in_title = True
            return
        if self._skip:
            return
        if tag in ("td", "th"):
            self._text = []
            self._in_cell = True
            return
        if tag in self._BLOCKS:
            self._flush()
        if tag in self._HEADINGS:
            self._kind, self._level = "heading", self._HEADINGS[tag]
        elif tag == "li":
            self._kind = "list_item"
        elif tag == "blockquote":
            self._kind = "quote"
        elif tag == "pre":
            self._pre += 1
        elif tag == "table":
            self._rows = []
        elif tag == "tr":
            self._row = []

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
            return
        if tag == "title":
            self._in_title = False
            return
        if self._skip:
            return
        if tag in ("td", "th"):
            self._row.append(" ".join("".join(self._text).split()))
            self._text = []
            self._in_cell = False
            return
        if tag == "tr":
            if any(self._row):
                self._rows.append(" | ".join(self._row))
            self._row = []
            return
        if tag == "table":
            if self._rows:
                self.blocks.append(Block("table", "\n".join(self._rows)))
            self._rows = []
            return
        if tag in self._BLOCKS:
            self._flush()
        if tag == "pre":
            self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def from_html(text: str) -> Document:
    """Read a page as blocks (its <title> becomes the document's title); scripts and styles are left out."""
    parser = _HTMLBlocks()
    parser.feed(text)
    parser.close()
    return Document(parser.blocks, title=" ".join(parser.title.split()))


# ----- translating in place --------------------------------------------------------------


def html_spans(html: str) -> list[tuple[int, int, str]]:
    """(start, end, element) of the inner HTML of every block element that holds text and no other
    block: what is translated. Tags inside (links, bold) travel as protected markers."""
    line_starts = [0]
    for line in html.split("\n")[:-1]:
        line_starts.append(line_starts[-1] + len(line) + 1)
    spans: list[tuple[int, int, str]] = []

    class Finder(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=False)
            self.stack: list[list[object]] = []  # [tag, inner start, has block child, has text]
            self.skip = 0

        def position(self) -> int:
            line, col = self.getpos()
            return line_starts[line - 1] + col

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in _UNTRANSLATED:
                self.skip += 1
            if tag in BLOCK_TAGS:
                for entry in self.stack:
                    entry[2] = True
                raw = self.get_starttag_text() or ""
                if tag != "br":
                    self.stack.append([tag, self.position() + len(raw), False, False])

        def handle_endtag(self, tag: str) -> None:
            if tag in _UNTRANSLATED:
                self.skip = max(0, self.skip - 1)
            if tag in BLOCK_TAGS and self.stack and self.stack[-1][0] == tag:
                name, start, has_block, has_text = self.stack.pop()
                if not has_block and has_text and tag not in _UNTRANSLATED:
                    spans.append((int(start), self.position(), str(name)))  # type: ignore[call-overload]

        def handle_data(self, data: str) -> None:
            if data.strip() and not self.skip and self.stack:
                self.stack[-1][3] = True

    finder = Finder()
    finder.feed(html)
    finder.close()
    return sorted(spans)
