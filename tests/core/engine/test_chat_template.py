from __future__ import annotations

import pytest

from assistant.core.engine.chat_template import CHATML_TEMPLATE, ChatTemplateError, fold_system_message, render_chat
from assistant.core.types import Message

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
