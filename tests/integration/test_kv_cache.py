"""The KV-cache type and flash attention reach llama.cpp: every type loads and answers, the same greedy
answer as f16 on a model whose heads suit a quantized cache, and a model whose heads do not is refused
in one sentence that says what to choose."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from assistant.core.backends.llama import LlamaBackend
from assistant.core.cancel import CancelToken
from assistant.core.errors import ModelLoadError
from assistant.core.types import GenerationParams, GenerationRequest, ModelSpec, TextDelta
from tests.helpers.tiny_gguf import write_tiny_llama


def answer(path: Path, cache: str, flash: bool | None, caplog: pytest.LogCaptureFixture) -> tuple[str, str, str]:
    """The greedy answer with this cache, llama.cpp's own line saying what it allocated, and whether it
    used flash attention ("enabled" or "disabled", from its log)."""
    backend = LlamaBackend()
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="quill.llama_cpp"):
        backend.load(ModelSpec(path, n_ctx=256, kv_cache_type=cache, flash_attn=flash))
    try:
        request = GenerationRequest(prompt="hello world", params=GenerationParams(max_tokens=8, temperature=0))
        text = "".join(e.text for e in backend.stream(request, CancelToken()) if isinstance(e, TextDelta))
    finally:
        backend.close()
    messages = [r.getMessage() for r in caplog.records]
    line = next(m for m in messages if "llama_kv_cache: size =" in m)
    flash_line = next(m for m in messages if "llama_context: flash_attn" in m)
    return text, line, flash_line.rsplit("=", 1)[1].strip()


def test_each_cache_type_loads_with_flash_attention_and_answers(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write_tiny_llama(tmp_path / "heads32.gguf", n_embd=128, n_head=4, n_ff=64)  # heads of 32
    reference, f16_line, used = answer(path, "f16", False, caplog)
    assert "K (f16)" in f16_line and reference and used == "disabled"
    for cache in ("q8_0", "q4_0"):
        # Flash attention asked off: a quantized cache turns it on, or llama.cpp would refuse the context.
        text, line, used = answer(path, cache, False, caplog)
        assert f"K ({cache})" in line and f"V ({cache})" in line and used == "enabled"
        assert text  # random weights: the words may differ from f16's, but an answer comes
    text, _line, used = answer(path, "f16", None, caplog)  # automatic on this CPU build: off
    assert used == "disabled" and text == reference
    _text, _line, used = answer(path, "f16", True, caplog)
    assert used == "enabled"


def test_a_model_whose_heads_do_not_suit_a_quantized_cache_is_refused_in_one_sentence(tiny_model: Path) -> None:
    backend = LlamaBackend()
    with pytest.raises(ModelLoadError, match="choose the f16 cache in settings"):
        backend.load(ModelSpec(tiny_model, n_ctx=256, kv_cache_type="q8_0"))  # heads of 8 values
    backend.load(ModelSpec(tiny_model, n_ctx=256))  # and the backend is still usable
    backend.close()
