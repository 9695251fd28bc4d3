"""Typed, versioned settings with atomic saves and recovery from a damaged file.

A settings file is never trusted: one that cannot be parsed is moved aside (so
nothing is lost) and defaults are used; a field of the wrong type falls back to
its default alone. Each problem becomes a one-line warning the caller shows.
Saving writes a temporary file, flushes it to disk and renames it over the old
one, so a crash or a full disk mid-save leaves the previous settings intact.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import shutil
import time
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from assistant.core import sampling
from assistant.core.errors import SettingsError
from assistant.core.files import atomic_write_text
from assistant.core.i18n import msg

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1

BackendKind = Literal["local", "remote"]  # this process (llama.cpp) or an OpenAI-compatible server
Theme = Literal["system", "light", "dark"]
BACKENDS: tuple[BackendKind, ...] = typing.get_args(BackendKind)
THEMES: tuple[Theme, ...] = typing.get_args(Theme)
KvCacheType = Literal["f16", "q8_0", "q4_0"]  # the KV cache's element type (q8_0 about half of f16's memory)
FlashAttention = Literal["auto", "on", "off"]  # auto: off on a CPU-only load (core/models/model_settings.py)
KV_CACHE_TYPES: tuple[KvCacheType, ...] = typing.get_args(KvCacheType)
FLASH_ATTENTION: tuple[FlashAttention, ...] = typing.get_args(FlashAttention)
MAX_PARALLEL_SEQUENCES = 8  # parallel_sequences: 1..8 sequences, or 0 (automatic)
AUTO_PARALLEL_MAX = 4  # the most that automatic picks (core/models/memory.py: choose_parallel)


@dataclass
class Settings:
    """Everything a user can set. Add a field with a default; bump SCHEMA_VERSION and add a
    migration only when an existing field changes meaning or name."""

    version: int = SCHEMA_VERSION
    # Model
    model_path: str | None = None  # None: the starter model
    n_ctx: int = 4096
    n_threads: int | None = None  # None: chosen from the CPU count
    n_gpu_layers: int = 0
    parallel_sequences: int = 0  # sequences decoded together (0..8); 0: as many as memory allows (up to 4)
    chat_template_override: str | None = None
    models_dir: str | None = None  # None: "models" in Quill's data folder
    discover_models: bool = True  # list GGUF files other apps downloaded (read-only)
    # Generation: the knobs marked ``saved`` in core/sampling.py, with its defaults
    temperature: float = sampling.TEMPERATURE.default
    top_p: float = sampling.TOP_P.default
    top_k: int = sampling.TOP_K.default
    min_p: float = sampling.MIN_P.default
    repeat_penalty: float = sampling.REPEAT_PENALTY.default
    max_tokens: int = sampling.MAX_TOKENS.default
    seed: int | None = sampling.SEED.default
    system_prompt: str = ""
    # KV cache and flash attention (measured: benchmarks/kv_cache.py); each model may set its own.
    kv_cache_type: KvCacheType = "f16"
    flash_attn: FlashAttention = "auto"
    # Values set for one model file, the app-wide ones above being the fallback:
    # {model_key: {field: value}} (core/models/model_settings.py says which fields and the key).
    per_model: dict[str, Any] = field(default_factory=dict)
    # Engine: "local" runs model_path in this process; "remote" uses an OpenAI-compatible server.
    # The server's API key is never stored here (see core/api_keys.py).
    backend: BackendKind = "local"
    remote_base_url: str = ""  # e.g. http://gpu-box:8080/v1
    remote_model: str = ""  # "" picks the first model the server lists
    remote_ca_file: str = ""  # a PEM file of CAs to trust for https (verification is never off)
    remote_n_ctx: int = 4096  # budgets use this when the server does not report its context length
    # Serving the loaded model to other programs (OpenAI-compatible, like `quill serve`)
    serve_enabled: bool = False
    serve_host: str = "127.0.0.1"
    serve_port: int = 8080
    # Library: the GGUF embedding model its vectors (and `/v1/embeddings`) come from; None: none,
    # so the Library searches by keywords only.
    library_embedding_model: str | None = None
    # The thinking switch last chosen for each model (its file path, or a remote model's name): the
    # default for its new conversations. (The per-model settings will take it over.)
    thinking_by_model: dict[str, bool] = field(default_factory=dict)
    # Interface
    ui_language: str = ""  # "" follows the system
    theme: Theme = "system"
    # A summary, translation or download that ends while Quill is in the background says so
    # (a system notification, else a flashing taskbar entry: ui/long_jobs.py)
    notify_long_jobs: bool = True
    # The window as it was left: geometry, splitters, the last pane and each pane's options
    # (written and read by ui/window_state.py, which checks every value it reads back)
    ui_state: dict[str, Any] = field(default_factory=dict)
    # The first-run welcome (ui/dialogs/welcome.py) was finished or skipped: never shown again
    welcome_done: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


# Whole-number fields that only make sense within bounds (inclusive); outside them, the default.
RANGES: dict[str, tuple[int, int]] = {"parallel_sequences": (0, MAX_PARALLEL_SEQUENCES)}

# Migrations take the raw dict of version N and return the dict of version N + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


@dataclass
class LoadResult:
    settings: Settings
    warnings: list[str]


def _accepts(annotation: Any, value: Any) -> bool:
    """Whether a JSON value fits a field's type (bool is not taken for int or float)."""
    if isinstance(annotation, str):  # postponed annotations are resolved by the caller
        raise TypeError(annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_accepts(arg, value) for arg in typing.get_args(annotation))
    if annotation is type(None):
        return value is None
    if origin is Literal:
        return any(value == choice and type(value) is type(choice) for choice in typing.get_args(annotation))
    if origin is dict or annotation is dict:
        return isinstance(value, dict)
    if annotation is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if annotation is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if annotation is Any:
        return True
    return isinstance(value, annotation)


