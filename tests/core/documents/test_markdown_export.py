from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.core.documents.export import export_conversation, to_markdown
from assistant.core.documents.markdown import code_blocks, to_html
from assistant.core.errors import UserFacingError
from assistant.core.stores.history import HistoryStore

REPLY = "# Plan\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint('<hi>')\n```\n\n<script>alert(1)</script>"


def test_markdown_renders_tables_code_and_escapes_raw_html() -> None:
    out = to_html(REPLY, copy_label="Copy")
    assert "<h1>Plan</h1>" in out and "<table>" in out
    assert "&lt;hi&gt;" in out
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert '<a href="quill-copy:0">Copy</a>' in out
    assert code_blocks(REPLY) == ["print('<hi>')\n"]


def test_exports_keep_every_message(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    c = store.create_conversation("规划 Plan", "Be brief.")
    store.add_message(c.id, "user", "Make a plan")
    store.add_message(c.id, "assistant", REPLY, status="stopped")
    messages = store.messages(c.id)
    conversation = store.conversation(c.id)
    assert conversation is not None
    md = to_markdown(conversation, messages)
    assert md.startswith("# 规划 Plan") and "## Assistant _(stopped)_" in md and REPLY in md
    data = json.loads(export_conversation(conversation, messages, tmp_path / "c.json", "json").read_text("utf-8"))
    assert data["messages"][1] == {
        "role": "assistant",
        "content": REPLY,
        "status": "stopped",
        "created_at": messages[1].created_at,
    }
    with pytest.raises(UserFacingError, match="Could not save to"):
        export_conversation(conversation, messages, tmp_path / "missing-folder" / "c.md", "markdown")
    store.close()


def test_exports_show_the_chosen_branch_and_json_keeps_every_version(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    c = store.create_conversation("分支 Branches")
    question = store.add_message(c.id, "user", "Name a colour")
    old = store.add_message(c.id, "assistant", "red")
    store.add_message(c.id, "assistant", "blue", parent=question.id)
    edited = store.add_message(c.id, "user", "Name a fruit", parent=None)
    store.add_message(c.id, "assistant", "pear")
    store.choose_version(question.id)  # back to the first question, whose last reply was "blue"
    conversation = store.conversation(c.id)
    assert conversation is not None
    shown, tree = store.messages(c.id), store.all_messages(c.id)

    md = to_markdown(conversation, shown, tree)
    assert "## You _(version 1 of 2)_" in md and "## Assistant _(version 2 of 2)_" in md
    assert "blue" in md and "red" not in md and "pear" not in md and "other versions" in md
    page = export_conversation(conversation, shown, tmp_path / "c.html", "html", tree).read_text("utf-8")
    assert "(version 2 of 2)" in page and "blue" in page and "pear" not in page

    data = json.loads(export_conversation(conversation, shown, tmp_path / "c.json", "json", tree).read_text("utf-8"))
    assert [m["content"] for m in data["messages"]] == ["Name a colour", "blue"]
    by_content = {m["content"]: m for m in data["tree"]}
    assert set(by_content) == {"Name a colour", "red", "blue", "Name a fruit", "pear"}
    assert by_content["red"]["parent_id"] == by_content["blue"]["parent_id"] == question.id
    assert by_content["pear"]["parent_id"] == edited.id and by_content["Name a fruit"]["parent_id"] is None
    assert by_content["blue"]["shown"] and not by_content["red"]["shown"] and old.id == by_content["red"]["id"]
    assert "other versions" not in to_markdown(conversation, shown[:1], tree[:1])
    store.close()
