"""Blocking calls (the Hub, hashing, copying a model) on Python threads, results back on the GUI thread.

These never touch the model, so they stay off the engine thread, which must remain free to
chat. A result or error travels back as a queued signal and is handed to the caller's
callback on the GUI thread; if the owner has been destroyed meanwhile, it is dropped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from assistant.core.errors import UserFacingError

log = logging.getLogger(__name__)


class Background(QObject):
    """Runs functions on daemon threads and calls back on the thread this object lives in.

    Signals:
        _done(object, object): a callback and the result to give it (internal).
    """

    _done = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._threads: list[threading.Thread] = []
        self._done.connect(self._deliver)

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        name: str = "QuillBackground",
    ) -> threading.Thread:
        """Start ``work()``; ``on_done(result)`` or ``on_error(exc)`` later runs on the GUI thread."""

        def target() -> None:
            try:
                result = work()
            except BaseException as exc:  # noqa: BLE001 - handed to the caller, who decides what to show
                if not isinstance(exc, UserFacingError):
                    log.warning("%s failed: %s", name, exc, exc_info=True)
                self._emit(on_error, exc)
                return
            self._emit(on_done, result)

        self._threads = [t for t in self._threads if t.is_alive()]
        thread = threading.Thread(target=target, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()
        return thread

    def _emit(self, callback: Callable[[Any], None], value: Any) -> None:
        try:
            self._done.emit(callback, value)
        except RuntimeError:  # the owner (and this object) was deleted: nobody is waiting
            pass

    @Slot(object, object)
    def _deliver(self, callback: Callable[[Any], None], value: Any) -> None:
        callback(value)

    @property
    def busy(self) -> bool:
        return any(t.is_alive() for t in self._threads)

    def join(self, timeout: float = 10.0) -> None:
        """Wait for the threads started so far (tests and shutdown)."""
        for thread in list(self._threads):
            thread.join(timeout)
