"""Finding GGUF models on the Hugging Face Hub (through huggingface-hub).

Search, a repository's .gguf files with their sizes, quantization labels and SHA-256 (from the
LFS metadata), and the quantization that suits this machine. The transfer itself is
download.py's: huggingface-hub's downloader deletes partial files and cannot be cancelled.

``HF_ENDPOINT`` is read when a Hub is created (not when huggingface-hub is imported), so tests
and mirrors can point Quill at another server.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from assistant.core.errors import UserFacingError
from assistant.core.i18n import msg
from assistant.core.models.memory import RUNTIME_BYTES, Fit, MachineMemory, MemoryEstimate, judge_fit
from assistant.core.models.naming import display_stem, quant_label, split_name

log = logging.getLogger(__name__)

# huggingface-hub's telemetry adds a fetch of huggingface.co/api/agent-harnesses (whatever
# HF_ENDPOINT says) to the first request: Quill contacts only the Hub the user asked for.
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

DEFAULT_ENDPOINT = "https://huggingface.co"
# Bits per weight of common quantizations (file size / parameters), to guess a model's size.
BITS_PER_WEIGHT = {
    "IQ1": 1.8,
    "IQ2": 2.5,
    "Q2_K": 3.0,
    "IQ3": 3.4,
    "Q3_K": 3.9,
    "IQ4": 4.4,
    "Q4_0": 4.5,
    "Q4_1": 5.0,
    "Q4_K": 4.85,
    "Q5_0": 5.5,
    "Q5_1": 6.0,
    "Q5_K": 5.7,
    "Q6_K": 6.6,
    "Q8_0": 8.5,
    "F16": 16.0,
    "BF16": 16.0,
    "FP16": 16.0,
    "F32": 32.0,
    "FP32": 32.0,
    "MXFP4": 4.25,
    "TQ1": 1.7,
    "TQ2": 2.1,
}
MAX_RECOMMENDED_BITS = 8.5  # beyond Q8_0 a local model gains nothing a user would notice


class HubError(UserFacingError):
    """The Hub could not be reached or refused a request; the message says which and why."""


@dataclass(frozen=True)
class RepoHit:
    repo: str
    downloads: int
    likes: int
    updated: datetime | None
    tags: tuple[str, ...]


@dataclass(frozen=True)
class HubFile:
    """One downloadable model: a single .gguf, or all the parts of a split one."""

    repo: str
    revision: str  # the commit the listing came from: downloads pin it
    parts: tuple[str, ...]  # repository paths, first part first
    sizes: tuple[int, ...]
    sha256s: tuple[str | None, ...]

    @property
    def filename(self) -> str:
        return self.parts[0]

    @property
    def size(self) -> int:
        return sum(self.sizes)

    @property
    def quantization(self) -> str:
        return quant_label(self.filename)

    @property
    def title(self) -> str:
        return display_stem(self.filename)

    @property
    def bits_per_weight(self) -> float:
        label = self.quantization
        for key in sorted(BITS_PER_WEIGHT, key=len, reverse=True):
            if label.startswith(key):
                return BITS_PER_WEIGHT[key]
        return 5.0

    def estimate(self, n_ctx: int) -> MemoryEstimate:
        """Rough, from the size alone (the library measures the real file once it is here)."""
        billions = self.size * 8 / self.bits_per_weight / 1e9
        kv = int(n_ctx * 16 * 1024 * billions)
        return MemoryEstimate(weights=self.size, kv_cache=kv, compute=512 * 4 * n_ctx * 32, runtime=RUNTIME_BYTES)


def hub_offline() -> bool:
    """Whether the user turned Hub access off (``HF_HUB_OFFLINE``), as huggingface-hub reads it."""
    from huggingface_hub import constants

    return bool(constants.HF_HUB_OFFLINE)


def hub_endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


class Hub:
    """A thin, error-translating layer over ``huggingface_hub.HfApi``."""

    def __init__(self, endpoint: str | None = None, token: str | None = None, timeout: float = 20.0) -> None:
        from huggingface_hub import HfApi, constants

        constants.HF_HUB_DISABLE_TELEMETRY = True  # in case huggingface-hub was imported before this module

        self.endpoint = (endpoint or hub_endpoint()).rstrip("/")
        self.timeout = timeout
        self._token = token
        self._api = HfApi(endpoint=self.endpoint, token=token)

    def search(self, query: str, limit: int = 30) -> list[RepoHit]:
        """GGUF repositories matching ``query``, most downloaded first."""
        query = query.strip()
        if not query:
            return []

        def run() -> list[RepoHit]:
            hits = []
            for info in self._api.list_models(search=query, filter="gguf", sort="downloads", limit=limit):
                hits.append(
                    RepoHit(
                        repo=info.id,
                        downloads=int(info.downloads or 0),
                        likes=int(info.likes or 0),
                        updated=info.last_modified,
                        tags=tuple(info.tags or ()),
                    )
                )
            return hits

        return self._call(run, msg("search for '{query}'", query=query))

    def files(self, repo: str, revision: str | None = None) -> list[HubFile]:
        """The repository's models (split parts grouped), smallest first."""

        def run() -> list[HubFile]:
            info = self._api.model_info(repo, revision=revision, files_metadata=True, timeout=self.timeout)
            return group_files(repo, info.sha or revision or "main", _siblings(info.siblings or []))

        return self._call(run, msg("list the files of {repo}", repo=repo))

    def file_url(self, repo: str, filename: str, revision: str = "main") -> str:
        from huggingface_hub import hf_hub_url

        return hf_hub_url(repo, filename, revision=revision, endpoint=self.endpoint)

    def auth_headers(self) -> dict[str, str]:
        """The headers huggingface-hub would send (user agent, and the user's token if logged in)."""
        from huggingface_hub.utils import build_hf_headers

        return dict(build_hf_headers(token=self._token))

    def _call(self, run, what: str):  # type: ignore[no-untyped-def]
        from huggingface_hub.errors import (
            GatedRepoError,
            HfHubHTTPError,
            RepositoryNotFoundError,
            RevisionNotFoundError,
        )

        if hub_offline():
            raise HubError(msg("Could not {what}: Hub access is turned off (HF_HUB_OFFLINE is set).", what=what))
        try:
            return run()
        except GatedRepoError:
            raise HubError(
                msg(
                    "Could not {what}: the repository is gated; accept its licence on the Hub and log in with `hf auth login`.",
                    what=what,
                )
            ) from None
        except (RepositoryNotFoundError, RevisionNotFoundError):
            raise HubError(msg("Could not {what}: no such repository on the Hub.", what=what)) from None
        except HfHubHTTPError as exc:
            status = exc.response.status_code if exc.response is not None else "?"
            raise HubError(msg("Could not {what}: the Hub answered HTTP {status}.", what=what, status=status)) from None
        except OSError as exc:
            raise HubError(
                msg("Could not {what}: the Hub cannot be reached ({reason}).", what=what, reason=_reason(exc))
            ) from None
        except Exception as exc:  # httpx2 transport errors are not OSError subclasses
            if type(exc).__module__.startswith("httpx"):
                raise HubError(
                    msg("Could not {what}: the Hub cannot be reached ({reason}).", what=what, reason=_reason(exc))
                ) from None
            raise


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:120]


