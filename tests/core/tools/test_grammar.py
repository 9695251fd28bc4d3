"""A forced call's grammar on real llama.cpp: a tiny model with random weights, sampled at temperature 1,
still writes a call in each format whose arguments validate against the tool's schema."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from assistant.core.backends.llama import LlamaBackend
from assistant.core.cancel import CancelToken
from assistant.core.tools.grammar import prefixed
from assistant.core.tools.parser import parse_reply
from assistant.core.tools.plan import ToolRequest, ToolRequestError, plan_tools
from assistant.core.types import GenerationParams, GenerationRequest, Message, ModelSpec, TextDelta
from tests.helpers.tiny_gguf import write_tiny_llama
from tests.helpers.tool_schemas import SCHEMAS, tools

TEMPLATES = Path(__file__).resolve().parents[2] / "data" / "chat_templates"
TOOLS = tools(described=False)


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaBackend]:
    path = write_tiny_llama(tmp_path_factory.mktemp("tiny") / "tiny.gguf", n_ctx_train=1024)
    loaded = LlamaBackend()
    loaded.load(ModelSpec(path, n_ctx=1024, n_threads=1))
    yield loaded
    loaded.close()


@pytest.mark.parametrize(
    "name",
    [
        "Qwen-Qwen2.5-7B-Instruct",
        "meta-llama-Llama-3.1-8B-Instruct",
        "mistralai-Mistral-Nemo-Instruct-2407",
        "Mistral-Small-3.2-24B-Instruct-2506",
    ],
)
@pytest.mark.parametrize(("choice", "function"), [("required", None), ("function", "get_time")])
def test_a_forced_call_parses_and_its_arguments_validate(
    backend: LlamaBackend, name: str, choice: str, function: str | None
) -> None:
    template = (TEMPLATES / f"{name}.jinja").read_text(encoding="utf-8")
    asked = ToolRequest(TOOLS, choice, function, parallel=True)  # type: ignore[arg-type]
    plan = plan_tools(asked, [Message("user", "Weather?")], template, backend.schema_grammar)
    assert plan.format is not None and plan.grammar is not None
    for seed in range(3):
        # Up to four calls of a random-weight model (spaces where JSON allows them): room for all of them.
        params = GenerationParams(grammar=plan.grammar, temperature=1.0, seed=seed, max_tokens=1200)
        request = GenerationRequest(prompt="Call a tool:", params=params)
        text = "".join(e.text for e in backend.stream(request, CancelToken()) if isinstance(e, TextDelta))
        content, calls = parse_reply(plan.format, text)
        assert content == "" and calls, (name, seed, text)
        for call in calls:
            assert call.name in (SCHEMAS if choice == "required" else {function: None})
            jsonschema.validate(json.loads(call.arguments), SCHEMAS[call.name])


def test_a_schema_the_sampler_cannot_enforce_is_refused_naming_its_tool(backend: LlamaBackend) -> None:
    bounded = {"type": "object", "properties": {"days": {"type": "integer", "maximum": 7}}}
    tools = ({"type": "function", "function": {"name": "f", "parameters": bounded}},)
    template = (TEMPLATES / "Qwen-Qwen2.5-7B-Instruct.jinja").read_text(encoding="utf-8")
    with pytest.raises(ToolRequestError, match="'maximum'") as caught:
        plan_tools(ToolRequest(tools, "required"), [Message("user", "x")], template, backend.schema_grammar)
    assert caught.value.param == "tools[0].function.parameters"


def test_prefixed_renames_rules_and_their_uses_but_not_literals() -> None:
    grammar = 'root ::= "{" space item "}"\nitem ::= "root" | [a-z] space\nspace ::= " "?'
    assert prefixed(grammar, "t0-") == (
        't0-root ::= "{" t0-space t0-item "}"\nt0-item ::= "root" | [a-z] t0-space\nt0-space ::= " "?'
    )
