"""Tool calls read out of replies, in each format, with the strings those models' documentation shows;
streamed at every split, the answer is the one the whole reply gives."""

from __future__ import annotations

import json

import pytest

from assistant.core.tools.formats import by_name
from assistant.core.tools.parser import ToolCallParser, parse_reply
from assistant.core.types import TextDelta, ToolCalled

# Qwen's function-calling guide (qwen.readthedocs.io, "Function Calling", Hermes-style tool use).
QWEN = (
    "<tool_call>\n"
    '{"name": "get_current_temperature", "arguments": {"location": "San Francisco, CA, USA"}}\n'
    "</tool_call>\n"
    "<tool_call>\n"
    '{"name": "get_temperature_date", "arguments": {"location": "San Francisco, CA, USA", "date": "2024-10-01"}}\n'
    "</tool_call>"
)
QWEN_CALLS = [
    ("get_current_temperature", {"location": "San Francisco, CA, USA"}),
    ("get_temperature_date", {"location": "San Francisco, CA, USA", "date": "2024-10-01"}),
]
# Meta's Llama 3.1 model card, "JSON based tool calling" (with and without the python tag).
LLAMA = '{"name": "get_current_conditions", "parameters": {"location": "San Francisco, CA", "unit": "Fahrenheit"}}'
LLAMA_TAGGED = '<|python_tag|>{"name": "get_current_weather", "parameters": {"location": "Menlo Park, CA"}}'
# Mistral's function-calling docs (v0.3 / Nemo): the calls as a JSON array.
MISTRAL = (
    '[TOOL_CALLS] [{"name": "get_current_weather", "arguments": {"location": "Paris, France", "format": "celsius"}}]'
)
# Mistral Small 3.2 / Devstral (tokenizer v11+): name[ARGS]arguments, one [TOOL_CALLS] per call.
MISTRAL_ARGS = '[TOOL_CALLS]get_current_weather[ARGS]{"location": "Paris, France", "format": "celsius"}'

CASES = [
    ("hermes", QWEN, "", QWEN_CALLS),
    ("hermes", "Let me look that up.\n\n" + QWEN, "Let me look that up.", QWEN_CALLS),
    ("llama3", LLAMA, "", [("get_current_conditions", {"location": "San Francisco, CA", "unit": "Fahrenheit"})]),
    ("llama3", LLAMA_TAGGED, "", [("get_current_weather", {"location": "Menlo Park, CA"})]),
    ("llama3", '{"type": "function", "name": "f", "parameters": {"x": 1}}', "", [("f", {"x": 1})]),
    ("mistral", MISTRAL, "", [("get_current_weather", {"location": "Paris, France", "format": "celsius"})]),
    # The same with the control token left out by llama.cpp's detokenizer.
    (
        "mistral",
        MISTRAL[len("[TOOL_CALLS] ") :],
        "",
        [("get_current_weather", {"location": "Paris, France", "format": "celsius"})],
    ),
    ("mistral-args", MISTRAL_ARGS, "", [("get_current_weather", {"location": "Paris, France", "format": "celsius"})]),
    (
        "mistral-args",
        MISTRAL_ARGS + '[TOOL_CALLS]get_time[CALL_ID]a1b2c3d4e[ARGS]{"tz": "CET"}',
        "",
        [("get_current_weather", {"location": "Paris, France", "format": "celsius"}), ("get_time", {"tz": "CET"})],
    ),
    ("mistral-args", 'get_time{"tz": "CET"}', "", [("get_time", {"tz": "CET"})]),
    # Replies that only look like calls are content, as written.
    (
        "hermes",
        "Use <tool_call> tags, like <tool_call>this</tool_call>.",
        "Use <tool_call> tags, like <tool_call>this</tool_call>.",
        [],
    ),
    ("hermes", "a < b and <tool_", "a < b and <tool_", []),
    ("hermes", "  Plain answer.\n", "  Plain answer.\n", []),
    ("llama3", '{"hello": "world"}', '{"hello": "world"}', []),
    ("llama3", "{name} is a placeholder", "{name} is a placeholder", []),
    ("llama3", 'It is {"name": "x"} inside prose', 'It is {"name": "x"} inside prose', []),
    ("mistral", "[1, 2, 3] are numbers", "[1, 2, 3] are numbers", []),
    ("mistral-args", "Paris is lovely in spring.", "Paris is lovely in spring.", []),
    ("mistral-args", "Paris{ is } odd", "Paris{ is } odd", []),
]


def _calls(found: list) -> list[tuple[str, dict]]:
    return [(c.name, json.loads(c.arguments)) for c in found]


@pytest.mark.parametrize(("fmt", "reply", "content", "calls"), CASES)
def test_a_whole_reply(fmt: str, reply: str, content: str, calls: list) -> None:
    text, found = parse_reply(by_name(fmt), reply)
    assert text == content
    assert _calls(found) == calls
    assert all(c.id.startswith("call_") and len(c.id) > 10 for c in found)
    assert len({c.id for c in found}) == len(found)


def _streamed(fmt: str, pieces: list[str]) -> tuple[str, list[tuple[str, dict]], list[object]]:
    parser = ToolCallParser(by_name(fmt))
    out: list[object] = []
    for piece in pieces:
        out += parser.feed(piece)
    out += parser.finish()
    text = "".join(o.text for o in out if isinstance(o, TextDelta))
    return text, _calls([o.call for o in out if isinstance(o, ToolCalled)]), out


@pytest.mark.parametrize(("fmt", "reply", "content", "calls"), CASES)
def test_streamed_split_at_every_character_boundary(fmt: str, reply: str, content: str, calls: list) -> None:
    for cut in range(1, len(reply)):
        assert _streamed(fmt, [reply[:cut], reply[cut:]])[:2] == (content, calls), cut
    assert _streamed(fmt, list(reply))[:2] == (content, calls)  # one character at a time


def test_content_before_a_call_streams_before_the_call_ends_and_a_near_miss_is_released_at_once() -> None:
    parser = ToolCallParser(by_name("hermes"))
    assert parser.feed("Checking the weather") == [TextDelta("Checking the weather")]
    assert parser.feed(" now <tool_") == [TextDelta(" now")]  # the space is held next to a possible call
    assert parser.feed("call>\n{") == []
    assert parser.feed('"name": "f", "arguments": {}}\n</tool_call>') == [ToolCalled(parser.calls[0])]
    other = ToolCallParser(by_name("hermes"))
    assert other.feed("x <tool") == [TextDelta("x")]
    assert other.feed("box> y") == [TextDelta(" <toolbox> y")]  # not a marker after all: released


def test_parallel_false_keeps_the_first_call_only() -> None:
    text, found = parse_reply(by_name("hermes"), QWEN, parallel=False)
    assert text == "" and _calls(found) == QWEN_CALLS[:1]


def test_a_reply_cut_short_inside_a_call_is_content() -> None:
    cut = QWEN[:40]
    assert parse_reply(by_name("hermes"), cut) == (cut, [])


def test_a_bare_json_answer_is_a_call_only_if_it_names_an_offered_function() -> None:
    person = '{"name": "Ann", "parameters": {"age": 3}}'
    assert parse_reply(by_name("llama3"), person, names=frozenset({"get_weather"})) == (person, [])
    text, found = parse_reply(by_name("llama3"), person, names=frozenset({"Ann"}))
    assert text == "" and _calls(found) == [("Ann", {"age": 3})]
    # A marker says it is a call, whatever it names.
    assert _calls(parse_reply(by_name("hermes"), QWEN, names=frozenset({"other"}))[1]) == QWEN_CALLS
