"""The OpenAI-compatible API on a scripted engine, through real HTTP and the official openai client."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest

from assistant.core.backends.base import Backend
from assistant.core.backends.scripted import ScriptedBackend
from assistant.core.cancel import CancelToken
from assistant.core.engine.engine import Engine
from assistant.core.types import Event, GenerationRequest, ModelInfo, ModelSpec
from assistant.server.api import create_api
from assistant.server.runner import ApiServer


class RecordingBackend(ScriptedBackend):
    """Remembers the cancel token of each request, to see a disconnect reach the engine."""

    def __init__(self, *args: object, **kw: object) -> None:
        super().__init__(*args, **kw)  # type: ignore[arg-type]
        self.cancels: list[CancelToken] = []
        self.started = threading.Event()

    def stream(self, request: GenerationRequest, cancel: CancelToken) -> Iterator[Event]:
        self.cancels.append(cancel)
        self.started.set()
        return super().stream(request, cancel)


@pytest.fixture
def serve() -> Iterator[object]:
    made: list[tuple[ApiServer, Engine]] = []

    def start(
        replies: tuple[str, ...] = ("Hello from Quill.",),
        *,
        api_key: str | None = None,
        n_ctx: int = 2048,
        on_token: object = None,
    ) -> tuple[str, RecordingBackend]:
        backend = RecordingBackend(replies, n_ctx=n_ctx, on_token=on_token)

        def opener() -> tuple[Backend, ModelInfo]:
            return backend, backend.load(ModelSpec(Path("scripted.gguf")))

        engine = Engine(lambda _progress: opener())
        engine.start()
        server = ApiServer(create_api(engine, api_key=api_key), "127.0.0.1", 0)
        made.append((server, engine))
        return server.start(), backend

    yield start
    for server, engine in made:
        server.stop()
        engine.close()


def test_models_and_non_streaming_chat(serve: object) -> None:
    url, _ = serve()  # type: ignore[operator]
    client = openai.OpenAI(base_url=url, api_key="unused")
    assert [m.id for m in client.models.list().data] == ["Scripted"]
    reply = client.chat.completions.create(model="Scripted", messages=[{"role": "user", "content": "Hi"}])
    assert reply.choices[0].message.content == "Hello from Quill."
    assert reply.choices[0].finish_reason == "stop"
    assert reply.usage is not None and reply.usage.completion_tokens == 6 and reply.usage.prompt_tokens > 0


def test_streaming_chat_and_completion(serve: object) -> None:
    url, backend = serve()  # type: ignore[operator]
    client = openai.OpenAI(base_url=url, api_key="unused")
    stream = client.chat.completions.create(
        model="Scripted",
        messages=[{"role": "user", "content": "Hi"}],
        stream=True,
        max_tokens=3,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "Hello from"
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "length"
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens == 3
    assert backend.requests[-1].params.max_tokens == 3
    completion = client.completions.create(model="Scripted", prompt="Once", temperature=0)
    assert completion.choices[0].text == "Hello from Quill."
    assert backend.requests[-1].prompt == "Once" and backend.requests[-1].params.temperature == 0


def test_an_api_key_is_required_when_set(serve: object) -> None:
    url, _ = serve(api_key="sk-local")  # type: ignore[operator]
    with pytest.raises(openai.AuthenticationError):
        openai.OpenAI(base_url=url, api_key="wrong").models.list()
    assert openai.OpenAI(base_url=url, api_key="sk-local").models.list().data


def test_bad_requests_get_a_4xx_with_one_sentence(serve: object) -> None:
    url, _ = serve(n_ctx=32)  # type: ignore[operator]
    client = openai.OpenAI(base_url=url, api_key="unused", max_retries=0)
    with pytest.raises(openai.BadRequestError, match="context holds 32"):
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "word " * 100}])
    with pytest.raises(openai.BadRequestError, match="context holds 32"):
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "word " * 100}], stream=True)
    with pytest.raises(openai.BadRequestError, match="'tool' messages"):
        client.chat.completions.create(model="m", messages=[{"role": "tool", "content": "x", "tool_call_id": "1"}])
    with pytest.raises(openai.BadRequestError, match="top-p"):
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}], top_p=3)
    response = httpx.post(url + "/embeddings", json={"model": "m", "input": "hi"})
    assert response.status_code == 501 and "embeddings" in response.json()["error"]["message"]


def test_the_sampling_fields_of_a_request_reach_the_engine(serve: object) -> None:
    url, backend = serve()  # type: ignore[operator]
    body = {"model": "m", "messages": [{"role": "user", "content": "Hi"}], "seed": 4, "top_k": 9, "min_p": 0.2}
    done = httpx.post(
        url + "/chat/completions", json={**body, "stop": "###", "max_tokens": 50, "max_completion_tokens": 7}
    )
    assert done.status_code == 200, done.text
    params = backend.requests[-1].params
    assert (params.seed, params.top_k, params.min_p, params.stop, params.max_tokens) == (4, 9, 0.2, ("###",), 7)
    assert httpx.post(url + "/chat/completions", json={**body, "stop": ["a", "b"]}).status_code == 200
    assert backend.requests[-1].params.stop == ("a", "b") and backend.requests[-1].params.max_tokens == 1024
    wrong = httpx.post(url + "/chat/completions", json={**body, "temperature": "hot"})
    assert wrong.status_code == 400
    assert wrong.json()["error"]["message"].startswith("Invalid request: temperature: Input should be a valid number")


def test_two_clients_at_once_both_get_answers(serve: object) -> None:
    url, _ = serve()  # type: ignore[operator]
    answers: dict[int, str] = {}

    def ask(n: int) -> None:
        client = openai.OpenAI(base_url=url, api_key="unused")
        stream = client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": f"Hi {n}"}], stream=True
        )
        answers[n] = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert answers == {0: "Hello from Quill.", 1: "Hello from Quill."}


def test_a_client_that_disconnects_cancels_its_request(serve: object) -> None:
    gate = threading.Event()
    url, backend = serve(("a b c d e f g h",), on_token=lambda i: gate.wait(10) if i >= 2 else None)  # type: ignore[operator]
    with httpx.stream(
        "POST",
        url + "/chat/completions",
        json={"model": "m", "stream": True, "messages": [{"role": "user", "content": "Hi"}]},
        timeout=10,
    ) as response:
        assert response.status_code == 200
        lines = response.iter_lines()
        assert next(line for line in lines if '"a"' in line)
    assert backend.started.wait(5)
    cancelled = backend.cancels[-1].wait(10)
    gate.set()
    assert cancelled, "the request kept running after its client left"


def test_one_quill_uses_another_with_its_real_context_and_token_counts(serve: object) -> None:
    from assistant.core.backends.remote import RemoteBackend
    from assistant.core.backends.remote_spec import RemoteSpec
    from assistant.core.tasks.chat import chat
    from assistant.core.types import GenerationParams, Message, TextDelta

    url, _ = serve(n_ctx=1536)  # type: ignore[operator]
    remote = RemoteBackend(RemoteSpec(base_url=url))
    info = remote.load()
    assert info.n_ctx == 1536 and remote.token_counting == "server"
    assert remote.count_tokens("one, two") == 4  # the scripted tokenizer's count, from the server
    events = list(chat(remote, [Message("user", "Hi")], GenerationParams(max_tokens=50), CancelToken()))
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == "Hello from Quill."
    remote.close()


def test_serving_beyond_this_computer_requires_a_key() -> None:
    import pytest as _pytest

    from assistant.core.errors import BadInputError
    from assistant.server.runner import is_loopback, require_key_off_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("127.0.0.2")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("gpu-box")
    require_key_off_loopback("127.0.0.1", None)
    require_key_off_loopback("0.0.0.0", "sk-local")
    with _pytest.raises(BadInputError, match="needs an API key"):
        require_key_off_loopback("0.0.0.0", None)
