"""One way to get an answer: complete() streams, cleans, stops on an echo and returns text + stats."""

from __future__ import annotations

from pathlib import Path

from assistant.core.backends.scripted import ScriptedBackend
from assistant.core.cancel import CancelToken
from assistant.core.tasks.answer import Usage, complete, drain
from assistant.core.tasks.cleaning import WRITE_CUES, AnswerCleaner
from assistant.core.types import GenerationParams, Message, ModelSpec, TextDelta

MESSAGES = [Message("user", "Rewrite the text so it reads better.\n\n<text>\nwe go\n</text>")]
CUES = WRITE_CUES.for_prompt(MESSAGES, ("we go",))


def backend(*replies: str, on_token=None) -> ScriptedBackend:  # noqa: ANN001
    b = ScriptedBackend(replies, on_token=on_token)
    b.load(ModelSpec(Path("scripted.gguf")))
    return b


def test_complete_yields_the_pieces_and_returns_text_reason_and_stats() -> None:
    steps = complete(backend("Hello there, friend."), MESSAGES, GenerationParams(max_tokens=3), CancelToken())
    pieces = []
    while True:
        try:
            pieces.append(next(steps))
        except StopIteration as stop:
            answer = stop.value
            break
    assert all(isinstance(p, TextDelta) for p in pieces)
    assert answer.text == "".join(p.text for p in pieces) == "Hello there"
    assert answer.reason == "length" and answer.stats.generated_tokens == 3 and not answer.echoed


def test_a_cleaned_answer_stops_generating_once_the_prompt_comes_back() -> None:
    b = backend("We go.\n</text>\n" + "more words " * 100)
    answer = drain(complete(b, MESSAGES, GenerationParams(), CancelToken(), AnswerCleaner("we go", CUES)))
    assert answer.text == "We go." and answer.echoed and not answer.echo_only
    assert answer.reason == "stop" and answer.stats.generated_tokens < 20


def test_an_answer_that_is_only_an_echo_is_never_yielded() -> None:
    b = backend("<|im_start|>user\nRewrite the text so it reads better.\n<text>\nwe go\n</text><|im_end|>")
    steps = complete(b, MESSAGES, GenerationParams(), CancelToken(), AnswerCleaner("we go", CUES))
    pieces = []
    try:
        while True:
            pieces.append(next(steps))
    except StopIteration as stop:
        answer = stop.value
    assert pieces == [] and answer.echo_only and answer.text == ""


def test_cancel_and_usage() -> None:
    cancel = CancelToken()
    b = backend("one two three four five", on_token=lambda n: cancel.cancel() if n == 2 else None)
    usage = Usage()
    answer = usage.add(drain(complete(b, MESSAGES, GenerationParams(), cancel)))
    assert answer.cancelled and usage.generated == 2 and usage.prompt_eval > 0
    usage.add(drain(complete(backend("fine"), MESSAGES, GenerationParams(), CancelToken())))
    assert usage.stats(prompt_tokens=7).generated_tokens == 3 and usage.stats(7).prompt_tokens == 7
