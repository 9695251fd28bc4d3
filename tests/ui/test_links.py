"""A model's reply can link but not act: nothing loads, and only a clicked http(s) link opens."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

from assistant.core.documents.markdown import to_html
from assistant.ui.widgets import safe_browser
from assistant.ui.widgets.transcript import MessageBubble

REPLY = (
    "Read [the docs](https://docs.example.org/page) or [old](http://old.example.com/).\n\n"
    "Mail <mailto:someone@example.com>, [a file](file:///etc/hostname), [ftp](ftp://files.example.com/x).\n\n"
    "![tracking pixel](https://tracker.example.net/pixel.png) ![local](/etc/hostname)\n\n"
    '<img src="https://tracker.example.net/raw.png"> <script>alert(1)</script> [js](javascript:alert(1))\n'
)


class Opened:
    """Stands in for the system browser (the offscreen platform has none): records what Quill asks to open."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def openUrl(self, url: QUrl) -> bool:  # noqa: N802 (QDesktopServices' name)
        self.urls.append(url.toString())
        return True


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Opened:
    receiver = Opened()
    monkeypatch.setattr(safe_browser, "QDesktopServices", receiver)
    return receiver


@pytest.fixture
def bubble(qtbot: object) -> MessageBubble:
    widget = MessageBubble("assistant", REPLY)
    qtbot.addWidget(widget)  # type: ignore[attr-defined]
    widget.resize(700, 400)
    widget.show()
    qtbot.waitExposed(widget)  # type: ignore[attr-defined]
    return widget


def click_text(qtbot: object, bubble: MessageBubble, text: str) -> None:
    cursor = bubble.body.document().find(text)
    assert not cursor.isNull(), text
    cursor.setPosition(cursor.selectionStart() + 1)
    point = bubble.body.cursorRect(cursor).center()
    qtbot.mouseClick(bubble.body.viewport(), Qt.MouseButton.LeftButton, pos=point)  # type: ignore[attr-defined]


def test_markdown_images_become_links_and_raw_html_stays_text() -> None:
    page = to_html(REPLY)
    assert "<img" not in page and "<script" not in page
    assert '<a href="https://tracker.example.net/pixel.png">[tracking pixel]</a>' in page
    assert "&lt;img" in page and "&lt;script&gt;" in page
    assert 'href="javascript' not in page and 'href="file' not in page


def test_showing_a_reply_opens_and_loads_nothing(bubble: MessageBubble, opened: Opened) -> None:
    QApplication.processEvents()
    assert opened.urls == []
    document = bubble.body.document()
    html = document.toHtml()
    assert "<img" not in html
    for url in ("https://tracker.example.net/pixel.png", "file:///etc/hostname", "/etc/hostname"):
        assert bubble.body.loadResource(int(QTextDocument.ResourceType.ImageResource.value), QUrl(url)) is None


def test_only_a_clicked_http_link_opens(qtbot: object, bubble: MessageBubble, opened: Opened) -> None:
    click_text(qtbot, bubble, "the docs")
    assert opened.urls == ["https://docs.example.org/page"]
    click_text(qtbot, bubble, "old")
    assert opened.urls[-1] == "http://old.example.com/"
    click_text(qtbot, bubble, "tracking pixel")  # an image is a link to its address, opened only on a click
    assert opened.urls[-1] == "https://tracker.example.net/pixel.png"
    count = len(opened.urls)
    for text in ("someone@example.com", "a file", "ftp", "local", "js"):
        click_text(qtbot, bubble, text)
    assert len(opened.urls) == count, opened.urls[count:]
