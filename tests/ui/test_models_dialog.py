"""The Models dialog against a real loopback Hub (FakeHub) and real tiny GGUF models."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from assistant.core.models.library import SOURCE_IMPORTED, SOURCE_QUILL
from assistant.core.settings import Settings
from assistant.ui.dialogs.models import ModelsDialog
from assistant.ui.downloads import DONE, FAILED, PAUSED
from assistant.ui.model_services import ModelServices
from tests.helpers.fake_hub import FakeHub, HubFileSpec
from tests.helpers.tiny_gguf import write_tiny_llama

REPO = "tester/Tiny-Chat-GGUF"


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    """A running FakeHub with HF_ENDPOINT pointing at it and huggingface-hub's offline switch off."""
    from huggingface_hub import constants

    with FakeHub() as fake:
        monkeypatch.setenv("HF_ENDPOINT", fake.url)
        monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
        monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
        yield fake


@pytest.fixture(scope="module")
def tiny_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("hub-models")
    small = write_tiny_llama(folder / "small.gguf", name="Tiny Chat Q4").read_bytes()
    large = write_tiny_llama(folder / "large.gguf", n_embd=64, n_ff=128, name="Tiny Chat Q8").read_bytes()
    return {"Q4_K_M": small, "Q8_0": large}


def make_services(home: Path, **settings: object) -> ModelServices:
    current = Settings(discover_models=False, **settings)  # type: ignore[arg-type]
    return ModelServices(lambda: current, home / "models")


@pytest.fixture
def open_dialog(qtbot, quill_home: Path) -> Iterator:  # type: ignore[no-untyped-def]
    """Open a Models dialog on its own ModelServices; every one made is shut down after the test."""
    made: list[ModelServices] = []
    used: list[Path] = []

    def factory(services: ModelServices | None = None) -> ModelsDialog:
        services = services or make_services(quill_home)
        made.append(services)
        dialog = ModelsDialog(services, used.append, lambda: None)
        dialog.used = used  # type: ignore[attr-defined]
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    yield factory
    for services in made:
        services.shutdown()


def search_and_list(qtbot, dialog: ModelsDialog, query: str = "tiny") -> None:  # type: ignore[no-untyped-def]
    dialog.tabs.setCurrentIndex(2)
    dialog.hub_query.setText(query)
    with qtbot.waitSignal(dialog.search_finished, timeout=20000):
        dialog.search_button.click()
    assert dialog.hub_repos.count() == 1, dialog.hub_status.text()
    with qtbot.waitSignal(dialog.files_listed, timeout=20000):
        dialog.hub_repos.setCurrentRow(0)


