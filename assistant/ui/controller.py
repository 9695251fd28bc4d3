"""What follows from the user's choices: settings changes, model switching, serving and the Models dialog.

The composition root (app.py) makes the objects; this controller holds the app's
state between them (the settings in use, the model being switched to, the one
Models window) and applies changes. What a settings change requires is decided
in ``core/settings_change.py`` (plain Python, unit-tested); here it is carried out.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QApplication, QMessageBox

from assistant.core.engine.choice import choose_engine, generation_params, gpu_offload_info
from assistant.core.errors import UserFacingError
from assistant.core.models.model_settings import for_model
from assistant.core.models.starter import find_starter_model
from assistant.core.settings import Settings, save_settings
from assistant.core.settings_change import settings_after_load, settings_change
from assistant.core.stores.api_keys import store_api_key
from assistant.core.types import GenerationParams, ModelInfo
from assistant.ui import window_state
from assistant.ui.dialogs.settings import SettingsDialog
from assistant.ui.i18n import shown
from assistant.ui.main_window import MainWindow
from assistant.ui.model_services import ModelServices
from assistant.ui.serve import ApiService
from assistant.ui.theme import apply_theme
from assistant.ui.worker import EngineClient

if TYPE_CHECKING:  # the Models dialog pulls in numpy and gguf: imported when first opened
    from assistant.core.models.library import InstalledModel
    from assistant.ui.dialogs.models import ModelsDialog
    from assistant.ui.dialogs.welcome import WelcomeDialog

log = logging.getLogger(__name__)

STATUS_MS = 15000


class CurrentSettings:
    """The settings in use and their file. Panes, the API and the model services read them at each
    request, so a change applies to the next one; only the AppController replaces them."""

    def __init__(self, settings: Settings, file: Path) -> None:
        self._settings = settings
        self.file = file
        self.model: Path | None = None  # the local model loaded now: its own values apply (per_model)

    def get(self) -> Settings:
        return self._settings

    def generation_params(self) -> GenerationParams:
        return generation_params(self._settings, self.model)

    def system_prompt(self) -> str:
        return for_model(self._settings, self.model).system_prompt

    def embedding_model(self) -> Path | None:
        """The embedding model the Library uses (Settings → Library); None: keyword search only."""
        value = self._settings.library_embedding_model
        return Path(value) if value else None

    def replace(self, settings: Settings) -> None:
        """Use ``settings`` from now on and save them. Raises UserFacingError when the file cannot be
        written (they are in use anyway)."""
        self._settings = settings
        save_settings(settings, self.file)


def usable_models(services: ModelServices) -> list[InstalledModel]:
    """The installed models that can be loaded; none (and a log line) when the folder cannot be read."""
    try:
        return [m for m in services.scan() if m.usable]
    except (OSError, UserFacingError) as exc:
        log.warning("could not list the installed models: %s", exc)
        return []


class AppController(QObject):
    """Carries out the user's choices on the engine, the API server and the window.

    Listens to the window's ``settings_requested``, ``models_requested`` and ``model_requested``,
    and to the engine's model signals (a switched-to model is saved in settings once it has loaded).
    """

    def __init__(
        self,
        app: QApplication,
        window: MainWindow,
        settings: CurrentSettings,
        engine: EngineClient,
        services: ModelServices,
        api: ApiService,
        *,
        language: str,
        default_models_dir: Path,
    ) -> None:
        super().__init__(window)
        self.app = app
        self.window = window
        self.settings = settings
        self.engine = engine
        self.services = services
        self.api = api
        self._language = language
        self._default_models_dir = default_models_dir
        self.switching: Path | None = None  # the model being loaded by a switch, until it loads or fails
        self.models_dialog: ModelsDialog | None = None  # the one Models window of the menus, once opened
        self.welcome: WelcomeDialog | None = None  # the first-run welcome while it is open
        engine.model_loaded.connect(self._on_loaded)
        engine.model_failed.connect(self._on_failed)
        window.settings_requested.connect(self.open_settings)
        window.models_requested.connect(self.open_models)
        window.model_requested.connect(self.switch_model)
        window.welcome_requested.connect(self.open_welcome)
        window.closing.connect(self.remember_window)
        app.styleHints().colorSchemeChanged.connect(self._follow_system_scheme)

    def start(self, model: str | None = None) -> None:
        """Load the model (``model``, a path given on the command line, wins over settings) and serve
        the API if settings say so."""
        current = self.settings.get()
        self._load(current, model)
        self._apply_serving(current)

    # -- settings ---------------------------------------------------------------

    def open_settings(self) -> None:
        """The Settings dialog; what it changes is applied when the user presses OK."""
        dialog = SettingsDialog(
            self.settings.get(),
            self.window,
            models=usable_models(self.services),
            offload=gpu_offload_info(),
            open_models=lambda: self.open_models(dialog),
            default_models_dir=self._default_models_dir,
            serving_url=self.api.url,
        )
        if dialog.exec():
            self.apply_settings(dialog.result_settings(), dialog.remote_page.api_key() or "")

    def apply_settings(self, new: Settings, api_key: str = "") -> None:
        """Use ``new`` (as the Settings dialog gives it) and do what the change requires; ``api_key``
        is a key the user typed for the remote server ("" for none)."""
        old = self.settings.get()
        change = settings_change(old, new, starter=find_starter_model(), new_api_key=bool(api_key))
        try:
            self.settings.replace(change.keep)
        except UserFacingError as exc:
            QMessageBox.warning(self.window, QCoreApplication.translate("MainWindow", "Settings"), shown(exc.message))
        if change.retheme:
            apply_theme(self.app, new.theme)
        if api_key and new.remote_base_url:
            store_api_key(new.remote_base_url, api_key)
        if change.switch_to is not None:
            self.switch_model(change.switch_to)
        elif change.reload:
            self._load(new, None)
        if change.rescan_models and self.models_dialog is not None:
            self.models_dialog.refresh_installed()
        if change.restart_server:
            self._apply_serving(change.keep)

    def remember_window(self) -> None:
        """Save the window's geometry, splitters, pane and pane options for the next start."""
        state = window_state.capture(self.window)
        current = self.settings.get()
        if state == current.ui_state:
            return
        try:
            self.settings.replace(dataclasses.replace(current, ui_state=state))
        except UserFacingError as exc:  # a read-only or full disk: the next start uses the last saved state
            log.warning("could not remember the window: %s", exc.message)

    def _follow_system_scheme(self) -> None:
        if self.settings.get().theme == "system":
            apply_theme(self.app, "system")

    # -- models -----------------------------------------------------------------

    def switch_model(self, path: Path) -> None:
        """Load ``path`` on the engine thread; it is saved in settings only once it has loaded."""
        self.switching = Path(path)
        self._load(self.settings.get(), str(path))

    def current_model(self) -> Path | None:
        info = self.engine.model_info
        return Path(info.path) if info is not None and info.path is not None else None

    def _load(self, current: Settings, model_path: str | None) -> None:
        try:
            self.engine.load(choose_engine(current, model_path, backend="local" if model_path else None))
        except UserFacingError as exc:
            self.engine.model_failed.emit(exc)

    def _on_loaded(self, info: ModelInfo) -> None:
        self.settings.model = Path(info.path) if info.path is not None else None
        wanted, self.switching = self.switching, None
        if wanted is None or info.path is None or Path(info.path) != wanted:
            return
        updated = settings_after_load(self.settings.get(), wanted, starter=find_starter_model())
        if updated is None:
            return
        try:
            self.settings.replace(updated)
        except UserFacingError as exc:
            self.window.statusBar().showMessage(shown(exc.message), STATUS_MS)

    def _on_failed(self, _error: object) -> None:
        self.switching = None

    def open_models(self, parent: SettingsDialog | None = None) -> None:
        """The Models dialog: one shared window from the menus; a modal one over Settings (``parent``)."""
        from assistant.ui.dialogs.models import ModelsDialog  # numpy and gguf load here, not at start-up

        language = "zh_CN" if self._language.startswith("zh") else "en"
        if parent is not None:
            modal = ModelsDialog(self.services, self.switch_model, self.current_model, parent, language=language)
            self._follow_engine(modal)
            modal.exec()
            parent.set_models(usable_models(self.services))
            modal.deleteLater()
            return
        dialog = self.models_dialog
        if dialog is None:
            dialog = ModelsDialog(self.services, self.switch_model, self.current_model, self.window, language=language)
            self._follow_engine(dialog)
            self.models_dialog = dialog
        else:
            dialog.refresh_installed()
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def show_recommended(self, entry_id: str = "") -> None:
        """The Models dialog on its Recommended tab, with ``entry_id`` (a catalog id) selected."""
        self.open_models()
        if self.models_dialog is not None:
            self.models_dialog.show_recommended(entry_id)

    # -- first run ----------------------------------------------------------------

    def needs_welcome(self) -> bool:
        """The welcome shows once: not after it was finished or skipped, nor to someone who already chose a model."""
        current = self.settings.get()
        return not current.welcome_done and current.model_path is None and current.backend == "local"

    def open_welcome(self) -> WelcomeDialog:
        """The first-run welcome (not modal: the window behind it works meanwhile); Help → Welcome…
        opens it again later, or brings the open one to the front. A download it started earlier
        and that still runs is the same download (the queue knows it by its file)."""
        from assistant.ui.dialogs.welcome import WelcomeDialog

        if self.welcome is not None:
            self.welcome.raise_()
            self.welcome.activateWindow()
            return self.welcome
        language = "zh_CN" if self._language.startswith("zh") else "en"
        dialog = WelcomeDialog(self.services, self.switch_model, self.mark_welcome_done, self.window, language=language)
        self._follow_engine(dialog)
        dialog.finished.connect(lambda _result: self._welcome_closed(dialog))
        self.welcome = dialog
        dialog.show()
        return dialog

    def _welcome_closed(self, dialog: WelcomeDialog) -> None:
        self.engine.model_loaded.disconnect(dialog.on_model_loaded)  # a closed welcome follows nothing
        self.engine.model_failed.disconnect(dialog.on_model_failed)
        if self.welcome is dialog:
            self.welcome = None
        dialog.deleteLater()

    def mark_welcome_done(self) -> None:
        current = self.settings.get()
        if current.welcome_done:
            return
        try:
            self.settings.replace(dataclasses.replace(current, welcome_done=True))
        except UserFacingError as exc:  # not remembered: it shows again next time, nothing worse
            self.window.statusBar().showMessage(shown(exc.message), STATUS_MS)

    def _follow_engine(self, dialog: ModelsDialog | WelcomeDialog) -> None:
        self.engine.model_loaded.connect(dialog.on_model_loaded)
        self.engine.model_failed.connect(dialog.on_model_failed)

    # -- serving ----------------------------------------------------------------

    def _apply_serving(self, current: Settings) -> None:
        """The Serve toggle: start (or move) the API server, or stop it."""
        self.api.stop()
        if not current.serve_enabled:
            return
        try:
            self.api.start(current.serve_host, current.serve_port)
        except UserFacingError as exc:
            self.window.statusBar().showMessage(shown(exc.message), STATUS_MS)
