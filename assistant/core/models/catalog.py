"""The curated list of recommended models (``resources/catalog.json``).

A catalog entry names a repository and a file on the Hub. Its ``kind`` is "chat" (the default:
chat, writing, translation) or "embedding" (a model that turns text into vectors for the
Library and ``/v1/embeddings``; never offered for chat). Its SHA-256 is pinned when known;
otherwise the downloader takes it from the Hub's LFS metadata before the first byte and
checks the file against it before the model is offered (see download.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.core.errors import BadInputError
from assistant.core.i18n import msg
from assistant.core.models.memory import RUNTIME_BYTES, Fit, MachineMemory, MemoryEstimate, judge_fit
from assistant.core.resources import resource_path

if TYPE_CHECKING:
    from assistant.core.models.download import DownloadRequest
    from assistant.core.models.hub import Hub
    from assistant.core.models.speed import SpeedProbe

KV_BYTES_PER_TOKEN_PER_BILLION = 16 * 1024  # GQA models of 1-8B measured 12-17 KB per token per B
KINDS = ("chat", "embedding")
EMBEDDING_BATCH_TOKENS = 2048  # tokens per decode of core/backends/llama_embed.py


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    name: str
    repo: str
    file: str
    size_bytes: int
    sha256: str | None
    parameters: str
    quantization: str
    context_length: int
    license: str
    languages: tuple[str, ...]
    good_for: tuple[str, ...]
    description: str
    description_zh: str
    kind: str = "chat"  # one of KINDS
    dimension: int = 0  # an embedding model's vector length (0: not an embedding model)
    active_parameters: str = ""  # a mixture of experts: the parameters one token uses ("3B"); "" for dense

    @property
    def bytes_per_token(self) -> int:
        """Weights read to generate one token (the speed estimate's input, core/models/speed.py)."""
        from assistant.core.models.speed import active_bytes

        return active_bytes(self.size_bytes, self.billions, _billions(self.active_parameters))

    @property
    def is_embedding(self) -> bool:
        return self.kind == "embedding"

    @property
    def billions(self) -> float:
        try:
            return float(self.parameters.rstrip("Bb"))
        except ValueError:
            return self.size_bytes / 0.6e9  # about 4.8 bits per weight

    def estimate(self, n_ctx: int) -> MemoryEstimate:
        """A rough estimate before the file is here (the library's is exact once it is)."""
        if self.is_embedding:  # one batch of short texts, no context kept between calls
            kv = int(EMBEDDING_BATCH_TOKENS * KV_BYTES_PER_TOKEN_PER_BILLION * self.billions)
            compute = 4 * EMBEDDING_BATCH_TOKENS * (EMBEDDING_BATCH_TOKENS // 4) * 16  # attention scores, 16 heads
            return MemoryEstimate(weights=self.size_bytes, kv_cache=kv, compute=compute, runtime=RUNTIME_BYTES)
        kv = int(n_ctx * KV_BYTES_PER_TOKEN_PER_BILLION * self.billions)
        compute = 512 * 4 * n_ctx * 32  # attention scores of a typical 32-head model
        return MemoryEstimate(weights=self.size_bytes, kv_cache=kv, compute=compute, runtime=RUNTIME_BYTES)

    def fit(self, machine: MachineMemory, n_ctx: int) -> Fit:
        return judge_fit(self.estimate(n_ctx), machine)

    def description_for(self, language: str) -> str:
        return self.description_zh if language.startswith("zh") and self.description_zh else self.description


_FIELDS = {
    "id": str,
    "name": str,
    "repo": str,
    "file": str,
    "size_bytes": int,
    "parameters": str,
    "quantization": str,
    "context_length": int,
    "license": str,
    "description": str,
}


def load_catalog(path: Path | None = None) -> list[CatalogEntry]:
    """Read and check the catalog; a damaged one is a BadInputError naming the entry."""
    path = path or resource_path("catalog.json")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadInputError(msg("The model catalog {path} cannot be read: {exc}.", path=path, exc=exc)) from None
    entries: list[CatalogEntry] = []
    for index, item in enumerate(raw.get("models", []) if isinstance(raw, dict) else []):
        entries.append(_entry(item, index))
    return entries


def _entry(item: Any, index: int) -> CatalogEntry:
    if not isinstance(item, dict):
        raise BadInputError(msg("Catalog entry {index} is not an object.", index=index))
    for key, kind in _FIELDS.items():
        if not isinstance(item.get(key), kind) or isinstance(item.get(key), bool):
            raise BadInputError(
                msg(
                    "Catalog entry {index} ({item}) has no valid '{key}'.",
                    index=index,
                    item=item.get("id", "?"),
                    key=key,
                )
            )
    kind = item.get("kind", "chat")
    if kind not in KINDS:
        raise BadInputError(
            msg("Catalog entry {index} ({item}) has an unknown kind {kind!r}.", index=index, item=item["id"], kind=kind)
        )
    dimension = item.get("dimension", 0)
    if kind == "embedding" and (not isinstance(dimension, int) or isinstance(dimension, bool) or dimension <= 0):
        raise BadInputError(
            msg("Catalog entry {item} is an embedding model but has no valid 'dimension'.", item=item["id"])
        )
    sha = item.get("sha256")
    if sha is not None and (not isinstance(sha, str) or len(sha) != 64):
        raise BadInputError(msg("Catalog entry {item} has an invalid sha256.", item=item["id"]))
    return CatalogEntry(
        id=item["id"],
        name=item["name"],
        repo=item["repo"],
        file=item["file"],
        size_bytes=item["size_bytes"],
        sha256=sha.lower() if sha else None,
        parameters=item["parameters"],
        quantization=item["quantization"],
        context_length=item["context_length"],
        license=item["license"],
        languages=tuple(item.get("languages", ())),
        good_for=tuple(item.get("good_for", ())),
        description=item["description"],
        description_zh=item.get("description_zh", ""),
        kind=kind,
        dimension=dimension if kind == "embedding" else 0,
        active_parameters=active if isinstance(active := item.get("active_parameters"), str) else "",
    )


def _billions(parameters: str) -> float:
    try:
        return float(parameters.rstrip("Bb")) if parameters else 0.0
    except ValueError:
        return 0.0


def recommended(
    entries: list[CatalogEntry], machine: MachineMemory, n_ctx: int, probe: SpeedProbe | None = None
) -> list[tuple[CatalogEntry, Fit]]:
    """Entries with their verdict: those that fit first (largest first: the best this machine runs),
    then tight ones, then those that will not fit; chat models before embedding models. With a speed
    ``probe``, the chat models that would crawl (core/models/speed.py) come after the quick ones, the
    least slow first."""
    from assistant.core.models.speed import is_slow

    order = {Fit.FITS: 0, Fit.TIGHT: 1, Fit.TOO_BIG: 2}

    def slow(entry: CatalogEntry) -> bool:
        return probe is not None and not entry.is_embedding and is_slow(probe.tokens_per_second(entry.bytes_per_token))

    judged = [(entry, entry.fit(machine, n_ctx)) for entry in entries]
    return sorted(
        judged,
        key=lambda pair: (
            order[pair[1]],
            pair[0].is_embedding,
            slow(pair[0]),
            -pair[0].size_bytes if pair[1] is Fit.FITS and not slow(pair[0]) else pair[0].size_bytes,
        ),
    )


def download_request(entry: CatalogEntry, hub: Hub) -> DownloadRequest:
    """What to fetch for a catalog entry: the file as the Hub lists it now, with its SHA-256.

    The catalog may not pin a hash; the Hub's LFS metadata gives it (and the revision to pin)
    before the first byte, so the download is checked either way. A pinned hash must agree.
    """
    from assistant.core.models.download import DownloadRequest

    for hub_file in hub.files(entry.repo):
        if hub_file.filename == entry.file:
            if entry.sha256 and hub_file.sha256s[0] and hub_file.sha256s[0].lower() != entry.sha256:
                raise BadInputError(
                    msg(
                        "{file} on the Hub is not the file Quill's catalog names (its SHA-256 differs); it was not downloaded.",
                        file=entry.file,
                    )
                )
            request = DownloadRequest.from_hub_file(hub_file)
            if entry.sha256 and not request.sha256s[0]:
                request = replace(request, sha256s=(entry.sha256, *request.sha256s[1:]))
            return request
    raise BadInputError(msg("{repo} on the Hub no longer has {file}.", repo=entry.repo, file=entry.file))
