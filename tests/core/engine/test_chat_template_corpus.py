"""Real chat templates of current model families, rendered by Quill and by Hugging Face ``transformers``.

The reference is transformers' own ``apply_chat_template(..., tokenize=False)`` on a minimal real
tokenizer carrying the ``bos_token``/``eos_token`` a GGUF gives Quill (tests/helpers/hf_reference.py).
The clock both read (``strftime_now``, ``date_string``) is pinned. The templates and where they come
from: tests/data/chat_templates/README.md.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import pytest

from assistant.core.engine.chat_template import DATE_STRING_FORMAT, ChatTemplateError, render_chat, template_variables
from assistant.core.types import Message
from tests.helpers.hf_reference import apply_chat_template, pinned_clock

TEMPLATES = Path(__file__).resolve().parents[2] / "data" / "chat_templates"
NOW = datetime.datetime(2026, 3, 7, 9, 30, 0)


@dataclass(frozen=True)
class Family:
    """A template file, the special tokens its model's tokenizer has, and what the template supports."""

    file: str
    bos: str
    eos: str
    tools: bool = False
    thinking: str | None = None  # the variable that turns thinking on and off
    documents: bool = False


FAMILIES = [
    Family("Qwen-Qwen3-0.6B.jinja", "", "<|im_end|>", tools=True, thinking="enable_thinking"),
    Family("Qwen-Qwen2.5-7B-Instruct.jinja", "", "<|im_end|>", tools=True),
    Family(
        "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja",
        "<｜begin▁of▁sentence｜>",
        "<｜end▁of▁sentence｜>",
        thinking="enable_thinking",
    ),
    Family("google-gemma-3-it.jinja", "<bos>", "<eos>"),
    Family("google-gemma-2-2b-it.jinja", "<bos>", "<eos>"),
    Family("meta-llama-Llama-3.1-8B-Instruct.jinja", "<|begin_of_text|>", "<|eot_id|>", tools=True),
    Family("Mistral-Small-3.2-24B-Instruct-2506.jinja", "<s>", "</s>", tools=True),
    Family("mistralai-Mistral-Nemo-Instruct-2407.jinja", "<s>", "</s>", tools=True),
    Family("microsoft-Phi-3.5-mini-instruct.jinja", "<s>", "<|endoftext|>"),
    Family("LFM2.5-8B-A1B.jinja", "<|startoftext|>", "<|im_end|>", tools=True),
    Family("LFM2.5-Instruct.jinja", "<|startoftext|>", "<|im_end|>", tools=True),
    Family("GLM-4.6.jinja", "", "<|endoftext|>", tools=True, thinking="enable_thinking"),
    Family("HuggingFaceTB-SmolLM3-3B.jinja", "", "<|im_end|>", tools=True, thinking="enable_thinking"),
    Family("ibm-granite-granite-3.3-2B-Instruct.jinja", "", "<|end_of_text|>", tools=True, documents=True),
    Family("openai-gpt-oss-120b.jinja", "<|startoftext|>", "<|return|>", tools=True),
    Family("google-gemma-4-31B-it.jinja", "<bos>", "<eos>", tools=True, thinking="enable_thinking"),
    Family("Qwen3.5-4B.jinja", "", "<|im_end|>", tools=True, thinking="enable_thinking"),
    Family("deepseek-ai-DeepSeek-V3.1.jinja", "<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>", thinking="thinking"),
]

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather in a city / 查询城市天气",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string", "description": "城市名"}, "unit": {"enum": ["c", "f"]}},
            "required": ["city"],
        },
    },
}
TOOL_CALL = {"type": "function", "function": {"name": "get_weather", "arguments": {"city": "北京", "unit": "c"}}}

SYSTEM = {"role": "system", "content": "You are a careful assistant. 请简洁回答。"}
HELLO = {"role": "user", "content": "你好，请介绍一下你自己。"}
ANSWER = {"role": "assistant", "content": "我是一个本地运行的助手。"}
AGAIN = {"role": "user", "content": "What's 2 + 2? Answer in English & <b>bold</b>."}
WEATHER_Q = {"role": "user", "content": "北京今天天气怎么样？"}


