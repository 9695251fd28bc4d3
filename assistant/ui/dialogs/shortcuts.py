"""Help → Keyboard shortcuts: a list made from the window's own actions, shortcuts and buttons.

Nothing here is written by hand: whatever has a shortcut when the dialog opens
is listed (menus, each pane's actions and buttons, a pane added later), so the
list cannot drift from what the keys really do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class Shortcut:
    keys: str  # as the platform writes them (Ctrl+N; ⌘N on macOS)
    what: str  # the action's or button's text, without its mnemonic
    where: str  # the pane it works in, or "" for everywhere in the window


def _plain(text: str) -> str:
    """Menu text without its mnemonic ("&Quit", Chinese "退出(&Q)") or a trailing ellipsis."""
    text = re.sub(r"\(&\w\)", "", text.replace("&&", "\0"))
    return text.replace("&", "").replace("\0", "&").rstrip("…").rstrip(".").strip()


def _keys(sequences: list[QKeySequence]) -> str:
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in sequences if not s.isEmpty())


def collect_shortcuts(window: QMainWindow) -> list[Shortcut]:
    """Every shortcut reachable in ``window``: QActions, QShortcuts and buttons that have one."""
    stack = window.findChild(QStackedWidget)
    rail = window.findChild(QAbstractItemView, "navigation")
    titles: dict[int, str] = {}
    if stack is not None and rail is not None:
        model = rail.model()
        for row in range(stack.count()):
            titles[id(stack.widget(row))] = str(model.index(row, 0).data() or "")

    def where(obj: QObject | None) -> str:
        while obj is not None:
            if id(obj) in titles:
                return titles[id(obj)]
            obj = obj.parent()
        return ""

    found: list[Shortcut] = []
    seen: set[int] = set()
    for action in [*window.actions(), *window.findChildren(QAction)]:
        if id(action) in seen:
            continue
        seen.add(id(action))
        keys = _keys(action.shortcuts())
        if keys and action.text():
            found.append(Shortcut(keys, _plain(action.text()), where(action.parent())))
    for shortcut in window.findChildren(QShortcut):
        keys = _keys(shortcut.keys())
        if keys:
            label = shortcut.whatsThis() or shortcut.objectName()
            found.append(Shortcut(keys, _plain(label), where(shortcut.parent())))
    for button in window.findChildren(QAbstractButton):
        keys = _keys([button.shortcut()])
        if keys and "&" + keys.lower() not in button.text().lower():  # a mnemonic's Alt+letter is not listed
            found.append(Shortcut(keys, _plain(button.text() or button.accessibleName()), where(button)))
    unique = {(s.keys, s.what, s.where): s for s in found}
    return sorted(unique.values(), key=lambda s: s.where != "")  # the window's first, then each pane's, as made


class ShortcutsDialog(QDialog):
    """The table of shortcuts: keys, what they do, and in which pane."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.shortcuts = collect_shortcuts(window)
        intro = QLabel(
            self.tr("Tab and Shift+Tab move between controls; arrow keys move within lists, tabs and the sections.")
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.shortcuts), 3)
        self.table.setObjectName("shortcutsTable")
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Action"), self.tr("Where")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table
        everywhere = self.tr("Everywhere")
        for row, shortcut in enumerate(self.shortcuts):
            for column, text in enumerate((shortcut.keys, shortcut.what, shortcut.where or everywhere)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(620, 540)
