"""An OpenAI-compatible HTTP API on Quill's engine (FastAPI + sse-starlette; no Qt, no llama_cpp).

Routes: ``GET /v1/models``, ``POST /v1/chat/completions`` and ``/v1/completions``
(streaming as server-sent events, or whole; ``n`` choices decoded together),
``POST /v1/embeddings`` (with the Library's embedding model, run off the event loop on the
model's own thread through ``core/library/embedders.py``; a 400 that says how to choose one
when none is), and
``POST /extras/tokenize/count`` so another Quill can budget with this model's real tokenizer.

Every field of a request is checked against one table (``assistant/server/fields.py``)
before anything runs: a field Quill does not take, or a value it cannot use, is a 400
in OpenAI's error shape that names it (``param``).

Tools (``tools``, ``tool_choice``, tool messages) go to the model through its own chat
template, and its calls come back as ``tool_calls``, read out of the reply in the format
that template teaches (``assistant/core/tools``); a template without tools is a 400.

Every request becomes a task for the engine (a :class:`TaskExecutor`), queued
round-robin per client with everything else that uses the model, including the
app's own panes. A client that disconnects cancels its task.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import queue
import secrets
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from sse_starlette.sse import EventSourceResponse

from assistant.core.backends.base import Backend
from assistant.core.cancel import AnyOf, CancelToken
from assistant.core.engine.handles import Done, Task, TaskExecutor, TaskHandle
from assistant.core.errors import BadInputError, NoModelError, UserFacingError
from assistant.core.i18n import msg
from assistant.core.sampling import KNOBS
from assistant.core.tools.parser import ToolCallParser
from assistant.core.tools.plan import ToolRequest, ToolRequestError, plan_tools
from assistant.core.types import (
    Event,
    Finished,
    GenerationParams,
    GenerationRequest,
    Message,
    ReasoningDelta,
    TextDelta,
    TokenLogprob,
    TokensCounted,
    ToolCall,
    ToolCalled,
    VersionStarted,
)
from assistant.server.fields import FieldError, Route, check_request

log = logging.getLogger(__name__)

DISCONNECT_POLL = 0.25  # seconds between checks that a waiting (non-streaming) client is still there
JOIN_SECONDS = 10.0  # a choice's thread ends within a token of being cancelled; this only bounds a bug


# ----- requests --------------------------------------------------------------------


class CountRequest(BaseModel):
    model_config = ConfigDict(extra="allow")

    input: str


@dataclass(frozen=True)
class _Asked:
    """A checked request: the generations to run (one per choice) and how to answer."""

    generations: tuple[GenerationRequest, ...]
    stream: bool
    include_usage: bool
    user: str | None
    tools: ToolRequest | None = None


def _params(defaults: GenerationParams, body: dict[str, Any]) -> GenerationParams:
    """``defaults`` with the knobs the request sets (a knob with two names may be given under both, alike)."""
    values: dict[str, Any] = {}
    for knob in KNOBS:
        given = [(name, body[name]) for name in knob.api_names if name in body]
        if not given:
            continue
        (first, value), *others = given
        for other, different in others:
            if different != value:
                raise FieldError(
                    first,
                    msg(
                        "'{first}' ({value}) and '{other}' ({different}) mean the same; give one of them.",
                        first=first,
                        value=value,
                        other=other,
                        different=different,
                    ),
                    "invalid_value",
                )
        if knob.many:
            value = (value,) if isinstance(value, str) else tuple(value)
            if not value:
                continue
        values[knob.name] = value
    return replace(defaults, **values)


_ROLES: dict[str, Literal["system", "user", "assistant", "tool"]] = {
    "system": "system",
    "developer": "system",
    "user": "user",
    "assistant": "assistant",
    "tool": "tool",
}


def _messages(items: list[dict[str, Any]]) -> list[Message]:
    """Checked messages (fields.check_request: known roles, text parts only) as Quill's."""
    messages = []
    for item in items:
        content = item.get("content", "")
        if isinstance(content, list):
            content = "".join(str(part.get("text", "")) for part in content)
        messages.append(Message(_ROLES[item["role"]], content, reasoning=_reasoning_of(item), **_tool_fields(item)))
    return messages


# ----- tools (core/tools: the model's own template and call format) ----------------------


