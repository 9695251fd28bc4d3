"""The one engine: a plain thread owns the model for its whole life; every caller submits work to it.

The app (through a thin Qt adapter, ``ui/worker.py``), the CLI and ``quill serve``
all use this class. Two kinds of work reach it:

- **Tasks** (chat, summarize, translate, write, an API request): generators of events.
  Each runs on a thread of its own with an :class:`EngineBackend` in place of the model,
  so a task that waits for one answer never holds up another task's answers.
- **Generations**: every ``EngineBackend.stream`` call. For llama.cpp they become jobs
  of the model thread's :class:`~assistant.core.backends.llama_batch.BatchDecoder`,
  which decodes them together, interactive ones first. A backend without a decoder
  (a remote server, the scripted test backend) streams on the caller's thread, at most
  ``parallel`` at a time, admitted by priority through a :class:`Gate`.

Loading a model waits for the tasks that run on the old one to end; tasks submitted
meanwhile start on the new one.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from assistant.core.backends.base import NO_MODEL, Backend, ProgressCallback
from assistant.core.cancel import AnyOf, CancelToken
from assistant.core.engine.handles import Sink, Task, TaskHandle, needs_model
from assistant.core.engine.jobs import DecodeJob, Priority
from assistant.core.errors import GenerationError, NoModelError, UserFacingError
from assistant.core.i18n import msg
from assistant.core.reasoning import KNOWN_MARKERS, split_reasoning, starts_inside
from assistant.core.types import Event, Finished, GenerationRequest, Message, ModelInfo

log = logging.getLogger(__name__)

# Opens a backend on the engine thread: gets a progress callback, returns the backend and its ModelInfo.
Opener = Callable[[ProgressCallback], tuple[Backend, ModelInfo]]
LoadDone = Callable[[ModelInfo | None, BaseException | None], None]


class Gate:
    """At most ``width`` holders at once; waiters are let in by priority, then the source with fewer turns.

    For backends that stream on the caller's thread (a remote server, the scripted backend).
    """

    def __init__(self, width: int) -> None:
        self.width = max(1, width)
        self._held = 0
        self._waiting: list[tuple[int, int, int, str]] = []  # (priority, turns, order, source)
        self._turns: dict[str, int] = {}
        self._order = itertools.count()
        self._cond = threading.Condition()

    def acquire(self, priority: int, source: str, cancel: CancelToken) -> bool:
        """Wait for a place; False (and no place taken) if ``cancel`` was set meanwhile."""
        with self._cond:
            entry = (priority, self._turns.get(source, 0), next(self._order), source)
            self._waiting.append(entry)
            try:
                while self._held >= self.width or min(self._waiting) != entry:
                    if cancel.cancelled:
                        return False
                    self._cond.wait(0.05)  # a Stop is seen within 50 ms; nothing spins
                if cancel.cancelled:
                    return False
                self._held += 1
                self._turns[source] = self._turns.get(source, 0) + 1
                return True
            finally:
                self._waiting.remove(entry)
                self._cond.notify_all()

    def release(self) -> None:
        with self._cond:
            self._held -= 1
            self._cond.notify_all()


class EngineBackend:
    """What a task sees as its backend: the engine's model, reached safely from the task's own thread.

    Counting and rendering run on the calling thread (llama.cpp's tokenizer only reads the
    vocabulary); generation goes to the engine. ``parallel`` says how many generations the engine
    decodes together, so a task can keep that many in flight (core/tasks/parallel.py).
    """

    def __init__(
        self, engine: Engine, backend: Backend, priority: Priority, source: str, *, owns_engine: bool = False
    ) -> None:
        self._engine = engine
        self._backend = backend
        self._owns_engine = owns_engine
        self.priority = priority
        self.source = source

    @property
    def info(self) -> ModelInfo | None:
        return self._backend.info

    @property
    def parallel(self) -> int:
        return self._engine.parallel

    def count_tokens(self, text: str) -> int:
        return self._backend.count_tokens(text)

    def render(self, messages: Sequence[Message], variables: Mapping[str, Any] | None = None) -> str:
        return self._backend.render(messages, variables)

    @property
    def chat_template(self) -> str | None:
        """The model's chat template, where its backend renders one (core/tools reads its tool support)."""
        return getattr(self._backend, "chat_template", None)

    @property
    def schema_grammar(self) -> Callable[[str], str] | None:
        """The backend's JSON-schema-to-GBNF converter, if it has one (forced tool calls need it)."""
        return getattr(self._backend, "schema_grammar", None)

    def stream(self, request: GenerationRequest, cancel: CancelToken) -> Iterator[Event]:
        """Generate; a conversation's reply comes with its reasoning split off (ReasoningDelta), so no
        task, pane or API client ever sees a reasoning marker. A raw prompt's text comes as it is."""
        events = self._engine.generate(self._backend, request, cancel, self.priority, self.source)
        if request.prompt is not None:
            return events
        support = self.info.reasoning if self.info is not None else None
        markers = support.markers if support is not None else KNOWN_MARKERS
        inside = starts_inside(self._backend.render(request.messages, request.template_vars), markers)
        return split_reasoning(events, markers, inside)

    def wait_interactive_idle(self, timeout: float | None = None) -> bool:
        """Wait until no interactive generation runs (background work such as Library embedding yields)."""
        return self._engine.wait_interactive_idle(timeout)

    def close(self) -> None:
        """Close the engine, if this handle owns it (the CLI's); a task's handle leaves it alone."""
        if self._owns_engine:
            self._engine.close()


