"""A real HTTP server on 127.0.0.1 that stands in for the Hugging Face Hub.

It answers the calls huggingface-hub makes (``/api/models`` search, ``/api/models/<repo>``
with file metadata) and serves files at ``/<repo>/resolve/<rev>/<path>`` with Range support,
so the real client and Quill's downloader run against it with ``HF_ENDPOINT`` pointed here.
Faults are scripted per file: drop the connection after N bytes, stall, lie about the hash,
ignore Range, answer 429/500 first.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

COMMIT = "0123456789abcdef0123456789abcdef01234567"


@dataclass
class HubFileSpec:
    """A file the stand-in serves. ``data`` in memory, or ``disk`` for large files (sendfile)."""

    data: bytes | None = None
    disk: Path | None = None
    sha256: str | None = None  # what the metadata claims; computed from the content if None
    advertise_size: int | None = None  # what the metadata claims the size is
    lfs: bool = True
    # faults
    cut_at: list[int] = field(default_factory=list)  # successive GETs stop after these absolute offsets
    stall_at: int | None = None  # the first GET stops sending at this offset and hangs
    fail_first: list[int] = field(default_factory=list)  # status codes for the first GETs (429, 500...)
    ignore_range: bool = False
    throttle_bps: int | None = None  # bytes per second

    @property
    def size(self) -> int:
        if self.data is not None:
            return len(self.data)
        assert self.disk is not None
        return self.disk.stat().st_size

    def content_sha256(self) -> str:
        digest = hashlib.sha256()
        if self.data is not None:
            digest.update(self.data)
        else:
            assert self.disk is not None
            with open(self.disk, "rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 22), b""):
                    digest.update(chunk)
        return digest.hexdigest()


@dataclass
class HubRepo:
    files: dict[str, HubFileSpec]
    downloads: int = 100
    likes: int = 5
    tags: list[str] = field(default_factory=lambda: ["gguf", "text-generation"])


class _QuietServer(ThreadingHTTPServer):
    """Clients hanging up mid-transfer is what the tests do on purpose: not worth a traceback."""

    def handle_error(self, request: object, client_address: object) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class FakeHub:
    """Start with ``with FakeHub() as hub:``; ``hub.url`` is the endpoint."""

    def __init__(self) -> None:
        self.repos: dict[str, HubRepo] = {}
        self.requests: list[tuple[str, str, str | None]] = []  # (method, path, Range header)
        self.release_stall = threading.Event()
        self._server = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), name="FakeHub", daemon=True)
        self._get_counts: dict[str, int] = {}
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def add(self, repo: str, files: dict[str, HubFileSpec], **meta: object) -> HubRepo:
        entry = HubRepo(files, **meta)  # type: ignore[arg-type]
        self.repos[repo] = entry
        return entry

    def gets_of(self, path_suffix: str) -> list[str | None]:
        """The Range headers of the GETs whose path ends with ``path_suffix``."""
        return [rng for method, path, rng in self.requests if method == "GET" and path.endswith(path_suffix)]

    def next_get(self, key: str) -> int:
        with self._lock:
            count = self._get_counts.get(key, 0)
            self._get_counts[key] = count + 1
            return count

    def __enter__(self) -> FakeHub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release_stall.set()
        self._server.shutdown()
        self._server.server_close()


def _handler_for(hub: FakeHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
            pass

        def do_HEAD(self) -> None:  # noqa: N802
            self._route(head=True)

        def do_GET(self) -> None:  # noqa: N802
            self._route(head=False)

        def _route(self, head: bool) -> None:
            parsed = urlparse(self.path)
            path = unquote(parsed.path)
            hub.requests.append((self.command, path, self.headers.get("Range")))
            if path == "/api/models":
                return self._search(parse_qs(parsed.query))
            match = re.match(r"^/api/models/([^/]+/[^/]+?)(?:/revision/([^/]+))?$", path)
            if match:
                return self._info(match.group(1))
            match = re.match(r"^/([^/]+/[^/]+)/resolve/([^/]+)/(.+)$", path)
            if match:
                return self._file(match.group(1), match.group(3), head)
            self._json(404, {"error": "not found"})

        def _json(self, status: int, body: object, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if status == 404:
                self.send_header("X-Error-Code", "RepoNotFound")
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def _search(self, query: dict[str, list[str]]) -> None:
            text = (query.get("search") or [""])[0].lower()
            limit = int((query.get("limit") or ["1000"])[0])
            hits = [
                {
                    "id": repo,
                    "modelId": repo,
                    "downloads": entry.downloads,
                    "likes": entry.likes,
                    "tags": entry.tags,
                    "lastModified": "2026-10-01T00:00:00.000Z",
                    "private": False,
                }
                for repo, entry in hub.repos.items()
                if text in repo.lower()
            ]
            hits.sort(key=lambda h: -int(h["downloads"]))  # type: ignore[call-overload]
            self._json(200, hits[:limit])

        def _info(self, repo: str) -> None:
            entry = hub.repos.get(repo)
            if entry is None:
                return self._json(401, {"error": "Repository not found"}, {"X-Error-Code": "RepoNotFound"})
            siblings = []
            for name, spec in entry.files.items():
                size = spec.advertise_size if spec.advertise_size is not None else spec.size
                row: dict[str, object] = {"rfilename": name, "size": size, "blobId": "0" * 40}
                if spec.lfs:
                    row["lfs"] = {"size": size, "sha256": spec.sha256 or spec.content_sha256(), "pointerSize": 134}
                siblings.append(row)
            self._json(
                200,
                {
                    "id": repo,
                    "modelId": repo,
                    "sha": COMMIT,
                    "private": False,
                    "tags": entry.tags,
                    "downloads": entry.downloads,
                    "likes": entry.likes,
                    "siblings": siblings,
                },
            )

        def _file(self, repo: str, name: str, head: bool) -> None:
            entry = hub.repos.get(repo)
            spec = entry.files.get(name) if entry else None
            if spec is None:
                return self._json(404, {"error": "Entry not found"}, {"X-Error-Code": "EntryNotFound"})
            attempt = 0 if head else hub.next_get(f"{repo}/{name}")
            if not head and attempt < len(spec.fail_first):
                return self._json(spec.fail_first[attempt], {"error": "try again"}, {"Retry-After": "0"})
            size = spec.size
            start = 0
            rng = self.headers.get("Range")
            if rng and not spec.ignore_range:
                match = re.match(r"bytes=(\d+)-", rng)
                start = int(match.group(1)) if match else 0
                if start >= size:
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{size}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
            else:
                self.send_response(200)
            self.send_header("Content-Length", str(size - start))
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("ETag", f'"{spec.sha256 or "etag"}-{size}"')
            self.send_header("Accept-Ranges", "bytes")
            self.end_headers()
            if head:
                return
            stop = size
            cut_index = attempt - len(spec.fail_first)
            if 0 <= cut_index < len(spec.cut_at):
                stop = max(start, min(size, spec.cut_at[cut_index]))
            stall = spec.stall_at is not None and cut_index == 0
            if stall:
                stop = max(start, min(size, spec.stall_at or 0))
            self._send_range(spec, start, stop)
            if stall:
                hub.release_stall.wait(60)
            if stop < size:
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        def _send_range(self, spec: HubFileSpec, start: int, stop: int) -> None:
            try:
                if spec.data is not None:
                    view = memoryview(spec.data)
                    step = spec.throttle_bps // 10 if spec.throttle_bps else 1 << 20
                    for offset in range(start, stop, step):
                        self.wfile.write(view[offset : min(stop, offset + step)])
                        if spec.throttle_bps:
                            time.sleep(0.1)
                    self.wfile.flush()
                else:
                    assert spec.disk is not None
                    self.wfile.flush()
                    with open(spec.disk, "rb") as handle:
                        offset = start
                        while offset < stop:
                            sent = os.sendfile(self.connection.fileno(), handle.fileno(), offset, stop - offset)
                            if sent == 0:
                                break
                            offset += sent
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


@contextmanager
def online_hub(monkeypatch: object) -> Iterator[FakeHub]:
    """A running FakeHub with HF_ENDPOINT pointing at it and huggingface-hub's offline switch
    (which the test suite turns on everywhere else) turned off for this test only."""
    from huggingface_hub import constants

    with FakeHub() as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)  # type: ignore[attr-defined]
        monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)  # type: ignore[attr-defined]
        monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)  # type: ignore[attr-defined]
        yield hub
