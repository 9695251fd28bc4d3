from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assistant.core.stores.history import SCHEMA_VERSION, HistoryError, HistoryStore
from tests.helpers.old_history import history_at


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    s = HistoryStore(tmp_path / "h.sqlite3")
    yield s
    s.close()


def test_a_new_database_is_at_the_current_schema_in_wal_mode(tmp_path: Path) -> None:
    HistoryStore(tmp_path / "h.sqlite3").close()
    db = sqlite3.connect(tmp_path / "h.sqlite3")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_messages_keep_their_order_and_status(store: HistoryStore) -> None:
    c = store.create_conversation("T")
    store.add_message(c.id, "user", "a")
    reply = store.add_message(c.id, "assistant", "", status="streaming")
    store.update_message(reply.id, "partial")
    store.update_message(reply.id, "whole reply", "complete", {"generated_tokens": 3})
    messages = store.messages(c.id)
    assert [(m.position, m.role, m.content, m.status) for m in messages] == [
        (0, "user", "a", "complete"),
        (1, "assistant", "whole reply", "complete"),
    ]
    assert messages[1].stats == {"generated_tokens": 3}


def test_a_reply_left_streaming_is_interrupted_on_the_next_open(tmp_path: Path) -> None:
    s = HistoryStore(tmp_path / "h.sqlite3")
    c = s.create_conversation("T")
    s.add_message(c.id, "assistant", "half", status="streaming")
    s.close()
    again = HistoryStore(tmp_path / "h.sqlite3")
    assert again.interrupted_on_open == 1
    assert again.messages(c.id)[0].status == "interrupted"
    again.close()


def test_search_matches_text_in_any_script_and_escapes_wildcards(store: HistoryStore) -> None:
    a = store.create_conversation("Fruit")
    store.add_message(a.id, "user", "我喜欢香蕉")
    b = store.create_conversation("Discounts")
    store.add_message(b.id, "user", "100% off_now")
    assert [c.id for c in store.conversations("香蕉")] == [a.id]
    assert [c.id for c in store.conversations("fruit")] == [a.id]
    assert [c.id for c in store.conversations("0% off_")] == [b.id]
    assert store.conversations("%") == [store.conversation(b.id)]
    assert len(store.conversations("")) == 2


def test_deleting_a_conversation_deletes_its_messages(store: HistoryStore) -> None:
    c = store.create_conversation("T")
    store.add_message(c.id, "user", "x")
    store.delete_conversation(c.id)
    assert store.conversation(c.id) is None and store.messages(c.id) == []


def test_a_database_from_a_newer_quill_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(HistoryError, match="newer Quill"):
        HistoryStore(path)


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(HistoryError, match="Cannot open the chat history"):
        HistoryStore(path)


def test_the_latest_messages_a_page_at_a_time(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    conversation = store.create_conversation("long")
    for i in range(25):
        store.add_message(conversation.id, "user" if i % 2 == 0 else "assistant", f"m{i}")
    latest = store.messages(conversation.id, limit=10)
    assert [m.content for m in latest] == [f"m{i}" for i in range(15, 25)]
    page = store.messages(conversation.id, limit=10, before=latest[0].position)
    assert [m.content for m in page] == [f"m{i}" for i in range(5, 15)]
    assert store.message_count(conversation.id) == 25
    assert store.message_count(conversation.id, before=page[0].position) == 5
    last_reply = store.last_message(conversation.id, "assistant")
    assert last_reply is not None and last_reply.content == "m23"
    assert store.last_message(store.create_conversation("empty").id, "assistant") is None
    store.close()


def test_a_schema_1_history_gains_reasoning_and_the_thinking_switch(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with history_at(path, 1) as db:
        db.execute("INSERT INTO conversations (title, created_at, updated_at) VALUES ('Old', 1, 1)")
        db.execute(
            "INSERT INTO messages (conversation_id, position, role, content, created_at, updated_at)"
            " VALUES (1, 0, 'assistant', 'An old reply.', 1, 1)"
        )
    store = HistoryStore(path)
    try:
        (old,) = store.messages(1)
        assert (old.content, old.reasoning) == ("An old reply.", "")
        assert store.conversation(1).thinking is None
        store.update_message(old.id, "An old reply.", "complete", {"reasoning_tokens": 4}, "Some thoughts.")
        store.set_thinking(1, False)
    finally:
        store.close()
    reopened = HistoryStore(path)
    try:
        assert reopened.messages(1)[0].reasoning == "Some thoughts."
        assert reopened.conversation(1).thinking is False
        assert reopened.create_conversation("New", thinking=True).thinking is True
        assert [c.thinking for c in reopened.conversations()] == [True, False]
    finally:
        reopened.close()
