"""The index task on real files, real SQLite and a real (tiny BERT) llama.cpp embedding model."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from assistant.core.cancel import CancelToken
from assistant.core.library import embedders
from assistant.core.library.embedding import Embedder, Vectors
from assistant.core.library.indexer import MAX_FILE_BYTES, Indexer, IndexProblem, IndexProgress, index_task
from assistant.core.library.search import search
from assistant.core.library.store import LibraryStore
from assistant.core.types import Event, Finished


class Counting:
    """A real embedder, with a record of every text it was asked to embed."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.calls: list[list[str]] = []

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    @property
    def max_tokens(self) -> int:
        return self.inner.max_tokens

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def embed(self, texts: Sequence[str], cancel: CancelToken | None = None) -> Vectors:
        self.calls.append(list(texts))
        return self.inner.embed(texts, cancel)

    def close(self) -> None:
        self.inner.close()

    @property
    def texts(self) -> list[str]:
        return [t for call in self.calls for t in call]


@pytest.fixture
def article(articles: Path) -> Path:
    """The articles folder with one real article (embedding both would only make the tests slower)."""
    (articles / "zh-article-llm-industry.md").unlink()
    return articles


@pytest.fixture
def embedder(tiny_bert: Path) -> Iterator[Counting]:
    with embedders.shared(tiny_bert) as shared:
        yield Counting(shared)
    embedders.close_all()


def _run(store: LibraryStore, name: str, embedder: Embedder | None = None) -> tuple[Indexer, list[Event]]:
    indexer = Indexer(store, embedder, CancelToken())
    events = list(indexer.run(name))
    assert isinstance(events[-1], Finished)
    return indexer, events


def _problems(events: list[Event]) -> dict[str, IndexProblem]:
    return {e.path.name: e for e in events if isinstance(e, IndexProblem)}


def _write(path: Path, title: str, body: str) -> Path:
    path.write_text(f"# {title}\n\n{body}\n", encoding="utf-8")
    return path


def test_change_delete_rename_each_do_exactly_what_they_should(
    library_db: Path, article: Path, embedder: Counting
) -> None:
    articles = article
    a = _write(articles / "a.md", "Apples", "Apple orchards bloom in spring. " * 20)
    b = _write(articles / "b.md", "Bees", "Bees carry pollen between the orchard rows. " * 20)
    c = _write(articles / "c.md", "Cider", "Cider presses run through the autumn nights. " * 20)
    store = LibraryStore(library_db)
    store.add("articles", [articles])
    first, _ = _run(store, "articles", embedder)
    assert {p.name for p in first.chunked} == {"a.md", "b.md", "c.md", *(p.name for p in articles.glob("zh-*"))}
    total = store.collection("articles")
    assert total is not None and total.chunks == total.embedded_chunks == len(embedder.texts)
    docs = store.documents(total.id)
    c_id = docs[c].id
    c_chunks = store.query("SELECT id FROM chunks WHERE document_id=? ORDER BY id", [c_id])
    c_vectors = store.query(
        "SELECT v.data FROM vectors v JOIN chunks ch ON ch.id=v.chunk_id WHERE ch.document_id=? ORDER BY ch.id", [c_id]
    )

    embedder.calls.clear()
    _write(a, "Apples", "Apple trees need cross-pollination and careful pruning in winter. " * 20)
    b.unlink()
    d = articles / "d.md"
    c.rename(d)
    second, events = _run(store, "articles", embedder)

    assert [p.name for p in second.chunked] == ["a.md"]  # only the changed file is re-chunked...
    new_a = store.query(
        "SELECT c.text FROM chunks c JOIN documents d ON d.id=c.document_id WHERE d.path=? ORDER BY c.ordinal", [str(a)]
    )
    assert embedder.texts == [r["text"] for r in new_a]  # ...and re-embedded, nothing else
    docs = store.documents(total.id)
    assert b not in docs and c not in docs and d in docs
    assert docs[d].id == c_id  # the renamed file kept its row, chunks and vectors
    assert store.query("SELECT id FROM chunks WHERE document_id=? ORDER BY id", [c_id]) == c_chunks
    assert [
        r["data"]
        for r in store.query(
            "SELECT v.data FROM vectors v JOIN chunks ch ON ch.id=v.chunk_id WHERE ch.document_id=? ORDER BY ch.id",
            [c_id],
        )
    ] == [r["data"] for r in c_vectors]
    after = store.collection("articles")
    assert after is not None and after.chunks == after.embedded_chunks
    assert not search(store, "pollen between")  # b.md's text is gone from the keyword index
    assert search(store, "pruning")[0].path == a
    assert search(store, "Cider presses")[0].path == d
    assert not _problems(events)

    embedder.calls.clear()
    os.utime(a, ns=(time.time_ns(), time.time_ns() + 10**9))  # touched, not changed
    third, _ = _run(store, "articles", embedder)
    assert third.chunked == [] and embedder.calls == []
    assert store.integrity_ok()


