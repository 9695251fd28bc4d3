"""One engine task at a time for a pane, and only that task's events back.

Every pane runs its work on the engine thread the same way: start a task
(stopping the one before: the latest request wins), receive its events, ignore
everyone else's. This object is that plumbing, so panes only say what to do
with each kind of event of their own (``runner.on(TextDelta, self._on_text)``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from assistant.core.dispatch import Dispatcher
from assistant.core.engine.jobs import Priority
from assistant.core.types import Failed, Finished, RequestEvent
from assistant.ui.worker import EngineClient, Task

E = TypeVar("E")


class TaskRunner(QObject):
    """Runs its owner's tasks on the engine and hands their events to the handlers registered with ``on``.

    Signals:
        request_event(object): an event of the current task, after its handler ran (for observers and tests).
    """

    request_event = Signal(object)

    def __init__(
        self, engine: EngineClient, parent: QObject | None = None, priority: Priority = Priority.INTERACTIVE
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.priority = priority  # a chat reply or a draft goes before a document job
        self.request = 0
        self._dispatch = Dispatcher()
        engine.request_event.connect(self._on_event)

    def on(self, kind: type[E], handler: Callable[[E], object]) -> None:
        """Call ``handler`` with each event of ``kind`` (or a subclass) from this runner's tasks."""
        self._dispatch.on(kind, handler)

    @property
    def busy(self) -> bool:
        return self.request != 0

    def run(self, task: Task) -> int:
        """Start ``task``; a task of this runner still running is stopped first."""
        self.stop()
        self.request = self.engine.run(task, self.priority)
        return self.request

    def stop(self) -> None:
        if self.request:
            self.engine.stop(self.request)

    def _on_event(self, request_id: int, event: RequestEvent) -> None:
        if request_id != self.request or not request_id:
            return
        if isinstance(event, Finished | Failed):
            self.request = 0  # not busy any more when the handler runs (it may start the next task)
        self._dispatch(event)
        self.request_event.emit(event)
