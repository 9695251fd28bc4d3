"""Engine.interactive_idle: background work (Library embedding) can wait while a chat reply streams."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

from assistant.core.backends.base import Backend
from assistant.core.backends.scripted import ScriptedBackend
from assistant.core.cancel import CancelToken
from assistant.core.engine.engine import Engine
from assistant.core.engine.jobs import Priority
from assistant.core.types import Event, GenerationRequest, Message, ModelInfo, ModelSpec


def _engine(backend: ScriptedBackend) -> Engine:
    def opener(_progress: object) -> tuple[Backend, ModelInfo]:
        return backend, backend.load(ModelSpec(Path("scripted.gguf")))

    engine = Engine(opener)
    engine.start()
    return engine


def test_background_work_waits_while_an_interactive_reply_streams() -> None:
    gate = threading.Event()
    streaming = threading.Event()

    def on_token(_index: int) -> None:
        streaming.set()
        gate.wait(10)

    engine = _engine(ScriptedBackend(("one two three",), on_token=on_token))
    seen: list[bool] = []

    def chat(backend: Backend, cancel: CancelToken) -> Iterator[Event]:
        yield from backend.stream(GenerationRequest(messages=[Message("user", "hi")]), cancel)

    def background(backend: Backend, cancel: CancelToken) -> Iterator[Event]:
        wait = backend.wait_interactive_idle  # type: ignore[attr-defined]
        seen.append(wait(0.05))  # the chat reply is streaming: not idle
        gate.set()
        seen.append(wait(10))  # it ends: idle
        return iter(())

    try:
        assert engine.wait_interactive_idle(0)  # nothing runs yet
        reply = engine.submit("app", chat, priority=Priority.INTERACTIVE)
        assert streaming.wait(10)
        assert not engine.interactive_idle.is_set()
        other = engine.submit("library", background, priority=Priority.BACKGROUND)
        list(other.events(timeout=10))
        list(reply.events(timeout=10))
        assert seen == [False, True]
        assert engine.interactive_idle.is_set()
    finally:
        gate.set()
        engine.close()


def test_background_generations_do_not_count_as_interactive() -> None:
    gate = threading.Event()
    streaming = threading.Event()

    def on_token(_index: int) -> None:
        streaming.set()
        gate.wait(10)

    engine = _engine(ScriptedBackend(("a b",), on_token=on_token))

    def summary(backend: Backend, cancel: CancelToken) -> Iterator[Event]:
        yield from backend.stream(GenerationRequest(messages=[Message("user", "hi")]), cancel)

    try:
        handle = engine.submit("summarize", summary, priority=Priority.BACKGROUND)
        assert streaming.wait(10)
        assert engine.wait_interactive_idle(0)
        gate.set()
        list(handle.events(timeout=10))
    finally:
        gate.set()
        engine.close()
