"""The engine on the scripted backend: one thread owns the model, tasks run beside it, sources take turns."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assistant.core.backends.base import Backend
from assistant.core.backends.scripted import ScriptedBackend
from assistant.core.cancel import CancelToken
from assistant.core.engine.engine import Engine, Gate, Opener
from assistant.core.engine.jobs import Priority
from assistant.core.errors import GenerationError, NoModelError
from assistant.core.types import Event, Finished, GenerationRequest, Message, ModelInfo, ModelSpec, TextDelta

Task = Callable[[Backend, CancelToken], Iterator[Event]]


def _opener(backend: ScriptedBackend, seen: list[str] | None = None) -> Opener:
    def opener(_progress: object) -> tuple[Backend, ModelInfo]:
        if seen is not None:
            seen.append(threading.current_thread().name)
        return backend, backend.load(ModelSpec(Path("scripted.gguf")))

    return opener


def _chat(backend: Backend, cancel: CancelToken) -> Iterator[Event]:
    return backend.stream(GenerationRequest(messages=[Message("user", "hi")]), cancel)


def _text(events: list[Event]) -> str:
    return "".join(e.text for e in events if isinstance(e, TextDelta))


def test_the_model_opens_on_the_engine_thread_and_tasks_run_on_their_own() -> None:
    opened_on: list[str] = []
    engine = Engine(_opener(ScriptedBackend(("one two three",)), opened_on))
    info = engine.start()
    ran_on: list[str] = []

    def task(backend: Backend, cancel: CancelToken) -> Iterator[Event]:
        ran_on.append(threading.current_thread().name)
        yield from _chat(backend, cancel)

    try:
        events = list(engine.submit("api:1", task).events(timeout=10))
        assert info is not None and info.name == "Scripted"
        assert _text(events) == "one two three"
        assert isinstance(events[-1], Finished)
        assert opened_on == ["QuillEngine"] and ran_on == ["QuillTask"]
    finally:
        engine.close()
    assert not engine.alive
    assert not [t for t in threading.enumerate() if t.name in ("QuillEngine", "QuillTask")]


def test_a_busy_source_does_not_starve_another_and_interactive_goes_first() -> None:
    gate = threading.Event()
    engine = Engine(_opener(ScriptedBackend(("x",), on_token=lambda _i: gate.wait(10))))
    engine.start()
    order: list[str] = []
    asked = threading.Semaphore(0)

    def tagged(tag: str) -> Task:
        def task(backend: Backend, cancel: CancelToken) -> Iterator[Event]:
            asked.release()
            for event in _chat(backend, cancel):
                if isinstance(event, TextDelta):
                    order.append(tag)
                yield event

        return task

    def waiting() -> int:
        return len(engine._gate._waiting)

    try:
        handles = [engine.submit("greedy", tagged("greedy-0"))]  # holds the backend until the gate opens
        assert asked.acquire(timeout=10)
        for i, (source, tag, priority) in enumerate(
            [("greedy", f"greedy-{i}", Priority.API) for i in range(1, 4)]
            + [("polite", "polite", Priority.API), ("app", "chat", Priority.INTERACTIVE)]
        ):
            handles.append(engine.submit(source, tagged(tag), priority=priority))
            assert asked.acquire(timeout=10)
            while waiting() < i + 1:  # each is in line before the next comes
                threading.Event().wait(0.005)
        gate.set()
        for handle in handles:
            list(handle.events(timeout=10))
        # The one that ran first, then the chat reply, then the source with fewer turns, then the backlog.
        assert order == ["greedy-0", "chat", "polite", "greedy-1", "greedy-2", "greedy-3"]
    finally:
        engine.close()


def test_the_gate_lets_in_by_priority_then_turns() -> None:
    gate = Gate(1)
    never = CancelToken()
    assert gate.acquire(Priority.BACKGROUND, "doc", never)
    admitted: list[str] = []

    def wait(priority: Priority, source: str) -> threading.Thread:
        thread = threading.Thread(target=lambda: (gate.acquire(priority, source, never), admitted.append(source)))
        thread.start()
        return thread

    background = wait(Priority.BACKGROUND, "doc2")
    while len(gate._waiting) < 1:
        threading.Event().wait(0.005)
    api = wait(Priority.API, "api")
    while len(gate._waiting) < 2:  # both are in line before the place frees
        threading.Event().wait(0.005)
    gate.release()
    api.join(5)
    assert admitted == ["api"]
    gate.release()
    background.join(5)
    assert admitted == ["api", "doc2"]
    cancelled = CancelToken()
    cancelled.cancel()
    gate.release()
    assert not gate.acquire(Priority.API, "late", cancelled)


def test_errors_reach_the_asker_and_the_engine_goes_on() -> None:
    engine = Engine(_opener(ScriptedBackend()))
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


def test_closing_cancels_what_runs_and_refuses_what_comes_later() -> None:
    gate = threading.Event()
    engine = Engine(_opener(ScriptedBackend(("a b c",), on_token=lambda _i: gate.wait(10))))
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


def test_a_load_failure_is_raised_by_start_and_tasks_then_say_no_model() -> None:
    def opener(_progress: object) -> tuple[Backend, ModelInfo]:
        raise GenerationError("no such model")

    engine = Engine(opener)
    with pytest.raises(GenerationError, match="no such model"):
        engine.start()
    with pytest.raises(NoModelError):
        list(engine.submit("a", _chat).events(timeout=10))
    engine.close()


def test_a_load_waits_for_running_tasks_and_later_tasks_use_the_new_model() -> None:
    gate = threading.Event()
    first = ScriptedBackend(("old model",), on_token=lambda _i: gate.wait(10))
    second = ScriptedBackend(("new model",))
    engine = Engine(_opener(first))
    engine.start()
    loaded = threading.Event()
    try:
        running = engine.submit("a", _chat)
        engine.load(_opener(second), lambda info, error: loaded.set())
        later = engine.submit("a", _chat)
        gate.set()
        assert _text(list(running.events(timeout=10))) == "old model"
        assert _text(list(later.events(timeout=10))) == "new model"
        assert loaded.wait(10)
        assert first.info is None  # the old model was closed
    finally:
        engine.close()
