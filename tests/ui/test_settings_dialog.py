"""The tabbed Settings dialog: presets and knobs, GPU layers, the model picker, storage, extra pages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from assistant.core.engine.presets import PRESETS
from assistant.core.models.library import Library
from assistant.core.models.memory import GiB, MachineMemory, MiB
from assistant.core.models.model_settings import model_key
from assistant.core.settings import Settings, load_settings, save_settings
from assistant.ui.dialogs.settings import SettingsDialog
from tests.helpers.tiny_gguf import write_tiny_llama


def all_models(dialog: SettingsDialog) -> SettingsDialog:
    """Show (and edit) the defaults of all models rather than the chosen model's own values."""
    dialog.scope.setCurrentIndex(dialog.scope.findData("app"))
    return dialog


def test_a_preset_fills_the_knobs_and_editing_one_makes_it_custom(qtbot) -> None:
    dialog = all_models(SettingsDialog(Settings(), offload=(False, "CPU")))
    qtbot.addWidget(dialog)
    assert dialog.preset.currentData() == "balanced"  # the defaults are the Balanced values
    dialog.preset.setCurrentIndex(dialog.preset.findData("precise"))
    assert dialog.knob_values() == PRESETS["precise"]
    assert dialog.preset.currentData() == "precise"
    dialog.top_k.setValue(33)
    assert dialog.preset.currentData() == "custom"
    dialog.preset.setCurrentIndex(dialog.preset.findData("custom"))
    assert dialog.top_k.value() == 33  # Custom leaves the knobs alone
    dialog.preset.setCurrentIndex(dialog.preset.findData("creative"))
    result = dialog.result_settings()
    assert (result.temperature, result.top_p, result.top_k, result.min_p, result.repeat_penalty) == (
        1.0,
        0.98,
        80,
        0.03,
        1.05,
    )


def test_gpu_layers_are_disabled_on_this_cpu_build(qtbot) -> None:
    dialog = SettingsDialog(Settings(n_gpu_layers=0))  # asks this llama.cpp build itself
    qtbot.addWidget(dialog)
    assert not dialog.gpu_layers.isEnabled()
    label = dialog.findChild(QLabel, "settingsBackend")
    assert label is not None and label.text().startswith("CPU only")


def test_gpu_layers_are_offered_when_the_build_can_offload(qtbot) -> None:
    dialog = SettingsDialog(Settings(n_gpu_layers=20), offload=(True, "CUDA"))
    qtbot.addWidget(dialog)
    assert dialog.gpu_layers.isEnabled() and dialog.gpu_layers.value() == 20
    dialog.gpu_layers.setValue(-1)  # for the chosen model (the starter) only
    result = dialog.result_settings()
    assert result.n_gpu_layers == 20 and list(result.per_model.values()) == [{"n_gpu_layers": -1}]
    all_models(dialog).gpu_layers.setValue(-1)
    assert dialog.result_settings().n_gpu_layers == -1
    assert dialog.backend_label.text().startswith("CUDA")


def test_the_model_picker_lists_the_library(qtbot, tiny_model: Path, tmp_path: Path) -> None:
    library = Library(tmp_path / "models")
    library.import_model(tiny_model)
    models = library.scan()
    dialog = SettingsDialog(Settings(), offload=(False, "CPU"), models=models)
    qtbot.addWidget(dialog)
    assert dialog.model_choice.currentIndex() == 0  # the starter model
    index = dialog.model_choice.findText("Tiny Test Llama")
    assert index > 0
    dialog.model_choice.setCurrentIndex(index)
    dialog.model_choice.activated.emit(index)
    assert dialog.model_path.text() == str(tiny_model.resolve())
    dialog.model_path.setText("/elsewhere/other.gguf")
    assert dialog.model_choice.currentText() == "Another file…"


def test_round_trip_through_the_settings_file(qtbot, tmp_path: Path) -> None:
    dialog = SettingsDialog(Settings(), offload=(False, "CPU"), default_models_dir=tmp_path / "default")
    qtbot.addWidget(dialog)
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "Model",
        "Generation",
        "Interface",
        "Storage",
        "Library",
        "Server",
    ]
    assert dialog.models_dir.placeholderText() == str(tmp_path / "default")
    dialog.model_path.setText("/models/qwen.gguf")
    dialog.n_ctx.setValue(8192)
    dialog.parallel.setValue(2)
    dialog.threads.setValue(3)
    dialog.preset.setCurrentIndex(dialog.preset.findData("precise"))
    dialog.max_tokens.setValue(2048)
    dialog.system_prompt.setPlainText("用中文回答。")
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.models_dir.setText(str(tmp_path / "my models"))
    dialog.discover_models.setChecked(False)
    edited = dialog.result_settings()
    path = tmp_path / "settings.json"
    save_settings(edited, path)
    loaded = load_settings(path)
    assert loaded.warnings == [] and loaded.settings == edited
    assert loaded.settings.parallel_sequences == 2
    assert (loaded.settings.temperature, loaded.settings.models_dir, loaded.settings.discover_models) == (
        0.2,
        str(tmp_path / "my models"),
        False,
    )
    again = SettingsDialog(loaded.settings, offload=(False, "CPU"))
    qtbot.addWidget(again)
    assert again.result_settings() == edited and again.preset.currentData() == "precise"


