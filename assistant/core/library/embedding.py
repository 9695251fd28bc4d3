"""What the Library needs of an embedding model, whatever runs it.

The llama.cpp implementation lives in ``core/backends/llama_embed.py`` (it alone may
import llama_cpp); the Library, the ask task and ``/v1/embeddings`` use only this surface.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from assistant.core.cancel import CancelToken  # Cancelled is raised on cancel

Vectors = npt.NDArray[np.float32]  # shape (n, dimension), each row L2-normalised


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit vectors with one model; one thread at a time (it owns a llama.cpp context)."""

    @property
    def name(self) -> str:
        """The model's name as the user sees it (its file stem): stored with each vector."""
        ...

    @property
    def dimension(self) -> int: ...

    @property
    def max_tokens(self) -> int:
        """The longest text (in the model's tokens) one vector can stand for; longer input is truncated."""
        ...

    def count_tokens(self, text: str) -> int: ...

    def embed(self, texts: Sequence[str], cancel: CancelToken | None = None) -> Vectors:
        """One L2-normalised row per text, in order, pooled the way the model says (mean, CLS, last).

        Raises:
            Cancelled: ``cancel`` was set between batches.
        """
        ...

    def close(self) -> None:
        """Free the model. Safe to call twice."""
        ...
