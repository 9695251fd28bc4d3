"""A backend on a remote OpenAI-compatible server: llama.cpp's server, vLLM, Ollama, LM Studio.

Every pane and the CLI use it exactly like the local engine: it streams
``/v1/chat/completions`` (or ``/v1/completions`` for a raw prompt) as
server-sent events and yields the same events. The server applies its own chat
template; :meth:`RemoteBackend.render` is a best-effort ChatML rendering used
only to budget tokens.

Token counts come from the server's tokenizer where it has one
(llama-cpp-python's ``/extras/tokenize/count``, llama.cpp's ``/tokenize``);
otherwise :func:`estimate_tokens` gives a deliberately high estimate so
summarize and translate budgets still hold.

The stream is read on a small helper thread so that Stop is honoured at once,
even while the server is still evaluating a long prompt; the helper closes the
connection (which tells the server to stop) as soon as it sees the cancel flag.
"""

from __future__ import annotations

import json
import logging
import math
import queue
import ssl
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import httpx

from assistant.core.backends.base import ProgressCallback
from assistant.core.backends.remote_spec import RemoteSpec, split_base_url
from assistant.core.cancel import CancelToken
from assistant.core.engine.chat_template import CHATML_TEMPLATE, render_chat
from assistant.core.errors import (
    BadInputError,
    GenerationError,
    RemoteAuthError,
    RemoteConnectionError,
    RemoteError,
    RemoteNotFoundError,
    RemoteRateLimitError,
    RemoteRequestError,
    RemoteServerError,
    RemoteStreamError,
    RemoteTimeoutError,
    RemoteTLSError,
)
from assistant.core.i18n import msg
from assistant.core.reasoning import ReasoningSupport
from assistant.core.sampling import KNOBS
from assistant.core.text import CJK_CHAR
from assistant.core.types import (
    Event,
    Finished,
    FinishReason,
    GenerationParams,
    GenerationRequest,
    GenerationStats,
    Message,
    ModelInfo,
    ModelSpec,
    ReasoningDelta,
    TextDelta,
)

log = logging.getLogger(__name__)

POLL_SECONDS = 0.05  # how often a waiting stream looks at the cancel flag


def estimate_tokens(text: str) -> int:
    """A safe-side token estimate for servers with no tokenize endpoint.

    One token per CJK (Chinese, Japanese, Korean) character and one per four
    other characters, plus 25 % for words that split badly (numbers, code,
    rare names), rounded up. Real BPE tokenizers give about one token per 4-5
    characters of English prose, so this over-counts a little: a budget built
    on it leaves room rather than overflowing the server's context.
    """
    if not text:
        return 0
    cjk = len(CJK_CHAR.findall(text))
    other = len(text) - cjk
    return math.ceil((cjk + other / 4) * 1.25)


def _status_error(response: httpx.Response, what: str) -> RemoteError:
    """One sentence for an HTTP error status, with the server's own reason when it gave one."""
    code = response.status_code
    server = response.request.url.host
    detail = _error_detail(response)
    if code in (401, 403):
        return RemoteAuthError(
            msg(
                "The server at {server} refused the API key (HTTP {code}); check the key in Settings.",
                server=server,
                code=code,
            )
        )
    if code == 404:
        return RemoteNotFoundError(
            msg(
                "The server at {server} has no {what} (HTTP 404); check the address and model name.",
                server=server,
                what=what,
            )
        )
    if code == 429:
        return RemoteRateLimitError(
            msg(
                "The server at {server} is busy or rate-limited (HTTP 429); wait a moment and try again.", server=server
            )
        )
    if code >= 500:
        return RemoteServerError(
            msg(
                "The server at {server} failed (HTTP {code}){detail}; try again or check its log.",
                server=server,
                code=code,
                detail=": " + detail if detail else "",
            )
        )
    return RemoteRequestError(
        msg(
            "The server at {server} refused the request (HTTP {code}){detail}.",
            server=server,
            code=code,
            detail=": " + detail if detail else "",
        )
    )