def test_another_page_can_be_added(qtbot) -> None:
    dialog = SettingsDialog(Settings(), offload=(False, "CPU"))
    qtbot.addWidget(dialog)
    page = QLabel("plugin")
    dialog.add_page("Plugin", page)
    last = dialog.tabs.count() - 1
    assert dialog.tabs.tabText(last) == "Plugin" and dialog.tabs.widget(last) is page
    assert dialog.tabs.tabText(last - 1) == "Server"  # the remote/API-server page is itself such a page


def test_manage_models_opens_the_models_dialog(qtbot) -> None:
    opened: list[bool] = []
    dialog = SettingsDialog(Settings(), offload=(False, "CPU"), open_models=lambda: opened.append(True))
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QPushButton

    button = dialog.findChild(QPushButton, "settingsManageModels")
    assert button is not None and button.isEnabled()
    button.click()
    assert opened == [True]


def test_parallel_sequences_offer_automatic_and_one_to_eight(qtbot) -> None:
    dialog = SettingsDialog(Settings(parallel_sequences=3), offload=(False, "CPU"))
    qtbot.addWidget(dialog)
    assert dialog.parallel.value() == 3 and (dialog.parallel.minimum(), dialog.parallel.maximum()) == (0, 8)
    assert "reserves its own context memory" in dialog.parallel.toolTip()
    dialog.parallel.setValue(0)
    assert dialog.parallel.text() == "Automatic" and dialog.result_settings().parallel_sequences == 0
    dialog.parallel.setValue(8)
    assert dialog.result_settings().parallel_sequences == 8
    assert dialog.parallel_cost.text() == ""  # no installed models given: nothing to size


def test_the_cost_of_the_sequences_follows_the_model_the_context_and_the_number(qtbot, tmp_path: Path) -> None:
    models = Library(tmp_path / "models").scan()  # the starter model: 90 MiB of KV cache per 4096 tokens
    dialog = SettingsDialog(
        Settings(n_ctx=4096), offload=(False, "CPU"), models=models, machine=MachineMemory(24 * GiB, None)
    )
    qtbot.addWidget(dialog)
    assert dialog.parallel_cost.text().startswith("For this model: 4 × 94.4 MB of context memory, about 630 MB")
    dialog.parallel.setValue(2)
    assert dialog.parallel_cost.text().startswith("For this model: 2 × 94.4 MB")
    dialog.n_ctx.setValue(2048)
    assert dialog.parallel_cost.text().startswith("For this model: 2 × 47.2 MB")
    dialog.model_path.setText("/elsewhere/unlisted.gguf")
    assert dialog.parallel_cost.text() == ""
    dialog.model_path.setText("")
    small = SettingsDialog(
        Settings(n_ctx=4096, parallel_sequences=8),
        offload=(False, "CPU"),
        models=models,
        machine=MachineMemory(1 * GiB, 512 * MiB),
    )
    qtbot.addWidget(small)
    assert "8 × 94.4 MB" in small.parallel_cost.text() and "more than this computer" in small.parallel_cost.text()
    small.parallel.setValue(0)  # automatic: as many as fit, so never a warning
    assert "2 × 94.4 MB" in small.parallel_cost.text() and "computer" not in small.parallel_cost.text()


# ----- settings per model ------------------------------------------------------------------------

RECOMMENDED = {"temp": 0.6, "top_k": 20, "top_p": 0.9, "min_p": 0.0}


def two_models(tmp_path: Path) -> tuple[list, Path, Path]:
    """A library with a model that recommends its sampling and one that does not (plus the starter)."""
    library = Library(tmp_path / "models")
    qwen = write_tiny_llama(tmp_path / "qwen-like.gguf", name="Qwen Like", sampling=RECOMMENDED, seed=1)
    plain = write_tiny_llama(tmp_path / "plain.gguf", name="Plain Tiny", seed=2)
    library.import_model(qwen)
    library.import_model(plain)
    return library.scan(), qwen.resolve(), plain.resolve()


def sources(dialog: SettingsDialog) -> dict[str, str]:
    return {name: label.text() for name, label in dialog.sources.items()}


