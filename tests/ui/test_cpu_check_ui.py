"""What the app shows of the CPU check: the fallback said once, Settings, Help → System information."""

from __future__ import annotations

import time

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from assistant.core.engine.cpu_check import CheckResult, fingerprint, load_result, save_result
from assistant.core.settings import Settings
from assistant.ui.dialogs.settings import SettingsDialog
from assistant.ui.dialogs.system_info import SystemInfoDialog
from tests.ui.conftest import AppFactory

SAFE_MODE = CheckResult(fingerprint(), "no_extra_buffers", "llama.cpp died with SIGILL", time.time())


def _notices(window: object) -> list[QMessageBox]:
    return [box for box in window.findChildren(QMessageBox) if box.objectName() == "cpuCheckNotice"]  # type: ignore[attr-defined]


@pytest.mark.model
def test_the_fallback_is_said_once_and_the_model_loads_in_safe_mode(make_app: AppFactory, qtbot) -> None:
    save_result(SAFE_MODE)
    window = make_app(real=True)
    assert window.engine.model_info is not None and window.engine.model_info.extra_buffers is False
    qtbot.waitUntil(lambda: bool(_notices(window)), timeout=10000)
    box = _notices(window)[0]
    assert "SIGILL" in box.text() and "README.md" in box.text() and "\n" not in box.text()
    assert load_result() is not None and load_result().announced  # type: ignore[union-attr]
    box.accept()

    second = make_app(real=True)
    assert second.engine.model_info is not None and second.engine.model_info.extra_buffers is False
    assert _notices(second) == []  # once per build and CPU, not at every start


def test_settings_show_the_check(make_app: AppFactory) -> None:
    window = make_app()
    save_result(SAFE_MODE)
    dialog = SettingsDialog(_settings(), window)
    assert dialog.cpu_check_label.text().startswith("Safe mode:")
    save_result(CheckResult(fingerprint(), "full", "passed", time.time(), True))
    assert SettingsDialog(_settings(), window).cpu_check_label.text().startswith("Passed:")


def _settings() -> Settings:
    return Settings()


def test_system_information_shows_the_report_and_copies_it(qapp: QApplication, qtbot) -> None:
    save_result(SAFE_MODE)
    dialog = SystemInfoDialog(None, "no model is loaded")
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    for label in ("llama.cpp:", "Compiled for:", "CPU check:", "Memory:", "Display:", "Answer:"):
        assert label in text
    assert "safe mode" in text and "Problem" not in text
    dialog.copy_button.click()
    assert QApplication.clipboard().text() == text


def test_the_help_menu_opens_system_information(make_app: AppFactory, qtbot) -> None:
    window = make_app()
    window.system_info_action.trigger()
    qtbot.waitUntil(lambda: bool(window.findChildren(SystemInfoDialog)), timeout=5000)
    dialog = window.findChildren(SystemInfoDialog)[0]
    assert "Scripted" in dialog.report_text or "is loaded" in dialog.report_text
    dialog.reject()
