"""Reasoning through real llama.cpp: a tiny GGUF with Qwen3's template and <think> tokens, its output
forced by a grammar to think first, split by the engine; control-token markers written as text."""

from __future__ import annotations

import time
from pathlib import Path

from assistant.core.backends.base import Backend
from assistant.core.backends.llama import LlamaBackend
from assistant.core.engine.engine import Engine
from assistant.core.tasks.chat import chat
from assistant.core.types import (
    Event,
    Finished,
    GenerationParams,
    Message,
    ModelInfo,
    ModelSpec,
    ReasoningDelta,
    TextDelta,
)
from tests.helpers.tiny_gguf import QWEN3_TEMPLATE, write_tiny_llama, write_tiny_qwen3

FORCED = 'root ::= "<think>" "\\n" "hmm " "ok" "\\n" "</think>" "\\n\\n" "hi there"'


def run_chat(path: Path, messages: list[Message], params: GenerationParams, thinking: bool | None) -> list[Event]:
    backend = LlamaBackend()

    def opener(_progress: object) -> tuple[Backend, ModelInfo]:
        return backend, backend.load(ModelSpec(path, n_ctx=512, n_threads=1))

    engine = Engine(opener)
    engine.start()
    try:
        return list(engine.submit("test", lambda b, c: chat(b, messages, params, c, thinking)).events(timeout=60))
    finally:
        engine.close()


def test_a_real_stream_that_thinks_is_split(tmp_path: Path) -> None:
    model = write_tiny_qwen3(tmp_path / "qwen3.gguf")
    params = GenerationParams(temperature=0, max_tokens=64, grammar=FORCED)
    events = run_chat(model, [Message("user", "hi")], params, thinking=True)
    reasoning = "".join(e.text for e in events if isinstance(e, ReasoningDelta))
    answer = "".join(e.text for e in events if isinstance(e, TextDelta))
    assert (reasoning, answer) == ("hmm ok", "hi there")
    finished = events[-1]
    assert isinstance(finished, Finished) and 0 < finished.stats.reasoning_tokens < finished.stats.generated_tokens


def test_the_loaded_model_reads_its_markers_and_switch(tmp_path: Path) -> None:
    backend = LlamaBackend()
    info = backend.load(ModelSpec(write_tiny_qwen3(tmp_path / "qwen3.gguf"), n_ctx=256, n_threads=1))
    try:
        assert info.reasoning is not None and info.reasoning.source == "template"
        assert info.reasoning.switch.variable == "enable_thinking"
        assert backend.tokenize("<think>", special=True) == backend.tokenize("<think>")[:1]  # one added token
    finally:
        backend.close()


def test_markers_that_are_control_tokens_come_out_as_text(tmp_path: Path) -> None:
    # Mistral's [THINK] is a control token: replies never show control tokens, except reasoning markers.
    template = QWEN3_TEMPLATE.replace("<think>", "[THINK]").replace("</think>", "[/THINK]")
    path = write_tiny_llama(tmp_path / "magistral.gguf", chat_template=template, control_tokens=("[THINK]", "[/THINK]"))
    backend = LlamaBackend()
    info = backend.load(ModelSpec(path, n_ctx=256, n_threads=1))
    try:
        assert info.reasoning is not None and [m.open for m in info.reasoning.markers] == ["[THINK]"]
        (think,) = backend.tokenize("[THINK]", special=True)
        (im_end,) = backend.tokenize("<|im_end|>", special=True)
        assert backend._piece(think) == b"[THINK]"
        assert backend._piece(im_end) == b""  # an ordinary control token stays out of the reply
    finally:
        backend.close()


def test_reading_the_vocabulary_is_quick(starter_model: Path) -> None:
    backend = LlamaBackend()
    backend.load(ModelSpec(starter_model, n_ctx=256, n_threads=1))
    try:
        started = time.perf_counter()
        added = backend._added_tokens()
        elapsed = time.perf_counter() - started
        assert "<|im_start|>" in added.values()
        assert elapsed < 0.5, elapsed  # 49 152 tokens
    finally:
        backend.close()