def _error_detail(response: httpx.Response) -> str:
    """The server's short error text, if its body carries one (OpenAI's ``{"error": {"message"}}`` or FastAPI's ``detail``)."""
    try:
        body = response.json()
    except Exception:
        return ""
    message: Any = ""
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            message = error.get("message", "")
        elif isinstance(error, str):
            message = error
        elif isinstance(body.get("detail"), str):
            message = body["detail"]
    text = " ".join(str(message).split())
    return text[:200].rstrip(".")


def _is_tls_failure(exc: BaseException) -> bool:
    """Whether a failure (or what caused it) is TLS: an unverifiable certificate, a handshake error."""
    seen: BaseException | None = exc
    for _depth in range(8):  # a chain of causes is short; never follow a cycle forever
        if seen is None:
            break
        if isinstance(seen, ssl.SSLError) or "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _transport_error(exc: Exception, server: str) -> RemoteError:
    """One sentence for a failure below HTTP: connect, TLS, timeout, a dropped connection."""
    if _is_tls_failure(exc):
        return RemoteTLSError(
            msg("Could not verify the certificate of {server}; choose its CA file in Settings.", server=server)
        )
    if isinstance(exc, httpx.ConnectTimeout):
        return RemoteTimeoutError(
            msg("Connecting to {server} timed out; check the address and the network.", server=server)
        )
    if isinstance(exc, httpx.TimeoutException):
        return RemoteTimeoutError(
            msg("The server at {server} stopped answering (timed out); try again.", server=server)
        )
    if isinstance(exc, httpx.ConnectError):
        return RemoteConnectionError(
            msg("Cannot reach the server at {server}; check the address and that it is running.", server=server)
        )
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)):
        return RemoteStreamError(
            msg("The connection to {server} dropped before the reply was complete; try again.", server=server)
        )
    return RemoteConnectionError(
        msg("Could not talk to the server at {server} ({kind}).", server=server, kind=type(exc).__name__)
    )


class _End:
    """Internal: the stream's body ended."""


DEFAULT_PARALLEL = 4


