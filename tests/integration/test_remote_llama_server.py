"""Quill's remote backend against a real OpenAI-compatible server: llama-cpp-python's, on the starter model."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.core.backends.remote import RemoteBackend
from assistant.core.backends.remote_spec import RemoteSpec
from assistant.core.cancel import CancelToken
from assistant.core.documents.readers import from_text
from assistant.core.tasks.chat import chat
from assistant.core.tasks.summarize import SummaryOptions, summarize
from assistant.core.tasks.translate import TranslateOptions, translate
from assistant.core.types import Event, Finished, GenerationParams, Message, Planned, TextDelta
from tests.helpers.servers import free_port, llama_cpp_server

pytestmark = [pytest.mark.model]


@pytest.fixture(scope="module")
def server_url(starter_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pytest.importorskip("llama_cpp.server.app", reason="needs llama-cpp-python[server] (the test extra)")
    port = free_port()
    with llama_cpp_server(starter_model, port, tmp_path_factory.mktemp("llama-server") / "server.log"):
        yield f"http://127.0.0.1:{port}/v1"


@pytest.fixture
def backend(server_url: str) -> Iterator[RemoteBackend]:
    remote = RemoteBackend(RemoteSpec(base_url=server_url, n_ctx=2048))
    remote.load()
    yield remote
    remote.close()


def _text(events: list[Event]) -> str:
    return "".join(e.text for e in events if isinstance(e, TextDelta))


def test_chat_streams_from_the_server_with_its_own_token_counts(backend: RemoteBackend, starter_model: Path) -> None:
    from assistant.core.backends.llama import LlamaBackend
    from assistant.core.types import ModelSpec

    assert backend.token_counting == "server"
    assert backend.info is not None and backend.info.n_ctx == 2048 and backend.info.backend.startswith("remote ")
    local = LlamaBackend()
    local.load(ModelSpec(path=starter_model, n_ctx=512))
    try:
        for text in ("Hello world", "灯塔看守人每晚都写日志。 The keeper wrote in the log each night. " * 5):
            # The server counts with the same model's tokenizer: equal up to the BOS token.
            assert abs(backend.count_tokens(text) - local.count_tokens(text)) <= 1, text
    finally:
        local.close()
    events = list(
        chat(
            backend,
            [Message("user", "Name three colours.")],
            GenerationParams(temperature=0, max_tokens=24),
            CancelToken(),
        )
    )
    assert len(_text(events).split()) >= 2
    finished = events[-1]
    assert isinstance(finished, Finished) and finished.reason in ("stop", "length")
    assert finished.stats.generated_tokens > 0 and finished.stats.prompt_tokens > 5


def test_stop_ends_the_reply_and_the_server_answers_the_next_one(backend: RemoteBackend) -> None:
    cancel = CancelToken()
    events: list[Event] = []
    params = GenerationParams(temperature=0.8, max_tokens=400, seed=1)
    for event in chat(backend, [Message("user", "Write a long story about a dragon.")], params, cancel):
        events.append(event)
        if sum(isinstance(e, TextDelta) for e in events) == 3:
            cancel.cancel()
    assert isinstance(events[-1], Finished) and events[-1].reason == "cancelled"
    assert sum(isinstance(e, TextDelta) for e in events) == 3
    again = list(
        chat(backend, [Message("user", "Say hi.")], GenerationParams(temperature=0, max_tokens=8), CancelToken())
    )
    assert _text(again).strip() and isinstance(again[-1], Finished)


def test_summarize_through_the_server(backend: RemoteBackend) -> None:
    text = "\n\n".join(
        [
            "The town council met on Monday to discuss the new library. The building will open next spring.",
            "It will have a reading room, a children's corner and a small cafe. Funding comes from a local grant.",
            "Residents asked for longer opening hours on weekends; the council agreed to consider it.",
        ]
    )
    events = list(summarize(backend, from_text(text), SummaryOptions(style="tldr"), CancelToken()))
    assert any(isinstance(e, Planned) for e in events)
    assert _text(events).strip()
    assert isinstance(events[-1], Finished) and events[-1].reason != "cancelled"


def test_translate_through_the_server(backend: RemoteBackend) -> None:
    events = list(
        translate(
            backend,
            "# Hello\n\nThe weather is nice today.\n",
            TranslateOptions(target="fr", source="en"),
            CancelToken(),
        )
    )
    out = _text(events)
    assert out.startswith("# ") and out.strip() != "# Hello"  # the heading stays a heading; something was written
    assert isinstance(events[-1], Finished)


def test_the_cli_chats_through_the_server(server_url: str, quill_home: Path) -> None:
    env = {**os.environ, "QUILL_HOME": str(quill_home), "QUILL_API_KEY": "sk-cli-secret"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant",
            "chat",
            "--base-url",
            server_url,
            "--ctx",
            "2048",
            "--temperature",
            "0",
            "--max-tokens",
            "12",
            "Say hello.",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    log = (quill_home / "logs" / "quill.log").read_text(encoding="utf-8")
    assert "remote" in log or "127.0.0.1" in log
    assert "sk-cli-secret" not in log
