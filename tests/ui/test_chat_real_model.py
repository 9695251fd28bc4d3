"""The Chat pane on the real starter model: a reply streams in, and Stop stops it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from assistant.core.settings import Settings, save_settings
from assistant.core.stores.history import HistoryStore
from assistant.core.types import TextDelta
from tests.helpers.engine_events import of
from tests.ui.conftest import AppFactory

pytestmark = pytest.mark.model


def test_a_message_in_a_streamed_reply_out_and_stop(qtbot, make_app: AppFactory, quill_home: Path) -> None:
    save_settings(Settings(max_tokens=400, temperature=0.7, seed=3), quill_home / "config" / "settings.json")
    window = make_app(real=True)
    assert window.engine.model_info is not None
    assert window.model_label.text() == "SmolLM2 135M Instruct (starter)"
    chat = window.chat

    pieces: list[str] = []
    window.engine.request_event.connect(lambda _rid, event: isinstance(event, TextDelta) and pieces.append(event.text))
    chat.input.setPlainText("Name three colours.")
    with qtbot.waitSignal(chat.reply_finished, timeout=60000) as finished:
        qtbot.mouseClick(chat.send_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].reason in ("stop", "length")
    reply = chat.transcript.bubbles[-1].text
    assert len(reply.split()) >= 3 and "".join(pieces) == reply
    assert len(pieces) >= 2  # it streamed
    assert "tokens/s" in window.tokens_label.text()

    chat.input.setPlainText("Now write a very long story about a dragon and a baker.")
    with qtbot.waitSignal(window.engine.request_event, check_params_cb=of(TextDelta), timeout=60000):
        chat.send()
    with qtbot.waitSignal(chat.reply_finished, timeout=60000) as stopped:
        qtbot.mouseClick(chat.stop_button, Qt.MouseButton.LeftButton)
    assert stopped.args[0].reason == "cancelled"
    assert stopped.args[0].stats.generated_tokens < 400
    last = chat.store.messages(chat.conversation.id)[-1]  # type: ignore[union-attr]
    assert last.status == "stopped" and last.content


def test_an_interrupted_reply_is_shown_as_such(qtbot, make_app: AppFactory, quill_home: Path) -> None:
    store = HistoryStore(quill_home / "data" / "history.sqlite3")
    conversation = store.create_conversation("Cut off")
    store.add_message(conversation.id, "user", "Tell me a story")
    store.add_message(conversation.id, "assistant", "Once upon a", status="streaming")
    store.close()  # as if Quill died here
    window = make_app(("unused",))
    bubbles = window.chat.transcript.bubbles
    assert [b.text for b in bubbles] == ["Tell me a story", "Once upon a"]
    assert bubbles[1].status == "interrupted" and bubbles[1].status_label.text() == "interrupted"
