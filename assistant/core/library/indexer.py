"""Index a collection's files: a core Task that scans, chunks, embeds and reports as it goes.

Incremental: a file whose size and mtime are unchanged is skipped; a changed one is hashed
(SHA-256) and, if its content changed, re-chunked, and only its chunks are embedded again.
A file gone from its old path whose content appears at a new one was renamed: its row moves,
its chunks and vectors stay. Files gone for good are dropped.

Crash-safe: each file is committed on its own (store.py marks it ``indexing`` first, so a
file cut off by SIGKILL is redone next time), vectors a batch at a time; chunks still lacking
vectors from the chosen model are embedded on every run, so a run resumes where one stopped.
Pausing is cancelling and running again later.

Chat comes first: embedding runs on this task's own thread with its own model; before each
batch the indexer waits until no interactive generation is running on the engine
(``EngineBackend.wait_interactive_idle``), so a chat reply never shares the CPU with it.

Bad input is one IndexProblem (a Notice, so every front end shows it) and indexing goes on:
unreadable, password-protected, scanned, binary, too large, deleted while indexing. A full
disk stops the run (nothing more could be saved) and keeps what was committed.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from assistant.core.backends.base import Backend
from assistant.core.cancel import Cancelled, CancelToken
from assistant.core.documents.readers import SUPPORTED, DocumentError, load_document
from assistant.core.engine.handles import ModelFree, Task
from assistant.core.i18n import msg, translate
from assistant.core.library.chunks import LIMIT_TOKENS, TARGET_TOKENS, chunk_for_library, estimate_tokens
from assistant.core.library.embedding import Embedder
from assistant.core.library.store import Collection, DiskFullError, LibraryStore, StoredDocument
from assistant.core.types import Event, Finished, Notice, Progress

# The largest file the Library reads, a constant rather than a setting: a bigger one is nearly always a
# dump or an archive, and reading it would hold its whole text in memory. Documents elsewhere in Quill
# (summarize, translate) may be up to readers.MAX_BYTES (200 MB).
MAX_FILE_BYTES = 64 * 2**20
EMBED_BATCH = 16  # chunks per embedding call: cancel and chat are honoured between batches
_TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})

IdleWait = Callable[[float], bool]  # wait up to N seconds for interactive work to end; True when idle


@dataclass(frozen=True)
class IndexProgress(Progress):
    """Determinate progress: ``done``/``total`` are files, then chunks while embedding."""

    files_done: int = 0
    files_total: int = 0
    chunks_done: int = 0
    chunks_total: int = 0
    seconds_left: float | None = None
    current: str = ""  # the file being read (or embedded)


@dataclass(frozen=True)
class IndexProblem(Notice):
    """One file that could not be indexed, as one plain line; ``in_language(language)`` for the UI."""

    path: Path = field(default_factory=Path)
    message: str = ""  # the problem without the file's name: a Text from msg(), English as a str
    key: str = ""  # which problem, for callers that decide by kind ("no_text", "password", "too_large", ...)

    @staticmethod
    def of(path: Path, key: str, message: str) -> IndexProblem:
        return IndexProblem(
            text=msg("{name}: {message}", name=path.name, message=message),
            kind="problem",
            path=path,
            message=message,
            key=key,
        )

    def in_language(self, language: str) -> str:
        """The line in ``language`` ("en", "zh", "zh_CN")."""
        return translate(self.text, language)


def open_embedder(path: Path) -> AbstractContextManager[Embedder]:
    """The embedding model at ``path``, shared per process (core/library/embedders.py)."""
    from assistant.core.library.embedders import shared

    return shared(path)


def index_task(store_path: Path, collection: str | None, embedder_path: Path | None) -> Task:
    """Index ``collection`` (None: every collection) as an engine task (run at Priority.BACKGROUND)."""

    def task(backend: Backend, cancel: CancelToken) -> Iterator[Event]:
        idle: IdleWait | None = getattr(backend, "wait_interactive_idle", None)
        yield from run_index(store_path, collection, embedder_path, cancel, idle=idle)

    return ModelFree(task)  # files and the embedding model need no chat model


def run_index(
    store_path: Path,
    collection: str | None,
    embedder_path: Path | None,
    cancel: CancelToken,
    *,
    idle: IdleWait | None = None,
) -> Iterator[Event]:
    """The index task's events, for a caller with no engine (the CLI)."""
    store = LibraryStore(store_path)
    try:
        context: AbstractContextManager[Embedder | None] = (
            nullcontext(None) if embedder_path is None else open_embedder(embedder_path)
        )
        with context as embedder:
            yield from Indexer(store, embedder, cancel, idle).run(collection)
    finally:
        store.close()


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _looks_binary(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            sample = file.read(65536)
    except OSError:
        return False
    return b"\0" in sample


def _is_encrypted_pdf(path: Path) -> bool:
    try:
        from pypdf import PdfReader

        return bool(PdfReader(str(path)).is_encrypted)
    except Exception:  # a damaged file is reported as unreadable, not as locked
        return False


@dataclass
class _Work:
    collection: Collection
    path: Path
    size: int
    mtime_ns: int
    sha256: str


class Indexer:
    """One index run over a store; ``chunked`` and ``embedded`` count what it did (tests read them)."""

    def __init__(
        self, store: LibraryStore, embedder: Embedder | None, cancel: CancelToken, idle: IdleWait | None = None
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.cancel = cancel
        self.idle = idle
        self.chunked: list[Path] = []  # files (re)chunked in this run
        self.embedded = 0  # chunks embedded in this run
        self.embed_calls = 0

    def run(self, collection: str | None) -> Iterator[Event]:
        if collection is None:
            targets = self.store.collections()
        else:
            found = self.store.collection(collection)
            targets = [found] if found is not None else []
        try:
            work: list[_Work] = []
            for target in targets:
                work += yield from self._plan(target)
            if self.embedder is None:
                yield Notice(msg("no embedding model is chosen: the Library searches by keywords only"), kind="info")
            started = time.monotonic()
            for done, item in enumerate(work):
                if self.cancel.cancelled:
                    yield Finished("cancelled")
                    return
                left = None if done == 0 else (time.monotonic() - started) / done * (len(work) - done)
                yield IndexProgress(
                    done, len(work), item.path.name, files_done=done, files_total=len(work), seconds_left=left,
                    current=str(item.path),
                )  # fmt: skip
                problem = self._index_file(item)
                if problem is not None:
                    yield problem
            if work:
                yield IndexProgress(len(work), len(work), "", files_done=len(work), files_total=len(work))
            if self.embedder is not None:
                for target in targets:
                    finished = yield from self._embed(target, len(work))
                    if not finished:
                        yield Finished("cancelled")
                        return
        except DiskFullError:
            yield IndexProblem.of(
                self.store.path,
                "disk_full",
                msg("the disk is full: indexing stopped; everything indexed before is kept"),
            )
        yield Finished("stop")

    # -- scanning -------------------------------------------------------------

    def _scan(self, collection: Collection) -> Iterator[tuple[Path, os.stat_result] | IndexProblem]:
        for root in collection.roots:
            try:
                if root.is_file():
                    if root.suffix.lower() in SUPPORTED:
                        yield root, root.stat()
                    else:
                        yield IndexProblem.of(root, "unsupported", msg("Quill does not read this kind of file"))
                    continue
                if not root.is_dir():
                    yield IndexProblem.of(
                        root, "root_missing", msg("this folder or file is gone; its documents were dropped")
                    )
                    continue
            except OSError as exc:
                yield IndexProblem.of(root, "unreadable", msg("cannot read it: {reason}", reason=exc.strerror or exc))
                continue
            for folder, dirs, files in os.walk(root):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(".") or Path(name).suffix.lower() not in SUPPORTED:
                        continue
                    path = Path(folder) / name
                    try:
                        yield path, path.stat()
                    except OSError:  # gone between listing and stat: it is simply not there
                        continue

    def _plan(self, collection: Collection) -> Generator[Event, None, list[_Work]]:
        """Drop what is gone, move what was renamed; the files to (re)index. Linear in the files."""
        found: dict[Path, os.stat_result] = {}
        for item in self._scan(collection):
            if isinstance(item, IndexProblem):
                yield item
            else:
                found[item[0]] = item[1]
        stored = self.store.documents(collection.id)
        gone = {path: doc for path, doc in stored.items() if path not in found}
        gone_by_hash: dict[str, StoredDocument] = {
            d.sha256: d for d in gone.values() if d.status == "ready" and d.sha256
        }
        work: list[_Work] = []
        for path, stat in found.items():
            doc = stored.get(path)
            if (
                doc is not None
                and doc.status != "indexing"
                and (doc.size, doc.mtime_ns) == (stat.st_size, stat.st_mtime_ns)
            ):
                continue  # unchanged (a file that failed stays failed until it changes)
            if stat.st_size > MAX_FILE_BYTES:
                yield IndexProblem.of(
                    path,
                    "too_large",
                    msg(
                        "{size} MB is more than the Library reads ({limit} MB); it was skipped",
                        size=stat.st_size // 2**20,
                        limit=MAX_FILE_BYTES // 2**20,
                    ),
                )
                if doc is not None:
                    self.store.drop_documents([doc.id])
                continue
            try:
                sha = _file_hash(path)
            except FileNotFoundError:  # deleted since the scan
                if doc is not None:
                    self.store.drop_documents([doc.id])
                yield IndexProblem.of(path, "vanished", msg("it was deleted or moved while being indexed"))
                continue
            except OSError as exc:
                yield IndexProblem.of(path, "unreadable", msg("cannot read it: {reason}", reason=exc.strerror or exc))
                continue
            if doc is not None and doc.status == "ready" and doc.sha256 == sha:
                self.store.touch_document(doc.id, path, stat.st_size, stat.st_mtime_ns)
                continue
            moved = gone_by_hash.pop(sha, None) if doc is None else None
            if moved is not None:  # renamed: same content, new path; its chunks and vectors stay
                self.store.touch_document(moved.id, path, stat.st_size, stat.st_mtime_ns)
                del gone[moved.path]
                continue
            work.append(_Work(collection, path, stat.st_size, stat.st_mtime_ns, sha))
        self.store.drop_documents(doc.id for doc in gone.values())
        return work

    # -- one file ---------------------------------------------------------------

    def _index_file(self, item: _Work) -> IndexProblem | None:
        path = item.path
        doc_id = self.store.start_document(item.collection.id, path, item.size, item.mtime_ns, item.sha256)
        try:
            document = load_document(path)
        except DocumentError as exc:
            if not path.exists():
                self.store.drop_documents([doc_id])
                return IndexProblem.of(path, "vanished", msg("it was deleted or moved while being indexed"))
            if path.suffix.lower() == ".pdf" and _is_encrypted_pdf(path):
                problem = IndexProblem.of(path, "password", msg("it is password-protected; it was skipped"))
            elif path.suffix.lower() in _TEXT_SUFFIXES and _looks_binary(path):
                problem = IndexProblem.of(path, "binary", msg("it is not text (a binary file?); it was skipped"))
            else:
                problem = IndexProblem.of(
                    path, "unreadable", msg("cannot read it: {reason}", reason=str(exc).rstrip("."))
                )
            self.store.fail_document(doc_id, problem.message)
            return problem
        embedder = self.embedder
        if embedder is None:
            count, limit = estimate_tokens, LIMIT_TOKENS
        else:
            count, limit = embedder.count_tokens, min(LIMIT_TOKENS, embedder.max_tokens)
        text, chunks = chunk_for_library(document, count, min(TARGET_TOKENS, limit), limit)
        if not chunks:
            problem = IndexProblem.of(
                path, "no_text", msg("no text in it (a scanned PDF or an image?); it was skipped")
            )
            self.store.fail_document(doc_id, problem.message)
            return problem
        first = next((b for b in document.blocks if b.kind == "heading"), None)
        # A citation names the document: its title heading, not the first section's ("1. Background").
        title = first.text if first is not None and first.level == 1 else path.stem
        self.store.finish_document(doc_id, title, text, chunks)
        self.chunked.append(path)
        return None

    # -- vectors ----------------------------------------------------------------

    def _embed(self, collection: Collection, files: int) -> Generator[Event, None, bool]:
        """Embed every chunk of ``collection`` that has no vector from this model; False if cancelled."""
        embedder = self.embedder
        assert embedder is not None
        missing = self.store.missing_vectors(collection.id, embedder.name)
        total = sum(len(v) for v in missing.values())
        done = 0
        started = time.monotonic()
        for doc_id, pending in missing.items():
            doc = self.store.document(doc_id)
            name = doc.path.name if doc else ""
            for at in range(0, len(pending), EMBED_BATCH):
                if not self._wait_for_chat():
                    return False
                batch = pending[at : at + EMBED_BATCH]
                left = None if done == 0 else (time.monotonic() - started) / done * (total - done)
                yield IndexProgress(
                    done, total, name, files_done=files, files_total=files, chunks_done=done, chunks_total=total,
                    seconds_left=left, current=str(doc.path) if doc else "",
                )  # fmt: skip
                try:
                    self.embed_calls += 1
                    vectors = embedder.embed([text for _, text in batch], self.cancel)
                except Cancelled:
                    return False
                except DiskFullError:
                    raise
                except Exception as exc:  # the model failed: keywords still work
                    yield IndexProblem.of(
                        doc.path if doc else self.store.path,
                        "embed_failed",
                        msg("the embedding model failed ({reason}); searching uses keywords only", reason=exc),
                    )
                    return True
                self.store.add_vectors(embedder.name, [cid for cid, _ in batch], vectors)
                self.embedded += len(batch)
                done += len(batch)
        if total:
            yield IndexProgress(
                total, total, "", files_done=files, files_total=files, chunks_done=total, chunks_total=total
            )
        return True

    def _wait_for_chat(self) -> bool:
        """Wait while interactive work runs on the engine; False if cancelled meanwhile."""
        while not self.cancel.cancelled:
            if self.idle is None or self.idle(0.2):
                return True
        return False


def collections_named(store: LibraryStore, names: Sequence[str] | None) -> list[Collection]:
    """The collections called ``names`` (all when None), skipping unknown names."""
    if names is None:
        return store.collections()
    return [c for c in (store.collection(n) for n in names) if c is not None]
