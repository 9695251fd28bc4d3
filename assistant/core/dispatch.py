"""Handing each event to the handler registered for its type: the one place events are told apart.

Tasks yield a stream of typed events (core/types.py); a consumer says what it does with
each kind, and never writes its own ``isinstance`` chain. The GUI's TaskRunner uses one
Dispatcher per task owner; anything else that consumes events (a CLI loop, a test) can too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

E = TypeVar("E")


class Dispatcher:
    """Handlers by event type. An event goes to the handler of its own class or, failing that, of
    its nearest base class (a TokensCounted reaches a Planned handler); one nobody handles is dropped."""

    def __init__(self) -> None:
        self._handlers: dict[type, Callable[[Any], object]] = {}

    def on(self, kind: type[E], handler: Callable[[E], object]) -> None:
        """Call ``handler`` with every event of ``kind`` (replacing the one registered before)."""
        self._handlers[kind] = handler

    def __call__(self, event: object) -> None:
        for cls in type(event).__mro__:
            handler = self._handlers.get(cls)
            if handler is not None:
                handler(event)
                return
