"""The app's Serve toggle: other programs use the model the app has loaded, through the same engine thread.

The API server (``assistant/server``) runs uvicorn on its own thread; its
requests reach the app's EngineWorker through :class:`EngineBridge`, which
keeps at most one of them in the worker's queue at a time and picks the next
round-robin per client. A pane's request therefore waits behind at most one
API request, and API clients take turns among themselves: neither side starves
the other. Events go straight from the engine thread to the HTTP request (a
thread-safe sink), never through the GUI thread.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot

from assistant.core.backends.base import Backend
from assistant.core.cancel import CancelToken
from assistant.core.engine.queue import FairQueue, Sink, Task, TaskHandle
from assistant.core.errors import GenerationError
from assistant.core.types import Event, Failed, Finished, GenerationParams, ModelInfo, RequestEvent
from assistant.ui.worker import EngineClient

if TYPE_CHECKING:  # uvicorn and FastAPI load when the server first starts, not at start-up
    from assistant.server.runner import ApiServer

log = logging.getLogger(__name__)


class EngineBridge(QObject):
    """A TaskExecutor for the API server on top of the app's EngineClient. ``submit`` is safe from any thread."""

    _pump_requested = Signal()

    def __init__(self, engine: EngineClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._waiting = FairQueue()
        self._in_flight: tuple[int, TaskHandle] | None = None  # GUI thread only
        self._closed = False
        self._pump_requested.connect(self._pump, Qt.ConnectionType.QueuedConnection)
        engine.request_event.connect(self._on_engine_event)

    @property
    def model_info(self) -> ModelInfo | None:
        return self._engine.model_info

    def submit(self, source: str, task: Task, sink: Sink | None = None) -> TaskHandle:
        handle = TaskHandle(source, task, sink)
        if self._closed:
            handle.fail(GenerationError("Quill is closing."))
            return handle
        self._waiting.push(handle)
        self._pump_requested.emit()  # queued: runs on the GUI thread, where the EngineClient lives
        return handle

    @Slot()
    def _pump(self) -> None:
        if self._in_flight is not None or self._closed:
            return
        handle = self._waiting.pop()
        if handle is None:
            return
        request_id = self._engine.run(self._on_engine_thread(handle))
        self._in_flight = (request_id, handle)

    @staticmethod
    def _on_engine_thread(handle: TaskHandle) -> Task:
        def task(backend: Backend, engine_cancel: CancelToken) -> Iterator[Event]:
            handle.run(backend, also=engine_cancel)  # events go to the HTTP request directly
            yield Finished("stop")  # for the EngineClient's own bookkeeping; no pane listens to this id

        return task

    def _on_engine_event(self, request_id: int, event: RequestEvent) -> None:
        if self._in_flight is None or self._in_flight[0] != request_id or not isinstance(event, Finished | Failed):
            return
        handle = self._in_flight[1]
        self._in_flight = None
        if not handle.done.is_set():  # the worker never ran it (no model, or cancelled while queued)
            handle.end(event.error if isinstance(event, Failed) else Finished("cancelled"))
        self._pump()

    def close(self) -> None:
        """Refuse new requests and end the waiting ones (the app is closing)."""
        self._closed = True
        for handle in self._waiting.drain():
            handle.cancel.cancel()
            handle.fail(GenerationError("Quill is closing."))
        if self._in_flight is not None:
            self._in_flight[1].cancel.cancel()


class ApiService(QObject):
    """Starts and stops the OpenAI-compatible server on the app's engine.

    Signals:
        changed(str): the server's base URL when it starts, "" when it stops.
    """

    changed = Signal(str)

    def __init__(
        self, engine: EngineClient, params: Callable[[], GenerationParams], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.bridge = EngineBridge(engine, self)
        self._params = params
        self._server: ApiServer | None = None
        self.url = ""

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self, host: str, port: int) -> str:
        """Serve on ``host:port``; returns the base URL. Raises UserFacingError (e.g. the port is taken).

        Clients must send ``$QUILL_SERVE_API_KEY`` when it is set, as with ``quill serve``.
        """
        from assistant.server.api import create_api
        from assistant.server.runner import ApiServer, require_key_off_loopback

        self.stop()
        api_key = os.environ.get("QUILL_SERVE_API_KEY") or None
        require_key_off_loopback(host, api_key)
        api = create_api(self.bridge, self._params, api_key)
        server = ApiServer(api, host, port)
        self.url = server.start()
        self._server = server
        self.changed.emit(self.url)
        return self.url

    def stop(self) -> None:
        if self._server is None:
            return
        server, self._server = self._server, None
        server.stop()
        self.url = ""
        self.changed.emit("")
