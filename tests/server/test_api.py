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
        self.parallel = 1

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
        parallel: int = 1,
    ) -> tuple[str, RecordingBackend]:
        backend = RecordingBackend(replies, n_ctx=n_ctx, on_token=on_token)
        backend.parallel = parallel  # the engine lets this many streams run at once

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
    with pytest.raises(openai.BadRequestError, match="no place for a 'tool' message"):
        client.chat.completions.create(model="m", messages=[{"role": "tool", "content": "x", "tool_call_id": "1"}])
    with pytest.raises(openai.BadRequestError, match="'top_p' must be between 0 and 1") as caught:
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}], top_p=3)
    assert caught.value.param == "top_p"


def test_embeddings_without_an_embedding_model_are_a_400_that_says_how_to_choose_one(serve: object) -> None:
    url, _ = serve()  # type: ignore[operator]
    client = openai.OpenAI(base_url=url, api_key="unused", max_retries=0)
    with pytest.raises(openai.BadRequestError, match="No embedding model is chosen") as caught:
        client.embeddings.create(model="m", input="hi")
    assert caught.value.param == "model" and caught.value.code == "model_not_found"
    assert "Settings → Library" in caught.value.message and "--embedding-model" in caught.value.message
    body = httpx.post(url + "/embeddings", json={"model": "m", "input": "hi"}).json()
    assert body["error"]["type"] == "invalid_request_error" and set(body["error"]) == {
        "message",
        "type",
        "param",
        "code",
    }


def test_the_sampling_fields_of_a_request_reach_the_engine(serve: object) -> None:
    url, backend = serve()  # type: ignore[operator]
    body = {"model": "m", "messages": [{"role": "user", "content": "Hi"}], "seed": 4, "top_k": 9, "min_p": 0.2}
    done = httpx.post(url + "/chat/completions", json={**body, "stop": "###", "max_completion_tokens": 7})
    assert done.status_code == 200, done.text
    params = backend.requests[-1].params
    assert (params.seed, params.top_k, params.min_p, params.stop, params.max_tokens) == (4, 9, 0.2, ("###",), 7)
    assert httpx.post(url + "/chat/completions", json={**body, "stop": ["a", "b"]}).status_code == 200
    assert backend.requests[-1].params.stop == ("a", "b") and backend.requests[-1].params.max_tokens == 1024
    same = httpx.post(url + "/chat/completions", json={**body, "max_tokens": 5, "max_completion_tokens": 5})
    assert same.status_code == 200 and backend.requests[-1].params.max_tokens == 5
    wrong = httpx.post(url + "/chat/completions", json={**body, "temperature": "hot"})
    assert wrong.status_code == 400
    assert wrong.json()["error"] == {
        "message": "Invalid 'temperature': it must be a number.",
        "type": "invalid_request_error",
        "param": "temperature",
        "code": "invalid_type",
    }


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


# ----- the table of request fields (assistant/server/fields.py) ---------------------------------


def _refused(call: object, param: str, code: str, words: str) -> str:
    """The 400 a call gets: it names ``param``, with OpenAI's ``code``; its message says ``words``."""
    with pytest.raises(openai.BadRequestError) as caught:
        call()  # type: ignore[operator]
    error = caught.value
    assert (error.param, error.code) == (param, code), error.message
    assert words in error.message, error.message
    return error.message


HI = [{"role": "user", "content": "Hi"}]


