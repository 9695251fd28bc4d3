"""The app's handle on the engine: a thin Qt adapter over ``core/engine/engine.py``.

The engine's own thread owns the model; each task runs on a thread of its own.
This adapter only relays: it hands tasks to the engine and brings their events
to the GUI thread as one signal, ``request_event(request_id, event)``. A Stop
sets the request's CancelToken directly from the GUI thread: a queued "stop"
would wait behind the very generation it is meant to stop.

Text leaves in batches (every ~40 ms), not one signal per token: hundreds of
signals a second would starve the GUI's event loop. Who receives the events
tells them apart by type in one place (TaskRunner, with a Dispatcher).
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot

from assistant.core.backends.base import Backend, ProgressCallback
from assistant.core.engine.choice import ModelChoice, open_model
from assistant.core.engine.engine import Engine
from assistant.core.engine.handles import Done, Task, TaskHandle
from assistant.core.engine.jobs import Priority
from assistant.core.types import Failed, Finished, ModelInfo, ReasoningDelta, RequestEvent, TextDelta

log = logging.getLogger(__name__)

BATCH_SECONDS = 0.04

BackendFactory = Callable[[ModelChoice, ProgressCallback], tuple[Backend, ModelInfo]]

__all__ = ["BackendFactory", "EngineClient", "Task"]


class _Relay(QObject):
    """Signals emitted on the engine's and the tasks' threads, received queued on the GUI thread."""

    loading = Signal(str)
    load_progress = Signal(float)
    load_done = Signal(object, object)  # ModelInfo or None, exception or None
    request_event = Signal(int, object)


class _TextBatcher:
    """A task's sink: events out one by one, text (and reasoning) joined into pieces at most every
    BATCH_SECONDS; a piece of the other kind sends what was pending first, so the order holds."""

    def __init__(self, request_id: int, relay: _Relay) -> None:
        self._id = request_id
        self._relay = relay
        self._pending: list[str] = []
        self._kind: type = TextDelta
        self._tokens = 0  # of the pending reasoning
        self._last = 0.0  # the first piece goes out at once: the user sees the reply start
        self._lock = threading.Lock()

    def __call__(self, item: object) -> None:
        with self._lock:
            if isinstance(item, TextDelta | ReasoningDelta):
                if type(item) is not self._kind:
                    self._flush()
                    self._kind = type(item)
                self._pending.append(item.text)
                self._tokens += item.tokens if isinstance(item, ReasoningDelta) else 0
                now = time.monotonic()
                if now - self._last >= BATCH_SECONDS:
                    self._flush()
                    self._last = now
                return
            self._flush()
            if isinstance(item, Done):
                return
            event = Failed(item) if isinstance(item, Exception) else item
            self._relay.request_event.emit(self._id, event)

    def _flush(self) -> None:
        if self._pending:
            text = "".join(self._pending)
            piece = ReasoningDelta(text, self._tokens) if self._kind is ReasoningDelta else TextDelta(text)
            self._relay.request_event.emit(self._id, piece)
            self._pending.clear()
            self._tokens = 0


class EngineClient(QObject):
    """The GUI's handle on the engine: load, run tasks, stop, shut down. Lives on the GUI thread.

    Signals (delivered on the GUI thread):
        model_loading(str): a model started loading (its label).
        model_progress(float): 0.0 .. 1.0.
        model_loaded(object): the ModelInfo of the model now in use.
        model_failed(object): the exception; the previous model, if any, stays loaded.
        request_event(int, object): a request's id and its next event: a task's own events (TextDelta batched,
            Trimmed, Progress, Notice, Planned, VersionStarted, Finished) or Failed (the exception). Each
            request ends with exactly one Finished or Failed.
    """

    model_loading = Signal(str)
    model_progress = Signal(float)
    model_loaded = Signal(object)
    model_failed = Signal(object)
    request_event = Signal(int, object)

    def __init__(self, factory: BackendFactory = open_model, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._factory = factory
        self._ids = itertools.count(1)
        self._handles: dict[int, TaskHandle] = {}
        self.model_info: ModelInfo | None = None
        self.core = Engine()
        self._relay = _Relay()
        queued = Qt.ConnectionType.QueuedConnection
        self._relay.loading.connect(self.model_loading, queued)
        self._relay.load_progress.connect(self.model_progress, queued)
        self._relay.load_done.connect(self._on_load_done, queued)
        self._relay.request_event.connect(self._on_event, queued)
        self._running = True

    @property
    def busy(self) -> bool:
        return bool(self._handles)

    def load(self, choice: ModelChoice) -> None:
        """Load ``choice`` once the tasks running now have ended; model_loaded or model_failed follows."""
        relay, factory = self._relay, self._factory

        def opener(keep_going: ProgressCallback) -> tuple[Backend, ModelInfo]:
            relay.loading.emit(choice.label)

            def progress(fraction: float) -> bool:
                relay.load_progress.emit(fraction)
                return keep_going(fraction) is not False

            return factory(choice, progress)

        self.core.load(opener, lambda info, error: relay.load_done.emit(info, error))

    def run(self, task: Task, priority: Priority = Priority.INTERACTIVE) -> int:
        """Start a task; returns its id (its events carry it)."""
        request_id = next(self._ids)
        # Its events reach _on_event queued, on this thread, so the handle is known before the first.
        self._handles[request_id] = self.core.submit("app", task, _TextBatcher(request_id, self._relay), priority)
        return request_id

    def stop(self, request_id: int | None = None) -> None:
        """Stop one request (or all): its reply ends within one token."""
        for rid, handle in list(self._handles.items()):
            if request_id is None or rid == request_id:
                handle.cancel.cancel()

    def shutdown(self, timeout_ms: int = 15000) -> bool:
        """Stop everything, close the model on its own thread, and wait for the thread to end."""
        if not self._running:
            return True
        self._running = False
        self.stop()
        self.core.close(timeout_ms / 1000)
        return True

    @Slot(object, object)
    def _on_load_done(self, info: ModelInfo | None, error: BaseException | None) -> None:
        if error is not None or info is None:
            self.model_failed.emit(error)
            return
        self.model_info = info
        self.model_loaded.emit(info)

    @Slot(int, object)
    def _on_event(self, request_id: int, event: RequestEvent) -> None:
        if isinstance(event, Finished | Failed):
            self._handles.pop(request_id, None)
        self.request_event.emit(request_id, event)