def _tool_fields(item: dict[str, Any]) -> dict[str, Any]:
    """A checked message's tool parts as Message fields: its calls, the call it answers, its name."""
    fields: dict[str, Any] = {}
    if item.get("tool_calls"):
        fields["tool_calls"] = tuple(
            ToolCall(str(call.get("id", "")), call["function"]["name"], call["function"]["arguments"])
            for call in item["tool_calls"]
        )
    for key in ("tool_call_id", "name"):
        if key in item:
            fields[key] = item[key]
    return fields


def _tool_request(body: dict[str, Any]) -> ToolRequest | None:
    """``tools``, ``tool_choice`` and ``parallel_tool_calls`` (checked by fields.py), or None when the request
    has no tools and no tool messages."""
    tools = tuple(body.get("tools", ()))
    has_tool_messages = any(m.get("tool_calls") or m.get("role") == "tool" for m in body.get("messages", ()))
    choice = body.get("tool_choice", "auto")
    if not tools and choice not in ("auto", "none"):
        raise FieldError(
            "tool_choice", msg("'tool_choice' asks for a call, but the request has no 'tools'."), "invalid_value"
        )
    if not tools and not has_tool_messages:
        return None
    if isinstance(choice, dict):
        asked = ToolRequest(tools, "function", choice["function"]["name"], bool(body.get("parallel_tool_calls", True)))
    else:
        asked = ToolRequest(tools, choice, None, bool(body.get("parallel_tool_calls", True)))
    if asked.choice in ("required", "function") and "response_format" in body:
        raise FieldError(
            "response_format",
            msg(
                "'response_format' cannot be combined with a forced tool call ('tool_choice'): each constrains the whole reply. Give one of them."
            ),
            "invalid_value",
        )
    return asked


def _with_tools(asked: ToolRequest, generations: Sequence[GenerationRequest]) -> Task:
    """The request's task with tools: checked against the model's template (a 400 naming the field if it
    cannot take them), rendered with its ``tools`` variable, forced by grammar when ``tool_choice`` asks,
    and its calls read out of each choice's reply."""

    def task(backend: Backend, cancel: CancelToken) -> Iterator[Event]:
        template = getattr(backend, "chat_template", None)
        convert = getattr(backend, "schema_grammar", None)
        try:
            plan = plan_tools(asked, generations[0].messages, template, convert)
        except ToolRequestError as exc:
            raise FieldError(exc.param, exc.message, exc.code) from exc
        prepared = [
            replace(
                g,
                messages=plan.messages,
                template_vars={**g.template_vars, **plan.variables},
                params=g.params if plan.grammar is None else replace(g.params, grammar=plan.grammar, json_schema=None),
            )
            for g in generations
        ]
        events = _choices(prepared)(backend, cancel)
        if plan.format is None or generations[0].params.json_schema is not None:
            return events  # no calls, or a reply held to response_format's JSON: nothing to read
        names = frozenset(str(t.get("function", {}).get("name", "")) for t in asked.tools)
        return _read_calls(events, ToolCallParser(plan.format, parallel=plan.parallel, names=names))

    return task


def _read_calls(events: Iterator[Event], like: ToolCallParser) -> Iterator[Event]:
    """``events`` with each choice's text read for calls (by a parser like ``like``): content stays
    TextDelta, calls become ToolCalled."""
    parsers: dict[int, ToolCallParser] = {0: like}
    index = 0
    for event in events:
        if isinstance(event, VersionStarted):
            index = event.index
        parser = parsers.setdefault(index, ToolCallParser(like.fmt, parallel=like.parallel, names=like.names))
        if isinstance(event, TextDelta):
            yield from parser.feed(event.text)
            continue
        if isinstance(event, Finished):
            yield from parser.finish()
        yield event


def _tool_call_json(call: ToolCall) -> dict[str, Any]:
    return {"id": call.id, "type": "function", "function": {"name": call.name, "arguments": call.arguments}}


def _tool_call_deltas(index: int, call: ToolCall) -> list[dict[str, Any]]:
    """A streamed call as OpenAI sends one: id, type and name first, then the arguments."""
    return [
        {"index": index, "id": call.id, "type": "function", "function": {"name": call.name, "arguments": ""}},
        {"index": index, "function": {"arguments": call.arguments}},
    ]


