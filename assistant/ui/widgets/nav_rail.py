"""The navigation rail: one entry per pane, an icon above its label, like current desktop apps.

A QListWidget underneath, so keyboard and screen readers get what lists give
(one Tab stop, arrow keys, Home/End, each entry read by its label) and callers
keep ``setCurrentRow`` / ``currentRowChanged``. Each entry carries a key (the
pane's object name) so the last pane can be remembered across restarts even
when panes are added or reordered.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from assistant.ui import icons

KEY_ROLE = Qt.ItemDataRole.UserRole
ICON_ROLE = Qt.ItemDataRole.UserRole + 1
RAIL_WIDTH = 88
ENTRY_HEIGHT = 62
ICON_SIZE = 22
FALLBACK_ICON = "file-text"

IndexLike = QModelIndex | QPersistentModelIndex


class _RailDelegate(QStyledItemDelegate):
    """Draws an entry: a rounded highlight when chosen, a faint one under the mouse, a focus ring
    for keyboard users, the icon in the text colour (the accent when chosen) and the label below."""

    def sizeHint(self, option: QStyleOptionViewItem, index: IndexLike) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(RAIL_WIDTH, ENTRY_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: IndexLike) -> None:
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        rect: QRect = option.rect  # type: ignore[attr-defined]
        state = option.state  # type: ignore[attr-defined]
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        focused = bool(state & QStyle.StateFlag.State_HasFocus)
        accent = palette.color(QPalette.ColorRole.Highlight)
        text_color = palette.color(QPalette.ColorRole.WindowText)
        pill = rect.adjusted(8, 4, -8, -4)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        if selected or hovered:
            fill = QColor(accent)
            fill.setAlphaF(0.20 if selected else 0.08)
            painter.setBrush(fill)
            painter.drawRoundedRect(pill, 10, 10)
        if focused:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(accent)
            painter.drawRoundedRect(pill.adjusted(0, 0, -1, -1), 10, 10)

        color = accent if selected else text_color
        if not (option.state & QStyle.StateFlag.State_Enabled):  # type: ignore[attr-defined]
            color = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        name = index.data(ICON_ROLE) or FALLBACK_ICON
        ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        icon_rect = QRect(rect.center().x() - ICON_SIZE // 2, pill.top() + 8, ICON_SIZE, ICON_SIZE)
        painter.drawPixmap(icon_rect, icons.pixmap(name, ICON_SIZE, color, ratio))

        font = QFont(option.font)  # type: ignore[attr-defined]
        font.setWeight(QFont.Weight.DemiBold if selected else QFont.Weight.Normal)
        painter.setFont(font)
        painter.setPen(color)
        label_rect = QRect(
            rect.left() + 2, icon_rect.bottom() + 4, rect.width() - 4, pill.bottom() - icon_rect.bottom()
        )
        painter.drawText(label_rect, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), index.data())
        painter.restore()


class NavRail(QListWidget):
    """The sections of the main window. Add one with :meth:`add_section`; choose one with
    :meth:`select` (by key) or ``setCurrentRow``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setItemDelegate(_RailDelegate(self))
        self.setFixedWidth(RAIL_WIDTH)
        self.setFrameShape(QListWidget.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setMouseTracking(True)  # the hover highlight
        self.setSpacing(0)

    def add_section(self, key: str, title: str, icon_name: str | None = None) -> QListWidgetItem:
        """One entry: ``key`` names it for remembering, ``icon_name`` is an SVG in resources/icons/lucide."""
        item = QListWidgetItem(title)
        item.setData(KEY_ROLE, key)
        item.setData(ICON_ROLE, icon_name if icon_name and icons.has_icon(icon_name) else FALLBACK_ICON)
        item.setToolTip(title)
        item.setSizeHint(QSize(RAIL_WIDTH, ENTRY_HEIGHT))
        self.addItem(item)
        return item

    def keys(self) -> list[str]:
        return [str(self.item(row).data(KEY_ROLE)) for row in range(self.count())]

    def current_key(self) -> str:
        item = self.currentItem()
        return str(item.data(KEY_ROLE)) if item is not None else ""

    def select(self, key: str) -> bool:
        """Show the section ``key``; False (and nothing changes) when there is none by that key."""
        keys = self.keys()
        if key not in keys:
            return False
        self.setCurrentRow(keys.index(key))
        return True
