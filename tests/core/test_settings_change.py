"""What a settings change requires: the rules, without Qt or a model."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assistant.core.settings import Settings
from assistant.core.settings_change import SettingsChange, settings_after_load, settings_change

STARTER = Path("/models/starter.gguf")
OLD = Settings(model_path="/models/a.gguf")


def change(new: Settings, old: Settings = OLD, *, new_api_key: bool = False) -> SettingsChange:
    return settings_change(old, new, starter=STARTER, new_api_key=new_api_key)


def test_nothing_changed_needs_nothing() -> None:
    assert change(replace(OLD)) == SettingsChange(keep=OLD)


def test_sampling_and_prompt_changes_apply_to_the_next_request_without_a_reload() -> None:
    new = replace(OLD, temperature=0.2, max_tokens=50, system_prompt="Be brief.")
    assert change(new) == SettingsChange(keep=new)


def test_another_model_is_switched_to_but_kept_out_of_the_settings_until_it_has_loaded() -> None:
    result = change(replace(OLD, model_path="/models/b.gguf", temperature=0.1))
    assert result.switch_to == Path("/models/b.gguf") and not result.reload
    assert result.keep.model_path == "/models/a.gguf" and result.keep.temperature == 0.1


def test_choosing_no_model_switches_to_the_starter_or_reloads_when_there_is_none() -> None:
    assert change(replace(OLD, model_path=None)).switch_to == STARTER
    without = settings_change(OLD, replace(OLD, model_path=None), starter=None)
    assert without.switch_to is None and without.reload  # the load fails with one clear sentence


@pytest.mark.parametrize(
    "field,value", [("n_ctx", 8192), ("n_threads", 3), ("n_gpu_layers", 10), ("parallel_sequences", 2)]
)
def test_model_options_reload_the_same_model(field: str, value: int) -> None:
    result = change(replace(OLD, **{field: value}))
    assert result.reload and result.switch_to is None


def test_a_remote_server_reloads_when_its_fields_or_key_change_and_remembers_the_chosen_file() -> None:
    remote = replace(OLD, backend="remote", remote_base_url="http://box:8080/v1")
    result = change(remote)
    assert result.reload and result.switch_to is None and result.keep == remote
    same = change(replace(remote), old=remote)
    assert not same.reload
    assert change(replace(remote), old=remote, new_api_key=True).reload
    picked = change(replace(remote, model_path="/models/b.gguf"), old=remote)
    assert picked.keep.model_path == "/models/b.gguf" and not picked.reload and picked.switch_to is None


def test_parallel_sequences_leave_a_remote_server_alone() -> None:
    remote = replace(OLD, backend="remote", remote_base_url="http://box:8080/v1")
    assert not change(replace(remote, parallel_sequences=3), old=remote).reload


def test_leaving_the_remote_server_reloads_the_local_model() -> None:
    remote = replace(OLD, backend="remote", remote_base_url="http://box:8080/v1")
    result = change(replace(remote, backend="local"), old=remote)
    assert result.reload and result.keep.backend == "local"


def test_serving_theme_and_the_models_folder_each_say_what_to_redo() -> None:
    assert change(replace(OLD, serve_port=9000)).restart_server
    assert change(replace(OLD, serve_enabled=True)).restart_server
    assert change(replace(OLD, theme="dark")).retheme
    assert change(replace(OLD, models_dir="/elsewhere")).rescan_models
    assert change(replace(OLD, discover_models=False)).rescan_models
    plain = change(replace(OLD, theme="dark"))
    assert not (plain.restart_server or plain.rescan_models or plain.reload)


def test_a_loaded_model_is_saved_once_and_the_starter_as_no_path() -> None:
    updated = settings_after_load(OLD, Path("/models/b.gguf"), starter=STARTER)
    assert updated is not None and updated.model_path == "/models/b.gguf"
    assert settings_after_load(OLD, Path("/models/a.gguf"), starter=STARTER) is None
    starter = settings_after_load(OLD, STARTER, starter=STARTER)
    assert starter is not None and starter.model_path is None


def test_a_local_model_chosen_while_on_a_remote_server_leaves_the_server() -> None:
    remote = replace(OLD, backend="remote")
    updated = settings_after_load(remote, Path("/models/a.gguf"), starter=STARTER)
    assert updated is not None and updated.backend == "local" and updated.model_path == "/models/a.gguf"


def test_the_cache_type_and_flash_attention_reload_the_model(tiny_model: Path) -> None:
    old = Settings(model_path=str(tiny_model))
    assert change(replace(old, kv_cache_type="q8_0"), old).reload
    assert change(replace(old, flash_attn="on"), old).reload


def test_a_value_set_for_the_model_in_use_reloads_it_and_one_for_another_model_does_not(tiny_model: Path) -> None:
    from assistant.core.models.model_settings import model_key

    old = Settings(model_path=str(tiny_model))
    mine = change(replace(old, per_model={model_key(tiny_model): {"n_ctx": 256}}), old)
    assert mine.reload and mine.switch_to is None
    other = change(replace(old, per_model={"other.gguf|1": {"n_ctx": 256}}), old)
    assert not other.reload
    sampling = change(replace(old, per_model={model_key(tiny_model): {"temperature": 0.1}}), old)
    assert not sampling.reload  # applies to the next request
