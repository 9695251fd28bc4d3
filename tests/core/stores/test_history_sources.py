"""A conversation's Library sources in the history: their own migration step, stored and removed with it."""

from __future__ import annotations

from pathlib import Path

from assistant.core.stores.history import SCHEMA_VERSION, ConversationSources, HistoryStore
from tests.helpers.old_history import history_at


def test_a_version_1_history_gains_sources_and_keeps_its_conversations(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with history_at(path, 1) as db:
        db.execute("INSERT INTO conversations (title, system_prompt, created_at, updated_at) VALUES ('old', '', 1, 1)")

    store = HistoryStore(path)
    try:
        [old] = store.conversations()
        assert old.title == "old"
        assert store.sources(old.id) == ConversationSources()
        assert not store.sources(old.id)
        version = store._db.execute("PRAGMA user_version").fetchone()[0]
        assert version == SCHEMA_VERSION >= 2
    finally:
        store.close()


def test_sources_are_stored_replaced_and_deleted_with_the_conversation(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.sqlite3")
    try:
        conversation = store.create_conversation("ask")
        other = store.create_conversation("plain")
        chosen = ConversationSources(("Manuals", "论文"), ((7, "install.md"), (9, "概述")))
        store.set_sources(conversation.id, chosen)
        assert store.sources(conversation.id) == chosen
        assert chosen.document_ids == (7, 9)
        assert store.sources(other.id) == ConversationSources()

        store.set_sources(conversation.id, ConversationSources(("论文",)))
        assert store.sources(conversation.id) == ConversationSources(("论文",))

        store.delete_conversation(conversation.id)
        assert store._db.execute("SELECT COUNT(*) FROM conversation_sources").fetchone()[0] == 0
    finally:
        store.close()
