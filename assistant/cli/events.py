"""The one loop that runs a task's events in a terminal; each command says what it prints through hooks.

Every task (chat, summarize, translate, write) is a generator of events, so the loop,
Ctrl+C handling, closing the backend and the "(stopped)" exit are the same for all of them;
only what is shown for each kind of event differs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from assistant.cli.base import note, on_ctrl_c, said, warn
from assistant.core.cancel import CancelToken
from assistant.core.dispatch import Dispatcher
from assistant.core.i18n import msg
from assistant.core.types import (
    Event,
    Finished,
    FinishReason,
    Notice,
    Planned,
    Progress,
    TextDelta,
    Trimmed,
    VersionStarted,
)

if TYPE_CHECKING:
    from assistant.core.backends.base import Backend

STOPPED = msg("(stopped)")


class Hooks:
    """What a command does with each kind of event. The defaults: progress and notices on stderr,
    everything else ignored. Override what the command shows differently."""

    def text(self, text: str) -> None:
        """A piece of the answer."""

    def planned(self, event: Planned) -> None:
        """What a long task is about to do."""

    def progress(self, event: Progress) -> None:
        note(f"[{event.done}/{event.total}] {said(event.label)}")

    def version_started(self, event: VersionStarted) -> None:
        """Write's version ``index`` of ``total`` begins."""

    def notice(self, event: Notice) -> None:
        warn(event.text)

    def trimmed(self, event: Trimmed) -> None:
        """Old messages were left out to fit the context."""

    def finished(self, event: Finished) -> None:
        """The last event of the stream."""

    def other(self, event: object) -> None:
        """An event kind this command does not know (newer tasks may add some)."""

    def end(self) -> None:
        """The task finished without being stopped: print what was held back."""


def drain(events: Iterable[Event], hooks: Hooks, cancel: CancelToken) -> FinishReason:
    """Hand every event to its hook, Ctrl+C cancelling; the stream's finish reason."""
    reasons: list[FinishReason] = ["stop"]

    def finished(event: Finished) -> None:
        reasons.append(event.reason)
        hooks.finished(event)

    dispatch = Dispatcher()
    dispatch.on(object, hooks.other)
    dispatch.on(TextDelta, lambda event: hooks.text(event.text))
    dispatch.on(Progress, hooks.progress)
    dispatch.on(VersionStarted, hooks.version_started)
    dispatch.on(Notice, hooks.notice)
    dispatch.on(Planned, hooks.planned)
    dispatch.on(Trimmed, hooks.trimmed)
    dispatch.on(Finished, finished)
    with on_ctrl_c(cancel.cancel):  # stops the reply within one token
        for event in events:
            dispatch(event)
    return reasons[-1]


def run_task(backend: Backend, task: Callable[[CancelToken], Iterable[Event]], hooks: Hooks) -> int:
    """Run one task to its end and close the backend: 0 when it finished, 130 when Ctrl+C stopped it."""
    cancel = CancelToken()
    try:
        reason = drain(task(cancel), hooks, cancel)
    finally:
        backend.close()
    if reason == "cancelled":
        note(STOPPED)
        return 130
    hooks.end()
    return 0
