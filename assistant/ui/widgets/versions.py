"""The "‹ 2/3 ›" switcher a message shows when it has other versions (edits, regenerations).

It only shows where the message is and asks for the previous or next one; the Chat pane makes the
switch in the history and shows that version's branch.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from assistant.ui.widgets.transcript import MessageBubble


class VersionSwitcher(QWidget):
    """‹ n/m › for one message. Both arrows take Tab focus and Space/Enter; the ends are disabled.

    Signals:
        step_requested(int): -1 for the previous version, +1 for the next.
    """

    step_requested = Signal(int)

    def __init__(self, index: int, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("versionSwitcher")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)  # apart from the actions
        layout.setSpacing(0)
        self.previous_button = self._arrow("‹", "previousVersionButton", self.tr("Previous version"), -1)
        self.label = QLabel()
        self.label.setObjectName("versionLabel")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setContentsMargins(2, 0, 2, 0)
        self.next_button = self._arrow("›", "nextVersionButton", self.tr("Next version"), +1)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.label)
        layout.addWidget(self.next_button)
        # The style draws no focus mark on a flat tool button: a keyboard user must see which arrow has focus.
        self.setStyleSheet(
            "QToolButton { border: 1px solid transparent; border-radius: 3px; padding: 0px 3px; }"
            "QToolButton:hover { border-color: palette(mid); }"
            "QToolButton:focus { border-color: palette(highlight); }"
        )
        self.set_versions(index, count)

    def _arrow(self, text: str, name: str, tip: str, step: int) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        font = button.font()  # the bare glyphs are a small target at the body size
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        button.setFont(font)
        button.setMinimumWidth(button.fontMetrics().height() + 4)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.clicked.connect(lambda: self.step_requested.emit(step))
        return button

    def set_versions(self, index: int, count: int) -> None:
        """Show version ``index`` (1-based) of ``count``."""
        self.index, self.count = index, count
        self.label.setText(f"{index}/{count}")
        where = self.tr("Version {0} of {1}").format(index, count)
        self.label.setAccessibleName(where)
        self.setAccessibleName(where)
        self.setToolTip(where)
        self.previous_button.setEnabled(index > 1)
        self.next_button.setEnabled(index < count)


def attach_switcher(bubble: MessageBubble, index: int, count: int) -> VersionSwitcher:
    """Put a switcher among the bubble's actions."""
    switcher = VersionSwitcher(index, count, bubble)
    bubble.add_switcher(switcher)
    return switcher
