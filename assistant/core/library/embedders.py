"""One loaded embedding model per file per process, on a thread of its own, shared by every caller.

The indexer (on the engine's thread), ``/v1/embeddings`` (on the server's worker threads) and
the ask task all want the same model. Loading it once per caller would waste memory and
seconds; calling one llama.cpp context from several threads is unsafe, and with the default
OpenMP build it makes every later decode several times slower. So each model lives on one
owner thread that loads it, runs every ``embed`` and closes it; callers hand it work and wait.
Calls are served one at a time in the order they arrive, so a query from the API waits at
most for the indexer's current batch, never for a whole file.

    with embedders.shared(path) as embedder:
        vectors = embedder.embed(texts, cancel)

Models stay loaded between uses (the next batch or query is seconds away); the process
closes them at exit, and :func:`close_all` does it sooner.
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.core.cancel import CancelToken
from assistant.core.library.embedding import Embedder, LoadedFacts, Pooling, Vectors

if TYPE_CHECKING:
    from assistant.core.backends.llama_embed import LlamaEmbedder

log = logging.getLogger(__name__)

Key = tuple[Path, "Pooling | None"]

_STOP = object()


class _Owner:
    """The thread that owns one embedder: it loads it, runs every call on it in turn, and closes it."""

    def __init__(self, key: Key) -> None:
        self.key = key
        self.users = 0
        self._jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._loaded: Future[LlamaEmbedder] = Future()
        self._thread = threading.Thread(target=self._run, name=f"quill-embed-{key[0].stem}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from assistant.core.backends.llama_embed import LlamaEmbedder

        path, pooling = self.key
        try:
            embedder = LlamaEmbedder(path, pooling=pooling)
        except BaseException as exc:
            self._loaded.set_exception(exc)
            return
        self._loaded.set_result(embedder)
        try:
            while (job := self._jobs.get()) is not _STOP:
                future, fn = job
                if future.set_running_or_notify_cancel():
                    try:
                        future.set_result(fn(embedder))
                    except BaseException as exc:
                        future.set_exception(exc)
        finally:
            embedder.close()

    def loaded(self) -> LlamaEmbedder:
        """The embedder, once its thread has loaded it (its load error is raised here)."""
        return self._loaded.result()

    def call(self, fn: Callable[[LlamaEmbedder], Any]) -> Any:
        """Run ``fn(embedder)`` on the owner thread and return its result (or raise its exception)."""
        if not self._thread.is_alive():
            raise RuntimeError("the embedding model was closed")
        future: Future[Any] = Future()
        self._jobs.put((future, fn))
        return future.result()

    def stop(self, timeout: float | None = 30.0) -> None:
        self._jobs.put(_STOP)
        self._thread.join(timeout)


class SharedEmbedder(LoadedFacts):
    """An :class:`Embedder` whose model runs on its owner thread; safe to use from any thread."""

    def __init__(self, owner: _Owner) -> None:
        self._owner = owner
        model = owner.loaded()
        self._model = model
        self._name, self._path, self._dimension = model.name, owner.key[0], model.dimension
        self._max_tokens, self._pooling = model.max_tokens, model.pooling

    @property
    def tokens_embedded(self) -> int:
        """Tokens the model has decoded since it was loaded (every caller's), for tests and benchmarks."""
        return self._model.tokens_embedded

    def count_tokens(self, text: str) -> int:
        # The tokenizer only reads the vocabulary: any thread may use it, no need to queue.
        return self._model.count_tokens(text)

    def embed(self, texts: Sequence[str], cancel: CancelToken | None = None) -> Vectors:
        items = list(texts)
        vectors: Vectors = self._owner.call(lambda model: model.embed(items, cancel))
        return vectors

    def close(self) -> None:
        """Nothing: the shared model stays for the next caller (``close_all`` frees it)."""


_lock = threading.Lock()
_owners: dict[Key, _Owner] = {}


def _key(path: Path, pooling: Pooling | None) -> Key:
    return (Path(path).resolve(), pooling)


@contextmanager
def shared(path: Path, *, pooling: Pooling | None = None) -> Iterator[SharedEmbedder]:
    """The process's embedder for ``path`` (loaded on first use), for the length of a ``with`` block.

    Raises:
        ModelFileError, ModelLoadError: the model cannot be loaded (raised on entry; the next call tries again).
    """
    key = _key(path, pooling)
    with _lock:
        owner = _owners.get(key)
        if owner is None:
            _evict_idle()
            owner = _owners[key] = _Owner(key)
        owner.users += 1
    try:
        try:
            embedder = SharedEmbedder(owner)
        except BaseException:
            with _lock:
                if _owners.get(key) is owner:
                    del _owners[key]
            raise
        yield embedder
    finally:
        with _lock:
            owner.users -= 1


def _evict_idle() -> None:
    """Close models nobody is using before loading another (a changed setting leaves the old one idle)."""
    for key, owner in list(_owners.items()):
        if owner.users == 0:
            del _owners[key]
            owner.stop()


def loaded() -> list[Path]:
    """The files of the embedding models loaded now."""
    with _lock:
        return [key[0] for key in _owners]


def close_all() -> None:
    """Close every shared embedder on its own thread (at exit, and in tests)."""
    with _lock:
        owners = list(_owners.values())
        _owners.clear()
    for owner in owners:
        owner.stop()


atexit.register(close_all)

__all__ = ["Embedder", "SharedEmbedder", "close_all", "loaded", "shared"]
