"""Switching models from the Models dialog and the status bar, on real llama.cpp with tiny models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import assistant.ui.controller as controller_module
from assistant.core.paths import quill_paths
from assistant.ui.dialogs.models import ModelsDialog
from assistant.ui.dialogs.settings import SettingsDialog
from tests.helpers.tiny_gguf import write_tiny_llama
from tests.ui.conftest import AppFactory


def saved_model_path() -> str | None:
    return json.loads(quill_paths().settings_file.read_text(encoding="utf-8"))["model_path"]


@pytest.mark.model
def test_switch_from_the_dialog_the_status_bar_and_settings_and_survive_a_broken_file(
    qtbot, make_app: AppFactory, tiny_model: Path, quill_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    models = quill_home / "models"
    models.mkdir(parents=True, exist_ok=True)
    second = write_tiny_llama(models / "second-Q8_0.gguf", seed=3, name="Second Tiny")
    window = make_app(argv=["--model", str(tiny_model)], real=True)
    controller = make_app.context(window).controller
    assert window.model_label.text() == "Tiny Test Llama"

    # From the Models dialog: "Use this model" loads it on the engine thread and saves the choice.
    window.models_action.trigger()
    dialog = window.findChild(ModelsDialog, "modelsDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.select_model(second)
    assert dialog.selected_model().name == "Second Tiny"
    with qtbot.waitSignal(window.engine.model_loaded, timeout=90000):
        dialog.use_button.click()
    assert window.engine.model_info.name == "Second Tiny" and window.model_label.text() == "Second Tiny"
    assert saved_model_path() == str(second)
    assert dialog.message.text() == "Now using Second Tiny."
    assert "(in use)" in dialog.installed_table.item(dialog.installed.index(dialog.selected_model()), 0).text()
    dialog.close()

    # From the status bar: the model's name opens a menu of installed models.
    window._fill_model_menu()
    names = [a.text() for a in window.model_menu.actions() if a.text()]
    assert "Second Tiny" in names and "Manage models…" in names
    assert next(a for a in window.model_menu.actions() if a.text() == "Second Tiny").isChecked()
    starter = next(a for a in window.model_menu.actions() if "starter" in a.text())
    with qtbot.waitSignal(window.engine.model_loaded, timeout=90000):
        starter.trigger()
    assert window.model_label.text() == "SmolLM2 135M Instruct (starter)"
    assert saved_model_path() is None  # the starter model is the default, saved as no path

    # A broken file: the starter model stays loaded and answers; the error is one sentence.
    broken = models / "broken.gguf"
    broken.write_bytes(tiny_model.read_bytes()[:5000])
    with qtbot.waitSignal(window.engine.model_failed, timeout=90000):
        controller.switch_model(broken)
    message = window.statusBar().currentMessage()
    assert message.startswith(f"Cannot use model {broken}") and "\n" not in message
    assert window.model_label.text() == "SmolLM2 135M Instruct (starter)"
    assert saved_model_path() is None
    window.chat.input.setPlainText("Say hello.")
    with qtbot.waitSignal(window.chat.reply_finished, timeout=120000):
        window.chat.send()
    assert window.chat.transcript.bubbles[-1].text.strip()

    # From Settings: the new model is saved once it has loaded; a broken one is not saved.
    choice: list[Path] = [broken, second]

    class Accepting(SettingsDialog):
        def exec(self) -> int:  # the user picks a file and presses OK
            self.model_path.setText(str(choice.pop(0)))
            return 1

    monkeypatch.setattr(controller_module, "SettingsDialog", Accepting)
    with qtbot.waitSignal(window.engine.model_failed, timeout=90000):
        window.settings_action.trigger()
    assert saved_model_path() is None and window.model_label.text() == "SmolLM2 135M Instruct (starter)"
    with qtbot.waitSignal(window.engine.model_loaded, timeout=90000):
        window.settings_action.trigger()
    assert saved_model_path() == str(second) and window.model_label.text() == "Second Tiny"
