"""The app on a remote server, and the app serving its own model to other programs while the GUI chats."""

from __future__ import annotations

import threading
from pathlib import Path

import openai
import pytest
from PySide6.QtWidgets import QLabel

from assistant.core.errors import BadInputError
from assistant.core.settings import Settings, save_settings
from assistant.core.stores import api_keys
from assistant.core.types import TextDelta
from assistant.ui.dialogs.remote_page import RemotePage
from assistant.ui.dialogs.settings import SettingsDialog
from tests.helpers.engine_events import of
from tests.helpers.fake_openai import fake_openai
from tests.helpers.servers import free_port
from tests.ui.conftest import AppFactory, Gate


def test_the_settings_page_reads_and_writes_settings_but_never_the_key(qtbot) -> None:
    page = RemotePage(Settings(backend="local", serve_port=8123))
    qtbot.addWidget(page)
    assert not page.base_url.isEnabled() and not page.serve_port.isEnabled()
    page.backend.setCurrentIndex(page.backend.findData("remote"))
    assert page.base_url.isEnabled()
    page.base_url.setText(" http://gpu-box:8080/v1 ")
    page.model.setText("qwen2.5-7b")
    page.key.setText("sk-typed-secret")
    page.serve.setChecked(True)
    assert page.serve_address.text() == "http://127.0.0.1:8123/v1"
    result = page.apply(Settings())
    assert (result.backend, result.remote_base_url, result.remote_model) == (
        "remote",
        "http://gpu-box:8080/v1",
        "qwen2.5-7b",
    )
    assert result.serve_enabled and result.serve_port == 8123
    assert page.api_key() == "sk-typed-secret"
    assert "sk-typed-secret" not in repr(result)
    note = page.findChild(QLabel, "settingsKeyNote")
    assert note is not None and ("keyring" in note.text())


def test_the_settings_dialog_carries_the_page(qtbot) -> None:
    dialog = SettingsDialog(Settings(serve_enabled=True, remote_n_ctx=2048))
    qtbot.addWidget(dialog)
    dialog.remote_page.serve_port.setValue(9001)
    result = dialog.result_settings()
    assert result.serve_port == 9001 and result.serve_enabled and result.remote_n_ctx == 2048


def test_the_app_chats_through_a_remote_server(qtbot, make_app: AppFactory, quill_home: Path) -> None:
    with fake_openai() as server:
        save_settings(
            Settings(backend="remote", remote_base_url=server.base_url), quill_home / "config" / "settings.json"
        )
        api_keys.store_api_key(server.base_url, "sk-gui-secret")
        try:
            window = make_app(real=True)  # the app's own engine factory: here, the remote backend
            assert window.model_label.text() == f"fake-model on 127.0.0.1:{server.server_address[1]}"
            assert "remote" in window.model_label.toolTip()
            chat = window.chat
            chat.input.setPlainText("Hi")
            with qtbot.waitSignal(chat.reply_finished, timeout=20000) as finished:
                chat.send()
            assert finished.args[0].reason == "stop"
            assert chat.transcript.bubbles[-1].text == "Hello from the fake server."
            assert server.headers_seen[-1].get("Authorization") == "Bearer sk-gui-secret"
        finally:
            api_keys.store_api_key(server.base_url, "")
    settings_text = (quill_home / "config" / "settings.json").read_text(encoding="utf-8")
    assert "sk-gui-secret" not in settings_text
    log = (quill_home / "logs" / "quill.log").read_text(encoding="utf-8")
    assert "fake-model" in log and "sk-gui-secret" not in log


def test_the_app_serves_its_model_while_the_gui_chats(qtbot, make_app: AppFactory, quill_home: Path) -> None:
    port = free_port()
    save_settings(Settings(serve_enabled=True, serve_port=port), quill_home / "config" / "settings.json")
    gate = Gate(hold_at=2)
    window = make_app(("Hello from Quill.",), on_token=gate)
    url = f"http://127.0.0.1:{port}/v1"
    assert window.serving_url == url and window.server_label.isVisible() and url in window.server_label.text()

    chat = window.chat
    chat.input.setPlainText("Hi")
    with qtbot.waitSignal(window.engine.request_event, check_params_cb=of(TextDelta), timeout=10000):
        chat.send()  # the GUI's reply is now held mid-stream on the engine thread
    answers: dict[str, str] = {}

    def ask(name: str, stream: bool) -> None:
        client = openai.OpenAI(base_url=url, api_key="unused", max_retries=0)
        messages = [{"role": "user", "content": name}]
        if stream:
            chunks = client.chat.completions.create(model="m", messages=messages, stream=True)  # type: ignore[arg-type]
            answers[name] = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        else:
            reply = client.chat.completions.create(model="m", messages=messages)  # type: ignore[arg-type]
            answers[name] = reply.choices[0].message.content or ""

    clients = [threading.Thread(target=ask, args=("one", True)), threading.Thread(target=ask, args=("two", False))]
    for client in clients:
        client.start()
    with qtbot.waitSignal(chat.reply_finished, timeout=20000):
        gate.release()
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=20000)
    for client in clients:
        client.join(5)
    assert chat.transcript.bubbles[-1].text == "Hello from Quill."
    assert answers == {"one": "Hello from Quill.", "two": "Hello from Quill."}
    # the API's requests ran on the same engine (the one scripted backend saw all three)
    assert len(make_app.backends[0].requests) == 3


def test_the_serve_toggle_stops_and_a_taken_port_is_one_sentence(qtbot, make_app: AppFactory) -> None:
    window = make_app()
    api = make_app.context(window).api
    assert not api.running and not window.server_label.isVisible()
    url = api.start("127.0.0.1", 0)
    assert window.serving_url == url and window.server_label.isVisible()
    assert openai.OpenAI(base_url=url, api_key="x").models.list().data[0].id == "Scripted"
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    api.stop()
    assert window.serving_url == "" and not window.server_label.isVisible()
    with pytest.raises(openai.APIConnectionError):
        openai.OpenAI(base_url=url, api_key="x", max_retries=0, timeout=3).models.list()
    blocker = api.start("127.0.0.1", port)
    other = type(api)(window.engine, lambda: None)
    with pytest.raises(BadInputError, match=f"Cannot listen on 127.0.0.1:{port}"):
        other.start("127.0.0.1", port)
    assert blocker == url
    api.stop()
