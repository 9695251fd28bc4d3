"""The in-process llama.cpp backend: the only module in Quill that imports llama_cpp.

It drives llama.cpp through its low-level API: loading, tokenizing, rendering
the chat template. Generation is :mod:`~assistant.core.backends.llama_batch`'s:
decode, sample with llama.cpp's own sampler chain, turn the token into text, for
many sequences at once (no logits copied into Python, no re-detokenizing the
whole reply per token, the cost that makes llama-cpp-python's high-level
``create_chat_completion`` slower the longer the prompt). The KV cache is kept
between requests, so a follow-up turn evaluates only the tokens that differ from
what is already cached. The two modules are the only ones that import llama_cpp.
"""

from __future__ import annotations

import ctypes
import logging
import os
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import llama_cpp as ll

from assistant.core.backends.base import ProgressCallback
from assistant.core.backends.llama_batch import BatchDecoder, schema_grammar
from assistant.core.cancel import CancelToken
from assistant.core.engine.chat_template import CHATML_TEMPLATE, render_chat
from assistant.core.engine.jobs import DecodeJob
from assistant.core.engine.threads import ThreadTuner, decode_candidates
from assistant.core.errors import ContextOverflowError, CpuUnusableError, GenerationError, ModelLoadError
from assistant.core.i18n import msg
from assistant.core.models.gguf_check import check_gguf
from assistant.core.models.model_settings import GGML_CACHE_TYPES
from assistant.core.reasoning import Markers, reasoning_support
from assistant.core.types import (
    Event,
    Finished,
    GenerationRequest,
    Message,
    ModelInfo,
    ModelSpec,
)

log = logging.getLogger(__name__)
llama_log = logging.getLogger("quill.llama_cpp")


# ----- process-wide set-up ---------------------------------------------------

# ggml log levels: NONE 0, DEBUG 1, INFO 2, WARN 3, ERROR 4, CONT 5 (continue the last line).
_LEVELS = {0: logging.DEBUG, 1: logging.DEBUG, 2: logging.INFO, 3: logging.WARNING, 4: logging.ERROR}


class _LogRelay:
    """Sends llama.cpp's log to Python logging (Quill's log file), never to the console.

    llama.cpp writes lines in fragments, from any thread; fragments are joined
    per thread and a record is made per complete line.
    """

    def __init__(self) -> None:
        self._pending = threading.local()
        self.callback = ll.llama_log_callback(self._on_log)

    def _on_log(self, level: int, text: bytes | None, _user_data: ctypes.c_void_p) -> None:
        try:
            if level != 5:
                self._pending.level = _LEVELS.get(level, logging.INFO)
            chunk = (text or b"").decode("utf-8", errors="replace")
            buffered = getattr(self._pending, "text", "") + chunk
            *lines, rest = buffered.split("\n")
            self._pending.text = rest
            level_no = getattr(self._pending, "level", logging.INFO)
            for line in lines:
                if line.strip():
                    llama_log.log(level_no, "%s", line)
                    if level_no >= logging.ERROR and getattr(self._pending, "errors", None) is not None:
                        self._pending.errors.append(line.strip())
        except Exception:  # a C callback must never raise
            pass

    def capture_errors(self) -> None:
        """Start keeping this thread's error lines (for the reason a load failed)."""
        self._pending.errors = []

    def captured_reason(self) -> str:
        """The first error llama.cpp gave on this thread since capture_errors, as a short clause."""
        errors: list[str] = getattr(self._pending, "errors", None) or []
        self._pending.errors = None
        for line in errors:
            if "error loading model: " in line:
                reason = line.rsplit("error loading model: ", 1)[1]
                if not reason.startswith("llama_model_loader: failed to load model"):
                    return " ".join(reason.split())[:200]
        return " ".join(errors[0].split(": ", 1)[-1].split())[:200] if errors else ""


_log_relay: _LogRelay | None = None
_init_lock = threading.Lock()