def test_search_download_pause_resume_after_restart_and_use(
    qtbot, hub: FakeHub, tiny_files, open_dialog, quill_home: Path
) -> None:
    big = tiny_files["Q8_0"]
    hub.add(
        REPO,
        {
            "tiny-chat-Q4_K_M.gguf": HubFileSpec(data=tiny_files["Q4_K_M"]),
            "tiny-chat-Q8_0.gguf": HubFileSpec(data=big, throttle_bps=len(big) // 4),  # about 4 s
            "README.md": HubFileSpec(data=b"# Tiny", lfs=False),
        },
    )
    dialog = open_dialog()
    search_and_list(qtbot, dialog)
    assert [f.filename for f in dialog.hub_files] == ["tiny-chat-Q4_K_M.gguf", "tiny-chat-Q8_0.gguf"]
    assert dialog.recommended_file is not None and dialog.recommended_file.quantization == "Q8_0"
    table = dialog.hub_files_table
    assert table.item(1, 5).text() == "★ Recommended" and table.item(1, 0).font().bold()
    assert table.item(1, 4).text() == "Fits"
    assert dialog.selected_hub_file() is dialog.recommended_file  # the recommended one is preselected

    key = dialog.download_hub_file()
    assert key is not None
    manager = dialog.services.downloads
    row = dialog.queue.rows[key]
    qtbot.waitUntil(lambda: row.bar.value() > 0, timeout=20000)
    assert " of " in row.status.text() and row.pause_button.isVisible() and not row.resume_button.isVisible()
    row.pause_button.click()
    qtbot.waitUntil(lambda: manager.entries[key].state == PAUSED, timeout=20000)
    assert row.status.text().startswith("Paused at") and row.resume_button.isVisible()
    kept = manager.entries[key].done_bytes
    assert 0 < kept < len(big)
    partial = manager.downloader.partial_paths(manager.entries[key].request)[0]  # type: ignore[arg-type]
    assert partial.stat().st_size == kept

    # Quill closes; the next run lists the download as paused, and it resumes where it stopped.
    dialog.close()
    dialog.services.shutdown()
    again = open_dialog(make_services(quill_home))
    manager = again.services.downloads
    assert manager.entries[key].state == PAUSED
    row = again.queue.rows[key]
    assert row.resume_button.isVisible() and row.bar.value() == int(1000 * kept / len(big))
    with qtbot.waitSignal(manager.completed, timeout=30000):
        row.resume_button.click()
    assert hub.gets_of("tiny-chat-Q8_0.gguf")[-1] == f"bytes={kept}-"
    assert manager.entries[key].state == DONE and row.use_button.isVisible()
    assert row.status.text().startswith("Downloaded and verified")
    installed = {m.path.name: m for m in again.installed}
    assert installed["tiny-chat-Q8_0.gguf"].source == SOURCE_QUILL and installed["tiny-chat-Q8_0.gguf"].usable
    assert again.selected_model() is installed["tiny-chat-Q8_0.gguf"]
    row.use_button.click()
    assert again.used == [installed["tiny-chat-Q8_0.gguf"].path]  # type: ignore[attr-defined]


def test_cancel_removes_the_partial_file(qtbot, hub: FakeHub, tiny_files, open_dialog) -> None:
    data = tiny_files["Q8_0"]
    hub.add(REPO, {"tiny-chat-Q8_0.gguf": HubFileSpec(data=data, throttle_bps=len(data) // 5)})
    dialog = open_dialog()
    search_and_list(qtbot, dialog)
    key = dialog.download_hub_file()
    manager = dialog.services.downloads
    row = dialog.queue.rows[key]
    qtbot.waitUntil(lambda: row.bar.value() > 0, timeout=20000)
    request = manager.entries[key].request
    partial = manager.downloader.partial_paths(request)[0]  # type: ignore[arg-type]
    assert partial.exists()
    with qtbot.waitSignal(manager.removed, timeout=20000):
        row.cancel_button.click()
    assert key not in dialog.queue.rows and not partial.exists()
    assert not list((dialog.services.models_dir / ".partial").rglob("*.part*"))
    assert not manager.downloader.final_paths(request)[0].exists()  # type: ignore[arg-type]


def test_a_download_that_fails_verification_is_one_sentence(qtbot, hub: FakeHub, tiny_files, open_dialog) -> None:
    hub.add(REPO, {"tiny-chat-Q4_K_M.gguf": HubFileSpec(data=tiny_files["Q4_K_M"], sha256="0" * 64)})
    dialog = open_dialog()
    search_and_list(qtbot, dialog)
    key = dialog.download_hub_file()
    manager = dialog.services.downloads
    qtbot.waitUntil(lambda: manager.entries[key].state == FAILED, timeout=20000)
    text = dialog.queue.rows[key].status.text()
    assert "failed verification" in text and "\n" not in text and text.count(". ") <= 1
    assert not any(m.path.name == "tiny-chat-Q4_K_M.gguf" for m in dialog.installed)


def test_a_recommended_model_downloads_with_the_hubs_hash(qtbot, hub: FakeHub, tiny_files, open_dialog) -> None:
    hub.add(
        "Qwen/Qwen2.5-0.5B-Instruct-GGUF", {"qwen2.5-0.5b-instruct-q4_k_m.gguf": HubFileSpec(data=tiny_files["Q4_K_M"])}
    )
    dialog = open_dialog()
    table = dialog.recommended_table
    assert table.rowCount() == len(dialog.services.catalog) >= 5
    assert {table.item(r, 3).text() for r in range(table.rowCount())} <= {"Fits", "Tight", "Will not fit"}
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).data(256) == "qwen2.5-0.5b-instruct-q4km")
    table.selectRow(row)
    with qtbot.waitSignal(dialog.services.downloads.completed, timeout=30000) as blocker:
        dialog.recommended_button.click()
    key, path = blocker.args
    request = dialog.services.downloads.entries[key].request
    assert request is not None and request.sha256s[0] and request.revision != "main"  # pinned from the Hub
    assert Path(path).name == "qwen2.5-0.5b-instruct-q4_k_m.gguf"
    assert table.item(table.currentRow(), 0).text() == "Qwen2.5 0.5B Instruct (installed)"
    dialog.recommended_button.click()  # already here: shown in Installed, not fetched again
    assert dialog.message.text() == "Qwen2.5 0.5B Instruct is already installed." and dialog.tabs.currentIndex() == 0
    assert dialog.selected_model().path == Path(path)
    manifest = json.loads((dialog.services.models_dir / "quill-models.json").read_text(encoding="utf-8"))
    assert next(iter(manifest["models"].values()))["sha256"] == request.sha256s[0]


def test_import_verify_and_delete_with_confirmation(
    qtbot, open_dialog, tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog()
    starter = dialog.selected_model()
    assert starter is not None and starter.source == "starter"
    asked: list[str] = []
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Yes])

    def question(_parent: object, _title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog.delete_selected()
    assert asked == [] and "starter model cannot be deleted" in dialog.message.text()

    # In place: listed as imported; deleting only forgets it.
    outside = tmp_path / "outside" / "my-model.Q8_0.gguf"
    outside.parent.mkdir()
    outside.write_bytes(tiny_model.read_bytes())
    with qtbot.waitSignal(dialog.installed_refreshed, timeout=20000):
        dialog.import_file(outside, copy=False)
    model = dialog.selected_model()
    assert model is not None and model.source == SOURCE_IMPORTED and model.path == outside.resolve()
    assert dialog.installed_table.item(dialog.installed.index(model), 6).text() == "yes"

    with qtbot.waitSignal(dialog.message_shown, timeout=20000, check_params_cb=lambda text: "intact" in text):
        dialog.verify_selected()
    assert dialog.verify_progress.isHidden() and dialog.verify_button.isEnabled()

    dialog.delete_selected()  # answered No
    assert outside in {m.path for m in dialog.installed} or outside.resolve() in {m.path for m in dialog.installed}
    dialog.delete_selected()  # answered Yes
    assert "stays at" in asked[-1] and outside.exists()
    assert outside.resolve() not in {m.path for m in dialog.installed}

    # Copied: the copy is Quill's, and deleting removes it from disk.
    with qtbot.waitSignal(dialog.installed_refreshed, timeout=20000):
        dialog.import_file(outside, copy=True)
    copied = dialog.selected_model()
    assert copied is not None and copied.source == SOURCE_QUILL and copied.path.exists()
    assert copied.path.parent == dialog.services.models_dir / "imported"
    dialog.delete_selected()
    assert copied.path.name in asked[-1] or copied.name in asked[-1]
    assert not copied.path.exists() and outside.exists()


def test_a_bad_file_is_refused_in_one_line(qtbot, open_dialog, tmp_path: Path) -> None:
    bad = tmp_path / "notes.gguf"
    bad.write_text("just some notes\n", encoding="utf-8")
    dialog = open_dialog()
    rows = dialog.installed_table.rowCount()
    with qtbot.waitSignal(dialog.message_shown, timeout=20000, check_params_cb=lambda t: "Cannot use" in t):
        dialog.import_file(bad, copy=False)
    assert "text file" in dialog.message.text() and "\n" not in dialog.message.text()
    assert dialog.installed_table.rowCount() == rows and dialog.import_button.isEnabled()


def test_other_apps_models_are_listed_but_not_deleted(
    qtbot, open_dialog, tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    studio = tmp_path / "lmstudio" / "someone" / "model"
    studio.mkdir(parents=True)
    (studio / "their-model-Q4_K_M.gguf").write_bytes(tiny_model.read_bytes())
    services = make_services(tmp_path / "home")
    services.library.discovery_roots.append(("lmstudio", tmp_path / "lmstudio"))
    dialog = open_dialog(services)
    dialog.refresh_installed()
    theirs = next(m for m in dialog.installed if m.source == "lmstudio")
    dialog.select_model(theirs.path)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: pytest.fail("must not ask"))
    dialog.delete_selected()
    assert "belongs to LM Studio" in dialog.message.text()
    assert (studio / "their-model-Q4_K_M.gguf").exists()


def test_the_memory_shown_is_for_the_sequences_settings_ask_for(qtbot, open_dialog, quill_home: Path) -> None:
    dialog = open_dialog(make_services(quill_home, n_ctx=4096, parallel_sequences=3))
    row = next(i for i, m in enumerate(dialog.installed) if m.source == "starter")
    memory = dialog.installed_table.item(row, 7)
    assert memory is not None and "context 94.4 MB × 3 sequences" in memory.toolTip()
    assert "3 sequences decoded together" in dialog.machine_label.text()
    automatic = open_dialog(make_services(quill_home / "auto", n_ctx=4096))
    assert "as many as memory allows up to 4" in automatic.machine_label.text()


@pytest.mark.parametrize(
    "language, names",
    [("zh_CN", "简体中文, 英语, 法语, 西班牙语…"), ("en", "Chinese (Simplified), English, French, Spanish…")],
)
def test_the_languages_column_names_them_in_the_ui_language(
    open_dialog, monkeypatch: pytest.MonkeyPatch, language: str, names: str
) -> None:
    from assistant.ui import i18n

    monkeypatch.setattr(i18n, "_shown_language", language)
    table = open_dialog().recommended_table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    column = headers.index("Languages")
    shown = [table.item(r, column).text() for r in range(table.rowCount())]
    assert names in shown
    assert "zh" not in shown and not any(text.startswith("zh,") for text in shown)  # names, not codes