def test_each_value_says_where_it_comes_from_and_edits_are_kept_for_that_model(qtbot, tmp_path: Path) -> None:
    models, qwen, _plain = two_models(tmp_path)
    dialog = SettingsDialog(Settings(model_path=str(qwen), n_ctx=4096), offload=(False, "CPU"), models=models)
    qtbot.addWidget(dialog)
    assert dialog.scope.currentData() == "model" and dialog.scope_model.text() == "Qwen Like"
    assert (dialog.temperature.value(), dialog.top_k.value(), dialog.top_p.value()) == (0.6, 20, 0.9)
    found = sources(dialog)
    assert found["temperature"] == found["top_k"] == "model metadata"
    assert found["n_ctx"] == found["system_prompt"] == found["kv_cache_type"] == "app default"
    assert found["repeat_penalty"] == "app default"  # the file recommends no repeat penalty
    dialog.n_ctx.setValue(2048)
    assert sources(dialog)["n_ctx"] == "this model"
    result = dialog.result_settings()
    assert result.n_ctx == 4096 and result.temperature == 0.7  # the defaults of all models are unchanged
    assert result.per_model == {model_key(qwen): {"n_ctx": 2048}}  # the metadata's values are not copied


def test_switching_models_in_the_dialog_shows_each_ones_values_and_reset_forgets_them(qtbot, tmp_path: Path) -> None:
    models, qwen, plain = two_models(tmp_path)
    stored = {model_key(qwen): {"top_k": 7, "system_prompt": "Think briefly.", "thinking": True}}
    dialog = SettingsDialog(Settings(model_path=str(qwen), per_model=stored), offload=(False, "CPU"), models=models)
    qtbot.addWidget(dialog)
    assert dialog.top_k.value() == 7 and dialog.system_prompt.toPlainText() == "Think briefly."
    assert sources(dialog)["top_k"] == sources(dialog)["system_prompt"] == "this model"
    dialog.model_path.setText(str(plain))  # another model: its own (here: the app's) values
    assert (dialog.top_k.value(), dialog.temperature.value(), dialog.system_prompt.toPlainText()) == (40, 0.7, "")
    assert set(sources(dialog).values()) == {"app default"}
    dialog.kv_cache.setCurrentIndex(dialog.kv_cache.findData("q8_0"))
    dialog.model_path.setText(str(qwen))  # and back: what it had, plus nothing of the other's
    assert dialog.top_k.value() == 7 and dialog.kv_cache.currentData() == "f16"
    assert dialog.reset_model.isEnabled()
    qtbot.mouseClick(dialog.reset_model, Qt.MouseButton.LeftButton)
    assert (dialog.top_k.value(), dialog.temperature.value(), dialog.system_prompt.toPlainText()) == (20, 0.6, "")
    assert sources(dialog)["top_k"] == "model metadata" and sources(dialog)["system_prompt"] == "app default"
    result = dialog.result_settings()
    assert result.per_model == {model_key(plain): {"kv_cache_type": "q8_0"}}  # the thinking default went too
    all_models(dialog)
    assert not dialog.reset_model.isEnabled() and set(sources(dialog).values()) == {"all models"}


def test_a_quantized_cache_turns_flash_attention_on_and_shrinks_the_memory_estimate(qtbot, tmp_path: Path) -> None:
    models = Library(tmp_path / "models").scan()  # the starter model
    dialog = SettingsDialog(
        Settings(n_ctx=4096, parallel_sequences=1),
        offload=(False, "CPU"),
        models=models,
        machine=MachineMemory(24 * GiB, None),
    )
    qtbot.addWidget(dialog)
    assert dialog.flash_attn.isEnabled() and dialog.flash_attn.currentData() == "auto"
    assert "off when the model runs on the CPU alone" in dialog.flash_note.text()
    assert dialog.parallel_cost.text().startswith("For this model: 1 × 94.4 MB")
    dialog.kv_cache.setCurrentIndex(dialog.kv_cache.findData("q8_0"))
    assert not dialog.flash_attn.isEnabled() and "needs flash attention" in dialog.flash_note.text()
    assert dialog.parallel_cost.text().startswith("For this model: 1 × 50.1 MB")  # 34 bytes per 32 values
    dialog.kv_cache.setCurrentIndex(dialog.kv_cache.findData("q4_0"))
    assert dialog.parallel_cost.text().startswith("For this model: 1 × 26.5 MB")
    all_models(dialog).kv_cache.setCurrentIndex(dialog.kv_cache.findData("q4_0"))
    dialog.flash_attn.setCurrentIndex(dialog.flash_attn.findData("off"))
    result = dialog.result_settings()
    assert (result.kv_cache_type, result.flash_attn) == ("q4_0", "off")
    assert list(result.per_model.values()) == [{"kv_cache_type": "q4_0"}]
