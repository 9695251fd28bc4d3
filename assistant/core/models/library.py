"""The models on this machine: Quill's models folder, imported files, the starter model, and
GGUF files other apps already downloaded (found read-only, never moved or deleted).

Every file is checked with :func:`check_gguf` before it is listed as usable; one that fails is
listed with its one-line reason, so a user sees why it is not offered. Split GGUF files
(``-00001-of-0000N``) are one model. A manifest in the models folder remembers what Quill
downloaded (with the SHA-256 it verified) and which outside files the user imported.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.core.errors import BadInputError, ModelFileError, UserFacingError
from assistant.core.files import atomic_write_text, hash_into, remove_empty_dirs
from assistant.core.i18n import msg
from assistant.core.models.gguf_check import GGUFSummary, check_gguf
from assistant.core.models.memory import MemoryEstimate, estimate_memory
from assistant.core.models.naming import display_stem, quant_label, split_name
from assistant.core.models.starter import STARTER_NAME, find_starter_model
from assistant.core.settings import Settings

log = logging.getLogger(__name__)

MANIFEST_NAME = "quill-models.json"
PARTIAL_DIR = ".partial"  # downloads in progress live here, never scanned as models

SOURCE_STARTER = "starter"
SOURCE_QUILL = "quill"  # downloaded or copied into Quill's models folder
SOURCE_IMPORTED = "imported"  # a file elsewhere that the user added
SOURCE_LABELS = {  # where a model came from, for people (msg(): said in their language; app names as they are)
    SOURCE_STARTER: msg("Starter model"),
    SOURCE_QUILL: "Quill",
    SOURCE_IMPORTED: msg("Imported"),
    "huggingface": msg("Hugging Face cache"),
    "lmstudio": "LM Studio",
    "gpt4all": "GPT4All",
}


@dataclass(frozen=True)
class InstalledModel:
    """One usable (or refused) model. ``path`` is the file llama.cpp opens (the first part)."""

    path: Path
    name: str
    source: str
    parts: tuple[Path, ...]
    file_size: int
    summary: GGUFSummary | None
    problem: str | None = None  # why it cannot be used, one line; None when it can
    sha256: str | None = None  # recorded when Quill verified it (download or import)
    repo: str | None = None
    total_params: int = 0  # over all parts

    @property
    def usable(self) -> bool:
        return self.problem is None and self.summary is not None

    @property
    def quantization(self) -> str:
        return (self.summary.file_type if self.summary and self.summary.file_type else "") or quant_label(
            self.path.name
        )

    @property
    def architecture(self) -> str:
        return self.summary.architecture if self.summary else ""

    @property
    def n_params(self) -> int:
        return self.total_params

    @property
    def context_length(self) -> int:
        return self.summary.context_length if self.summary else 0

    @property
    def has_chat_template(self) -> bool:
        return bool(self.summary and self.summary.has_chat_template)

    @property
    def is_embedding(self) -> bool:
        """An embedding model: offered in Settings → Library and to ``/v1/embeddings``, never for chat."""
        return bool(self.summary and self.summary.is_embedding)

    @property
    def chat_usable(self) -> bool:
        """Usable, and a model that can chat (what the model pickers offer)."""
        return self.usable and not self.is_embedding

    @property
    def removable(self) -> bool:
        """Quill deletes only what it owns; imports are forgotten, other apps' files left alone."""
        return self.source in (SOURCE_QUILL, SOURCE_IMPORTED)

    def estimate_for(self, settings: Settings, n_ctx: int | None = None) -> MemoryEstimate | None:
        """What this model costs loaded as ``settings`` say for it (its own context, GPU layers and
        cache type over the app's: core/models/model_settings.py); ``n_ctx`` replaces the context."""
        from assistant.core.models.model_settings import effective_flash_attn, for_model

        mine = for_model(settings, self.path)
        flash = effective_flash_attn(mine.kv_cache_type, mine.flash_attn, gpu=mine.n_gpu_layers != 0)
        return self.estimate(
            n_ctx if n_ctx is not None else mine.n_ctx,
            mine.n_gpu_layers,
            kv_cache_type=mine.kv_cache_type,
            flash_attn=flash is True,
        )

    def estimate(
        self, n_ctx: int, n_gpu_layers: int = 0, kv_cache_type: str = "f16", flash_attn: bool = False
    ) -> MemoryEstimate | None:
        if self.summary is None:
            return None
        return estimate_memory(
            self.summary,
            n_ctx,
            n_gpu_layers=n_gpu_layers,
            weights_bytes=self.file_size,
            kv_cache_type=kv_cache_type,
            flash_attn=flash_attn,
        )


