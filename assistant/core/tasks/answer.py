"""One way to get an answer from a model: every task asks through :func:`complete`.

``complete`` streams one request, passes each piece through the task's
:class:`~assistant.core.tasks.cleaning.AnswerCleaner` (when it has one), yields
the clean pieces as TextDelta events and returns an :class:`Answer`: the text,
the finish reason, the backend's stats and whether the model echoed the prompt.
It stops generating as soon as the cleaner says the answer is over (the model
began replaying its prompt), which leaves the model usable. :func:`drain`
runs it for a step nobody watches; :class:`Usage` adds up what the steps of a
long task cost.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass, replace

from assistant.core.backends.base import Backend
from assistant.core.cancel import CancelToken
from assistant.core.errors import GenerationError
from assistant.core.i18n import msg
from assistant.core.reasoning import apply_thinking
from assistant.core.tasks.cleaning import AnswerCleaner
from assistant.core.types import (
    Finished,
    FinishReason,
    GenerationParams,
    GenerationRequest,
    GenerationStats,
    Message,
    TextDelta,
)


@dataclass(frozen=True)
class Answer:
    """One model answer: its (clean) text, why it ended, what it cost, and whether the prompt came back.

    ``echoed``: the cleaner found Quill's prompt in it (and removed it). ``echo_only``: nothing else was
    left, or only the user's own text; then ``text`` is empty and none of it was yielded.
    """

    text: str
    reason: FinishReason
    stats: GenerationStats
    echoed: bool = False
    echo_only: bool = False

    @property
    def cancelled(self) -> bool:
        return self.reason == "cancelled"


def complete(
    backend: Backend,
    request: GenerationRequest | Sequence[Message],
    params: GenerationParams | None,
    cancel: CancelToken,
    cleaner: AnswerCleaner | None = None,
    thinking: bool | None = None,
) -> Generator[TextDelta, None, Answer]:
    """Stream one answer: yields its pieces (cleaned by ``cleaner``) as they come, returns the Answer.

    ``request`` is a GenerationRequest, or messages to send with ``params``. An answer that opens
    with an echo of the prompt is held back until its end: if nothing real is left it is never shown
    (``echo_only``), so a task can ask again without a user ever seeing the echo. ``thinking`` turns the
    model's thinking on or off where it can be (None: its default). Reasoning is never part of the
    answer: the engine splits it off (core/reasoning.py) and its events are dropped here.

    Raises:
        GenerationError: the backend ended the stream without a Finished event.
    """
    if not isinstance(request, GenerationRequest):
        request = GenerationRequest(messages=list(request), params=params or GenerationParams())
    elif params is not None:
        request = replace(request, params=params)
    if thinking is not None and request.prompt is None:
        support = backend.info.reasoning if backend.info is not None else None
        if support is not None:
            messages, variables = apply_thinking(request.messages, support.switch, thinking)
            request = replace(request, messages=messages, template_vars={**request.template_vars, **variables})
    parts: list[str] = []
    held = False  # an echo came before any real text: hold the pieces until the end
    finished: Finished | None = None
    received = 0
    stream = backend.stream(request, cancel)
    try:
        for event in stream:
            if isinstance(event, TextDelta):
                received += 1  # about one token each (for the stats when we stop early)
                shown = cleaner.feed(event.text) if cleaner is not None else event.text
                held = held or (not parts and cleaner is not None and cleaner.echoed)
                if shown:
                    parts.append(shown)
                    if not held:
                        yield TextDelta(shown)
                if cleaner is not None and cleaner.done:  # the answer is over: stop generating
                    finished = Finished("stop", GenerationStats(generated_tokens=received))
                    break
            elif isinstance(event, Finished):
                finished = event
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()
    if finished is None:
        raise GenerationError(msg("The model stopped without finishing its answer."))
    if cleaner is None:
        return Answer("".join(parts), finished.reason, finished.stats)
    if finished.reason != "cancelled":
        tail = cleaner.finish()
        if tail:
            parts.append(tail)
            if not held:
                yield TextDelta(tail)
    text = "".join(parts)
    if cleaner.echoed and not held and not text:
        held = True  # the echo came at the very end of an empty answer
    if held and cleaner.only_echo(text):
        return Answer("", finished.reason, finished.stats, echoed=True, echo_only=True)
    if held and text:
        yield TextDelta(text)
    return Answer(text, finished.reason, finished.stats, cleaner.echoed)


def drain(steps: Generator[TextDelta, None, Answer]) -> Answer:
    """Run :func:`complete` to its end without passing its pieces on (a map step, one translated
    block: nobody watches them); its Answer."""
    while True:
        try:
            next(steps)
        except StopIteration as stop:
            return stop.value


@dataclass
class Usage:
    """What the steps of one task cost together."""

    prompt_eval: int = 0
    generated: int = 0
    cut_by_context: int = 0  # steps whose answer ran into the end of the context window (a budget bug)

    def add(self, answer: Answer) -> Answer:
        self.prompt_eval += answer.stats.prompt_eval_tokens
        self.generated += answer.stats.generated_tokens
        self.cut_by_context += answer.reason == "context"
        return answer

    def include(self, other: Usage) -> None:
        """Add what another set of steps cost (one step run on its own thread counts its own)."""
        self.prompt_eval += other.prompt_eval
        self.generated += other.generated
        self.cut_by_context += other.cut_by_context

    def stats(self, prompt_tokens: int = 0) -> GenerationStats:
        return GenerationStats(
            prompt_tokens=prompt_tokens, prompt_eval_tokens=self.prompt_eval, generated_tokens=self.generated
        )