def _reply_message(text: str, calls: Sequence[ToolCall], reasoning: str) -> dict[str, Any]:
    """A whole reply's message: its content (None when it only calls tools, as OpenAI's), its calls, and
    the reasoning in ``reasoning_content`` (as llama.cpp's server and others send it), never in ``content``."""
    message: dict[str, Any] = {"role": "assistant", "content": text}
    if calls:
        message.update(content=text or None, tool_calls=[_tool_call_json(c) for c in calls])
    if reasoning:
        message["reasoning_content"] = reasoning
    return message


def _reasoning_of(item: dict[str, Any]) -> str:
    """A message's ``reasoning_content`` (what a client got back from an earlier answer): the chat
    template decides whether the model sees it again."""
    reasoning = item.get("reasoning_content")
    return reasoning if isinstance(reasoning, str) and item.get("role") == "assistant" else ""


def _reasoning_usage(finished: Sequence[Finished]) -> dict[str, Any]:
    """``completion_tokens_details.reasoning_tokens``, OpenAI's place for them, when there were any."""
    spent = sum(f.stats.reasoning_tokens for f in finished)
    return {"completion_tokens_details": {"reasoning_tokens": spent}} if spent else {}


def _reasoning_delta(index: int, text: str) -> dict[str, Any]:
    """A streamed chunk's choice with a piece of the reasoning: ``delta.reasoning_content``."""
    return {"index": index, "delta": {"reasoning_content": text}, "finish_reason": None}


def _constraint(body: dict[str, Any]) -> dict[str, Any]:
    """``response_format`` as GenerationParams: a JSON schema the answer must follow ("{}": any JSON object)."""
    form = body.get("response_format") or {"type": "text"}
    if form.get("type") == "json_object":
        return {"json_schema": "{}"}
    if form.get("type") == "json_schema":
        schema = form.get("json_schema", {}).get("schema") or {}
        return {"json_schema": json.dumps(schema) if schema else "{}"}
    return {}


def _logprobs(body: dict[str, Any], route: Route) -> dict[str, Any]:
    """``logprobs`` (and chat's ``top_logprobs``) as GenerationParams.logprobs: alternatives per token."""
    if route == "chat":
        return {"logprobs": int(body.get("top_logprobs") or 0)} if body.get("logprobs") else {}
    given = body.get("logprobs")
    return {"logprobs": int(given)} if given is not None else {}


def _chat_logprobs(tokens: Sequence[TokenLogprob]) -> dict[str, Any]:
    """OpenAI's chat ``logprobs``: {"content": [{token, logprob, bytes, top_logprobs}]}."""

    def entry(token: str, raw: bytes, logprob: float) -> dict[str, Any]:
        return {"token": token, "logprob": logprob, "bytes": list(raw)}

    return {
        "content": [
            {**entry(t.token, t.token_bytes, t.logprob), "top_logprobs": [entry(*alt) for alt in t.top]} for t in tokens
        ]
    }


def _completion_logprobs(tokens: Sequence[TokenLogprob], offset: int = 0) -> dict[str, Any]:
    """OpenAI's legacy completion ``logprobs``: parallel lists, offsets into the text."""
    offsets, at = [], offset
    for t in tokens:
        offsets.append(at)
        at += len(t.token)
    return {
        "tokens": [t.token for t in tokens],
        "token_logprobs": [t.logprob for t in tokens],
        "top_logprobs": [{alt[0]: alt[2] for alt in t.top} for t in tokens],
        "text_offset": offsets,
    }


def _asked(raw: object, route: Route, defaults: GenerationParams) -> _Asked:
    """What a request asks for, once every field of it has passed the table (assistant/server/fields.py).

    Raises:
        FieldError: a field Quill does not take, or a value it cannot use, named.
    """
    body = check_request(raw, route)
    params = replace(_params(defaults, body), **_constraint(body), **_logprobs(body, route))
    tools = _tool_request(body) if route == "chat" else None
    if route == "chat":
        request = GenerationRequest(messages=_messages(body["messages"]), params=params)
    else:
        prompt = body["prompt"]
        request = GenerationRequest(prompt=prompt if isinstance(prompt, str) else "".join(prompt), params=params)
    n = int(body.get("n", 1))
    seed = params.seed
    generations = tuple(
        request if seed is None or i == 0 else replace(request, params=replace(params, seed=seed + i)) for i in range(n)
    )
    options = body.get("stream_options", {})
    return _Asked(generations, bool(body.get("stream")), bool(options.get("include_usage")), body.get("user"), tools)


