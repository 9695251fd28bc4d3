"""Turn settings (plus a caller's overrides) into a model to load and options to generate with.

The CLI and the GUI worker both go through here, so they pick the same model
and the same defaults. llama_cpp is imported only when a model is opened.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.core.backends.base import Backend, ProgressCallback
from assistant.core.backends.remote_spec import RemoteSpec, split_base_url
from assistant.core.errors import BadInputError
from assistant.core.i18n import msg
from assistant.core.models.model_settings import effective_flash_attn, for_model, recommended_for
from assistant.core.models.starter import STARTER_NAME, find_starter_model, require_starter_model
from assistant.core.sampling import SAVED_KNOBS
from assistant.core.settings import BACKENDS, MAX_PARALLEL_SEQUENCES, BackendKind, Settings
from assistant.core.types import GenerationParams, ModelInfo, ModelSpec

if TYPE_CHECKING:
    from assistant.core.models.memory import MachineMemory


@dataclass(frozen=True)
class ModelChoice:
    spec: ModelSpec
    display_name: str | None  # None: the name the file carries
    remote: RemoteSpec | None = None  # set: use this server instead of a local file

    @property
    def label(self) -> str:
        """Where the model is: a file path or a server address (for the status bar and logs)."""
        return self.remote.base_url if self.remote is not None else str(self.spec.path)


def choose_model(settings: Settings, model_path: str | Path | None = None, **overrides: Any) -> ModelChoice:
    """The model to load: ``model_path`` if given, else the one in settings, else the starter model.

    The settings are the ones this model sees (core/models/model_settings.py: its own values, then
    the app's). ``overrides`` replace ModelSpec fields (n_ctx, n_threads, n_gpu_layers, n_seq, ...)
    when not None; ``kv_cache_type`` and ``flash_attn`` (auto/on/off) take the settings' words.
    ``n_seq`` is the parallel-sequences setting (``settings.parallel_sequences`` unless overridden):
    a number from 1 to 8 is kept; 0 (automatic) stays 0 here and :func:`resolve_sequences` turns it
    into a number when the model is opened (:func:`open_local_model`), because that needs the file's
    shape, and reading it (gguf and numpy imported, the header parsed: ~150 ms on the starter model)
    does not belong on the GUI thread before the window shows.
    """
    chosen = model_path if model_path is not None else settings.model_path
    if chosen:
        path, name = Path(chosen).expanduser(), None
    else:
        path, name = require_starter_model(), STARTER_NAME
    starter = find_starter_model()
    if starter is not None and path == starter:
        name = STARTER_NAME
    settings = for_model(settings, path)  # this model's own values over the app's (no header read)
    cache = overrides.pop("kv_cache_type", None) or settings.kv_cache_type
    flash = overrides.pop("flash_attn", None) or settings.flash_attn
    spec = ModelSpec(
        path=path,
        n_ctx=settings.n_ctx,
        n_threads=settings.n_threads,
        n_gpu_layers=settings.n_gpu_layers,
        chat_template=settings.chat_template_override or None,
        n_seq=settings.parallel_sequences,
        kv_cache_type=cache,
    )
    spec = replace(spec, **{k: v for k, v in overrides.items() if v is not None})
    spec = replace(spec, flash_attn=effective_flash_attn(cache, flash, gpu=spec.n_gpu_layers != 0))
    if spec.n_seq >= 1:
        spec = replace(spec, n_seq=min(spec.n_seq, MAX_PARALLEL_SEQUENCES))
    return ModelChoice(spec, name)


def resolve_sequences(spec: ModelSpec, machine: MachineMemory | None = None) -> ModelSpec:
    """``spec`` with its number of sequences settled: 1 to 8 is kept; 0 (automatic) becomes the most,
    up to 4, that ``machine``'s memory (this one's by default) allows for this model with ``spec.n_ctx``
    tokens per sequence (core/models/memory.py: choose_parallel).

    Reads the file's header, so call it on the thread that loads. A file that cannot be read gets
    one sequence: loading it then reports the problem in its own words.
    """
    if spec.n_seq >= 1:
        return replace(spec, n_seq=min(spec.n_seq, MAX_PARALLEL_SEQUENCES))
    from assistant.core.errors import ModelFileError
    from assistant.core.models.gguf_check import check_gguf
    from assistant.core.models.memory import choose_parallel, estimate_memory, machine_memory
    from assistant.core.models.naming import split_name

    try:
        summary = check_gguf(spec.path)
        split = split_name(spec.path.name)
        parts = [spec.path.with_name(split.part_name(i)) for i in range(1, split.count + 1)] if split else [spec.path]
        weights = sum(part.stat().st_size for part in parts if part.is_file())
    except (ModelFileError, OSError):
        return replace(spec, n_seq=1)
    n_ctx = spec.n_ctx if spec.n_ctx > 0 else summary.context_length
    if summary.context_length > 0:
        n_ctx = min(n_ctx, summary.context_length)  # as the backend caps it
    one = estimate_memory(
        summary,
        max(1, n_ctx),
        n_gpu_layers=spec.n_gpu_layers,
        weights_bytes=weights,
        kv_cache_type=spec.kv_cache_type,
        flash_attn=spec.flash_attn is True,
    )
    return replace(spec, n_seq=choose_parallel(0, one, machine or machine_memory()))


def choose_engine(
    settings: Settings,
    model_path: str | Path | None = None,
    *,
    backend: BackendKind | None = None,
    base_url: str | None = None,
    remote_model: str | None = None,
    **overrides: Any,
) -> ModelChoice:
    """The local model (see :func:`choose_model`) or the remote endpoint that settings and the caller ask for.

    The API key comes from the keyring, this session or ``QUILL_API_KEY``, never from settings.
    """
    kind = backend or settings.backend
    if kind not in BACKENDS:
        raise BadInputError(msg("Unknown backend '{kind}'; use 'local' or 'remote'.", kind=kind))
    if kind == "local":
        return choose_model(settings, model_path, **overrides)
    from assistant.core.stores.api_keys import get_api_key

    url = (base_url if base_url is not None else settings.remote_base_url).strip()
    if not url:
        raise BadInputError(msg("No server address is set; give --base-url URL or set one in Settings."))
    split_base_url(url)  # a malformed address fails here, in one line
    n_ctx = overrides.get("n_ctx") or settings.remote_n_ctx
    remote = RemoteSpec(
        base_url=url,
        model=remote_model if remote_model is not None else settings.remote_model,
        api_key=get_api_key(url),
        ca_file=settings.remote_ca_file or None,
        n_ctx=n_ctx,
    )
    return ModelChoice(ModelSpec(path=Path(), n_ctx=n_ctx), None, remote)


def generation_params(settings: Settings, model: str | Path | None = None, **overrides: Any) -> GenerationParams:
    """Sampling options: the knobs saved in settings, then ``overrides`` (any knob) that are not None.

    With ``model`` (the file loaded), the knobs are that model's: set for it, else recommended by its
    GGUF metadata, else the app's (core/models/model_settings.py; the metadata is read once per file).
    """
    if model is not None:
        settings = for_model(settings, model, recommended_for(model))
    values: dict[str, Any] = {k.name: getattr(settings, k.name) for k in SAVED_KNOBS}
    if "repeat_last_n" in settings.extra:
        values["repeat_last_n"] = settings.extra["repeat_last_n"]
    values.update({k: v for k, v in overrides.items() if v is not None})
    if "stop" in values:
        values["stop"] = tuple(values["stop"])
    return GenerationParams(**values)


def open_model(choice: ModelChoice, on_progress: ProgressCallback | None = None) -> tuple[Backend, ModelInfo]:
    """Open ``choice`` on the calling thread: a local model through llama.cpp, or a remote server."""
    if choice.remote is None:
        return open_local_model(choice, on_progress)
    from assistant.core.backends.remote import RemoteBackend

    backend = RemoteBackend(choice.remote)
    info = backend.load(choice.spec, on_progress)
    return backend, info


def open_local_model(choice: ModelChoice, on_progress: ProgressCallback | None = None) -> tuple[Backend, ModelInfo]:
    """Load ``choice`` in this process with llama.cpp, on the calling thread (which then owns it),
    with as many sequences as its spec says (automatic: settled here, see :func:`resolve_sequences`)."""
    from assistant.core.backends.llama import LlamaBackend

    backend = LlamaBackend()
    info = backend.load(resolve_sequences(choice.spec), on_progress, name=choice.display_name)
    return backend, info


def gpu_offload_info() -> tuple[bool, str]:
    """Whether this llama.cpp build can offload layers to a GPU, and its backend's name.

    The settings dialog asks through here, so the UI never imports llama_cpp itself.
    """
    from assistant.core.backends.llama import gpu_offload_info as probe

    return probe()
