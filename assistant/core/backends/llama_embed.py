"""GGUF embedding models through llama.cpp's low-level API (the Library's vectors, ``/v1/embeddings``).

Many texts go through one ``llama_decode`` as separate sequences and come back pooled per
sequence (``llama_get_embeddings_seq``) in the pooling the model names (mean for e5 and
bge-m3's dense head, CLS for bge, last token for Qwen3-Embedding), so the cost per text is
the model's own, not Python's. Loading goes through the same checks as the chat model (the
GGUF check, the CPU check's extra-buffer verdict, llama.cpp's log in Quill's log).

Like the chat model, an embedder belongs to one thread for its whole life: with the
default OpenMP build, decoding from a second thread makes every later call several times
slower. :mod:`assistant.core.library.embedders` gives each process one embedder per file
on a thread of its own.
"""

from __future__ import annotations

import ctypes
import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import llama_cpp as ll
import numpy as np

from assistant.core.backends import llama as llama_backend
from assistant.core.cancel import Cancelled, CancelToken
from assistant.core.errors import GenerationError, ModelLoadError
from assistant.core.i18n import msg
from assistant.core.library.embedding import LoadedFacts, Pooling, Vectors
from assistant.core.models.gguf_check import check_gguf
from assistant.core.types import ModelSpec

log = logging.getLogger(__name__)

POOLING_TYPES: dict[str, int] = {
    "mean": ll.LLAMA_POOLING_TYPE_MEAN,
    "cls": ll.LLAMA_POOLING_TYPE_CLS,
    "last": ll.LLAMA_POOLING_TYPE_LAST,
}
_POOLING_NAMES = {value: name for name, value in POOLING_TYPES.items()}

DEFAULT_MAX_TOKENS = 512  # a Library chunk is far shorter; bge-m3's 8192 would need GBs of attention buffers
_ABORTED = 2  # llama_decode's return when the abort callback said stop


