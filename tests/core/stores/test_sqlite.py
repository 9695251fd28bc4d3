"""The shared SQLite base both the chat history and the Library stand on, on a real file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assistant.core.stores.sqlite import Migration, SQLiteStore, run_statements


class Refused(Exception):
    """What the little store below raises, so a test sees which hook ran."""


def _create(db: sqlite3.Connection) -> None:
    run_statements(
        db,
        """
        CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
        CREATE TABLE removed (id INTEGER);
        CREATE TRIGGER notes_delete AFTER DELETE ON notes BEGIN
            INSERT INTO removed (id) VALUES (old.id);
            INSERT INTO removed (id) VALUES (-old.id);
        END;
        CREATE INDEX notes_by_body ON notes(body)
        """,
    )


def _broken(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE notes ADD COLUMN half_done TEXT")
    raise sqlite3.OperationalError("the migration stops half-way")


class Notes(SQLiteStore):
    def __init__(self, path: Path, migrations: dict[int, Migration]) -> None:
        super().__init__(path, schema_version=max(migrations), migrations=migrations, busy_timeout_ms=1000)

    def _newer_schema(self, version: int) -> Exception:
        return Refused(f"newer {version}")

    def _save_failed(self, exc: sqlite3.OperationalError) -> Exception:
        return Refused(f"save {exc}")

    def add(self, body: str) -> None:
        with self._saving():
            self._db.execute("INSERT INTO notes (body) VALUES (?)", (body,))

    def version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])


def test_opens_in_wal_and_runs_a_trigger_body_whole(tmp_path: Path) -> None:
    store = Notes(tmp_path / "sub" / "n.sqlite3", {1: _create})
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.version() == 1
    store.add("a")
    with store._saving():
        store._db.execute("DELETE FROM notes")
    assert sorted(r[0] for r in store._db.execute("SELECT id FROM removed")) == [-1, 1]
    assert store.integrity_ok()
    store.close()


def test_a_failed_migration_leaves_the_last_whole_version(tmp_path: Path) -> None:
    path = tmp_path / "n.sqlite3"
    Notes(path, {1: _create}).close()
    with pytest.raises(sqlite3.OperationalError, match="half-way"):
        Notes(path, {1: _create, 2: _broken})
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "half_done" not in [r[1] for r in db.execute("PRAGMA table_info(notes)")]
    db.close()


def test_a_newer_file_is_refused_by_the_subclass_error(tmp_path: Path) -> None:
    path = tmp_path / "n.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version=7")
    db.close()
    with pytest.raises(Refused, match="newer 7"):
        Notes(path, {1: _create})


def test_a_failed_write_rolls_back_and_says_so(tmp_path: Path) -> None:
    store = Notes(tmp_path / "n.sqlite3", {1: _create})
    store.add("kept")
    store._db.execute("PRAGMA query_only=ON")
    with pytest.raises(Refused, match="save"):
        store.add("lost")
    assert not store._db.in_transaction
    store._db.execute("PRAGMA query_only=OFF")
    assert [r[0] for r in store._db.execute("SELECT body FROM notes")] == ["kept"]
    store.close()
