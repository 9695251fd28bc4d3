"""The app's Serve toggle: other programs use the model the app has loaded, through the same engine.

The API server (``assistant/server``) runs uvicorn on its own thread and submits its
requests to the app's engine (``core/engine/engine.py``) as API work: the engine
decodes them together with the panes' requests, a chat reply first, API clients
next, document jobs last, clients taking turns among themselves. Events go straight
from the engine to the HTTP request (a thread-safe sink), never through the GUI thread.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from assistant.core.types import GenerationParams
from assistant.ui.worker import EngineClient

if TYPE_CHECKING:  # uvicorn and FastAPI load when the server first starts, not at start-up
    from assistant.server.runner import ApiServer

log = logging.getLogger(__name__)


class ApiService(QObject):
    """Starts and stops the OpenAI-compatible server on the app's engine.

    Signals:
        changed(str): the server's base URL when it starts, "" when it stops.
    """

    changed = Signal(str)

    def __init__(
        self,
        engine: EngineClient,
        params: Callable[[], GenerationParams],
        parent: QObject | None = None,
        embedding_model: Callable[[], str | None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._params = params
        self._embedding_model = embedding_model  # Settings → Library's choice, read at each request
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
        api = create_api(self._engine.core, self._params, api_key, embedding_model=self._embedding_model)
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
