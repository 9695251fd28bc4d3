from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from assistant.core.errors import SettingsError
from assistant.core.settings import SCHEMA_VERSION, Settings, load_settings, save_settings, settings_from_dict


def test_missing_file_gives_defaults_quietly(tmp_path: Path) -> None:
    result = load_settings(tmp_path / "settings.json")
    assert result.settings == Settings()
    assert result.warnings == []


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    chosen = Settings(
        model_path="/models/x.gguf", n_ctx=8192, temperature=0.2, seed=7, system_prompt="你好", ui_language="zh_CN"
    )
    save_settings(chosen, path)
    assert load_settings(path).settings == chosen
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == SCHEMA_VERSION
    assert "你好" in path.read_text(encoding="utf-8")


def test_corrupt_file_is_kept_aside_and_defaults_are_used(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"n_ctx": 2048, ', encoding="utf-8")
    result = load_settings(path)
    assert result.settings == Settings()
    assert len(result.warnings) == 1 and "not valid JSON" in result.warnings[0]
    kept = list(tmp_path.glob("settings.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == '{"n_ctx": 2048, '
    assert not path.exists()


def test_corrupt_file_falls_back_to_the_last_good_backup(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(n_ctx=1000), path)
    save_settings(Settings(n_ctx=2000), path)  # the 1000 version is now the backup
    path.write_bytes(b"\x00\xff garbage")
    result = load_settings(path)
    assert result.settings.n_ctx == 1000
    assert "restored" in result.warnings[0]


def test_fields_of_the_wrong_type_fall_back_alone(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {"version": 1, "n_ctx": "big", "temperature": 1, "top_k": True, "seed": None, "system_prompt": "Be brief."}
        ),
        encoding="utf-8",
    )
    result = load_settings(path)
    assert result.settings.n_ctx == Settings().n_ctx
    assert result.settings.top_k == Settings().top_k
    assert result.settings.temperature == 1.0 and isinstance(result.settings.temperature, float)
    assert result.settings.system_prompt == "Be brief."
    assert sorted(w.split("'")[1] for w in result.warnings) == ["n_ctx", "top_k"]


def test_parallel_sequences_outside_0_to_8_fall_back_to_automatic() -> None:
    for bad in (-1, 9, 1000):
        result = settings_from_dict({"version": 1, "parallel_sequences": bad})
        assert result.settings.parallel_sequences == 0
        assert [w.split("'")[1] for w in result.warnings] == ["parallel_sequences"]
    assert settings_from_dict({"version": 1, "parallel_sequences": 8}).settings.parallel_sequences == 8


def test_a_non_object_file_is_recovered(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("[1, 2, 3]", encoding="utf-8")
    result = load_settings(path)
    assert result.settings == Settings() and result.warnings


def test_newer_version_keeps_known_fields(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": SCHEMA_VERSION + 1, "n_ctx": 1234, "future": 1}), encoding="utf-8")
    result = load_settings(path)
    assert result.settings.n_ctx == 1234
    assert "newer Quill" in result.warnings[0]


def test_a_failed_save_leaves_the_old_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(n_ctx=1111), path)
    before = path.read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)  # the one part a test cannot make real: a full disk
    with pytest.raises(SettingsError, match="No space left"):
        save_settings(Settings(n_ctx=2222), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_save_into_a_missing_folder_creates_it(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "settings.json"
    save_settings(Settings(), path)
    assert load_settings(path).settings == Settings()


def test_save_where_a_folder_blocks_the_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.mkdir()
    with pytest.raises(SettingsError, match="Could not save settings"):
        save_settings(Settings(), path)


def test_the_thinking_default_is_remembered_per_model(tmp_path: Path) -> None:
    from assistant.core.settings import thinking_default, with_thinking_default

    path = tmp_path / "settings.json"
    settings = with_thinking_default(with_thinking_default(Settings(), "/m/qwen3.gguf", False), "/m/r1.gguf", True)
    save_settings(settings, path)
    loaded = load_settings(path).settings
    assert thinking_default(loaded, "/m/qwen3.gguf") is False and thinking_default(loaded, "/m/r1.gguf") is True
    assert thinking_default(loaded, "/m/other.gguf") is None
    path.write_text('{"version": 1, "thinking_by_model": {"/m/a.gguf": "yes", "/m/b.gguf": false}}')
    damaged = load_settings(path).settings
    assert thinking_default(damaged, "/m/a.gguf") is None and thinking_default(damaged, "/m/b.gguf") is False
    assert with_thinking_default(damaged, "/m/c.gguf", True).thinking_by_model == {
        "/m/b.gguf": False,
        "/m/c.gguf": True,
    }
