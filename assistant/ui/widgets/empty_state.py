"""What a result area shows before there is a result: what to do next, not an empty box.

An icon, one line saying what will appear here, one saying how to get there
(paste, drop a file, press the button), and an optional "Try an example"
button for someone who has nothing at hand yet.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from assistant.ui import icons

ICON_SIZE = 40


class EmptyState(QWidget):
    """Signals:
    example_requested(): the user pressed "Try an example".
    """

    example_requested = Signal()

    def __init__(self, icon_name: str, title: str, text: str, example: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self._icon_name = icon_name
        self.icon = QLabel()
        self.icon.setObjectName("emptyStateIcon")
        self.icon.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.title = QLabel(title)
        self.title.setObjectName("emptyStateTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.title.setWordWrap(True)
        self.text = QLabel(text)
        self.text.setObjectName("emptyStateText")
        self.text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.text.setWordWrap(True)
        self.example_button = QPushButton(example)
        self.example_button.setObjectName("emptyStateExample")
        self.example_button.setIcon(icons.icon("sparkles"))
        self.example_button.clicked.connect(self.example_requested)
        self.example_button.setVisible(bool(example))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(10)
        layout.addStretch(1)
        layout.addWidget(self.icon)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addSpacing(6)
        layout.addWidget(self.example_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self._draw_icon()

    def _draw_icon(self) -> None:
        color = self.palette().color(QPalette.ColorRole.PlaceholderText)
        self.icon.setPixmap(icons.pixmap(self._icon_name, ICON_SIZE, color, self.devicePixelRatioF()))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        """A theme change recolours the icon."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._draw_icon()
        super().changeEvent(event)
