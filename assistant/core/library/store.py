"""The Library's index in SQLite: collections, their roots, documents, chunks, vectors and a keyword index.

Crash-safe the way the chat history is (both are core/stores/sqlite.py's SQLiteStore): WAL,
one transaction per step, versioned migrations. A document is marked ``indexing`` before its chunks are replaced
and ``ready`` in the same transaction that commits them, so a document still ``indexing``
when the store opens was cut off and is redone; everything committed stays.

Keywords, two FTS5 tables: ``chunks_fts`` with the ``trigram`` tokenizer (any substring of
three characters or more, so Chinese needs no word splitter), and ``chunks_words`` where each
run of CJK text is written as its overlapping two-character pieces (``words_text``), so a
two-character Chinese word (模型, 挑战), which trigrams cannot match, is still found by the
index; a one-character query falls back to ``instr`` over the chunks (search.py). Vectors: one float16 blob per chunk and model
(half the size of float32; cosine in numpy loses ~1e-3, far below ranking noise).
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from assistant.core.errors import UserFacingError
from assistant.core.i18n import msg
from assistant.core.stores.sqlite import Migration, SQLiteStore, run_statements

SCHEMA_VERSION = 1


class LibraryError(UserFacingError):
    """The Library's database cannot be opened or written."""


class DiskFullError(LibraryError):
    """SQLite said 'database or disk is full': nothing of the failed step was written."""


@dataclass(frozen=True)
class Collection:
    id: int
    name: str
    roots: tuple[Path, ...]  # the files and folders the user added
    watch: bool
    documents: int
    chunks: int
    embedded_chunks: int


@dataclass(frozen=True)
class Passage:
    """One search hit, one cited source."""

    chunk_id: int
    document_id: int
    path: Path
    title: str
    location: str  # what a citation shows: "p. 12", "Install › Linux", "¶ 4"
    page: int | None
    heading_path: tuple[str, ...]
    start: int  # character span in the document's extracted text
    end: int
    text: str
    score: float


@dataclass(frozen=True)
class StoredDocument:
    id: int
    collection_id: int
    path: Path
    size: int
    mtime_ns: int
    sha256: str
    title: str
    status: str  # indexing | ready | failed


@dataclass(frozen=True)
class NewChunk:
    """A chunk as the indexer makes it, before it has an id."""

    ordinal: int
    location: str
    page: int | None
    heading_path: tuple[str, ...]
    start: int
    end: int
    text: str
    tokens: int


def _migrate_to_1(db: sqlite3.Connection) -> None:
    run_statements(
        db,
        """
        CREATE TABLE collections (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            watch INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL
        );
        CREATE TABLE roots (
            id INTEGER PRIMARY KEY,
            collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
            path TEXT NOT NULL,
            UNIQUE (collection_id, path)
        );
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
            path TEXT NOT NULL,
            size INTEGER NOT NULL DEFAULT 0,
            mtime_ns INTEGER NOT NULL DEFAULT 0,
            sha256 TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'indexing' CHECK (status IN ('indexing', 'ready', 'failed')),
            problem TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL DEFAULT '',
            indexed_at REAL NOT NULL DEFAULT 0,
            UNIQUE (collection_id, path)
        );
        CREATE INDEX documents_by_hash ON documents(collection_id, sha256);
        CREATE TABLE chunks (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            location TEXT NOT NULL DEFAULT '',
            page INTEGER,
            heading_path TEXT NOT NULL DEFAULT '[]',
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            tokens INTEGER NOT NULL,
            UNIQUE (document_id, ordinal)
        );
        CREATE TABLE vectors (
            chunk_id INTEGER NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            dimension INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (chunk_id, model)
        ) WITHOUT ROWID;
        CREATE INDEX vectors_by_model ON vectors(model);
        CREATE VIRTUAL TABLE chunks_fts USING fts5(heads, body, tokenize='trigram');
        CREATE VIRTUAL TABLE chunks_words USING fts5(body, tokenize='unicode61');
        CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
            DELETE FROM chunks_fts WHERE rowid = old.id;
            DELETE FROM chunks_words WHERE rowid = old.id;
        END
        """,
    )


