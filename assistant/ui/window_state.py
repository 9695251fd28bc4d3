"""The window as the user left it: geometry, splitters, the last pane and each pane's options.

Kept in Settings.ui_state (settings.json, so one file and one way to save), as
plain JSON: ``capture`` reads it off the window when it closes, ``restore``
puts it back before the window is shown. Nothing read back is trusted: a value
of the wrong type, a choice that no longer exists or a pane that is gone is
skipped, and a window saved on a screen that is no longer there is moved onto
one that is.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QMainWindow, QSpinBox, QSplitter, QWidget

from assistant.ui.widgets.nav_rail import NavRail

# The options remembered per pane: object names of its controls (a combo box keeps its item's data,
# a spin box its value, a check box whether it is ticked). A pane or control not found is skipped.
REMEMBERED_OPTIONS: dict[str, tuple[str, ...]] = {
    "summarizePane": ("summaryStyle", "summaryBullets", "summaryWords", "summaryLanguage"),
    "translatePane": ("sourceLanguage", "targetLanguage", "translateLive"),
    "writePane": ("writeAction", "writeTone", "writeKind", "writeVersions"),
}
TITLE_STRIP = 32  # the part of a window that must be on a screen to move it: its title bar
MIN_VISIBLE = 100  # ... at least this wide


def _value(widget: QWidget) -> Any:
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    return None


def _set_value(widget: QWidget, value: Any) -> None:
    if isinstance(widget, QComboBox):
        index = widget.findData(value)
        if index >= 0:
            widget.setCurrentIndex(index)
    elif isinstance(widget, QSpinBox):
        if isinstance(value, int) and not isinstance(value, bool):
            widget.setValue(max(widget.minimum(), min(widget.maximum(), value)))
    elif isinstance(widget, QCheckBox) and isinstance(value, bool):
        widget.setChecked(value)


def capture(window: QMainWindow) -> dict[str, Any]:
    """What to remember about ``window`` (JSON-ready)."""
    geometry = window.normalGeometry() if window.isMaximized() or window.isFullScreen() else window.geometry()
    screen = window.screen()
    state: dict[str, Any] = {
        "geometry": [geometry.x(), geometry.y(), geometry.width(), geometry.height()],
        "maximized": window.isMaximized(),
        "screen": screen.name() if screen is not None else "",
        "splitters": {
            s.objectName(): s.sizes() for s in window.findChildren(QSplitter) if s.objectName() and any(s.sizes())
        },
    }
    rail = window.findChild(NavRail)
    if rail is not None:
        state["pane"] = rail.current_key()
    options: dict[str, dict[str, Any]] = {}
    for pane_name, controls in REMEMBERED_OPTIONS.items():
        pane = window.findChild(QWidget, pane_name)
        if pane is None:
            continue
        values = {}
        for name in controls:
            control = pane.findChild(QWidget, name)
            if control is not None and _value(control) is not None:
                values[name] = _value(control)
        options[pane_name] = values
    state["options"] = options
    return state


def place_on_screen(rect: QRect, screens: list[QRect], preferred: int = 0) -> QRect:
    """``rect`` if its title bar is on one of ``screens`` (available geometries), shrunk to fit that
    screen; otherwise the same size (shrunk to fit) centred on ``screens[preferred]``."""
    if not screens:
        return rect
    strip = QRect(rect.x(), rect.y(), rect.width(), TITLE_STRIP)
    for area in screens:
        seen = strip.intersected(area)
        if seen.width() >= min(MIN_VISIBLE, rect.width()) and seen.height() >= TITLE_STRIP // 2:
            placed = QRect(rect.x(), rect.y(), min(rect.width(), area.width()), min(rect.height(), area.height()))
            if placed.right() > area.right():
                placed.moveRight(area.right())
            if placed.bottom() > area.bottom():
                placed.moveBottom(area.bottom())
            if placed.top() < area.top():
                placed.moveTop(area.top())
            return placed
    area = screens[preferred if 0 <= preferred < len(screens) else 0]
    placed = QRect(0, 0, min(rect.width(), area.width()), min(rect.height(), area.height()))
    placed.moveCenter(area.center())
    return placed


def _int_list(value: Any, length: int | None = None) -> list[int] | None:
    if not isinstance(value, list) or (length is not None and len(value) != length):
        return None
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return None
    return list(value)


def restore(window: QMainWindow, state: dict[str, Any]) -> None:
    """Put back what :func:`capture` saved; anything missing, damaged or obsolete is left as built."""
    if not isinstance(state, dict):
        return
    geometry = _int_list(state.get("geometry"), 4)
    if geometry is not None and geometry[2] > 0 and geometry[3] > 0:
        screens = QGuiApplication.screens()
        names = [s.name() for s in screens]
        primary = QGuiApplication.primaryScreen()
        if state.get("screen") in names:
            preferred = names.index(state["screen"])
        else:  # that screen is gone: the primary one
            preferred = screens.index(primary) if primary in screens else 0
        rect = place_on_screen(QRect(*geometry), [s.availableGeometry() for s in screens], preferred)
        window.setGeometry(rect)
    if state.get("maximized") is True:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    splitters = state.get("splitters")
    if isinstance(splitters, dict):
        for splitter in window.findChildren(QSplitter):
            sizes = _int_list(splitters.get(splitter.objectName()), splitter.count())
            if sizes is not None and all(v >= 0 for v in sizes) and any(sizes):
                splitter.setSizes(sizes)
    options = state.get("options")
    if isinstance(options, dict):
        for pane_name, controls in REMEMBERED_OPTIONS.items():
            values = options.get(pane_name)
            pane = window.findChild(QWidget, pane_name)
            if not isinstance(values, dict) or pane is None:
                continue
            for name in controls:
                control = pane.findChild(QWidget, name)
                if control is not None and name in values:
                    _set_value(control, values[name])
    rail = window.findChild(NavRail)
    pane_key = state.get("pane")
    if rail is not None and isinstance(pane_key, str):
        rail.select(pane_key)
