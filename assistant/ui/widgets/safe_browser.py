"""Rich text from a model, shown so that it can load nothing and open nothing on its own.

A model's reply is untrusted text. QTextBrowser would follow a clicked link
inside itself and load any image resource a document names (local files
included), so this browser loads no resources at all and hands a clicked link
to the system only when it is http(s); every other scheme is ignored.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

OPENABLE_SCHEMES = ("http", "https")


def open_external(url: QUrl) -> bool:
    """Open ``url`` in the user's browser if it is http(s); return whether it was opened."""
    if url.scheme().lower() not in OPENABLE_SCHEMES or not url.host():
        return False
    return QDesktopServices.openUrl(url)


class SafeBrowser(QTextBrowser):
    """Signals:
    internal_link(QUrl): a link of one of ``internal_schemes`` was clicked (e.g. "copy this code").
    """

    internal_link = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None, internal_schemes: tuple[str, ...] = ()) -> None:
        super().__init__(parent)
        self._internal = internal_schemes
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() in self._internal:
            self.internal_link.emit(url)
        else:
            open_external(url)

    def loadResource(self, kind: int, name: QUrl | str) -> object:  # noqa: N802 (Qt's name)
        """No images, style sheets or anything else: a reply cannot make Quill read a file or a URL."""
        return None
