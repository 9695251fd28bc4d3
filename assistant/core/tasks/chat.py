"""Chat: fit a conversation into the model's context window, then stream the reply.

The system prompt always stays; room for the reply is reserved; the oldest
turns go first, and a Trimmed event says how many. Turns are dropped from a user
message on, so what remains still starts the way chat templates expect. Token
counts come from the model's own tokenizer applied to the rendered prompt, so
the template's own tokens are counted too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from assistant.core.backends.base import Backend
from assistant.core.cancel import CancelToken
from assistant.core.errors import ContextOverflowError, GenerationError
from assistant.core.i18n import msg
from assistant.core.reasoning import apply_thinking
from assistant.core.types import Event, GenerationParams, GenerationRequest, Message, Trimmed


@dataclass(frozen=True)
class FittedConversation:
    messages: list[Message]
    dropped: int  # messages left out, oldest first
    prompt_tokens: int


def reply_reserve(params: GenerationParams, n_ctx: int) -> int:
    """Tokens kept free for the reply: max_tokens, but never more than half the context."""
    return max(1, min(params.max_tokens, n_ctx // 2))


def fit_conversation(
    backend: Backend,
    messages: Sequence[Message],
    n_ctx: int,
    reserve: int,
    variables: Mapping[str, object] | None = None,
) -> FittedConversation:
    """Keep the system messages and as many of the latest turns as fit in ``n_ctx - reserve`` tokens.

    Raises:
        ContextOverflowError: the latest user message alone (with the system prompt) does not fit.
    """
    if not messages:
        raise GenerationError(msg("There is no message to reply to."))
    head = 0
    while head < len(messages) and messages[head].role == "system":
        head += 1
    system, turns = list(messages[:head]), list(messages[head:])
    budget = n_ctx - reserve

    def cost(start: int) -> int:
        return backend.count_tokens(backend.render(system + turns[start:], variables))

    full = cost(0)
    if full <= budget:
        return FittedConversation(list(messages), 0, full)
    # Places a kept history may start: a later user message, else the last message alone.
    starts = [i for i, m in enumerate(turns) if i > 0 and m.role == "user"]
    if not starts and len(turns) > 1:
        starts = [len(turns) - 1]
    if not starts:
        raise _too_long(full, n_ctx, reserve)
    # Fewer tokens the later the start: find the earliest start that fits.
    lo, hi = 0, len(starts) - 1
    if cost(starts[hi]) > budget:
        raise _too_long(cost(starts[hi]), n_ctx, reserve)
    while lo < hi:
        mid = (lo + hi) // 2
        if cost(starts[mid]) <= budget:
            hi = mid
        else:
            lo = mid + 1
    start = starts[lo]
    return FittedConversation(system + turns[start:], start, cost(start))


def _too_long(tokens: int, n_ctx: int, reserve: int) -> ContextOverflowError:
    return ContextOverflowError(
        msg(
            "The message is too long for this model: it needs {tokens} tokens with the system prompt, but the context holds {n_ctx} and {reserve} are kept for the reply. Shorten it, lower the reply length, or raise the context length in settings.",
            tokens=tokens,
            n_ctx=n_ctx,
            reserve=reserve,
        )
    )


def chat(
    backend: Backend,
    messages: Sequence[Message],
    params: GenerationParams,
    cancel: CancelToken,
    thinking: bool | None = None,
) -> Iterator[Event]:
    """Stream a reply to ``messages``: Trimmed (if turns were dropped), ReasoningDelta... (what the model
    thought, if it does), TextDelta..., Finished. ``thinking`` turns thinking on or off where the model
    can (None: its default). Earlier replies' reasoning goes to the template, which decides whether the
    model sees it again (core/types.py Message)."""
    info = backend.info
    if info is None:
        raise GenerationError(msg("No model is loaded."))
    variables: dict[str, object] = {}
    if info.reasoning is not None:
        messages, variables = apply_thinking(messages, info.reasoning.switch, thinking)
    fitted = fit_conversation(backend, messages, info.n_ctx, reply_reserve(params, info.n_ctx), variables)
    if fitted.dropped:
        yield Trimmed(turns=fitted.dropped, kept_tokens=fitted.prompt_tokens)
    request = GenerationRequest(messages=fitted.messages, params=params, template_vars=variables)
    yield from backend.stream(request, cancel)
