"""A scripted backend that answers several requests at once and proves it (for the tasks' parallel tests)."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from assistant.core.backends.scripted import ScriptedBackend
from assistant.core.cancel import CancelToken
from assistant.core.types import Event, GenerationRequest, Message, ModelSpec

WAIT = 10.0  # seconds before a broken test fails instead of hanging (never reached when it passes)


def step_threads() -> list[threading.Thread]:
    """The helper's worker threads still alive."""
    return [t for t in threading.enumerate() if t.name.startswith("quill-step")]


class OverlapBackend(ScriptedBackend):
    """A ScriptedBackend with ``parallel`` = 3 whose streams may run on several threads at once.

    ``together``: the first that many streams wait for each other before their first token, so a
    test that passes proves they were open at the same time. ``most`` is the most streams ever open
    at once. Only ``stream`` may be called from other threads than the one that made it (what the
    engine promises); ``count_tokens`` and ``render`` from another thread fail the test.
    """

    parallel = 3

    def __init__(self, *args: object, together: int = 0, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._lock = threading.Lock()
        self._barrier = threading.Barrier(together) if together else None
        self._together = together
        self._opened = 0
        self.open = 0
        self.most = 0
        self._owner = threading.current_thread()
        self._inside = threading.local()  # set while stream() runs on this thread (it counts its prompt)

    def _check_thread(self, what: str) -> None:
        if not getattr(self._inside, "stream", False):
            assert threading.current_thread() is self._owner, f"{what} was called from another thread"

    def count_tokens(self, text: str) -> int:
        self._check_thread("count_tokens")
        return super().count_tokens(text)

    def render(self, messages: Sequence[Message], variables: Mapping[str, Any] | None = None) -> str:
        self._check_thread("render")
        return super().render(messages, variables)

    def stream(self, request: GenerationRequest, cancel: CancelToken) -> Iterator[Event]:
        with self._lock:  # the script (its list of requests, its turn) is shared between threads
            self._inside.stream = True
            try:
                events = super().stream(request, cancel)
            finally:
                self._inside.stream = False
            self._opened += 1
            waits = self._barrier is not None and self._opened <= self._together
        return self._tracked(events, waits)

    def _tracked(self, events: Iterator[Event], waits: bool) -> Iterator[Event]:
        with self._lock:
            self.open += 1
            self.most = max(self.most, self.open)
        try:
            if waits and self._barrier is not None:
                self._barrier.wait(WAIT)
            yield from events
        finally:
            with self._lock:
                self.open -= 1


def loaded(backend: ScriptedBackend) -> ScriptedBackend:
    backend.load(ModelSpec(Path("scripted.gguf")))
    return backend