def test_a_field_quill_does_not_take_is_a_400_that_names_it(serve: object) -> None:
    url, backend = serve()  # type: ignore[operator]
    client = openai.OpenAI(base_url=url, api_key="unused", max_retries=0)
    chat = client.chat.completions.create
    _refused(
        lambda: chat(model="m", messages=HI, extra_body={"temprature": 0.2}),
        "temprature",
        "unknown_parameter",
        "/v1/chat/completions",
    )
    _refused(
        lambda: chat(model="m", messages=HI, presence_penalty=0.5),
        "presence_penalty",
        "unsupported_parameter",
        "repeat_penalty",
    )
    _refused(
        lambda: chat(model="m", messages=HI, frequency_penalty=1),
        "frequency_penalty",
        "unsupported_parameter",
        "repeat_penalty",
    )
    _refused(
        lambda: chat(model="m", messages=HI, logit_bias={"42": 5}), "logit_bias", "unsupported_parameter", "not support"
    )
    # A structured answer needs a known kind and, for a schema, the schema in its place.
    _refused(
        lambda: chat(model="m", messages=HI, response_format={"type": "xml"}),
        "response_format",
        "unsupported_value",
        "json_schema",
    )
    _refused(
        lambda: chat(model="m", messages=HI, response_format={"type": "json_schema", "json_schema": []}),
        "response_format",
        "unsupported_value",
        "schema",
    )
    _refused(
        lambda: chat(model="m", messages=HI, logprobs=True, top_logprobs=21), "top_logprobs", "unsupported_value", "20"
    )
    # Tools reach a model only through a template that reads them (ChatML here does not).
    tool = {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}
    _refused(
        lambda: chat(model="m", messages=HI, tools=[tool]), "tools", "unsupported_parameter", "does not support tools"
    )
    # Nested fields are named by their place.
    _refused(
        lambda: chat(model="m", messages=HI, stream=True, stream_options={"include_usage": True, "chunky": True}),
        "stream_options.chunky",
        "unknown_parameter",
        "stream_options.chunky",
    )
    two = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi", "name": 7}]
    _refused(lambda: chat(model="m", messages=two), "messages[1].name", "invalid_type", "a string")  # type: ignore[misc]
    picture = [
        {
            "role": "user",
            "content": [{"type": "text", "text": "What is it?"}, {"type": "image_url", "image_url": {"url": "x"}}],
        }
    ]
    _refused(lambda: chat(model="m", messages=picture), "messages[0].content[1].type", "unsupported_value", "text only")
    _refused(
        lambda: chat(model="m", messages=[{"role": "tool", "content": "x", "tool_call_id": "1"}]),
        "messages[0].role",
        "unsupported_parameter",
        "no place for a 'tool' message",
    )
    _refused(
        lambda: chat(model="m", messages=[{"role": "function", "content": "x", "name": "f"}]),  # type: ignore[misc]
        "messages[0].role",
        "unsupported_value",
        "old form of 'tool'",
    )
    # Unsupported values of supported fields.
    _refused(lambda: chat(model="m", messages=HI, n=9), "n", "unsupported_value", "at most 8")
    _refused(lambda: chat(model="m", messages=HI, n=0), "n", "unsupported_value", "between 1 and 8")
    _refused(lambda: chat(model="m", messages=HI, store=True), "store", "unsupported_value", "keeps no copy")
    _refused(
        lambda: chat(model="m", messages=HI, max_tokens=50, max_completion_tokens=7),
        "max_completion_tokens",
        "invalid_value",
        "max_tokens",
    )
    _refused(lambda: chat(model="m", messages=[]), "messages", "unsupported_value", "at least one message")
    _refused(lambda: chat(model="m", messages=HI, seed=1.5), "seed", "invalid_type", "whole number")
    complete = client.completions.create
    _refused(
        lambda: complete(model="m", prompt="Once", echo=True), "echo", "unsupported_parameter", "repeat the prompt"
    )
    _refused(lambda: complete(model="m", prompt="Once", best_of=3), "best_of", "unsupported_parameter", "ask for n")
    _refused(lambda: complete(model="m", prompt="Once", suffix="end"), "suffix", "unsupported_parameter", "suffix")
    _refused(
        lambda: complete(model="m", prompt=["One", "Two"]), "prompt", "unsupported_value", "one prompt per request"
    )
    _refused(lambda: complete(model="m", prompt="Once", logprobs=6), "logprobs", "unsupported_value", "5")
    _refused(
        lambda: complete(model="m", prompt="Once", extra_body={"messages": HI}),
        "messages",
        "unknown_parameter",
        "/v1/completions",
    )
    assert backend.requests == []  # nothing refused ever reached the model
    for raw, param in ((b"{not json", None), (b"[1, 2]", None), (b"{}", "messages")):
        response = httpx.post(url + "/chat/completions", content=raw, headers={"content-type": "application/json"})
        assert response.status_code == 400 and response.json()["error"]["param"] == param, response.text