def _siblings(siblings: Iterable[object]) -> list[tuple[str, int | None, str | None]]:
    rows = []
    for sibling in siblings:
        name = getattr(sibling, "rfilename", "")
        lfs = getattr(sibling, "lfs", None)
        size = getattr(sibling, "size", None)
        sha = getattr(lfs, "sha256", None) if lfs is not None else None
        if lfs is not None and size is None:
            size = getattr(lfs, "size", None)
        rows.append((name, size, sha))
    return rows


def group_files(repo: str, revision: str, rows: list[tuple[str, int | None, str | None]]) -> list[HubFile]:
    """Turn a listing of (path, size, sha256) into models: .gguf only, split parts together,
    vision projectors and incomplete splits left out."""
    singles: list[HubFile] = []
    splits: dict[tuple[str, str, int], dict[int, tuple[str, int, str | None]]] = {}
    for name, size, sha in rows:
        if not name.lower().endswith(".gguf") or "mmproj" in name.lower():
            continue
        split = split_name(name)
        if split is None:
            singles.append(HubFile(repo, revision, (name,), (int(size or 0),), (sha,)))
            continue
        folder = name.rsplit("/", 1)[0] if "/" in name else ""
        splits.setdefault((folder, split.stem, split.count), {})[split.index] = (name, int(size or 0), sha)
    for (_folder, _stem, count), parts in splits.items():
        if sorted(parts) != list(range(1, count + 1)):
            log.info("%s: split model %s is incomplete on the Hub", repo, _stem)
            continue
        ordered = [parts[i] for i in range(1, count + 1)]
        singles.append(
            HubFile(
                repo, revision, tuple(p[0] for p in ordered), tuple(p[1] for p in ordered), tuple(p[2] for p in ordered)
            )
        )
    return sorted(singles, key=lambda f: (f.size, f.filename))


def recommend(files: list[HubFile], machine: MachineMemory, n_ctx: int) -> HubFile | None:
    """The best quantization for this machine: the largest file (up to Q8_0) it runs
    comfortably; if none, a 4-bit one that runs tight (below 4 bits quality drops fast),
    else the smallest that runs at all; None if nothing will."""
    candidates = [f for f in files if f.bits_per_weight <= MAX_RECOMMENDED_BITS]
    fitting = [f for f in candidates if judge_fit(f.estimate(n_ctx), machine) is Fit.FITS]
    tight = [f for f in candidates if judge_fit(f.estimate(n_ctx), machine) is Fit.TIGHT]
    four_bit = [f for f in tight if 4.0 <= f.bits_per_weight <= 5.0]
    best = max(fitting, key=lambda f: f.size) if fitting else None
    if best is not None and (best.bits_per_weight >= 4.0 or not four_bit):
        return best
    if four_bit:
        return max(four_bit, key=lambda f: f.size)
    return best or (min(tight, key=lambda f: f.size) if tight else None)
