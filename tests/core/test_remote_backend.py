"""The remote backend against a real loopback HTTP server: replies, Stop, and every way a server fails."""

from __future__ import annotations

import logging
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.core.backends.remote import RemoteBackend, estimate_tokens
from assistant.core.backends.remote_spec import RemoteSpec, split_base_url
from assistant.core.cancel import CancelToken
from assistant.core.errors import (
    BadInputError,
    RemoteAuthError,
    RemoteConnectionError,
    RemoteError,
    RemoteNotFoundError,
    RemoteRateLimitError,
    RemoteServerError,
    RemoteStreamError,
    RemoteTimeoutError,
    RemoteTLSError,
)
from assistant.core.types import Event, Finished, GenerationParams, GenerationRequest, Message, TextDelta
from tests.helpers.fake_openai import FakeOpenAI, fake_openai


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with fake_openai() as running:
        yield running


def _backend(server: FakeOpenAI, **kw: object) -> RemoteBackend:
    backend = RemoteBackend(RemoteSpec(base_url=server.base_url, **kw))  # type: ignore[arg-type]
    backend.load()
    return backend


def _ask(backend: RemoteBackend, cancel: CancelToken | None = None, prompt: str | None = None) -> tuple[str, Finished]:
    request = GenerationRequest(
        messages=[Message("user", "Hi")], prompt=prompt, params=GenerationParams(max_tokens=50, seed=3)
    )
    events: list[Event] = list(backend.stream(request, cancel or CancelToken()))
    text = "".join(e.text for e in events if isinstance(e, TextDelta))
    finished = events[-1]
    assert isinstance(finished, Finished)
    return text, finished


def test_streams_a_chat_reply_with_the_settings_sampling_and_key(server: FakeOpenAI) -> None:
    backend = _backend(server, api_key="sk-test-123")
    assert backend.info is not None and backend.info.name == "fake-model" and backend.info.n_ctx == 4096
    text, finished = _ask(backend)
    assert text == "Hello from the fake server."
    assert finished.reason == "stop" and finished.stats.generated_tokens == 5
    sent = server.requests[-1]
    assert sent["stream"] is True and sent["model"] == "fake-model" and sent["seed"] == 3 and sent["max_tokens"] == 50
    assert sent["messages"] == [{"role": "user", "content": "Hi"}]
    assert all(h.get("Authorization") == "Bearer sk-test-123" for h in server.headers_seen)
    backend.close()


def test_a_raw_prompt_goes_to_completions(server: FakeOpenAI) -> None:
    backend = _backend(server)
    text, finished = _ask(backend, prompt="Once upon")
    assert text == "Hello from the fake server." and finished.reason == "stop"
    assert server.requests[-1]["prompt"] == "Once upon" and "messages" not in server.requests[-1]


def test_counts_tokens_with_the_servers_tokenizer_and_estimates_without_one(server: FakeOpenAI) -> None:
    backend = _backend(server)
    assert backend.token_counting == "server"
    assert backend.count_tokens("one two three four") == 4  # the fake server counts words
    server.tokenize = False
    plain = _backend(server)
    assert plain.token_counting == "estimate"
    assert plain.count_tokens("one two three four") == estimate_tokens("one two three four")


def test_the_estimate_is_on_the_safe_side_for_latin_and_cjk() -> None:
    assert estimate_tokens("") == 0
    assert estimate_tokens("abcd" * 100) == 125  # 100 "tokens" of 4 characters, plus 25 %
    assert estimate_tokens("你好世界") == 5  # one per CJK character, plus 25 %, rounded up
    assert estimate_tokens("héllo 世界") >= 4


def test_the_server_reported_context_length_wins(server: FakeOpenAI) -> None:
    server.models = [{"id": "big", "max_model_len": 32768}]
    assert _backend(server).info.n_ctx == 32768  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("status", "kind", "words"),
    [
        (401, RemoteAuthError, "API key"),
        (404, RemoteNotFoundError, "no model"),
        (429, RemoteRateLimitError, "429"),
        (500, RemoteServerError, "fake failure 500"),
    ],
)
def test_each_error_status_is_one_clear_sentence(
    server: FakeOpenAI, status: int, kind: type[RemoteError], words: str
) -> None:
    backend = _backend(server)
    server.mode = status
    with pytest.raises(kind) as caught:
        _ask(backend)
    message = caught.value.message
    assert words in message and "\n" not in message and message.endswith(".")
    assert "127.0.0.1" in message