def test_what_only_describes_the_client_and_values_that_ask_for_nothing_are_accepted(serve: object) -> None:
    url, backend = serve()  # type: ignore[operator]
    client = openai.OpenAI(base_url=url, api_key="unused", max_retries=0)
    reply = client.chat.completions.create(
        model="m",
        messages=HI,
        user="ann",
        metadata={"app": "notes"},
        store=False,
        presence_penalty=0,
        frequency_penalty=0.0,
        logit_bias={},
        logprobs=False,
        response_format={"type": "text"},
        tool_choice="none",
        extra_body={"safety_identifier": "u-1", "prompt_cache_key": "k", "suffix_of_nothing": None},
    )
    assert reply.choices[0].message.content == "Hello from Quill."
    assert reply.usage is not None  # always there, when not streaming
    nulls = {"model": "m", "messages": HI, "logprobs": None, "tools": None, "seed": None, "n": None}
    assert httpx.post(url + "/chat/completions", json=nulls).status_code == 200
    assert client.completions.create(model="m", prompt=["Once"], echo=False, best_of=1).choices[0].text
    assert len(backend.requests) == 3


def test_n_choices_come_whole_and_streamed_with_their_indices_and_summed_usage(serve: object) -> None:
    url, backend = serve(("One.", "Two two.", "Three three three."))  # type: ignore[operator]
    client = openai.OpenAI(base_url=url, api_key="unused", max_retries=0)
    reply = client.chat.completions.create(model="m", messages=HI, n=3, seed=5)
    assert [c.index for c in reply.choices] == [0, 1, 2]
    assert sorted(c.message.content or "" for c in reply.choices) == ["One.", "Three three three.", "Two two."]
    assert sorted(r.params.seed for r in backend.requests) == [5, 6, 7]  # seed, seed + 1, ...
    tokens = sum(backend.count_tokens(text) for text in backend.replies)  # 2 + 4 + 6
    assert reply.usage is not None and reply.usage.completion_tokens == tokens == 12
    assert reply.usage.prompt_tokens == backend.count_tokens(backend.render(backend.requests[0].messages))

    chunks = list(
        client.chat.completions.create(model="m", messages=HI, n=3, stream=True, stream_options={"include_usage": True})
    )
    assert [r.params.seed for r in backend.requests[3:]] == [None, None, None]  # no seed: each its own random one
    texts: dict[int, str] = {}
    reasons: dict[int, str | None] = {}
    for chunk in chunks[:-1]:
        (choice,) = chunk.choices
        texts[choice.index] = texts.get(choice.index, "") + (choice.delta.content or "")
        if choice.finish_reason:
            reasons[choice.index] = choice.finish_reason
    assert sorted(texts) == [0, 1, 2] and sorted(texts.values()) == ["One.", "Three three three.", "Two two."]
    assert reasons == {0: "stop", 1: "stop", 2: "stop"}
    assert chunks[-1].choices == [] and chunks[-1].usage is not None and chunks[-1].usage.completion_tokens == tokens

    completion = client.completions.create(model="m", prompt="Once", n=2, max_tokens=1)
    assert [c.index for c in completion.choices] == [0, 1] and all(
        c.finish_reason == "length" for c in completion.choices
    )
    assert completion.usage is not None and completion.usage.completion_tokens == 2


def test_the_n_choices_of_a_request_are_generated_at_the_same_time(serve: object) -> None:
    lock = threading.Lock()
    running: set[int] = set()
    most = [0]

    def on_token(i: int) -> None:  # each stream counts itself in while it makes its tokens
        ident = threading.get_ident()
        with lock:
            running.add(ident)
            most[0] = max(most[0], len(running))
        if i == 0:
            both.wait(5)

    both = threading.Barrier(3, timeout=5)
    url, backend = serve(("a b c",), on_token=on_token, parallel=3)  # type: ignore[operator]
    client = openai.OpenAI(base_url=url, api_key="unused", max_retries=0)
    reply = client.chat.completions.create(model="m", messages=HI, n=3)
    assert [c.message.content for c in reply.choices] == ["a b c"] * 3
    assert most[0] == 3  # all three were in flight together (a Barrier of three let them pass)


def test_max_completion_tokens_limits_each_choice(serve: object) -> None:
    url, backend = serve(("one two three four five",))  # type: ignore[operator]
    client = openai.OpenAI(base_url=url, api_key="unused", max_retries=0)
    reply = client.chat.completions.create(model="m", messages=HI, max_completion_tokens=2, n=2)
    assert [c.finish_reason for c in reply.choices] == ["length", "length"]
    assert [c.message.content for c in reply.choices] == ["one ", "one "]
    assert reply.usage is not None and reply.usage.completion_tokens == 4
    assert backend.requests[-1].params.max_tokens == 2
