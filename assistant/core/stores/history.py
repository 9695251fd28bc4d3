"""Conversation history in SQLite: crash-safe, versioned, searchable.

The database runs in WAL mode, so a committed write survives the process
being killed at any moment. A streamed reply is stored as soon as it starts
(status "streaming") and rewritten as it grows; when Quill next opens the
database, a reply still marked "streaming" was cut off by a crash and becomes
"interrupted". Nothing a user saw is lost.

Messages form a tree (issue 19): each has a parent (None for the first turn), so editing a user message or
regenerating a reply adds a sibling version instead of deleting what followed. Among siblings the one with
the highest ``chosen`` number is active; walking the active child from the root gives the branch the
transcript shows and the model is sent. ``position`` stays a per-conversation sequence (creation order),
so along any branch it still grows from the first message to the last.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from assistant.core.errors import UserFacingError
from assistant.core.i18n import msg
from assistant.core.stores.sqlite import Migration, SQLiteStore, run_statements

SCHEMA_VERSION = 4

MessageStatus = Literal["complete", "streaming", "stopped", "interrupted", "error"]


class HistoryError(UserFacingError):
    """The history database cannot be opened or written."""


@dataclass(frozen=True)
class StoredMessage:
    id: int
    conversation_id: int
    position: int
    role: str
    content: str
    status: MessageStatus
    created_at: float
    stats: dict[str, Any] = field(default_factory=dict)
    # What the model thought before this reply, kept apart from what it said (never exported unless
    # asked, never in the next turn's prompt unless the template wants it). Its seconds and tokens are
    # in ``stats`` (reasoning_seconds, reasoning_tokens).
    reasoning: str = ""
    parent_id: int | None = None  # the message this one answers or follows; None for the first turn


@dataclass(frozen=True)
class Versions:
    """The versions of one message (it and its siblings, oldest first) and which one is shown (1-based)."""

    ids: tuple[int, ...]
    index: int

    @property
    def count(self) -> int:
        return len(self.ids)


LEAF: Literal["leaf"] = "leaf"  # add_message's default parent: the last message of the active branch


@dataclass(frozen=True)
class ConversationSources:
    """What a conversation asks in the Library: whole collections (by name) and single documents (by id,
    with the title they had when chosen). Empty: a plain chat."""

    collections: tuple[str, ...] = ()
    documents: tuple[tuple[int, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.collections or self.documents)

    @property
    def document_ids(self) -> tuple[int, ...]:
        return tuple(document_id for document_id, _title in self.documents)


@dataclass(frozen=True)
class Conversation:
    id: int
    title: str
    system_prompt: str
    created_at: float
    updated_at: float
    thinking: bool | None = None  # the conversation's thinking switch; None: the model's default


def _migrate_to_1(db: sqlite3.Connection) -> None:
    run_statements(
        db,
        """
        CREATE TABLE conversations (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            system_prompt TEXT NOT NULL DEFAULT '',
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        );
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
            content TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'complete',
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            stats TEXT NOT NULL DEFAULT '{}',
            UNIQUE (conversation_id, position)
        );
        CREATE INDEX messages_by_conversation ON messages(conversation_id, position);
        CREATE INDEX conversations_by_update ON conversations(updated_at DESC);
        """,
    )


def _migrate_add_sources(db: sqlite3.Connection) -> None:
    """The Library collections and single documents a conversation asks (issue 18); a table of its own, so
    conversations without sources are untouched and other columns can be added independently."""
    run_statements(
        db,
        """
        CREATE TABLE conversation_sources (
            conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('collection', 'document')),
            ref TEXT NOT NULL,
            label TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (conversation_id, kind, ref)
        );
        """,
    )


def _migrate_add_branches(db: sqlite3.Connection) -> None:
    """Branches (issue 19): a parent per message and a choice number among siblings. A linear history
    becomes a tree with one version per message: each message's parent is the one before it."""
    run_statements(
        db,
        """
        ALTER TABLE messages ADD COLUMN parent_id INTEGER;
        ALTER TABLE messages ADD COLUMN chosen INTEGER NOT NULL DEFAULT 0;
        UPDATE messages SET chosen = position, parent_id = (
            SELECT p.id FROM messages p
            WHERE p.conversation_id = messages.conversation_id AND p.position < messages.position
            ORDER BY p.position DESC LIMIT 1
        );
        CREATE INDEX messages_by_parent ON messages(conversation_id, parent_id, chosen)
        """,
    )


