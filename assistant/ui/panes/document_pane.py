"""The frame the Summarize, Translate and Write panes share: open a file (button or drop), save, one status line.

Each pane says which formats it opens (a list from the core, so the file
dialog offers exactly what the core accepts), how to open a file and how to
save its result; this class does the dialogs, the drop and the status line, so
every pane reports problems the same way and in the same colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from assistant.core.documents.formats import glob_patterns
from assistant.core.errors import UserFacingError
from assistant.ui.i18n import shown

ERROR_STYLE = "color: #b9770e;"  # amber: legible on the light and the dark palette


class DocumentPane(QWidget):
    """A pane that works on a document. Subclasses set ``open_formats``, call :meth:`_status_line`
    while building, and implement :meth:`open_file` and :meth:`save_to`."""

    open_formats: Sequence[str] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.status = QLabel()

    def open_file(self, path: Path) -> bool:
        """Load ``path``; a problem is one sentence in the status line and False."""
        raise NotImplementedError

    def save_to(self, path: Path) -> Path:
        """Write the pane's result to ``path``. Raises UserFacingError when it cannot."""
        raise NotImplementedError

    def _may_replace(self) -> bool:
        """Whether opening a file may replace what the pane holds now (the Write pane asks first)."""
        return True

    def _open_title(self) -> str:
        return self.tr("Open a document")

    # -- the status line -----------------------------------------------------------

    def _status_line(self, name: str) -> QLabel:
        """The pane's status label (made here so every pane's looks and wraps the same)."""
        self.status.setObjectName(name)
        self.status.setWordWrap(True)
        return self.status

    def _show_status(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else "")

    # -- files ---------------------------------------------------------------------

    def _format_names(self) -> dict[str, str]:
        return {".md": self.tr("Markdown"), ".txt": self.tr("Text"), ".docx": self.tr("Word"), ".html": self.tr("HTML")}

    def _save_filter(self, formats: Sequence[str]) -> str:
        """``Markdown (*.md);;Text (*.txt)``: one filter a format, in the order given."""
        names = self._format_names()
        return ";;".join(f"{names.get(suffix, suffix)} (*{suffix})" for suffix in formats)

    def _ask_open(self) -> None:
        if not self._may_replace():
            return
        path, _ = QFileDialog.getOpenFileName(
            self,
            self._open_title(),
            str(Path.home()),
            self.tr("Documents ({0});;All files (*)").format(glob_patterns(self.open_formats)),
        )
        if path:
            self.open_file(Path(path))

    def _save_dialog(self, title: str, suggested: Path, formats: Sequence[str] = ()) -> None:
        """Ask where to save (offering ``formats``, or any name when there are none), then save there."""
        path, _ = QFileDialog.getSaveFileName(self, title, str(suggested), self._save_filter(formats))
        if path:
            self._save_reporting(Path(path))

    def _save_reporting(self, path: Path) -> None:
        try:
            self.save_to(path)
            self._show_status(self.tr("Saved {0}.").format(str(path)))
        except UserFacingError as exc:
            self._show_status(shown(exc.message), error=True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt's name)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls and self._may_replace():
            self.open_file(Path(urls[0].toLocalFile()))
            event.acceptProposedAction()