def test_progress_counts_files_then_chunks_and_ends(library_db: Path, article: Path, embedder: Counting) -> None:
    _write(article / "a.md", "Apples", "Apple orchards bloom in spring. " * 20)
    store = LibraryStore(library_db)
    store.add("articles", [article])
    _indexer, events = _run(store, "articles", embedder)
    progress = [e for e in events if isinstance(e, IndexProgress)]
    files = [p for p in progress if p.chunks_total == 0]
    assert [p.files_done for p in files] == [0, 1, 2] and {p.files_total for p in files} == {2}
    chunks = [p for p in progress if p.chunks_total]
    assert chunks[-1].chunks_done == chunks[-1].chunks_total == store.collection("articles").chunks  # type: ignore[union-attr]
    assert any(p.seconds_left is not None for p in chunks)
    assert events[-1] == Finished("stop")


def test_cancel_between_batches_then_resume(library_db: Path, article: Path, embedder: Counting) -> None:
    store = LibraryStore(library_db)
    store.add("articles", [article])
    cancel = CancelToken()
    indexer = Indexer(store, embedder, cancel)
    events: list[Event] = []
    for event in indexer.run("articles"):
        events.append(event)
        if isinstance(event, IndexProgress) and event.chunks_done > 0:
            cancel.cancel()
    assert events[-1] == Finished("cancelled")
    partial = store.collection("articles")
    assert partial is not None and 0 < partial.embedded_chunks < partial.chunks
    embedder.calls.clear()
    _run(store, "articles", embedder)
    done = store.collection("articles")
    assert done is not None and done.embedded_chunks == done.chunks
    assert len(embedder.texts) == partial.chunks - partial.embedded_chunks  # only what was missing


def test_index_task_runs_on_the_engine_without_an_embedder(library_db: Path, articles: Path) -> None:
    from assistant.core.backends.scripted import ScriptedBackend
    from assistant.core.engine.engine import Engine
    from assistant.core.engine.jobs import Priority
    from assistant.core.types import ModelSpec

    backend = ScriptedBackend()
    engine = Engine(lambda _p: (backend, backend.load(ModelSpec(Path("s.gguf")))))
    engine.start()
    LibraryStore(library_db).add("articles", [articles])
    try:
        handle = engine.submit("library", index_task(library_db, "articles", None), priority=Priority.BACKGROUND)
        events = list(handle.events(timeout=60))
    finally:
        engine.close()
    assert events[-1] == Finished("stop")
    assert LibraryStore(library_db).collection("articles").documents == 2  # type: ignore[union-attr]