def _choices(generations: Sequence[GenerationRequest]) -> Task:
    """The request's task: one generation, or ``n`` of them at once, each on a thread of its own.

    The engine decodes streams that run at the same time together (as many as ``backend.parallel``),
    so the n choices of one request cost about what one does. Their events come out interleaved as
    they are made; a :class:`VersionStarted` says which choice the events after it belong to.
    (core/tasks/parallel.py's Ahead would hand them back one choice after another: right for a
    document, wrong for n streams a client reads at once.)
    """

    def task(backend: Backend, cancel: CancelToken) -> Iterator[Event]:
        if len(generations) == 1:
            return backend.stream(generations[0], cancel)
        return _together(backend, generations, cancel)

    return task


class _Ended:
    """Internal: one choice's stream is over."""


def _together(backend: Backend, generations: Sequence[GenerationRequest], cancel: CancelToken) -> Iterator[Event]:
    mine = CancelToken()  # set when this task stops early (a choice failed, the client left)
    token = AnyOf(mine, cancel)
    reports: queue.SimpleQueue[tuple[int, object]] = queue.SimpleQueue()

    def run(index: int) -> None:
        try:
            for event in backend.stream(generations[index], token):
                reports.put((index, event))
        except BaseException as exc:  # raised again on the task's thread
            reports.put((index, exc))
        finally:
            reports.put((index, _Ended()))

    threads = [
        threading.Thread(target=run, args=(i,), name=f"QuillChoice{i}", daemon=True) for i in range(len(generations))
    ]
    for thread in threads:
        thread.start()
    try:
        running, current = len(threads), -1
        while running:
            index, item = reports.get()
            if isinstance(item, _Ended):
                running -= 1
                continue
            if isinstance(item, BaseException):
                raise item
            if index != current:
                current = index
                yield VersionStarted(index, len(generations))
            yield item  # type: ignore[misc]
    finally:
        mine.cancel()
        for thread in threads:
            thread.join(JOIN_SECONDS)


def _count(text: str) -> Task:
    def task(backend: Backend, _cancel: CancelToken) -> Iterator[Event]:
        yield TokensCounted(backend.count_tokens(text))

    return task


# ----- answers -------------------------------------------------------------------


def _error(
    status: int, message: str, kind: str = "invalid_request_error", param: str | None = None, code: object = None
) -> JSONResponse:
    return JSONResponse(_shape(status, message, kind, param, code), status_code=status)


def _shape(status: int, message: str, kind: str, param: str | None = None, code: object = None) -> dict[str, Any]:
    """OpenAI's error shape: ``{"error": {"message", "type", "param", "code"}}``."""
    return {"error": {"message": message, "type": kind, "param": param, "code": status if code is None else code}}


def _error_body(exc: BaseException) -> tuple[int, dict[str, Any]]:
    """The HTTP status and body for what a request raised."""
    if isinstance(exc, FieldError):
        return 400, _shape(400, exc.message, "invalid_request_error", exc.param, exc.code)
    if isinstance(exc, BadInputError):
        return 400, _shape(400, exc.message, "invalid_request_error")
    if isinstance(exc, NoModelError):
        return 503, _shape(503, exc.message, "server_error")
    if isinstance(exc, UserFacingError):
        return 500, _shape(500, exc.message, "server_error")
    return 500, _shape(500, "Quill failed while answering; details are in its log file.", "server_error")


def _error_for(exc: BaseException) -> JSONResponse:
    status, body = _error_body(exc)
    return JSONResponse(body, status_code=status)


def _finish_reason(finished: Finished, called: bool = False) -> str:
    if finished.reason in ("length", "context"):
        return "length"
    return "tool_calls" if called else "stop"


def _usage(finished: Sequence[Finished]) -> dict[str, Any]:
    """The whole request's usage: the prompt once (as OpenAI counts it), the tokens of every choice."""
    prompt = max((f.stats.prompt_tokens for f in finished), default=0)
    generated = sum(f.stats.generated_tokens for f in finished)
    usage = {"prompt_tokens": prompt, "completion_tokens": generated, "total_tokens": prompt + generated}
    return {**usage, **_reasoning_usage(finished)}


NO_EMBEDDING_MODEL = (
    "No embedding model is chosen, so Quill cannot answer /v1/embeddings. Choose one in Settings → Library "
    "(Models → Recommended has some to download), or start the server with "
    "`quill serve --embedding-model PATH.gguf`."
)

EmbeddingModel = Path | str | None


