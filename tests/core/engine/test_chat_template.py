from __future__ import annotations

import pytest

from assistant.core.engine.chat_template import (
    CHATML_TEMPLATE,
    ChatTemplateError,
    fold_system_message,
    render_chat,
    template_variables,
)
from assistant.core.types import Message
from tests.helpers.hf_reference import apply_chat_template

MISTRAL_LIKE = (
    "{{ bos_token }}{% for message in messages %}"
    "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
    "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
    "{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}"
    "{% else %}{{ message['content'] + eos_token }}{% endif %}{% endfor %}"
)


def test_chatml_renders_every_turn_and_the_generation_prompt() -> None:
    text = render_chat(CHATML_TEMPLATE, [Message("system", "S"), Message("user", "你好")])
    assert text == "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\n你好<|im_end|>\n<|im_start|>assistant\n"


def test_bos_and_eos_are_passed_to_the_template() -> None:
    text = render_chat(
        MISTRAL_LIKE,
        [Message("user", "hi"), Message("assistant", "yo"), Message("user", "again")],
        bos_token="<s>",
        eos_token="</s>",
    )
    assert text == "<s>[INST] hi [/INST]yo</s>[INST] again [/INST]"


def test_a_template_that_refuses_system_messages_gets_them_folded_in() -> None:
    text = render_chat(MISTRAL_LIKE, [Message("system", "Be brief."), Message("user", "hi")], bos_token="<s>")
    assert text == "<s>[INST] Be brief.\n\nhi [/INST]"


def test_a_template_that_refuses_the_conversation_is_a_clear_error() -> None:
    with pytest.raises(ChatTemplateError, match="must alternate"):
        render_chat(MISTRAL_LIKE, [Message("user", "a"), Message("user", "b")])


def test_broken_jinja_is_a_clear_error() -> None:
    with pytest.raises(ChatTemplateError, match="not valid Jinja"):
        render_chat("{% for m in messages %}", [Message("user", "a")])


def test_tojson_keeps_chinese() -> None:
    assert render_chat("{{ messages[0] | tojson }}", [Message("user", "中文")]) == '{"role": "user", "content": "中文"}'


def test_fold_without_a_system_message_is_none() -> None:
    assert fold_system_message([Message("user", "a")]) is None


# Small probes of the environment, each compared with transformers' own renderer.
PROBES = {
    "tools and documents are always defined": "{{ tools is defined }} {{ tools is none }} {{ documents is none }}",
    "None fields are dropped": "{{ messages[0].tool_calls is defined }} {{ messages[0].name is defined }}",
    "reasoning under every name": "{{ messages[0].thinking }}|{{ messages[0].reasoning_content }}",
    "generation tag renders its body": "{%- for m in messages %}{% generation -%} [{{ m.content }}] {%- endgeneration %}{% endfor %}",
    "dict and namespace": "{% set ns = namespace(n=1) %}{% set ns.n = ns.n + 1 %}{{ ns.n }}{{ dict(a=1) | tojson }}",
    "tojson keeps non-ASCII and HTML": "{{ {'k': '中文 <b>&</b>'} | tojson(indent=2) }}",
    "trim and lstrip blocks": "  {% if true %}\nx\n  {% endif %}\ny",
    "extra variables": "{{ enable_thinking }} {{ custom | default('none') }}",
}


@pytest.mark.parametrize("template", PROBES.values(), ids=PROBES.keys())
def test_the_environment_matches_transformers(template: str) -> None:
    messages = [{"role": "assistant", "content": "你好", "tool_calls": None, "reasoning": "想"}]
    expected = apply_chat_template(template, messages, variables={"enable_thinking": False})
    assert render_chat(template, messages, variables={"enable_thinking": False}) == expected


def test_a_namespace_refuses_underscore_names_as_transformers_does() -> None:
    with pytest.raises(ChatTemplateError, match="underscore"):
        render_chat("{% set ns = namespace(_x=1) %}{{ ns._x }}", [Message("user", "a")])


def test_a_generation_block_must_be_closed() -> None:
    with pytest.raises(ChatTemplateError, match="not valid Jinja"):
        render_chat("{% generation %}{{ messages }}", [Message("user", "a")])


def test_template_variables_name_what_a_template_reads() -> None:
    names = template_variables("{% if enable_thinking %}x{% endif %}{% set y = 1 %}{{ y }}{{ messages }}")
    assert "enable_thinking" in names and "messages" in names and "y" not in names


def test_continuing_a_message_a_template_drops_is_a_clear_error() -> None:
    with pytest.raises(ChatTemplateError, match="drops part"):
        render_chat(
            "{% for m in messages %}{% if m.role == 'user' %}{{ m.content }}{% endif %}{% endfor %}",
            [Message("user", "a"), Message("assistant", "b")],
            continue_final_message=True,
        )


def test_variables_can_turn_the_generation_prompt_off_or_continue_the_last_message() -> None:
    messages = [Message("user", "hi"), Message("assistant", "Hel")]
    closed = render_chat(CHATML_TEMPLATE, messages, variables={"add_generation_prompt": False})
    assert closed == "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\nHel<|im_end|>\n"
    opened = render_chat(CHATML_TEMPLATE, messages, variables={"continue_final_message": True})
    assert opened == "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\nHel"


def test_a_python_error_inside_a_template_is_a_clear_error() -> None:
    with pytest.raises(ChatTemplateError, match="failed: TypeError: 'NoneType' object is not iterable"):
        render_chat("{% for t in tools %}{{ t }}{% endfor %}", [Message("user", "a")])
