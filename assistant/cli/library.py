"""``quill library add|list|remove|search``: the Library from a terminal.

``add`` indexes at once, progress on standard error and each file it could not read as one
line; it re-scans the whole collection incrementally, so running it again (with or without
paths) picks up changed, added, removed and renamed files. ``--watch`` records the collection
as watched: the app re-scans watched collections; the CLI has no live watcher, and a watched
collection is brought up to date by the next ``quill library add --collection NAME``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.cli.base import Command, load_settings_with_warnings, note, on_ctrl_c, say
from assistant.core.errors import BadInputError
from assistant.core.i18n import Text, msg

if TYPE_CHECKING:
    from assistant.core.library.store import Collection, Passage
    from assistant.core.settings import Settings


def no_collection(name: str) -> Text:
    """The refusal for a collection name the Library does not have."""
    return msg("There is no collection {name!r}; `quill library list` shows them.", name=name)


def embedding_options(parser: argparse.ArgumentParser) -> None:
    """--embedding-model / --keywords-only, for every command that searches or indexes."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--embedding-model", metavar="PATH", help="a GGUF embedding model (default: settings, Settings → Library)"
    )
    group.add_argument("--keywords-only", action="store_true", help="use no embedding model")


def embedder_path(args: argparse.Namespace, settings: Settings) -> Path | None:
    """The embedding model the options or settings ask for; None for keywords only."""
    if getattr(args, "keywords_only", False):
        return None
    chosen = getattr(args, "embedding_model", None) or settings.library_embedding_model
    if not chosen:
        return None
    path = Path(chosen).expanduser()
    if not path.is_file():
        raise BadInputError(
            msg("The embedding model {path} does not exist; choose another or use --keywords-only.", path=path)
        )
    return path


def _arguments(library: argparse.ArgumentParser) -> None:
    actions = library.add_subparsers(dest="library_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add files and folders to a collection and index them")
    add.add_argument("paths", nargs="*", metavar="PATH", help="files and folders (none: re-scan the collection)")
    add.add_argument("--collection", metavar="NAME", help="the collection (default: the first folder's name)")
    add.add_argument("--watch", action="store_true", help="mark the collection watched (re-scanned by the app)")
    embedding_options(add)
    listing = actions.add_parser("list", help="collections: documents, chunks, roots")
    listing.add_argument("--json", action="store_true", help="print the collections as a JSON array")
    remove = actions.add_parser("remove", help="forget a collection, or one of its files or folders")
    remove.add_argument("name", metavar="NAME")
    remove.add_argument("path", nargs="?", metavar="PATH", help="only this file or folder of the collection")
    search = actions.add_parser("search", help="find passages")
    search.add_argument("query", metavar="QUERY")
    search.add_argument(
        "--collection", action="append", metavar="NAME", help="search only this collection (repeatable)"
    )
    search.add_argument("--limit", type=int, default=8, metavar="N")
    search.add_argument("--json", action="store_true", help="print the passages as a JSON array")
    embedding_options(search)


def _store_path() -> Path:
    from assistant.core.paths import quill_paths

    return quill_paths().library_db


def _summary(collection: Collection) -> Text:
    summary = msg(
        "{name}: {documents} documents, {chunks} chunks, {embedded} with vectors",
        name=collection.name,
        documents=collection.documents,
        chunks=collection.chunks,
        embedded=collection.embedded_chunks,
    )
    return msg("{summary}, watched", summary=summary) if collection.watch else summary


def _add(args: argparse.Namespace) -> int:
    from assistant.core.cancel import CancelToken
    from assistant.core.library.indexer import IndexProblem, IndexProgress, run_index
    from assistant.core.library.store import LibraryStore
    from assistant.core.types import Finished, Notice

    paths = [Path(p).expanduser() for p in args.paths]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise BadInputError(msg("Not found: {paths}.", paths=", ".join(missing)))
    name = args.collection or (paths[0].resolve().name if paths else None)
    if not name:
        raise BadInputError(msg("Give files or folders to add, or --collection NAME to re-scan."))
    settings = load_settings_with_warnings()
    embedder = embedder_path(args, settings)
    db = _store_path()
    store = LibraryStore(db)
    try:
        if not paths and store.collection(name) is None:
            raise BadInputError(no_collection(name))
        store.add(name, paths, watch=args.watch)
    finally:
        store.close()
    cancel = CancelToken()
    reason = "stop"
    problems = 0
    with on_ctrl_c(cancel.cancel):
        for event in run_index(db, name, embedder, cancel):
            if isinstance(event, IndexProblem):
                problems += 1
                note(msg("quill: {message}", message=event.text))
            elif isinstance(event, IndexProgress):
                note(_progress_line(event))
            elif isinstance(event, Notice):
                note(msg("quill: {message}", message=event.text))
            elif isinstance(event, Finished):
                reason = event.reason
    store = LibraryStore(db)
    try:
        collection = store.collection(name)
    finally:
        store.close()
    if collection is not None:
        summary = _summary(collection)
        say(msg("{summary} ({problems} files skipped)", summary=summary, problems=problems) if problems else summary)
    if reason == "cancelled":
        note(msg("(stopped; `quill library add --collection NAME` resumes)"))
        return 130
    return 0