@dataclass(frozen=True)
class Case:
    """One conversation and the options it is rendered with."""

    name: str
    messages: list[dict[str, Any]]
    add_generation_prompt: bool = True
    variables: dict[str, Any] | None = None
    needs_tools: bool = False
    needs_thinking: bool = False
    needs_documents: bool = False


CASES = [
    Case("user", [HELLO]),
    Case("system-user", [SYSTEM, HELLO]),
    Case("multi-turn", [SYSTEM, HELLO, ANSWER, AGAIN]),
    Case("multi-turn-no-system", [HELLO, ANSWER, AGAIN]),
    Case("ends-with-assistant", [HELLO, ANSWER], add_generation_prompt=False),
    Case("reasoning-in-history", [HELLO, {**ANSWER, "reasoning_content": "用户在问我是谁。"}, AGAIN]),
    Case(
        "reasoning-in-final-answer",
        [HELLO, {**ANSWER, "reasoning_content": "简单介绍即可。"}],
        add_generation_prompt=False,
    ),
    Case("think-tags-in-history", [HELLO, {**ANSWER, "content": "<think>\n先想想。\n</think>\n\n我是助手。"}, AGAIN]),
    Case("tools", [SYSTEM, WEATHER_Q], variables={"tools": [WEATHER_TOOL]}, needs_tools=True),
    Case(
        "tool-round-trip",
        [
            WEATHER_Q,
            {"role": "assistant", "content": "", "tool_calls": [{**TOOL_CALL, "id": "call0000a"}]},
            {
                "role": "tool",
                "content": '{"temp": 21, "sky": "晴"}',
                "tool_call_id": "call0000a",
                "name": "get_weather",
            },
        ],
        variables={"tools": [WEATHER_TOOL]},
        needs_tools=True,
    ),
    Case(
        "documents",
        [SYSTEM, WEATHER_Q],
        variables={
            "documents": [{"title": "天气预报", "text": "北京：晴，21°C。"}, {"title": "Note", "text": "Dry air."}]
        },
        needs_documents=True,
    ),
    Case("thinking-on", [SYSTEM, HELLO], variables={"enable_thinking": True}, needs_thinking=True),
    Case("thinking-off", [SYSTEM, HELLO], variables={"enable_thinking": False}, needs_thinking=True),
    Case(
        "thinking-off-multi-turn",
        [HELLO, {**ANSWER, "reasoning_content": "想一想"}, AGAIN],
        variables={"enable_thinking": False},
        needs_thinking=True,
    ),
]

# Conversations a template refuses and Quill renders anyway, with the system message folded in.
FOLDED = {("google-gemma-2-2b-it.jinja", name) for name in ("system-user", "multi-turn")}


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    with pinned_clock(NOW):
        yield


def reference(family: Family, template: str, case: Case, messages: list[dict[str, Any]], **extra: Any) -> str:
    return apply_chat_template(
        template,
        messages,
        bos_token=family.bos,
        eos_token=family.eos,
        add_generation_prompt=case.add_generation_prompt,
        variables={**(case.variables or {}), **extra},
    )


def quill(family: Family, template: str, case: Case, messages: list[dict[str, Any]], **extra: Any) -> str:
    return render_chat(
        template,
        messages,
        bos_token=family.bos,
        eos_token=family.eos,
        add_generation_prompt=case.add_generation_prompt,
        variables={**(case.variables or {}), **extra},
        now=NOW,
    )


def read(family: Family) -> str:
    return (TEMPLATES / family.file).read_text(encoding="utf-8")


def applicable() -> Iterator[Any]:
    for family in FAMILIES:
        for case in CASES:
            if (
                (case.needs_tools and not family.tools)
                or (case.needs_thinking and not family.thinking)
                or (case.needs_documents and not family.documents)
            ):
                continue
            if case.needs_thinking and family.thinking != "enable_thinking":
                variables = dict(case.variables or {})
                variables[str(family.thinking)] = variables.pop("enable_thinking")
                case = dataclasses.replace(case, variables=variables)
            yield pytest.param(family, case, id=f"{family.file.removesuffix('.jinja')}:{case.name}")