@dataclass(frozen=True)
class VerifyResult:
    model: InstalledModel
    sha256: str  # of the first part (or the only file)
    expected: str | None
    structure_ok: bool
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.structure_ok and (self.expected is None or self.expected == self.sha256)


def default_discovery_roots(home: Path | None = None, environ: dict[str, str] | None = None) -> list[tuple[str, Path]]:
    """Where other apps keep GGUF files on this OS: the Hugging Face cache, LM Studio, GPT4All."""
    env = dict(os.environ if environ is None else environ)
    home = home or Path.home()
    roots: list[tuple[str, Path]] = []
    hf_cache = env.get("HF_HUB_CACHE") or (
        str(Path(env["HF_HOME"]) / "hub") if env.get("HF_HOME") else str(home / ".cache" / "huggingface" / "hub")
    )
    roots.append(("huggingface", Path(hf_cache)))
    roots.append(("lmstudio", home / ".lmstudio" / "models"))
    roots.append(("lmstudio", home / ".cache" / "lm-studio" / "models"))
    if sys.platform == "darwin":
        roots.append(("gpt4all", home / "Library" / "Application Support" / "nomic.ai" / "GPT4All"))
    elif sys.platform == "win32":
        local = env.get("LOCALAPPDATA")
        if local:
            roots.append(("gpt4all", Path(local) / "nomic.ai" / "GPT4All"))
    else:
        data_home = Path(env.get("XDG_DATA_HOME") or home / ".local" / "share")
        roots.append(("gpt4all", data_home / "nomic.ai" / "GPT4All"))
    return roots