def _progress_line(event: object) -> Text:
    from assistant.core.library.indexer import IndexProgress

    assert isinstance(event, IndexProgress)
    left = msg(", about {seconds:.0f} s left", seconds=event.seconds_left) if event.seconds_left is not None else ""
    if event.chunks_total:
        return msg(
            "[embedding {done}/{total} chunks{left}] {label}",
            done=event.chunks_done,
            total=event.chunks_total,
            left=left,
            label=event.label,
        )
    return msg(
        "[{done}/{total} files{left}] {label}",
        done=event.files_done,
        total=event.files_total,
        left=left,
        label=event.label,
    )


def _list(args: argparse.Namespace) -> int:
    from assistant.core.library.store import LibraryStore

    store = LibraryStore(_store_path())
    try:
        collections = store.collections()
    finally:
        store.close()
    if args.json:
        rows = [
            {
                "name": c.name,
                "roots": [str(r) for r in c.roots],
                "watch": c.watch,
                "documents": c.documents,
                "chunks": c.chunks,
                "embedded_chunks": c.embedded_chunks,
            }
            for c in collections
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not collections:
        note(msg("The Library is empty; `quill library add FOLDER` adds one."))
    for collection in collections:
        say(_summary(collection))
        for root in collection.roots:
            say(f"  {root}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    from assistant.core.library.store import LibraryStore

    store = LibraryStore(_store_path())
    try:
        if store.collection(args.name) is None:
            raise BadInputError(no_collection(args.name))
        if args.path:
            store.remove_root(args.name, Path(args.path))
        else:
            store.remove_collection(args.name)
    finally:
        store.close()
    return 0


def passage_json(passage: Passage) -> dict[str, object]:
    return {
        "chunk_id": passage.chunk_id,
        "document_id": passage.document_id,
        "path": str(passage.path),
        "title": passage.title,
        "location": passage.location,
        "page": passage.page,
        "heading_path": list(passage.heading_path),
        "start": passage.start,
        "end": passage.end,
        "text": passage.text,
        "score": passage.score,
    }


def _search(args: argparse.Namespace) -> int:
    from contextlib import AbstractContextManager, nullcontext

    from assistant.core.library.embedding import Embedder
    from assistant.core.library.indexer import open_embedder
    from assistant.core.library.search import search
    from assistant.core.library.store import LibraryStore

    if args.limit < 1:
        raise BadInputError(msg("--limit must be at least 1."))
    settings = load_settings_with_warnings()
    model = embedder_path(args, settings)
    store = LibraryStore(_store_path())
    try:
        for name in args.collection or []:
            if store.collection(name) is None:
                raise BadInputError(no_collection(name))
        context: AbstractContextManager[Embedder | None] = nullcontext(None) if model is None else open_embedder(model)
        with context as embedder:
            hits = search(store, args.query, collections=args.collection, embedder=embedder, limit=args.limit)
    finally:
        store.close()
    if args.json:
        print(json.dumps([passage_json(h) for h in hits], ensure_ascii=False, indent=2))
        return 0
    if not hits:
        note(msg("Nothing found."))
        return 1
    for number, hit in enumerate(hits, start=1):
        snippet = " ".join(hit.text.split())
        print(f"[{number}] {hit.title} — {hit.location} ({hit.path})")
        print(f"    {snippet[:240]}{'…' if len(snippet) > 240 else ''}")
    return 0


def run(args: argparse.Namespace) -> int:
    action = {"add": _add, "list": _list, "remove": _remove, "search": _search}[args.library_command]
    return action(args)


COMMAND = Command(
    "library",
    help="add documents to the Library, list, remove and search them",
    description=(
        "The Library: collections of your files and folders, indexed for keyword (and, with an embedding "
        "model, meaning) search. `quill ask` answers questions from it."
    ),
    arguments=_arguments,
    run=run,
)