def _migrate_add_reasoning(db: sqlite3.Connection) -> None:
    """Reasoning is stored apart from a reply's content; a conversation remembers its thinking switch."""
    run_statements(
        db,
        """
        ALTER TABLE messages ADD COLUMN reasoning TEXT NOT NULL DEFAULT '';
        ALTER TABLE conversations ADD COLUMN thinking INTEGER CHECK (thinking IN (0, 1))
        """,
    )


# MIGRATIONS[n] brings a database at version n - 1 to version n.
MIGRATIONS: dict[int, Migration] = {
    1: _migrate_to_1,
    2: _migrate_add_sources,
    3: _migrate_add_reasoning,
    4: _migrate_add_branches,
}

# The active branch: from the chosen root, the chosen child of each message in turn (one indexed lookup a step).
_BRANCH = """
WITH RECURSIVE branch(id) AS (
    SELECT (SELECT id FROM messages WHERE conversation_id = :c AND parent_id IS NULL
            ORDER BY chosen DESC, id DESC LIMIT 1)
    UNION ALL
    SELECT (SELECT m.id FROM messages m WHERE m.conversation_id = :c AND m.parent_id = branch.id
            ORDER BY m.chosen DESC, m.id DESC LIMIT 1)
    FROM branch WHERE branch.id IS NOT NULL
)
"""


