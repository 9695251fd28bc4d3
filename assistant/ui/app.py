"""The composition root: the one place that creates the application and wires every object.

``create_app(argv)`` builds the QApplication and the main window without
entering the event loop (tests and automation use it); ``main(argv)`` adds the
single-instance check, shows the window and runs the loop. With ``QUILL_HOME``
set, nothing outside that folder is touched.
"""

from __future__ import annotations

import argparse
import dataclasses
import faulthandler
import logging
import sys
import types
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from PySide6.QtCore import QCoreApplication, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from assistant.core.engine.choice import choose_engine, generation_params, gpu_offload_info
from assistant.core.errors import UserFacingError
from assistant.core.logs import setup_logging
from assistant.core.models.starter import find_starter_model
from assistant.core.paths import QuillPaths, quill_paths
from assistant.core.resources import resource_path
from assistant.core.settings import Settings, load_settings, save_settings
from assistant.core.stores.api_keys import store_api_key
from assistant.core.stores.drafts import DraftStore
from assistant.core.stores.history import HistoryStore
from assistant.core.stores.summary_cache import DiskCache
from assistant.ui.dialogs.settings import SettingsDialog
from assistant.ui.i18n import choose_language, install_translators
from assistant.ui.main_window import MainWindow
from assistant.ui.panes.chat import ChatPane
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
    store: HistoryStore
    engine: EngineClient
    window: MainWindow
    translators: list[QTranslator] = field(default_factory=list)
    keep: list[Any] = field(default_factory=list)
    api: ApiService | None = None
    models: Any = None  # the ModelServices (imported lazily: it pulls in gguf and numpy)

    def close(self) -> None:
        """Stop the API server, pause downloads, stop the engine thread, close the history and take
        this app's translations back out."""
        if self.api is not None:
            self.api.bridge.close()
            self.api.stop()
        if self.models is not None:
            self.models.shutdown()
        self.engine.shutdown()
        self.store.close()
        for translator in self.translators:
            self.app.removeTranslator(translator)
        self.translators = []


def parse_gui_args(argv: Sequence[str]) -> argparse.Namespace:
    from assistant.cli.gui import parse_gui_args as parse  # the flags are declared once, with the CLI's help

    return parse(argv)  # Qt's own options (-platform ...) pass through


