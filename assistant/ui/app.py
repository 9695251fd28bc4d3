"""The composition root: the one place that creates the application and wires every object.

``create_app(argv)`` builds the QApplication and the main window without
entering the event loop (tests and automation use it); ``main(argv)`` adds the
single-instance check, shows the window and runs the loop. With ``QUILL_HOME``
set, nothing outside that folder is touched.
"""

from __future__ import annotations

import argparse
import faulthandler
import logging
import sys
import types
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TextIO

from PySide6.QtCore import QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from assistant.core.errors import UserFacingError
from assistant.core.logs import setup_logging
from assistant.core.paths import QuillPaths, quill_paths
from assistant.core.resources import resource_path
from assistant.core.settings import load_settings, thinking_default, with_thinking_default
from assistant.core.stores.drafts import DraftStore
from assistant.core.stores.history import HistoryStore
from assistant.core.stores.summary_cache import DiskCache
from assistant.core.types import Finished
from assistant.ui import window_state
from assistant.ui.controller import AppController, CurrentSettings, usable_models
from assistant.ui.i18n import choose_language, install_translators, shown
from assistant.ui.long_jobs import LongJobs
from assistant.ui.main_window import MainWindow
from assistant.ui.model_services import ModelServices
from assistant.ui.panes.chat import ChatPane
from assistant.ui.panes.library import LibraryPane
from assistant.ui.panes.summarize import SummarizePane
from assistant.ui.panes.translate import TranslatePane
from assistant.ui.panes.write import WritePane
from assistant.ui.serve import ApiService
from assistant.ui.single_instance import InstanceServer, ask_running_instance, server_name
from assistant.ui.theme import apply_theme
from assistant.ui.worker import BackendFactory, EngineClient

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    """Everything create_app made, kept alive together (Qt objects die with their last reference)."""

    app: QApplication
    paths: QuillPaths
    settings: CurrentSettings
    store: HistoryStore
    engine: EngineClient
    services: ModelServices
    api: ApiService
    window: MainWindow
    controller: AppController
    jobs: LongJobs
    translators: list[QTranslator] = field(default_factory=list)

    def close(self) -> None:
        """Stop the API server, pause downloads, stop the engine thread, close the history and take
        this app's translations back out."""
        self.api.stop()
        self.jobs.clear()  # the taskbar shows no progress of a window that is gone
        self.services.shutdown()
        self.engine.shutdown()
        self.window.library.close_store()
        self.window.chat.close_library()
        self.store.close()
        for translator in self.translators:
            self.app.removeTranslator(translator)
        self.translators = []


def parse_gui_args(argv: Sequence[str]) -> argparse.Namespace:
    from assistant.cli.gui import parse_gui_args as parse  # the flags are declared once, with the CLI's help

    return parse(argv)  # Qt's own options (-platform ...) pass through