class LlamaEmbedder(LoadedFacts):
    """One GGUF embedding model loaded in this process; implements :class:`~assistant.core.library.embedding.Embedder`.

    Use it from one thread: the one that created it (``embedders.shared`` arranges that).

    Args:
        path: the GGUF file.
        pooling: how to pool token vectors into one; None takes the model's own (a chat model,
            which names none, gets mean pooling).
        max_tokens: the longest text one vector stands for, capped by the model's training context.
        n_batch: tokens per ``llama_decode``; several texts share it as separate sequences. At least
            ``max_tokens``. Bigger is not faster: attention spans the whole batch (masked per sequence),
            so its cost grows with the square of it (a tiny BERT: 17.7k tok/s at 256, 6.5k at 1024).
        n_seq: the most texts per ``llama_decode``.
        n_threads: None uses every core this process may use.
        extra_buffers: llama.cpp's extra buffer types; None takes the CPU check's verdict.
        name: what the user sees; defaults to the file's stem.

    Raises:
        ModelFileError: the file is missing or malformed (it never reaches llama.cpp).
        ModelLoadError: llama.cpp refused it, or it cannot give pooled vectors.
    """

    def __init__(
        self,
        path: Path,
        *,
        pooling: Pooling | None = None,
        max_tokens: int | None = None,
        n_batch: int = 512,
        n_seq: int = 64,
        n_threads: int | None = None,
        extra_buffers: bool | None = None,
        name: str | None = None,
    ) -> None:
        self._path = Path(path)
        self._name = name or self._path.stem
        self._model: ll.llama_model_p | None = None
        self._ctx: ll.llama_context_p | None = None
        self._batch: ll.llama_batch | None = None
        self._cancel: CancelToken | None = None
        self._abort_cb = ll.ggml_abort_callback(self._should_abort)
        self.tokens_embedded = 0  # every token decoded since load, for tests and benchmarks
        self.decode_calls = 0
        check_gguf(self._path, llama_backend.is_supported_architecture)
        use_extra = llama_backend._extra_buffers(ModelSpec(self._path, extra_buffers=extra_buffers))
        llama_backend._init_llama()
        self._load(pooling, max_tokens, n_batch, n_seq, n_threads, use_extra)

    def _load(
        self,
        pooling: Pooling | None,
        max_tokens: int | None,
        n_batch: int,
        n_seq: int,
        n_threads: int | None,
        extra: bool,
    ) -> None:
        started = time.perf_counter()
        mparams = ll.llama_model_default_params()
        mparams.n_gpu_layers = 0
        mparams.use_extra_bufts = extra
        model, reason = llama_backend.load_model_file(self._path, mparams)
        if not model:
            raise ModelLoadError(
                msg(
                    "llama.cpp could not load {path}: {value}.",
                    path=self._path,
                    value=reason or msg("see the log file"),
                )
            )
        self._model = model
        n_ctx_train = int(ll.llama_model_n_ctx_train(model)) or DEFAULT_MAX_TOKENS
        limit = min(max_tokens or DEFAULT_MAX_TOKENS, n_ctx_train)
        self._n_batch = max(limit, n_batch)
        self._n_seq = max(1, min(n_seq, int(ll.llama_max_parallel_sequences()), self._n_batch))
        self._threads = n_threads or llama_backend.default_threads()
        ctx = self._context(ll.LLAMA_POOLING_TYPE_UNSPECIFIED if pooling is None else POOLING_TYPES[pooling])
        model_pooling = int(ll.llama_pooling_type(ctx))
        if pooling is None and model_pooling not in _POOLING_NAMES:
            # A chat model names no pooling (NONE); a reranker names RANK. Mean pooling gives a usable vector.
            ll.llama_free(ctx)
            log.info("%s names pooling type %d; using mean pooling", self._path, model_pooling)
            ctx = self._context(ll.LLAMA_POOLING_TYPE_MEAN)
        self._ctx = ctx
        self._pooling = _POOLING_NAMES[int(ll.llama_pooling_type(ctx))]  # type: ignore[assignment]
        self._vocab = ll.llama_model_get_vocab(model)
        self._max_tokens = min(limit, int(ll.llama_n_ctx(ctx)), int(ll.llama_n_batch(ctx)))
        n_out = int(ll.llama_model_n_embd_out(model))
        self._dimension = n_out if n_out > 0 else int(ll.llama_model_n_embd(model))
        self._keep_last = bool(ll.llama_vocab_get_add_eos(self._vocab) or ll.llama_vocab_get_add_sep(self._vocab))
        fallback = [t for t in (ll.llama_vocab_bos(self._vocab), ll.llama_vocab_eos(self._vocab)) if t >= 0]
        self._empty_tokens = fallback[:1]
        self._batch = ll.llama_batch_init(self._n_batch, 0, 1)
        ll.llama_set_abort_callback(ctx, self._abort_cb, None)
        self._owner = threading.get_ident()
        log.info(
            "loaded embedder %s in %.2f s: dimension=%d pooling=%s max_tokens=%d batch=%d x %d seqs threads=%d",
            self._path,
            time.perf_counter() - started,
            self._dimension,
            self._pooling,
            self._max_tokens,
            self._n_batch,
            self._n_seq,
            self._threads,
        )

    def _context(self, pooling_type: int) -> ll.llama_context_p:
        assert self._model is not None
        cparams = ll.llama_context_default_params()
        cparams.embeddings = True
        cparams.pooling_type = pooling_type
        # One batch's sequences share the cache (a causal model keeps one); it is cleared after each batch.
        cparams.n_ctx = self._n_batch
        cparams.n_batch = self._n_batch
        cparams.n_ubatch = self._n_batch  # a non-causal model needs each sequence whole in one micro-batch
        cparams.n_seq_max = self._n_seq
        cparams.kv_unified = True
        cparams.n_threads = self._threads
        cparams.n_threads_batch = self._threads
        # Auto would pick flash attention on CPU: its F16 K and V move each vector by ~1e-4 with the
        # company a text keeps in a batch, so the same text would get a different vector in the index.
        cparams.flash_attn_type = 0
        ctx = ll.llama_init_from_model(self._model, cparams)
        if not ctx:
            self.close()
            raise ModelLoadError(msg("llama.cpp could not create an embedding context for {path}.", path=self._path))
        return ctx

    # -- the Embedder surface -------------------------------------------------

    # name, path, dimension, max_tokens and pooling: LoadedFacts, from the fields _load sets.

    def tokens(self, text: str) -> list[int]:
        """The tokens ``text`` is embedded from, special tokens ([CLS], [SEP], BOS) added as the model
        says, truncated to :attr:`max_tokens` (keeping the closing token). Any thread may call this."""
        tokens = self._tokenize(text)
        if not tokens:
            tokens = list(self._empty_tokens) or self._tokenize(" ")
        if len(tokens) > self._max_tokens:
            tokens = tokens[: self._max_tokens - 1] + tokens[-1:] if self._keep_last else tokens[: self._max_tokens]
        return tokens

    def _tokenize(self, text: str) -> list[int]:
        if self._model is None:
            raise GenerationError(msg("The embedding model is closed."))
        data = text.encode("utf-8", errors="replace")
        return llama_backend.vocab_tokens(self._vocab, data, add_bos=True, special=False)

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` before truncation (special tokens included): what ``usage`` reports."""
        return len(self._tokenize(text)) or 1

    def embed(self, texts: Sequence[str], cancel: CancelToken | None = None) -> Vectors:
        """One L2-normalised float32 row per text, in order.

        Raises:
            Cancelled: ``cancel`` was set (between batches, or during one through llama.cpp's abort callback).
            GenerationError: llama.cpp failed, or the embedder is used from another thread.
        """
        if self._ctx is None or self._batch is None:
            raise GenerationError(msg("The embedding model is closed."))
        if threading.get_ident() != self._owner:
            raise GenerationError(msg("An embedder is used from the thread that loaded it; use embedders.shared()."))
        out = np.empty((len(texts), self._dimension), dtype=np.float32)
        pending: list[tuple[int, list[int]]] = []
        used = 0
        for index, text in enumerate(texts):
            tokens = self.tokens(text)
            if pending and (used + len(tokens) > self._n_batch or len(pending) >= self._n_seq):
                self._decode(pending, out, cancel)
                pending, used = [], 0
            pending.append((index, tokens))
            used += len(tokens)
        if pending:
            self._decode(pending, out, cancel)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out

    def _decode(self, items: list[tuple[int, list[int]]], out: Vectors, cancel: CancelToken | None) -> None:
        """One ``llama_decode`` of several texts, one sequence each; their pooled rows go to ``out``."""
        if cancel is not None and cancel.cancelled:
            raise Cancelled()
        ctx, batch = self._ctx, self._batch
        assert ctx is not None and batch is not None
        fields: Any = batch  # ctypes arrays, typed loosely by llama-cpp-python
        token, pos, n_seq_id, seq_id, logits = fields.token, fields.pos, fields.n_seq_id, fields.seq_id, fields.logits
        n = 0
        for seq, (_index, tokens) in enumerate(items):
            for p, t in enumerate(tokens):
                token[n] = t
                pos[n] = p
                n_seq_id[n] = 1
                seq_id[n][0] = seq
                logits[n] = True  # embeddings want every token marked as an output
                n += 1
        batch.n_tokens = n
        memory = ll.llama_get_memory(ctx)
        if memory:
            ll.llama_memory_clear(memory, True)
        self._cancel = cancel
        try:
            status = ll.llama_decode(ctx, batch)
        finally:
            self._cancel = None
        if status == _ABORTED and cancel is not None and cancel.cancelled:
            raise Cancelled()
        if status != 0:
            raise GenerationError(
                msg("llama.cpp could not embed the text (llama_decode returned {status}).", status=status)
            )
        self.decode_calls += 1
        self.tokens_embedded += n
        dim = self._dimension
        for seq, (index, _tokens) in enumerate(items):
            row = ll.llama_get_embeddings_seq(ctx, seq)
            if not row:
                raise GenerationError(msg("llama.cpp gave no pooled vector; is this an embedding model?"))
            ctypes.memmove(out[index].ctypes.data, row, dim * 4)

    def _should_abort(self, _data: ctypes.c_void_p) -> bool:
        cancel = self._cancel
        return cancel is not None and cancel.cancelled

    def close(self) -> None:
        if self._batch is not None:
            ll.llama_batch_free(self._batch)
            self._batch = None
        if self._ctx is not None:
            ll.llama_free(self._ctx)
            self._ctx = None
        if self._model is not None:
            ll.llama_model_free(self._model)
            self._model = None

    def __repr__(self) -> str:
        return f"LlamaEmbedder({self._path.name!r}, dimension={getattr(self, '_dimension', '?')})"
