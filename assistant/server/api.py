"""An OpenAI-compatible HTTP API on Quill's engine (FastAPI + sse-starlette; no Qt, no llama_cpp).

Routes: ``GET /v1/models``, ``POST /v1/chat/completions`` and ``/v1/completions``
(streaming as server-sent events, or whole), ``POST /v1/embeddings`` (answers
501: Quill's backends do not make embeddings), and ``POST /extras/tokenize/count``
so another Quill can budget with this model's real tokenizer.

Every request becomes a task for the engine (a :class:`TaskExecutor`), queued
round-robin per client with everything else that uses the model, including the
app's own panes. A client that disconnects cancels its task.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from typing import Any, Literal

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model
from sse_starlette.sse import EventSourceResponse

from assistant.core.backends.base import Backend
from assistant.core.cancel import CancelToken
from assistant.core.engine.handles import Done, Task, TaskExecutor, TaskHandle
from assistant.core.errors import BadInputError, NoModelError, UserFacingError
from assistant.core.sampling import KNOBS, Knob
from assistant.core.types import Event, Finished, GenerationParams, GenerationRequest, Message, TextDelta, TokensCounted

log = logging.getLogger(__name__)

DISCONNECT_POLL = 0.25  # seconds between checks that a waiting (non-streaming) client is still there


# ----- request bodies (lenient: unknown OpenAI fields are accepted and ignored) -----


class _Request(BaseModel):
    """What every generation request may carry besides the sampling knobs (those come from
    core/sampling.py: see :data:`_KnobFields`)."""

    model_config = ConfigDict(extra="allow")

    model: str | None = None
    stream: bool = False
    user: str | None = None
    stream_options: dict[str, Any] | None = None


def _knob_type(knob: Knob[Any]) -> Any:
    """The request field's type: the knob's, a list of them too where it takes many, or None."""
    kind: Any = knob.kind
    return (list.__class_getitem__(kind) | kind | None) if knob.many else (kind | None)


# The OpenAI (and llama.cpp) fields that set a knob, validated by pydantic like the rest of the body.
_KNOB_FIELDS: dict[str, Any] = {name: (_knob_type(knob), None) for knob in KNOBS for name in knob.api_names}
_KnobFields = create_model("KnobFields", __config__=ConfigDict(extra="ignore"), **_KNOB_FIELDS)


class _ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: str
    content: str | list[dict[str, Any]] | None = None


class ChatRequest(_Request):
    messages: list[_ChatMessage] = Field(min_length=1)


class CompletionRequest(_Request):
    prompt: str | list[str]


class CountRequest(BaseModel):
    model_config = ConfigDict(extra="allow")

    input: str


def _error(status: int, message: str, kind: str = "invalid_request_error") -> JSONResponse:
    return JSONResponse({"error": {"message": message, "type": kind, "code": status}}, status_code=status)


def _status_for(exc: BaseException) -> tuple[int, str, str]:
    if isinstance(exc, BadInputError):
        return 400, exc.message, "invalid_request_error"
    if isinstance(exc, NoModelError):
        return 503, exc.message, "server_error"
    if isinstance(exc, UserFacingError):
        return 500, exc.message, "server_error"
    return 500, "Quill failed while answering; details are in its log file.", "server_error"


def _params(defaults: GenerationParams, body: _Request) -> GenerationParams:
    """``defaults`` with the knobs the request sets (for a knob with two names, the first given)."""
    try:
        given = _KnobFields.model_validate(body.model_extra or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise BadInputError(f"Invalid request: {where}: {first['msg']}.") from None
    values: dict[str, Any] = {}
    for knob in KNOBS:
        value = next((v for name in knob.api_names if (v := getattr(given, name)) is not None), None)
        if knob.many and value is not None:
            value = (value,) if isinstance(value, str) else tuple(value)
        if value is not None and value != ():
            values[knob.name] = value
    return replace(defaults, **values)


_ROLES: dict[str, Literal["system", "user", "assistant"]] = {
    "system": "system",
    "developer": "system",
    "user": "user",
    "assistant": "assistant",
}


def _messages(body: ChatRequest) -> list[Message]:
    messages = []
    for item in body.messages:
        role = _ROLES.get(item.role)
        if role is None:
            raise BadInputError(f"Quill does not take '{item.role}' messages; use system, user or assistant.")
        content = item.content
        if isinstance(content, list):  # OpenAI's content parts: only text is understood
            if any(part.get("type") != "text" for part in content):
                raise BadInputError("Quill's model reads text only; remove the image or audio parts.")
            content = "".join(str(part.get("text", "")) for part in content)
        messages.append(Message(role, content or ""))
    return messages


def _generate(request: GenerationRequest) -> Task:
    def task(backend: Backend, cancel: CancelToken) -> Iterator[Event]:
        return backend.stream(request, cancel)

    return task


def _count(text: str) -> Task:
    def task(backend: Backend, _cancel: CancelToken) -> Iterator[Event]:
        yield TokensCounted(backend.count_tokens(text))

    return task


# ----- the app -------------------------------------------------------------------


def create_api(
    executor: TaskExecutor,
    defaults: GenerationParams | Callable[[], GenerationParams] | None = None,
    api_key: str | None = None,
) -> FastAPI:
    """The ASGI app. ``defaults`` (or a function giving the current ones) fill what a request leaves out;
    ``api_key``, when set, is required as ``Authorization: Bearer KEY``."""
    app = FastAPI(title="Quill", docs_url=None, redoc_url=None, openapi_url=None)

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
        return _error(400, f"Invalid request: {where or 'body'}: {first.get('msg', 'not understood')}.")

    @app.exception_handler(UserFacingError)
    async def user_facing(_request: Request, exc: UserFacingError) -> JSONResponse:
        status, message, kind = _status_for(exc)
        return _error(status, message, kind)

    def model_name() -> str:
        info = executor.model_info
        if info is None:
            raise NoModelError("No model is loaded in Quill.")
        return info.name

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
    async def chat_completions(body: ChatRequest, request: Request) -> Any:
        generation = GenerationRequest(messages=_messages(body), params=_params(base_params(), body))
        return await _respond(request, body, _generate(generation), chat=True)

    @app.post("/v1/completions", dependencies=[Depends(authorize)], response_model=None)
    async def completions(body: CompletionRequest, request: Request) -> Any:
        prompt = body.prompt if isinstance(body.prompt, str) else "".join(body.prompt[:1])
        if isinstance(body.prompt, list) and len(body.prompt) > 1:
            raise BadInputError("Quill completes one prompt per request.")
        generation = GenerationRequest(prompt=prompt, params=_params(base_params(), body))
        return await _respond(request, body, _generate(generation), chat=False)

    @app.post("/v1/embeddings", dependencies=[Depends(authorize)], response_model=None)
    async def embeddings() -> JSONResponse:
        return _error(501, "The model Quill has loaded does not provide embeddings.", "not_supported")

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
                status, message, kind = _status_for(item)
                return _error(status, message, kind)
            events.append(item)  # type: ignore[arg-type]

    async def _respond(request: Request, body: _Request, task: Task, *, chat: bool) -> Any:
        name = model_name()
        handle, items = _submit(request, task, body.user)
        ident = ("chatcmpl-" if chat else "cmpl-") + uuid.uuid4().hex[:24]
        created = int(time.time())
        kind = "chat.completion" if chat else "text_completion"
        if not body.stream:
            collected = await _collect(request, (handle, items))
            if isinstance(collected, JSONResponse):
                return collected
            text = "".join(e.text for e in collected if isinstance(e, TextDelta))
            finished = next((e for e in collected if isinstance(e, Finished)), Finished("stop"))
            choice: dict[str, Any] = {"index": 0, "finish_reason": _finish_reason(finished), "logprobs": None}
            if chat:
                choice["message"] = {"role": "assistant", "content": text}
            else:
                choice["text"] = text
            return {
                "id": ident,
                "object": kind,
                "created": created,
                "model": name,
                "choices": [choice],
                "usage": _usage(finished),
            }

        # Streaming: wait for the first item so that a failure before any text is a proper HTTP status.
        first = await _next(request, handle, items)
        if first is None:
            return _error(499, "The client closed the request.")
        if isinstance(first, Exception):
            status, message, error_kind = _status_for(first)
            return _error(status, message, error_kind)
        include_usage = bool((body.stream_options or {}).get("include_usage"))
        chunk_kind = "chat.completion.chunk" if chat else "text_completion"

        def chunk(choice: dict[str, Any] | None, usage: dict[str, int] | None = None) -> dict[str, str]:
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

        async def events() -> AsyncIterator[dict[str, str]]:
            try:
                if chat:
                    yield chunk({"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None})
                item: object = first
                while True:
                    if isinstance(item, Done):
                        break
                    if isinstance(item, Exception):
                        _status, message, error_kind = _status_for(item)
                        yield {"data": json.dumps({"error": {"message": message, "type": error_kind}})}
                        return
                    if isinstance(item, TextDelta):
                        if chat:
                            yield chunk({"index": 0, "delta": {"content": item.text}, "finish_reason": None})
                        else:
                            yield chunk({"index": 0, "text": item.text, "finish_reason": None, "logprobs": None})
                    elif isinstance(item, Finished):
                        reason = _finish_reason(item)
                        end = (
                            {"index": 0, "delta": {}, "finish_reason": reason}
                            if chat
                            else {"index": 0, "text": "", "finish_reason": reason, "logprobs": None}
                        )
                        yield chunk(end)
                        if include_usage:
                            yield chunk(None, _usage(item))
                    item = await items.get()
                yield {"data": "[DONE]"}
            finally:
                handle.cancel.cancel()  # the client left (or the reply ended): nothing more runs for it

        return EventSourceResponse(events(), ping=15)

    return app


class _Unauthorized(Exception):
    """Internal: the request had no valid API key."""


def _finish_reason(finished: Finished) -> str:
    return "length" if finished.reason in ("length", "context") else "stop"


def _usage(finished: Finished) -> dict[str, int]:
    stats = finished.stats
    return {
        "prompt_tokens": stats.prompt_tokens,
        "completion_tokens": stats.generated_tokens,
        "total_tokens": stats.prompt_tokens + stats.generated_tokens,
    }