def create_app(argv: Sequence[str] | None = None, *, backend_factory: BackendFactory | None = None) -> AppContext:
    """Build the application and its main window (not shown, no event loop yet)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_gui_args(argv)
    paths = quill_paths().ensure()
    setup_logging(paths.log_file)

    app = QApplication.instance() or QApplication(["quill", *argv])
    assert isinstance(app, QApplication)
    app.setApplicationName("Quill")
    app.setOrganizationName("Quill")
    app.setDesktopFileName("io.github.quillapp.Quill")
    app.setWindowIcon(QIcon(str(resource_path("icons", "quill.svg"))))

    loaded = load_settings(paths.settings_file)
    settings = CurrentSettings(loaded.settings, paths.settings_file)
    language = choose_language(args.lang or loaded.settings.ui_language)
    translators = install_translators(app, language)
    apply_theme(app, args.theme or loaded.settings.theme)

    store = HistoryStore(paths.history_db)
    engine = EngineClient(backend_factory) if backend_factory else EngineClient()
    services = ModelServices(settings.get, paths.models_dir)
    embedder_path = settings.embedding_model  # Settings → Library; None: keywords only
    try:
        window = MainWindow(
            engine,
            ChatPane(
                store,
                engine,
                settings.generation_params,
                settings.system_prompt,
                library_db=paths.library_db,
                embedder_path=embedder_path,
                thinking_default=lambda model: thinking_default(settings.get(), model),
                remember_thinking=lambda model, on: _remember_thinking(settings, model, on),
            ),
            SummarizePane(engine, DiskCache(paths.cache_dir / "summaries")),
            TranslatePane(engine, paths.config_dir / "glossary.txt"),
            WritePane(engine, DraftStore(paths.data_dir)),
            lambda: [(m.name, m.path) for m in usable_models(services) if not m.is_embedding],
            LibraryPane(engine, paths.library_db, embedder_path, language=language),
        )
        api = ApiService(
            engine, settings.generation_params, embedding_model=lambda: settings.get().library_embedding_model
        )
        api.changed.connect(window.set_server_address)
        controller = AppController(
            app, window, settings, engine, services, api, language=language, default_models_dir=paths.models_dir
        )
        jobs = LongJobs(window, lambda: settings.get().notify_long_jobs)  # said when they end unseen
        jobs.follow(window.summarize.job, "summarize")
        jobs.follow(window.translate.job, "translate")
        jobs.follow_downloads(services.downloads)
        for notice in (window.translate.coverage, window.summarize.coverage):  # "get the model that speaks it"
            notice.models_requested.connect(controller.show_recommended)
        window_state.restore(window, loaded.settings.ui_state)  # geometry, splitters, last pane, options
        for warning in loaded.warnings:
            window.statusBar().showMessage(shown(warning), 15000)
        if store.interrupted_on_open:
            log.info("%d replies were cut off when Quill last stopped", store.interrupted_on_open)
        controller.start(args.model)
        window.library.resume_pending()  # indexing that a quit or a crash cut short carries on
    except BaseException:
        services.shutdown()
        engine.shutdown()  # never leave the engine thread running behind a half-built window
        store.close()
        raise

    context = AppContext(app, paths, settings, store, engine, services, api, window, controller, jobs, translators)
    app.aboutToQuit.connect(context.close)
    return context


def _remember_thinking(settings: CurrentSettings, model: str, on: bool) -> None:
    """Keep the thinking switch chosen for ``model`` as its default for new conversations."""
    try:
        settings.replace(with_thinking_default(settings.get(), model, on))
    except UserFacingError as exc:  # the choice holds for this run anyway
        log.warning("could not save the thinking default: %s", exc)


def _install_crash_logging(paths: QuillPaths) -> TextIO | None:
    """Uncaught exceptions go to the log (and a short message); hard crashes to crash.log."""

    def hook(kind: type[BaseException], value: BaseException, tb: types.TracebackType | None) -> None:
        log.critical("uncaught exception", exc_info=(kind, value, tb))
        if QApplication.instance() is not None and not isinstance(value, KeyboardInterrupt):
            QMessageBox.critical(
                None, "Quill", f"Something went wrong ({kind.__name__}); details are in {paths.log_file}."
            )

    sys.excepthook = hook
    try:
        crash_file = open(paths.log_dir / "crash.log", "a", encoding="utf-8")  # noqa: SIM115 (lives with the process)
    except OSError:
        return None
    faulthandler.enable(crash_file)
    return crash_file


def _no_display() -> bool:
    """On Linux and BSD, Qt aborts the process when there is no display to connect to: say so first."""
    import os

    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM"))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the desktop app; a second launch for the same data folder focuses the first one."""
    from assistant.cli.base import error, note, set_language  # a line on the terminal, in the user's language
    from assistant.core.i18n import msg

    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(parse_gui_args(argv).lang)
    if _no_display():
        error(
            msg(
                "no display found; start Quill from a desktop session, or use 'quill chat' "
                "in a terminal (QT_QPA_PLATFORM=offscreen runs the window without a screen)."
            )
        )
        return 1
    paths = quill_paths().ensure()
    setup_logging(paths.log_file)
    crash_file = _install_crash_logging(paths)

    app = QApplication.instance() or QApplication(["quill", *argv])  # the single-instance check needs it
    name = server_name(paths.data_dir)
    if ask_running_instance(name):
        note(msg("Quill is already running; its window was brought to the front."))
        return 0
    server = InstanceServer(name)
    if not server.listening:
        log.warning("could not claim the single-instance name %s; running anyway", name)

    context = create_app(argv)
    window = context.window
    server.activate_requested.connect(lambda: _bring_to_front(window))
    window.show()
    QTimer.singleShot(0, window.chat.input.setFocus)
    if context.controller.needs_welcome() and not parse_gui_args(argv).self_test:
        QTimer.singleShot(0, context.controller.open_welcome)  # the first run: what to use Quill for, one model
    if parse_gui_args(argv).self_test:
        _run_self_test(context.app, window)
    code = app.exec()
    del crash_file
    return int(code)


def _run_self_test(app: QApplication, window: MainWindow) -> None:
    """``quill --self-test``: the window is up; the model answers one message; exit 0 (1 on failure).

    Used by the bundle's smoke test and by anyone checking an install.
    """

    def finish(code: int, message: str) -> None:
        print(message, file=sys.stdout if code == 0 else sys.stderr, flush=True)
        window.close()
        app.exit(code)

    def ask(_info: object) -> None:
        window.chat.new_conversation()
        window.chat.input.setPlainText("Say hello in one short sentence.")
        window.chat.send()

    def done(finished: Finished) -> None:
        reply = window.chat.transcript.bubbles[-1].text if window.chat.transcript.bubbles else ""
        if reply.strip():
            finish(
                0,
                f"self-test ok: {window.engine.model_info.name if window.engine.model_info else '?'} "
                f"replied with {finished.stats.generated_tokens} tokens",
            )
        else:
            finish(1, "self-test failed: the reply was empty")

    window.engine.model_loaded.connect(ask)
    window.engine.model_failed.connect(lambda error: finish(1, f"self-test failed: {error}"))
    window.chat.reply_finished.connect(done)
    window.chat.reply_failed.connect(lambda message: finish(1, f"self-test failed: {message}"))


def _bring_to_front(window: MainWindow) -> None:
    window.showNormal()
    window.raise_()
    window.activateWindow()
