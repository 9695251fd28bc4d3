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
