"""What a settings change requires of the running app, decided from the old and new settings alone.

The app's controller applies the answer (loads a model, restarts the API server, ...);
the rules live here, in plain Python, so they are tested without Qt or a model.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from assistant.core.models.model_settings import for_model
from assistant.core.settings import Settings

# Fields whose change means loading the same model again with new options.
# Compared as the model in use sees them (its own per-model values over the app's).
MODEL_FIELDS = (
    "n_ctx",
    "n_threads",
    "n_gpu_layers",
    "parallel_sequences",
    "chat_template_override",
    "kv_cache_type",
    "flash_attn",
)
# Fields that say which remote server to use and how.
REMOTE_FIELDS = ("backend", "remote_base_url", "remote_model", "remote_ca_file", "remote_n_ctx")
SERVE_FIELDS = ("serve_enabled", "serve_host", "serve_port")
LIBRARY_FIELDS = ("models_dir", "discover_models")


@dataclass(frozen=True)
class SettingsChange:
    """What to do after the user changed ``old`` into ``new``.

    Attributes:
        keep: the settings to use and save at once. A newly chosen local model is not in them yet:
            it is saved only once it has loaded (see :func:`settings_after_load`), so a failed
            switch keeps the model that works.
        switch_to: a local model file to load (then saved), or None.
        reload: load the engine again from ``new`` (a remote server, or the same model with new
            options); never together with ``switch_to``.
        restart_server: the API server's settings changed: stop it and start it as ``new`` says.
        retheme: apply ``new.theme``.
        rescan_models: the models folder or the discovery choice changed: list installed models again.
    """

    keep: Settings
    switch_to: Path | None = None
    reload: bool = False
    restart_server: bool = False
    retheme: bool = False
    rescan_models: bool = False


def _changed(old: Settings, new: Settings, fields: tuple[str, ...]) -> bool:
    return any(getattr(old, name) != getattr(new, name) for name in fields)


def settings_change(old: Settings, new: Settings, *, starter: Path | None, new_api_key: bool = False) -> SettingsChange:
    """What applying ``new`` (as the Settings dialog returned it) takes, coming from ``old``.

    ``starter`` is the starter model's file (None when it is not installed): choosing no model means
    that one. ``new_api_key``: the user typed a key for the remote server, which is worth
    connecting again for even when no field changed.
    """
    chosen = new.model_path
    model_chosen = chosen != old.model_path
    remote_changed = _changed(old, new, REMOTE_FIELDS) or (new_api_key and new.backend == "remote")
    switch_to: Path | None = None
    if new.backend == "remote":
        keep = new  # the chosen model file is remembered for when the local model is used again
        reload = remote_changed
    else:
        keep = dataclasses.replace(new, model_path=old.model_path)
        if model_chosen and (chosen or starter):
            switch_to = Path(chosen) if chosen else starter
        in_use = Path(old.model_path) if old.model_path else starter
        model_changed = _changed(for_model(old, in_use), for_model(new, in_use), MODEL_FIELDS)
        reload = switch_to is None and (remote_changed or model_chosen or model_changed)
    return SettingsChange(
        keep=keep,
        switch_to=switch_to,
        reload=reload,
        restart_server=_changed(old, new, SERVE_FIELDS),
        retheme=new.theme != old.theme,
        rescan_models=_changed(old, new, LIBRARY_FIELDS),
    )


def settings_after_load(settings: Settings, loaded: Path, *, starter: Path | None) -> Settings | None:
    """The settings to save once the local model ``loaded`` is in use, or None when they already say so.

    The starter model is saved as no path (it is the default); choosing a model on this computer also
    leaves a remote server, if one was in use.
    """
    model_path = None if starter is not None and Path(starter) == Path(loaded) else str(loaded)
    if model_path == settings.model_path and settings.backend == "local":
        return None
    return dataclasses.replace(settings, model_path=model_path, backend="local")
