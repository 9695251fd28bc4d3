"""Where Summarize keeps its map results (the notes of each chunk), so a new style re-runs only the final pass.

Keys are made by the summarize task from (model, chunk, prompt version,
language); a store only keeps text under a key. The disk store is a cache:
every file in it may vanish at any time and nothing is lost but time.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Protocol

from assistant.core.files import atomic_write_text

log = logging.getLogger(__name__)


class MapCache(Protocol):
    def get(self, key: str) -> str | None: ...

    def put(self, key: str, value: str) -> None: ...


class MemoryCache:
    """Notes for the life of one object (tests, benchmarks, a one-off CLI run)."""

    def __init__(self) -> None:
        self._items: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self._items.get(key)

    def put(self, key: str, value: str) -> None:
        self._items[key] = value


class DiskCache:
    """Map results as small JSON files in Quill's cache folder (safe to delete at any time)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str) -> str | None:
        try:
            data = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            return data["notes"] if isinstance(data, dict) and isinstance(data.get("notes"), str) else None
        except (OSError, ValueError):
            return None

    def put(self, key: str, value: str) -> None:
        """Store the notes; a disk that refuses is logged, never raised (a cache is optional)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write_text(
                self.folder / f"{key}.json", json.dumps({"notes": value}, ensure_ascii=False), durable=False
            )
        except OSError as exc:
            log.warning("could not cache notes: %s", exc)
