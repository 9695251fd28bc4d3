"""What the Library needs of an embedding model, whatever runs it.

The llama.cpp implementation lives in ``core/backends/llama_embed.py`` (it alone may
import llama_cpp); the Library, the ask task and ``/v1/embeddings`` use only this surface.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from assistant.core.cancel import CancelToken  # Cancelled is raised on cancel

Vectors = npt.NDArray[np.float32]  # shape (n, dimension), each row L2-normalised
Pooling = Literal["mean", "cls", "last"]  # how token vectors become one; None: as the model says


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


class LoadedFacts:
    """What a loaded embedding model is: its name, file, dimension, longest text and pooling.

    They are fixed once the model has loaded, so the model (backends/llama_embed.py) and every handle
    to it from another thread (embedders.SharedEmbedder) answer from the same five fields, which a
    subclass sets when it loads (or is given) the model.
    """

    _name: str
    _path: Path
    _dimension: int
    _max_tokens: int
    _pooling: Pooling

    @property
    def name(self) -> str:
        return self._name

    @property
    def path(self) -> Path:
        return self._path

    @property
    def dimension(self) -> int:
        return self._dimension

    @property
    def max_tokens(self) -> int:
        return self._max_tokens

    @property
    def pooling(self) -> Pooling:
        return self._pooling
