"""Translate and Summarize say before starting that the model lacks a language, and offer the model that has it."""

from __future__ import annotations

from pathlib import Path

from assistant.core.models.catalog import load_catalog
from tests.helpers.tiny_gguf import write_tiny_llama
from tests.ui.conftest import AppFactory

CHINESE = "大语言模型正在改变人们使用计算机的方式。它们可以回答问题、翻译文本，也可以帮助写作。"


def test_translating_chinese_on_the_starter_model_is_stopped_before_it_starts(qtbot, make_app: AppFactory) -> None:
    window = make_app(argv=["--lang", "en"], real=True)  # the starter model
    pane = window.translate
    window.show_pane(pane)
    pane.source_language.setCurrentIndex(pane.source_language.findData("zh"))
    pane.target_language.setCurrentIndex(pane.target_language.findData("en"))
    pane.input.setPlainText(CHINESE)
    pane.start()
    notice = pane.coverage
    assert notice.isVisibleTo(pane) and not pane.busy  # said before starting; nothing ran
    assert "starter model" in notice.text.text() and "Chinese" in notice.text.text()
    qwen = next(e for e in load_catalog() if e.id == notice._recommended_id)
    assert {"zh", "en"} <= set(qwen.languages) and not qwen.is_embedding
    assert qwen.name in notice.get_button.text()
    controller = make_app.context(window).controller
    notice.get_button.click()  # the Models dialog on its Recommended tab, the model selected
    dialog = controller.models_dialog
    assert dialog is not None and dialog.tabs.currentIndex() == 1
    assert dialog.recommended_entries[dialog.recommended_table.currentRow()].id == qwen.id
    dialog.close()
    notice.anyway_button.click()  # the user's choice: it runs, and the notice is gone
    assert pane.busy and not notice.isVisibleTo(pane)
    pane.stop()
    qtbot.waitUntil(lambda: not pane.busy, timeout=30000)


def test_an_english_translation_on_the_starter_model_starts(qtbot, make_app: AppFactory) -> None:
    window = make_app(argv=["--lang", "en"], real=True)
    pane = window.translate
    pane.source_language.setCurrentIndex(pane.source_language.findData("en"))
    pane.target_language.setCurrentIndex(pane.target_language.findData("en"))
    pane.input.setPlainText("Hello there.")
    pane.start()
    assert not pane.coverage.isVisibleTo(pane) and pane.busy
    pane.stop()
    qtbot.waitUntil(lambda: not pane.busy, timeout=30000)


def test_summarizing_chinese_on_the_starter_model_is_stopped(qtbot, make_app: AppFactory) -> None:
    window = make_app(argv=["--lang", "en"], real=True)
    pane = window.summarize
    pane.input.setPlainText(CHINESE)
    pane.start()
    assert pane.coverage.isVisibleTo(pane) and not pane.busy
    assert "cannot read or write Chinese text" in pane.coverage.text.text()


def test_a_model_whose_file_lists_chinese_passes(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    window = make_app(argv=["--lang", "en"], real=True)
    model = write_tiny_llama(tmp_path / "bilingual.gguf", languages=("zh", "en"))
    controller = make_app.context(window).controller
    with qtbot.waitSignal(window.engine.model_loaded, timeout=30000):
        controller.switch_model(model)
    pane = window.translate
    pane.source_language.setCurrentIndex(pane.source_language.findData("zh"))
    pane.target_language.setCurrentIndex(pane.target_language.findData("en"))
    pane.input.setPlainText(CHINESE)
    pane.start()
    assert not pane.coverage.isVisibleTo(pane) and pane.busy
    pane.stop()
    qtbot.waitUntil(lambda: not pane.busy, timeout=30000)
