"""`quill serve` as a user runs it: a real process on the starter model, answering the official openai client."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import openai
import pytest

from tests.helpers.servers import free_port, running

pytestmark = pytest.mark.model


def _serve(port: int, home: Path, *extra: str) -> AbstractContextManager[subprocess.Popen[bytes]]:
    url = f"http://127.0.0.1:{port}/v1"
    key = extra[extra.index("--api-key") + 1] if "--api-key" in extra else None
    return running(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port), "--ctx", "2048", "--parallel", "4", *extra],
        url + "/models",
        log=home / "serve.out",
        env={"QUILL_HOME": str(home)},
        headers={"Authorization": f"Bearer {key}"} if key else None,
    )


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    with _serve(port, tmp_path_factory.mktemp("serve-home")):
        yield f"http://127.0.0.1:{port}/v1"


def _client(url: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=url, api_key="unused", max_retries=0, timeout=120)


def test_models_lists_the_starter_model_with_its_context(served: str) -> None:
    models = _client(served).models.list().data
    assert [m.id for m in models] == ["SmolLM2 135M Instruct (starter)"]
    assert models[0].model_extra and models[0].model_extra["context_length"] == 2048


def test_non_streaming_and_streaming_chat(served: str) -> None:
    client = _client(served)
    reply = client.chat.completions.create(
        model="starter", messages=[{"role": "user", "content": "Name three colours."}], max_tokens=24, temperature=0
    )
    text = reply.choices[0].message.content or ""
    assert len(text.split()) >= 2 and reply.usage is not None and reply.usage.completion_tokens > 0
    chunks = list(
        client.chat.completions.create(
            model="starter",
            messages=[{"role": "user", "content": "Name three colours."}],
            max_tokens=24,
            temperature=0,
            stream=True,
        )
    )
    streamed = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert len([c for c in chunks if c.choices and c.choices[0].delta.content]) >= 2  # it streamed
    assert len(streamed.split()) >= 2
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] in ("stop", "length")


def test_four_concurrent_streaming_clients_get_four_complete_answers_decoded_together(served: str) -> None:
    answers: dict[int, str] = {}
    reasons: dict[int, str | None] = {}
    first: dict[int, float] = {}
    last: dict[int, float] = {}

    def ask(n: int) -> None:
        stream = _client(served).chat.completions.create(
            model="starter",
            messages=[{"role": "user", "content": f"Say a word about the number {n}."}],
            max_tokens=24,
            temperature=0,
            stream=True,
        )
        parts = []
        for chunk in stream:
            if not chunk.choices:
                continue
            if chunk.choices[0].delta.content:
                first.setdefault(n, time.monotonic())
                last[n] = time.monotonic()
                parts.append(chunk.choices[0].delta.content)
            if chunk.choices[0].finish_reason:
                reasons[n] = chunk.choices[0].finish_reason
        answers[n] = "".join(parts)

    threads = [threading.Thread(target=ask, args=(n,)) for n in (1, 2, 3, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert set(answers) == {1, 2, 3, 4} and all(a.strip() for a in answers.values())
    assert set(reasons.values()) <= {"stop", "length"} and len(reasons) == 4
    # Decoded together (four sequences), not in turn: every stream had started before any ended.
    assert max(first.values()) < min(last.values())


ASK = [{"role": "user", "content": "Write one sentence about the sea."}]


def test_n_choices_differ_and_stream_with_their_indices(served: str) -> None:
    client = _client(served)
    reply = client.chat.completions.create(model="starter", messages=ASK, n=3, temperature=1.0, seed=7, max_tokens=24)
    texts = [c.message.content or "" for c in reply.choices]
    assert [c.index for c in reply.choices] == [0, 1, 2] and all(t.strip() for t in texts)
    assert len(set(texts)) == 3, texts  # seeds 7, 8 and 9
    assert reply.usage is not None and reply.usage.completion_tokens > 24  # three choices' tokens, added up
    again = client.chat.completions.create(model="starter", messages=ASK, n=3, temperature=1.0, seed=7, max_tokens=24)
    assert [c.message.content for c in again.choices] == texts  # the whole answer is repeatable

    chunks = list(
        client.chat.completions.create(
            model="starter",
            messages=ASK,
            n=3,
            temperature=1.0,
            max_tokens=24,
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    streamed: dict[int, str] = {}
    finished: set[int] = set()
    for chunk in chunks[:-1]:
        for choice in chunk.choices:
            streamed[choice.index] = streamed.get(choice.index, "") + (choice.delta.content or "")
            if choice.finish_reason:
                finished.add(choice.index)
    assert sorted(streamed) == [0, 1, 2] and finished == {0, 1, 2}
    assert len(set(streamed.values())) == 3, streamed  # no seed: each choice its own random one
    usage = chunks[-1].usage
    assert chunks[-1].choices == [] and usage is not None and usage.completion_tokens > 24


def test_a_seed_makes_a_reply_repeatable_and_max_completion_tokens_limits_it(served: str) -> None:
    client = _client(served)

    def ask(seed: int) -> str:
        reply = client.chat.completions.create(model="starter", messages=ASK, temperature=1.0, seed=seed, max_tokens=32)
        return reply.choices[0].message.content or ""

    first = ask(1234)
    assert first.strip() and ask(1234) == first
    assert ask(1235) != first
    short = client.chat.completions.create(model="starter", messages=ASK, max_completion_tokens=3, temperature=0)
    assert short.choices[0].finish_reason == "length"
    assert short.usage is not None and short.usage.completion_tokens == 3


def test_a_field_quill_does_not_take_is_refused_before_the_model_runs(served: str) -> None:
    client = _client(served)
    tool = {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}
    with pytest.raises(openai.BadRequestError, match="template does not support tools") as caught:
        client.chat.completions.create(model="starter", messages=ASK, tools=[tool])  # type: ignore[list-item]
    assert caught.value.param == "tools"
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(model="starter", messages=ASK, presence_penalty=1.0)
    assert caught.value.param == "presence_penalty" and "repeat_penalty" in caught.value.message
    with pytest.raises(openai.BadRequestError) as caught:
        client.completions.create(model="starter", prompt="Once", extra_body={"mirostat": 2})
    assert caught.value.param == "mirostat" and caught.value.code == "unknown_parameter"
    with pytest.raises(openai.BadRequestError, match="embedding model"):
        client.embeddings.create(model="starter", input="the sea")


def test_the_api_key_is_enforced_and_a_taken_port_is_one_line(served: str, tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/v1"
    with _serve(port, tmp_path, "--api-key", "sk-serve"):
        with pytest.raises(openai.AuthenticationError):
            _client(url).models.list()
        assert openai.OpenAI(base_url=url, api_key="sk-serve").models.list().data
    taken = int(served.rsplit(":", 1)[1].split("/")[0])
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "serve", "--port", str(taken)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QUILL_HOME": str(tmp_path / "h2")},
    )
    assert done.returncode == 2 and done.stderr.startswith(f"quill: error: Cannot listen on 127.0.0.1:{taken}")
    assert done.stderr.count("\n") == 1


def test_serve_embedding_model_answers_embeddings_and_a_missing_file_is_one_line(
    tiny_bert: Path, tmp_path: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/v1"
    with _serve(port, tmp_path, "--embedding-model", str(tiny_bert)):
        reply = _client(url).embeddings.create(model="any", input=["the sea", "the sea", "hello world"])
        vectors = [d.embedding for d in reply.data]
        assert reply.model == "tiny-bert" and [len(v) for v in vectors] == [32, 32, 32]
        assert vectors[0] == pytest.approx(vectors[1], abs=1e-6) and vectors[0] != pytest.approx(vectors[2], abs=1e-3)
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "serve", "--port", "0", "--embedding-model", str(tmp_path / "none.gguf")],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QUILL_HOME": str(tmp_path / "h3")},
    )
    assert done.returncode != 0 and "none.gguf" in done.stderr and done.stderr.count("\n") == 1


PERSON = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 24},
        "age": {"type": "integer"},
        "city": {"type": "string", "maxLength": 24},
        "likes": {"type": "array", "items": {"type": "string", "maxLength": 16}, "maxItems": 3},
    },
    "required": ["name", "age", "city", "likes"],
    "additionalProperties": False,
}


def test_forty_seeded_json_schema_answers_all_validate(served: str) -> None:
    """Constrained sampling: whatever the seed, the answer parses and follows the schema.

    Forty seeds, ten per client (it was a hundred: three minutes of the suite on a loaded machine);
    each answer is up to 160 sampled tokens that all pass through the grammar."""
    import jsonschema

    client = _client(served)
    answers: dict[int, str] = {}
    how_many = 40

    def ask(seeds: range) -> None:
        for seed in seeds:
            reply = client.chat.completions.create(
                model="starter",
                messages=[{"role": "user", "content": "Invent a person: name, age, city and what they like."}],
                response_format={"type": "json_schema", "json_schema": {"name": "person", "schema": PERSON}},
                temperature=1.0,
                seed=seed,
                max_tokens=160,
            )
            answers[seed] = reply.choices[0].message.content or ""

    threads = [threading.Thread(target=ask, args=(range(start, how_many, 4),)) for start in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(600)
    assert len(answers) == how_many
    for text in answers.values():
        jsonschema.validate(json.loads(text), PERSON)  # raises with the seed's answer if one is off
    assert len(set(answers.values())) > how_many // 2  # the seeds gave different people, not one answer
    # A keyword the sampler could not enforce is refused, not silently ignored.
    bounded = {**PERSON, "properties": {**PERSON["properties"], "age": {"type": "integer", "maximum": 120}}}
    with pytest.raises(openai.BadRequestError, match="'maximum'"):
        client.chat.completions.create(
            model="starter",
            messages=[{"role": "user", "content": "Invent a person."}],
            response_format={"type": "json_schema", "json_schema": {"name": "person", "schema": bounded}},
        )


def test_json_mode_and_logprobs_that_agree_with_greedy_decoding(served: str) -> None:
    client = _client(served)
    reply = client.chat.completions.create(
        model="starter", messages=ASK, response_format={"type": "json_object"}, temperature=0, max_tokens=64
    )
    assert isinstance(json.loads(reply.choices[0].message.content or ""), dict)
    greedy = client.chat.completions.create(
        model="starter", messages=ASK, temperature=0, max_tokens=12, logprobs=True, top_logprobs=3
    )
    content = greedy.choices[0].logprobs.content  # type: ignore[union-attr]
    assert content is not None and "".join(t.token for t in content) == greedy.choices[0].message.content
    for token in content:
        assert len(token.top_logprobs) == 3 and token.logprob <= 0
        assert token.top_logprobs[0].token == token.token  # greedy takes the likeliest token
        assert abs(token.top_logprobs[0].logprob - token.logprob) < 1e-4
    streamed = client.chat.completions.create(
        model="starter", messages=ASK, temperature=0, max_tokens=12, logprobs=True, stream=True
    )
    tokens = [
        t.token
        for chunk in streamed
        if chunk.choices and chunk.choices[0].logprobs
        for t in chunk.choices[0].logprobs.content or []
    ]
    assert tokens == [t.token for t in content]
    legacy = client.completions.create(model="starter", prompt="The sea is", max_tokens=6, temperature=0, logprobs=2)
    lp = legacy.choices[0].logprobs
    assert lp is not None and len(lp.tokens or []) == 6 and all(len(top) == 2 for top in lp.top_logprobs or [])
