"""A small OpenAI-compatible server on 127.0.0.1 that misbehaves on request.

Real sockets, real HTTP (the standard library's http.server): the remote
backend's error paths are tested against what a network really does, a status
code, silence, or a connection cut mid-stream. ``mode`` picks the behaviour of
``/v1/chat/completions`` and ``/v1/completions``:

- "ok": streams ``reply`` word by word, then ``[DONE]``;
- "slow": streams a word every ``delay`` seconds for a long time (to test Stop);
- "hang": sends nothing until the server is stopped;
- "drop": sends two pieces, then closes the connection without finishing;
- an int (401, 404, 429, 500, ...): answers that status with an OpenAI-style error body.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeOpenAI(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mode: str | int = "ok"
        self.reply = "Hello from the fake server."
        self.delay = 0.02
        self.models: list[dict[str, Any]] = [{"id": "fake-model", "object": "model"}]
        self.tokenize = True
        self.requests: list[dict[str, Any]] = []
        self.headers_seen: list[dict[str, str]] = []
        self.disconnected = threading.Event()  # a "slow" stream found its client gone
        self.stopping = threading.Event()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class _Handler(BaseHTTPRequestHandler):
    server: FakeOpenAI
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass

    def _json(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}")

    def do_GET(self) -> None:  # noqa: N802
        self.server.headers_seen.append(dict(self.headers))
        if self.path == "/v1/models":
            self._json(200, {"object": "list", "data": self.server.models})
        else:
            self._json(404, {"detail": "Not Found"})

    def do_POST(self) -> None:  # noqa: N802
        body = self._body()
        self.server.headers_seen.append(dict(self.headers))
        if self.path == "/extras/tokenize/count":
            if not self.server.tokenize:
                self._json(404, {"detail": "Not Found"})
                return
            self._json(200, {"count": len(body.get("input", "").split())})
            return
        if self.path not in ("/v1/chat/completions", "/v1/completions"):
            self._json(404, {"detail": "Not Found"})
            return
        self.server.requests.append(body)
        mode = self.server.mode
        if isinstance(mode, int):
            self._json(mode, {"error": {"message": f"fake failure {mode}", "type": "fake"}})
            return
        if mode == "hang":
            self.server.stopping.wait(60)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chat = self.path.endswith("chat/completions")
        words = self.server.reply.split(" ")
        if mode == "slow":
            words = words * 1000
        try:
            for i, word in enumerate(words):
                piece = word if i == 0 else " " + word
                choice = {"index": 0, "delta": {"content": piece}} if chat else {"index": 0, "text": piece}
                self._chunk("data: " + json.dumps({"choices": [choice]}) + "\n\n")
                if mode == "drop" and i == 1:
                    self.wfile.flush()
                    self.connection.shutdown(2)  # cut: no final chunk, no [DONE]
                    self.close_connection = True
                    return
                if mode == "slow" and self.server.stopping.wait(self.server.delay):
                    return
            end = (
                {"index": 0, "delta": {}, "finish_reason": "stop"}
                if chat
                else {"index": 0, "text": "", "finish_reason": "stop"}
            )
            self._chunk("data: " + json.dumps({"choices": [end]}) + "\n\n")
            self._chunk("data: [DONE]\n\n")
            self._chunk("")
        except (BrokenPipeError, ConnectionResetError):
            self.server.disconnected.set()
            self.close_connection = True

    def _chunk(self, text: str) -> None:
        data = text.encode()
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()


@contextmanager
def fake_openai() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="FakeOpenAI", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
