"""The navigation rail, the View menu's Ctrl+digit per pane, theme-coloured icons, empty states and the
generated list of keyboard shortcuts."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QIcon, QImage, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from assistant.ui import icons
from assistant.ui.dialogs.shortcuts import ShortcutsDialog, collect_shortcuts
from assistant.ui.theme import apply_theme
from tests.ui.conftest import AppFactory


def _ink(image: QImage, opaque: int = 200) -> list[int]:
    """Lightness of the drawn pixels of an icon (those at least ``opaque`` in alpha)."""
    return [
        image.pixelColor(x, y).lightness()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() > opaque
    ]


def test_icons_take_the_palettes_text_colour(qapp: QApplication) -> None:
    try:
        apply_theme(qapp, "light")
        light = _ink(icons.icon("languages").pixmap(QSize(32, 32)).toImage())
        apply_theme(qapp, "dark")
        dark = _ink(icons.icon("languages").pixmap(QSize(32, 32)).toImage())
        disabled = _ink(icons.icon("languages").pixmap(QSize(32, 32), QIcon.Mode.Disabled).toImage())
    finally:
        apply_theme(qapp, "light")
    assert light and dark and disabled, "the icon drew nothing"
    assert max(light) < 80 and min(dark) > 180  # dark ink on the light theme, light ink on the dark one
    assert max(disabled) < min(dark)  # dimmed when disabled


def test_the_rail_has_an_icon_and_label_per_pane_and_keys_choose_them(make_app: AppFactory) -> None:
    window = make_app()
    rail = window.navigation
    assert [rail.item(i).text() for i in range(rail.count())] == ["Chat", "Summarize", "Translate", "Write", "Library"]
    assert rail.keys() == ["chatPane", "summarizePane", "translatePane", "writePane", "libraryPane"]
    QTest.keyClick(rail, Qt.Key.Key_Down)
    assert window.stack.currentWidget() is window.summarize
    window.pane_actions[3].trigger()  # View → Write, Ctrl+4
    assert window.stack.currentWidget() is window.write and rail.current_key() == "writePane"
    assert [a.shortcut().toString() for a in window.pane_actions] == ["Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+5"]


def test_adding_a_pane_is_one_line(make_app: AppFactory) -> None:
    window = make_app()
    pane = QWidget()
    pane.setObjectName("notesPane")
    window.add_pane("Notes", pane, "square-pen")
    assert window.navigation.keys()[-1] == "notesPane"
    action = window.pane_actions[-1]
    assert action.shortcut() == QKeySequence("Ctrl+6") and action in window.view_menu.actions()
    action.trigger()
    assert window.stack.currentWidget() is pane
    assert any(s.what == "Notes" and s.keys == "Ctrl+6" for s in collect_shortcuts(window))


def test_the_shortcuts_list_is_made_from_the_real_actions(qtbot, make_app: AppFactory) -> None:
    window = make_app()
    listed = {(s.keys, s.what) for s in collect_shortcuts(window)}
    for action in window.actions():
        if not action.shortcut().isEmpty():
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            assert any(k == keys for k, _what in listed), action.text()
    assert ("Ctrl+Return", "Run") in listed  # a pane's button shortcut
    assert ("F2", "Rename") in listed  # a pane's own action
    extra = QAction("Frobnicate the widget", window)
    extra.setShortcut(QKeySequence("Ctrl+Alt+F"))
    window.addAction(extra)
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    rows = {(dialog.table.item(r, 0).text(), dialog.table.item(r, 1).text()) for r in range(dialog.table.rowCount())}
    assert ("Ctrl+Alt+F", "Frobnicate the widget") in rows
    assert len(rows) == len(collect_shortcuts(window))


def test_result_areas_say_what_to_do_and_offer_an_example(qtbot, make_app: AppFactory) -> None:
    window = make_app()
    for pane in (window.summarize, window.translate, window.write):
        window.show_pane(pane)
        assert pane.results.currentWidget() is pane.empty_state
        assert pane.empty_state.isVisibleTo(window)
        assert pane.empty_state.findChild(QLabel, "emptyStateTitle").text()
    window.write.editor.clear()
    window.write.empty_state.example_button.click()
    assert window.write.text.strip() and window.write.action.currentData() == "proofread"
    assert not window.write.empty_state.example_button.isVisibleTo(window)  # never over the user's text
    window.show_pane(window.summarize)
    window.summarize.empty_state.example_button.click()
    assert "night train" in window.summarize.input.toPlainText()
    with qtbot.waitSignal(window.summarize.summary_finished, timeout=20000):
        window.summarize.start()
    assert window.summarize.results.currentWidget() is window.summarize.output
    window.show_pane(window.translate)
    window.translate.empty_state.example_button.click()
    assert window.translate.target_language.currentData() == "zh"  # the English example goes to Chinese


def test_a_theme_change_recolours_the_empty_states_icon(qapp: QApplication, make_app: AppFactory) -> None:
    window = make_app(argv=["--theme", "light"])
    label = window.summarize.empty_state.icon
    try:
        light = _ink(label.pixmap().toImage(), 40)  # the placeholder colour: partly transparent
        apply_theme(qapp, "dark")
        QApplication.processEvents()
        dark = _ink(label.pixmap().toImage(), 40)
    finally:
        apply_theme(qapp, "light")
    assert light and dark
    assert sum(dark) / len(dark) > sum(light) / len(light) + 60  # lighter ink on the dark theme


def test_shortcut_names_lose_their_mnemonics_in_chinese_too(make_app: AppFactory) -> None:
    window = make_app(argv=["--lang", "zh_CN"])
    names = [s.what for s in collect_shortcuts(window)]
    assert names and not [n for n in names if "&" in n or "(" in n], names