def create_app(
    argv: Sequence[str] | None = None, *, backend_factory: BackendFactory | None = None
) -> tuple[QApplication, MainWindow]:
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
    settings = loaded.settings
    language = choose_language(args.lang or settings.ui_language)
    translators = install_translators(app, language)
    apply_theme(app, args.theme or settings.theme)

    store = HistoryStore(paths.history_db)
    engine = EngineClient(backend_factory) if backend_factory else EngineClient()
    state: dict[str, Any] = {"settings": settings, "switching": None, "models_dialog": None}
    from assistant.ui.model_services import ModelServices  # light: heavy parts load on first use

    services = ModelServices(lambda: state["settings"], paths.models_dir)
    try:

        def current_params() -> Any:
            return generation_params(state["settings"])

        chat = ChatPane(store, engine, current_params, lambda: state["settings"].system_prompt)

        def open_settings() -> None:
            dialog = SettingsDialog(
                state["settings"],
                window,
                models=usable_models(),
                offload=gpu_offload_info(),
                open_models=lambda: open_models(dialog),
                default_models_dir=paths.models_dir,
            )
            if not dialog.exec():
                return
            new = dialog.result_settings()
            old = state["settings"]
            chosen = new.model_path
            # Another model is saved only once it has loaded (see on_loaded): a failed switch keeps the old one.
            new = dataclasses.replace(new, model_path=old.model_path)
            state["settings"] = new
            try:
                save_settings(new, paths.settings_file)
            except UserFacingError as exc:
                QMessageBox.warning(window, QCoreApplication.translate("MainWindow", "Settings"), exc.message)
            if new.theme != old.theme:
                apply_theme(app, new.theme)
            new_key = dialog.remote_page.api_key()
            if new_key and new.remote_base_url:
                store_api_key(new.remote_base_url, new_key)
            remote_fields = ("backend", "remote_base_url", "remote_model", "remote_ca_file", "remote_n_ctx")
            remote_changed = any(getattr(new, f) != getattr(old, f) for f in remote_fields) or bool(
                new_key and new.backend == "remote"
            )
            model_fields = ("n_ctx", "n_threads", "n_gpu_layers", "chat_template_override")
            starter = find_starter_model()
            if new.backend == "remote":
                if chosen != old.model_path:  # remembered for when the local model is used again
                    new = state["settings"] = dataclasses.replace(new, model_path=chosen)
                    try:
                        save_settings(new, paths.settings_file)
                    except UserFacingError as exc:
                        window.statusBar().showMessage(exc.message, 15000)
                if remote_changed:
                    load_model(new, None)
            elif chosen != old.model_path and (chosen or starter):
                switch_model(Path(chosen) if chosen else starter)  # type: ignore[arg-type]
            elif (
                remote_changed
                or chosen != old.model_path
                or any(getattr(new, f) != getattr(old, f) for f in model_fields)
            ):
                load_model(dataclasses.replace(new, model_path=chosen), None)
            if (new.models_dir, new.discover_models) != (old.models_dir, old.discover_models) and state[
                "models_dialog"
            ]:
                state["models_dialog"].refresh_installed()
            serve_fields = ("serve_enabled", "serve_host", "serve_port")
            if any(getattr(new, f) != getattr(old, f) for f in serve_fields):
                apply_serving(new)

        def load_model(current: Settings, model_path: str | None) -> None:
            try:
                engine.load(choose_engine(current, model_path, backend="local" if model_path else None))
            except UserFacingError as exc:
                engine.model_failed.emit(exc)

        def apply_serving(current: Settings) -> None:
            """The Serve toggle: start (or move) the API server, or stop it."""
            api.stop()
            if not current.serve_enabled:
                return
            try:
                api.start(current.serve_host, current.serve_port)
            except UserFacingError as exc:
                window.statusBar().showMessage(exc.message, 15000)

        def usable_models() -> list[Any]:
            try:
                return [m for m in services.scan() if m.usable]
            except (OSError, UserFacingError) as exc:
                log.warning("could not list the installed models: %s", exc)
                return []

        def switch_model(path: Path) -> None:
            """Load ``path`` on the engine thread; it is saved in settings only once it has loaded."""
            state["switching"] = Path(path)
            load_model(state["settings"], str(path))

        def on_loaded(info: Any) -> None:
            wanted, state["switching"] = state["switching"], None
            if wanted is None or info.path is None or Path(info.path) != wanted:
                return
            starter = find_starter_model()
            model_path = None if starter is not None and Path(starter) == wanted else str(wanted)
            if model_path != state["settings"].model_path or state["settings"].backend != "local":
                # Choosing a model on this computer also leaves a remote server, if one was in use.
                state["settings"] = dataclasses.replace(state["settings"], model_path=model_path, backend="local")
                try:
                    save_settings(state["settings"], paths.settings_file)
                except UserFacingError as exc:
                    window.statusBar().showMessage(exc.message, 15000)

        def open_models(parent: Any = None) -> None:
            """The Models dialog: one shared window from the menus; a modal one over Settings."""
            from assistant.ui.dialogs.models import ModelsDialog  # numpy and gguf load here, not at start-up

            language_code = "zh_CN" if language.startswith("zh") else "en"
            if parent is not None:
                modal = ModelsDialog(services, switch_model, current_model, parent, language=language_code)
                engine.model_loaded.connect(modal.on_model_loaded)
                engine.model_failed.connect(modal.on_model_failed)
                modal.exec()
                parent.set_models(usable_models())
                modal.deleteLater()
                return
            dialog = state["models_dialog"]
            if dialog is None:
                dialog = ModelsDialog(services, switch_model, current_model, window, language=language_code)
                engine.model_loaded.connect(dialog.on_model_loaded)
                engine.model_failed.connect(dialog.on_model_failed)
                state["models_dialog"] = dialog
            else:
                dialog.refresh_installed()
            dialog.show()
            dialog.raise_()
            dialog.activateWindow()

        def current_model() -> Path | None:
            info = engine.model_info
            return Path(info.path) if info is not None and info.path is not None else None

        engine.model_loaded.connect(on_loaded)
        engine.model_failed.connect(lambda _error: state.update(switching=None))

        def follow_system_scheme() -> None:
            if state["settings"].theme == "system":
                apply_theme(app, "system")

        app.styleHints().colorSchemeChanged.connect(follow_system_scheme)
        window = MainWindow(engine, chat, open_settings)
        api = ApiService(engine, current_params)
        api.changed.connect(window.set_server_address)
        window.set_model_switching(lambda: [(m.name, m.path) for m in usable_models()], switch_model, open_models)
        window.open_models = open_models  # type: ignore[attr-defined]
        window.switch_model = switch_model  # type: ignore[attr-defined]
        summarize_pane = SummarizePane(engine, DiskCache(paths.cache_dir / "summaries"))
        window.add_pane(QCoreApplication.translate("MainWindow", "Summarize"), summarize_pane)
        window.summarize = summarize_pane
        translate_pane = TranslatePane(engine, paths.config_dir / "glossary.txt")
        window.add_pane(QCoreApplication.translate("MainWindow", "Translate"), translate_pane)
        window.translate = translate_pane
        write_pane = WritePane(engine, DraftStore(paths.data_dir))
        window.add_pane(QCoreApplication.translate("MainWindow", "Write"), write_pane)
        window.write = write_pane
        for warning in loaded.warnings:
            window.statusBar().showMessage(warning, 15000)
        if store.interrupted_on_open:
            log.info("%d replies were cut off when Quill last stopped", store.interrupted_on_open)
        load_model(settings, args.model)
        apply_serving(settings)
    except BaseException:
        services.shutdown()
        engine.shutdown()  # never leave the engine thread running behind a half-built window
        store.close()
        raise

    context = AppContext(app, paths, store, engine, window, translators, keep=[state], api=api, models=services)
    window.context = context
    app.aboutToQuit.connect(context.close)
    return app, window


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
    argv = list(sys.argv[1:] if argv is None else argv)
    if _no_display():
        print(
            "quill: error: no display found; start Quill from a desktop session, or use 'quill chat' "
            "in a terminal (QT_QPA_PLATFORM=offscreen runs the window without a screen).",
            file=sys.stderr,
        )
        return 1
    paths = quill_paths().ensure()
    setup_logging(paths.log_file)
    crash_file = _install_crash_logging(paths)

    app = QApplication.instance() or QApplication(["quill", *argv])
    name = server_name(paths.data_dir)
    if ask_running_instance(name):
        print("Quill is already running; its window was brought to the front.", file=sys.stderr)
        return 0
    server = InstanceServer(name)
    if not server.listening:
        log.warning("could not claim the single-instance name %s; running anyway", name)

    app, window = create_app(argv)
    server.activate_requested.connect(lambda: _bring_to_front(window))
    window.show()
    QTimer.singleShot(0, window.chat.input.setFocus)
    if parse_gui_args(argv).self_test:
        _run_self_test(app, window)
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

    def done(finished: Any) -> None:
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
