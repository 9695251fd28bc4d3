"""Waiting on the engine's one event signal for one kind of event, and a chat task to run on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from assistant.core.backends.base import Backend
from assistant.core.cancel import CancelToken
from assistant.core.tasks.chat import chat
from assistant.core.types import Event, GenerationParams, Message
from assistant.ui.worker import Task


def of(kind: type) -> Callable[[int, object], bool]:
    """For ``qtbot.waitSignal(engine.request_event, check_params_cb=of(TextDelta))``: an event of ``kind``."""
    return lambda _request_id, event: isinstance(event, kind)


def chat_task(messages: Sequence[Message], params: GenerationParams) -> Task:
    """A chat reply to ``messages``, as the chat pane runs it."""
    conversation = list(messages)

    def task(backend: Backend, cancel: CancelToken) -> Iterator[Event]:
        return chat(backend, conversation, params, cancel)

    return task