@dataclass(frozen=True)
class _Embedded:
    """What one /v1/embeddings request made: its vectors (as rows), the model's name and dimension, its tokens."""

    rows: list[Any]
    name: str
    dimension: int
    tokens: int


def _embed(path: Path, texts: list[str], dimensions: int | None, cancel: CancelToken) -> _Embedded:
    """Embed ``texts`` with the process's shared embedder for ``path`` (on its own thread; callers wait in turn).

    Raises:
        FieldError: ``dimensions`` is not the model's.
        Cancelled: the client went away.
    """
    from assistant.core.library import embedders

    with embedders.shared(path) as embedder:
        if dimensions is not None and dimensions != embedder.dimension:
            raise FieldError(
                "dimensions",
                msg(
                    "'dimensions' must be {dimension}, the size of {name}'s vectors: Quill does not shorten them. Leave it out, or send that number.",
                    dimension=embedder.dimension,
                    name=embedder.name,
                ),
                "unsupported_value",
            )
        vectors = embedder.embed(texts, cancel)
        tokens = sum(min(embedder.count_tokens(text), embedder.max_tokens) for text in texts)
        return _Embedded(list(vectors), embedder.name, embedder.dimension, tokens)


def _vector(row: Any, encoding: str) -> list[float] | str:
    """One row as OpenAI sends it: numbers, or base64 of its little-endian float32 bytes."""
    if encoding == "base64":
        return base64.b64encode(row.astype("<f4").tobytes()).decode("ascii")
    return [float(x) for x in row.tolist()]


# ----- the app -------------------------------------------------------------------


