"""The engine on real llama.cpp: the starter model, and tiny models the tests write."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from gguf import GGUFReader
from jinja2.sandbox import ImmutableSandboxedEnvironment

from assistant.core.backends.llama import LlamaBackend
from assistant.core.cancel import CancelToken
from assistant.core.errors import ContextOverflowError
from assistant.core.tasks.chat import chat
from assistant.core.types import (
    Event,
    Finished,
    GenerationParams,
    GenerationRequest,
    Message,
    ModelSpec,
    TextDelta,
    Trimmed,
)

pytestmark = pytest.mark.model

GREEDY = GenerationParams(temperature=0, max_tokens=24, repeat_penalty=1.0)


def run(
    backend: LlamaBackend, messages: list[Message], params: GenerationParams = GREEDY, cancel: CancelToken | None = None
) -> tuple[str, Finished]:
    events = list(backend.stream(GenerationRequest(messages, params=params), cancel or CancelToken()))
    assert isinstance(events[-1], Finished)
    assert all(isinstance(e, TextDelta) for e in events[:-1])
    return "".join(e.text for e in events if isinstance(e, TextDelta)), events[-1]


def embedded_template(path: Path) -> str:
    field = GGUFReader(path).fields["tokenizer.chat_template"]
    return bytes(field.parts[-1]).decode("utf-8")


def test_the_prompt_is_the_models_own_template_rendered_with_jinja2(
    starter_backend: LlamaBackend, starter_model: Path
) -> None:
    messages = [
        Message("system", "You answer in one word."),
        Message("user", "What colour is the sky?"),
        Message("assistant", "Blue."),
        Message("user", "And grass?"),
    ]
    template = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True).from_string(
        embedded_template(starter_model)
    )
    expected = template.render(
        messages=[m.as_dict() for m in messages],
        add_generation_prompt=True,
        bos_token="<|im_start|>",
        eos_token="<|im_end|>",
    )
    _, finished = run(starter_backend, messages, GenerationParams(temperature=0, max_tokens=1))
    assert starter_backend.last_prompt == expected
    assert expected.startswith("<|im_start|>system\nYou answer in one word.<|im_end|>\n")
    assert "You are a helpful AI assistant named SmolLM" not in expected
    assert finished.stats.prompt_tokens == len(starter_backend.prompt_tokens(expected))
    assert starter_backend.info is not None and starter_backend.info.chat_template_source == "model"


def test_the_starter_model_answers(starter_backend: LlamaBackend) -> None:
    text, finished = run(
        starter_backend, [Message("user", "Name three colours.")], GenerationParams(temperature=0, max_tokens=60)
    )
    assert finished.reason in ("stop", "length")
    assert len(text.split()) >= 3
    assert finished.stats.generated_tokens > 3


def test_cancel_stops_a_long_generation_within_one_token(starter_backend: LlamaBackend) -> None:
    messages = [Message("user", "Write a very long story about a dragon who learns to bake bread.")]
    long_params = GenerationParams(temperature=0, max_tokens=512, repeat_penalty=1.0)
    before, _ = run(starter_backend, [Message("user", "Say hello.")])

    cancel = CancelToken()
    deltas_after_cancel = 0
    events: list[Event] = []
    for event in starter_backend.stream(GenerationRequest(messages, params=long_params), cancel):
        events.append(event)
        if isinstance(event, TextDelta):
            if cancel.cancelled:
                deltas_after_cancel += 1
            elif sum(isinstance(e, TextDelta) for e in events) == 3:
                cancel.cancel()
    finished = events[-1]
    assert isinstance(finished, Finished) and finished.reason == "cancelled"
    assert deltas_after_cancel <= 1
    assert finished.stats.generated_tokens <= 4

    after, _ = run(starter_backend, [Message("user", "Say hello.")])
    assert after == before


class _CancelAfterPolls(CancelToken):
    """Turns itself on after being asked ``polls`` times: llama.cpp's abort callback asks while it
    evaluates a prompt, so this stops evaluation part-way without any timing."""

    def __init__(self, polls: int) -> None:
        super().__init__()
        self.polls = polls
        self.asked = 0

    @property
    def cancelled(self) -> bool:
        self.asked += 1
        if self.asked >= self.polls:
            self.cancel()
        return super().cancelled


def test_cancel_stops_a_long_prompt_evaluation_midway(starter_backend: LlamaBackend) -> None:
    long_text = " ".join(f"Sentence number {i} talks about rivers and mountains." for i in range(150))
    messages = [Message("user", long_text + "\nSummarize.")]
    # llama.cpp's results depend slightly on how a prompt is split into batches, so the reference
    # reply is made after a short request with the same opening as the long one: same split.
    run(starter_backend, [Message("user", "Sentence number 0 talks.")])
    before, _ = run(starter_backend, [Message("user", "Say hello.")])

    cancel = _CancelAfterPolls(polls=40)
    events = list(starter_backend.stream(GenerationRequest(messages, params=GREEDY), cancel))
    assert events == [Finished("cancelled", events[0].stats)]  # type: ignore[union-attr]
    assert events[0].stats.prompt_tokens > 1500  # type: ignore[union-attr]
    assert cancel.asked < 1000  # stopped inside llama_decode, not after the whole prompt
    assert starter_backend.context_used() < 512  # the aborted batch left nothing behind

    after, _ = run(starter_backend, [Message("user", "Say hello.")])
    assert after == before


def test_turn_two_evaluates_only_its_new_tokens(starter_backend: LlamaBackend) -> None:
    turn1 = [Message("system", "You are brief."), Message("user", "Name a fruit.")]
    reply, first = run(starter_backend, turn1)
    turn2 = turn1 + [Message("assistant", reply), Message("user", "Name a vegetable.")]
    _, second = run(starter_backend, turn2)
    held = second.stats.prompt_tokens + second.stats.generated_tokens
    assert starter_backend.context_used() in (held, held - 1)  # the last token is decoded only if needed

    prompt1 = starter_backend.prompt_tokens(starter_backend.render(turn1))
    prompt2 = starter_backend.prompt_tokens(starter_backend.render(turn2))
    shared = next(i for i, (a, b) in enumerate(zip(prompt1 + [-1], prompt2)) if a != b)
    assert shared == len(prompt1)  # turn 2's prompt extends turn 1's
    # From llama.cpp's counters: turn 1 evaluated its whole prompt, turn 2 far fewer than its own.
    assert first.stats.prompt_eval_tokens == len(prompt1) - first.stats.cached_tokens
    assert second.stats.prompt_eval_tokens == second.stats.prompt_tokens - second.stats.cached_tokens
    assert second.stats.cached_tokens >= len(prompt1)
    assert second.stats.prompt_eval_tokens <= len(prompt2) - len(prompt1)


def test_a_long_conversation_is_trimmed_and_still_answered(starter_model: Path) -> None:
    backend = LlamaBackend()
    backend.load(ModelSpec(starter_model, n_ctx=256))
    try:
        messages = [Message("system", "You are brief.")]
        for i in range(30):
            messages += [
                Message("user", f"Tell me fact number {i} about the sea."),
                Message("assistant", f"Fact {i}: the sea is large and full of salt water."),
            ]
        messages.append(Message("user", "Thanks. What is the sea?"))
        params = GenerationParams(temperature=0, max_tokens=32)
        events = list(chat(backend, messages, params, CancelToken()))
        trimmed = [e for e in events if isinstance(e, Trimmed)]
        assert len(trimmed) == 1 and 0 < trimmed[0].turns < len(messages)
        assert trimmed[0].kept_tokens <= 256 - 32
        finished = events[-1]
        assert isinstance(finished, Finished) and finished.reason in ("stop", "length")
        assert finished.stats.prompt_tokens == trimmed[0].kept_tokens

        with pytest.raises(ContextOverflowError, match="too long"):
            list(chat(backend, [Message("user", "sea " * 400)], params, CancelToken()))
        text, _ = run(backend, [Message("user", "Hi")])  # still usable
        assert text
    finally:
        backend.close()


def test_stop_strings_end_the_reply_before_they_show(starter_backend: LlamaBackend) -> None:
    free, _ = run(
        starter_backend,
        [Message("user", "Count from 1 to 10, separated by commas.")],
        GenerationParams(temperature=0, max_tokens=40),
    )
    assert "5" in free
    stop_at = free[free.index("5") :][:2]
    text, finished = run(
        starter_backend,
        [Message("user", "Count from 1 to 10, separated by commas.")],
        GenerationParams(temperature=0, max_tokens=40, stop=(stop_at,)),
    )
    assert finished.reason == "stop"
    assert text == free[: free.index(stop_at)]


def test_chinese_round_trips_through_the_tokenizer(starter_backend: LlamaBackend) -> None:
    text, finished = run(
        starter_backend, [Message("user", "请用中文说你好。")], GenerationParams(temperature=0, max_tokens=30)
    )
    assert "\ufffd" not in text
    assert starter_backend.count_tokens("你好，世界") > 0


def test_a_seed_makes_sampling_repeatable(starter_backend: LlamaBackend) -> None:
    params = GenerationParams(temperature=0.9, max_tokens=20, seed=1234)
    first, _ = run(starter_backend, [Message("user", "Invent a name for a cat.")], params)
    second, _ = run(starter_backend, [Message("user", "Invent a name for a cat.")], params)
    assert first == second


def test_max_tokens_ends_with_length(starter_backend: LlamaBackend) -> None:
    _, finished = run(
        starter_backend,
        [Message("user", "Write a long essay about the moon.")],
        GenerationParams(temperature=0, max_tokens=5),
    )
    assert finished.reason == "length" and finished.stats.generated_tokens == 5


def test_tiny_models_load_in_milliseconds_and_generate(tiny_model: Path) -> None:
    backend = LlamaBackend()
    info = backend.load(ModelSpec(tiny_model))
    try:
        assert info.chat_template_source == "model"
        assert info.n_ctx == 512 and info.n_ctx_train == 512
        text, finished = run(backend, [Message("user", "hello 你好")], GenerationParams(temperature=0, max_tokens=16))
        assert finished.stats.generated_tokens + (finished.reason == "stop") >= 1
        assert backend.last_prompt == "<|im_start|>user\nhello 你好<|im_end|>\n<|im_start|>assistant\n"
        assert backend.prompt_tokens(backend.last_prompt)[0] == 1  # BOS, once
        assert backend.prompt_tokens(backend.last_prompt)[1] != 1
    finally:
        backend.close()


def test_a_model_without_a_template_falls_back_visibly(tiny_model_no_template: Path) -> None:
    backend = LlamaBackend()
    info = backend.load(ModelSpec(tiny_model_no_template))
    try:
        assert info.chat_template_source == "fallback"
    finally:
        backend.close()


def test_a_template_override_wins(tiny_model: Path) -> None:
    backend = LlamaBackend()
    backend.load(ModelSpec(tiny_model, chat_template="{% for m in messages %}[{{ m['content'] }}]{% endfor %}"))
    try:
        assert backend.info is not None and backend.info.chat_template_source == "override"
        assert backend.render([Message("user", "a"), Message("user", "b")]) == "[a][b]"
    finally:
        backend.close()


def test_an_over_long_prompt_is_a_clear_error(tiny_model: Path) -> None:
    backend = LlamaBackend()
    backend.load(ModelSpec(tiny_model))
    try:
        with pytest.raises(ContextOverflowError, match="context holds 512"):
            backend.stream(GenerationRequest(prompt="x " * 2000, params=GREEDY), CancelToken())
    finally:
        backend.close()


def test_close_is_safe_twice_and_the_backend_can_load_again(tiny_model: Path) -> None:
    backend = LlamaBackend()
    backend.load(ModelSpec(tiny_model))
    backend.close()
    backend.close()
    assert backend.info is None
    backend.load(ModelSpec(tiny_model))
    assert backend.info is not None
    backend.close()


def test_jinja2_itself_renders_the_template_the_same_way(starter_model: Path) -> None:
    """Guards the reference used above: a plain jinja2 Environment agrees with the sandbox."""
    source = embedded_template(starter_model)
    plain = jinja2.Environment(trim_blocks=True, lstrip_blocks=True).from_string(source)
    sandboxed = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True).from_string(source)
    messages = [{"role": "user", "content": "hi"}]
    assert plain.render(messages=messages, add_generation_prompt=True) == sandboxed.render(
        messages=messages, add_generation_prompt=True
    )


def test_a_load_can_be_stopped_from_its_progress_callback(starter_model: Path) -> None:
    from assistant.core.errors import ModelLoadError

    backend = LlamaBackend()
    with pytest.raises(ModelLoadError, match="was stopped"):
        backend.load(ModelSpec(starter_model), on_progress=lambda fraction: False)
    assert backend.info is None
    seen: list[float] = []
    backend.load(ModelSpec(starter_model), on_progress=seen.append)
    assert seen and seen[-1] == 1.0
    backend.close()
