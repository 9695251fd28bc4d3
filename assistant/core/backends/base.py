"""What every backend offers: load, count, render, stream, close.

A backend is used from one thread for its whole life (the one that loaded it):
a llama.cpp context is not safe to share, and switching threads slows decoding
3-5x with the default OpenMP build. Callers own that rule; backends assume it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Protocol, runtime_checkable

from assistant.core.cancel import CancelToken
from assistant.core.types import Event, GenerationRequest, Message, ModelInfo, ModelSpec

# Gets 0.0 .. 1.0 while a model loads; returning False asks the load to stop (the app is closing).
ProgressCallback = Callable[[float], "bool | None"]


@runtime_checkable
class Backend(Protocol):
    """The engine's surface. ``stream`` yields TextDelta events and ends with one Finished."""

    @property
    def info(self) -> ModelInfo | None:
        """The loaded model, or None before ``load``."""
        ...

    def load(self, spec: ModelSpec, on_progress: ProgressCallback | None = None) -> ModelInfo:
        """Load a model; ``on_progress`` gets 0.0 .. 1.0. Raises UserFacingError subclasses."""
        ...

    def count_tokens(self, text: str) -> int:
        """Tokens ``text`` takes in a prompt, by the model's own tokenizer."""
        ...

    def render(self, messages: Sequence[Message]) -> str:
        """The prompt text the model will see for ``messages`` (its own chat template)."""
        ...

    def stream(self, request: GenerationRequest, cancel: CancelToken) -> Iterator[Event]:
        """Generate. Stops within one token of ``cancel`` being set; the caller may also stop iterating."""
        ...

    def close(self) -> None:
        """Free the model. Safe to call twice."""
        ...


def parallel_width(backend: object) -> int:
    """How many requests ``backend`` answers at once (its ``parallel`` attribute; 1 when it has none).

    A task with independent steps (translation blocks, map steps, alternatives) keeps this many
    in flight; the engine decodes them together.
    """
    width = getattr(backend, "parallel", 1)
    return max(1, int(width)) if isinstance(width, int) else 1
