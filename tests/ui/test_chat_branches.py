"""Versions in the Chat pane (issue 19): Edit and Regenerate keep every version, ‹ › moves between them.
Scripted backend; every wait is on a signal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from assistant.core.stores.history import HistoryStore
from assistant.ui.main_window import MainWindow
from assistant.ui.widgets.versions import VersionSwitcher
from tests.ui.conftest import AppFactory
from tests.ui.test_accessibility import accessible_name, tab_walk


def send(qtbot, window: MainWindow, text: str) -> None:
    window.chat.input.setPlainText(text)
    with qtbot.waitSignal(window.chat.reply_finished, timeout=10000):
        qtbot.mouseClick(window.chat.send_button, Qt.MouseButton.LeftButton)


def regenerate(qtbot, window: MainWindow) -> None:
    last = window.chat.transcript.bubbles[-1]
    with qtbot.waitSignal(window.chat.reply_finished, timeout=10000):
        qtbot.mouseClick(last.regenerate_button, Qt.MouseButton.LeftButton)


def shown(window: MainWindow) -> list[str]:
    return [b.text for b in window.chat.transcript.bubbles]


def switcher(window: MainWindow, bubble_index: int) -> VersionSwitcher:
    found = window.chat.transcript.bubbles[bubble_index].findChild(VersionSwitcher)
    assert found is not None, f"bubble {bubble_index} shows no version switcher"
    return found


def test_regenerate_twice_then_step_back_to_a_version_with_its_own_continuation(
    qtbot, make_app: AppFactory, tmp_path: Path
) -> None:
    window = make_app(("r1", "r2", "r3", "r4", "r5", "r6"))
    send(qtbot, window, "Q")
    regenerate(qtbot, window)
    regenerate(qtbot, window)
    assert shown(window) == ["Q", "r3"]
    assert switcher(window, 1).label.text() == "3/3"
    assert not switcher(window, 1).next_button.isEnabled()

    qtbot.mouseClick(switcher(window, 1).previous_button, Qt.MouseButton.LeftButton)
    assert shown(window) == ["Q", "r2"] and switcher(window, 1).label.text() == "2/3"
    send(qtbot, window, "F")  # a continuation of version 2 only
    assert shown(window) == ["Q", "r2", "F", "r4"]

    qtbot.mouseClick(switcher(window, 1).next_button, Qt.MouseButton.LeftButton)
    assert shown(window) == ["Q", "r3"] and switcher(window, 1).label.text() == "3/3"
    qtbot.mouseClick(switcher(window, 1).previous_button, Qt.MouseButton.LeftButton)
    assert shown(window) == ["Q", "r2", "F", "r4"]  # version 2 comes back with its continuation

    send(qtbot, window, "G")
    sent = make_app.backends[-1].requests[-1].messages
    assert [m.content for m in sent if m.role != "system"] == ["Q", "r2", "F", "r4", "G"]  # exactly the branch shown

    path = window.chat.export_to(tmp_path / "c.json", "json")
    data = json.loads(path.read_text("utf-8"))
    assert [m["content"] for m in data["messages"]] == ["Q", "r2", "F", "r4", "G", "r5"]
    assert sorted(m["content"] for m in data["tree"]) == sorted(["Q", "r1", "r2", "r3", "F", "r4", "G", "r5"])
    markdown = window.chat.export_to(tmp_path / "c.md", "markdown").read_text("utf-8")
    assert "(version 2 of 3)" in markdown and "r3" not in markdown

    conversation_id = window.chat.conversation.id  # type: ignore[union-attr]
    window.chat.new_conversation()
    window.chat.open_conversation(conversation_id)
    assert shown(window) == ["Q", "r2", "F", "r4", "G", "r5"] and switcher(window, 1).label.text() == "2/3"


def test_edit_keeps_the_old_branch_and_both_survive_a_restart(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    window = make_app(("other", "a1", "b1", "a2", "a3", "x"))
    send(qtbot, window, "Another conversation")
    window.chat.new_conversation()
    send(qtbot, window, "A")
    send(qtbot, window, "B")
    for text in ("A edited", "A edited again"):
        qtbot.mouseClick(window.chat.transcript.bubbles[0].edit_button, Qt.MouseButton.LeftButton)
        window.chat.input.setPlainText(text)
        with qtbot.waitSignal(window.chat.reply_finished, timeout=10000):
            qtbot.mouseClick(window.chat.send_button, Qt.MouseButton.LeftButton)
    regenerate(qtbot, window)
    assert shown(window) == ["A edited again", "x"]
    assert switcher(window, 0).label.text() == "3/3" and switcher(window, 1).label.text() == "2/2"
    qtbot.mouseClick(switcher(window, 0).previous_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(switcher(window, 0).previous_button, Qt.MouseButton.LeftButton)
    assert shown(window) == ["A", "a1", "B", "b1"] and switcher(window, 0).label.text() == "1/3"
    assert window.chat.transcript.bubbles[1].findChild(VersionSwitcher) is None  # a1 has one version

    window.close()
    make_app.context(window).close()
    reopened = make_app(("unused",))
    assert shown(reopened) == ["A", "a1", "B", "b1"] and switcher(reopened, 0).label.text() == "1/3"
    qtbot.mouseClick(switcher(reopened, 0).next_button, Qt.MouseButton.LeftButton)
    assert shown(reopened) == ["A edited", "a2"]
    qtbot.mouseClick(switcher(reopened, 0).next_button, Qt.MouseButton.LeftButton)
    assert shown(reopened) == ["A edited again", "x"] and switcher(reopened, 1).label.text() == "2/2"

    data = json.loads(reopened.chat.export_to(tmp_path / "c.json", "json").read_text("utf-8"))
    assert [m["content"] for m in data["messages"]] == ["A edited again", "x"]
    assert sorted(m["content"] for m in data["tree"]) == sorted(
        ["A", "a1", "B", "b1", "A edited", "a2", "A edited again", "a3", "x"]
    )
    page = reopened.chat.export_to(tmp_path / "c.html", "html").read_text("utf-8")
    assert "(version 3 of 3)" in page and "a3" not in page and "b1" not in page

    chat = reopened.chat
    assert chat.conversation_list.count() == 2
    chat.search_box.setText("b1")  # only in the first branch, which is not the one shown
    assert chat.conversation_list.count() == 1 and chat.conversation_list.item(0).text() == "A"


def test_an_interrupted_reply_stays_a_version(qtbot, make_app: AppFactory, quill_home: Path) -> None:
    store = HistoryStore(quill_home / "data" / "history.sqlite3")
    conversation = store.create_conversation("Cut off")
    store.add_message(conversation.id, "user", "Tell me a story")
    store.add_message(conversation.id, "assistant", "Once upon a", status="streaming")  # the app died here
    store.close()
    window = make_app(("The end.",))
    assert window.chat.transcript.bubbles[-1].status == "interrupted"
    regenerate(qtbot, window)
    assert shown(window) == ["Tell me a story", "The end."] and switcher(window, 1).label.text() == "2/2"
    qtbot.mouseClick(switcher(window, 1).previous_button, Qt.MouseButton.LeftButton)
    assert shown(window) == ["Tell me a story", "Once upon a"]
    assert window.chat.transcript.bubbles[-1].status == "interrupted"


def test_the_switcher_is_disabled_while_a_reply_is_written(qtbot, make_app: AppFactory) -> None:
    window = make_app(("one", "two"))
    send(qtbot, window, "Q")
    last = window.chat.transcript.bubbles[-1]
    with qtbot.waitSignal(window.chat.reply_started, timeout=10000):
        qtbot.mouseClick(last.regenerate_button, Qt.MouseButton.LeftButton)
    assert window.chat.busy and not switcher(window, 1).isEnabled()
    qtbot.waitUntil(lambda: not window.chat.busy, timeout=10000)
    assert switcher(window, 1).isEnabled()


@pytest.mark.parametrize(
    ("argv", "names"),
    [
        (["--lang", "en"], ("Previous version", "Next version", "Version 1 of 2")),
        (["--lang", "zh_CN"], ("上一个版本", "下一个版本", "第 1 个版本，共 2 个")),
    ],
    ids=["en", "zh_CN"],
)
def test_the_arrows_have_names_and_work_from_the_keyboard(
    qtbot, make_app: AppFactory, argv: list[str], names: tuple[str, str, str]
) -> None:
    window = make_app(("one", "two"), argv=argv)
    send(qtbot, window, "Q")
    regenerate(qtbot, window)
    versions = switcher(window, 1)
    assert (accessible_name(versions.previous_button), accessible_name(versions.next_button)) == names[:2]
    reached = tab_walk(window.chat, window.chat.input)
    assert versions.previous_button in reached  # Tab gets there (the next arrow is disabled at the last version)

    versions.previous_button.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(versions.previous_button, Qt.Key.Key_Space)
    moved = switcher(window, 1)
    assert shown(window) == ["Q", "one"] and accessible_name(moved.label) == names[2]
    assert QApplication.focusWidget() is moved.next_button  # focus stays on the arrows, at the one still enabled
    QTest.keyClick(moved.next_button, Qt.Key.Key_Space)
    assert shown(window) == ["Q", "two"]


def test_switching_an_early_message_keeps_it_in_view(qtbot, make_app: AppFactory) -> None:
    window = make_app(tuple(f"A long reply number {i}.\n\n" + "Some more words. " * 60 for i in range(8)))
    window.resize(900, 600)
    send(qtbot, window, "First")
    for i in range(5):
        send(qtbot, window, f"Question {i}")
    first_question = window.chat.transcript.bubbles[0]
    qtbot.mouseClick(first_question.edit_button, Qt.MouseButton.LeftButton)
    window.chat.input.setPlainText("First, again")
    with qtbot.waitSignal(window.chat.reply_finished, timeout=10000):
        qtbot.mouseClick(window.chat.send_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(switcher(window, 0).previous_button, Qt.MouseButton.LeftButton)
    assert len(window.chat.transcript.bubbles) == 12
    transcript = window.chat.transcript
    bubble = transcript.bubbles[0]

    def first_is_visible() -> bool:
        top = bubble.mapTo(transcript.widget(), bubble.rect().topLeft()).y() - transcript.verticalScrollBar().value()
        return 0 <= top < transcript.viewport().height()

    qtbot.waitUntil(lambda: transcript.verticalScrollBar().maximum() > 0 and first_is_visible(), timeout=5000)