class Library:
    """Lists, imports, removes and verifies models. Cheap to create; :meth:`scan` does the work.

    Safe to use from several threads: the manifest is read and written under a lock, always
    atomically, and a damaged manifest is set aside (the files themselves are still listed).
    """

    def __init__(
        self,
        models_dir: Path,
        discovery_roots: Iterable[tuple[str, Path]] = (),
        *,
        include_starter: bool = True,
        architecture_check: Callable[[str], bool] | None = None,
    ) -> None:
        self.models_dir = Path(models_dir)
        self.discovery_roots = list(discovery_roots)
        self.include_starter = include_starter
        self._architecture_check = architecture_check
        self._lock = threading.RLock()
        self._summaries: dict[tuple[str, int, int], GGUFSummary | str] = {}

    # ----- manifest ------------------------------------------------------------------------

    @property
    def manifest_path(self) -> Path:
        return self.models_dir / MANIFEST_NAME

    def _read_manifest(self) -> dict[str, Any]:
        try:
            raw = json.loads(self.manifest_path.read_text(encoding="utf-8"))
            if isinstance(raw, dict) and isinstance(raw.get("models"), dict):
                return raw
            raise ValueError("not a manifest")
        except FileNotFoundError:
            return {"version": 1, "models": {}}
        except (OSError, ValueError) as exc:
            aside = self.manifest_path.with_name(f"{MANIFEST_NAME}.corrupt-{int(time.time())}")
            log.warning("model manifest unreadable (%s); kept as %s", exc, aside.name)
            try:
                self.manifest_path.replace(aside)
            except OSError:
                pass
            return {"version": 1, "models": {}}

    def _write_manifest(self, manifest: dict[str, Any]) -> None:
        self.models_dir.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.manifest_path, json.dumps(manifest, indent=2, ensure_ascii=False))

    def _manifest_key(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.models_dir.resolve()).as_posix()
        except ValueError:
            return str(path.resolve())

    def record(self, path: Path, **fields: Any) -> None:
        """Remember facts about a model file (``sha256``, ``repo``, ``revision``, ``imported``)."""
        with self._lock:
            manifest = self._read_manifest()
            entry = manifest["models"].setdefault(self._manifest_key(path), {})
            entry.update({k: v for k, v in fields.items() if v is not None})
            entry.setdefault("added", time.strftime("%Y-%m-%dT%H:%M:%S"))
            self._write_manifest(manifest)

    def _forget(self, path: Path) -> None:
        with self._lock:
            manifest = self._read_manifest()
            if manifest["models"].pop(self._manifest_key(path), None) is not None:
                self._write_manifest(manifest)

    # ----- listing -------------------------------------------------------------------------

    def scan(self) -> list[InstalledModel]:
        """Every model found, Quill's own first, then imports, then other apps' files."""
        with self._lock:
            manifest = self._read_manifest()["models"]
        found: list[InstalledModel] = []
        seen: set[Path] = set()

        def add(model: InstalledModel | None) -> None:
            if model is None:
                return
            key = model.path.resolve()
            if key not in seen:
                seen.add(key)
                found.append(model)

        if self.include_starter:
            starter = find_starter_model()
            if starter is not None:
                add(self._describe([starter], SOURCE_STARTER, {}, name=STARTER_NAME))
        for group in _gguf_groups(self.models_dir):
            add(self._describe(group, SOURCE_QUILL, manifest.get(self._manifest_key(group[0]), {})))
        for key, entry in manifest.items():
            if entry.get("imported") and Path(key).is_absolute():
                first = Path(key)
                parts = _parts_of(first)
                add(self._describe(parts, SOURCE_IMPORTED, entry))
        for source, root in self.discovery_roots:
            for group in _gguf_groups(root, follow_links=True):
                repo = _hf_repo(root, group[0]) if source == "huggingface" else None
                add(self._describe(group, source, {"repo": repo} if repo else {}))
        return found

    def find(self, query: str | Path) -> InstalledModel:
        """A model by name, file name, manifest key or path (case-insensitive). BadInputError if none."""
        text = str(query).strip()
        models = self.scan()
        path = Path(text).expanduser()
        for model in models:
            if path.is_absolute() and path.exists() and model.path.resolve() == path.resolve():
                return model
        lowered = text.lower()
        for matcher in (
            lambda m: m.name.lower() == lowered,
            lambda m: m.path.name.lower() == lowered,
            lambda m: self._manifest_key(m.path).lower() == lowered,
            lambda m: display_stem(m.path.name).lower() == lowered,
        ):
            hits = [m for m in models if matcher(m)]
            if len(hits) == 1:
                return hits[0]
            if len(hits) > 1:
                raise BadInputError(
                    msg("'{text}' matches {n_hits} models; give the file path instead.", text=text, n_hits=len(hits))
                )
        raise BadInputError(msg("No installed model is called '{text}'; `quill models list` shows them.", text=text))

    def _describe(
        self, parts: list[Path], source: str, entry: dict[str, Any], name: str | None = None
    ) -> InstalledModel | None:
        first = parts[0]
        try:
            sizes = [p.stat().st_size for p in parts]
        except OSError:
            sizes = []
        problem: str | None = None
        summary: GGUFSummary | None = None
        n_params = 0
        if not sizes:
            problem = f"Cannot use model {first}: the file does not exist."
        else:
            split = split_name(first.name)
            if split is not None and len(parts) != split.count:
                problem = f"Cannot use model {first}: only {len(parts)} of its {split.count} parts are here."
            else:
                result = self._check(first)
                if isinstance(result, str):
                    problem = result
                else:
                    summary = result
                    n_params = result.n_params
                    for part in parts[1:]:
                        extra = self._check(part, split_part=True)
                        if isinstance(extra, str):
                            problem, summary = extra, None
                            break
                        n_params += extra.n_params
        title = name or (summary.name if summary and summary.name != first.stem else display_stem(first.name))
        return InstalledModel(
            path=first,
            name=title,
            source=source,
            parts=tuple(parts),
            file_size=sum(sizes),
            summary=summary,
            problem=problem,
            sha256=entry.get("sha256"),
            repo=entry.get("repo"),
            total_params=n_params if summary is not None else 0,
        )

    def _check(self, path: Path, split_part: bool = False) -> GGUFSummary | str:
        try:
            st = path.stat()
        except OSError:
            return f"Cannot use model {path}: the file does not exist."
        key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
        cached = self._summaries.get(key)
        if cached is not None:
            return cached
        try:
            result: GGUFSummary | str = check_gguf(path, self._architecture_check, allow_split_part=split_part)
        except ModelFileError as exc:
            result = exc.message
        self._summaries[key] = result
        return result

    # ----- changes -------------------------------------------------------------------------

    def import_model(self, path: Path | str, *, copy: bool = False) -> InstalledModel:
        """Add a GGUF file from elsewhere. It is checked first; a bad file is refused in one line.

        Without ``copy`` the file stays where it is and Quill remembers it; with ``copy`` it is
        copied (all parts) into the models folder, through a temporary name.
        """
        source = Path(path).expanduser()
        if not source.exists():
            raise ModelFileError(source, msg("the file does not exist"))
        if source.suffix.lower() != ".gguf":
            raise ModelFileError(source, msg("only GGUF files (.gguf) can be imported"))
        parts = _parts_of(source.resolve())
        split = split_name(parts[0].name)
        if split is not None and len(parts) != split.count:
            raise ModelFileError(
                parts[0],
                msg("only {n_parts} of its {count} parts are in that folder", n_parts=len(parts), count=split.count),
            )
        check_gguf(parts[0], self._architecture_check)
        for part in parts[1:]:
            check_gguf(part, allow_split_part=True)
        if copy:
            self.models_dir.mkdir(parents=True, exist_ok=True)
            targets = [self.models_dir / "imported" / p.name for p in parts]
            for dst in targets:
                if dst.exists():
                    raise BadInputError(
                        msg("A model file named {name} is already in the models folder.", name=dst.name)
                    )
            total = sum(p.stat().st_size for p in parts)
            free = shutil.disk_usage(self.models_dir).free
            if total > free:
                raise BadInputError(
                    msg(
                        "Not enough free space to copy the model: it needs {needed} MB and {free} MB are free in {models_dir}.",
                        needed=total // 1_000_000,
                        free=free // 1_000_000,
                        models_dir=self.models_dir,
                    )
                )
            for src, dst in zip(parts, targets):
                dst.parent.mkdir(parents=True, exist_ok=True)
                temporary = dst.parent / f".{dst.name}.copying"
                try:
                    shutil.copyfile(src, temporary)
                    os.replace(temporary, dst)
                except OSError as exc:
                    temporary.unlink(missing_ok=True)
                    raise UserFacingError(
                        msg(
                            "Could not copy {name} into the models folder: {value}.",
                            name=src.name,
                            value=exc.strerror or exc,
                        )
                    ) from None
            self.record(targets[0], sha256=_sha256_file(targets[0]))
            return self.find(targets[0])
        self.record(parts[0], imported=True, sha256=_sha256_file(parts[0]))
        return self.find(parts[0])

    def remove(self, model: InstalledModel) -> str:
        """Delete a model Quill owns, or forget an import. Returns what was done, in one sentence."""
        if model.source == SOURCE_STARTER:
            raise BadInputError(msg("The starter model cannot be removed; it keeps Quill working offline."))
        if model.source == SOURCE_IMPORTED:
            self._forget(model.path)
            return f"Forgot {model.name}; the file itself was left at {model.path}."
        if model.source != SOURCE_QUILL:
            label = SOURCE_LABELS.get(model.source, model.source)
            raise BadInputError(msg("{name} belongs to {label}; remove it there.", name=model.name, label=label))
        for part in model.parts:
            try:
                part.unlink(missing_ok=True)
            except OSError as exc:
                raise UserFacingError(
                    msg("Could not delete {part}: {value}.", part=part, value=exc.strerror or exc)
                ) from None
        self._forget(model.path)
        remove_empty_dirs(model.path.parent, self.models_dir)
        return f"Deleted {model.name} ({len(model.parts)} file{'s' if len(model.parts) > 1 else ''})."

    def verify(self, model: InstalledModel, on_progress: Callable[[int, int], None] | None = None) -> VerifyResult:
        """Check the file's structure again and compare its SHA-256 with the one recorded."""
        problem: str | None = None
        try:
            check_gguf(model.path, self._architecture_check)
            for part in model.parts[1:]:
                check_gguf(part, allow_split_part=True)
        except ModelFileError as exc:
            problem = exc.message
        structure_ok = problem is None
        digest = _sha256_file(model.path, on_progress) if model.path.exists() else ""
        expected = model.sha256
        if problem is None and expected and digest != expected:
            problem = (
                f"{model.name} has changed since it was verified: its SHA-256 is {digest[:12]}…, "
                f"expected {expected[:12]}…; download it again."
            )
        return VerifyResult(model, digest, expected, structure_ok, problem)


