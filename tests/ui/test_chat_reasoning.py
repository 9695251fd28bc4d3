"""The Chat pane with a reasoning model: a tiny GGUF carrying Qwen3's template, a scripted stream that
thinks first. Every wait is on a signal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from assistant.core.settings import load_settings
from assistant.core.stores.history import HistoryStore
from assistant.core.types import ReasoningDelta
from assistant.ui.main_window import MainWindow
from tests.helpers.engine_events import of
from tests.helpers.tiny_gguf import write_tiny_qwen3
from tests.ui.conftest import AppFactory, Gate

THOUGHT = "The user asks for the capital of France. That is Paris; answer in one line."
ANSWER = "The capital of France is **Paris**."
REPLY = f"<think>\n{THOUGHT}\n</think>\n\n{ANSWER}"


@pytest.fixture
def qwen3(tmp_path: Path) -> Path:
    return write_tiny_qwen3(tmp_path / "tiny-qwen3.gguf")


def send(qtbot, window: MainWindow, text: str) -> None:
    chat = window.chat
    chat.input.setPlainText(text)
    with qtbot.waitSignal(chat.reply_finished, timeout=10000):
        qtbot.mouseClick(chat.send_button, Qt.MouseButton.LeftButton)


def test_reasoning_streams_open_then_folds_when_the_answer_starts(qtbot, make_app: AppFactory, qwen3: Path) -> None:
    gate = Gate(hold_at=8)  # held while thinking
    window = make_app((REPLY,), model=qwen3, on_token=gate)
    chat = window.chat
    chat.input.setPlainText("Capital of France?")
    with qtbot.waitSignal(window.engine.request_event, check_params_cb=of(ReasoningDelta), timeout=10000):
        chat.send()
    bubble = chat.transcript.bubbles[-1]
    section = bubble.reasoning
    assert section.isVisible() and section.expanded and section.body.isVisible()
    assert section.toggle.text().startswith("Thinking…")
    assert bubble.text == ""  # nothing of the reasoning in the answer
    with qtbot.waitSignal(chat.reply_finished, timeout=10000) as finished:
        gate.release()
    assert bubble.text == ANSWER and section.text == THOUGHT
    assert section.isVisible() and not section.expanded and not section.body.isVisible()
    header = section.toggle.text()
    assert header.startswith("Thought for ") and f"{finished.args[0].stats.reasoning_tokens} tokens" in header
    qtbot.mouseClick(section.toggle, Qt.MouseButton.LeftButton)
    assert section.expanded and section.body.isVisible() and THOUGHT in section.body.toPlainText()
    qtbot.mouseClick(section.toggle, Qt.MouseButton.LeftButton)
    assert not section.body.isVisible()

    stored = chat.store.messages(chat.conversation.id)[-1]
    assert (stored.content, stored.reasoning) == (ANSWER, THOUGHT)
    assert stored.stats["reasoning_tokens"] == finished.args[0].stats.reasoning_tokens
    assert stored.stats["reasoning_seconds"] >= 0


def test_reasoning_is_kept_reopened_and_left_out_of_the_next_prompt_and_exports(
    qtbot, make_app: AppFactory, qwen3: Path, tmp_path: Path
) -> None:
    window = make_app((REPLY,), model=qwen3)
    chat = window.chat
    send(qtbot, window, "Capital of France?")
    conversation = chat.conversation
    assert conversation is not None
    send(qtbot, window, "And of Italy?")
    backend = window_backend(make_app)
    request = backend.requests[-1]
    prompt = backend.render(request.messages, request.template_vars)
    assert request.messages[1].reasoning == THOUGHT  # given to the template...
    assert THOUGHT not in prompt and f"<|im_start|>assistant\n{ANSWER}<|im_end|>" in prompt  # ...which drops it

    exported = chat.export_to(tmp_path / "chat.md", "markdown")
    assert ANSWER in exported.read_text() and THOUGHT not in exported.read_text()
    for fmt in ("html", "json"):
        text = chat.export_to(tmp_path / f"chat.{fmt}", fmt).read_text()  # type: ignore[arg-type]
        assert "France" in text and THOUGHT not in text
    asked = chat.export_to(tmp_path / "asked.json", "json", include_reasoning=True)
    assert json.loads(asked.read_text())["messages"][1]["reasoning"] == THOUGHT
    assert THOUGHT in chat.export_to(tmp_path / "asked.md", "markdown", include_reasoning=True).read_text()

    chat.new_conversation()
    chat.open_conversation(conversation.id)  # reopened from the history: folded, with its header
    sections = [b.reasoning for b in chat.transcript.bubbles if b.role == "assistant"]
    assert [s.text for s in sections] == [THOUGHT, THOUGHT]
    assert [(s.isHidden(), s.expanded, s.toggle.text()[:12]) for s in sections] == [(False, False, "Thought for ")] * 2


def window_backend(make_app: AppFactory):  # noqa: ANN201
    return make_app.backends[-1]


def test_the_think_switch_sticks_per_conversation_and_per_model(
    qtbot, make_app: AppFactory, qwen3: Path, quill_home: Path
) -> None:
    window = make_app((REPLY,), model=qwen3)
    chat = window.chat
    button = chat.thinking_button
    assert button.isEnabled() and button.isChecked()  # Qwen3 thinks by default
    assert "enable_thinking" in button.toolTip()
    send(qtbot, window, "Capital of France?")
    first = chat.conversation
    assert first is not None and chat.store.conversation(first.id).thinking is True
    assert window_backend(make_app).requests[-1].template_vars == {"enable_thinking": True}

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # off, for this conversation
    assert not button.isChecked()
    send(qtbot, window, "And of Italy?")
    request = window_backend(make_app).requests[-1]
    assert request.template_vars == {"enable_thinking": False}
    assert window_backend(make_app).render(request.messages, request.template_vars).endswith("<think>\n\n</think>\n\n")
    assert chat.store.conversation(first.id).thinking is False
    settings = load_settings(quill_home / "config" / "settings.json").settings
    assert settings.thinking_by_model == {str(qwen3): False}

    chat.new_conversation()  # a new one starts as this model was last used
    assert not button.isChecked()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    send(qtbot, window, "Hello?")
    second = chat.conversation
    assert second is not None and second.id != first.id and chat.store.conversation(second.id).thinking is True
    chat.open_conversation(first.id)
    assert not button.isChecked()  # the first keeps its own choice
    chat.open_conversation(second.id)
    assert button.isChecked()


def test_a_model_that_cannot_switch_says_why(qtbot, make_app: AppFactory) -> None:
    window = make_app(("Hello.",))  # ChatML, no reasoning markers
    button = window.chat.thinking_button
    assert not button.isEnabled() and button.toolTip() == "This model does not think before it answers."
    send(qtbot, window, "Hi")
    assert window_backend(make_app).requests[-1].template_vars == {}
    assert window.chat.transcript.bubbles[-1].reasoning.isHidden()


def test_a_reply_without_reasoning_shows_no_thinking_section(qtbot, make_app: AppFactory, qwen3: Path) -> None:
    window = make_app(("<think>\n\n</think>\n\nHi!",), model=qwen3)
    send(qtbot, window, "Hi")
    bubble = window.chat.transcript.bubbles[-1]
    assert bubble.text == "Hi!" and bubble.reasoning.isHidden()
    stored = HistoryStore(window.chat.store.path).messages(window.chat.conversation.id)[-1]
    assert stored.reasoning == "" and "reasoning_tokens" not in stored.stats


def test_stop_while_thinking_keeps_the_thoughts(qtbot, make_app: AppFactory, qwen3: Path) -> None:
    gate = Gate(hold_at=8)
    window = make_app((REPLY,), model=qwen3, on_token=gate)
    chat = window.chat
    chat.input.setPlainText("Capital of France?")
    with qtbot.waitSignal(window.engine.request_event, check_params_cb=of(ReasoningDelta), timeout=10000):
        chat.send()
    with qtbot.waitSignal(chat.reply_finished, timeout=10000):
        qtbot.mouseClick(chat.stop_button, Qt.MouseButton.LeftButton)
        gate.release()
    stored = chat.store.messages(chat.conversation.id)[-1]
    assert stored.status == "stopped" and stored.content == ""
    assert stored.reasoning and THOUGHT.startswith(stored.reasoning)
    section = chat.transcript.bubbles[-1].reasoning
    assert not section.isHidden() and not section.expanded and not section.live
