"""One engine task at a time for a pane, and only that task's events back.

Every pane runs its work on the engine thread the same way: start a task
(stopping the one before: the latest request wins), receive its events, ignore
everyone else's. This object is that plumbing, so panes only say what to do
with their own events.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, SignalInstance

from assistant.core.types import Finished
from assistant.ui.worker import EngineClient, Task


class TaskRunner(QObject):
    """Signals (all for the current task only):
    text(str), trimmed(object), progress(object), notice(object), planned(object), finished(object),
    failed(object).
    """

    text = Signal(str)
    trimmed = Signal(object)
    progress = Signal(object)
    notice = Signal(object)
    planned = Signal(object)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, engine: EngineClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.request = 0
        engine.text_ready.connect(lambda rid, text: self._relay(rid, self.text, text))
        engine.trimmed.connect(lambda rid, event: self._relay(rid, self.trimmed, event))
        engine.progress.connect(lambda rid, event: self._relay(rid, self.progress, event))
        engine.notice.connect(lambda rid, event: self._relay(rid, self.notice, event))
        engine.planned.connect(lambda rid, event: self._relay(rid, self.planned, event))
        engine.finished.connect(self._on_finished)
        engine.failed.connect(self._on_failed)

    @property
    def busy(self) -> bool:
        return self.request != 0

    def run(self, task: Task) -> int:
        """Start ``task``; a task of this runner still running is stopped first."""
        self.stop()
        self.request = self.engine.run(task)
        return self.request

    def stop(self) -> None:
        if self.request:
            self.engine.stop(self.request)

    def _relay(self, request_id: int, signal: SignalInstance, payload: object) -> None:
        if request_id == self.request and request_id:
            signal.emit(payload)

    def _on_finished(self, request_id: int, finished: Finished) -> None:
        if request_id == self.request and request_id:
            self.request = 0
            self.finished.emit(finished)

    def _on_failed(self, request_id: int, error: object) -> None:
        if request_id == self.request and request_id:
            self.request = 0
            self.failed.emit(error)
