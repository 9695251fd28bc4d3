"""A reasoning model behind the engine: every task's result leaves its reasoning out, chat shows it apart.

The model is the scripted backend loaded from a tiny GGUF that carries Qwen3's chat template (and
its <think> tokens), so markers and the thinking switch are read from the file as for a real one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.core.backends.base import Backend
from assistant.core.backends.scripted import ScriptedBackend
from assistant.core.cancel import CancelToken
from assistant.core.documents.readers import from_text
from assistant.core.engine.engine import Engine
from assistant.core.tasks.chat import chat
from assistant.core.tasks.summarize import SummaryOptions, summarize
from assistant.core.tasks.translate import TranslateOptions, translate
from assistant.core.tasks.write import WriteOptions, write
from assistant.core.types import (
    Event,
    Finished,
    GenerationParams,
    GenerationRequest,
    Message,
    ModelInfo,
    ModelSpec,
    ReasoningDelta,
    TextDelta,
)
from tests.helpers.tiny_gguf import write_tiny_qwen3

THOUGHT = "The user wants this done well. Let me think it through carefully first."


def thinking_reply(answer: str, thought: str = THOUGHT) -> str:
    return f"<think>\n{thought}\n</think>\n\n{answer}"


@pytest.fixture(scope="module")
def qwen3_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_qwen3(tmp_path_factory.mktemp("qwen3") / "tiny-qwen3.gguf")


class Thinker:
    """An engine whose scripted model thinks before every answer; ``answer_for`` picks the answer."""

    def __init__(self, path: Path, answer_for=lambda request: "Done.", thought: str = THOUGHT) -> None:  # noqa: ANN001
        self.backend = ScriptedBackend(n_ctx=4096, reply_for=lambda r: thinking_reply(answer_for(r), thought))

        def opener(_progress: object) -> tuple[Backend, ModelInfo]:
            return self.backend, self.backend.load(ModelSpec(path))

        self.engine = Engine(opener)
        self.info = self.engine.start()

    def run(self, task) -> list[Event]:  # noqa: ANN001
        return list(self.engine.submit("test", task).events(timeout=30))

    def close(self) -> None:
        self.engine.close()


def text(events: list[Event]) -> str:
    return "".join(e.text for e in events if isinstance(e, TextDelta))


def reasoning(events: list[Event]) -> str:
    return "".join(e.text for e in events if isinstance(e, ReasoningDelta))


def test_the_model_file_says_how_it_reasons(qwen3_file: Path) -> None:
    thinker = Thinker(qwen3_file)
    try:
        support = thinker.info.reasoning if thinker.info else None
        assert support is not None and support.source == "template"
        assert support.switch.kind == "variable" and support.switch.variable == "enable_thinking"
    finally:
        thinker.close()


def test_chat_streams_the_reasoning_apart_and_the_next_turn_leaves_it_out(qwen3_file: Path) -> None:
    thinker = Thinker(qwen3_file, lambda r: "Paris.")
    try:
        first = [Message("user", "Capital of France?")]
        events = thinker.run(lambda b, c: chat(b, first, GenerationParams(), c))
        assert reasoning(events) == THOUGHT and text(events) == "Paris."
        finished = events[-1]
        assert isinstance(finished, Finished) and finished.stats.reasoning_tokens > 10
        second = [*first, Message("assistant", "Paris.", reasoning=THOUGHT), Message("user", "And Italy?")]
        thinker.run(lambda b, c: chat(b, second, GenerationParams(), c, thinking=False))
        request = thinker.backend.requests[-1]
        prompt = thinker.backend.render(request.messages, request.template_vars)
        assert THOUGHT not in prompt and "<|im_start|>assistant\nParis.<|im_end|>" in prompt
        assert request.template_vars == {"enable_thinking": False}
        assert prompt.endswith("<|im_start|>assistant\n<think>\n\n</think>\n\n")
    finally:
        thinker.close()


def test_translate_and_write_results_carry_no_reasoning_and_ask_for_none(qwen3_file: Path) -> None:
    def answer_for(request: GenerationRequest) -> str:
        asked = request.messages[-1].content
        return (
            "The river flows east, past the old town and the fields."
            if "河" in asked
            else "The meeting moved to Tuesday."
        )

    # This model thinks even when asked not to (briefly: a translation's budget is tight).
    thinker = Thinker(qwen3_file, answer_for, thought="Translate it.")
    try:
        translated = thinker.run(
            lambda b, c: translate(b, "河水向东流，流过老城和田野。", TranslateOptions(target="en"), c)
        )
        assert text(translated).strip() == "The river flows east, past the old town and the fields."
        written = thinker.run(lambda b, c: write(b, "the meeting is moved to tuesday", WriteOptions("proofread"), c))
        assert text(written).strip() == "The meeting moved to Tuesday."
        for events in (translated, written):
            assert "Translate it." not in text(events) and "think>" not in text(events) and not reasoning(events)
        assert all(r.template_vars == {"enable_thinking": False} for r in thinker.backend.requests)
    finally:
        thinker.close()


def test_a_summary_carries_no_reasoning(qwen3_file: Path) -> None:
    thinker = Thinker(qwen3_file, lambda r: "- The plan is approved.")
    try:
        document = from_text("The board met on Monday. The plan was approved by all members present.")
        events = thinker.run(lambda b, c: summarize(b, document, SummaryOptions(style="bullets"), c))
        assert "The plan is approved." in text(events) and THOUGHT not in text(events)
    finally:
        thinker.close()


def test_a_raw_prompt_comes_back_as_written(qwen3_file: Path) -> None:
    thinker = Thinker(qwen3_file, lambda r: "42")

    def raw(backend: Backend, cancel: CancelToken) -> Iterator[Event]:
        return backend.stream(GenerationRequest(prompt="Q: 6*7?\nA:"), cancel)

    try:
        assert text(thinker.run(raw)) == thinking_reply("42")
    finally:
        thinker.close()


def test_a_template_that_opens_the_reasoning_itself_starts_the_reply_inside_it() -> None:
    template = (Path(__file__).parents[2] / "data" / "reasoning_templates").joinpath(
        "deepseek-ai-DeepSeek-R1-Distill-Llama-8B.jinja"
    )
    backend = ScriptedBackend((f"{THOUGHT}\n</think>\n\n5.",), chat_template=template.read_text(encoding="utf-8"))

    def opener(_progress: object) -> tuple[Backend, ModelInfo]:
        return backend, backend.load(ModelSpec(Path("r1.gguf")))

    engine = Engine(opener)
    engine.start()
    try:
        events = list(
            engine.submit("test", lambda b, c: chat(b, [Message("user", "2+3?")], GenerationParams(), c)).events(
                timeout=30
            )
        )
    finally:
        engine.close()
    assert backend.render([Message("user", "2+3?")]).endswith("<｜Assistant｜><think>\n")
    assert (reasoning(events), text(events)) == (THOUGHT, "5.")
