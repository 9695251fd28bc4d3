"""Fitting a conversation into the context, on the scripted backend (no model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.backends.scripted import ScriptedBackend
from assistant.core.cancel import CancelToken
from assistant.core.errors import ContextOverflowError
from assistant.core.tasks.chat import chat, fit_conversation, reply_reserve
from assistant.core.types import Finished, GenerationParams, Message, ModelSpec, TextDelta, Trimmed


def loaded(n_ctx: int = 200, replies: tuple[str, ...] = ("Sure, here it is.",)) -> ScriptedBackend:
    backend = ScriptedBackend(replies, n_ctx=n_ctx)
    backend.load(ModelSpec(Path("scripted")))
    return backend


def long_conversation(turns: int) -> list[Message]:
    messages = [Message("system", "You are terse.")]
    for i in range(turns):
        messages.append(Message("user", f"question number {i} about something"))
        messages.append(Message("assistant", f"answer number {i} with a few words"))
    messages.append(Message("user", "the last question"))
    return messages


def test_a_short_conversation_is_kept_whole() -> None:
    backend = loaded()
    messages = long_conversation(2)
    fitted = fit_conversation(backend, messages, 200, 50)
    assert fitted.messages == messages and fitted.dropped == 0


def test_oldest_turns_go_first_and_the_system_prompt_stays() -> None:
    backend = loaded()
    messages = long_conversation(40)
    fitted = fit_conversation(backend, messages, 200, 50)
    assert fitted.dropped > 0
    assert fitted.messages[0] == messages[0]
    assert fitted.messages[1].role == "user"
    assert fitted.messages[-1] == messages[-1]
    assert fitted.messages[1:] == messages[1 + fitted.dropped :]
    assert fitted.prompt_tokens <= 150
    # As many turns as fit: keeping one more would not fit.
    one_more = [messages[0]] + messages[fitted.dropped - 1 :]
    assert backend.count_tokens(backend.render(one_more)) > 150


def test_chat_says_how_many_turns_were_dropped() -> None:
    backend = loaded()
    events = list(chat(backend, long_conversation(40), GenerationParams(max_tokens=50), CancelToken()))
    trimmed = [e for e in events if isinstance(e, Trimmed)]
    assert len(trimmed) == 1 and trimmed[0].turns > 0
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == "Sure, here it is."
    assert isinstance(events[-1], Finished) and events[-1].reason == "stop"
    sent = backend.requests[-1].messages
    assert len(sent) == len(long_conversation(40)) - trimmed[0].turns
    assert sent[0].role == "system"


def test_one_message_too_long_for_the_context_is_a_clear_error() -> None:
    backend = loaded()
    huge = [Message("system", "Be terse."), Message("user", "word " * 500)]
    with pytest.raises(ContextOverflowError, match="too long"):
        list(chat(backend, huge, GenerationParams(max_tokens=50), CancelToken()))


def test_the_reply_reserve_is_capped_at_half_the_context() -> None:
    assert reply_reserve(GenerationParams(max_tokens=4000), 2048) == 1024
    assert reply_reserve(GenerationParams(max_tokens=100), 2048) == 100
