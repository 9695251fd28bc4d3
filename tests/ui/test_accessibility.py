"""Keyboard and screen readers: every pane and dialog walked with the Tab key alone, in English and Chinese.

A control fails when a screen reader would get no name for it (Qt's accessible name: the one set,
else its text or its form label), when its Chinese name is still the English source, or when Tab
never reaches it. The walk covers every pane in the window's stack, so a pane added later is walked too.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QTabWidget,
    QWidget,
)

from assistant.core.settings import Settings
from assistant.ui.dialogs.models import ModelsDialog
from assistant.ui.dialogs.settings import SettingsDialog
from assistant.ui.dialogs.shortcuts import ShortcutsDialog
from assistant.ui.model_services import ModelServices
from tests.ui.conftest import AppFactory

TS = Path(__file__).resolve().parents[2] / "resources" / "translations" / "quill_zh_CN.ts"
LANGUAGES = [["--lang", "en"], ["--lang", "zh_CN"]]


def _translated_sources() -> set[str]:
    """English strings that have a different Chinese translation: seeing one in the Chinese UI is a miss."""
    sources = set()
    for message in ET.parse(TS).getroot().iter("message"):
        source, translation = message.findtext("source") or "", message.findtext("translation") or ""
        if translation and translation != source:
            sources.add(source.replace("&", "").rstrip("…").strip())
    return sources


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return (interface.text(QAccessible.Text.Name) if interface is not None else "").strip()


def interactive(root: QWidget) -> list[QWidget]:
    """The controls of ``root`` that take focus by Tab, are shown and enabled (focus proxies count once)."""
    found = []
    for widget in root.findChildren(QWidget):
        if widget.focusProxy() is not None or isinstance(widget.parentWidget(), QAbstractScrollArea):
            continue  # a spin box's line edit, a scroll area's viewport: their owner is the control
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(root) and widget.isEnabled():
            found.append(widget)
    return found


def _owner(widget: QWidget | None, candidates: list[QWidget]) -> QWidget | None:
    while widget is not None:
        if widget in candidates:
            return widget
        widget = widget.parentWidget()
    return None


def tab_walk(root: QWidget, start: QWidget) -> list[QWidget]:
    """Press Tab from ``start`` until focus comes back; the controls reached, in order. (A text editor
    that keeps Tab as text traps a keyboard user: what follows it is then never reached.)"""
    candidates = interactive(root)
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    reached: list[QWidget] = []
    for _ in range(3 * len(candidates) + 10):
        focus = QApplication.focusWidget()
        owner = _owner(focus, candidates)
        if owner is not None and owner not in reached:
            reached.append(owner)
        elif owner is not None and owner is reached[0] and len(reached) > 1:
            break
        QTest.keyClick(focus or root, Qt.Key.Key_Tab)
        QApplication.processEvents()
    return reached


def check(root: QWidget, start: QWidget, where: str, language: str) -> int:
    """Walk ``root`` from ``start``; fail on an unnamed, untranslated or unreachable control."""
    candidates = interactive(root)
    reached = tab_walk(root, start)
    missed = [f"{type(w).__name__} {w.objectName()!r}" for w in candidates if w not in reached]
    last = f"{type(reached[-1]).__name__} {reached[-1].objectName()!r}" if reached else "nothing"
    assert not missed, f"{where} ({language}): Tab never reaches {missed} (the walk ended at {last})"
    unnamed = [f"{type(w).__name__} {w.objectName()!r}" for w in candidates if not accessible_name(w)]
    assert not unnamed, f"{where} ({language}): no accessible name for {unnamed}"
    if language == "zh_CN":
        english = _translated_sources()
        left = [accessible_name(w) for w in candidates if accessible_name(w) in english]
        assert not left, f"{where}: still in English in the Chinese interface: {left}"
    return len(candidates)


@pytest.mark.parametrize("argv", LANGUAGES, ids=["en", "zh_CN"])
def test_every_pane_by_tab_alone(make_app: AppFactory, argv: list[str]) -> None:
    window = make_app(argv=argv)
    total = 0
    for row in range(window.stack.count()):
        QTest.keyClick(window.navigation, Qt.Key.Key_Home)
        for _ in range(row):  # the rail is chosen with the arrow keys, as a keyboard user would
            QTest.keyClick(window.navigation, Qt.Key.Key_Down)
        pane = window.stack.widget(row)
        assert window.stack.currentWidget() is pane
        total += check(window, window.navigation, pane.objectName(), argv[1])
    assert total > 40  # the walk really saw the panes' controls


def _walk_tabs(dialog: QWidget, tabs: QTabWidget, where: str, language: str) -> int:
    total = 0
    tabs.setCurrentIndex(0)
    for index in range(tabs.count()):
        tabs.tabBar().setFocus()
        for _ in range(index - tabs.currentIndex()):  # the arrow keys move between tabs
            QTest.keyClick(tabs.tabBar(), Qt.Key.Key_Right)
        assert tabs.currentIndex() == index
        total += check(dialog, tabs.tabBar(), f"{where}, tab {tabs.tabText(index)!r}", language)
    return total


@pytest.mark.parametrize("argv", LANGUAGES, ids=["en", "zh_CN"])
def test_the_dialogs_by_tab_alone(qtbot, make_app: AppFactory, quill_home: Path, argv: list[str]) -> None:
    window = make_app(argv=argv)  # installs the language's translations for the dialogs below
    settings = SettingsDialog(Settings(), window)
    qtbot.addWidget(settings)
    settings.show()
    assert _walk_tabs(settings, settings.findChild(QTabWidget), "Settings", argv[1]) > 20

    services = ModelServices(lambda: Settings(discover_models=False), quill_home / "models")
    try:
        models = ModelsDialog(services, lambda _path: None, lambda: None, window)
        qtbot.addWidget(models)
        models.show()
        assert _walk_tabs(models, models.tabs, "Models", argv[1]) > 10
        for table in (models.installed_table, models.recommended_table, models.hub_files_table):
            assert accessible_name(table) and table.accessibleDescription()
    finally:
        services.shutdown()

    shortcuts = ShortcutsDialog(window)
    qtbot.addWidget(shortcuts)
    shortcuts.show()
    check(shortcuts, shortcuts.table, "Keyboard shortcuts", argv[1])