class HistoryStore(SQLiteStore):
    """All conversations. Use from one thread (the GUI thread); every write commits at once."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        try:
            super().__init__(path, schema_version=SCHEMA_VERSION, migrations=MIGRATIONS, busy_timeout_ms=3000)
            self.interrupted_on_open = self._mark_interrupted()
        except sqlite3.DatabaseError as exc:
            raise HistoryError(msg("Cannot open the chat history at {path}: {exc}.", path=path, exc=exc)) from exc

    # -- schema -------------------------------------------------------------

    def _newer_schema(self, version: int) -> Exception:
        return HistoryError(
            msg(
                "The chat history at {path} was written by a newer Quill (schema {version}); update Quill.",
                path=self.path,
                version=version,
            )
        )

    def _save_failed(self, exc: sqlite3.OperationalError) -> Exception:
        return HistoryError(msg("Could not save the chat history ({exc}); is the disk full?", exc=exc))

    def _mark_interrupted(self) -> int:
        """Replies that were still streaming when Quill last stopped were cut off by a crash."""
        with self._transaction():
            cursor = self._db.execute("UPDATE messages SET status='interrupted' WHERE status='streaming'")
        return cursor.rowcount

    def _write(self, sql: str, args: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        with self._saving():
            return self._db.execute(sql, args)

    # -- conversations ------------------------------------------------------

    def create_conversation(
        self, title: str = "", system_prompt: str = "", thinking: bool | None = None
    ) -> Conversation:
        now = self._clock()
        cursor = self._write(
            "INSERT INTO conversations (title, system_prompt, created_at, updated_at, thinking) VALUES (?, ?, ?, ?, ?)",
            (title, system_prompt, now, now, None if thinking is None else int(thinking)),
        )
        return Conversation(int(cursor.lastrowid or 0), title, system_prompt, now, now, thinking)

    def conversation(self, conversation_id: int) -> Conversation | None:
        row = self._db.execute("SELECT * FROM conversations WHERE id=?", (conversation_id,)).fetchone()
        return _conversation(row) if row else None

    def conversations(self, search: str = "") -> list[Conversation]:
        """Newest first; ``search`` matches titles and message text (case-insensitive, any script)."""
        if not search.strip():
            rows = self._db.execute("SELECT * FROM conversations ORDER BY updated_at DESC, id DESC").fetchall()
            return [_conversation(r) for r in rows]
        pattern = "%" + search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self._db.execute(
            """
            SELECT * FROM conversations c
            WHERE c.title LIKE ? ESCAPE '\\'
               OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.content LIKE ? ESCAPE '\\')
            ORDER BY updated_at DESC, id DESC
            """,
            (pattern, pattern),
        ).fetchall()
        return [_conversation(r) for r in rows]

    def rename(self, conversation_id: int, title: str) -> None:
        self._write("UPDATE conversations SET title=? WHERE id=?", (title.strip(), conversation_id))

    def set_system_prompt(self, conversation_id: int, system_prompt: str) -> None:
        self._write("UPDATE conversations SET system_prompt=? WHERE id=?", (system_prompt, conversation_id))

    def set_thinking(self, conversation_id: int, thinking: bool | None) -> None:
        """Remember the conversation's thinking switch (None: follow the model's default)."""
        value = None if thinking is None else int(thinking)
        self._write("UPDATE conversations SET thinking=? WHERE id=?", (value, conversation_id))

    def delete_conversation(self, conversation_id: int) -> None:
        self._write("DELETE FROM conversations WHERE id=?", (conversation_id,))

    # -- messages -----------------------------------------------------------

    def messages(
        self, conversation_id: int, *, limit: int | None = None, before: int | None = None
    ) -> list[StoredMessage]:
        """The active branch, in order. ``limit`` keeps only the latest ones (before position ``before``,
        if given): a long conversation is shown a page at a time."""
        where, args = "", {"c": conversation_id, "before": before, "limit": -1 if limit is None else limit}
        if before is not None:
            where = "WHERE m.position < :before"
        rows = self._db.execute(
            f"{_BRANCH} SELECT m.* FROM messages m JOIN branch ON m.id = branch.id {where}"
            " ORDER BY m.position DESC LIMIT :limit",
            args,
        ).fetchall()
        return [_message(r) for r in reversed(rows)]

    def all_messages(self, conversation_id: int) -> list[StoredMessage]:
        """Every version of every message (the whole tree), in the order they were written."""
        rows = self._db.execute(
            "SELECT * FROM messages WHERE conversation_id=? ORDER BY position", (conversation_id,)
        ).fetchall()
        return [_message(r) for r in rows]

    def message(self, message_id: int) -> StoredMessage | None:
        row = self._db.execute("SELECT * FROM messages WHERE id=?", (message_id,)).fetchone()
        return _message(row) if row else None

    def message_count(self, conversation_id: int, *, before: int | None = None) -> int:
        """How many messages the active branch has (before position ``before``, if given)."""
        where = "WHERE m.position < :before" if before is not None else ""
        return int(
            self._db.execute(
                f"{_BRANCH} SELECT COUNT(*) FROM messages m JOIN branch ON m.id = branch.id {where}",
                {"c": conversation_id, "before": before},
            ).fetchone()[0]
        )

    def last_message(self, conversation_id: int, role: str) -> StoredMessage | None:
        """The latest message of ``role`` on the active branch."""
        row = self._db.execute(
            f"{_BRANCH} SELECT m.* FROM messages m JOIN branch ON m.id = branch.id WHERE m.role = :role"
            " ORDER BY m.position DESC LIMIT 1",
            {"c": conversation_id, "role": role},
        ).fetchone()
        return _message(row) if row else None

    def add_message(
        self,
        conversation_id: int,
        role: str,
        content: str,
        status: MessageStatus = "complete",
        *,
        parent: int | None | Literal["leaf"] = LEAF,
    ) -> StoredMessage:
        """Add a message after ``parent`` (by default the end of the active branch; None: a first turn) and
        make it the active version there, so the branch shown ends with it."""
        now = self._clock()
        with self._saving():
            if parent == LEAF:
                leaf = self._db.execute(
                    f"{_BRANCH} SELECT m.id FROM messages m JOIN branch ON m.id = branch.id"
                    " ORDER BY m.position DESC LIMIT 1",
                    {"c": conversation_id},
                ).fetchone()
                parent_id = int(leaf[0]) if leaf else None
            else:
                parent_id = parent
            position, chosen = self._db.execute(
                "SELECT COALESCE(MAX(position), -1) + 1, COALESCE(MAX(chosen), -1) + 1 FROM messages"
                " WHERE conversation_id=?",
                (conversation_id,),
            ).fetchone()
            cursor = self._db.execute(
                "INSERT INTO messages (conversation_id, position, role, content, status, created_at, updated_at,"
                " parent_id, chosen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (conversation_id, position, role, content, status, now, now, parent_id, chosen),
            )
            self._db.execute("UPDATE conversations SET updated_at=? WHERE id=?", (now, conversation_id))
        return StoredMessage(
            int(cursor.lastrowid or 0), conversation_id, int(position), role, content, status, now, parent_id=parent_id
        )

    # -- versions (branches) ------------------------------------------------

    def versions(self, message_id: int) -> Versions:
        """The message and its siblings (same parent), oldest first, and which one the active branch uses."""
        message = self.message(message_id)
        if message is None:
            return Versions((), 0)
        rows = self._db.execute(
            "SELECT id, chosen FROM messages WHERE conversation_id=? AND parent_id IS ? ORDER BY id",
            (message.conversation_id, message.parent_id),
        ).fetchall()
        ids = tuple(int(r["id"]) for r in rows)
        active = max(rows, key=lambda r: (r["chosen"], r["id"]))["id"]
        return Versions(ids, ids.index(active) + 1)

    def choose_version(self, message_id: int) -> None:
        """Make this version the active one among its siblings. What follows it is its own last-active
        continuation, untouched by the switch."""
        with self._saving():
            self._db.execute(
                "UPDATE messages SET chosen = (SELECT COALESCE(MAX(chosen), -1) + 1 FROM messages m"
                " WHERE m.conversation_id = messages.conversation_id) WHERE id=?",
                (message_id,),
            )

    def update_message(
        self,
        message_id: int,
        content: str,
        status: MessageStatus | None = None,
        stats: dict[str, Any] | None = None,
        reasoning: str | None = None,
    ) -> None:
        sets, args = ["content=?", "updated_at=?"], [content, self._clock()]
        if reasoning is not None:
            sets.append("reasoning=?")
            args.append(reasoning)
        if status is not None:
            sets.append("status=?")
            args.append(status)
        if stats is not None:
            sets.append("stats=?")
            args.append(json.dumps(stats))
        self._write(f"UPDATE messages SET {', '.join(sets)} WHERE id=?", (*args, message_id))

    # -- sources (the Library) -----------------------------------------------

    def sources(self, conversation_id: int) -> ConversationSources:
        rows = self._db.execute(
            "SELECT kind, ref, label FROM conversation_sources WHERE conversation_id=? ORDER BY kind, rowid",
            (conversation_id,),
        ).fetchall()
        return ConversationSources(
            tuple(r["ref"] for r in rows if r["kind"] == "collection"),
            tuple((int(r["ref"]), r["label"]) for r in rows if r["kind"] == "document"),
        )

    def set_sources(self, conversation_id: int, sources: ConversationSources) -> None:
        """Replace what the conversation asks (all at once: a crash leaves the old set or the new one)."""
        with self._saving():
            self._db.execute("DELETE FROM conversation_sources WHERE conversation_id=?", (conversation_id,))
            rows = [(conversation_id, "collection", name, name) for name in sources.collections]
            rows += [(conversation_id, "document", str(doc), title) for doc, title in sources.documents]
            self._db.executemany(
                "INSERT OR IGNORE INTO conversation_sources (conversation_id, kind, ref, label) VALUES (?, ?, ?, ?)",
                rows,
            )


def _conversation(row: sqlite3.Row) -> Conversation:
    thinking = row["thinking"]
    return Conversation(
        row["id"],
        row["title"],
        row["system_prompt"],
        row["created_at"],
        row["updated_at"],
        None if thinking is None else bool(thinking),
    )


def _message(row: sqlite3.Row) -> StoredMessage:
    try:
        stats = json.loads(row["stats"])
    except (TypeError, ValueError):
        stats = {}
    return StoredMessage(
        row["id"],
        row["conversation_id"],
        row["position"],
        row["role"],
        row["content"],
        row["status"],
        row["created_at"],
        stats if isinstance(stats, dict) else {},
        reasoning=row["reasoning"] or "",
        parent_id=row["parent_id"],
    )