def test_index_task_runs_on_an_engine_with_no_model_loaded(library_db: Path, articles: Path) -> None:
    """A first run before any chat model is chosen: reading files needs no model; a chat task still fails."""
    from assistant.core.engine.engine import Engine
    from assistant.core.engine.jobs import Priority
    from assistant.core.errors import NoModelError
    from assistant.core.tasks.chat import chat
    from assistant.core.types import GenerationParams, Message

    engine = Engine()
    engine.start()
    LibraryStore(library_db).add("articles", [articles])
    try:
        handle = engine.submit("library", index_task(library_db, "articles", None), priority=Priority.BACKGROUND)
        events = list(handle.events(timeout=60))
        with pytest.raises(NoModelError):
            reply = engine.submit("chat", lambda b, c: chat(b, [Message("user", "Hi")], GenerationParams(), c))
            list(reply.events(timeout=10))
    finally:
        engine.close()
    assert events[-1] == Finished("stop")
    assert LibraryStore(library_db).collection("articles").documents == 2  # type: ignore[union-attr]


# ----- bad input ------------------------------------------------------------------------


def test_bad_files_are_one_line_each_and_indexing_goes_on(library_db: Path, articles: Path) -> None:
    from pypdf import PdfWriter

    from tests.helpers.pdf_writer import Text, write_pdf

    write_pdf(articles / "scanned.pdf", [[]])  # a page with no text layer
    locked = PdfWriter(clone_from=write_pdf(articles / "plain.pdf", [[Text(72, 700, "Secret plans")]]))
    locked.encrypt("hunter2")
    with (articles / "locked.pdf").open("wb") as out:
        locked.write(out)
    (articles / "plain.pdf").unlink()
    (articles / "junk.md").write_bytes(os.urandom(4096) + b"\0" * 16)
    with (articles / "huge.txt").open("wb") as huge:  # 200 MB, sparse: costs no disk
        huge.truncate(200 * 2**20)
    store = LibraryStore(library_db)
    store.add("articles", [articles])
    _indexer, events = _run(store, "articles")
    problems = _problems(events)
    assert set(problems) == {"scanned.pdf", "locked.pdf", "junk.md", "huge.txt"}
    assert problems["scanned.pdf"].key == "no_text"
    assert problems["locked.pdf"].key == "password"
    assert problems["junk.md"].key == "binary"
    assert problems["huge.txt"].key == "too_large" and str(MAX_FILE_BYTES // 2**20) in problems["huge.txt"].text
    for problem in problems.values():
        assert "\n" not in problem.text and problem.text.startswith(problem.path.name + ": ")
        assert problem.in_language("zh") != problem.in_language("en")
    assert problems["locked.pdf"].in_language("zh") == "locked.pdf: 文件有密码保护，已跳过"
    assert store.collection("articles").documents == 2  # type: ignore[union-attr]
    _indexer, again = _run(store, "articles")  # a failed file is not retried until it changes
    assert set(_problems(again)) == {"huge.txt"}  # (too large is checked from its size alone)


def test_a_file_deleted_while_indexing_is_one_line(library_db: Path, articles: Path) -> None:
    victim = _write(articles / "zz-last.md", "Last", "Soon gone.")
    store = LibraryStore(library_db)
    store.add("articles", [articles])
    events: list[Event] = []
    for event in Indexer(store, None, CancelToken()).run("articles"):
        events.append(event)
        if isinstance(event, IndexProgress) and event.current == str(victim):
            victim.unlink()  # the indexer has hashed it and is about to read it
    assert _problems(events)["zz-last.md"].key == "vanished"
    assert events[-1] == Finished("stop")
    assert victim not in store.documents(store.collection("articles").id)  # type: ignore[union-attr]
    assert store.collection("articles").documents == 2  # type: ignore[union-attr]


def test_a_full_disk_stops_the_run_and_keeps_what_was_indexed(library_db: Path, articles: Path, tmp_path: Path) -> None:
    store = LibraryStore(library_db)
    store.add("articles", [articles])
    _run(store, "articles")
    before = store.collection("articles")
    more = tmp_path / "more"
    more.mkdir()
    for i in range(40):
        _write(more / f"m{i:02}.md", f"Note {i}", f"Line {i} of many notes about orchards. " * 200)
    store.add("articles", [more])
    pages = int(store.query("PRAGMA page_count")[0][0])
    store.close()
    full = LibraryStore(library_db, max_pages=pages + 40)  # room for a few files, not forty
    _indexer, events = _run(full, "articles")
    problems = [e for e in events if isinstance(e, IndexProblem)]
    assert [p.key for p in problems] == ["disk_full"]
    assert events[-1] == Finished("stop")
    full.close()
    store = LibraryStore(library_db)
    assert store.integrity_ok()
    after = store.collection("articles")
    assert after is not None and before is not None and after.documents >= before.documents
    assert search(store, "大规模语言模型")  # nothing indexed before was lost
    _run(store, "articles")  # with room again, it finishes
    assert store.collection("articles").documents == 42  # type: ignore[union-attr]


def test_ten_thousand_files_index_in_linear_time(library_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    for i in range(100):
        sub = folder / f"d{i:03}"
        sub.mkdir(parents=True)
        for j in range(100):
            (sub / f"n{j:03}.txt").write_text(f"Note {i}-{j}: orchard row {i * 100 + j}.", encoding="utf-8")
    store = LibraryStore(library_db)
    store.add("many", [folder])
    started = time.monotonic()
    _run(store, "many")
    first = time.monotonic() - started
    assert store.collection("many").documents == 10_000  # type: ignore[union-attr]
    started = time.monotonic()
    indexer, _ = _run(store, "many")  # nothing changed: a scan and a dictionary lookup per file
    rescan = time.monotonic() - started
    assert indexer.chunked == [] and rescan < first / 5
    assert [h.path.name for h in search(store, "orchard row 4242")][:1] == ["n042.txt"]


def test_embedding_waits_while_a_chat_reply_streams(library_db: Path, article: Path, embedder: Counting) -> None:
    import queue
    import threading

    from assistant.core.backends.base import Backend
    from assistant.core.backends.scripted import ScriptedBackend
    from assistant.core.engine.engine import Engine
    from assistant.core.engine.jobs import Priority
    from assistant.core.types import GenerationRequest, Message, ModelSpec

    gate = threading.Event()
    streaming = threading.Event()

    def on_token(_index: int) -> None:
        streaming.set()
        gate.wait(600)

    backend = ScriptedBackend(("a reply",), on_token=on_token)
    engine = Engine(lambda _p: (backend, backend.load(ModelSpec(Path("s.gguf")))))
    engine.start()

    def chat(b: Backend, cancel: CancelToken) -> Iterator[Event]:
        yield from b.stream(GenerationRequest(messages=[Message("user", "hi")]), cancel)

    store = LibraryStore(library_db)
    store.add("articles", [article])
    seen: queue.SimpleQueue[Event] = queue.SimpleQueue()
    try:
        reply = engine.submit("app", chat, priority=Priority.INTERACTIVE)
        assert streaming.wait(10)
        indexer = Indexer(store, embedder, CancelToken(), idle=engine.wait_interactive_idle)
        worker = threading.Thread(target=lambda: [seen.put(e) for e in indexer.run("articles")])
        worker.start()
        while True:  # reading and chunking go on while the reply streams
            event = seen.get(timeout=120)
            assert not (isinstance(event, IndexProgress) and event.chunks_total)
            if isinstance(event, IndexProgress) and event.files_total and event.files_done == event.files_total:
                break
        worker.join(1.0)
        assert worker.is_alive() and embedder.calls == [] and seen.empty()  # embedding is held back
        gate.set()
        list(reply.events(timeout=30))
        worker.join(120)
        assert not worker.is_alive() and embedder.calls
        rest = []
        while not seen.empty():
            rest.append(seen.get())
        assert rest[-1] == Finished("stop")
        assert store.collection("articles").embedded_chunks == store.collection("articles").chunks  # type: ignore[union-attr]
    finally:
        gate.set()
        engine.close()
