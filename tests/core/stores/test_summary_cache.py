"""Summarize's map caches: what is put comes back; a damaged or unwritable cache costs time, never an error."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from assistant.core.stores.summary_cache import DiskCache, MapCache, MemoryCache


@pytest.mark.parametrize("kind", ["memory", "disk"])
def test_notes_come_back_under_their_key(tmp_path: Path, kind: str) -> None:
    cache: MapCache = MemoryCache() if kind == "memory" else DiskCache(tmp_path / "summaries")
    assert cache.get("abc") is None
    cache.put("abc", "笔记 notes")
    assert cache.get("abc") == "笔记 notes"
    assert cache.get("other") is None


def test_the_disk_cache_survives_damaged_files_and_a_refusing_disk(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = DiskCache(tmp_path / "summaries")
    cache.put("k", "notes")
    assert [p.name for p in cache.folder.iterdir()] == ["k.json"]  # no temporary file left
    (cache.folder / "k.json").write_text("{half", encoding="utf-8")
    assert cache.get("k") is None
    (cache.folder / "k.json").write_text('{"notes": 3}', encoding="utf-8")
    assert cache.get("k") is None
    blocked = DiskCache(tmp_path / "a-file")
    blocked.folder.write_text("not a folder", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        blocked.put("k", "notes")
    assert blocked.get("k") is None and "could not cache" in caplog.text
