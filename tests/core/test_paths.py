from __future__ import annotations

import sys
from pathlib import Path

import pytest

from assistant.core.paths import quill_paths


def test_quill_home_moves_every_location(tmp_path: Path) -> None:
    paths = quill_paths({"QUILL_HOME": str(tmp_path / "portable")})
    root = (tmp_path / "portable").resolve()
    for folder in (paths.config_dir, paths.data_dir, paths.cache_dir, paths.log_dir, paths.models_dir):
        assert folder.is_relative_to(root)
    assert paths.settings_file.is_relative_to(root)
    assert paths.history_db.is_relative_to(root)
    assert paths.log_file.is_relative_to(root)


def test_ensure_creates_the_folders(tmp_path: Path) -> None:
    paths = quill_paths({"QUILL_HOME": str(tmp_path)}).ensure()
    assert paths.models_dir.is_dir() and paths.log_dir.is_dir() and paths.config_dir.is_dir()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux locations")
def test_without_quill_home_the_os_conventions_apply(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/home/someone")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    paths = quill_paths({"QUILL_HOME": ""})
    assert paths.data_dir == Path("/home/someone/.local/share/Quill")
    assert paths.config_dir == Path("/home/someone/.config/Quill")
    assert paths.models_dir == paths.data_dir / "models"


def test_the_environment_is_read_by_default(quill_home: Path) -> None:
    assert quill_paths().data_dir == quill_home.resolve() / "data"
