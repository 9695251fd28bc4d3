"""Settings remembered per model file, and the one resolution every caller uses.

A value comes from one of three places, first found wins:

1. **this model**: what the user set for this file (``Settings.per_model[key]``);
2. **model metadata**: the sampling its authors recommend in the GGUF (``general.sampling.*``),
   sampling knobs only;
3. **app default**: the app-wide settings (the fallback for every model).

The key is the file's *name and size* (``"Qwen3-4B-Q4_K_M.gguf|2497281120"``): it survives moving
the file to another folder or importing it from another app (the path would not), needs only a
``stat`` (no header read on the GUI thread), and tells two quantizations of one model apart
(``general.name`` would not: every quantization carries the same name). Renaming the file forgets
its settings, which is the honest outcome of a rename.

KV-cache type and flash attention (measured in benchmarks/kv_cache.py on the starter model, 2
cores, a shared and noisy machine): flash attention on CPU reads prompts 1.05-1.2x faster but
generates at about 0.6x the speed at a depth of 512 tokens and 0.5x at 2048, so "auto" turns it off
on a CPU-only load and lets llama.cpp decide when layers go to a GPU. A q8_0 cache halves the
cache's memory (q4_0: a quarter) but read prompts at 0.5-0.6x and generated at 0.3-0.8x of f16
at depth 2048 here, so f16 stays the default (benchmarks/notes.md has the figures). A quantized cache (q8_0,
q4_0) needs flash attention in llama.cpp (its V cache cannot be quantized without it), so it is
turned on for those whatever the setting says, and Settings says so.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from assistant.core.engine.presets import matching_preset
from assistant.core.settings import FLASH_ATTENTION, KV_CACHE_TYPES, Settings

log = logging.getLogger(__name__)

# ggml's numbers for the cache types (ggml.h: GGML_TYPE_F16 1, GGML_TYPE_Q4_0 2, GGML_TYPE_Q8_0 8).
GGML_CACHE_TYPES: dict[str, int] = {"f16": 1, "q8_0": 8, "q4_0": 2}
# (Their bytes per value, which the memory estimate counts, are in core/models/memory.py.)

Source = Literal["model", "metadata", "app"]  # this model, the GGUF's recommendation, the app default
# The values kept per model: Settings fields, and the thinking default (stored here for the Chat pane).
PER_MODEL_FIELDS = (
    "n_ctx",
    "temperature",
    "top_p",
    "top_k",
    "min_p",
    "repeat_penalty",
    "system_prompt",
    "thinking",
    "n_gpu_layers",
    "kv_cache_type",
    "flash_attn",
)
# GGUF general.sampling.* keys (llama.cpp's gguf-py: Keys.General.SAMPLING_*) -> Quill's knob names.
METADATA_SAMPLING = {
    "general.sampling.temp": "temperature",
    "general.sampling.top_p": "top_p",
    "general.sampling.top_k": "top_k",
    "general.sampling.min_p": "min_p",
    "general.sampling.penalty_repeat": "repeat_penalty",
    "general.sampling.penalty_last_n": "repeat_last_n",
}
# App-wide defaults of the per-model values that Settings itself does not hold.
APP_DEFAULTS: dict[str, Any] = {"thinking": None}


def model_key(path: str | Path) -> str:
    """The per-model key of a file: its name and size ("" when the file cannot be read)."""
    p = Path(path).expanduser()
    try:
        return f"{p.name}|{p.stat().st_size}"
    except OSError:
        return ""


@dataclass(frozen=True)
class Resolved:
    """Every per-model value for one model, and where each came from."""

    values: dict[str, Any]
    sources: dict[str, Source]

    @property
    def preset(self) -> str:
        """The sampling preset the knobs match, or "custom"."""
        return matching_preset(self.values)

    def value(self, name: str) -> Any:
        return self.values[name]


def _app_value(settings: Settings, name: str) -> Any:
    if name == "repeat_last_n":
        from assistant.core.sampling import REPEAT_LAST_N

        return REPEAT_LAST_N.default
    if name in APP_DEFAULTS:
        return APP_DEFAULTS[name]
    return getattr(settings, name)


def resolve(settings: Settings, key: str, recommended: Mapping[str, Any] | None = None) -> Resolved:
    """The values for the model with ``key``: this model's, else ``recommended`` (its GGUF sampling,
    :func:`recommended_sampling`), else the app's."""
    stored = stored_values(settings, key)
    recommended = recommended or {}
    values: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    for name in (*PER_MODEL_FIELDS, "repeat_last_n"):
        if name in stored:
            values[name], sources[name] = stored[name], "model"
        elif name in recommended:
            values[name], sources[name] = recommended[name], "metadata"
        else:
            values[name], sources[name] = _app_value(settings, name), "app"
    return Resolved(values, sources)


def stored_values(settings: Settings, key: str) -> dict[str, Any]:
    """What the user set for this model (only valid values; a bad one is dropped with a log line)."""
    raw = settings.per_model.get(key) if key else None
    if not isinstance(raw, dict):
        return {}
    good: dict[str, Any] = {}
    for name, value in raw.items():
        if name in PER_MODEL_FIELDS and _valid(name, value):
            good[name] = value
        else:
            log.warning("per-model setting %r of %s is invalid (%r); ignored", name, key, value)
    return good