@pytest.mark.parametrize(("family", "case"), list(applicable()))
def test_quill_renders_the_template_as_transformers_does(family: Family, case: Case) -> None:
    template = read(family)
    # Llama 3.x reads ``date_string``; Quill fills in today's date, so the reference gets the same one.
    date = {"date_string": NOW.strftime(DATE_STRING_FORMAT)} if "date_string" in template else {}
    if (family.file, case.name) in FOLDED:
        with pytest.raises(jinja2.TemplateError, match="not supported"):
            reference(family, template, case, case.messages, **date)
        folded = [{"role": "user", "content": f"{SYSTEM['content']}\n\n{HELLO['content']}"}, *case.messages[2:]]
        expected = reference(family, template, case, folded, **date)
    else:
        expected = reference(family, template, case, case.messages, **date)
    assert quill(family, template, case, case.messages) == expected


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.file.removesuffix(".jinja"))
def test_quill_messages_render_as_their_dicts(family: Family) -> None:
    """What the app passes (Message objects) renders as the same conversation as plain dicts."""
    template = read(family)
    messages = [Message("user", HELLO["content"]), Message("assistant", ANSWER["content"]), Message("user", "再见")]
    as_dicts = [m.as_dict() for m in messages]
    case = Case("messages", as_dicts)
    assert quill(family, template, case, messages) == quill(family, template, case, as_dicts)  # type: ignore[arg-type]


CONTINUABLE = [f for f in FAMILIES if f.file != "google-gemma-2-2b-it.jinja"]


@pytest.mark.parametrize("family", CONTINUABLE, ids=lambda f: f.file.removesuffix(".jinja"))
def test_continue_final_message_leaves_the_answer_open_as_transformers_does(family: Family) -> None:
    template = read(family)
    case = Case("continue", [HELLO, {"role": "assistant", "content": "我是一个"}], add_generation_prompt=False)
    date = {"date_string": NOW.strftime(DATE_STRING_FORMAT)} if "date_string" in template else {}
    expected = apply_chat_template(
        template,
        case.messages,
        bos_token=family.bos,
        eos_token=family.eos,
        add_generation_prompt=False,
        continue_final_message=True,
        variables=date,
    )
    text = render_chat(
        template, case.messages, bos_token=family.bos, eos_token=family.eos, continue_final_message=True, now=NOW
    )
    assert text == expected
    assert text.endswith("我是一个")


def test_llama_3_1_gets_todays_date_where_transformers_keeps_the_templates_default() -> None:
    """The one deliberate difference: a stale "Today Date: 26 Jul 2024" would mislead the model."""
    family = next(f for f in FAMILIES if f.file.startswith("meta-llama"))
    template, case = read(family), Case("user", [HELLO])
    assert "Today Date: 07 Mar 2026\n" in quill(family, template, case, case.messages)
    assert "Today Date: 26 Jul 2024\n" in reference(family, template, case, case.messages)
    assert "Today Date: 1 May 2025\n" in render_chat(template, [HELLO], variables={"date_string": "1 May 2025"})


def test_strftime_now_follows_the_pinned_clock() -> None:
    family = next(f for f in FAMILIES if f.file.startswith("Mistral-Small"))
    text = quill(family, read(family), Case("user", [HELLO]), [HELLO])
    assert "The current date is 2026-03-07." in text


def test_a_template_refusal_that_folding_cannot_fix_is_one_clear_line() -> None:
    family = next(f for f in FAMILIES if f.file.startswith("google-gemma-3"))
    with pytest.raises(ChatTemplateError, match="refused this conversation: Conversation roles must alternate"):
        render_chat(read(family), [HELLO, HELLO])


@pytest.mark.parametrize("family", [f for f in FAMILIES if f.thinking], ids=lambda f: f.file.removesuffix(".jinja"))
def test_the_thinking_switch_changes_the_prompt(family: Family) -> None:
    """The corpus's thinking cases are not vacuous: each template renders on and off differently."""
    template, case = read(family), Case("user", [SYSTEM, HELLO])
    assert family.thinking in template_variables(template)
    on = quill(family, template, case, case.messages, **{str(family.thinking): True})
    off = quill(family, template, case, case.messages, **{str(family.thinking): False})
    assert on != off
