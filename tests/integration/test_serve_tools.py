"""Tools on a real `quill serve`: a tiny GGUF carrying Qwen2.5's own chat template, the official openai
client, calls forced by llama.cpp's grammar sampler (the random weights alone would never write one)."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jsonschema
import openai
import pytest

from tests.helpers.servers import free_port, running
from tests.helpers.tiny_gguf import qwen25_template, write_tiny_llama, write_tiny_tool_model
from tests.helpers.tool_schemas import SCHEMAS, tools

TOOLS = tools(described=True)
ASK = [{"role": "user", "content": "What is the weather in Paris?"}]


@contextmanager
def _serve(model: Path, home: Path) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/v1"
    args = [sys.executable, "-m", "assistant", "serve", "--port", str(port), "--model", str(model)]
    with running([*args, "--ctx", "4096", "--parallel", "2"], url + "/models", log=home / "serve.out",
                 env={"QUILL_HOME": str(home)}):  # fmt: skip
        yield url


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("serve-tools")
    with _serve(write_tiny_tool_model(home / "tiny-qwen-tools.gguf"), home) as url:
        yield url


def _client(url: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=url, api_key="unused", max_retries=0, timeout=300)


def _valid(name: str, arguments: str, allowed: set[str]) -> None:
    assert name in allowed
    jsonschema.validate(json.loads(arguments), SCHEMAS[name])


def _streamed_calls(stream: openai.Stream) -> tuple[str, list[tuple[str, str, str]], str | None]:
    content, calls, reason = "", {}, None  # type: ignore[var-annotated]
    for chunk in stream:
        if not chunk.choices:
            continue
        delta = chunk.choices[0].delta
        content += delta.content or ""
        for part in delta.tool_calls or []:
            entry = calls.setdefault(part.index, ["", "", ""])
            entry[0] += part.id or ""
            if part.function is not None:
                entry[1] += part.function.name or ""
                entry[2] += part.function.arguments or ""
        reason = chunk.choices[0].finish_reason or reason
    return content, [tuple(calls[i]) for i in sorted(calls)], reason


def test_a_named_function_becomes_a_tool_call_whole_and_streamed(served: str) -> None:
    client = _client(served)
    named = {"type": "function", "function": {"name": "get_time"}}
    for seed in (1, 2):
        reply = client.chat.completions.create(
            model="tiny",
            messages=ASK,
            tools=TOOLS,
            tool_choice=named,
            temperature=1.0,
            seed=seed,
            max_tokens=300,  # type: ignore[arg-type]
        )
        choice = reply.choices[0]
        assert choice.finish_reason == "tool_calls" and not choice.message.content
        (call,) = choice.message.tool_calls or []
        assert call.id.startswith("call_")
        _valid(call.function.name, call.function.arguments, {"get_time"})
    content, calls, reason = _streamed_calls(
        client.chat.completions.create(
            model="tiny",
            messages=ASK,
            tools=TOOLS,
            tool_choice=named,
            temperature=1.0,
            seed=3,
            max_tokens=300,
            stream=True,  # type: ignore[arg-type]
        )
    )
    assert content == "" and reason == "tool_calls" and len(calls) == 1
    call_id, name, arguments = calls[0]
    assert call_id.startswith("call_")
    _valid(name, arguments, {"get_time"})


def test_required_calls_validate_against_their_tools_schemas(served: str) -> None:
    client = _client(served)
    for seed in range(4):
        reply = client.chat.completions.create(
            model="tiny",
            messages=ASK,
            tools=TOOLS,
            tool_choice="required",
            temperature=1.0,
            seed=seed,
            max_tokens=900,  # type: ignore[arg-type]
        )
        calls = reply.choices[0].message.tool_calls or []
        assert reply.choices[0].finish_reason == "tool_calls" and 1 <= len(calls) <= 4
        for call in calls:
            _valid(call.function.name, call.function.arguments, set(SCHEMAS))
    content, streamed, reason = _streamed_calls(
        client.chat.completions.create(
            model="tiny", messages=ASK, tools=TOOLS, tool_choice="required", parallel_tool_calls=False,  # type: ignore[arg-type]
            temperature=1.0, seed=9, max_tokens=300, stream=True,
        )
    )  # fmt: skip
    assert content == "" and reason == "tool_calls" and len(streamed) == 1
    _valid(streamed[0][1], streamed[0][2], set(SCHEMAS))


def test_a_tool_round_trip_is_rendered_by_the_models_own_template(served: str) -> None:
    """The prompt the server evaluated has the length of transformers' rendering of the same conversation
    (the arguments as an object), not of one with the arguments left as a quoted string."""
    import httpx
    from transformers.utils.chat_template_utils import render_jinja_template

    client = _client(served)
    arguments = '{"city": "Paris", "unit": "celsius", "days": 1}'
    history = [
        *ASK,
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": arguments}}
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": '{"temperature": 22}'},
    ]

    def count(text: str) -> int:
        return int(
            httpx.post(served.removesuffix("/v1") + "/extras/tokenize/count", json={"input": text}).json()["count"]
        )

    def rendered(messages: list[dict], tools: list | None) -> str:
        return render_jinja_template(
            conversations=[messages], tools=tools, chat_template=qwen25_template(), add_generation_prompt=True
        )[0][0]

    plain = client.chat.completions.create(model="tiny", messages=ASK, max_tokens=1)
    assert plain.usage is not None
    bos = plain.usage.prompt_tokens - count(rendered(ASK, None))  # the BOS the server adds, if any
    reply = client.chat.completions.create(model="tiny", messages=history, tools=TOOLS, max_tokens=1)  # type: ignore[arg-type]
    assert reply.usage is not None
    as_object = [
        history[0],
        {
            **history[1],
            "tool_calls": [
                {**history[1]["tool_calls"][0], "function": {"name": "get_weather", "arguments": json.loads(arguments)}}
            ],
        },
        history[2],
    ]  # type: ignore[dict-item]
    assert reply.usage.prompt_tokens == count(rendered(as_object, TOOLS)) + bos
    assert count(rendered(history, TOOLS)) != count(rendered(as_object, TOOLS))  # the test could tell them apart


def test_two_clients_at_once_one_with_a_schema_one_with_tools_both_valid(served: str) -> None:
    person = {
        "type": "object",
        "properties": {"name": {"enum": ["Ann", "Bo"]}, "age": {"type": "integer"}, "happy": {"type": "boolean"}},
        "required": ["name", "age", "happy"],
        "additionalProperties": False,
    }
    answers: dict[str, object] = {}

    def structured() -> None:
        for seed in range(3):
            reply = _client(served).chat.completions.create(
                model="tiny", messages=[{"role": "user", "content": "A person?"}], temperature=1.0, seed=seed, max_tokens=200,
                response_format={"type": "json_schema", "json_schema": {"name": "person", "schema": person}},
            )  # fmt: skip
            jsonschema.validate(json.loads(reply.choices[0].message.content or ""), person)
        answers["schema"] = True

    def tooled() -> None:
        for seed in range(3):
            reply = _client(served).chat.completions.create(
                model="tiny", messages=ASK, tools=TOOLS, tool_choice="required", parallel_tool_calls=False,  # type: ignore[arg-type]
                temperature=1.0, seed=seed, max_tokens=300,
            )  # fmt: skip
            (call,) = reply.choices[0].message.tool_calls or []
            _valid(call.function.name, call.function.arguments, set(SCHEMAS))
        answers["tools"] = True

    errors: list[BaseException] = []

    def run(target: object) -> None:
        try:
            target()  # type: ignore[operator]
        except BaseException as exc:  # reported on the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(t,)) for t in (structured, tooled)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert errors == [] and answers == {"schema": True, "tools": True}


def test_a_model_whose_template_has_no_tools_gets_a_400_naming_the_field(tmp_path: Path) -> None:
    model = write_tiny_llama(tmp_path / "tiny-chatml.gguf", n_ctx_train=4096)  # ChatML: never reads tools
    with _serve(model, tmp_path) as url:
        with pytest.raises(openai.BadRequestError, match="template does not support tools") as caught:
            _client(url).chat.completions.create(model="tiny", messages=ASK, tools=TOOLS)  # type: ignore[arg-type]
        assert caught.value.param == "tools"
        reply = _client(url).chat.completions.create(model="tiny", messages=ASK, max_tokens=4)
        assert reply.choices[0].finish_reason in ("stop", "length")  # the model itself is fine