def _valid(name: str, value: Any) -> bool:
    from assistant.core.sampling import KNOBS_BY_NAME

    if name == "kv_cache_type":
        return value in KV_CACHE_TYPES
    if name == "flash_attn":
        return value in FLASH_ATTENTION
    if name == "thinking":
        return value is None or isinstance(value, bool)
    if name == "system_prompt":
        return isinstance(value, str)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if name in ("n_ctx", "n_gpu_layers", "top_k") and not isinstance(value, int):
        return False
    if name == "n_ctx":
        return value >= 0
    knob = KNOBS_BY_NAME.get(name)
    return knob is None or knob.problem(value) is None


def remember(
    settings: Settings, key: str, values: Mapping[str, Any], recommended: Mapping[str, Any] | None = None
) -> Settings:
    """``settings`` with ``values`` kept for the model ``key`` (over what it had; others stay). Only
    values that differ from what the model would get anyway (its metadata or the app default) are
    stored, so changing an app default still reaches every model the user did not set otherwise.
    ``recommended`` is the model's own sampling (:func:`recommended_sampling`), compared against too."""
    if not key:
        return settings
    base = resolve(dataclasses.replace(settings, per_model={}), key, recommended)
    merged = {**stored_values(settings, key), **{k: v for k, v in values.items() if k in PER_MODEL_FIELDS}}
    kept = {name: v for name, v in merged.items() if v != base.values[name]}
    per_model = dict(settings.per_model)
    if kept:
        per_model[key] = kept
    else:
        per_model.pop(key, None)
    return dataclasses.replace(settings, per_model=per_model)


def forget(settings: Settings, key: str) -> Settings:
    """``settings`` without anything set for the model ``key`` ("Reset to model defaults")."""
    per_model = dict(settings.per_model)
    per_model.pop(key, None)
    return dataclasses.replace(settings, per_model=per_model)


def for_model(settings: Settings, path: str | Path | None, recommended: Mapping[str, Any] | None = None) -> Settings:
    """The settings as the model at ``path`` sees them: its own values over the app's, as a Settings
    copy, so everything built from Settings (ModelSpec, GenerationParams) follows. The values with no
    Settings field (thinking, repeat_last_n) go in ``extra``.
    This is the one resolution the CLI, the app and the server use (core/engine/choice.py)."""
    if path is None:
        return settings
    resolved = resolve(settings, model_key(path), recommended)
    fields = {f.name for f in dataclasses.fields(Settings)}
    changes = {k: v for k, v in resolved.values.items() if k in fields}
    extra = dict(settings.extra)
    extra.update({k: v for k, v in resolved.values.items() if k not in fields})
    return dataclasses.replace(settings, **changes, extra=extra)


def recommended_sampling(path: str | Path) -> dict[str, Any]:
    """The sampling the GGUF at ``path`` recommends (``general.sampling.*``), by Quill's knob names;
    {} when it says nothing or cannot be read. Values outside Quill's limits are left out."""
    from assistant.core.errors import ModelFileError
    from assistant.core.models.gguf_check import check_gguf

    try:
        summary = check_gguf(Path(path))
    except (ModelFileError, OSError):
        return {}
    return sampling_from_metadata(summary.sampling)


def recommended_for(path: str | Path) -> dict[str, Any]:
    """:func:`recommended_sampling`, read once per file (name, size and modification time)."""
    p = Path(path).expanduser()
    try:
        st = p.stat()
    except OSError:
        return {}
    return dict(_recommended_cached(str(p), st.st_size, st.st_mtime_ns))


@functools.lru_cache(maxsize=32)
def _recommended_cached(path: str, _size: int, _mtime: int) -> dict[str, Any]:
    return recommended_sampling(path)


def sampling_from_metadata(metadata: Mapping[str, Any]) -> dict[str, Any]:
    """``general.sampling.*`` values (as the GGUF stores them) as knob values Quill accepts."""
    found: dict[str, Any] = {}
    for gguf_key, name in METADATA_SAMPLING.items():
        value = metadata.get(gguf_key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        value = int(value) if name in ("top_k", "repeat_last_n") else round(float(value), 4)
        if _valid(name, value) and (name != "repeat_last_n" or value >= -1):
            found[name] = value
    return found


# ----- KV cache and flash attention ------------------------------------------------------


def effective_flash_attn(cache: str, flash: str, gpu: bool) -> bool | None:
    """What llama.cpp is asked for: True (on), False (off) or None (its own auto).

    A quantized cache needs flash attention, so it is on for q8_0 and q4_0. Otherwise "auto" is off
    on a CPU-only load (benchmarks/kv_cache.py: it slows generation at depth there) and llama.cpp's
    auto when layers go to a GPU, where it usually helps.
    """
    if cache != "f16":
        return True
    if flash == "on":
        return True
    if flash == "off":
        return False
    return None if gpu else False
