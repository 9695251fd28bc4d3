"""Run a task's independent steps ahead, a few at a time, and hand them back in order.

A step is a generator of events that returns a value (one translated piece, one
map step, one version of a text): :class:`Ahead` starts up to ``width`` of them
at once on worker threads, so a backend that answers several requests at once
(:func:`~assistant.core.backends.base.parallel_width`) decodes them together,
and gives them back one by one, in the order they came: the consumer drives each
with ``result = yield from step`` and sees its events, then its result (or its
exception), exactly where a sequential run would have put them. Only the
consumer applies results to shared state (caches, usage, lists of problems).

With width 1 nothing runs ahead and no thread is started: each step is created
when the consumer asks for it and runs on the calling thread, as it always did.
"""

from __future__ import annotations

import queue
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from types import TracebackType
from typing import Generic, TypeAlias, TypeVar

from assistant.core.cancel import AnyOf, CancelToken

E = TypeVar("E")
T = TypeVar("T")

# A step gets the token to watch (the job's, or one that also stops when the helper gives up) and
# returns a generator: its events, then its result.
Step: TypeAlias = Callable[[CancelToken], Generator[E, None, T]]


@dataclass(frozen=True)
class _Yielded(Generic[E]):
    index: int
    event: E


@dataclass(frozen=True)
class _Returned(Generic[T]):
    index: int
    value: T


@dataclass(frozen=True)
class _Raised:
    index: int
    error: BaseException


_Report: TypeAlias = _Yielded[E] | _Returned[T] | _Raised


class Ahead(Generic[E, T]):
    """Independent steps run up to ``width`` at a time, handed back in order.

    Iterate it (or call ``next``) for each step's generator, in the order of ``steps``, and drive each
    to its end before asking for the next. Use it as a context manager: leaving it stops the steps
    still running (their token is cancelled) and joins the threads. A step's exception is raised at
    its own position, after every earlier step's events and results.

    Once ``cancel`` is set (or a step has failed) no step is started ahead; a step asked for after
    that runs on the calling thread (with a cancelled token, it ends at once, the way it ends when
    cancelled).

    Args:
        steps: the steps, in order; taken from the iterable only when they are started.
        width: how many may be in flight at once (1: run each lazily on the calling thread).
        cancel: the job's token.
    """

    def __init__(self, steps: Iterable[Step[E, T]], width: int, cancel: CancelToken) -> None:
        self._steps = iter(steps)
        self._width = max(1, width)
        self._cancel = cancel
        # Cancelled when the job is, or when the helper stops its steps (an error, the consumer left).
        self._token: CancelToken = cancel if self._width == 1 else AnyOf(CancelToken(), cancel)
        self._reports: queue.SimpleQueue[_Report[E, T]] = queue.SimpleQueue()
        self._buffers: dict[int, deque[_Report[E, T]]] = {}
        self._pool: ThreadPoolExecutor | None = None
        self._running: set[int] = set()  # started ahead, not yet reported back
        self._taken = 0  # steps taken from ``steps`` (started ahead, or handed out to run here)
        self._next = 0  # the next step to hand out
        self._busy = 0  # dependent steps running on the calling thread
        self._exhausted = False
        self._failed = False  # a step raised: what comes after it will never be used
        self._closed = False

    def __enter__(self) -> Ahead[E, T]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def __iter__(self) -> Iterator[Generator[E, None, T]]:
        return self

    def __next__(self) -> Generator[E, None, T]:
        """The next step, in order: started ahead (its events and result come from its thread) or now."""
        self._fill()
        index = self._next
        if index < self._taken:
            self._next += 1
            return self._replay(index)
        step = self._take_step()
        if step is None:
            self._release()
            raise StopIteration
        self._next += 1
        self._taken += 1  # run here, now: later steps start after it
        return step(self._token)

    def dependent(self, step: Step[E, T]) -> Generator[E, None, T]:
        """Run a step that depends on results handed back so far, on the calling thread, once fewer than
        ``width`` steps are in flight (it takes one of the places while it runs)."""
        if self._width == 1:
            return (yield from step(self._token))
        while self._running and len(self._running) + self._busy >= self._width:
            self._pump()
        self._busy += 1
        try:
            return (yield from step(self._token))
        finally:
            self._busy -= 1
            self._fill()

    def close(self) -> None:
        """Stop the steps still running, wait for their threads, drop what they reported. Safe twice."""
        if self._closed:
            return
        self._closed = True
        if self._pool is not None:
            self._token.cancel()  # only the helper's own flag: the job's token is left as it is
            self._release()
        self._buffers.clear()

    # ----- the calling thread's side --------------------------------------------------------

    def _take_step(self) -> Step[E, T] | None:
        if self._exhausted:
            return None
        try:
            return next(self._steps)
        except StopIteration:
            self._exhausted = True
            return None

    def _fill(self) -> None:
        """Start steps until ``width`` are in flight (none once the job is cancelled or a step failed)."""
        if self._width == 1 or self._closed or self._failed:
            return
        while not self._cancel.cancelled and len(self._running) + self._busy < self._width:
            step = self._take_step()
            if step is None:
                if not self._running and self._next >= self._taken:
                    self._release()
                return
            index = self._taken
            self._taken += 1
            self._running.add(index)
            self._buffers[index] = deque()
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self._width, thread_name_prefix="quill-step")
            self._pool.submit(self._work, index, step)

    def _replay(self, index: int) -> Generator[E, None, T]:
        """Step ``index``'s events as its thread reports them (live, or from the buffer), then its result."""
        while True:
            buffer = self._buffers[index]
            while not buffer:
                self._pump()
            report = buffer.popleft()
            if isinstance(report, _Yielded):
                yield report.event
                continue
            del self._buffers[index]
            if self._exhausted and not self._running and self._next >= self._taken:
                self._release()  # the last step is back: no thread is needed any more
            if isinstance(report, _Raised):
                raise report.error
            return report.value

    def _pump(self) -> None:
        """Wait for one report from any step; a finished step frees its place for the next one."""
        report = self._reports.get()
        self._buffers[report.index].append(report)
        if not isinstance(report, _Yielded):
            self._running.discard(report.index)
            self._failed = self._failed or isinstance(report, _Raised)
            self._fill()

    def _release(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    # ----- a worker thread's side -----------------------------------------------------------

    def _work(self, index: int, step: Step[E, T]) -> None:
        """Run one step to its end, reporting each event and then its result or exception."""
        try:
            steps = step(self._token)
            while True:
                try:
                    event = next(steps)
                except StopIteration as stop:
                    self._reports.put(_Returned(index, stop.value))
                    return
                self._reports.put(_Yielded(index, event))
        except BaseException as error:  # raised again on the calling thread, at its position
            self._reports.put(_Raised(index, error))


def quiet(work: Callable[[CancelToken], T]) -> Step[E, T]:
    """A step with no events of its own: it returns ``work(cancel)``."""

    def step(cancel: CancelToken) -> Generator[E, None, T]:
        yield from ()
        return work(cancel)

    return step