class RemoteBackend:
    """A model served over HTTP by an OpenAI-compatible server. Streams may run on several threads at
    once (the engine lets ``parallel`` through); loading and closing happen on the engine's thread."""

    def __init__(self, remote: RemoteSpec) -> None:
        self.remote = remote
        self.api_url, self.root_url = split_base_url(remote.base_url)
        self._client: httpx.Client | None = None
        self._info: ModelInfo | None = None
        self._model = remote.model
        self._count_url: str | None = None
        self._count_kind = ""  # "count" (llama-cpp-python), "tokens" (llama.cpp), "" (estimate)
        self._counts: OrderedDict[str, int] = OrderedDict()
        self._lock = threading.Lock()
        # Requests sent at once (a task keeps this many in flight): the server's slots where it says
        # (llama.cpp's /props), else a few; vLLM and Ollama queue what they cannot run yet.
        self.parallel = DEFAULT_PARALLEL

    # -- loading ------------------------------------------------------------

    @property
    def info(self) -> ModelInfo | None:
        return self._info

    @property
    def server(self) -> str:
        return httpx.URL(self.api_url).host

    @property
    def token_counting(self) -> str:
        """How tokens are counted: "server" or "estimate"."""
        return "server" if self._count_kind else "estimate"

    def _make_client(self) -> httpx.Client:
        verify: ssl.SSLContext | bool = True
        if self.remote.ca_file:
            try:
                verify = ssl.create_default_context(cafile=self.remote.ca_file)
            except (OSError, ssl.SSLError) as exc:
                raise BadInputError(
                    msg(
                        "Cannot use the CA file {ca_file}: {value}.",
                        ca_file=self.remote.ca_file,
                        value=exc.strerror or exc,
                    )
                ) from None
        headers = {"Authorization": f"Bearer {self.remote.api_key}"} if self.remote.api_key else {}
        timeout = httpx.Timeout(self.remote.read_timeout, connect=self.remote.connect_timeout)
        return httpx.Client(verify=verify, headers=headers, timeout=timeout, follow_redirects=False)

    def load(self, spec: ModelSpec | None = None, on_progress: ProgressCallback | None = None) -> ModelInfo:
        """Ask the server which models it has, pick ours, and find how to count tokens.

        ``spec`` is accepted for the Backend protocol; the endpoint comes from the RemoteSpec.
        """
        self.close()
        self._client = self._make_client()
        try:
            models = self._get_json(self.api_url + "/models", msg("model list"))
            entries = [m for m in models.get("data", []) if isinstance(m, dict) and m.get("id")]
            ids = [str(m["id"]) for m in entries]
            if self.remote.model and self.remote.model not in ids:
                offered = ", ".join(ids[:5]) or "none"
                raise RemoteNotFoundError(
                    msg(
                        "The server at {server} has no model '{model}'; it offers: {offered}.",
                        server=self.server,
                        model=self.remote.model,
                        offered=offered,
                    )
                )
            if not ids:
                raise RemoteNotFoundError(msg("The server at {server} lists no models.", server=self.server))
            self._model = self.remote.model or ids[0]
            entry = entries[ids.index(self._model)]
            n_ctx = self._context_length(entry) or self.remote.n_ctx
            slots = self._props().get("total_slots")
            self.parallel = slots if isinstance(slots, int) and slots > 0 else DEFAULT_PARALLEL
            self._probe_tokenizer()
        except BaseException:
            self.close()
            raise
        if on_progress is not None:
            on_progress(1.0)
        self._info = ModelInfo(
            name=self._model,
            path=None,
            architecture="remote",
            n_params=0,
            size_bytes=0,
            n_ctx=n_ctx,
            n_ctx_train=n_ctx,
            n_threads=0,
            chat_template_source="model",
            backend=f"remote {self.api_url}",
            gpu_offload_supported=False,
            # The server renders its own template: Quill cannot see its markers or its switch. A reply in
            # which the server left the markers is split by the common ones.
            reasoning=ReasoningSupport(),
        )
        log.info(
            "using %s at %s: n_ctx=%d, tokens counted by %s", self._model, self.api_url, n_ctx, self.token_counting
        )
        return self._info

    def _get_json(self, url: str, what: str) -> dict[str, Any]:
        assert self._client is not None
        try:
            response = self._client.get(url)
        except httpx.HTTPError as exc:
            raise _transport_error(exc, self.server) from None
        if response.status_code >= 400:
            raise _status_error(response, what)
        try:
            body = response.json()
        except ValueError:
            raise RemoteStreamError(
                msg(
                    "The server at {server} did not answer with JSON at {url}; is it OpenAI-compatible?",
                    server=self.server,
                    url=url,
                )
            ) from None
        if not isinstance(body, dict):
            raise RemoteStreamError(
                msg("The server at {server} gave an unexpected answer at {url}.", server=self.server, url=url)
            )
        return body

    def _context_length(self, entry: dict[str, Any]) -> int:
        """The served context length, where the server says it (vLLM, LM Studio, llama.cpp's /props)."""
        for key in ("max_model_len", "context_length", "max_context_length", "n_ctx"):
            value = entry.get(key)
            if isinstance(value, int) and value > 0:
                return value
        props = self._props()
        value = props.get("default_generation_settings", {}).get("n_ctx") if props else None
        return value if isinstance(value, int) and value > 0 else 0

    def _props(self) -> dict[str, Any]:
        """llama.cpp's /props (its context length and slots), or {} where the server has none."""
        assert self._client is not None
        try:
            response = self._client.get(self.root_url + "/props", timeout=5.0)
            if response.status_code == 200:
                props = response.json()
                return props if isinstance(props, dict) else {}
        except (httpx.HTTPError, ValueError):
            pass
        return {}

    def _probe_tokenizer(self) -> None:
        """Find the server's tokenizer endpoint, if it has one."""
        assert self._client is not None
        for kind, url, body in (
            ("count", self.root_url + "/extras/tokenize/count", {"input": "Hello", "model": self._model}),
            ("tokens", self.root_url + "/tokenize", {"content": "Hello"}),
        ):
            try:
                response = self._client.post(url, json=body, timeout=10.0)
                data = response.json() if response.status_code == 200 else None
            except (httpx.HTTPError, ValueError):
                continue
            if isinstance(data, dict) and (isinstance(data.get("count"), int) or isinstance(data.get("tokens"), list)):
                self._count_url, self._count_kind = url, kind
                return
        log.info("%s has no tokenize endpoint; token counts are estimated", self.server)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        self._client = None
        self._info = None
        self._counts.clear()

    # -- text and tokens ----------------------------------------------------

    def count_tokens(self, text: str) -> int:
        if not text:
            return 0
        with self._lock:
            cached = self._counts.get(text)
        if cached is not None:
            return cached
        count = self._server_count(text) if self._count_kind else None
        if count is None:
            count = estimate_tokens(text)
        with self._lock:
            self._counts[text] = count
            while len(self._counts) > 4096:
                self._counts.popitem(last=False)
        return count

    def _server_count(self, text: str) -> int | None:
        if self._client is None or self._count_url is None:
            return None
        body: dict[str, Any] = (
            {"input": text, "model": self._model} if self._count_kind == "count" else {"content": text}
        )
        try:
            response = self._client.post(self._count_url, json=body)
            data = response.json() if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError):
            data = None
        if isinstance(data, dict):
            if isinstance(data.get("count"), int):
                return int(data["count"])
            if isinstance(data.get("tokens"), list):
                return len(data["tokens"])
        log.warning("the server's tokenizer did not answer; estimating this count")
        return None

    def render(self, messages: Sequence[Message], variables: Mapping[str, Any] | None = None) -> str:
        """A ChatML rendering for budgeting only: the server applies its own template."""
        return render_chat(CHATML_TEMPLATE, messages, variables=variables)

    # -- generation ---------------------------------------------------------

    def request_body(self, request: GenerationRequest) -> tuple[str, dict[str, Any]]:
        """The endpoint and JSON body for ``request``: llama.cpp-style sampling fields are sent too."""
        body: dict[str, Any] = {"model": self._model, "stream": True, "stream_options": {"include_usage": True}}
        for knob in KNOBS:  # each under its last API name (max_tokens, which llama.cpp's server reads)
            value = getattr(request.params, knob.name)
            if knob.api_names and value is not None and value != () and value is not False:
                body[knob.api_names[-1]] = list(value) if knob.many else value
        body.update(_constraint(request.params))
        if request.prompt is not None:
            body["prompt"] = request.prompt
            return self.api_url + "/completions", body
        # The server renders its own template; earlier replies' reasoning stays here (not every server takes it).
        body["messages"] = [{"role": m.role, "content": m.content} for m in request.messages]
        return self.api_url + "/chat/completions", body

    def stream(self, request: GenerationRequest, cancel: CancelToken) -> Iterator[Event]:
        if self._client is None or self._info is None:
            raise GenerationError(msg("No model is loaded."))
        url, body = self.request_body(request)
        prompt_text = (
            request.prompt if request.prompt is not None else self.render(request.messages, request.template_vars)
        )
        return self._generate(url, body, prompt_text, cancel)

    def _read(
        self, url: str, body: dict[str, Any], stop: threading.Event, cancel: CancelToken, out: queue.SimpleQueue[Any]
    ) -> None:
        """On the helper thread: post, then pass each body line to ``out``; stop reading once cancelled."""
        assert self._client is not None
        try:
            with self._client.stream("POST", url, json=body) as response:
                if response.status_code >= 400:
                    response.read()
                    what = msg("model '{model}'", model=self._model) if response.status_code == 404 else msg("reply")
                    out.put(_status_error(response, what))
                    return
                for line in response.iter_lines():
                    if cancel.cancelled or stop.is_set():
                        return  # leaving the block closes the connection: the server stops generating
                    out.put(line)
            out.put(_End())
        except Exception as exc:
            out.put(_transport_error(exc, self.server) if isinstance(exc, httpx.HTTPError) else exc)

    def _generate(self, url: str, body: dict[str, Any], prompt_text: str, cancel: CancelToken) -> Iterator[Event]:
        started = time.perf_counter()
        lines: queue.SimpleQueue[Any] = queue.SimpleQueue()
        stop = threading.Event()
        reader = threading.Thread(
            target=self._read, args=(url, body, stop, cancel, lines), name="QuillRemoteStream", daemon=True
        )
        reader.start()
        chat = "messages" in body
        first_at = 0.0
        pieces = 0
        usage: dict[str, Any] = {}
        reason: FinishReason | None = None
        done = False
        try:
            while not done:
                if cancel.cancelled:
                    reason = "cancelled"
                    break
                try:
                    item = lines.get(timeout=POLL_SECONDS)
                except queue.Empty:
                    continue
                if isinstance(item, _End):
                    break
                if isinstance(item, Exception):
                    raise item
                line = item.strip()
                if not line.startswith("data:"):
                    continue  # comments (": ping"), event names, blank separators
                payload = line[5:].strip()
                if payload == "[DONE]":
                    done = True
                    continue
                try:
                    chunk = json.loads(payload)
                except ValueError:
                    raise RemoteStreamError(
                        msg("The server at {server} sent a reply Quill cannot read.", server=self.server)
                    ) from None
                if not isinstance(chunk, dict):
                    continue
                if isinstance(chunk.get("error"), (dict, str)):
                    error = chunk["error"]
                    message = error.get("message", "") if isinstance(error, dict) else error
                    raise RemoteServerError(
                        msg(
                            "The server at {server} failed mid-reply: {message}.",
                            server=self.server,
                            message=str(message)[:200],
                        )
                    )
                if isinstance(chunk.get("usage"), dict):
                    usage = chunk["usage"]
                for choice in chunk.get("choices") or []:
                    delta = (choice.get("delta") or {}) if chat else {}
                    # llama.cpp's server (and vLLM, LM Studio) send the reasoning apart, under one of two names.
                    thought = delta.get("reasoning_content") or delta.get("reasoning")
                    if thought and isinstance(thought, str):
                        if not first_at:
                            first_at = time.perf_counter()
                        pieces += 1
                        yield ReasoningDelta(thought)
                    text = delta.get("content") if chat else choice.get("text")
                    if text:
                        if not first_at:
                            first_at = time.perf_counter()
                        pieces += 1
                        yield TextDelta(str(text))
                    finish = choice.get("finish_reason")
                    if finish:
                        reason = "length" if finish == "length" else "stop"
        finally:
            stop.set()  # the caller stopped, finished or failed: the helper closes the connection
        if reason is None and not done:
            raise RemoteStreamError(
                msg("The connection to {server} dropped before the reply was complete; try again.", server=self.server)
            )
        ended = time.perf_counter()
        reported_generated, reported_prompt = usage.get("completion_tokens"), usage.get("prompt_tokens")
        generated = reported_generated if isinstance(reported_generated, int) else pieces
        prompt_tokens = reported_prompt if isinstance(reported_prompt, int) else self.count_tokens(prompt_text)
        yield Finished(
            reason or "stop",
            GenerationStats(
                prompt_tokens=prompt_tokens,
                prompt_eval_tokens=prompt_tokens,
                generated_tokens=generated,
                prompt_seconds=(first_at or ended) - started,
                generation_seconds=ended - first_at if first_at else 0.0,
                time_to_first_token=(first_at or ended) - started,
            ),
        )


def _constraint(params: GenerationParams) -> dict[str, Any]:
    """What the answer must be, as OpenAI-compatible servers read it: a JSON schema as ``response_format``
    (llama.cpp's server, vLLM, Ollama and another Quill enforce it), a GBNF grammar as llama.cpp's ``grammar``."""
    if params.grammar is not None:
        return {"grammar": params.grammar}
    if params.json_schema is None:
        return {}
    schema = json.loads(params.json_schema)
    if not schema:  # "{}": any JSON object
        return {"response_format": {"type": "json_object"}}
    return {"response_format": {"type": "json_schema", "json_schema": {"name": "answer", "schema": schema}}}
