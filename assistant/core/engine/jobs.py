"""What a caller hands the decoder: one generation, with its priority and where its events go.

The engine decodes many of these together (``core/backends/llama_batch.py``); the
classes here carry no llama.cpp types, so the engine, the API server and tests
can make and inspect them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum

from assistant.core.cancel import CancelToken
from assistant.core.types import GenerationParams


class Priority(IntEnum):
    """Who is waiting. Lower goes first; within a class sources take turns."""

    INTERACTIVE = 0  # a chat reply or a Write draft a person is watching appear
    API = 1  # another program, through `quill serve` or the app's Serve switch
    BACKGROUND = 2  # document translation, summaries, indexing


# Gets the job's events (TextDelta..., then one Finished) or an exception, which ends it.
Emit = Callable[[object], None]


@dataclass(eq=False)
class DecodeJob:
    """One generation: prompt tokens in, events out through ``emit`` (called on the decoding thread)."""

    tokens: list[int]
    params: GenerationParams
    cancel: CancelToken
    emit: Emit
    priority: Priority = Priority.INTERACTIVE
    source: str = ""
    submitted_at: float = field(default_factory=time.perf_counter)