def _sha256_file(path: Path, on_progress: Callable[[int, int], None] | None = None) -> str:
    total = path.stat().st_size
    report = (lambda done: on_progress(done, total)) if on_progress is not None else None
    return hash_into(hashlib.sha256(), path, report).hexdigest()


def _gguf_groups(root: Path, follow_links: bool = False) -> list[list[Path]]:
    """GGUF files under ``root`` grouped into models (split parts together), skipping hidden folders."""
    if not root.is_dir():
        return []
    files: list[Path] = []
    try:
        for folder, dirs, names in os.walk(root, followlinks=follow_links):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if name.lower().endswith(".gguf") and not name.startswith("."):
                    files.append(Path(folder) / name)
    except OSError as exc:
        log.info("cannot list %s: %s", root, exc)
    groups: dict[tuple[Path, str], list[Path]] = {}
    singles: list[list[Path]] = []
    for path in files:
        if "mmproj" in path.name.lower():
            continue  # vision projectors are companions, not models
        split = split_name(path.name)
        if split is None:
            singles.append([path])
        else:
            groups.setdefault((path.parent, split.stem), []).append(path)
    grouped = [sorted(parts) for parts in groups.values()]
    return singles + grouped


def _parts_of(first: Path) -> list[Path]:
    split = split_name(first.name)
    if split is None:
        return [first]
    return [p for i in range(1, split.count + 1) if (p := first.parent / split.part_name(i)).exists()]


