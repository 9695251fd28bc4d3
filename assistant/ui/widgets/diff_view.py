"""Shows a word-level diff: insertions green and underlined, deletions red and struck through.

Colours are chosen for the palette in use, so the diff reads in light and dark themes; the text
is drawn with character formats (never HTML), so any text, markup included, shows as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QWidget

from assistant.core.tasks.diff import DiffOp

# (background, foreground) for insertions and deletions, light and dark.
_LIGHT = {"insert": ("#d6f5dd", "#0b5d1e"), "delete": ("#fbdada", "#9b1c1c")}
_DARK = {"insert": ("#1d4a2a", "#b9f3c8"), "delete": ("#5c2026", "#ffc9cc")}


class DiffView(QTextBrowser):
    """A read-only view of diff runs; ``show_ops`` replaces what it shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self._ops: list[DiffOp] = []

    @property
    def ops(self) -> list[DiffOp]:
        return list(self._ops)

    def is_dark(self) -> bool:
        return self.palette().color(QPalette.ColorRole.Base).lightness() < 128

    def colors(self, kind: str) -> tuple[QColor, QColor]:
        background, foreground = (_DARK if self.is_dark() else _LIGHT)[kind]
        return QColor(background), QColor(foreground)

    def show_ops(self, ops: Sequence[DiffOp]) -> None:
        bar = self.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 4 and bar.maximum() > 0
        keep = bar.value()
        self._ops = list(ops)
        self.clear()
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        for op in self._ops:
            fmt = QTextCharFormat()
            if op.kind != "equal":
                background, foreground = self.colors(op.kind)
                fmt.setBackground(background)
                fmt.setForeground(foreground)
                fmt.setFontUnderline(op.kind == "insert")
                fmt.setFontStrikeOut(op.kind == "delete")
            cursor.insertText(op.text, fmt)
        cursor.endEditBlock()
        bar.setValue(bar.maximum() if at_end else keep)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._ops:
            self.show_ops(self._ops)  # the theme changed: recolour
