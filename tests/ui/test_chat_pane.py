"""The Chat pane as a person uses it, on the scripted backend. Every wait is on a signal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton, QToolButton, QWidget

from assistant.core.stores.history import HistoryStore
from assistant.core.types import Message, TextDelta
from assistant.ui.main_window import MainWindow
from tests.helpers.engine_events import of
from tests.ui.conftest import AppFactory, Gate


def send(qtbot, window: MainWindow, text: str) -> None:
    chat = window.chat
    chat.input.setPlainText(text)
    with qtbot.waitSignal(chat.reply_finished, timeout=10000):
        qtbot.mouseClick(chat.send_button, Qt.MouseButton.LeftButton)


def stored(window: MainWindow) -> list[tuple[str, str, str]]:
    chat = window.chat
    assert chat.conversation is not None
    return [(m.role, m.content, m.status) for m in chat.store.messages(chat.conversation.id)]


def test_object_names_for_automation_exist(make_app: AppFactory) -> None:
    window = make_app()
    for name in ("chatInput", "sendButton", "stopButton", "chatTranscript", "conversationList", "statusModelLabel"):
        assert window.findChild(QWidget, name) is not None, name
    assert window.findChild(QToolButton, "statusModelLabel").text() == "Scripted"


def test_send_streams_a_reply_and_stores_both_messages(qtbot, make_app: AppFactory) -> None:
    window = make_app(("Here are **three**: red, green and blue.",))
    send(qtbot, window, "Name three colours.")
    bubbles = window.chat.transcript.bubbles
    assert [b.role for b in bubbles] == ["user", "assistant"]
    assert bubbles[1].text == "Here are **three**: red, green and blue."
    assert "<b>three</b>" in bubbles[1].body.toHtml() or "font-weight:700" in bubbles[1].body.toHtml()
    assert stored(window) == [
        ("user", "Name three colours.", "complete"),
        ("assistant", "Here are **three**: red, green and blue.", "complete"),
    ]
    assert window.chat.conversation_list.count() == 1
    assert window.chat.conversation_list.item(0).text() == "Name three colours."
    assert window.chat.send_button.isEnabled() and not window.chat.stop_button.isEnabled()


def test_enter_sends_and_shift_enter_adds_a_line(qtbot, make_app: AppFactory) -> None:
    window = make_app(("ok",))
    chat = window.chat
    chat.input.setFocus()
    qtbot.keyClicks(chat.input, "first line")
    qtbot.keyClick(chat.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(chat.input, "second line")
    assert chat.input.toPlainText() == "first line\nsecond line"
    with qtbot.waitSignal(chat.reply_finished, timeout=10000):
        qtbot.keyClick(chat.input, Qt.Key.Key_Return)
    assert stored(window)[0] == ("user", "first line\nsecond line", "complete")
    assert chat.input.toPlainText() == ""


def test_stop_mid_reply_keeps_what_was_written(qtbot, make_app: AppFactory) -> None:
    gate = Gate(hold_at=3)
    window = make_app(("one two three four five six seven eight",), on_token=gate)
    chat = window.chat
    chat.input.setPlainText("Count.")
    with qtbot.waitSignal(window.engine.request_event, check_params_cb=of(TextDelta), timeout=10000):
        chat.send()
    assert chat.stop_button.isEnabled()
    with qtbot.waitSignal(chat.reply_finished, timeout=10000) as finished:
        qtbot.mouseClick(chat.stop_button, Qt.MouseButton.LeftButton)
        gate.release()
    assert finished.args[0].reason == "cancelled"
    role, content, status = stored(window)[1]
    assert status == "stopped"
    assert content and "eight" not in content
    assert chat.transcript.bubbles[1].status_label.text() == "stopped"


def test_escape_stops_the_reply(qtbot, make_app: AppFactory) -> None:
    gate = Gate(hold_at=2)
    window = make_app(("a b c d e f g",), on_token=gate)
    chat = window.chat
    chat.input.setPlainText("Go.")
    with qtbot.waitSignal(window.engine.request_event, check_params_cb=of(TextDelta), timeout=10000):
        chat.send()
    with qtbot.waitSignal(chat.reply_finished, timeout=10000) as finished:
        qtbot.keyClick(chat.input, Qt.Key.Key_Escape)
        gate.release()
    assert finished.args[0].reason == "cancelled"


def test_regenerate_adds_a_version_of_the_last_reply(qtbot, make_app: AppFactory) -> None:
    window = make_app(("first answer", "second answer"))
    send(qtbot, window, "Question?")
    last = window.chat.transcript.bubbles[-1]
    assert last.regenerate_button.isVisibleTo(window)
    with qtbot.waitSignal(window.chat.reply_finished, timeout=10000):
        qtbot.mouseClick(last.regenerate_button, Qt.MouseButton.LeftButton)
    assert stored(window) == [("user", "Question?", "complete"), ("assistant", "second answer", "complete")]
    assert [b.text for b in window.chat.transcript.bubbles] == ["Question?", "second answer"]
    every = window.chat.store.all_messages(window.chat.conversation.id)  # type: ignore[union-attr]
    assert [m.content for m in every] == ["Question?", "first answer", "second answer"]


def test_edit_an_earlier_message_and_resend_as_a_new_version(qtbot, make_app: AppFactory) -> None:
    window = make_app(("reply one", "reply two", "reply three"))
    send(qtbot, window, "First question")
    send(qtbot, window, "Second question")
    first_user = window.chat.transcript.bubbles[0]
    qtbot.mouseClick(first_user.edit_button, Qt.MouseButton.LeftButton)
    assert window.chat.input.toPlainText() == "First question"
    assert window.chat.edit_banner.isVisibleTo(window)
    window.chat.input.setPlainText("First question, rephrased")
    with qtbot.waitSignal(window.chat.reply_finished, timeout=10000):
        qtbot.mouseClick(window.chat.send_button, Qt.MouseButton.LeftButton)
    assert stored(window) == [
        ("user", "First question, rephrased", "complete"),
        ("assistant", "reply three", "complete"),
    ]
    sent = make_app.backends[-1].requests[-1].messages
    assert [m.content for m in sent] == ["First question, rephrased"]
    every = window.chat.store.all_messages(window.chat.conversation.id)  # type: ignore[union-attr]
    assert len(every) == 6  # the first branch (four messages) is kept as the other version


def test_the_system_prompt_reaches_the_model(qtbot, make_app: AppFactory) -> None:
    window = make_app(("Aye.",))
    window.chat.set_system_prompt("Answer like a pirate.")
    send(qtbot, window, "Hello")
    sent = make_app.backends[-1].requests[-1].messages
    assert sent[0] == Message("system", "Answer like a pirate.")
    assert window.chat.conversation is not None and window.chat.conversation.system_prompt == "Answer like a pirate."


def test_search_finds_conversations_by_title_and_text(qtbot, make_app: AppFactory) -> None:
    window = make_app(("I like apples.", "香蕉很好吃。", "Nothing."))
    send(qtbot, window, "Fruit?")
    window.chat.new_conversation()
    send(qtbot, window, "水果？")
    window.chat.new_conversation()
    send(qtbot, window, "Weather?")
    chat = window.chat
    assert chat.conversation_list.count() == 3
    chat.search_box.setText("apples")
    assert [chat.conversation_list.item(i).text() for i in range(chat.conversation_list.count())] == ["Fruit?"]
    chat.search_box.setText("香蕉")
    assert [chat.conversation_list.item(i).text() for i in range(chat.conversation_list.count())] == ["水果？"]
    chat.search_box.setText("")
    assert chat.conversation_list.count() == 3


def test_switching_conversations_shows_their_messages(qtbot, make_app: AppFactory) -> None:
    window = make_app(("A1", "B1"))
    send(qtbot, window, "Conversation A")
    window.chat.new_conversation()
    send(qtbot, window, "Conversation B")
    chat = window.chat
    row_a = next(
        i for i in range(chat.conversation_list.count()) if chat.conversation_list.item(i).text() == "Conversation A"
    )
    chat.conversation_list.setCurrentRow(row_a)
    assert [b.text for b in chat.transcript.bubbles] == ["Conversation A", "A1"]


def test_rename_and_delete(qtbot, make_app: AppFactory) -> None:
    window = make_app(("ok",))
    send(qtbot, window, "Something")
    chat = window.chat
    assert chat.conversation is not None
    conversation_id = chat.conversation.id
    chat.rename_conversation(conversation_id, "Renamed 重命名")
    assert chat.conversation_list.item(0).text() == "Renamed 重命名"
    assert chat.title_label.text() == "Renamed 重命名"
    chat.delete_conversation(conversation_id)
    assert chat.conversation_list.count() == 0
    assert chat.conversation is None and chat.transcript.bubbles == []


def test_export_markdown_html_and_json(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    window = make_app(("Use `print()`:\n\n```python\nprint('你好')\n```",))
    window.chat.set_system_prompt("Be helpful.")
    send(qtbot, window, "How do I print?")
    md = window.chat.export_to(tmp_path / "c.md", "markdown").read_text(encoding="utf-8")
    assert "## You\n\nHow do I print?" in md and "```python\nprint('你好')\n```" in md and "Be helpful." in md
    page = window.chat.export_to(tmp_path / "c.html", "html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<pre><code" in page and "print('你好')" in page
    data = json.loads(window.chat.export_to(tmp_path / "c.json", "json").read_text(encoding="utf-8"))
    assert data["system_prompt"] == "Be helpful."
    assert [m["role"] for m in data["messages"]] == ["user", "assistant"]
    assert data["messages"][1]["content"].endswith("```")


def test_copy_message_and_code_block(qtbot, make_app: AppFactory) -> None:
    window = make_app(("Run this:\n\n```sh\necho hi\n```\n",))
    send(qtbot, window, "Command?")
    reply = window.chat.transcript.bubbles[1]
    qtbot.mouseClick(reply.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "Run this:\n\n```sh\necho hi\n```\n"
    assert "quill-copy:0" in reply.body.toHtml()
    reply.body.copy_code_requested.emit(0)
    assert QGuiApplication.clipboard().text() == "echo hi\n"


def test_history_survives_closing_and_reopening(qtbot, make_app: AppFactory) -> None:
    window = make_app(("Remembered reply.",))
    send(qtbot, window, "Remember me")
    window.close()
    assert not window.engine.core.alive
    make_app.context(window).close()
    reopened = make_app(("unused",))
    chat = reopened.chat
    assert chat.conversation_list.count() == 1
    assert [b.text for b in chat.transcript.bubbles] == ["Remember me", "Remembered reply."]


def test_closing_mid_reply_stops_it_and_keeps_the_partial_text(qtbot, make_app: AppFactory) -> None:
    gate = Gate(hold_at=2)
    window = make_app(("alpha beta gamma delta",), on_token=gate)
    window.chat.input.setPlainText("Go")
    with qtbot.waitSignal(window.engine.request_event, check_params_cb=of(TextDelta), timeout=10000):
        window.chat.send()
    conversation_id = window.chat.conversation.id  # type: ignore[union-attr]
    gate.release()
    window.close()
    assert not window.engine.core.alive
    store = HistoryStore(make_app.context(window).paths.history_db)
    reply = store.messages(conversation_id)[1]
    store.close()
    assert reply.status in ("stopped", "complete") and reply.content.startswith("alpha")


def test_a_conversation_too_long_for_the_context_says_turns_were_trimmed(qtbot, make_app: AppFactory) -> None:
    window = make_app(("A fairly long answer with quite a few words in it, to fill the context.",), n_ctx=120)
    for i in range(4):
        send(qtbot, window, f"Question number {i} with several words in it")
    assert window.chat.trimmed_label.isVisibleTo(window)
    assert "oldest messages were left out" in window.chat.trimmed_label.text()


def test_an_error_is_one_sentence_and_the_app_keeps_working(qtbot, make_app: AppFactory) -> None:
    window = make_app(("fine",), n_ctx=64)
    chat = window.chat
    chat.input.setPlainText("word " * 200)
    with qtbot.waitSignal(chat.reply_failed, timeout=10000) as failed:
        chat.send()
    assert "too long" in failed.args[0]
    assert stored(window)[-1][2] == "error"
    send(qtbot, window, "short")
    assert stored(window)[-1] == ("assistant", "fine", "complete")


def test_status_bar_shows_speed_and_context(qtbot, make_app: AppFactory) -> None:
    window = make_app(("one two three four five",))
    send(qtbot, window, "Count")
    assert window.context_meter.maximum() == 2048 and window.context_meter.isVisible()
    assert window.context_meter.value() > 0


def test_shortcuts_and_accessible_names(make_app: AppFactory) -> None:
    window = make_app()
    shortcuts = {a.shortcut().toString() for a in window.actions()}
    assert {"Ctrl+N", "Ctrl+F", "Esc", "Ctrl+,", "Ctrl+Q"} <= shortcuts
    for widget in window.findChildren(QWidget):
        if (
            widget.isVisibleTo(window)
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and isinstance(widget, QPushButton)
        ):
            assert widget.text() or widget.accessibleName(), widget.objectName()
    for name in ("chatInput", "chatTranscript", "conversationList", "conversationSearch"):
        assert window.findChild(QWidget, name).accessibleName(), name


def test_new_chat_shortcut_starts_an_empty_conversation(qtbot, make_app: AppFactory) -> None:
    window = make_app(("ok",))
    send(qtbot, window, "Hi")
    window.new_chat_action.trigger()
    assert window.chat.conversation is None and window.chat.transcript.bubbles == []
    assert window.chat.placeholder.isVisibleTo(window)


@pytest.mark.parametrize("argv, send_text", [(["--lang", "zh_CN"], "发送"), (["--lang", "en"], "Send")])
def test_the_interface_language_can_be_chosen(make_app: AppFactory, argv: list[str], send_text: str) -> None:
    window = make_app(argv=argv)
    assert window.chat.send_button.text() == send_text


def test_chinese_text_goes_in_and_comes_back(qtbot, make_app: AppFactory) -> None:
    window = make_app(("你好！我能帮你什么？",))
    send(qtbot, window, "你好，请介绍一下你自己。")
    assert [b.text for b in window.chat.transcript.bubbles] == ["你好，请介绍一下你自己。", "你好！我能帮你什么？"]


def test_an_empty_chat_offers_questions_to_start_from(qtbot, make_app: AppFactory) -> None:
    window = make_app(("A heat pump moves heat.",))
    chat = window.chat
    assert chat.empty_state.isVisibleTo(window) and len(chat.suggestions) == 3
    first = chat.suggestions[0]
    assert first.text() and first.toolTip()
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton)
    assert chat.input.toPlainText() == first.text()  # put in the box, not sent
    assert chat.conversation is None and chat.input.hasFocus()
    send(qtbot, window, chat.input.toPlainText())
    assert not chat.empty_state.isVisibleTo(window)
    assert stored(window)[-1] == ("assistant", "A heat pump moves heat.", "complete")