MIGRATIONS: dict[int, Migration] = {1: _migrate_to_1}


_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")


def cjk_bigrams(run: str) -> list[str]:
    """The overlapping two-character pieces of a CJK run (a single character stands alone)."""
    return [run] if len(run) < 2 else [run[i : i + 2] for i in range(len(run) - 1)]


def words_text(text: str) -> str:
    """Text for ``chunks_words``: each CJK run becomes its bigrams, separated by spaces."""
    return _CJK_RUN.sub(lambda m: " " + " ".join(cjk_bigrams(m.group(0))) + " ", text)


def location_of(page: int | None, heading_path: Sequence[str], ordinal: int) -> str:
    """What a citation shows: the page, else the heading path, else the paragraph's number."""
    if page is not None:
        return f"p. {page}"
    if heading_path:
        return " › ".join(heading_path)
    return f"¶ {ordinal + 1}"


class LibraryStore(SQLiteStore):
    """The index. One connection per thread that uses it (the indexer task opens its own).

    ``max_pages`` caps the database's size (SQLite's max_page_count): a full disk, for tests.
    """

    def __init__(self, path: Path, *, max_pages: int | None = None) -> None:
        self._vector_cache: dict[tuple[str, int], tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]] = {}
        self._cache_lock = threading.Lock()
        try:
            super().__init__(
                path,
                schema_version=SCHEMA_VERSION,
                migrations=MIGRATIONS,
                busy_timeout_ms=5000,
                check_same_thread=False,
            )
            # Per-term document counts of chunks_words, so search can leave out terms nearly every
            # chunk holds (they barely change bm25's order and cost the most to score).
            self._db.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.words_vocab USING fts5vocab(main, chunks_words, row)"
            )
            if max_pages is not None:
                self._db.execute(f"PRAGMA max_page_count={int(max_pages)}")
        except sqlite3.DatabaseError as exc:
            raise LibraryError(msg("Cannot open the Library at {path}: {exc}.", path=path, exc=exc)) from exc

    # -- schema and transactions ---------------------------------------------

    def _newer_schema(self, version: int) -> Exception:
        return LibraryError(
            msg(
                "The Library at {path} was written by a newer Quill (schema {version}).",
                path=self.path,
                version=version,
            )
        )

    def _save_failed(self, exc: sqlite3.OperationalError) -> Exception:
        """A full disk is DiskFullError, other failures LibraryError."""
        if "full" in str(exc):  # SQLITE_FULL: sqlite3 gives no error code before Python 3.11's errorcode
            return DiskFullError(msg("Could not save the Library ({exc}).", exc=exc))
        return LibraryError(msg("Could not save the Library ({exc}).", exc=exc))

    def query(self, sql: str, args: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Read rows (search.py and tests); writes go through the methods below."""
        return self._db.execute(sql, tuple(args)).fetchall()

    # -- collections -----------------------------------------------------------

    def collections(self) -> list[Collection]:
        rows = self._db.execute("SELECT id FROM collections ORDER BY name").fetchall()
        return [self._collection(int(r["id"])) for r in rows]

    def collection(self, name: str) -> Collection | None:
        row = self._db.execute("SELECT id FROM collections WHERE name=?", (name,)).fetchone()
        return self._collection(int(row["id"])) if row else None

    def _collection(self, collection_id: int) -> Collection:
        row = self._db.execute("SELECT * FROM collections WHERE id=?", (collection_id,)).fetchone()
        roots = self._db.execute(
            "SELECT path FROM roots WHERE collection_id=? ORDER BY id", (collection_id,)
        ).fetchall()
        counts = self._db.execute(
            """
            SELECT (SELECT COUNT(*) FROM documents WHERE collection_id=:c AND status='ready'),
                   (SELECT COUNT(*) FROM chunks JOIN documents d ON d.id=chunks.document_id WHERE d.collection_id=:c),
                   (SELECT COUNT(DISTINCT v.chunk_id) FROM vectors v JOIN chunks ON chunks.id=v.chunk_id
                      JOIN documents d ON d.id=chunks.document_id WHERE d.collection_id=:c)
            """,
            {"c": collection_id},
        ).fetchone()
        return Collection(
            id=collection_id,
            name=row["name"],
            roots=tuple(Path(r["path"]) for r in roots),
            watch=bool(row["watch"]),
            documents=int(counts[0]),
            chunks=int(counts[1]),
            embedded_chunks=int(counts[2]),
        )

    def add(self, collection: str, paths: Sequence[Path], *, watch: bool = False) -> Collection:
        """Add files and folders to ``collection`` (created if new); indexing is the indexer's job.

        ``watch`` True marks the collection watched (its roots are re-scanned on every index run
        and by the app); adding to a watched collection never un-watches it.
        """
        name = collection.strip()
        if not name:
            raise LibraryError(msg("A collection needs a name."))
        with self._saving():
            self._db.execute(
                "INSERT INTO collections (name, watch, created_at) VALUES (?, ?, ?)"
                " ON CONFLICT(name) DO UPDATE SET watch = watch OR excluded.watch",
                (name, int(watch), time.time()),
            )
            cid = int(self._db.execute("SELECT id FROM collections WHERE name=?", (name,)).fetchone()[0])
            for path in paths:
                self._db.execute(
                    "INSERT OR IGNORE INTO roots (collection_id, path) VALUES (?, ?)",
                    (cid, str(Path(path).expanduser().resolve())),
                )
        return self._collection(cid)

    def set_watch(self, name: str, watch: bool) -> None:
        """Mark a collection watched or not (``add`` only ever marks one watched)."""
        with self._saving():
            self._db.execute("UPDATE collections SET watch=? WHERE name=?", (int(watch), name))

    def remove_collection(self, name: str) -> None:
        with self._saving():
            self._db.execute("DELETE FROM collections WHERE name=?", (name,))
        self._forget_vectors()

    def remove_root(self, collection: str, path: Path) -> None:
        """Forget one root and the documents under it (documents in other roots stay).

        Raises:
            LibraryError: ``path`` is not one of the collection's roots.
        """
        found = self.collection(collection)
        if found is None:
            return
        root = str(Path(path).expanduser().resolve())
        if Path(root) not in found.roots:
            raise LibraryError(
                msg(
                    "{path} is not one of the files or folders added to {collection!r} (`quill library list` shows them); a file inside an added folder stays until it is moved or deleted.",
                    path=path,
                    collection=collection,
                )
            )
        with self._saving():
            self._db.execute("DELETE FROM roots WHERE collection_id=? AND path=?", (found.id, root))
            kept = [
                str(r["path"])
                for r in self._db.execute("SELECT path FROM roots WHERE collection_id=?", (found.id,)).fetchall()
            ]
            for row in self._db.execute("SELECT id, path FROM documents WHERE collection_id=?", (found.id,)).fetchall():
                doc = Path(row["path"])
                if _under(doc, Path(root)) and not any(_under(doc, Path(k)) for k in kept):
                    self._db.execute("DELETE FROM documents WHERE id=?", (row["id"],))
        self._forget_vectors()

    # -- documents (the indexer's side) -------------------------------------

    def documents(self, collection_id: int) -> dict[Path, StoredDocument]:
        rows = self._db.execute(
            "SELECT id, collection_id, path, size, mtime_ns, sha256, title, status FROM documents"
            " WHERE collection_id=?",
            (collection_id,),
        ).fetchall()
        return {Path(r["path"]): _document(r) for r in rows}

    def document(self, document_id: int) -> StoredDocument | None:
        row = self._db.execute(
            "SELECT id, collection_id, path, size, mtime_ns, sha256, title, status FROM documents WHERE id=?",
            (document_id,),
        ).fetchone()
        return _document(row) if row else None

    def document_text(self, document_id: int) -> str:
        """The extracted text (Markdown) that chunk spans refer to."""
        row = self._db.execute("SELECT text FROM documents WHERE id=?", (document_id,)).fetchone()
        return str(row["text"]) if row else ""

    def start_document(self, collection_id: int, path: Path, size: int, mtime_ns: int, sha256: str) -> int:
        """Mark ``path`` as being indexed (a crash leaves it so, and it is redone); its id."""
        with self._saving():
            self._db.execute(
                "INSERT INTO documents (collection_id, path, size, mtime_ns, sha256, status) VALUES (?, ?, ?, ?, ?,"
                " 'indexing') ON CONFLICT(collection_id, path) DO UPDATE SET size=excluded.size,"
                " mtime_ns=excluded.mtime_ns, sha256=excluded.sha256, status='indexing', problem=''",
                (collection_id, str(path), size, mtime_ns, sha256),
            )
            row = self._db.execute(
                "SELECT id FROM documents WHERE collection_id=? AND path=?", (collection_id, str(path))
            ).fetchone()
        return int(row["id"])

    def finish_document(self, document_id: int, title: str, text: str, chunks: Sequence[NewChunk]) -> list[int]:
        """Replace the document's chunks and mark it ready, in one transaction; the new chunk ids."""
        ids: list[int] = []
        with self._saving():
            self._db.execute("DELETE FROM chunks WHERE document_id=?", (document_id,))
            self._db.execute(
                "UPDATE documents SET title=?, text=?, status='ready', problem='', indexed_at=? WHERE id=?",
                (title, text, time.time(), document_id),
            )
            for chunk in chunks:
                cursor = self._db.execute(
                    'INSERT INTO chunks (document_id, ordinal, location, page, heading_path, start, "end", text,'
                    " tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        document_id,
                        chunk.ordinal,
                        chunk.location,
                        chunk.page,
                        json.dumps(list(chunk.heading_path), ensure_ascii=False),
                        chunk.start,
                        chunk.end,
                        chunk.text,
                        chunk.tokens,
                    ),
                )
                chunk_id = int(cursor.lastrowid or 0)
                ids.append(chunk_id)
                self._db.execute(
                    "INSERT INTO chunks_fts (rowid, heads, body) VALUES (?, ?, ?)",
                    (chunk_id, " ".join(chunk.heading_path), chunk.text),
                )
                self._db.execute(
                    "INSERT INTO chunks_words (rowid, body) VALUES (?, ?)",
                    (chunk_id, words_text(" ".join(chunk.heading_path) + "\n" + chunk.text)),
                )
        self._forget_vectors()
        return ids

    def fail_document(self, document_id: int, problem: str) -> None:
        """The file could not be read: it keeps no chunks, and says why."""
        with self._saving():
            self._db.execute("DELETE FROM chunks WHERE document_id=?", (document_id,))
            self._db.execute(
                "UPDATE documents SET status='failed', problem=?, text='' WHERE id=?", (problem, document_id)
            )
        self._forget_vectors()

    def touch_document(self, document_id: int, path: Path, size: int, mtime_ns: int) -> None:
        """Same content under a new path or time (a rename, a touch): chunks and vectors stay."""
        with self._saving():
            self._db.execute(
                "UPDATE documents SET path=?, size=?, mtime_ns=? WHERE id=?", (str(path), size, mtime_ns, document_id)
            )

    def drop_documents(self, document_ids: Iterable[int]) -> None:
        ids = list(document_ids)
        if not ids:
            return
        with self._saving():
            self._db.executemany("DELETE FROM documents WHERE id=?", [(i,) for i in ids])
        self._forget_vectors()

    def chunk_count(self, document_id: int) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM chunks WHERE document_id=?", (document_id,)).fetchone()[0])

    # -- vectors --------------------------------------------------------------

    def missing_vectors(self, collection_id: int, model: str) -> dict[int, list[tuple[int, str]]]:
        """Chunks of ready documents with no vector from ``model``: document id -> [(chunk id, text)]."""
        rows = self._db.execute(
            """
            SELECT c.id, c.document_id, c.text FROM chunks c JOIN documents d ON d.id = c.document_id
            WHERE d.collection_id=? AND d.status='ready'
              AND NOT EXISTS (SELECT 1 FROM vectors v WHERE v.chunk_id=c.id AND v.model=?)
            ORDER BY c.document_id, c.ordinal
            """,
            (collection_id, model),
        ).fetchall()
        missing: dict[int, list[tuple[int, str]]] = {}
        for row in rows:
            missing.setdefault(int(row["document_id"]), []).append((int(row["id"]), str(row["text"])))
        return missing

    def add_vectors(self, model: str, chunk_ids: Sequence[int], vectors: npt.NDArray[np.floating[Any]]) -> None:
        """Store one float16 row per chunk (one transaction: a batch is all or nothing)."""
        half = np.asarray(vectors, dtype=np.float16)
        with self._saving():
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors (chunk_id, model, dimension, data) VALUES (?, ?, ?, ?)",
                [(cid, model, int(half.shape[1]), half[i].tobytes()) for i, cid in enumerate(chunk_ids)],
            )
        self._forget_vectors()

    def vector_matrix(self, model: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """Every stored vector of ``model``: chunk ids and a (n, dimension) float32 matrix.

        Stored as float16 (half the disk), kept in memory as float32 until this store or another
        connection writes (PRAGMA data_version): converting float16 for every query would cost
        ~7x the cosine itself (benchmarks/library.py: 259 vs 37 ms at 100k x 384 on 2 busy cores).
        """
        version = int(self._db.execute("PRAGMA data_version").fetchone()[0])
        with self._cache_lock:
            cached = self._vector_cache.get((model, version))
            if cached is not None:
                return cached
            rows = self._db.execute("SELECT chunk_id, dimension, data FROM vectors WHERE model=?", (model,)).fetchall()
            if rows:
                dimension = int(rows[0]["dimension"])
                ids = np.fromiter((int(r["chunk_id"]) for r in rows), dtype=np.int64, count=len(rows))
                half = np.frombuffer(b"".join(r["data"] for r in rows), dtype=np.float16).reshape(-1, dimension)
                matrix = half.astype(np.float32)
            else:
                ids, matrix = np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
            self._vector_cache = {(model, version): (ids, matrix)}
            return ids, matrix

    def term_counts(self, terms: Sequence[str]) -> dict[str, int]:
        """How many chunks hold each term of ``chunks_words`` (missing terms: 0)."""
        counts = {t: 0 for t in terms}
        for term in terms:
            row = self._db.execute("SELECT doc FROM words_vocab WHERE term=?", (term,)).fetchone()
            if row is not None:
                counts[term] = int(row[0])
        return counts

    def chunk_total(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0])

    def _forget_vectors(self) -> None:
        with self._cache_lock:
            self._vector_cache = {}

    # -- passages ---------------------------------------------------------------

    def passage(self, chunk_id: int, score: float = 0.0) -> Passage:
        found = self.passages([chunk_id], {chunk_id: score})
        if not found:
            raise LibraryError(msg("There is no passage {chunk_id} in the Library.", chunk_id=chunk_id))
        return found[0]

    def passages(self, chunk_ids: Sequence[int], scores: dict[int, float] | None = None) -> list[Passage]:
        """The passages of ``chunk_ids``, in that order (ids no longer there are left out)."""
        if not chunk_ids:
            return []
        marks = ",".join("?" * len(chunk_ids))
        rows = self._db.execute(
            f'SELECT c.id, c.document_id, c.location, c.page, c.heading_path, c.start, c."end", c.text,'
            f" d.path, d.title FROM chunks c JOIN documents d ON d.id=c.document_id WHERE c.id IN ({marks})",
            tuple(chunk_ids),
        ).fetchall()
        by_id = {int(r["id"]): r for r in rows}
        scores = scores or {}
        return [_passage(by_id[c], scores.get(c, 0.0)) for c in chunk_ids if c in by_id]


def _under(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _document(row: sqlite3.Row) -> StoredDocument:
    return StoredDocument(
        int(row["id"]),
        int(row["collection_id"]),
        Path(row["path"]),
        int(row["size"]),
        int(row["mtime_ns"]),
        str(row["sha256"]),
        str(row["title"]),
        str(row["status"]),
    )


def _passage(row: sqlite3.Row, score: float) -> Passage:
    try:
        heads = tuple(str(h) for h in json.loads(row["heading_path"]))
    except (TypeError, ValueError):
        heads = ()
    return Passage(
        chunk_id=int(row["id"]),
        document_id=int(row["document_id"]),
        path=Path(row["path"]),
        title=str(row["title"]),
        location=str(row["location"]),
        page=None if row["page"] is None else int(row["page"]),
        heading_path=heads,
        start=int(row["start"]),
        end=int(row["end"]),
        text=str(row["text"]),
        score=score,
    )
