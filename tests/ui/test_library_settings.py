"""Embedding models: a catalog entry downloads through the Models dialog (real loopback Hub), is shown as an
embedding model, is not offered for chat, and is what Settings → Library picks; none means keywords only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.core.models.library import Library
from assistant.core.settings import Settings, load_settings, save_settings
from assistant.ui.controller import usable_models
from assistant.ui.dialogs.models import ModelsDialog
from assistant.ui.dialogs.settings import SettingsDialog
from assistant.ui.model_services import ModelServices
from tests.helpers.fake_hub import FakeHub, HubFileSpec

ENTRY_ID = "bge-m3-q8_0"


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    from huggingface_hub import constants

    with FakeHub() as fake:
        monkeypatch.setenv("HF_ENDPOINT", fake.url)
        monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
        monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
        yield fake


@pytest.fixture
def services(quill_home: Path) -> Iterator[ModelServices]:
    current = Settings(discover_models=False)
    made = ModelServices(lambda: current, quill_home / "models")
    yield made
    made.shutdown()


def test_an_embedding_model_from_the_catalog_downloads_and_is_chosen_in_settings_library(
    qtbot, hub: FakeHub, services: ModelServices, tiny_bert: Path, tmp_path: Path
) -> None:
    entry = next(e for e in services.catalog if e.id == ENTRY_ID)
    assert entry.is_embedding and entry.dimension == 1024
    hub.add(entry.repo, {entry.file: HubFileSpec(data=tiny_bert.read_bytes())})
    used: list[Path] = []
    dialog = ModelsDialog(services, used.append, lambda: None)
    qtbot.addWidget(dialog)
    dialog.show()

    table = dialog.recommended_table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).data(256) == ENTRY_ID)
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert "embedding" in table.item(row, headers.index("Good for")).text()
    table.selectRow(row)
    with qtbot.waitSignal(services.downloads.completed, timeout=30000) as blocker:
        dialog.recommended_button.click()
    _key, path = blocker.args
    assert Path(path).name == entry.file
    qtbot.waitUntil(lambda: "Settings → Library" in dialog.message.text(), timeout=10000)

    # Installed: marked as an embedding model, and "Use this model" (for chat) refuses it.
    model = next(m for m in dialog.installed if Path(m.path).name == entry.file)
    assert model.usable and model.is_embedding and not model.chat_usable
    dialog.select_model(model.path)
    assert dialog.installed_table.item(dialog.installed.index(model), 0).text().endswith("(embedding model)")
    assert not dialog.use_button.isEnabled()
    dialog.use_selected()
    assert used == [] and "embedding model" in dialog.message.text()

    # Settings: offered under Library, never as the chat model.
    models = usable_models(services)
    settings_dialog = SettingsDialog(Settings(), offload=(False, "CPU"), models=models)
    qtbot.addWidget(settings_dialog)
    chat_choices = [settings_dialog.model_choice.itemData(i) for i in range(settings_dialog.model_choice.count())]
    assert str(model.path) not in chat_choices
    box = settings_dialog.embedding_choice
    assert box.currentText() == "None (keywords only)" and "Keywords only" in settings_dialog.embedding_note.text()
    index = box.findData(str(model.path))
    assert index > 0
    box.setCurrentIndex(index)
    assert "/v1/embeddings" in settings_dialog.embedding_note.text()
    chosen = settings_dialog.result_settings()
    assert chosen.library_embedding_model == str(model.path)
    save_settings(chosen, tmp_path / "settings.json")
    assert load_settings(tmp_path / "settings.json").settings.library_embedding_model == str(model.path)

    reopened = SettingsDialog(chosen, offload=(False, "CPU"), models=models)
    qtbot.addWidget(reopened)
    assert reopened.embedding_choice.currentData() == str(model.path)
    reopened.embedding_choice.setCurrentIndex(0)
    assert reopened.result_settings().library_embedding_model is None


def test_a_chosen_embedding_model_that_is_gone_stays_visible(qtbot, tmp_path: Path, tiny_model: Path) -> None:
    library = Library(tmp_path / "models")
    library.import_model(tiny_model)  # a chat model: not offered for the Library
    settings = Settings(library_embedding_model=str(tmp_path / "gone" / "e5.gguf"))
    dialog = SettingsDialog(settings, offload=(False, "CPU"), models=library.scan())
    qtbot.addWidget(dialog)
    box = dialog.embedding_choice
    assert [box.itemText(i) for i in range(box.count())] == ["None (keywords only)", "e5.gguf (not found)"]
    assert dialog.result_settings().library_embedding_model == settings.library_embedding_model  # nothing lost
