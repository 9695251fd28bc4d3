"""The window comes back as it was left: geometry, splitters, the last pane and each pane's options,
and a window saved on a screen that is gone comes back on one that is there."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QSplitter

from assistant.core.paths import quill_paths
from assistant.ui.window_state import place_on_screen
from tests.ui.conftest import AppFactory


def _title_bar_on_a_screen(rect: QRect) -> bool:
    """Whether the window can be grabbed and moved: its title bar's start is on some screen."""
    grip = QRect(rect.x(), rect.y(), 100, 16)
    return any(s.availableGeometry().contains(grip) for s in QApplication.screens())


def test_geometry_splitters_pane_and_options_survive_a_restart(make_app: AppFactory) -> None:
    window = make_app()
    area = QApplication.primaryScreen().availableGeometry()
    wanted = QRect(area.x() + 30, area.y() + 40, min(760, area.width() - 40), min(520, area.height() - 50))
    window.setGeometry(wanted)
    summarize, translate, write = window.summarize, window.translate, window.write
    summarize.style_box.setCurrentIndex(summarize.style_box.findData("tldr"))
    summarize.language.setCurrentIndex(summarize.language.findData("zh"))
    summarize.words.setValue(150)
    translate.source_language.setCurrentIndex(translate.source_language.findData("fr"))
    translate.target_language.setCurrentIndex(translate.target_language.findData("ja"))
    write.action.setCurrentIndex(write.action.findData("tone"))
    write.tone.setCurrentIndex(write.tone.findData("friendly"))
    window.show_pane(translate)
    splitter = window.findChild(QSplitter, "translateSplitter")
    splitter.setSizes([200, 400])
    sizes = splitter.sizes()
    left = window.geometry()  # the window's minimum size may have widened what was asked for
    assert (left.y(), left.height()) == (wanted.y(), wanted.height())
    window.close()

    saved = json.loads(quill_paths().settings_file.read_text(encoding="utf-8"))["ui_state"]
    assert saved["pane"] == "translatePane" and saved["splitters"]["translateSplitter"] == sizes

    again = make_app()
    assert again is not window
    if area.contains(left):
        assert again.geometry() == left
    else:  # wider at its minimum than this (offscreen, 800 px) screen: the platform nudges it by its frame
        assert again.size() == left.size() and abs(again.y() - left.y()) <= 4, again.geometry()
    assert again.navigation.current_key() == "translatePane"
    assert again.stack.currentWidget() is again.translate
    assert again.findChild(QSplitter, "translateSplitter").sizes() == sizes
    assert again.summarize.style_box.currentData() == "tldr"
    assert again.summarize.language.currentData() == "zh"
    assert again.summarize.words.value() == 150
    assert (again.translate.source_language.currentData(), again.translate.target_language.currentData()) == (
        "fr",
        "ja",
    )
    assert (again.write.action.currentData(), again.write.tone.currentData()) == ("tone", "friendly")


def _write_ui_state(state: object) -> None:
    file = quill_paths().ensure().settings_file
    file.write_text(json.dumps({"version": 1, "ui_state": state}), encoding="utf-8")


def test_a_window_saved_on_a_screen_that_is_gone_opens_on_one_that_is_there(make_app: AppFactory) -> None:
    _write_ui_state({"geometry": [25000, 18000, 640, 480], "screen": "HDMI-2 (unplugged)", "pane": "writePane"})
    window = make_app()
    assert _title_bar_on_a_screen(window.geometry()), window.geometry()
    assert window.height() == 480 and window.width() >= 640  # (no narrower than its minimum)
    assert window.stack.currentWidget() is window.write


def test_damaged_or_obsolete_state_is_ignored(make_app: AppFactory) -> None:
    _write_ui_state(
        {
            "geometry": ["wide", 2, 3],
            "maximized": "yes",
            "splitters": {"chatSplitter": [1, "x"], "translateSplitter": [-5, 10]},
            "pane": "aPaneThatWasRemoved",
            "options": {"summarizePane": {"summaryStyle": "haiku", "summaryWords": True}, "writePane": 7},
        }
    )
    window = make_app()
    assert window.stack.currentWidget() is window.chat
    assert window.summarize.style_box.currentData() == "bullets"
    assert window.summarize.words.value() == 0
    assert not window.isMaximized()


def test_placing_a_window_on_the_screens_there_are() -> None:
    left, right = QRect(0, 0, 1920, 1080), QRect(1920, 0, 2560, 1440)
    on_right = QRect(2200, 100, 1200, 800)
    assert place_on_screen(on_right, [left, right]) == on_right  # its screen is there: unchanged
    gone = place_on_screen(on_right, [left])  # the right screen was unplugged
    assert left.contains(gone) and gone.size() == on_right.size()
    huge = place_on_screen(QRect(100, 50, 3000, 2000), [left])  # saved on a bigger screen
    assert left.contains(huge) and huge.topLeft() == QRect(100, 50, 1, 1).topLeft() or left.contains(huge)
    assert huge.width() <= left.width() and huge.height() <= left.height()
    hanging = place_on_screen(QRect(-1150, 300, 1200, 800), [left])  # only 50 px of its title bar show
    assert left.contains(hanging)
    assert place_on_screen(QRect(5, 5, 10, 10), []) == QRect(5, 5, 10, 10)


def test_the_state_is_kept_in_the_settings_file(make_app: AppFactory, quill_home: Path) -> None:
    window = make_app()
    window.show_pane(window.summarize)
    window.close()
    saved = json.loads(quill_paths().settings_file.read_text(encoding="utf-8"))
    assert saved["ui_state"]["pane"] == "summarizePane"
    assert not list(quill_home.rglob("*.ini")) and not list(quill_home.rglob("*.conf"))  # one way: settings.json