def test_a_server_that_hangs_times_out(server: FakeOpenAI) -> None:
    backend = _backend(server, read_timeout=0.5)
    server.mode = "hang"
    with pytest.raises(RemoteTimeoutError, match="stopped answering"):
        _ask(backend)


def test_stop_works_while_a_server_hangs(server: FakeOpenAI) -> None:
    backend = _backend(server)
    server.mode = "hang"
    cancel = CancelToken()
    threading.Timer(0.2, cancel.cancel).start()
    text, finished = _ask(backend, cancel)
    assert finished.reason == "cancelled" and text == ""


def test_a_stream_dropped_midway_keeps_what_came_and_says_so(server: FakeOpenAI) -> None:
    backend = _backend(server)
    server.mode = "drop"
    received: list[str] = []
    with pytest.raises(RemoteStreamError, match="dropped"):
        for event in backend.stream(GenerationRequest(messages=[Message("user", "Hi")]), CancelToken()):
            if isinstance(event, TextDelta):
                received.append(event.text)
    assert "".join(received) == "Hello from"


def test_stop_closes_the_stream_so_the_server_stops(server: FakeOpenAI) -> None:
    backend = _backend(server)
    server.mode = "slow"
    cancel = CancelToken()
    pieces = 0
    last: Event | None = None
    for event in backend.stream(GenerationRequest(messages=[Message("user", "Hi")]), cancel):
        last = event
        if isinstance(event, TextDelta):
            pieces += 1
            if pieces == 3:
                cancel.cancel()
    assert isinstance(last, Finished) and last.reason == "cancelled"
    assert server.disconnected.wait(10), "the server never saw the connection close"


def test_a_server_that_is_not_there(server: FakeOpenAI) -> None:
    port = server.server_address[1]
    server.shutdown()
    server.server_close()
    with pytest.raises(RemoteConnectionError, match="Cannot reach"):
        RemoteBackend(RemoteSpec(base_url=f"http://127.0.0.1:{port}")).load()


def test_an_unknown_model_name_lists_what_the_server_has(server: FakeOpenAI) -> None:
    with pytest.raises(RemoteNotFoundError, match="offers: fake-model"):
        _backend(server, model="nope")


def test_base_urls_are_checked_and_normalised() -> None:
    assert split_base_url("http://h:8080") == ("http://h:8080/v1", "http://h:8080")
    assert split_base_url("https://h/v1/") == ("https://h/v1", "https://h")
    assert split_base_url("http://h/api") == ("http://h/api", "http://h")
    with pytest.raises(BadInputError):
        split_base_url("gpu-box:8080")


def test_the_api_key_never_reaches_the_log(server: FakeOpenAI, tmp_path: Path) -> None:
    from assistant.core.logs import setup_logging

    log_file = tmp_path / "quill.log"
    setup_logging(log_file, level=logging.DEBUG)
    root = logging.getLogger()
    try:
        backend = _backend(server, api_key="sk-SECRET-abc123")
        logging.getLogger("test").info("spec: %r", backend.remote)
        _ask(backend)
        server.mode = 401
        with pytest.raises(RemoteAuthError):
            _ask(backend)
    finally:
        for handler in list(root.handlers):
            if getattr(handler, "baseFilename", None) == str(log_file):
                handler.close()
                root.removeHandler(handler)
        root.setLevel(logging.WARNING)
    text = log_file.read_text(encoding="utf-8")
    assert "fake-model" in text  # the log was written to
    assert "sk-SECRET" not in text


# ----- TLS: a real https server with a self-signed certificate ---------------


@pytest.fixture
def https_server(tmp_path: Path) -> Iterator[tuple[FakeOpenAI, Path]]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    with fake_openai() as server:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        yield server, cert


def test_tls_is_verified_and_a_ca_file_makes_a_private_server_trusted(https_server: tuple[FakeOpenAI, Path]) -> None:
    server, cert = https_server
    url = server.base_url.replace("http://", "https://")
    with pytest.raises(RemoteTLSError, match="CA file"):
        RemoteBackend(RemoteSpec(base_url=url)).load()
    backend = RemoteBackend(RemoteSpec(base_url=url, ca_file=str(cert)))
    backend.load()
    assert _ask(backend)[0] == "Hello from the fake server."


def test_a_missing_ca_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="CA file"):
        RemoteBackend(RemoteSpec(base_url="https://127.0.0.1:9/v1", ca_file=str(tmp_path / "none.pem"))).load()
