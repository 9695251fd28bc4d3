"""A deterministic backend for tests and demos: replies come from a script.

It follows the same rules as the real ones (token budgets, stop strings,
cancel within one token, one Finished at the end), so code written against it
behaves the same on llama.cpp. Tokens are words, punctuation marks and single
CJK characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from assistant.core.backends.base import ProgressCallback
from assistant.core.cancel import CancelToken
from assistant.core.engine.chat_template import CHATML_TEMPLATE, render_chat
from assistant.core.engine.stops import StopMatcher
from assistant.core.errors import ContextOverflowError, GenerationError
from assistant.core.i18n import msg
from assistant.core.models.gguf_check import check_gguf
from assistant.core.reasoning import reasoning_support
from assistant.core.text import CJK_WIDE
from assistant.core.types import (
    Event,
    Finished,
    FinishReason,
    GenerationRequest,
    GenerationStats,
    Message,
    ModelInfo,
    ModelSpec,
    TextDelta,
)

_TOKEN = re.compile(rf"[{CJK_WIDE}]|\w+|[^\w\s]|\s+")


def scripted_tokens(text: str) -> list[str]:
    """Split text the way the scripted backend counts it; joined, the pieces give the text back."""
    return _TOKEN.findall(text)


class ScriptedBackend:
    """Replies with ``replies`` in turn (cycling); ``on_token`` is called before each piece is sent.

    Args:
        replies: the texts to answer with.
        n_ctx: the context window it pretends to have.
        on_token: a hook for tests that need to act mid-reply (e.g. press Stop).
        reply_for: picks the reply from the request instead (it may raise to simulate a failure).
        chat_template: the chat template it renders with; None: the one the loaded GGUF file carries (a
            tiny model written by the tests), else ChatML. Its reasoning markers, thinking switch and tool
            support are read from it as for a real model.
    """

    def __init__(
        self,
        replies: Sequence[str] = ("Hello! How can I help you today?",),
        *,
        n_ctx: int = 2048,
        on_token: Callable[[int], None] | None = None,
        reply_for: Callable[[GenerationRequest], str] | None = None,
        chat_template: str | None = None,
    ) -> None:
        self.replies = list(replies) or [""]
        self.template = chat_template
        self._template = chat_template or CHATML_TEMPLATE
        self.on_token = on_token
        self.reply_for = reply_for
        self._n_ctx = n_ctx
        self._next = 0
        self._info: ModelInfo | None = None
        self.requests: list[GenerationRequest] = []

    @property
    def info(self) -> ModelInfo | None:
        return self._info

    def load(self, spec: ModelSpec, on_progress: ProgressCallback | None = None) -> ModelInfo:
        if on_progress is not None:
            on_progress(1.0)
        architecture = "scripted"
        self._template = self.template or CHATML_TEMPLATE
        if self.template is None and Path(spec.path).is_file():
            summary = check_gguf(spec.path)
            self._template = summary.chat_template or CHATML_TEMPLATE
            architecture = summary.architecture
        self._info = ModelInfo(
            name="Scripted",
            path=Path(spec.path),
            architecture="scripted",
            n_params=0,
            size_bytes=0,
            n_ctx=self._n_ctx,
            n_ctx_train=self._n_ctx,
            n_threads=1,
            chat_template_source="fallback",
            backend="scripted",
            gpu_offload_supported=False,
            reasoning=reasoning_support(self._template, architecture=architecture),
        )
        return self._info

    def count_tokens(self, text: str) -> int:
        if len(text) < 65536:
            return len(scripted_tokens(text))
        # One findall over megabytes holds the GIL for seconds and freezes the GUI thread; llama.cpp's
        # tokenizer releases it. Counting match by match lets other threads run, as with the real engine.
        return sum(1 for _ in _TOKEN.finditer(text))

    @property
    def chat_template(self) -> str:
        """The template it renders with (core/tools reads its tool support from it)."""
        return self._template

    def render(self, messages: Sequence[Message], variables: Mapping[str, Any] | None = None) -> str:
        return render_chat(self._template, messages, variables=variables)

    def stream(self, request: GenerationRequest, cancel: CancelToken) -> Iterator[Event]:
        if self._info is None:
            raise GenerationError(msg("No model is loaded."))
        prompt = request.prompt if request.prompt is not None else self.render(request.messages, request.template_vars)
        prompt_tokens = self.count_tokens(prompt)
        if prompt_tokens >= self._n_ctx:
            raise ContextOverflowError(
                msg(
                    "The prompt is {prompt_tokens} tokens but the model's context holds {n_ctx}.",
                    prompt_tokens=prompt_tokens,
                    n_ctx=self._n_ctx,
                )
            )
        self.requests.append(request)
        if self.reply_for is not None:
            reply = self.reply_for(request)
        else:
            reply = self.replies[self._next % len(self.replies)]
            self._next += 1
        return self._generate(reply, prompt_tokens, request, cancel)

    def _generate(
        self, reply: str, prompt_tokens: int, request: GenerationRequest, cancel: CancelToken
    ) -> Iterator[Event]:
        params = request.params
        budget = min(params.max_tokens, self._n_ctx - prompt_tokens)
        stops = StopMatcher(params.stop)
        reason: FinishReason = "stop"
        generated = 0
        for piece in scripted_tokens(reply):
            if self.on_token is not None:
                self.on_token(generated)
            if cancel.cancelled:
                reason = "cancelled"
                break
            if generated >= budget:
                reason = "length" if budget == params.max_tokens else "context"
                break
            generated += 1
            shown = stops.feed(piece)
            if shown:
                yield TextDelta(shown)
            if stops.stopped:
                break
        tail = stops.flush()
        if tail and reason != "cancelled":
            yield TextDelta(tail)
        yield Finished(
            reason,
            GenerationStats(prompt_tokens=prompt_tokens, prompt_eval_tokens=prompt_tokens, generated_tokens=generated),
        )

    def close(self) -> None:
        self._info = None