def _init_llama() -> None:
    """Route llama.cpp's log to Python logging and initialise its backends, once per process."""
    global _log_relay
    with _init_lock:
        if _log_relay is None:
            _log_relay = _LogRelay()
            ll.llama_log_set(_log_relay.callback, ctypes.c_void_p(0))
            ll.llama_backend_init()


def load_model_file(path: Path, mparams: ll.llama_model_params) -> tuple[ll.llama_model_p | None, str]:
    """Load a GGUF with these parameters on this thread (after :func:`_init_llama`): the model, or None
    and the reason llama.cpp logged for refusing it (empty if it gave none). The chat backend and the
    embedder both load this way."""
    relay = _log_relay
    assert relay is not None
    relay.capture_errors()
    model = ll.llama_model_load_from_file(str(path).encode("utf-8"), mparams)
    return model or None, relay.captured_reason()


def vocab_tokens(vocab: ll.llama_vocab_p, data: bytes, *, add_bos: bool, special: bool) -> list[int]:
    """llama.cpp's tokens for UTF-8 ``data``. Only reads the vocabulary, so any thread may call it."""
    capacity = len(data) + 8
    buf = (ll.llama_token * capacity)()
    n = ll.llama_tokenize(vocab, data, len(data), buf, capacity, add_bos, special)
    if n < 0:  # the buffer was too small; -n is the size needed
        capacity = -n
        buf = (ll.llama_token * capacity)()
        n = ll.llama_tokenize(vocab, data, len(data), buf, capacity, add_bos, special)
    return list(buf[:n])


@lru_cache(maxsize=1)
def _library_bytes() -> bytes:
    """The llama shared library's bytes: the architecture names it knows are string literals in it."""
    path = getattr(ll.llama_cpp._lib, "_name", None)
    try:
        return Path(path).read_bytes() if path else b""
    except OSError:
        return b""


def is_supported_architecture(name: str) -> bool:
    """Whether this llama.cpp build knows an architecture name (unknown if the library can't be read)."""
    data = _library_bytes()
    return not data or (name.encode("utf-8") + b"\0") in data


def system_info() -> str:
    """llama.cpp's own line of what this build was compiled with ("CPU : SSE3 = 1 | AVX2 = 1 | ...")."""
    return ll.llama_print_system_info().decode("utf-8", errors="replace").strip()


def compiled_cpu_features() -> list[str]:
    """The CPU features this llama.cpp build was compiled to use (AVX2, AVX512, AMX_INT8, ...)."""
    features = []
    for part in system_info().split("|"):
        name, _, on = part.rpartition(" = ")
        if on.strip() == "1":
            features.append(name.rsplit(" : ", 1)[-1].strip())  # the first carries its backend: "CPU : SSE3"
    return features


def compute_backends() -> list[str]:
    """Names of the compute backends this build has, e.g. ["CPU"] or ["CUDA", "CPU"]."""
    names = [part.split(" : ")[0].strip() for part in system_info().split("|") if " : " in part]
    return names or ["CPU"]


GPU_BACKENDS = ("CUDA", "Metal", "Vulkan", "ROCm", "HIP", "SYCL", "OpenCL", "CANN", "MUSA", "Kompute")


def gpu_offload_info() -> tuple[bool, str]:
    """(whether this build can put layers on a GPU, the backend in use: CPU, CUDA, Metal, Vulkan...)."""
    offload = bool(ll.llama_supports_gpu_offload())
    names = compute_backends()
    gpu = [name for name in names if name.upper() in {b.upper() for b in GPU_BACKENDS}]
    return offload, (gpu[0] if offload and gpu else "CPU")


