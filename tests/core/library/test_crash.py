"""SIGKILL during indexing: the next run resumes, nothing committed is lost, the database is sound."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from assistant.core.cancel import CancelToken
from assistant.core.library.indexer import Indexer
from assistant.core.library.store import LibraryStore

ROOT = Path(__file__).resolve().parents[3]


def _folder(tmp_path: Path, articles: Path) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    text = (articles / "zh-article-llm-overview.md").read_text(encoding="utf-8")
    for i in range(120):  # real text, a different file each time (no two share a hash)
        (folder / f"part{i:03}.md").write_text(f"# Part {i}\n\n" + text[i * 150 : i * 150 + 6000], encoding="utf-8")
    return folder


def test_sigkill_mid_index_then_resume(library_db: Path, articles: Path, tmp_path: Path) -> None:
    folder = _folder(tmp_path, articles)
    store = LibraryStore(library_db)
    store.add("many", [folder])
    store.close()
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.core.library.index_child", str(library_db), "many"],
        cwd=ROOT,
        env=dict(os.environ),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    committed: list[str] = []
    for line in child.stdout:
        report = json.loads(line)
        assert "end" not in report, "the child finished before it was killed"
        committed.append(report["committed"])
        if len(committed) == 30:
            child.send_signal(signal.SIGKILL)
            break
    child.wait(30)
    assert child.returncode == -signal.SIGKILL

    store = LibraryStore(library_db)
    assert store.integrity_ok()
    collection = store.collection("many")
    assert collection is not None
    docs = store.documents(collection.id)
    for path in committed:  # everything the child had committed is there, whole
        doc = docs[Path(path)]
        assert doc.status == "ready" and store.chunk_count(doc.id) > 0
    ready_before = {p for p, d in docs.items() if d.status == "ready"}
    assert len(ready_before) < 120
    indexer = Indexer(store, None, CancelToken())
    list(indexer.run("many"))
    assert not set(indexer.chunked) & ready_before  # committed work is not redone
    after = store.documents(collection.id)
    assert len(after) == 120 and {d.status for d in after.values()} == {"ready"}
    assert store.integrity_ok()
    assert store.query("SELECT COUNT(*) FROM chunks")[0][0] == store.query("SELECT COUNT(*) FROM chunks_fts")[0][0]
