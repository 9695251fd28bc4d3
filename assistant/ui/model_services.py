"""The model manager's objects for the GUI, made when first needed.

The app (the composition root) creates one ModelServices and hands it to the Models and
Settings dialogs. The library follows the settings (models folder, "also list models from
other apps"); the Hub client and the downloader are built on first use, because importing
huggingface-hub costs start-up time that a user who never opens the Models dialog should not pay.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from assistant.core.settings import Settings
from assistant.ui.downloads import DownloadManager

if TYPE_CHECKING:  # the model modules pull in gguf and numpy: imported when first used, not at start-up
    from assistant.core.models.catalog import CatalogEntry
    from assistant.core.models.download import Downloader
    from assistant.core.models.hub import Hub
    from assistant.core.models.library import InstalledModel, Library
    from assistant.core.models.memory import MachineMemory
    from assistant.core.models.speed import SpeedProbe


class ModelServices(QObject):
    """Library, catalog, Hub, downloads and this machine's memory, shared by the dialogs."""

    def __init__(
        self, settings: Callable[[], Settings], default_models_dir: Path, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._default_models_dir = Path(default_models_dir)
        self._library: Library | None = None
        self._library_key: tuple[str, bool] | None = None
        self._hub: Hub | None = None
        self._catalog: list[CatalogEntry] | None = None
        self._machine: MachineMemory | None = None
        self._probe: SpeedProbe | None = None
        self.downloads = DownloadManager(self._make_downloader, self)

    @property
    def settings(self) -> Settings:
        return self._settings()

    @property
    def models_dir(self) -> Path:
        from assistant.core.models.library import models_folder

        return models_folder(self.settings.models_dir, self._default_models_dir)

    @property
    def library(self) -> Library:
        """The same library as the CLI's; rebuilt when the models folder or the discovery choice changes."""
        from assistant.core.models.library import open_library

        key = (str(self.models_dir), self.settings.discover_models)
        if self._library is None or key != self._library_key:
            moved = self._library is not None and key[0] != (self._library_key or ("",))[0]
            settings = self.settings
            self._library = open_library(settings.models_dir, self._default_models_dir, settings.discover_models)
            self._library_key = key
            if moved:
                self.downloads.folder_changed()
        return self._library

    def scan(self) -> list[InstalledModel]:
        return self.library.scan()

    @property
    def catalog(self) -> list[CatalogEntry]:
        if self._catalog is None:
            from assistant.core.models.catalog import load_catalog

            self._catalog = load_catalog()
        return self._catalog

    @property
    def machine(self) -> MachineMemory:
        if self._machine is None:
            from assistant.core.models.memory import machine_memory

            self._machine = machine_memory()
        return self._machine

    def speed_probe(self) -> SpeedProbe | None:
        """This computer's measured generation speed, if it was measured (never measures: see measure_speed)."""
        if self._probe is None:
            from assistant.core.models.speed import load_probe

            self._probe = load_probe()
        return self._probe

    def measure_speed(self) -> SpeedProbe | None:
        """The speed probe, measuring it now if needed (seconds: call from a worker thread)."""
        from assistant.core.models.speed import ensure_probe

        probe = self._probe or ensure_probe()
        if probe is not None:
            self._probe = probe
        return probe

    def hub(self) -> Hub:
        """The Hub client (reads HF_ENDPOINT the first time). Safe to call from a worker thread."""
        if self._hub is None:
            from assistant.core.models.hub import Hub

            self._hub = Hub()
        return self._hub

    def _make_downloader(self) -> Downloader:
        from assistant.core.models.download import Downloader

        return Downloader.for_hub(self.models_dir, self.hub(), library=self.library)

    def shutdown(self) -> None:
        """Pause running downloads (kept for next time) and wait for their threads."""
        self.downloads.shutdown()
