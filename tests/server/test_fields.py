"""The one table of request fields: its rules, and the lists people read all say what it says."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from assistant.core.sampling import KNOBS
from assistant.server.fields import (
    FIELDS,
    MAX_CHOICES,
    FieldError,
    Status,
    check_request,
    fields_for,
    help_text,
    markdown,
    names,
)

README = Path(__file__).resolve().parents[2] / "README.md"
START = "<!-- api-fields:"
END = "<!-- /api-fields -->"


def test_the_readme_lists_the_table_as_it_is() -> None:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n", text.index(START)) + 1
    assert text[start : text.index(END)] == markdown(), "run `python -m assistant.server.fields` into README.md"


def test_quill_serve_help_lists_every_field() -> None:
    from assistant.cli.entry import build_parser

    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--help"])
    shown = " ".join(out.getvalue().split())
    assert " ".join(help_text(78).split()) in shown
    for row in FIELDS:
        assert row.name in shown


def test_every_sampling_knob_is_a_used_field_and_no_field_is_declared_twice() -> None:
    for knob in KNOBS:
        for name in knob.api_names:
            assert fields_for("chat")[name].status is Status.USED
            assert fields_for("completions")[name].status is Status.USED
    pairs = [(row.name, route) for row in FIELDS for route in row.routes]
    assert len(pairs) == len(set(pairs))
    assert {"tools", "tool_choice", "parallel_tool_calls", "messages[].tool_calls"} <= set(names(Status.USED))
    assert {"response_format", "logprobs", "top_logprobs"} <= set(names(Status.USED))
    assert {"user", "metadata", "store"} <= set(names(Status.CLIENT))


def test_what_another_quill_sends_passes() -> None:
    """RemoteBackend talks to another Quill's `quill serve`: every field it sends must be taken."""
    from assistant.core.backends.remote import RemoteBackend
    from assistant.core.backends.remote_spec import RemoteSpec
    from assistant.core.types import GenerationParams, GenerationRequest, Message

    remote = RemoteBackend(RemoteSpec(base_url="http://127.0.0.1:9/v1"))
    params = GenerationParams(seed=3, stop=("##",), ignore_eos=True)
    schema = GenerationParams(json_schema='{"type": "object", "properties": {"a": {"type": "string"}}}')
    for request in (
        GenerationRequest(messages=[Message("system", "Be brief."), Message("user", "Hi")], params=params),
        GenerationRequest(prompt="Once", params=params),
        GenerationRequest(messages=[Message("user", "Hi")], params=schema),  # Write's keywords, for one
        GenerationRequest(prompt="Once", params=GenerationParams(json_schema="{}")),
    ):
        url, body = remote.request_body(request)
        route = "chat" if url.endswith("/chat/completions") else "completions"
        assert check_request(body, route).get("seed") == request.params.seed
        if request.params.json_schema:
            assert body["response_format"]["type"] in ("json_schema", "json_object")


def test_nulls_and_values_that_ask_for_nothing_are_dropped() -> None:
    body = {
        "messages": [{"role": "user", "content": "Hi", "name": None}],
        "presence_penalty": 0.0,
        "logprobs": False,
        "response_format": {"type": "text"},
        "anything_at_all": None,
        "n": 2,
    }
    assert check_request(body, "chat") == {"messages": [{"role": "user", "content": "Hi"}], "n": 2}


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({"messages": [{"role": "user", "content": "x"}], "n": MAX_CHOICES + 1}, "n", "unsupported_value"),
        ({"messages": [{"role": "user", "content": "x"}], "n": True}, "n", "invalid_type"),
        (
            {"messages": [{"role": "user", "content": "x"}], "presence_penalty": False},  # false is not 0
            "presence_penalty",
            "unsupported_parameter",
        ),
        ({"messages": [{"content": "x"}]}, "messages[0].role", "missing_required_parameter"),
        ({"messages": ["Hi"]}, "messages[0]", "invalid_type"),
        (
            {"messages": [{"role": "user", "content": [{"type": "text", "txt": "x"}]}]},
            "messages[0].content[0].txt",
            "unknown_parameter",
        ),
        (
            {"messages": [{"role": "user", "content": "x"}], "stream_options": {"include_obfuscation": True}},
            "stream_options.include_obfuscation",
            "unsupported_parameter",
        ),
        ({"messages": [{"role": "user", "content": "x"}], "stop": ["a"] * 17}, "stop", "unsupported_value"),
        ({"messages": [{"role": "user", "content": "x"}], "temperature": float("nan")}, "temperature", "invalid_type"),
        ({"messages": [{"role": "user", "content": "x"}], "temperature": -1}, "temperature", "unsupported_value"),
    ],
)
def test_refusals_name_the_field(body: dict[str, object], param: str, code: str) -> None:
    with pytest.raises(FieldError) as caught:
        check_request(body, "chat")
    assert (caught.value.param, caught.value.code) == (param, code)
    assert param in caught.value.message
