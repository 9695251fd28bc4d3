"""The download queue as rows: name, progress bar, bytes / speed / time left, Pause, Resume, Cancel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from assistant.core.models.memory import format_bytes
from assistant.ui.downloads import DONE, FAILED, PAUSED, QUEUED, RUNNING, DownloadEntry, DownloadManager


def format_duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


class DownloadRow(QFrame):
    """One download. Buttons show only when they apply to its state."""

    def __init__(self, entry: DownloadEntry, manager: DownloadManager, use_model: Callable[[Path], None]) -> None:
        super().__init__()
        self.setObjectName("downloadRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.key = entry.key
        self._manager = manager
        self._use_model = use_model
        self.title = QLabel(entry.title)
        self.title.setObjectName("downloadTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bar = QProgressBar()
        self.bar.setObjectName("downloadProgress")
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName(self.tr("Download progress"))
        self.status = QLabel()
        self.status.setObjectName("downloadStatus")
        self.status.setWordWrap(True)
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setObjectName("downloadPause")
        self.resume_button = QPushButton(self.tr("Resume"))
        self.resume_button.setObjectName("downloadResume")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("downloadCancel")
        self.use_button = QPushButton(self.tr("Use this model"))
        self.use_button.setObjectName("downloadUse")
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setObjectName("downloadClear")
        self.pause_button.clicked.connect(lambda: manager.pause(self.key))
        self.resume_button.clicked.connect(lambda: manager.resume(self.key))
        self.cancel_button.clicked.connect(lambda: manager.cancel(self.key))
        self.clear_button.clicked.connect(lambda: manager.clear(self.key))
        self.use_button.clicked.connect(self._use)

        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.addWidget(self.title, 0, 0)
        grid.addWidget(self.bar, 1, 0)
        grid.addWidget(self.status, 2, 0)
        buttons = QHBoxLayout()
        for button in (self.pause_button, self.resume_button, self.cancel_button, self.use_button, self.clear_button):
            buttons.addWidget(button)
        grid.addLayout(buttons, 0, 1, 3, 1, Qt.AlignmentFlag.AlignVCenter)
        grid.setColumnStretch(0, 1)
        self.update_from(entry)

    def _use(self) -> None:
        entry = self._manager.entries.get(self.key)
        if entry is not None and entry.path is not None:
            self._use_model(entry.path)

    def update_from(self, entry: DownloadEntry) -> None:
        state = entry.state
        total = entry.total
        done = entry.done_bytes
        if total:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * min(1.0, done / total)))
        else:
            self.bar.setRange(0, 0)  # size unknown: a busy bar
        amount = self.tr("{0} of {1}").format(format_bytes(done), format_bytes(total)) if total else format_bytes(done)
        progress = entry.progress
        if state == RUNNING and progress is not None and progress.state == "verifying":
            text = self.tr("Checking the file…")
        elif state == RUNNING and progress is not None and progress.state == "retrying":
            text = self.tr("{0} · connection lost, retrying…").format(amount)
        elif state == RUNNING and progress is not None:
            text = amount
            if progress.speed > 0:
                text += " · " + self.tr("{0}/s").format(format_bytes(progress.speed))
            if progress.eta is not None:
                text += " · " + self.tr("{0} left").format(format_duration(progress.eta))
        elif state in (QUEUED, RUNNING):
            text = self.tr("Starting…")
        elif state == PAUSED:
            text = self.tr("Paused at {0}").format(amount)
        elif state == FAILED:
            text = entry.message
        else:
            text = self.tr("Downloaded and verified: {0}").format(format_bytes(total))
        self.status.setText(text)
        self.status.setToolTip(str(entry.path) if entry.path else "")
        self.status.setProperty("failed", state == FAILED)
        self.pause_button.setVisible(state in (QUEUED, RUNNING))
        self.resume_button.setVisible(state in (PAUSED, FAILED) and (state == PAUSED or entry.resumable))
        self.resume_button.setText(self.tr("Retry") if state == FAILED else self.tr("Resume"))
        self.cancel_button.setVisible(state != DONE)
        self.use_button.setVisible(state == DONE)
        self.clear_button.setVisible(state == DONE)


class DownloadQueueView(QWidget):
    """Every download the manager knows, newest last; says so when there are none."""

    def __init__(
        self, manager: DownloadManager, use_model: Callable[[Path], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("downloadQueue")
        self._manager = manager
        self._use_model = use_model
        self.rows: dict[str, DownloadRow] = {}
        self.heading = QLabel(self.tr("Downloads"))
        self.heading.setObjectName("downloadsHeading")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.empty = QLabel(
            self.tr(
                "No downloads. Models you download from the Recommended or Search Hub "
                "tabs appear here; you can pause them and resume later, even after "
                "restarting Quill."
            )
        )
        self.empty.setWordWrap(True)
        self._list = QVBoxLayout()
        self._list.setContentsMargins(0, 0, 0, 0)
        holder = QWidget()
        inner = QVBoxLayout(holder)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.empty)
        inner.addLayout(self._list)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName(self.tr("Downloads"))
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(scroll)
        manager.added.connect(self._add)
        manager.changed.connect(self._update)
        manager.removed.connect(self._remove)
        for key in manager.entries:
            self._add(key)
        self._sync_empty()

    def _add(self, key: str) -> None:
        entry = self._manager.entries.get(key)
        if entry is None or key in self.rows:
            return
        row = DownloadRow(entry, self._manager, self._use_model)
        self.rows[key] = row
        self._list.addWidget(row)
        self._sync_empty()

    def _update(self, key: str) -> None:
        entry = self._manager.entries.get(key)
        row = self.rows.get(key)
        if entry is not None and row is not None:
            row.update_from(entry)

    def _remove(self, key: str) -> None:
        row = self.rows.pop(key, None)
        if row is not None:
            row.setParent(None)
            row.deleteLater()
        self._sync_empty()

    def _sync_empty(self) -> None:
        self.empty.setVisible(not self.rows)
