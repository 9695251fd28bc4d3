"""GUI fixtures: the real app built by create_app, on a scripted backend unless a test asks for the model."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from assistant.core.backends.scripted import ScriptedBackend
from assistant.core.engine.choice import ModelChoice
from assistant.core.types import ModelInfo, ModelSpec
from assistant.ui.app import AppContext, create_app
from assistant.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def english_core_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Core messages in English unless a test's app chooses another language: the language is the
    process's (set when an app installs its translators), and a dialog made alone installs none."""
    from assistant.ui import i18n

    monkeypatch.setattr(i18n, "_shown_language", "en")


@pytest.fixture(autouse=True)
def delete_leftover_windows(qapp: QApplication) -> Iterator[None]:
    """Delete the top-level widgets a test leaves (after its own fixtures closed them).

    A closed window is only hidden: its widgets (~350 for Quill's window) would stay in the process
    for the rest of the session, and every later theme change re-polishes all of them (40 s a test
    near the end of the suite) and every later test's events pass through more objects.
    """
    before = {id(w) for w in qapp.topLevelWidgets()}
    yield
    for widget in qapp.topLevelWidgets():
        if id(widget) not in before:
            widget.close()
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


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


class AppFactory:
    """Builds Quill's window with create_app, on a ScriptedBackend unless ``real=True``.

    ``backends`` are the scripted backends made so far (the engine makes one per model load);
    ``context(window)`` is everything create_app made for that window.
    """

    def __init__(self, qtbot: object) -> None:
        self._qtbot = qtbot
        self.backends: list[ScriptedBackend] = []
        self.contexts: list[AppContext] = []

    def __call__(
        self,
        replies: tuple[str, ...] = ("Hello! How can I help you today?",),
        *,
        n_ctx: int = 2048,
        on_token: Callable[[int], None] | None = None,
        argv: list[str] | None = None,
        real: bool = False,
        wait_loaded: bool = True,
        model: Path | None = None,
    ) -> MainWindow:
        """``model``: a GGUF file whose chat template (and reasoning markers) the scripted backend takes."""

        def scripted(choice: ModelChoice, progress: Callable[[float], None]) -> tuple[ScriptedBackend, ModelInfo]:
            backend = ScriptedBackend(replies, n_ctx=n_ctx, on_token=on_token)
            self.backends.append(backend)
            return backend, backend.load(ModelSpec(model or Path("scripted.gguf")), progress)

        context = create_app(argv or [], backend_factory=None if real else scripted)
        self.contexts.append(context)
        window = context.window
        window.show()
        if wait_loaded and window.engine.model_info is None:
            self._qtbot.waitSignal(window.engine.model_loaded, timeout=30000).wait()  # type: ignore[attr-defined]
        return window

    def context(self, window: MainWindow) -> AppContext:
        return next(c for c in self.contexts if c.window is window)


@pytest.fixture
def make_app(qapp: QApplication, qtbot: object) -> Iterator[AppFactory]:
    """Build Quill's window (see AppFactory); closes every window it made after the test."""
    factory = AppFactory(qtbot)
    yield factory
    for context in factory.contexts:
        context.window.close()
        context.close()
        assert not context.engine.core.alive, "the engine thread outlived its window"
