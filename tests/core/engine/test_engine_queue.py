"""The headless engine: one thread owns the backend; tasks from several sources take turns."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.core.backends.base import Backend
from assistant.core.backends.scripted import ScriptedBackend
from assistant.core.cancel import CancelToken
from assistant.core.engine.queue import EngineQueue, FairQueue, TaskHandle
from assistant.core.errors import GenerationError
from assistant.core.types import Event, Finished, GenerationRequest, Message, ModelInfo, ModelSpec, TextDelta


def _noop(_backend: Backend, _cancel: CancelToken) -> Iterator[Event]:
    yield Finished("stop")


def test_the_fair_queue_takes_sources_in_turn() -> None:
    fair = FairQueue()
    for name in ("a1", "a2", "a3", "b1", "c1", "b2"):
        fair.push(TaskHandle(name[0], _noop))
    order = []
    while (handle := fair.pop()) is not None:
        order.append(handle.source)
    assert order == ["a", "b", "c", "a", "b", "a"]


def _scripted_engine(**kw: object) -> tuple[EngineQueue, list[str]]:
    threads: list[str] = []

    def opener() -> tuple[Backend, ModelInfo]:
        threads.append(threading.current_thread().name)
        backend = ScriptedBackend(("one two three",), **kw)  # type: ignore[arg-type]
        return backend, backend.load(ModelSpec(Path("scripted.gguf")))

    return EngineQueue(opener), threads


def _chat(backend: Backend, cancel: CancelToken) -> Iterator[Event]:
    return backend.stream(GenerationRequest(messages=[Message("user", "hi")]), cancel)


def test_tasks_run_on_the_engine_thread_and_events_come_back() -> None:
    engine, threads = _scripted_engine()
    info = engine.start()
    seen: list[str] = []

    def task(backend: Backend, cancel: CancelToken) -> Iterator[Event]:
        seen.append(threading.current_thread().name)
        yield from _chat(backend, cancel)

    try:
        events = list(engine.submit("api:1", task).events(timeout=10))
        assert info.name == "Scripted"
        assert "".join(e.text for e in events if isinstance(e, TextDelta)) == "one two three"
        assert isinstance(events[-1], Finished)
        assert threads == seen == ["QuillEngine"]
    finally:
        engine.close()


def test_a_busy_client_does_not_starve_another() -> None:
    gate = threading.Event()
    engine, _ = _scripted_engine(on_token=lambda _i: gate.wait(10))
    engine.start()
    order: list[str] = []

    def tagged(tag: str):  # type: ignore[no-untyped-def]
        def task(backend: Backend, cancel: CancelToken) -> Iterator[Event]:
            order.append(tag)
            yield from _chat(backend, cancel)

        return task

    try:
        first = engine.submit("greedy", tagged("greedy-0"))  # holds the engine until the gate opens
        greedy = [engine.submit("greedy", tagged(f"greedy-{i}")) for i in range(1, 4)]
        polite = engine.submit("polite", tagged("polite"))
        gate.set()
        for handle in (first, *greedy, polite):
            list(handle.events(timeout=10))
        assert order.index("polite") == 1  # right after the task that was running, not after greedy's backlog
    finally:
        engine.close()


def test_errors_reach_the_asker_and_the_engine_goes_on() -> None:
    engine, _ = _scripted_engine()
    engine.start()

    def broken(_backend: Backend, _cancel: CancelToken) -> Iterator[Event]:
        raise GenerationError("boom")
        yield  # pragma: no cover

    try:
        with pytest.raises(GenerationError, match="boom"):
            list(engine.submit("a", broken).events(timeout=10))
        assert any(isinstance(e, Finished) for e in engine.submit("a", _chat).events(timeout=10))
    finally:
        engine.close()


def test_cancelled_before_running_and_closing_cancels_what_waits() -> None:
    gate = threading.Event()
    engine, _ = _scripted_engine(on_token=lambda _i: gate.wait(10))
    engine.start()
    running = engine.submit("a", _chat)
    waiting = engine.submit("b", _chat)
    waiting.cancel.cancel()
    closer = threading.Thread(target=engine.close)
    closer.start()
    gate.set()
    closer.join(10)
    assert [e for e in running.events(timeout=10) if isinstance(e, Finished)][0].reason == "cancelled"
    assert [e.reason for e in waiting.events(timeout=10) if isinstance(e, Finished)] == ["cancelled"]
    late = engine.submit("c", _chat)
    with pytest.raises(GenerationError, match="shutting down"):
        list(late.events(timeout=10))


def test_a_load_failure_is_raised_by_start() -> None:
    def opener() -> tuple[Backend, ModelInfo]:
        raise GenerationError("no such model")

    with pytest.raises(GenerationError, match="no such model"):
        EngineQueue(opener).start()
