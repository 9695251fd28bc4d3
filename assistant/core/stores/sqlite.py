"""The one way Quill keeps a SQLite file: crash-safe, versioned, one transaction per step.

Both the chat history (stores/history.py) and the Library's index (library/store.py) are built on
:class:`SQLiteStore`, so they open, migrate and commit the same way:

- WAL with ``synchronous=NORMAL``: a committed write survives the process being killed at any moment;
- foreign keys on, and a busy timeout so a second connection (the indexer's) waits instead of failing;
- ``PRAGMA user_version`` is the schema version; ``migrations[n]`` brings version n - 1 to n, each in its
  own transaction with the version bump, so a crash mid-migration leaves the last whole version;
- writes run in ``BEGIN IMMEDIATE`` transactions that roll back on any failure, a failed COMMIT included.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

Migration = Callable[[sqlite3.Connection], None]


def run_statements(db: sqlite3.Connection, script: str) -> None:
    """Run ``;``-separated statements inside the caller's transaction (executescript would commit it);
    a trigger's body keeps its own semicolons."""
    pending = ""
    for piece in script.split(";"):
        pending += piece
        if "CREATE TRIGGER" in pending and "END" not in pending.rsplit("CREATE TRIGGER", 1)[1]:
            pending += ";"
            continue
        if pending.strip():
            db.execute(pending)
        pending = ""


class SQLiteStore:
    """A SQLite file opened in WAL mode and brought to ``schema_version`` by ``migrations``.

    A subclass says how its failures read to a person (:meth:`_newer_schema`, :meth:`_save_failed`) and
    wraps its own ``__init__`` to turn ``sqlite3.DatabaseError`` into its error type.
    """

    def __init__(
        self,
        path: Path,
        *,
        schema_version: int,
        migrations: Mapping[int, Migration],
        busy_timeout_ms: int,
        check_same_thread: bool = True,
    ) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=check_same_thread)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across process crashes
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        self._migrate(schema_version, migrations)

    # -- what a subclass says --------------------------------------------------

    def _newer_schema(self, version: int) -> Exception:
        """The error for a file written by a newer Quill (its ``user_version`` is above ours)."""
        raise NotImplementedError

    def _save_failed(self, exc: sqlite3.OperationalError) -> Exception:
        """The error for a write that failed (a full disk, a read-only file)."""
        raise NotImplementedError

    # -- schema and transactions -------------------------------------------------

    def _migrate(self, schema_version: int, migrations: Mapping[int, Migration]) -> None:
        version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        if version > schema_version:
            raise self._newer_schema(version)
        while version < schema_version:
            version += 1
            with self._transaction():
                migrations[version](self._db)
                self._db.execute(f"PRAGMA user_version={version}")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:  # a failed COMMIT (a full disk) leaves it open
                self._db.execute("ROLLBACK")
            raise

    @contextmanager
    def _saving(self) -> Iterator[None]:
        """A write transaction whose failure is the subclass's one-sentence error."""
        try:
            with self._transaction():
                yield
        except sqlite3.OperationalError as exc:
            raise self._save_failed(exc) from exc

    def close(self) -> None:
        self._db.close()

    def integrity_ok(self) -> bool:
        return self._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
