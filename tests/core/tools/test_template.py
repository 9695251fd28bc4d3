"""Tool support read from real chat templates (tests/data/chat_templates, copied from the llama.cpp
sources in llama-cpp-python's sdist), and tool conversations rendered as Hugging Face's ``transformers``
renders them."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.engine.chat_template import render_chat
from assistant.core.tools.plan import ToolRequest, ToolRequestError, plan_tools
from assistant.core.tools.template import inspect_template
from assistant.core.types import Message, ToolCall
from tests.helpers.tool_schemas import CITY_WEATHER

TEMPLATES = Path(__file__).resolve().parents[2] / "data" / "chat_templates"


def template(name: str) -> str:
    return (TEMPLATES / f"{name}.jinja").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("Qwen-Qwen2.5-7B-Instruct", "hermes"),
        ("Qwen-Qwen3-0.6B", "hermes"),
        ("NousResearch-Hermes-2-Pro-Llama-3-8B-tool_use", "hermes"),
        ("meta-llama-Llama-3.1-8B-Instruct", "llama3"),
        ("meta-llama-Llama-3.3-70B-Instruct", "llama3"),
        ("mistralai-Mistral-Nemo-Instruct-2407", "mistral"),
        ("Mistral-Small-3.2-24B-Instruct-2506", "mistral-args"),
        ("unsloth-mistral-Devstral-Small-2507", "mistral-args"),
        ("Qwen3-Coder", None),  # <tool_call> holding XML: it takes tools, Quill cannot read its calls
    ],
)
def test_templates_with_tools_and_their_formats(name: str, fmt: str | None) -> None:
    support = inspect_template(template(name))
    assert support.reads_tools and support.reads_tool_calls and support.reads_tool_role
    assert (support.format.name if support.format else None) == fmt


@pytest.mark.parametrize("name", ["google-gemma-2-2b-it", "microsoft-Phi-3.5-mini-instruct"])
def test_templates_without_tools(name: str) -> None:
    support = inspect_template(template(name))
    assert not support.reads_tools and support.format is None


def test_the_syntax_tree_decides_not_the_text() -> None:
    """A template that only *mentions* tools (a comment, a string) does not read them."""
    mentions = "{# tools are not supported #}{{ 'tools' }}{% for m in messages %}{{ m.content }}{% endfor %}"
    assert "tools" in mentions and not inspect_template(mentions).reads_tools
    reads = "{% if tools %}{{ tools | tojson }}{% endif %}<tool_call>"
    assert inspect_template(reads).reads_tools and inspect_template(reads).format is not None


TOOLS = [CITY_WEATHER]
ROUND_TRIP = [
    Message("user", "What is the weather in Paris?"),
    Message("assistant", "", tool_calls=(ToolCall("call_abc123", "get_weather", '{"city": "Paris"}'),)),
    Message("tool", '{"temperature": 22, "sky": "clear"}', tool_call_id="call_abc123", name="get_weather"),
]


DATE = "26 Jul 2024"  # Llama 3.1's template reads date_string: Quill fills in today's, transformers leaves this


def _transformers(text: str, messages: list[Message], tools: list | None) -> str:
    from transformers.utils.chat_template_utils import render_jinja_template

    rendered, _ = render_jinja_template(
        conversations=[[m.as_dict() for m in messages]],
        tools=tools,
        chat_template=text,
        add_generation_prompt=True,
        bos_token="<s>",
        eos_token="</s>",
        date_string=DATE,
    )
    return rendered[0]


@pytest.mark.parametrize(
    "name", ["Qwen-Qwen2.5-7B-Instruct", "NousResearch-Hermes-2-Pro-Llama-3-8B-tool_use", "Qwen-Qwen3-0.6B"]
)
def test_a_tool_round_trip_renders_as_transformers_renders_it(name: str) -> None:
    text = template(name)
    plan = plan_tools(ToolRequest(tuple(TOOLS)), ROUND_TRIP, text, None)
    ours = render_chat(text, plan.messages, bos_token="<s>", eos_token="</s>", variables=plan.variables)
    assert ours == _transformers(text, list(plan.messages), TOOLS)
    # The arguments reach the template as an object: written as JSON, not as a quoted string.
    assert '"arguments": {"city": "Paris"}' in ours and '\\"city\\"' not in ours
    assert '{"temperature": 22, "sky": "clear"}' in ours and "get_weather" in ours


def test_llama_renders_the_call_with_its_parameters() -> None:
    text = template("meta-llama-Llama-3.1-8B-Instruct")
    plan = plan_tools(ToolRequest(tuple(TOOLS)), ROUND_TRIP, text, None)
    variables = {**plan.variables, "date_string": DATE}
    ours = render_chat(text, plan.messages, bos_token="<s>", eos_token="</s>", variables=variables)
    assert '{"name": "get_weather", "parameters": {"city": "Paris"}}' in ours
    assert "<|start_header_id|>ipython<|end_header_id|>" in ours
    assert ours == _transformers(text, list(plan.messages), TOOLS)


@pytest.mark.parametrize("name", ["mistralai-Mistral-Nemo-Instruct-2407", "Mistral-Small-3.2-24B-Instruct-2506"])
def test_mistral_gets_the_nine_character_ids_its_template_demands(name: str) -> None:
    text = template(name)
    with pytest.raises(Exception, match="length 9"):  # the template itself refuses OpenAI-style ids
        render_chat(text, ROUND_TRIP, variables={"tools": TOOLS})
    plan = plan_tools(ToolRequest(tuple(TOOLS)), ROUND_TRIP, text, None)
    call_id = plan.messages[1].tool_calls[0].id
    assert len(call_id) == 9 and call_id.isalnum() and plan.messages[2].tool_call_id == call_id
    ours = render_chat(text, plan.messages, variables=plan.variables)
    assert ours.count(call_id) == 2 and "[TOOL_RESULTS]" in ours


def test_a_template_without_tools_is_refused_naming_the_field() -> None:
    gemma = template("google-gemma-2-2b-it")
    with pytest.raises(ToolRequestError, match="does not support tools") as caught:
        plan_tools(ToolRequest(tuple(TOOLS)), ROUND_TRIP[:1], gemma, None)
    assert caught.value.param == "tools"
    with pytest.raises(ToolRequestError) as caught:
        plan_tools(ToolRequest(), ROUND_TRIP, gemma, None)
    assert caught.value.param == "messages[1].tool_calls"
    # "none" shows no tools, so any template takes it.
    assert plan_tools(ToolRequest(tuple(TOOLS), "none"), ROUND_TRIP[:1], gemma, None).variables == {}
    with pytest.raises(ToolRequestError, match="form Quill cannot read"):
        plan_tools(ToolRequest(tuple(TOOLS)), ROUND_TRIP[:1], template("Qwen3-Coder"), None)