def _hf_repo(root: Path, path: Path) -> str | None:
    """``models--owner--name/snapshots/<rev>/file.gguf`` → ``owner/name``."""
    try:
        top = path.relative_to(root).parts[0]
    except (ValueError, IndexError):
        return None
    if top.startswith("models--"):
        return top.removeprefix("models--").replace("--", "/", 1)
    return None


__all__ = [
    "InstalledModel",
    "Library",
    "PARTIAL_DIR",
    "SOURCE_IMPORTED",
    "SOURCE_LABELS",
    "SOURCE_QUILL",
    "SOURCE_STARTER",
    "VerifyResult",
    "default_discovery_roots",
    "models_folder",
    "open_library",
]


def models_folder(settings_models_dir: str | None, default: Path) -> Path:
    """The models folder the user chose in settings, else Quill's default one."""
    return Path(settings_models_dir).expanduser() if settings_models_dir else default


def open_library(settings_models_dir: str | None, default_dir: Path, discover: bool) -> Library:
    """The library as the app and the CLI use it: the chosen folder, other apps' folders when
    ``discover``, and architectures checked against the llama.cpp build in use."""
    from assistant.core.backends.llama import is_supported_architecture

    return Library(
        models_folder(settings_models_dir, default_dir),
        default_discovery_roots() if discover else [],
        architecture_check=is_supported_architecture,
    )
