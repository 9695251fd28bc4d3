"""Settings per model file: the key, where each value comes from, the GGUF's recommended sampling,
and the one resolution that model loading and generation use."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from assistant.core.engine.choice import choose_model, generation_params
from assistant.core.models.model_settings import (
    effective_flash_attn,
    for_model,
    forget,
    model_key,
    recommended_sampling,
    remember,
    resolve,
    stored_values,
)
from assistant.core.settings import Settings, load_settings, save_settings
from tests.helpers.tiny_gguf import write_tiny_llama

RECOMMENDED = {"temp": 0.6, "top_k": 20, "top_p": 0.95, "min_p": 0.0, "penalty_repeat": 1.0, "penalty_last_n": 128}


@pytest.fixture(scope="module")
def qwen_like(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny model whose GGUF recommends a sampling (as Qwen3's model card does)."""
    return write_tiny_llama(tmp_path_factory.mktemp("m") / "qwen-like.gguf", sampling=RECOMMENDED, seed=3)


def test_the_key_is_name_and_size_so_it_survives_a_move_but_not_another_quantization(
    tmp_path: Path, tiny_model: Path
) -> None:
    moved = tmp_path / "elsewhere" / tiny_model.name
    moved.parent.mkdir()
    shutil.copyfile(tiny_model, moved)
    assert model_key(moved) == model_key(tiny_model) == f"{tiny_model.name}|{tiny_model.stat().st_size}"
    bigger = write_tiny_llama(tmp_path / tiny_model.name, n_embd=64)  # same name, other size
    assert model_key(bigger) != model_key(tiny_model)
    assert model_key(tmp_path / "missing.gguf") == ""


def test_the_gguf_recommended_sampling_is_read_with_its_llama_cpp_key_names(qwen_like: Path) -> None:
    found = recommended_sampling(qwen_like)
    assert found == {
        "temperature": 0.6,
        "top_k": 20,
        "top_p": 0.95,
        "min_p": 0.0,
        "repeat_penalty": 1.0,
        "repeat_last_n": 128,
    }
    assert recommended_sampling(qwen_like.with_name("none.gguf")) == {}


def test_values_come_from_this_model_then_its_metadata_then_the_app(qwen_like: Path) -> None:
    key = model_key(qwen_like)
    app = Settings(temperature=0.9, n_ctx=2048, system_prompt="App prompt.")
    settings = remember(app, key, {"top_p": 0.5, "n_ctx": 1024}, recommended_sampling(qwen_like))
    resolved = resolve(settings, key, recommended_sampling(qwen_like))
    assert (resolved.value("top_p"), resolved.sources["top_p"]) == (0.5, "model")
    assert (resolved.value("n_ctx"), resolved.sources["n_ctx"]) == (1024, "model")
    assert (resolved.value("temperature"), resolved.sources["temperature"]) == (0.6, "metadata")
    assert (resolved.value("system_prompt"), resolved.sources["system_prompt"]) == ("App prompt.", "app")
    assert (resolved.value("kv_cache_type"), resolved.sources["kv_cache_type"]) == ("f16", "app")
    # Another model sees only the app's values.
    other = resolve(settings, "other.gguf|1", {})
    assert other.value("temperature") == 0.9 and set(other.sources.values()) == {"app"}


def test_only_values_that_differ_are_kept_and_reset_forgets_them(qwen_like: Path) -> None:
    key = model_key(qwen_like)
    recommended = recommended_sampling(qwen_like)
    app = Settings()
    same = remember(app, key, {"temperature": 0.6, "n_ctx": app.n_ctx}, recommended)
    assert same.per_model == {}  # the metadata's and the app's own values are not copied
    changed = remember(app, key, {"temperature": 0.3, "kv_cache_type": "q8_0", "thinking": False})
    assert changed.per_model == {key: {"temperature": 0.3, "kv_cache_type": "q8_0", "thinking": False}}
    assert forget(changed, key).per_model == {}


def test_a_bad_stored_value_is_dropped_alone() -> None:
    settings = Settings(per_model={"m|1": {"kv_cache_type": "q2", "top_p": 3.0, "n_ctx": 512, "bogus": 1}})
    assert stored_values(settings, "m|1") == {"n_ctx": 512}


