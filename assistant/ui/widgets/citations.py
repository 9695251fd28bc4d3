"""Citations: a reply's [n] markers as links, and the side panel that shows a cited passage in its document.

The transcript knows nothing of the Library: a bubble gets an HTML filter (``CitedReply``)
that turns the markers into ``quill-cite:n`` links and lists the sources under the reply,
and a click on one of those links shows the passage in a :class:`PassagePanel`. The
Library pane's search results use the same panel and the same highlighting.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from assistant.core.library.store import Passage
from assistant.ui.widgets.safe_browser import SafeBrowser

CITE_SCHEME = "quill-cite"
CONTEXT_CHARS = 1500  # document text shown before and after a passage
SNIPPET_CHARS = 220
# Legible on the light and the dark palette: the passage on a pale yellow, the matched words on a stronger one.
PASSAGE_STYLE = "background-color: #fff4c2; color: #1a1a1a;"
HIGHLIGHT_STYLE = "background-color: #ffd54f; color: #1a1a1a;"

_MARKER = re.compile(r"\[(\d{1,3}(?:\s*[,，]\s*\d{1,3})*)\]")
_TAG = re.compile(r"(<[^>]*>)")


def link_markers(rendered: str, count: int) -> str:
    """Turn ``[n]`` (1 <= n <= count) in a rendered reply into ``quill-cite:n`` links.

    Only text between tags changes, and never inside code: a model's ``a[1]`` in a code
    block stays code. ``[1, 3]`` becomes two links.
    """
    out: list[str] = []
    in_code = 0
    for piece in _TAG.split(rendered):
        if piece.startswith("<"):
            name = piece[1:].lstrip("/").split(" ", 1)[0].split(">", 1)[0].lower()
            if name in ("pre", "code"):
                in_code += -1 if piece.startswith("</") else 1
            out.append(piece)
        elif in_code > 0:
            out.append(piece)
        else:
            out.append(_MARKER.sub(lambda m: _links(m.group(1), count) or m.group(0), piece))
    return "".join(out)


def _links(numbers: str, count: int) -> str:
    found = [int(n) for n in re.split(r"\s*[,，]\s*", numbers)]
    if not all(1 <= n <= count for n in found):
        return ""  # "[7]" with five sources is not a citation: leave it as written
    return "".join(f'<a href="{CITE_SCHEME}:{n}">[{n}]</a>' for n in found)


def cited_numbers(text: str, count: int) -> list[int]:
    """The source numbers a reply cites, in order of first mention."""
    seen: list[int] = []
    for match in _MARKER.finditer(text):
        for n in (int(x) for x in re.split(r"\s*[,，]\s*", match.group(1))):
            if 1 <= n <= count and n not in seen:
                seen.append(n)
    return seen


def short_location(passage: Passage) -> str:
    """The passage's location without the document's own title in front (it is shown beside it)."""
    location = passage.location
    for prefix in (passage.title + " › ", passage.title + " > "):
        if passage.title and location.startswith(prefix):
            return location[len(prefix) :]
    return location


def sources_html(passages: Sequence[Passage], heading: str, numbers: Sequence[int] = ()) -> str:
    """The numbered list of sources under a reply (those in ``numbers``, else all), each a link to its passage."""
    shown = [n for n in numbers if 1 <= n <= len(passages)] or range(1, len(passages) + 1)
    rows = []
    for i in sorted(shown):
        p = passages[i - 1]
        location = short_location(p)
        rows.append(
            f'<a href="{CITE_SCHEME}:{i}">[{i}] {html.escape(p.title or p.path.name)}</a>'
            + (f" · {html.escape(location)}" if location else "")
        )
    return f'<p style="font-size: small;"><b>{html.escape(heading)}</b><br>' + "<br>".join(rows) + "</p>"


def search_terms(query: str) -> list[str]:
    """The words of a query to highlight: whitespace-separated terms, longest first (CJK has no spaces,
    so a Chinese query is highlighted as the phrase it is)."""
    terms = {t for t in re.split(r"[\s,，。？?！!、;；:：\"'“”]+", query) if len(t) >= 2 or _is_cjk(t)}
    return sorted((t for t in terms if t), key=len, reverse=True)


def _is_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def highlighted(text: str, terms: Sequence[str]) -> str:
    """``text`` as HTML with every occurrence of ``terms`` (case-insensitive) marked."""
    if not terms:
        return html.escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        out.append(html.escape(text[last : match.start()]))
        out.append(f'<span style="{HIGHLIGHT_STYLE}"><b>{html.escape(match.group(0))}</b></span>')
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


_MARKUP = re.compile(r"(?m)^\s{0,3}#{1,6}\s+|\*\*|__|`+")


def snippet(text: str, terms: Sequence[str], width: int = SNIPPET_CHARS) -> str:
    """A short window of ``text`` around the first matched term (its start when nothing matches), as HTML,
    without Markdown's heading marks, bold stars and backticks."""
    flat = " ".join(_MARKUP.sub("", text).split())
    lowered = flat.lower()
    hits = [i for i in (lowered.find(t.lower()) for t in terms) if i >= 0]
    start = max(0, min(hits) - width // 3) if hits else 0
    end = min(len(flat), start + width)
    body = highlighted(flat[start:end], terms)
    return ("… " if start > 0 else "") + body + (" …" if end < len(flat) else "")


def passage_html(document_text: str, passage: Passage, terms: Sequence[str] = ()) -> str:
    """The passage highlighted within the surrounding document text (CONTEXT_CHARS either side)."""
    start, end = passage.start, passage.end
    if not (0 <= start < end <= len(document_text)):  # the document changed since: show the passage alone
        document_text, start, end = passage.text, 0, len(passage.text)
    before_from = max(0, start - CONTEXT_CHARS)
    after_to = min(len(document_text), end + CONTEXT_CHARS)

    def paragraphs(text: str) -> str:
        return html.escape(text).replace("\n\n", "<br><br>").replace("\n", "<br>")

    inner = highlighted(document_text[start:end], terms).replace("\n", "<br>")
    return (
        ("<p>…</p>" if before_from > 0 else "")
        + f'<span style="color: gray;">{paragraphs(document_text[before_from:start])}</span>'
        + f'<a name="passage"></a><span style="{PASSAGE_STYLE}">{inner}</span>'
        + f'<span style="color: gray;">{paragraphs(document_text[end:after_to])}</span>'
        + ("<p>…</p>" if after_to < len(document_text) else "")
    )


class CitedReply:
    """What a reply bubble needs to show its sources: the passages it was given, numbered from 1.

    ``filter`` is the bubble's HTML filter (links, then the list of the sources the reply cites, or
    of all it was given under ``uncited_heading`` when it ended citing none); ``passage_for`` turns a
    link into the passage it names.
    """

    def __init__(
        self, passages: Sequence[Passage], heading: str, uncited_heading: str = "", *, done: bool = True
    ) -> None:
        self.passages = tuple(passages)
        self.heading = heading
        self.uncited_heading = uncited_heading or heading
        self.done = done  # False while the reply is being written: no citation yet is not "none"

    def filter(self, rendered: str) -> str:
        if not self.passages:
            return rendered
        count = len(self.passages)
        cited = cited_numbers(rendered, count)
        heading = self.heading if cited or not self.done else self.uncited_heading
        return link_markers(rendered, count) + sources_html(self.passages, heading, cited)

    def passage_for(self, url: QUrl) -> Passage | None:
        if url.scheme() != CITE_SCHEME:
            return None
        try:
            number = int(url.path())
        except ValueError:
            return None
        return self.passages[number - 1] if 1 <= number <= len(self.passages) else None


def attach(browser: SafeBrowser, reply: CitedReply, show: Callable[[Passage], None]) -> None:
    """Make ``browser``'s citation links show their passage (SafeBrowser itself ignores the scheme)."""

    def on_anchor(url: QUrl) -> None:
        passage = reply.passage_for(url)
        if passage is not None:
            show(passage)

    browser.anchorClicked.connect(on_anchor)


class PassagePanel(QFrame):
    """A cited passage: its document and location, the passage highlighted in its surrounding text,
    and "Open file".

    Signals:
        shown(object): a passage is shown (the Passage).
        closed(): the user closed the panel.
    """

    shown = Signal(object)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passagePanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Source passage"))
        self.passage: Passage | None = None
        self.title_label = QLabel()
        self.title_label.setObjectName("passageTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.location_label = QLabel()
        self.location_label.setObjectName("passageLocation")
        self.location_label.setWordWrap(True)
        self.close_button = QToolButton()
        self.close_button.setObjectName("passageClose")
        self.close_button.setText("×")
        self.close_button.setToolTip(self.tr("Close the source panel"))
        self.close_button.setAccessibleName(self.tr("Close the source panel"))
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self._close)
        self.text = SafeBrowser()
        self.text.setObjectName("passageText")
        self.text.setAccessibleName(self.tr("The passage in its document"))
        self.open_button = QPushButton(self.tr("Open file"))
        self.open_button.setObjectName("passageOpenFile")
        self.open_button.setToolTip(self.tr("Open the document in the program your system uses for it"))
        self.open_button.setAccessibleName(self.tr("Open file"))
        self.open_button.clicked.connect(self.open_file)
        self.status = QLabel()
        self.status.setObjectName("passageStatus")
        self.status.setWordWrap(True)
        self.status.hide()

        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.addLayout(header)
        layout.addWidget(self.location_label)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        layout.addLayout(buttons)

    def show_passage(self, passage: Passage, document_text: str, terms: Sequence[str] = ()) -> None:
        """Show ``passage`` highlighted within ``document_text`` (the text its span refers to)."""
        self.passage = passage
        self.title_label.setText(passage.title or passage.path.name)
        self.title_label.setToolTip(str(passage.path))
        location = short_location(passage)
        self.location_label.setText(
            self.tr("{0} · {1}").format(location, passage.path.name) if location else passage.path.name
        )
        self.status.hide()
        self.text.setHtml(passage_html(document_text, passage, terms))
        self.open_button.setEnabled(True)
        self.show()
        QTimer.singleShot(0, lambda: self.text.scrollToAnchor("passage"))
        self.shown.emit(passage)

    def open_file(self) -> bool:
        """Open the passage's document with the system's program for it; a missing file is one line."""
        if self.passage is None:
            return False
        path = Path(self.passage.path)
        if not path.exists():
            self.status.setText(self.tr("The file is no longer there: {0}").format(str(path)))
            self.status.show()
            return False
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        if not opened:
            self.status.setText(self.tr("No program on this computer opens {0}.").format(path.name))
            self.status.show()
        return bool(opened)

    def _close(self) -> None:
        self.hide()
        self.closed.emit()
