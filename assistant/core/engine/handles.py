"""Share one model between several askers, fairly, on the one thread that owns it.

A llama.cpp model must be loaded, used and closed by a single thread. When
other programs use the model through ``quill serve`` (and, in the app, the GUI
too), their requests become *tasks* — the same ``Task`` shape the GUI worker
runs: ``(backend, cancel) -> Iterator[Event]`` — queued per source and taken
round-robin, so one busy client cannot starve another (or the GUI).

- :class:`TaskHandle` is one submitted task: its cancel token and a thread-safe
  way to receive its events.
- :class:`FairQueue` is the round-robin scheduling, with no threads of its own.
- :class:`EngineQueue` is the headless engine: a plain thread that opens the
  backend, runs tasks from a FairQueue, and closes the backend.
The app does the same with its Qt engine thread (``ui/server_bridge.py``).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator
from typing import Protocol

from assistant.core.backends.base import Backend
from assistant.core.cancel import CancelToken
from assistant.core.errors import UserFacingError
from assistant.core.types import Event, Finished, ModelInfo

log = logging.getLogger(__name__)

Task = Callable[[Backend, CancelToken], Iterator[Event]]
Sink = Callable[[object], None]


class Done:
    """The last item a TaskHandle delivers: the task ended (after its Finished, or its error)."""


DONE = Done()


class TaskHandle:
    """A task on its way through the engine.

    Items go to ``sink`` (any thread-safe callable, e.g. one that hands them to an
    asyncio loop); with no sink they are kept for :meth:`events`. Items are
    events, then possibly an exception, then :data:`DONE`.
    """

    def __init__(self, source: str, task: Task, sink: Sink | None = None) -> None:
        self.source = source
        self.task = task
        self.cancel = CancelToken()
        self.done = threading.Event()
        self._items: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._sink: Sink = sink if sink is not None else self._items.put

    def deliver(self, item: object) -> None:
        self._sink(item)

    def run(self, backend: Backend, also: CancelToken | None = None) -> None:
        """Run the task on the calling (model-owning) thread, delivering everything it yields.

        ``also`` stops it too (the app's engine cancels everything when it shuts down).
        """
        cancel = self.cancel if also is None else _Either(self.cancel, also)
        try:
            if cancel.cancelled:
                self.deliver(Finished("cancelled"))
                return
            for event in self.task(backend, cancel):
                self.deliver(event)
        except Exception as exc:
            log.warning("task from %s failed: %s", self.source, exc, exc_info=not isinstance(exc, UserFacingError))
            self.deliver(exc)
        finally:
            self.done.set()
            self.deliver(DONE)

    def end(self, last: object) -> None:
        """End a task that will never run: ``last`` is its error, or Finished("cancelled")."""
        self.deliver(last)
        self.done.set()
        self.deliver(DONE)

    def fail(self, error: Exception) -> None:
        self.end(error)

    def events(self, timeout: float | None = None) -> Iterator[Event]:
        """The task's events, for a caller with no sink; raises the task's error, if any.

        Raises:
            TimeoutError: nothing arrived for ``timeout`` seconds.
        """
        while True:
            try:
                item = self._items.get(timeout=timeout)
            except queue.Empty:
                raise TimeoutError("the engine did not answer in time") from None
            if isinstance(item, Done):
                return
            if isinstance(item, Exception):
                raise item
            yield item  # type: ignore[misc]


class _Either(CancelToken):
    """Cancelled when either token is; cancelling it cancels the first."""

    __slots__ = ("_first", "_other")

    def __init__(self, first: CancelToken, other: CancelToken) -> None:
        super().__init__()
        self._first, self._other = first, other

    def cancel(self) -> None:
        self._first.cancel()

    @property
    def cancelled(self) -> bool:
        return self._first.cancelled or self._other.cancelled

    def wait(self, timeout: float | None = None) -> bool:
        return self._first.wait(timeout) or self._other.cancelled


class TaskExecutor(Protocol):
    """Something that runs tasks on the model's thread: the headless EngineQueue or the app's engine."""

    @property
    def model_info(self) -> ModelInfo | None: ...

    def submit(self, source: str, task: Task, sink: Sink | None = None) -> TaskHandle: ...


class FairQueue:
    """Waiting tasks, taken round-robin across sources (each source's own tasks in order). Thread-safe."""

    def __init__(self) -> None:
        self._by_source: OrderedDict[str, deque[TaskHandle]] = OrderedDict()
        self._lock = threading.Lock()

    def push(self, handle: TaskHandle) -> None:
        with self._lock:
            self._by_source.setdefault(handle.source, deque()).append(handle)

    def pop(self) -> TaskHandle | None:
        """The next task: the oldest of the source whose turn it is; that source goes to the back."""
        with self._lock:
            if not self._by_source:
                return None
            source, waiting = next(iter(self._by_source.items()))
            handle = waiting.popleft()
            if waiting:
                self._by_source.move_to_end(source)
            else:
                del self._by_source[source]
            return handle

    def drain(self) -> list[TaskHandle]:
        with self._lock:
            handles = [h for waiting in self._by_source.values() for h in waiting]
            self._by_source.clear()
        return handles

    def __len__(self) -> int:
        with self._lock:
            return sum(len(w) for w in self._by_source.values())


class EngineQueue:
    """The engine with no GUI: one plain thread opens the backend, runs tasks fairly, closes it.

    Args:
        opener: called on the engine thread; returns the backend it opened and its ModelInfo.
    """

    def __init__(self, opener: Callable[[], tuple[Backend, ModelInfo]]) -> None:
        self._opener = opener
        self._waiting = FairQueue()
        self._wake = threading.Condition()
        self._stopping = False
        self._loaded = threading.Event()
        self._load_error: BaseException | None = None
        self._info: ModelInfo | None = None
        self._current: TaskHandle | None = None
        self._thread = threading.Thread(target=self._main, name="QuillEngine", daemon=True)

    @property
    def model_info(self) -> ModelInfo | None:
        return self._info

    def start(self) -> ModelInfo:
        """Start the thread and wait until the model is open. Raises what opening raised."""
        self._thread.start()
        self._loaded.wait()
        if self._load_error is not None:
            raise self._load_error
        assert self._info is not None
        return self._info

    def submit(self, source: str, task: Task, sink: Sink | None = None) -> TaskHandle:
        handle = TaskHandle(source, task, sink)
        with self._wake:
            if self._stopping:
                from assistant.core.errors import GenerationError

                handle.fail(GenerationError("Quill's engine is shutting down."))
                return handle
            self._waiting.push(handle)
            self._wake.notify()
        return handle

    def close(self, timeout: float = 30.0) -> None:
        """Stop taking tasks, cancel the waiting ones, and close the model on its thread."""
        with self._wake:
            self._stopping = True
            if self._current is not None:
                self._current.cancel.cancel()
            self._wake.notify()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _main(self) -> None:
        try:
            backend, self._info = self._opener()
        except BaseException as exc:
            self._load_error = exc
            self._loaded.set()
            return
        self._loaded.set()
        try:
            while True:
                with self._wake:
                    while not self._stopping and not len(self._waiting):
                        self._wake.wait()
                    if self._stopping:
                        break
                    handle = self._current = self._waiting.pop()
                if handle is not None:
                    handle.run(backend)
                with self._wake:
                    self._current = None
        finally:
            for handle in self._waiting.drain():
                handle.cancel.cancel()
                handle.run(backend)  # a cancelled task only reports Finished("cancelled")
            backend.close()