def settings_from_dict(raw: dict[str, Any]) -> LoadResult:
    """Build Settings from parsed JSON, migrating old versions and dropping bad fields."""
    warnings: list[str] = []
    version = raw.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        warnings.append(msg("Settings had no valid version; reading them as the current version."))
        version = SCHEMA_VERSION
    if version > SCHEMA_VERSION:
        warnings.append(
            msg(
                "Settings were written by a newer Quill (version {version}); unknown fields are ignored.",
                version=version,
            )
        )
    while version < SCHEMA_VERSION:
        raw = MIGRATIONS[version](raw)
        version += 1

    hints = typing.get_type_hints(Settings)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(Settings):
        if f.name == "version" or f.name not in raw:
            continue
        value = raw[f.name]
        knob = sampling.KNOBS_BY_NAME.get(f.name)
        bounds = RANGES.get(f.name)
        if (
            _accepts(hints[f.name], value)
            and (knob is None or knob.problem(value) is None)
            and (bounds is None or bounds[0] <= value <= bounds[1])
        ):
            values[f.name] = float(value) if hints[f.name] is float else value
        else:
            warnings.append(
                msg("Setting '{name}' had an invalid value ({value!r}); using the default.", name=f.name, value=value)
            )
    return LoadResult(Settings(**values), warnings)


def load_settings(path: Path) -> LoadResult:
    """Read settings; a missing file gives defaults, a damaged one is kept aside as ``*.corrupt-*``."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LoadResult(Settings(), [])
    except (OSError, UnicodeDecodeError) as exc:
        return _recover(path, f"could not be read ({exc.__class__.__name__})")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        return _recover(path, f"is not valid JSON (line {exc.lineno})")
    if not isinstance(raw, dict):
        return _recover(path, "does not hold a settings object")
    return settings_from_dict(raw)


def _recover(path: Path, problem: str) -> LoadResult:
    """Move a damaged file aside and fall back to the last good backup, else to defaults."""
    backup_name = f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}"
    kept = path.with_name(backup_name)
    try:
        os.replace(path, kept)
        where = f"kept as {kept.name}"
    except OSError:
        where = "left in place"
    log.warning("settings file %s %s; %s", path, problem, where)
    message = f"Settings file {problem}; it was {where}"
    previous = path.with_name(path.name + ".bak")
    if previous.is_file():
        try:
            raw = json.loads(previous.read_text(encoding="utf-8"))
            if isinstance(raw, dict):
                result = settings_from_dict(raw)
                return LoadResult(
                    result.settings, [message + " and the last good settings were restored."] + result.warnings
                )
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            pass
    return LoadResult(Settings(), [message + " and defaults are used."])


def _keep_backup(path: Path) -> None:
    """Copy the current file to ``*.bak`` atomically; the original stays in place throughout."""
    if not path.is_file():
        return
    backup = path.with_name(path.name + ".bak")
    partial = backup.with_name(backup.name + ".tmp")
    try:
        shutil.copyfile(path, partial)
        os.replace(partial, backup)
    except OSError:
        log.warning("could not keep a backup of %s", path)


def save_settings(settings: Settings, path: Path) -> None:
    """Write atomically, keeping the previous good file as ``*.bak``.

    Raises:
        SettingsError: the folder is not writable or the disk is full; the old file is untouched.
    """
    data = dataclasses.asdict(settings)
    data["version"] = SCHEMA_VERSION
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _keep_backup(path)
        atomic_write_text(path, text)
    except OSError as exc:
        raise SettingsError(
            msg("Could not save settings to {path}: {value}.", path=path, value=exc.strerror or exc)
        ) from exc


def thinking_default(settings: Settings, model: str) -> bool | None:
    """The thinking switch last chosen for ``model`` (None: never chosen, or a damaged entry)."""
    value = settings.thinking_by_model.get(model)
    return value if isinstance(value, bool) else None


def with_thinking_default(settings: Settings, model: str, on: bool) -> Settings:
    """``settings`` remembering ``on`` as ``model``'s thinking default."""
    chosen = {k: v for k, v in settings.thinking_by_model.items() if isinstance(v, bool)}
    chosen[model] = on
    return dataclasses.replace(settings, thinking_by_model=chosen)
