"""Every location Quill reads or writes, in one place.

By default the folders follow each OS's conventions (platformdirs). Setting
``QUILL_HOME`` moves all of them under one folder: tests and portable installs
rely on that, so nothing else in Quill may build a path to a user folder itself.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Quill"
HOME_ENV = "QUILL_HOME"


@dataclass(frozen=True)
class QuillPaths:
    """The folders Quill owns. Create them with :meth:`ensure` before writing."""

    config_dir: Path
    data_dir: Path
    cache_dir: Path
    log_dir: Path
    models_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def history_db(self) -> Path:
        return self.data_dir / "history.sqlite3"

    @property
    def library_db(self) -> Path:
        """The Library's index: collections, documents, chunks, vectors (core/library/store.py)."""
        return self.data_dir / "library.sqlite3"

    @property
    def cpu_check_file(self) -> Path:
        """What the CPU check found for this llama.cpp build on this CPU (core/engine/cpu_check.py)."""
        return self.cache_dir / "cpu-check.json"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "quill.log"

    def ensure(self) -> QuillPaths:
        """Create every folder (it is no error if they exist) and return self."""
        for folder in (self.config_dir, self.data_dir, self.cache_dir, self.log_dir, self.models_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def quill_paths(environ: Mapping[str, str] | None = None) -> QuillPaths:
    """Return Quill's folders, honouring ``QUILL_HOME`` when it is set and not empty."""
    env = os.environ if environ is None else environ
    home = env.get(HOME_ENV, "").strip()
    if home:
        root = Path(home).expanduser().resolve()
        return QuillPaths(
            config_dir=root / "config",
            data_dir=root / "data",
            cache_dir=root / "cache",
            log_dir=root / "logs",
            models_dir=root / "models",
        )
    data = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return QuillPaths(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        data_dir=data,
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        models_dir=data / "models",
    )
