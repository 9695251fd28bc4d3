"""The engine's thread: one EngineWorker owns the model for its whole life.

llama.cpp contexts are not thread-safe, and with the default OpenMP build a
model decoded from two threads becomes 3-5x slower, so one QThread loads,
generates and closes. The GUI talks to it only through queued signals, and
stops a reply by setting the request's CancelToken directly: a queued "stop"
would wait behind the very generation it is meant to stop.

A request's events leave through one signal, ``request_event(request_id, event)``, as
the task yielded them (a raised exception becomes a Failed event), except that
text leaves in batches (every ~40 ms), not one signal per token: hundreds of
signals a second would starve the GUI's event loop. Who receives them tells
them apart by type in one place (TaskRunner, with a Dispatcher).
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, QThread, Signal, Slot

from assistant.core.backends.base import Backend, ProgressCallback
from assistant.core.cancel import CancelToken
from assistant.core.engine.choice import ModelChoice, open_model
from assistant.core.errors import NoModelError, UserFacingError
from assistant.core.types import Event, Failed, Finished, ModelInfo, RequestEvent, TextDelta

log = logging.getLogger(__name__)

BATCH_SECONDS = 0.04

BackendFactory = Callable[[ModelChoice, ProgressCallback], tuple[Backend, ModelInfo]]
# A task is any core function bound to its inputs: it gets the backend and a cancel token, and
# yields events. Chat, summarize, translate and write all run as tasks on the engine thread.
Task = Callable[[Backend, CancelToken], Iterator[Event]]


class EngineWorker(QObject):
    """Runs on the engine thread. Commands arrive as ``*_requested`` signals (queued).

    Signals:
        loading(str): a model started loading (its path).
        load_progress(float): 0.0 .. 1.0.
        loaded(object): the ModelInfo of the model now in use.
        load_failed(object): the exception; the previous model, if any, stays loaded.
        request_event(int, object): a request's id and its next event: a task's own events (TextDelta batched,
            Trimmed, Progress, Notice, Planned, VersionStarted, Finished) or Failed (the exception). Each
            request ends with exactly one Finished or Failed.
        closed(): the model is closed and the thread is about to stop.
    """

    load_requested = Signal(object)
    task_requested = Signal(int, object, object)
    close_requested = Signal()

    loading = Signal(str)
    load_progress = Signal(float)
    loaded = Signal(object)
    load_failed = Signal(object)
    request_event = Signal(int, object)
    closed = Signal()

    def __init__(self, factory: BackendFactory) -> None:
        super().__init__()
        self._factory = factory
        self._backend: Backend | None = None
        self.closing = threading.Event()  # set from the GUI thread: a model being loaded stops loading
        self.load_requested.connect(self._load)
        self.task_requested.connect(self._run)
        self.close_requested.connect(self._close)

    @Slot(object)
    def _load(self, choice: ModelChoice) -> None:
        self.loading.emit(choice.label)
        try:
            backend, info = self._factory(choice, self._on_load_progress)
        except Exception as exc:
            log.warning("model load failed: %s", exc, exc_info=not isinstance(exc, UserFacingError))
            self.load_failed.emit(exc)
            return
        if self._backend is not None:
            self._backend.close()
        self._backend = backend
        self.loaded.emit(info)

    def _on_load_progress(self, fraction: float) -> bool:
        self.load_progress.emit(fraction)
        return not self.closing.is_set()

    @Slot(int, object, object)
    def _run(self, request_id: int, task: Task, cancel: CancelToken) -> None:
        if cancel.cancelled:
            self.request_event.emit(request_id, Finished("cancelled"))
            return
        if self._backend is None:
            self.request_event.emit(request_id, Failed(NoModelError("No model is loaded; choose one in Settings.")))
            return
        pending: list[str] = []
        last_emit = 0.0  # the first piece goes out at once: the user sees the reply start
        try:
            for event in task(self._backend, cancel):
                if isinstance(event, TextDelta):
                    pending.append(event.text)
                    now = time.monotonic()
                    if now - last_emit >= BATCH_SECONDS:
                        self.request_event.emit(request_id, TextDelta("".join(pending)))
                        pending.clear()
                        last_emit = now
                    continue
                if pending:
                    self.request_event.emit(request_id, TextDelta("".join(pending)))
                    pending.clear()
                self.request_event.emit(request_id, event)
        except Exception as exc:
            if pending:
                self.request_event.emit(request_id, TextDelta("".join(pending)))
            log.warning("request %d failed: %s", request_id, exc, exc_info=not isinstance(exc, UserFacingError))
            self.request_event.emit(request_id, Failed(exc))

    @Slot()
    def _close(self) -> None:
        if self._backend is not None:
            self._backend.close()
            self._backend = None
        self.closed.emit()
        thread = self.thread()
        if thread is not None:
            thread.quit()


class EngineClient(QObject):
    """The GUI's handle on the engine thread: load, run tasks, stop, shut down. Lives on the GUI thread.

    Signals (relayed from the worker, delivered on the GUI thread):
        model_loading(str), model_progress(float), model_loaded(object), model_failed(object):
            as the worker's loading, load_progress, loaded and load_failed.
        request_event(int, object): a request's id and its next event (see EngineWorker).
    """

    model_loading = Signal(str)
    model_progress = Signal(float)
    model_loaded = Signal(object)
    model_failed = Signal(object)
    request_event = Signal(int, object)

    def __init__(self, factory: BackendFactory = open_model, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._cancels: dict[int, CancelToken] = {}
        self.model_info: ModelInfo | None = None
        self._thread = QThread()
        self._thread.setObjectName("QuillEngine")
        self._worker = EngineWorker(factory)
        self._worker.moveToThread(self._thread)
        self._worker.loading.connect(self.model_loading)
        self._worker.load_progress.connect(self.model_progress)
        self._worker.loaded.connect(self._on_loaded)
        self._worker.load_failed.connect(self.model_failed)
        self._worker.request_event.connect(self._on_event)
        self._thread.start()
        self._running = True

    @property
    def engine_thread(self) -> QThread:
        return self._thread

    @property
    def busy(self) -> bool:
        return bool(self._cancels)

    def load(self, choice: ModelChoice) -> None:
        self._worker.load_requested.emit(choice)

    def run(self, task: Task) -> int:
        """Queue a task for the engine thread; returns its id (its events carry it)."""
        request_id = next(self._ids)
        cancel = CancelToken()
        self._cancels[request_id] = cancel
        self._worker.task_requested.emit(request_id, task, cancel)
        return request_id

    def stop(self, request_id: int | None = None) -> None:
        """Stop one request (or all): its reply ends within one token."""
        for rid, cancel in list(self._cancels.items()):
            if request_id is None or rid == request_id:
                cancel.cancel()

    def shutdown(self, timeout_ms: int = 15000) -> bool:
        """Stop everything, close the model on its own thread, and wait for the thread to end."""
        if not self._running:
            return True
        self._running = False
        self.stop()
        self._worker.closing.set()
        self._worker.close_requested.emit()
        done = self._thread.wait(timeout_ms)
        if not done:
            log.error("the engine thread did not stop within %d ms", timeout_ms)
        return bool(done)

    def _on_loaded(self, info: ModelInfo) -> None:
        self.model_info = info
        self.model_loaded.emit(info)

    def _on_event(self, request_id: int, event: RequestEvent) -> None:
        if isinstance(event, Finished | Failed):
            self._cancels.pop(request_id, None)
        self.request_event.emit(request_id, event)
