"""Tools through the API on a scripted engine whose "model" carries Qwen2.5's real chat template:
calls read out of its replies (whole and streamed, with the official openai client), tool messages
rendered, and 400s that name the field."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import openai
import pytest

from assistant.core.backends.base import Backend
from assistant.core.backends.scripted import ScriptedBackend
from assistant.core.engine.chat_template import CHATML_TEMPLATE
from assistant.core.engine.engine import Engine
from assistant.core.types import ModelInfo, ModelSpec
from assistant.server.api import create_api
from assistant.server.runner import ApiServer
from tests.helpers.tiny_gguf import qwen25_template
from tests.helpers.tool_schemas import CITY_WEATHER

Start = Callable[..., tuple[openai.OpenAI, ScriptedBackend]]

WEATHER = CITY_WEATHER
ASK = [{"role": "user", "content": "What is the weather in Paris?"}]
CALL = '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>'


@pytest.fixture
def serve() -> Iterator[Start]:
    made: list[tuple[ApiServer, Engine]] = []

    def start(*replies: str, template: str | None = None) -> tuple[openai.OpenAI, ScriptedBackend]:
        backend = ScriptedBackend(replies or ("Hello.",), n_ctx=8192, chat_template=template or qwen25_template())

        def opener() -> tuple[Backend, ModelInfo]:
            return backend, backend.load(ModelSpec(Path("scripted.gguf")))

        engine = Engine(lambda _progress: opener())
        engine.start()
        server = ApiServer(create_api(engine), "127.0.0.1", 0)
        made.append((server, engine))
        return openai.OpenAI(base_url=server.start(), api_key="unused", max_retries=0), backend

    yield start
    for server, engine in made:
        server.stop()
        engine.close()


def test_a_call_in_the_reply_comes_back_as_tool_calls(serve: Start) -> None:
    client, backend = serve("Let me check.\n" + CALL)
    reply = client.chat.completions.create(model="m", messages=ASK, tools=[WEATHER])  # type: ignore[list-item]
    choice = reply.choices[0]
    assert choice.finish_reason == "tool_calls" and choice.message.content == "Let me check."
    (call,) = choice.message.tool_calls or []
    assert call.type == "function" and call.id.startswith("call_")
    assert call.function.name == "get_weather" and json.loads(call.function.arguments) == {"city": "Paris"}
    # The tools reached the model through its own template.
    sent = backend.requests[-1]
    assert sent.template_vars["tools"] == [WEATHER]
    prompt = backend.render(sent.messages, sent.template_vars)
    assert '\n<tools>\n{"type": "function", "function": {"name": "get_weather", "description"' in prompt


def test_a_streamed_call_comes_as_openai_tool_call_deltas(serve: Start) -> None:
    client, _ = serve("Checking.\n" + CALL + "\n" + CALL.replace("Paris", "Lyon"))
    chunks = list(client.chat.completions.create(model="m", messages=ASK, tools=[WEATHER], stream=True))  # type: ignore[list-item]
    content = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert content == "Checking."
    calls: dict[int, dict[str, str]] = {}
    for chunk in chunks:
        for delta in (chunk.choices[0].delta.tool_calls or []) if chunk.choices else []:
            entry = calls.setdefault(delta.index, {"id": "", "name": "", "arguments": ""})
            entry["id"] += delta.id or ""
            if delta.function is not None:
                entry["name"] += delta.function.name or ""
                entry["arguments"] += delta.function.arguments or ""
    assert sorted(calls) == [0, 1] and {c["name"] for c in calls.values()} == {"get_weather"}
    assert [json.loads(c["arguments"]) for c in calls.values()] == [{"city": "Paris"}, {"city": "Lyon"}]
    assert all(c["id"].startswith("call_") for c in calls.values()) and calls[0]["id"] != calls[1]["id"]
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "tool_calls"
    # The client's own accumulation of the stream agrees.
    with client.chat.completions.stream(model="m", messages=ASK, tools=[WEATHER]) as stream:  # type: ignore[list-item]
        final = stream.get_final_completion()
    assert final.choices[0].message.tool_calls and final.choices[0].message.tool_calls[0].function.name == "get_weather"


def test_text_that_only_looks_like_a_call_stays_content(serve: Start) -> None:
    text = "Wrap it in <tool_call> tags, then </tool_call>."
    client, _ = serve(text)
    reply = client.chat.completions.create(model="m", messages=ASK, tools=[WEATHER])  # type: ignore[list-item]
    assert reply.choices[0].message.content == text and not reply.choices[0].message.tool_calls
    assert reply.choices[0].finish_reason == "stop"
    chunks = list(client.chat.completions.create(model="m", messages=ASK, tools=[WEATHER], stream=True))  # type: ignore[list-item]
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == text


def test_tool_choice_none_shows_no_tools_and_reads_no_calls(serve: Start) -> None:
    client, backend = serve(CALL)
    reply = client.chat.completions.create(model="m", messages=ASK, tools=[WEATHER], tool_choice="none")  # type: ignore[list-item]
    assert reply.choices[0].message.content == CALL and not reply.choices[0].message.tool_calls
    assert "tools" not in backend.requests[-1].template_vars
    assert "<tools>" not in backend.render(backend.requests[-1].messages, backend.requests[-1].template_vars)


def test_parallel_tool_calls_false_keeps_one_call(serve: Start) -> None:
    client, _ = serve(CALL + "\n" + CALL.replace("Paris", "Lyon"))
    reply = client.chat.completions.create(
        model="m",
        messages=ASK,
        tools=[WEATHER],  # type: ignore[list-item]
        parallel_tool_calls=False,
    )
    assert [json.loads(c.function.arguments) for c in reply.choices[0].message.tool_calls or []] == [{"city": "Paris"}]


def test_a_tool_round_trip_is_rendered_by_the_template(serve: Start) -> None:
    client, backend = serve("It is 22 degrees and clear in Paris.")
    first = client.chat.completions.create(model="m", messages=ASK, tools=[WEATHER])  # type: ignore[list-item]
    assert first.choices[0].message.content == "It is 22 degrees and clear in Paris."
    history = [
        *ASK,
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": '{"temperature": 22}'},
    ]
    reply = client.chat.completions.create(model="m", messages=history, tools=[WEATHER])  # type: ignore[arg-type, list-item]
    assert reply.choices[0].message.content == "It is 22 degrees and clear in Paris."
    sent = backend.requests[-1]
    prompt = backend.render(sent.messages, sent.template_vars)
    assert (
        '<|im_start|>assistant\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call><|im_end|>\n'
        '<|im_start|>user\n<tool_response>\n{"temperature": 22}\n</tool_response><|im_end|>\n'
        "<|im_start|>assistant\n"
    ) in prompt


def test_what_the_model_cannot_do_is_a_400_naming_the_field(serve: Start) -> None:
    client, backend = serve("Hello.", template=CHATML_TEMPLATE)
    chat = client.chat.completions.create
    for stream in (False, True):
        with pytest.raises(openai.BadRequestError, match="does not support tools") as caught:
            chat(model="m", messages=ASK, tools=[WEATHER], stream=stream)  # type: ignore[call-overload]
        assert caught.value.param == "tools" and caught.value.code == "unsupported_parameter"
    assert backend.requests == []  # refused before the model ran
    assert chat(model="m", messages=ASK, tools=[WEATHER], tool_choice="none").choices[0].message.content == "Hello."  # type: ignore[list-item]

    client, _ = serve("Hello.")
    chat = client.chat.completions.create
    cases: list[tuple[dict[str, object], str, str]] = [
        (
            {"tools": [WEATHER], "tool_choice": {"type": "function", "function": {"name": "nope"}}},
            "tool_choice",
            "not among",
        ),
        ({"tool_choice": "required"}, "tool_choice", "no 'tools'"),
        ({"tools": [WEATHER], "tool_choice": "sometimes"}, "tool_choice", "'auto', 'none', 'required'"),
        ({"tools": [{"type": "function", "function": {"name": "bad name!"}}]}, "tools[0].function.name", "letters"),
        ({"tools": [{"type": "custom", "function": {"name": "f"}}]}, "tools[0].type", "functions only"),
        ({"tools": [{"type": "function"}]}, "tools[0].function", "required"),
        (
            {"tools": [WEATHER], "tool_choice": "required", "response_format": {"type": "json_object"}},
            "response_format",
            "cannot be combined",
        ),
        ({"functions": [WEATHER["function"]]}, "functions", "send tools instead"),
    ]
    for extra, param, words in cases:
        with pytest.raises(openai.BadRequestError, match=words) as caught:
            chat(model="m", messages=ASK, extra_body=extra)
        assert caught.value.param == param, extra
    broken = [*ASK, {"role": "assistant", "tool_calls": [{"id": "c", "type": "function", "function": {"name": "f"}}]}]
    with pytest.raises(openai.BadRequestError) as caught:
        chat(model="m", messages=broken)  # type: ignore[arg-type]
    assert caught.value.param == "messages[1].tool_calls[0].function.arguments"


def test_each_of_n_choices_has_its_own_calls(serve: Start) -> None:
    client, _ = serve(CALL, "No call here.")
    reply = client.chat.completions.create(model="m", messages=ASK, tools=[WEATHER], n=2)  # type: ignore[list-item]
    by_text = {c.message.content: c for c in reply.choices}
    assert set(by_text) == {None, "No call here."}
    assert by_text[None].finish_reason == "tool_calls" and by_text[None].message.tool_calls
    assert by_text["No call here."].finish_reason == "stop" and not by_text["No call here."].message.tool_calls


def test_a_reply_held_to_response_format_is_not_read_for_calls(serve: Start) -> None:
    answer = '{"note": "<tool_call>{\\"name\\": \\"get_weather\\", \\"arguments\\": {}}</tool_call>"}'
    client, _ = serve(answer)
    reply = client.chat.completions.create(
        model="m",
        messages=ASK,
        tools=[WEATHER],  # type: ignore[list-item]
        response_format={"type": "json_object"},
    )
    assert reply.choices[0].message.content == answer and not reply.choices[0].message.tool_calls


def test_an_agent_loop_sends_the_reply_message_back_as_the_sdk_makes_it(serve: Start) -> None:
    """The usual client loop: append the reply's message object itself, then the tool's answer."""
    client, backend = serve(CALL, "It is sunny.")
    messages: list = list(ASK)
    first = client.chat.completions.create(model="m", messages=messages, tools=[WEATHER])  # type: ignore[list-item]
    message = first.choices[0].message
    messages.append(message)
    messages.append({"role": "tool", "tool_call_id": (message.tool_calls or [])[0].id, "content": "sunny"})
    second = client.chat.completions.create(model="m", messages=messages, tools=[WEATHER])  # type: ignore[list-item]
    assert second.choices[0].message.content == "It is sunny."
    sent = backend.requests[-1]
    assert sent.messages[1].tool_calls[0].name == "get_weather" and sent.messages[2].role == "tool"
    assert "<tool_response>\nsunny\n</tool_response>" in backend.render(sent.messages, sent.template_vars)