def create_api(
    executor: TaskExecutor,
    defaults: GenerationParams | Callable[[], GenerationParams] | None = None,
    api_key: str | None = None,
    embedding_model: EmbeddingModel | Callable[[], EmbeddingModel] = None,
) -> FastAPI:
    """The ASGI app. ``defaults`` (or a function giving the current ones) fill what a request leaves out;
    ``api_key``, when set, is required as ``Authorization: Bearer KEY``; ``embedding_model`` (or a function
    giving the current one: the Settings → Library choice) answers /v1/embeddings, None or "" refuses it."""
    app = FastAPI(title="Quill", docs_url=None, redoc_url=None, openapi_url=None)

    def embedding_path() -> Path | None:
        chosen = embedding_model() if callable(embedding_model) else embedding_model
        return Path(chosen).expanduser() if chosen else None

    def base_params() -> GenerationParams:
        if callable(defaults):
            return defaults()
        return defaults or GenerationParams()

    async def authorize(request: Request) -> None:
        if not api_key:
            return
        given = request.headers.get("authorization", "")
        scheme, _, token = given.partition(" ")
        if scheme.lower() != "bearer" or not secrets.compare_digest(token.strip().encode(), api_key.encode()):
            raise _Unauthorized()

    @app.exception_handler(_Unauthorized)
    async def unauthorized(_request: Request, _exc: _Unauthorized) -> JSONResponse:
        return _error(
            401, "Invalid or missing API key; send it as 'Authorization: Bearer KEY'.", "authentication_error"
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        message = f"Invalid request: {where or 'body'}: {first.get('msg', 'not understood')}."
        return _error(400, message, param=where or None)

    @app.exception_handler(UserFacingError)
    async def user_facing(_request: Request, exc: UserFacingError) -> JSONResponse:
        return _error_for(exc)

    def model_name() -> str:
        info = executor.model_info
        if info is None:
            raise NoModelError(msg("No model is loaded in Quill."))
        return info.name

    async def read_json(request: Request) -> object:
        try:
            return json.loads(await request.body())
        except ValueError:
            raise FieldError(None, msg("The request body is not JSON; send a JSON object."), "invalid_json") from None

    @app.get("/v1/models", dependencies=[Depends(authorize)])
    async def models() -> dict[str, Any]:
        info = executor.model_info
        data = []
        if info is not None:
            data.append(
                {"id": info.name, "object": "model", "created": 0, "owned_by": "quill", "context_length": info.n_ctx}
            )
        return {"object": "list", "data": data}

    @app.post("/v1/chat/completions", dependencies=[Depends(authorize)], response_model=None)
    async def chat_completions(request: Request) -> Any:
        asked = _asked(await read_json(request), "chat", base_params())
        return await _respond(request, asked, chat=True)

    @app.post("/v1/completions", dependencies=[Depends(authorize)], response_model=None)
    async def completions(request: Request) -> Any:
        asked = _asked(await read_json(request), "completions", base_params())
        return await _respond(request, asked, chat=False)

    @app.post("/v1/embeddings", dependencies=[Depends(authorize)], response_model=None)
    async def embeddings(request: Request) -> Any:
        body = check_request(await read_json(request), "embeddings")
        path = embedding_path()
        if path is None:
            return _error(400, NO_EMBEDDING_MODEL, param="model", code="model_not_found")
        given = body["input"]
        texts = [given] if isinstance(given, str) else list(given)
        encoding = body.get("encoding_format", "float")
        cancel = CancelToken()
        work = asyncio.get_running_loop().run_in_executor(None, _embed, path, texts, body.get("dimensions"), cancel)
        while True:  # the embedding runs on the model's thread; here only the client is watched
            try:
                done = await asyncio.wait_for(asyncio.shield(work), DISCONNECT_POLL)
                break
            except asyncio.TimeoutError:
                if await request.is_disconnected():
                    cancel.cancel()
                    return _error(499, "The client closed the request.")
            except Exception as exc:
                return _error_for(exc)
        return {
            "object": "list",
            "data": [
                {"object": "embedding", "index": i, "embedding": _vector(row, encoding)}
                for i, row in enumerate(done.rows)
            ],
            "model": done.name,
            "usage": {"prompt_tokens": done.tokens, "total_tokens": done.tokens},
        }

    @app.post("/extras/tokenize/count", dependencies=[Depends(authorize)], response_model=None)
    async def count(body: CountRequest, request: Request) -> Any:
        items = await _collect(request, _submit(request, _count(body.input)))
        if isinstance(items, JSONResponse):
            return items
        counted = next((e.tokens for e in items if isinstance(e, TokensCounted)), 0)
        return {"count": counted}

    def _submit(request: Request, task: Task, user: str | None = None) -> tuple[TaskHandle, asyncio.Queue[object]]:
        loop = asyncio.get_running_loop()
        items: asyncio.Queue[object] = asyncio.Queue()
        client = request.client
        source = "api:" + (user or (f"{client.host}:{client.port}" if client else "unknown"))

        def sink(item: object) -> None:  # called on the engine thread: hand the item to this request's loop
            loop.call_soon_threadsafe(items.put_nowait, item)

        return executor.submit(source, task, sink), items

    async def _next(request: Request, handle: TaskHandle, items: asyncio.Queue[object]) -> object | None:
        """The task's next item; None (and the task cancelled) if the client went away meanwhile."""
        while True:
            try:
                return await asyncio.wait_for(items.get(), DISCONNECT_POLL)
            except asyncio.TimeoutError:
                if await request.is_disconnected():
                    handle.cancel.cancel()
                    return None

    async def _collect(
        request: Request, submitted: tuple[TaskHandle, asyncio.Queue[object]]
    ) -> list[Event] | JSONResponse:
        handle, items = submitted
        events: list[Event] = []
        while True:
            item = await _next(request, handle, items)
            if item is None:
                return _error(499, "The client closed the request.")
            if isinstance(item, Done):
                return events
            if isinstance(item, Exception):
                return _error_for(item)
            events.append(item)  # type: ignore[arg-type]

    async def _respond(request: Request, asked: _Asked, *, chat: bool) -> Any:
        name = model_name()
        n = len(asked.generations)
        task = _choices(asked.generations) if asked.tools is None else _with_tools(asked.tools, asked.generations)
        handle, items = _submit(request, task, asked.user)
        ident = ("chatcmpl-" if chat else "cmpl-") + uuid.uuid4().hex[:24]
        created = int(time.time())
        if not asked.stream:
            collected = await _collect(request, (handle, items))
            if isinstance(collected, JSONResponse):
                return collected
            texts: list[list[str]] = [[] for _ in range(n)]
            thoughts: list[list[str]] = [[] for _ in range(n)]
            tokens: list[list[TokenLogprob]] = [[] for _ in range(n)]
            calls: list[list[ToolCall]] = [[] for _ in range(n)]
            ends = [Finished("stop")] * n
            index = 0
            for event in collected:
                if isinstance(event, VersionStarted):
                    index = event.index
                elif isinstance(event, TextDelta):
                    texts[index].append(event.text)
                elif isinstance(event, ReasoningDelta):
                    thoughts[index].append(event.text)
                elif isinstance(event, TokenLogprob):
                    tokens[index].append(event)
                elif isinstance(event, ToolCalled):
                    calls[index].append(event.call)
                elif isinstance(event, Finished):
                    ends[index] = event
            wants_logprobs = asked.generations[0].params.logprobs is not None
            choices = []
            for index, (parts, last) in enumerate(zip(texts, ends)):
                text = "".join(parts)
                logprobs = None
                if wants_logprobs:
                    logprobs = _chat_logprobs(tokens[index]) if chat else _completion_logprobs(tokens[index])
                reason = _finish_reason(last, bool(calls[index]))
                choice: dict[str, Any] = {"index": index, "finish_reason": reason, "logprobs": logprobs}
                reasoning = "".join(thoughts[index])
                choice.update({"message": _reply_message(text, calls[index], reasoning)} if chat else {"text": text})
                choices.append(choice)
            return {
                "id": ident,
                "object": "chat.completion" if chat else "text_completion",
                "created": created,
                "model": name,
                "choices": choices,
                "usage": _usage(ends),
            }

        # Streaming: wait for the first item so that a failure before any text is a proper HTTP status.
        first = await _next(request, handle, items)
        if first is None:
            return _error(499, "The client closed the request.")
        if isinstance(first, Exception):
            return _error_for(first)
        chunk_kind = "chat.completion.chunk" if chat else "text_completion"

        def chunk(choice: dict[str, Any] | None, usage: dict[str, Any] | None = None) -> dict[str, str]:
            data: dict[str, Any] = {
                "id": ident,
                "object": chunk_kind,
                "created": created,
                "model": name,
                "choices": [choice] if choice is not None else [],
            }
            if usage is not None:
                data["usage"] = usage
            return {"data": json.dumps(data, ensure_ascii=False)}

        wants_logprobs = asked.generations[0].params.logprobs is not None
        pending: list[list[TokenLogprob]] = [[] for _ in range(n)]  # tokens whose text goes in the next piece
        offsets = [0] * n

        def piece(index: int, text: str) -> dict[str, str]:
            logprobs = None
            if wants_logprobs:
                tokens, pending[index] = pending[index], []
                logprobs = _chat_logprobs(tokens) if chat else _completion_logprobs(tokens, offsets[index])
                offsets[index] += len(text)
            if chat:
                return chunk({"index": index, "delta": {"content": text}, "finish_reason": None, "logprobs": logprobs})
            return chunk({"index": index, "text": text, "finish_reason": None, "logprobs": logprobs})

        called = [0] * n  # calls streamed so far, per choice

        def tool_call(index: int, call: ToolCall) -> list[dict[str, str]]:
            deltas = _tool_call_deltas(called[index], call)
            called[index] += 1
            return [chunk({"index": index, "delta": {"tool_calls": [d]}, "finish_reason": None}) for d in deltas]

        def end(index: int, finished: Finished) -> dict[str, str]:
            reason = _finish_reason(finished, called[index] > 0)
            if chat:
                return chunk({"index": index, "delta": {}, "finish_reason": reason})
            return chunk({"index": index, "text": "", "finish_reason": reason, "logprobs": None})

        async def events() -> AsyncIterator[dict[str, str]]:
            try:
                if chat:
                    for index in range(n):
                        yield chunk(
                            {"index": index, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}
                        )
                finished: list[Finished] = []
                index = 0
                item: object = first
                while not isinstance(item, Done):
                    if isinstance(item, Exception):
                        yield {"data": json.dumps(_error_body(item)[1], ensure_ascii=False)}
                        return
                    if isinstance(item, VersionStarted):
                        index = item.index
                    elif isinstance(item, TextDelta):
                        yield piece(index, item.text)
                    elif isinstance(item, ReasoningDelta) and chat:
                        yield chunk(_reasoning_delta(index, item.text))
                    elif isinstance(item, TokenLogprob):
                        pending[index].append(item)
                    elif isinstance(item, ToolCalled):
                        for part in tool_call(index, item.call):
                            yield part
                    elif isinstance(item, Finished):
                        finished.append(item)
                        yield end(index, item)
                    item = await items.get()
                if asked.include_usage:
                    yield chunk(None, _usage(finished))
                yield {"data": "[DONE]"}
            finally:
                handle.cancel.cancel()  # the client left (or the reply ended): nothing more runs for it

        return EventSourceResponse(events(), ping=15)

    return app


class _Unauthorized(Exception):
    """Internal: the request had no valid API key."""