def default_threads() -> int:
    """Threads for the prompt: every core this process may use. Generation starts there and
    measures whether one fewer is faster (core/threads.py, benchmarks/gui_stream.py)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def _extra_buffers(spec: ModelSpec) -> bool:
    """Whether to load with llama.cpp's extra buffer types: as ``spec`` says, else as the CPU check found.

    The first load on a build and CPU runs the check (a child process, about a second), so a
    build whose kernels die on this CPU never runs them in this process.
    """
    if spec.extra_buffers is not None:
        return spec.extra_buffers
    from assistant.core.engine.cpu_check import ensure_checked, notice

    check = ensure_checked()
    if check.mode == "unusable":
        raise CpuUnusableError(notice(check) or msg("llama.cpp cannot run on this CPU."))
    return check.mode == "full"


# ----- the backend -----------------------------------------------------------


class LlamaBackend:
    """A GGUF model in this process through llama.cpp.

    Use it from a single thread: the one that called :meth:`load`.
    """

    def __init__(self) -> None:
        self._model: ll.llama_model_p | None = None
        self._ctx: ll.llama_context_p | None = None
        self._vocab: ll.llama_vocab_p | None = None
        self._info: ModelInfo | None = None
        self._template = CHATML_TEMPLATE
        self._bos_text = ""
        self._eos_text = ""
        self._bos = -1
        self._add_bos = False
        self._n_ctx = 0
        self._n_seq = 1
        self._decoder: BatchDecoder | None = None
        self._outbox: list[object] = []  # events of the generation :meth:`stream` runs on its caller's thread
        self._pieces: dict[int, bytes] = {}
        self._piece_buf = ctypes.create_string_buffer(256)
        self.last_prompt: str | None = None  # the prompt text of the latest request, for tests and logs

    # -- loading ------------------------------------------------------------

    @property
    def info(self) -> ModelInfo | None:
        return self._info

    @property
    def n_ctx(self) -> int:
        """The most tokens one sequence may hold (prompt and answer)."""
        return self._n_ctx

    @property
    def n_seq(self) -> int:
        """Sequences the loaded context decodes together."""
        return self._n_seq

    def load(self, spec: ModelSpec, on_progress: ProgressCallback | None = None, name: str | None = None) -> ModelInfo:
        """Validate, then load ``spec.path``. A model already loaded is closed first.

        Raises:
            ModelFileError: the file is missing or malformed (it never reaches llama.cpp).
            ModelLoadError: llama.cpp refused it anyway, or memory ran out.
        """
        summary = check_gguf(spec.path, is_supported_architecture)
        if summary.is_embedding:
            raise ModelLoadError(
                msg(
                    "{name} is an embedding model: it turns text into vectors for the Library and cannot chat. Choose a chat model (Settings → Model); embedding models go in Settings → Library.",
                    name=Path(spec.path).name,
                )
            )
        extra_buffers = _extra_buffers(spec)
        self.close()
        _init_llama()

        def progress(fraction: float, _data: ctypes.c_void_p) -> bool:
            if on_progress is None:
                return True
            try:
                return on_progress(min(max(float(fraction), 0.0), 1.0)) is not False
            except Exception:
                log.exception("load progress callback failed")
                return True

        progress_cb = ll.llama_progress_callback(progress)
        mparams = ll.llama_model_default_params()
        mparams.n_gpu_layers = spec.n_gpu_layers
        mparams.use_extra_bufts = extra_buffers
        mparams.progress_callback = progress_cb
        started = time.perf_counter()
        model, reason = load_model_file(spec.path, mparams)
        if not model:
            if on_progress is not None and on_progress(0.0) is False:
                raise ModelLoadError(msg("Loading {path} was stopped.", path=spec.path))
            if reason:
                raise ModelLoadError(msg("llama.cpp could not load {path}: {reason}.", path=spec.path, reason=reason))
            raise ModelLoadError(
                msg(
                    "llama.cpp could not load {path}; see the log file for its reason (is there enough memory?).",
                    path=spec.path,
                )
            )
        n_ctx_train = ll.llama_model_n_ctx_train(model)
        n_ctx = spec.n_ctx if spec.n_ctx > 0 else n_ctx_train
        if n_ctx_train > 0:
            n_ctx = min(n_ctx, n_ctx_train)
        n_seq = max(1, spec.n_seq)
        threads = spec.n_threads or default_threads()
        cparams = ll.llama_context_default_params()
        # n_seq sequences, each with a KV stream of n_ctx cells (llama.cpp's non-unified cache): a
        # sequence attends only to its own cells, so its numbers never depend on another's, and the
        # work buffers stay those of one sequence (a unified cache grew them ~80 MiB per sequence).
        cparams.n_ctx = n_ctx * n_seq
        cparams.n_seq_max = n_seq
        cparams.kv_unified = False
        cparams.n_batch = spec.n_batch
        cparams.n_ubatch = spec.n_batch
        cparams.n_threads = threads
        cparams.n_threads_batch = threads
        cparams.no_perf = False  # its counters report how many prompt tokens were evaluated
        cache_type = GGML_CACHE_TYPES.get(spec.kv_cache_type)
        if cache_type is None:
            ll.llama_model_free(model)
            raise ModelLoadError(
                msg("Unknown KV-cache type '{kv_cache_type}'; use f16, q8_0 or q4_0.", kv_cache_type=spec.kv_cache_type)
            )
        cparams.type_k = cparams.type_v = cache_type
        # A quantized V cache needs flash attention (llama.cpp refuses the context without it).
        flash = True if spec.kv_cache_type != "f16" else spec.flash_attn
        if flash is None and not ll.llama_supports_gpu_offload():
            flash = False  # llama.cpp's auto would turn it on, and on a CPU it slows generation at depth
        cparams.flash_attn_type = {
            True: ll.LLAMA_FLASH_ATTN_TYPE_ENABLED,
            False: ll.LLAMA_FLASH_ATTN_TYPE_DISABLED,
            None: ll.LLAMA_FLASH_ATTN_TYPE_AUTO,
        }[flash]
        ctx = ll.llama_init_from_model(model, cparams)
        if not ctx:
            ll.llama_model_free(model)
            if spec.kv_cache_type != "f16":
                raise ModelLoadError(
                    msg(
                        "llama.cpp could not create a {kv_cache_type} KV cache for {path} (its attention heads may not suit a quantized cache); choose the f16 cache in settings.",
                        kv_cache_type=spec.kv_cache_type,
                        path=spec.path,
                    )
                )
            raise ModelLoadError(
                msg(
                    "llama.cpp could not create a context of {n_ctx} tokens for {path}; try a smaller context length.",
                    n_ctx=n_ctx,
                    path=spec.path,
                )
            )
        self._model, self._ctx = model, ctx
        self._vocab = ll.llama_model_get_vocab(model)
        self._n_ctx = min(n_ctx, int(ll.llama_n_ctx(ctx)))  # what one sequence may hold
        self._n_seq = n_seq
        self._decoder = BatchDecoder(
            ctx,
            self._vocab,
            n_seq=n_seq,
            n_ctx_seq=self._n_ctx,
            # llama.cpp may shrink the batch (to a tiny context, say); a bigger one would make it abort.
            n_batch=max(1, min(spec.n_batch, int(ll.llama_n_batch(ctx)))),
            piece=self._piece,
            # Chosen threads are kept; by default generation tunes itself between all cores and one fewer.
            tuner=ThreadTuner(decode_candidates(threads) if spec.n_threads is None else [threads]),
            batch_threads=threads,
            can_share=not (ll.llama_model_is_recurrent(model) or ll.llama_model_is_hybrid(model)),
        )
        self._bos = ll.llama_vocab_bos(self._vocab)
        self._add_bos = bool(ll.llama_vocab_get_add_bos(self._vocab))
        self._bos_text = self._token_text(self._bos)
        self._eos_text = self._token_text(ll.llama_vocab_eos(self._vocab))
        if spec.chat_template:
            self._template, source = spec.chat_template, "override"
        elif summary.chat_template:
            self._template, source = summary.chat_template, "model"
        else:
            self._template, source = CHATML_TEMPLATE, "fallback"
            log.warning("%s carries no chat template; using ChatML", spec.path)
        added = self._added_tokens()
        reasoning = reasoning_support(self._template, added.values(), summary.architecture)
        self._show_marker_tokens(added, reasoning.markers)
        offload = bool(ll.llama_supports_gpu_offload())
        backends = compute_backends()
        self._info = ModelInfo(
            name=name or summary.name,
            path=Path(spec.path),
            architecture=summary.architecture,
            n_params=int(ll.llama_model_n_params(model)),
            size_bytes=int(ll.llama_model_size(model)),
            n_ctx=self._n_ctx,
            n_ctx_train=n_ctx_train,
            n_threads=threads,
            chat_template_source=source,  # type: ignore[arg-type]
            backend="llama.cpp " + "+".join(backends),
            gpu_offload_supported=offload,
            gpu_layers=spec.n_gpu_layers if offload else 0,
            extra_buffers=extra_buffers,
            reasoning=reasoning,
        )
        log.info(
            "reasoning markers from the %s: %s; thinking switch: %s",
            reasoning.source,
            ", ".join(m.open for m in reasoning.markers),
            reasoning.switch.kind,
        )
        log.info(
            "loaded %s in %.2f s: n_ctx=%d x %d sequences threads=%d kv=%s flash_attn=%s template=%s backend=%s "
            "extra_buffers=%s",
            spec.path,
            time.perf_counter() - started,
            self._n_ctx,
            n_seq,
            threads,
            spec.kv_cache_type,
            {True: "on", False: "off", None: "auto"}[flash],
            source,
            self._info.backend,
            extra_buffers,
        )
        return self._info

    def close(self) -> None:
        if self._decoder is not None:
            self._decoder.close()
            self._decoder = None
        if self._ctx is not None:
            ll.llama_free(self._ctx)
        if self._model is not None:
            ll.llama_model_free(self._model)
        self._ctx = self._model = self._vocab = None
        self._info = None
        self._outbox.clear()
        self._pieces = {}

    def _added_tokens(self) -> dict[int, str]:
        """The vocabulary's control and user-defined tokens by id: where reasoning markers are (a few
        hundred of a vocabulary of 150 000; reading every token's attributes takes a few milliseconds)."""
        vocab = self._vocab
        assert vocab is not None
        wanted = ll.LLAMA_TOKEN_ATTR_CONTROL | ll.LLAMA_TOKEN_ATTR_USER_DEFINED
        get_attr, get_text = ll.llama_vocab_get_attr, ll.llama_vocab_get_text
        added = {}
        for token in range(int(ll.llama_vocab_n_tokens(vocab))):
            if get_attr(vocab, token) & wanted:
                added[token] = (get_text(vocab, token) or b"").decode("utf-8", errors="replace")
        return added

    def _show_marker_tokens(self, added: Mapping[int, str], markers: Sequence[Markers]) -> None:
        """Reasoning markers that are control tokens (gpt-oss's ``<|channel|>``, Mistral's ``[THINK]``)
        are written into the reply as text, which replies otherwise never carry, so the engine can split
        the reasoning off (core/reasoning.py)."""
        parts = "\n".join(p for m in markers for p in (m.open, m.close, *m.answer_prefixes))
        for token, text in added.items():
            if text and text in parts and not self._piece(token):
                self._pieces[token] = text.encode("utf-8")

    def _require_loaded(self) -> tuple[ll.llama_context_p, ll.llama_vocab_p]:
        if self._ctx is None or self._vocab is None:
            raise GenerationError(msg("No model is loaded."))
        return self._ctx, self._vocab

    # -- text and tokens ----------------------------------------------------

    def tokenize(self, text: str, *, add_bos: bool = False, special: bool = True) -> list[int]:
        """Tokens for ``text``; ``special`` parses control-token text such as ``<|im_start|>``."""
        _, vocab = self._require_loaded()
        return vocab_tokens(vocab, text.encode("utf-8"), add_bos=add_bos, special=special)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenize(text))

    def context_used(self) -> int:
        """Tokens llama.cpp holds now over all sequences, from llama.cpp itself (shared cells once per sequence)."""
        if self._ctx is None:
            return 0
        memory = ll.llama_get_memory(self._ctx)
        return sum(int(ll.llama_memory_seq_pos_max(memory, s)) + 1 for s in range(self._n_seq))

    def decoded_tokens(self, *, reset: bool = False) -> int:
        """Tokens llama.cpp has decoded since the last reset, by its own counters (prompt batches and
        single tokens alike; each counter reads at least 1). Tests and benchmarks count work with it."""
        if self._ctx is None:
            return 0
        ll.llama_synchronize(self._ctx)
        perf = ll.llama_perf_context(self._ctx)
        if reset:
            ll.llama_perf_context_reset(self._ctx)
        return int(perf.n_p_eval) + int(perf.n_eval)

    def _piece(self, token: int) -> bytes:
        """The bytes a token stands for in a reply (control tokens give nothing)."""
        piece = self._pieces.get(token)
        if piece is None:
            n = ll.llama_token_to_piece(self._vocab, token, self._piece_buf, len(self._piece_buf), 0, False)
            if n < 0:
                big = ctypes.create_string_buffer(-n)
                n = ll.llama_token_to_piece(self._vocab, token, big, -n, 0, False)
                piece = big.raw[:n]
            else:
                piece = self._piece_buf.raw[:n]
            self._pieces[token] = piece
        return piece

    def _token_text(self, token: int) -> str:
        if token < 0 or self._vocab is None:
            return ""
        buf = ctypes.create_string_buffer(256)
        n = ll.llama_token_to_piece(self._vocab, token, buf, len(buf), 0, True)
        return buf.raw[: max(n, 0)].decode("utf-8", errors="replace")

    def render(self, messages: Sequence[Message], variables: Mapping[str, Any] | None = None) -> str:
        return render_chat(
            self._template, messages, bos_token=self._bos_text, eos_token=self._eos_text, variables=variables
        )

    @property
    def chat_template(self) -> str:
        """The chat template prompts are rendered with (core/tools reads its tool support)."""
        return self._template

    def schema_grammar(self, schema: str) -> str:
        """GBNF for a JSON schema (core/tools joins these into a forced tool call's grammar)."""
        return schema_grammar(schema)

    def prompt_tokens(self, prompt: str) -> list[int]:
        """Tokens of a rendered prompt: BOS added where the model wants one, never twice."""
        tokens = self.tokenize(prompt, add_bos=self._add_bos)
        if self._add_bos and len(tokens) >= 2 and tokens[0] == tokens[1] == self._bos:
            tokens = tokens[1:]
        return tokens

    # -- generation ---------------------------------------------------------

    def request_tokens(self, request: GenerationRequest) -> list[int]:
        """The prompt tokens of ``request``, checked against one sequence's context. Any thread may call
        this (llama.cpp's tokenizer only reads the vocabulary); the engine does, off its own thread.

        Raises:
            ContextOverflowError: the prompt leaves no room for an answer.
        """
        prompt = request.prompt if request.prompt is not None else self.render(request.messages, request.template_vars)
        tokens = self.prompt_tokens(prompt)
        if len(tokens) >= self._n_ctx:
            raise ContextOverflowError(
                msg(
                    "The prompt is {n_tokens} tokens but the model's context holds {n_ctx}; shorten it or raise the context length in settings.",
                    n_tokens=len(tokens),
                    n_ctx=self._n_ctx,
                )
            )
        self.last_prompt = prompt
        return tokens

    @property
    def decoder(self) -> BatchDecoder:
        """The batched decoder of the loaded model: the engine's thread adds jobs and steps it."""
        if self._decoder is None:
            raise GenerationError(msg("No model is loaded."))
        return self._decoder

    def stream(self, request: GenerationRequest, cancel: CancelToken) -> Iterator[Event]:
        """One generation on the calling thread (the CLI's, a test's): the decoder with one job."""
        self._require_loaded()
        tokens = self.request_tokens(request)
        return self._alone(DecodeJob(tokens, request.params, cancel, self._outbox.append))

    def _alone(self, job: DecodeJob) -> Iterator[Event]:
        decoder, outbox = self.decoder, self._outbox
        decoder.add(job)
        ended = False
        try:
            while not ended:
                decoder.step()
                items = outbox[:]
                outbox.clear()
                for item in items:
                    if isinstance(item, Exception):
                        ended = True
                        raise item
                    ended = ended or isinstance(item, Finished)
                    yield item  # type: ignore[misc]
        finally:
            if not ended:  # the caller stopped reading: free its place
                decoder.drop(job)
                outbox.clear()
