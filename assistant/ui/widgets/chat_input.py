"""The message box: Enter sends, Shift+Enter starts a new line, Esc asks to stop."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class ChatInput(QPlainTextEdit):
    """Signals:
    submitted(): Enter was pressed (without Shift).
    escape_pressed(): Esc was pressed.
    """

    submitted = Signal()
    escape_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatInput")
        self.setTabChangesFocus(True)
        self.setPlaceholderText(self.tr("Message Quill… (Enter to send, Shift+Enter for a new line)"))
        self.setAccessibleName(self.tr("Message"))
        self.setMinimumHeight(64)
        self.setMaximumHeight(96)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.insertPlainText("\n")
            else:
                self.submitted.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            return
        super().keyPressEvent(event)
