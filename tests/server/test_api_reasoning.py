"""A reasoning model behind `quill serve`: the official openai client gets the reasoning in
``reasoning_content`` (whole and streamed), never in ``content``; Quill's remote backend reads it back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openai
import pytest

from assistant.core.backends.base import Backend
from assistant.core.backends.remote import RemoteBackend
from assistant.core.backends.remote_spec import RemoteSpec
from assistant.core.backends.scripted import ScriptedBackend
from assistant.core.cancel import CancelToken
from assistant.core.engine.engine import Engine
from assistant.core.types import GenerationRequest, Message, ModelInfo, ModelSpec, ReasoningDelta, TextDelta
from assistant.server.api import create_api
from assistant.server.runner import ApiServer
from tests.helpers.tiny_gguf import write_tiny_qwen3

THOUGHT = "The user greets me. A short, friendly answer fits."
REPLY = f"<think>\n{THOUGHT}\n</think>\n\nHello! How can I help?"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, ScriptedBackend]]:
    backend = ScriptedBackend((REPLY,))
    model = write_tiny_qwen3(tmp_path / "tiny-qwen3.gguf")

    def opener(_progress: object) -> tuple[Backend, ModelInfo]:
        return backend, backend.load(ModelSpec(model))

    engine = Engine(opener)
    engine.start()
    server = ApiServer(create_api(engine), "127.0.0.1", 0)
    try:
        yield server.start(), backend
    finally:
        server.stop()
        engine.close()


def test_a_whole_answer_has_its_reasoning_apart(served: tuple[str, ScriptedBackend]) -> None:
    url, backend = served
    client = openai.OpenAI(base_url=url, api_key="unused", max_retries=0)
    reply = client.chat.completions.create(model="any", messages=[{"role": "user", "content": "Hi"}])
    message = reply.choices[0].message
    assert message.content == "Hello! How can I help?"
    assert message.model_extra is not None and message.model_extra["reasoning_content"] == THOUGHT
    assert reply.usage is not None and reply.usage.completion_tokens_details is not None
    assert 0 < (reply.usage.completion_tokens_details.reasoning_tokens or 0) < reply.usage.completion_tokens

    # Sent back in the next request, it reaches the template, which leaves it out of the prompt.
    client.chat.completions.create(
        model="any",
        messages=[
            {"role": "user", "content": "Hi"},
            {"role": "assistant", "content": message.content, "reasoning_content": THOUGHT},
            {"role": "user", "content": "Thanks"},
        ],
    )
    request = backend.requests[-1]
    assert request.messages[1].reasoning == THOUGHT
    assert THOUGHT not in backend.render(request.messages, request.template_vars)


def test_a_streamed_answer_has_its_reasoning_in_the_deltas(served: tuple[str, ScriptedBackend]) -> None:
    url, _ = served
    client = openai.OpenAI(base_url=url, api_key="unused", max_retries=0)
    content, reasoning = [], []
    for chunk in client.chat.completions.create(model="any", messages=[{"role": "user", "content": "Hi"}], stream=True):
        for choice in chunk.choices:
            if choice.delta.content:
                content.append(choice.delta.content)
            extra = choice.delta.model_extra or {}
            if extra.get("reasoning_content"):
                reasoning.append(extra["reasoning_content"])
    assert "".join(content) == "Hello! How can I help?"
    assert "".join(reasoning) == THOUGHT
    assert len(reasoning) > 1  # it streams as it is thought, not at the end


def test_quills_remote_backend_reads_the_reasoning_back(served: tuple[str, ScriptedBackend]) -> None:
    url, _ = served
    remote = RemoteBackend(RemoteSpec(base_url=url))
    remote.load()
    try:
        events = list(remote.stream(GenerationRequest(messages=[Message("user", "Hi")]), CancelToken()))
    finally:
        remote.close()
    assert "".join(e.text for e in events if isinstance(e, ReasoningDelta)) == THOUGHT
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == "Hello! How can I help?"
