"""A submitted task, as its submitter sees it: its cancel token and a thread-safe way to get its events.

A task is any core function bound to its inputs: ``(backend, cancel) -> Iterator[Event]``
(chat, summarize, translate, write, an API request). The engine (``core/engine/engine.py``)
runs each on a thread of its own; :class:`TaskHandle` carries what it yields to a sink
(a Qt signal relay, an asyncio loop) or keeps it for :meth:`TaskHandle.events`.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Protocol

from assistant.core.backends.base import Backend
from assistant.core.cancel import AnyOf, CancelToken
from assistant.core.errors import UserFacingError
from assistant.core.types import Event, Finished, ModelInfo

log = logging.getLogger(__name__)

Task = Callable[[Backend, CancelToken], Iterator[Event]]
Sink = Callable[[object], None]


class ModelFree:
    """A task that runs with or without a model loaded (indexing the Library: reading files and a separate
    embedding model need no chat model). Without one, its backend's ``info`` is None and generating fails."""

    def __init__(self, task: Task) -> None:
        self._task = task

    def __call__(self, backend: Backend, cancel: CancelToken) -> Iterator[Event]:
        return self._task(backend, cancel)


def needs_model(task: Task) -> bool:
    return not isinstance(task, ModelFree)


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
        cancel = self.cancel if also is None else AnyOf(self.cancel, also)
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


class TaskExecutor(Protocol):
    """Something that runs tasks with the model: the engine (core/engine/engine.py)."""

    @property
    def model_info(self) -> ModelInfo | None: ...

    def submit(self, source: str, task: Task, sink: Sink | None = None) -> TaskHandle:
        """Run ``task`` with the model; its events go to ``sink`` (or stay for ``events``)."""
        ...
