"""GUI fixtures: the real app built by create_app, on a scripted backend unless a test asks for the model."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from assistant.core.backends.scripted import ScriptedBackend
from assistant.core.engine.choice import ModelChoice
from assistant.core.types import ModelInfo, ModelSpec
from assistant.ui.app import create_app
from assistant.ui.main_window import MainWindow

AppFactory = Callable[..., MainWindow]


class Gate:
    """Holds a scripted reply at a token until the test releases it (no timing involved)."""

    def __init__(self, hold_at: int) -> None:
        self.hold_at = hold_at
        self._open = threading.Event()

    def __call__(self, index: int) -> None:
        if index >= self.hold_at:
            self._open.wait(timeout=30)

    def release(self) -> None:
        self._open.set()


@pytest.fixture
def make_app(qapp: QApplication, qtbot: object) -> Iterator[AppFactory]:
    """Build Quill's window on a ScriptedBackend (or the real engine with real=True); closes it after."""
    windows: list[MainWindow] = []
    backends: list[ScriptedBackend] = []

    def factory(
        replies: tuple[str, ...] = ("Hello! How can I help you today?",),
        *,
        n_ctx: int = 2048,
        on_token: Callable[[int], None] | None = None,
        argv: list[str] | None = None,
        real: bool = False,
        wait_loaded: bool = True,
    ) -> MainWindow:
        def scripted(choice: ModelChoice, progress: Callable[[float], None]) -> tuple[ScriptedBackend, ModelInfo]:
            backend = ScriptedBackend(replies, n_ctx=n_ctx, on_token=on_token)
            backends.append(backend)
            return backend, backend.load(ModelSpec(Path("scripted.gguf")), progress)

        app, window = create_app(argv or [], backend_factory=None if real else scripted)
        windows.append(window)
        window.show()
        if wait_loaded and window.engine.model_info is None:
            qtbot.waitSignal(window.engine.model_loaded, timeout=30000).wait()  # type: ignore[attr-defined]
        window.backends = backends  # type: ignore[attr-defined]
        return window

    yield factory
    for window in windows:
        window.close()
        window.context.close()  # type: ignore[attr-defined]
        assert not window.engine.engine_thread.isRunning(), "the engine thread outlived its window"
