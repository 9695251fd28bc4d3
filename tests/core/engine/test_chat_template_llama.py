"""A real model whose GGUF carries a ``{% generation %}`` template (LFM2.5's) chats through real llama.cpp."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.backends.llama import LlamaBackend
from assistant.core.cancel import CancelToken
from assistant.core.types import Finished, GenerationParams, GenerationRequest, Message, ModelSpec, TextDelta
from tests.helpers.hf_reference import apply_chat_template
from tests.helpers.tiny_gguf import write_tiny_llama

pytestmark = pytest.mark.model

LFM = Path(__file__).resolve().parents[2] / "data" / "chat_templates" / "LFM2.5-8B-A1B.jinja"
TOOL = {"type": "function", "function": {"name": "now", "description": "现在几点", "parameters": {"type": "object"}}}


def test_a_generation_template_in_a_gguf_loads_and_chats(tmp_path: Path) -> None:
    template = LFM.read_text(encoding="utf-8")
    assert "{%- generation -%}" in template
    model = write_tiny_llama(tmp_path / "tiny-lfm.gguf", chat_template=template)
    messages = [
        Message("system", "Be brief."),
        Message("user", "hello 你好"),
        Message("assistant", "<think>greet</think>hi"),
        Message("user", "again"),
    ]
    backend = LlamaBackend()
    info = backend.load(ModelSpec(model))
    try:
        assert info.chat_template_source == "model"
        request = GenerationRequest(
            messages, params=GenerationParams(temperature=0, max_tokens=8), template_vars={"tools": [TOOL]}
        )
        events = list(backend.stream(request, CancelToken()))
        assert isinstance(events[-1], Finished)
        assert all(isinstance(e, TextDelta) for e in events[:-1])
        expected = apply_chat_template(
            template,
            [m.as_dict() for m in messages],
            bos_token="<s>",
            eos_token="<|im_end|>",
            variables={"tools": [TOOL]},
        )
        assert backend.last_prompt == expected
        assert expected.startswith('<s><|im_start|>system\nBe brief.\nList of tools: [{"type": "function"')
        assert "<|im_start|>assistant\nhi<|im_end|>\n<|im_start|>user\nagain<|im_end|>\n" in expected
        assert backend.prompt_tokens(expected).count(1) == 1  # the template's BOS, not doubled
    finally:
        backend.close()
