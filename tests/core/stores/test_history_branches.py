"""Branches in the history (issue 19): edits and regenerations add versions; nothing after them is lost."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.core.stores.history import SCHEMA_VERSION, HistoryError, HistoryStore
from tests.helpers.old_history import history_at

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    s = HistoryStore(tmp_path / "h.sqlite3")
    yield s
    s.close()


def texts(store: HistoryStore, conversation_id: int) -> list[str]:
    return [m.content for m in store.messages(conversation_id)]


def test_a_regenerated_reply_is_a_sibling_and_the_old_one_stays(store: HistoryStore) -> None:
    c = store.create_conversation("T")
    question = store.add_message(c.id, "user", "q1")
    first = store.add_message(c.id, "assistant", "a1")
    second = store.add_message(c.id, "assistant", "a1 again", parent=question.id)
    assert second.parent_id == first.parent_id == question.id
    assert texts(store, c.id) == ["q1", "a1 again"]
    versions = store.versions(first.id)
    assert versions.ids == (first.id, second.id) and versions.index == 2 and versions.count == 2
    assert store.versions(question.id).count == 1
    assert len(store.all_messages(c.id)) == 3


def test_each_version_keeps_its_own_continuation(store: HistoryStore) -> None:
    c = store.create_conversation("T")
    q1 = store.add_message(c.id, "user", "q1")
    store.add_message(c.id, "assistant", "a1")
    store.add_message(c.id, "user", "q2")
    store.add_message(c.id, "assistant", "a2")
    edited = store.add_message(c.id, "user", "q1 edited", parent=q1.parent_id)  # an edit of the first turn
    store.add_message(c.id, "assistant", "b1")
    assert texts(store, c.id) == ["q1 edited", "b1"]
    assert store.versions(q1.id).ids == (q1.id, edited.id)

    store.choose_version(q1.id)
    assert texts(store, c.id) == ["q1", "a1", "q2", "a2"]
    assert store.versions(edited.id).index == 1
    assert store.last_message(c.id, "assistant").content == "a2"  # type: ignore[union-attr]
    assert store.message_count(c.id) == 4

    store.choose_version(edited.id)
    assert texts(store, c.id) == ["q1 edited", "b1"]
    store.add_message(c.id, "user", "q2 on the new branch")  # the default parent is the end of the shown branch
    assert texts(store, c.id) == ["q1 edited", "b1", "q2 on the new branch"]


def test_switching_deep_in_a_branch_remembers_the_last_active_continuation(store: HistoryStore) -> None:
    c = store.create_conversation("T")
    q1 = store.add_message(c.id, "user", "q1")
    a1 = store.add_message(c.id, "assistant", "a1")
    store.add_message(c.id, "user", "q2")
    a2 = store.add_message(c.id, "assistant", "a2")
    a2b = store.add_message(c.id, "assistant", "a2b", parent=a2.parent_id)
    store.choose_version(a2.id)  # under q1's branch, the first a2 is chosen
    other = store.add_message(c.id, "assistant", "a1b", parent=q1.id)
    assert texts(store, c.id) == ["q1", "a1b"]
    store.choose_version(a1.id)
    assert texts(store, c.id) == ["q1", "a1", "q2", "a2"]  # not a2b: a2 was last active there
    assert store.versions(a2b.id).index == 1 and store.versions(other.id).index == 1


def test_pages_of_the_active_branch_skip_other_versions(store: HistoryStore) -> None:
    c = store.create_conversation("T")
    for i in range(10):
        store.add_message(c.id, "user" if i % 2 == 0 else "assistant", f"m{i}")
    last = store.messages(c.id)[-1]
    for k in range(3):
        store.add_message(c.id, "assistant", f"m9 v{k + 2}", parent=last.parent_id)
    page = store.messages(c.id, limit=4)
    assert [m.content for m in page] == ["m6", "m7", "m8", "m9 v4"]
    earlier = store.messages(c.id, limit=4, before=page[0].position)
    assert [m.content for m in earlier] == ["m2", "m3", "m4", "m5"]
    assert store.message_count(c.id) == 10 and store.message_count(c.id, before=page[0].position) == 6


def test_search_finds_text_in_a_branch_that_is_not_shown(store: HistoryStore) -> None:
    c = store.create_conversation("Plans")
    question = store.add_message(c.id, "user", "Where to go?")
    store.add_message(c.id, "assistant", "Try the 长城 and the mountains")
    store.add_message(c.id, "assistant", "Stay home", parent=question.id)
    assert "长城" not in " ".join(texts(store, c.id))
    assert [x.id for x in store.conversations("长城")] == [c.id]
    assert [x.id for x in store.conversations("mountains")] == [c.id]


def test_an_interrupted_reply_stays_a_version(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    s = HistoryStore(path)
    c = s.create_conversation("T")
    question = s.add_message(c.id, "user", "q")
    cut = s.add_message(c.id, "assistant", "half a rep", status="streaming")
    s.close()  # as if the process died mid-reply
    again = HistoryStore(path)
    try:
        assert again.interrupted_on_open == 1
        again.add_message(c.id, "assistant", "whole", parent=question.id)
        versions = again.versions(cut.id)
        assert versions.count == 2 and versions.index == 2
        again.choose_version(cut.id)
        assert [(m.content, m.status) for m in again.messages(c.id)] == [
            ("q", "complete"),
            ("half a rep", "interrupted"),
        ]
    finally:
        again.close()


def test_a_failed_write_leaves_the_tree_as_it_was(tmp_path: Path) -> None:
    """Writes are transactions: a refused write (read-only file) adds no half-linked message."""
    path = tmp_path / "h.sqlite3"
    s = HistoryStore(path)
    c = s.create_conversation("T")
    question = s.add_message(c.id, "user", "q")
    first = s.add_message(c.id, "assistant", "a")
    s.close()
    readonly = HistoryStore(path)
    readonly._db.execute("PRAGMA query_only=ON")  # every write now fails inside its transaction
    try:
        with pytest.raises(HistoryError):
            readonly.add_message(c.id, "assistant", "b", parent=question.id)
        with pytest.raises(HistoryError):
            readonly.choose_version(first.id)
        assert not readonly._db.in_transaction
        assert [m.content for m in readonly.all_messages(c.id)] == ["q", "a"]
        assert readonly.versions(first.id).ids == (first.id,)
    finally:
        readonly.close()


def _version_2_history(path: Path) -> None:
    """A database exactly as Quill wrote it before branches (schema 3), with two linear conversations."""
    with history_at(path, 3) as db:
        for conversation_id, title in ((1, "old"), (2, "其他")):
            db.execute(
                "INSERT INTO conversations (id, title, system_prompt, created_at, updated_at) VALUES (?, ?, '', 1, 1)",
                (conversation_id, title),
            )
            for position, (role, text) in enumerate(
                [("user", f"q1-{title}"), ("assistant", f"a1-{title}"), ("user", f"q2-{title}"), ("assistant", "")]
            ):
                db.execute(
                    "INSERT INTO messages (conversation_id, position, role, content, status, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, 1, 1)",
                    (conversation_id, position, role, text, "streaming" if text == "" else "complete"),
                )


def test_a_linear_history_becomes_a_tree_with_one_version_each(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    _version_2_history(path)
    store = HistoryStore(path)
    try:
        assert store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 3
        assert store.interrupted_on_open == 2
        for conversation in store.conversations():
            messages = store.messages(conversation.id)
            assert [m.role for m in messages] == ["user", "assistant", "user", "assistant"]
            assert messages[0].content == f"q1-{conversation.title}" and messages[-1].status == "interrupted"
            assert [m.parent_id for m in messages] == [None] + [m.id for m in messages[:-1]]
            assert all(store.versions(m.id).ids == (m.id,) for m in messages)
            assert messages == store.all_messages(conversation.id)
        # the migrated tree grows like a new one: a regenerated last reply is a second version
        old = store.conversations("q1-old")[0]
        last = store.messages(old.id)[-1]
        store.add_message(old.id, "assistant", "new", parent=last.parent_id)
        assert store.versions(last.id).count == 2 and texts(store, old.id)[-1] == "new"
    finally:
        store.close()


CRASHING_CHILD = """
import os, signal, sys
from pathlib import Path
from assistant.core.stores.history import HistoryStore
store = HistoryStore(Path(sys.argv[1]))
c = store.create_conversation("crash")
q = store.add_message(c.id, "user", "q")
store.add_message(c.id, "assistant", "first reply")
again = store.add_message(c.id, "assistant", "", status="streaming", parent=q.id)
store.update_message(again.id, "second reply, half")
os.kill(os.getpid(), signal.SIGKILL)  # killed mid-reply, the connection still open
"""


def test_a_process_killed_while_writing_a_new_version_leaves_both_versions(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    child = subprocess.run([sys.executable, "-c", CRASHING_CHILD, str(path)], cwd=ROOT, capture_output=True)
    assert child.returncode == -signal.SIGKILL, child.stderr
    store = HistoryStore(path)
    try:
        assert store.integrity_ok() and store.interrupted_on_open == 1
        [conversation] = store.conversations()
        shown = store.messages(conversation.id)
        assert [(m.content, m.status) for m in shown] == [("q", "complete"), ("second reply, half", "interrupted")]
        versions = store.versions(shown[-1].id)
        assert versions.count == 2 and versions.index == 2
        store.choose_version(versions.ids[0])
        assert [m.content for m in store.messages(conversation.id)] == ["q", "first reply"]
    finally:
        store.close()
