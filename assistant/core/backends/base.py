"""What every backend offers: count, render, stream, close (each kind loads in its own way:
``load(spec, on_progress)``, raising UserFacingError subclasses).

A llama.cpp backend generates on one thread for its whole life (the one that loaded
it): a llama.cpp context is not safe to share, and switching threads slows decoding
3-5x with the default OpenMP build. The engine owns that rule (core/engine/engine.py);
backends assume it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from assistant.core.cancel import CancelToken
from assistant.core.i18n import msg
from assistant.core.types import Event, GenerationRequest, Message, ModelInfo

# Gets 0.0 .. 1.0 while a model loads; returning False asks the load to stop (the app is closing).
ProgressCallback = Callable[[float], "bool | None"]


@runtime_checkable
class Backend(Protocol):
    """What a task uses of a model. ``stream`` yields TextDelta events and ends with one Finished.

    The engine hands tasks an EngineBackend with this surface (core/engine/engine.py). Backends that
    render prompts themselves may also offer ``chat_template`` (the template's text) and
    ``schema_grammar(schema) -> str`` (GBNF for a JSON schema): tools need them (core/tools).
    """

    @property
    def info(self) -> ModelInfo | None:
        """The loaded model, or None before ``load``."""
        ...

    def count_tokens(self, text: str) -> int:
        """Tokens ``text`` takes in a prompt, by the model's own tokenizer."""
        ...

    def render(self, messages: Sequence[Message], variables: Mapping[str, Any] | None = None) -> str:
        """The prompt text the model will see for ``messages`` (its own chat template, given ``variables``)."""
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


class _NoModel:
    """The backend a model-free task (core/engine/handles.ModelFree) sees while no model is loaded."""

    info: ModelInfo | None = None

    def count_tokens(self, text: str) -> int:
        raise _no_model()

    def render(self, messages: Sequence[Message], variables: Mapping[str, Any] | None = None) -> str:
        raise _no_model()

    def stream(self, request: GenerationRequest, cancel: CancelToken) -> Iterator[Event]:
        raise _no_model()

    def close(self) -> None:
        pass


def _no_model() -> Exception:
    from assistant.core.errors import NoModelError

    return NoModelError(msg("No model is loaded; choose one in Settings."))


NO_MODEL: Backend = _NoModel()