class Engine:
    """One model, one thread that owns it, any number of callers.

    Args:
        opener: opens the first model on the engine thread (:meth:`start` waits for it); None to
            start with no model and :meth:`load` one later.
    """

    def __init__(self, opener: Opener | None = None) -> None:
        self._backend: Backend | None = None
        self._info: ModelInfo | None = None
        self._gate = Gate(1)
        self._cond = threading.Condition()
        self._jobs: list[DecodeJob] = []  # generations for the decoder, handed over under _cond
        self._loads: list[tuple[Opener, LoadDone]] = []
        self._held: list[tuple[TaskHandle, Priority]] = []  # submitted while a load waits
        self._tasks: set[TaskHandle] = set()
        self._task_threads: list[threading.Thread] = []  # joined on close: a finished task may still be exiting
        self._stopping = False
        self.closing = CancelToken()  # set when closing: a model being loaded stops loading
        # Set while no INTERACTIVE generation runs: background work that uses the CPU outside the engine
        # (the Library's embedding model) waits on it between batches, so chat comes first.
        self.interactive_idle = threading.Event()
        self.interactive_idle.set()
        self._interactive = 0
        self._thread = threading.Thread(target=self._main, name="QuillEngine", daemon=True)
        self._thread_started = False
        self._started = threading.Event()
        self._first: tuple[ModelInfo | None, BaseException | None] = (None, None)
        self._has_opener = opener is not None
        if opener is not None:
            self._loads.append((opener, self._first_loaded))

    # -- what callers use -------------------------------------------------------

    @property
    def model_info(self) -> ModelInfo | None:
        return self._info

    @property
    def alive(self) -> bool:
        """Whether the engine thread runs (it ends when the engine is closed)."""
        return self._thread.is_alive()

    @property
    def parallel(self) -> int:
        """Generations decoded together: the decoder's sequences, or the gate's width."""
        decoder = getattr(self._backend, "decoder", None)
        return decoder.n_seq if decoder is not None else self._gate.width

    def start(self) -> ModelInfo | None:
        """Start the engine thread; with an opener, wait until the model is open and raise what opening raised."""
        self._start_thread()
        if not self._has_opener:
            return None
        self._started.wait()
        info, error = self._first
        if error is not None:
            raise error
        return info

    def _first_loaded(self, info: ModelInfo | None, error: BaseException | None) -> None:
        self._first = (info, error)
        self._started.set()

    def load(self, opener: Opener, done: LoadDone) -> None:
        """Open another model on the engine thread once the tasks running now have ended.

        ``done(info, None)`` or ``done(None, error)`` is called on the engine thread; a failed
        load keeps the model that was loaded before.
        """
        with self._cond:
            self._loads.append((opener, done))
            self._cond.notify()
        self._start_thread()

    def _start_thread(self) -> None:
        with self._cond:
            if self._thread_started or self._stopping:
                return
            self._thread_started = True
        self._thread.start()

    def submit(
        self, source: str, task: Task, sink: Sink | None = None, priority: Priority = Priority.API
    ) -> TaskHandle:
        """Run ``task`` on a thread of its own with this engine's model; safe from any thread."""
        handle = TaskHandle(source, task, sink)
        with self._cond:
            if self._stopping:
                handle.fail(GenerationError(msg("Quill's engine is shutting down.")))
                return handle
            if self._loads:
                self._held.append((handle, priority))
                return handle
            self._start_task(handle, priority)
        return handle

    def backend_for(self, priority: Priority, source: str) -> EngineBackend:
        """The loaded model as a Backend for a caller that runs its task on its own thread (the CLI);
        closing it closes the engine."""
        if self._backend is None:
            raise NoModelError(msg("No model is loaded; choose one in Settings."))
        return EngineBackend(self, self._backend, priority, source, owns_engine=True)

    def close(self, timeout: float = 30.0) -> None:
        """Cancel everything, close the model on its own thread, and wait for the thread to end."""
        self.closing.cancel()
        with self._cond:
            self._stopping = True
            tasks = list(self._tasks)
            held, self._held = self._held, []
            self._cond.notify()
        for handle in tasks:
            handle.cancel.cancel()
        for handle, _priority in held:
            handle.fail(GenerationError(msg("Quill's engine is shutting down.")))
        for handle in tasks:
            handle.done.wait(timeout)
        for thread in list(self._task_threads):  # a task that just ended may still be leaving its thread
            thread.join(timeout)
        if self._thread_started:
            self._thread.join(timeout)
        with self._cond:
            threads = list(self._task_threads)
        for thread in threads:
            thread.join(timeout)

    # -- generations --------------------------------------------------------------

    def wait_interactive_idle(self, timeout: float | None = None) -> bool:
        """Block until no interactive generation runs, or ``timeout`` seconds pass; True when idle."""
        return self.interactive_idle.wait(timeout)

    def _interactive_change(self, delta: int) -> None:
        with self._cond:
            self._interactive += delta
            if self._interactive > 0:
                self.interactive_idle.clear()
            else:
                self.interactive_idle.set()

    def generate(
        self, backend: Backend, request: GenerationRequest, cancel: CancelToken, priority: Priority, source: str
    ) -> Iterator[Event]:
        """Stream one generation for a task's thread (EngineBackend.stream)."""
        events = self._generate(backend, request, cancel, priority, source)
        return self._counted(events) if priority == Priority.INTERACTIVE else events

    def _counted(self, events: Iterator[Event]) -> Iterator[Event]:
        """Counts as interactive from the caller's first read (at once: it waits for the prompt) to the end."""
        self._interactive_change(+1)
        try:
            yield from events
        finally:
            self._interactive_change(-1)

    def _generate(
        self, backend: Backend, request: GenerationRequest, cancel: CancelToken, priority: Priority, source: str
    ) -> Iterator[Event]:
        decoder = getattr(backend, "decoder", None)
        if decoder is None:
            return self._stream_direct(backend, request, cancel, priority, source)
        tokens = backend.request_tokens(request)  # type: ignore[attr-defined]
        items: queue.SimpleQueue[object] = queue.SimpleQueue()
        mine = CancelToken()  # set when the reader stops early: the decoder frees its place
        job = DecodeJob(tokens, request.params, AnyOf(mine, cancel, self.closing), items.put, priority, source)
        with self._cond:
            if self._stopping:
                raise GenerationError(msg("Quill's engine is shutting down."))
            self._jobs.append(job)
            self._cond.notify()
        return self._read(items, mine)

    def _read(self, items: queue.SimpleQueue[object], mine: CancelToken) -> Iterator[Event]:
        try:
            while True:
                item = items.get()
                if isinstance(item, BaseException):
                    raise item
                yield item  # type: ignore[misc]
                if isinstance(item, Finished):
                    return
        finally:
            mine.cancel()
            with self._cond:
                self._cond.notify()

    def _stream_direct(
        self, backend: Backend, request: GenerationRequest, cancel: CancelToken, priority: Priority, source: str
    ) -> Iterator[Event]:
        if not self._gate.acquire(priority, source, AnyOf(cancel, self.closing)):
            yield Finished("cancelled")
            return
        try:
            yield from backend.stream(request, AnyOf(cancel, self.closing))
        finally:
            self._gate.release()

    # -- tasks --------------------------------------------------------------------

    def _start_task(self, handle: TaskHandle, priority: Priority) -> None:
        """Called with _cond held."""
        if self._backend is None and needs_model(handle.task):
            handle.fail(NoModelError(msg("No model is loaded; choose one in Settings.")))
            return
        backend = EngineBackend(self, self._backend or NO_MODEL, priority, handle.source)
        self._tasks.add(handle)
        thread = threading.Thread(target=self._run_task, args=(handle, backend), name="QuillTask", daemon=True)
        self._task_threads = [t for t in self._task_threads if t.is_alive()]
        self._task_threads.append(thread)
        thread.start()

    def _run_task(self, handle: TaskHandle, backend: EngineBackend) -> None:
        try:
            handle.run(backend, also=self.closing)
        finally:
            with self._cond:
                self._tasks.discard(handle)
                self._cond.notify()

    # -- the engine thread --------------------------------------------------------

    def _main(self) -> None:
        try:
            while True:
                with self._cond:
                    while not self._work_ready():
                        self._cond.wait()
                    jobs, self._jobs = self._jobs, []
                    stopping = self._stopping
                    load = self._loads[0] if self._loads and not self._tasks else None
                decoder = getattr(self._backend, "decoder", None)
                for job in jobs:
                    if decoder is None:
                        job.emit(GenerationError(msg("No model is loaded.")))
                    else:
                        decoder.add(job)
                if stopping:
                    break
                if load is not None:
                    self._load(*load)
                elif decoder is not None and decoder.busy:
                    decoder.step()
        except BaseException as exc:  # a bug here must not leave callers waiting forever
            log.exception("the engine thread failed")
            self._fail_everything(exc)
        finally:
            self._shut_down()

    def _work_ready(self) -> bool:
        decoder = getattr(self._backend, "decoder", None)
        return bool(
            self._stopping or self._jobs or (self._loads and not self._tasks) or (decoder is not None and decoder.busy)
        )

    def _load(self, opener: Opener, done: LoadDone) -> None:
        def progress(fraction: float) -> bool:
            return not self.closing.cancelled

        info: ModelInfo | None = None
        error: BaseException | None = None
        try:
            backend, info = opener(progress)
        except BaseException as exc:
            log.warning("model load failed: %s", exc, exc_info=not isinstance(exc, UserFacingError))
            error = exc
        else:
            if self._backend is not None:
                self._backend.close()
            self._backend, self._info = backend, info
            self._gate = Gate(max(1, int(getattr(backend, "parallel", 1) or 1)))
        with self._cond:
            self._loads.pop(0)
            held = self._held if not self._loads else []
            if held:
                self._held = []
            for handle, priority in held:
                self._start_task(handle, priority)
        try:
            done(info, error)
        except Exception:
            log.exception("a load callback failed")

    def _fail_everything(self, error: BaseException) -> None:
        decoder = getattr(self._backend, "decoder", None)
        if decoder is not None:
            decoder.stop_all(GenerationError(msg("Quill's engine stopped: {error}", error=error)))

    def _shut_down(self) -> None:
        decoder = getattr(self._backend, "decoder", None)
        with self._cond:
            jobs, self._jobs = self._jobs, []
        for job in jobs:
            job.emit(Finished("cancelled"))
        if decoder is not None:
            decoder.stop_all()
        for handle in list(self._tasks):
            handle.done.wait(5.0)
        if self._backend is not None:
            self._backend.close()
            self._backend = None
        with self._cond:
            loads, self._loads = self._loads, []
        for _opener, done in loads:
            try:
                done(None, GenerationError(msg("Quill's engine is shutting down.")))
            except Exception:
                log.exception("a load callback failed")