def test_per_model_values_survive_a_save_and_a_bad_file_field_falls_back(tmp_path: Path) -> None:
    file = tmp_path / "settings.json"
    settings = Settings(kv_cache_type="q8_0", flash_attn="on", per_model={"m|1": {"n_ctx": 512}})
    save_settings(settings, file)
    assert load_settings(file).settings == settings
    file.write_text('{"version": 1, "kv_cache_type": "q3", "flash_attn": true}', encoding="utf-8")
    loaded = load_settings(file)
    assert (loaded.settings.kv_cache_type, loaded.settings.flash_attn) == ("f16", "auto")
    assert len(loaded.warnings) == 2


def test_switching_models_and_back_brings_each_models_own_values(qwen_like: Path, tiny_model: Path) -> None:
    app = Settings(n_ctx=4096, temperature=0.8)
    settings = remember(app, model_key(qwen_like), {"n_ctx": 1024, "thinking": True, "top_k": 5})
    settings = remember(
        settings, model_key(tiny_model), {"n_ctx": 2048, "thinking": False, "temperature": 0.2, "top_p": 0.9}
    )
    for _ in range(2):  # there and back again
        first = choose_model(settings, qwen_like)
        params = generation_params(settings, qwen_like)
        assert first.spec.n_ctx == 1024 and (params.top_k, params.temperature) == (5, 0.6)
        assert params.repeat_last_n == 128  # from its metadata
        assert for_model(settings, qwen_like).extra["thinking"] is True
        second = choose_model(settings, tiny_model)
        params = generation_params(settings, tiny_model)
        assert second.spec.n_ctx == 2048 and (params.temperature, params.top_p, params.top_k) == (0.2, 0.9, 40)
        assert for_model(settings, tiny_model).extra["thinking"] is False
    assert generation_params(settings).temperature == 0.8  # no model: the app's


def test_the_model_spec_gets_the_cache_type_and_flash_attention_it_can_use(tiny_model: Path) -> None:
    key = model_key(tiny_model)
    settings = remember(Settings(), key, {"kv_cache_type": "q4_0", "flash_attn": "off"})
    spec = choose_model(settings, tiny_model).spec
    assert (spec.kv_cache_type, spec.flash_attn) == ("q4_0", True)  # a quantized cache needs flash attention
    spec = choose_model(Settings(), tiny_model).spec
    assert (spec.kv_cache_type, spec.flash_attn) == ("f16", False)  # auto: off on a CPU-only load
    spec = choose_model(Settings(), tiny_model, flash_attn="on", n_gpu_layers=None).spec
    assert spec.flash_attn is True
    gpu = choose_model(dataclasses.replace(Settings(), n_gpu_layers=-1), tiny_model).spec
    assert gpu.flash_attn is None  # with layers on a GPU, llama.cpp decides


@pytest.mark.parametrize(
    ("cache", "flash", "gpu", "expected"),
    [
        ("f16", "auto", False, False),
        ("f16", "auto", True, None),
        ("f16", "on", False, True),
        ("f16", "off", True, False),
        ("q8_0", "off", False, True),
        ("q4_0", "auto", True, True),
    ],
)
def test_effective_flash_attention(cache: str, flash: str, gpu: bool, expected: bool | None) -> None:
    assert effective_flash_attn(cache, flash, gpu) is expected


def test_an_installed_models_memory_follows_its_own_context_and_cache_type(tmp_path: Path, tiny_model: Path) -> None:
    from assistant.core.models.library import Library

    library = Library(tmp_path / "models")
    library.import_model(tiny_model)
    model = next(m for m in library.scan() if m.path == tiny_model.resolve())
    app = Settings(n_ctx=4096)
    assert model.estimate_for(app) == model.estimate(4096)
    mine = remember(app, model_key(tiny_model), {"n_ctx": 2048, "kv_cache_type": "q4_0"})
    own = model.estimate_for(mine)
    assert own == model.estimate(2048, kv_cache_type="q4_0", flash_attn=True)
    assert own is not None and own.kv_cache < model.estimate(2048).kv_cache  # type: ignore[union-attr]
    assert model.estimate_for(mine, 1024) == model.estimate(1024, kv_cache_type="q4_0", flash_attn=True)
