"""Chat histories as an older Quill wrote them, for the migration tests."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.core.stores.history import MIGRATIONS


@contextmanager
def history_at(path: Path, version: int) -> Iterator[sqlite3.Connection]:
    """A history file at schema ``version``, made by the real migrations up to it; the ``with`` block
    fills it in the same transaction, committed when the block ends."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("BEGIN")
        for step in range(1, version + 1):
            MIGRATIONS[step](db)
        db.execute(f"PRAGMA user_version={version}")
        yield db
        db.execute("COMMIT")
    finally:
        db.close()
