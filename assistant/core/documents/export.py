"""Export a conversation as Markdown, HTML or JSON: files a person can keep or share.

A conversation is a tree of versions (edits and regenerations, issue 19). Markdown and HTML show the
branch the transcript shows, marking a message that has other versions and saying so at the top;
JSON keeps that branch as ``messages`` and every version, linked by ``parent_id``, as ``tree``.

A reply's reasoning (what the model thought first) is left out unless ``include_reasoning`` is asked
for: an export is the conversation as said, not the model's scratch work.
"""

from __future__ import annotations

import datetime
import html
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from assistant.core.documents.markdown import to_html
from assistant.core.files import save_text
from assistant.core.stores.history import Conversation, StoredMessage

ExportFormat = Literal["markdown", "html", "json"]
EXTENSIONS: dict[ExportFormat, str] = {"markdown": ".md", "html": ".html", "json": ".json"}
ROLE_NAMES = {"user": "You", "assistant": "Assistant", "system": "System"}
STATUS_NOTES = {"stopped": "stopped", "interrupted": "interrupted", "error": "failed"}


BRANCH_NOTE = "Some messages have other versions; this is the branch shown in Quill. The JSON export keeps them all."


def _version_notes(messages: Sequence[StoredMessage], every_version: Sequence[StoredMessage]) -> dict[int, str]:
    """For each shown message with siblings: "version 2 of 3" (siblings share a parent; oldest first)."""
    siblings: dict[int | None, list[int]] = {}
    for m in sorted(every_version, key=lambda m: m.id):
        siblings.setdefault(m.parent_id, []).append(m.id)
    notes = {}
    for m in messages:
        group = siblings.get(m.parent_id, [])
        if len(group) > 1 and m.id in group:
            notes[m.id] = f"version {group.index(m.id) + 1} of {len(group)}"
    return notes


def _when(timestamp: float) -> str:
    return datetime.datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M")


def to_markdown(
    conversation: Conversation,
    messages: Sequence[StoredMessage],
    every_version: Sequence[StoredMessage] = (),
    include_reasoning: bool = False,
) -> str:
    versions = _version_notes(messages, every_version)
    lines = [f"# {conversation.title or 'Conversation'}", "", f"_{_when(conversation.created_at)}_", ""]
    if versions:
        lines += [f"> {BRANCH_NOTE}", ""]
    if conversation.system_prompt:
        lines += ["**System prompt:**", "", conversation.system_prompt, ""]
    for message in messages:
        notes = [STATUS_NOTES[message.status]] if message.status in STATUS_NOTES else []
        notes += [versions[message.id]] if message.id in versions else []
        note = f" _({', '.join(notes)})_" if notes else ""
        lines += [f"## {ROLE_NAMES.get(message.role, message.role)}{note}", ""]
        if include_reasoning and message.reasoning.strip():
            quoted = "\n".join(f"> {line}" if line else ">" for line in message.reasoning.strip().split("\n"))
            lines += ["> **Thinking:**", ">", quoted, ""]
        lines += [message.content, ""]
    return "\n".join(lines).rstrip() + "\n"


def to_html_document(
    conversation: Conversation,
    messages: Sequence[StoredMessage],
    every_version: Sequence[StoredMessage] = (),
    include_reasoning: bool = False,
) -> str:
    versions = _version_notes(messages, every_version)
    title = html.escape(conversation.title or "Conversation")
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>{title}</title>",
        "<style>body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:46em;"
        "margin:2em auto;padding:0 1em;line-height:1.5}.msg{margin:1.2em 0}.role{font-weight:600;color:#555}"
        "pre{background:#f4f4f4;padding:.6em;overflow:auto}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:.2em .5em}.note{color:#a60}.reasoning{color:#666}</style>",
        "</head><body>",
        f"<h1>{title}</h1>",
        f"<p><em>{_when(conversation.created_at)}</em></p>",
    ]
    if versions:
        parts.append(f'<p class="note">{html.escape(BRANCH_NOTE)}</p>')
    if conversation.system_prompt:
        parts.append(
            f'<div class="msg system"><div class="role">System prompt</div>{to_html(conversation.system_prompt)}</div>'
        )
    for message in messages:
        notes = [STATUS_NOTES[message.status]] if message.status in STATUS_NOTES else []
        notes += [versions[message.id]] if message.id in versions else []
        note = f' <span class="note">({", ".join(notes)})</span>' if notes else ""
        body = (
            to_html(message.content)
            if message.role == "assistant"
            else "<p>" + html.escape(message.content).replace("\n", "<br>") + "</p>"
        )
        if include_reasoning and message.reasoning.strip():
            thought = html.escape(message.reasoning.strip()).replace("\n", "<br>")
            body = f'<details class="reasoning"><summary>Thinking</summary><p>{thought}</p></details>' + body
        role = html.escape(ROLE_NAMES.get(message.role, message.role))
        parts.append(f'<div class="msg {message.role}"><div class="role">{role}{note}</div>{body}</div>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _json_message(message: StoredMessage, include_reasoning: bool) -> dict[str, object]:
    data: dict[str, object] = {
        "role": message.role,
        "content": message.content,
        "status": message.status,
        "created_at": message.created_at,
    }
    if include_reasoning and message.reasoning:
        data["reasoning"] = message.reasoning
    return data


def to_json(
    conversation: Conversation,
    messages: Sequence[StoredMessage],
    every_version: Sequence[StoredMessage] = (),
    include_reasoning: bool = False,
) -> str:
    shown = {m.id for m in messages}
    data = {
        "format": "quill-conversation",
        "version": 2,
        "title": conversation.title,
        "system_prompt": conversation.system_prompt,
        "created_at": conversation.created_at,
        "messages": [_json_message(m, include_reasoning) for m in messages],
        "tree": [
            {"id": m.id, "parent_id": m.parent_id, **_json_message(m, include_reasoning), "shown": m.id in shown}
            for m in (every_version or messages)
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def export_conversation(
    conversation: Conversation,
    messages: Sequence[StoredMessage],
    path: Path,
    fmt: ExportFormat,
    every_version: Sequence[StoredMessage] = (),
    include_reasoning: bool = False,
) -> Path:
    """Write the export atomically (a temp file renamed into place). ``messages`` is the branch shown,
    ``every_version`` the whole tree (HistoryStore.all_messages); replies' reasoning only if asked.

    Raises:
        UserFacingError: the file cannot be written (folder missing or read-only, disk full).
    """
    render = {"markdown": to_markdown, "html": to_html_document, "json": to_json}[fmt]
    text = render(conversation, messages, every_version, include_reasoning)
    return save_text(path, text)
