"""Settings dialog, themes and language choice."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QPalette

from assistant.core.settings import Settings
from assistant.ui.dialogs.settings import SettingsDialog
from assistant.ui.i18n import choose_language
from assistant.ui.theme import apply_theme
from tests.ui.conftest import AppFactory


def test_the_settings_dialog_edits_a_copy(qtbot) -> None:
    original = Settings(n_ctx=2048, temperature=0.5, ui_language="", theme="system")
    dialog = SettingsDialog(original)
    qtbot.addWidget(dialog)
    dialog.model_path.setText("/models/qwen.gguf")
    dialog.n_ctx.setValue(8192)
    dialog.temperature.setValue(0.2)
    dialog.system_prompt.setPlainText("用中文回答。")
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    result = dialog.result_settings()
    assert (result.model_path, result.n_ctx, result.temperature) == ("/models/qwen.gguf", 8192, 0.2)
    assert (result.system_prompt, result.ui_language, result.theme) == ("用中文回答。", "zh_CN", "dark")
    assert original.n_ctx == 2048 and original.model_path is None


def test_an_empty_model_path_means_the_starter_model(qtbot) -> None:
    dialog = SettingsDialog(Settings(model_path="/x.gguf"))
    qtbot.addWidget(dialog)
    dialog.model_path.setText("  ")
    assert dialog.result_settings().model_path is None


def test_dark_and_light_themes(qapp) -> None:
    try:
        assert apply_theme(qapp, "dark") == "dark"
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 80
        assert apply_theme(qapp, "light") == "light"
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() > 180
    finally:
        apply_theme(qapp, "light")


@pytest.mark.parametrize(
    "override, locale, expected",
    [
        ("", QLocale(QLocale.Language.Chinese, QLocale.Country.China), "zh_CN"),
        ("", QLocale(QLocale.Language.Chinese, QLocale.Country.Taiwan), "zh_CN"),
        ("", QLocale(QLocale.Language.German, QLocale.Country.Germany), "en"),
        ("en", QLocale(QLocale.Language.Chinese, QLocale.Country.China), "en"),
        ("zh_CN", QLocale(QLocale.Language.English, QLocale.Country.UnitedStates), "zh_CN"),
    ],
)
def test_the_language_follows_the_system_unless_chosen(override: str, locale: QLocale, expected: str) -> None:
    assert choose_language(override, locale) == expected


@pytest.mark.model
def test_a_model_given_on_the_command_line_is_loaded(make_app: AppFactory, tiny_model: Path) -> None:
    window = make_app(argv=["--model", str(tiny_model)], real=True)
    assert window.engine.model_info is not None and window.engine.model_info.name == "Tiny Test Llama"
    assert window.model_label.text() == "Tiny Test Llama"
    assert "starter model" not in window.chat.placeholder.text()


@pytest.mark.model
def test_a_broken_model_is_one_clear_message_and_the_window_stays(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    bad = tmp_path / "broken.gguf"
    bad.write_text("not a model", encoding="utf-8")
    window = make_app(argv=["--model", str(bad)], real=True, wait_loaded=False)
    with qtbot.waitSignal(window.engine.model_failed, timeout=30000):
        pass
    assert window.model_label.text() == "No model loaded"
    assert f"Cannot use model {bad}: it is a text file" in window.model_label.toolTip()
    assert window.isVisible()


@pytest.mark.model
def test_first_run_uses_the_starter_model_and_says_where_to_get_better_ones(make_app: AppFactory) -> None:
    window = make_app(real=True)
    assert window.model_label.text() == "SmolLM2 135M Instruct (starter)"
    assert "get a larger model" in window.chat.placeholder.text() and "Models" in window.chat.placeholder.text()
    assert window.chat.placeholder.isVisibleTo(window)
