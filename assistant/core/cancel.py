"""A cancel flag shared by whoever asks for work and whoever does it.

The GUI sets it directly from its own thread: a queued "cancel" message would
never be read while the worker is busy generating. The engine checks it between
tokens and, during long prompt evaluation, from llama.cpp's abort callback.
"""

from __future__ import annotations

import threading


class CancelToken:
    """A one-way flag: once cancelled, it stays cancelled. Make a new one per request."""

    __slots__ = ("_event",)

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop as soon as it can. Safe from any thread, any number of times."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until cancelled or ``timeout`` seconds pass; True when cancelled."""
        return self._event.wait(timeout)

    def __repr__(self) -> str:
        return f"CancelToken(cancelled={self.cancelled})"


class AnyOf(CancelToken):
    """Cancelled when any of its tokens is; cancelling it cancels the first."""

    __slots__ = ("_tokens",)

    def __init__(self, first: CancelToken, *others: CancelToken) -> None:
        super().__init__()
        self._tokens = (first, *others)

    def cancel(self) -> None:
        self._tokens[0].cancel()

    @property
    def cancelled(self) -> bool:
        return any(token.cancelled for token in self._tokens)

    def wait(self, timeout: float | None = None) -> bool:
        return self._tokens[0].wait(timeout) or self.cancelled


class Cancelled(Exception):
    """Raised by work that cannot return a partial result (an embedding batch) when its token is set."""
