"""Many generations in one llama.cpp context, decoded together (continuous batching).

Every generation is a *sequence* with its own id and KV stream, its own
sampler chain and its own place in the queue. Each :meth:`BatchDecoder.step` is one
``llama_decode``: the next token of every generating sequence, plus a chunk of a
newcomer's prompt, so running streams keep flowing while a prompt is read. On a
CPU that costs little more than decoding one sequence (FIELD-NOTES: 1.8x the
tokens a second at 8 sequences on the starter model), and more on the
memory-bound models people run.

- **Slots.** Each sequence id has a KV stream of its own (``n_ctx`` cells), so a
  sequence attends only to its own cells: no sequence's numbers depend on where
  another one's cells are, and a cancelled sequence frees only its own. A slot's
  cells outlive the request that filled them: the next request with the same prefix
  (a chat's next turn, the next translation block with the same instructions)
  starts where they end. A prefix another slot holds is copied
  (``llama_memory_seq_cp``, then the tail trimmed) instead of evaluated again; a
  sequence whose prefix another one is reading right now waits a step and copies it.
- **Priorities.** A chat reply goes before API clients, which go before document
  jobs; sources take turns within a class. When every slot is taken and a higher
  class arrives, the lowest running sequence steps aside: its cells stay as a cache,
  and it reads what it lacks again when it gets a slot back (its sampler keeps its
  state, so its text goes on as if nothing happened).

Used from one thread only (the engine's, or the one that loaded a LlamaBackend).
"""

from __future__ import annotations

import codecs
import ctypes
import json
import logging
import secrets
import time
from collections.abc import Callable
from typing import Any

import llama_cpp as ll

from assistant.core.engine.jobs import DecodeJob
from assistant.core.engine.stops import StopMatcher
from assistant.core.engine.threads import ThreadTuner
from assistant.core.errors import BadInputError, GenerationError
from assistant.core.i18n import msg
from assistant.core.types import Finished, FinishReason, GenerationParams, GenerationStats, TextDelta, TokenLogprob

log = logging.getLogger(__name__)

_NO_KV_SLOT = 1  # llama_decode: the batch does not fit in the cache (nothing was written)
_ABORTED = 2  # llama_decode: the abort callback said stop
_NO_ABORT = ll.ggml_abort_callback()  # a NULL callback: nothing is checked during cheap steps
MIXED_CHUNK = 256  # prompt tokens per step while other sequences are generating: they wait for it
MIN_COPY = 32  # a shorter shared prefix is evaluated again: cheaper than copying a whole KV stream
CONTINUES = 0.5  # a request continues a slot's cached text when they share this much of it (llama-server's rule)


def common_prefix(a: list[int], b: list[int], limit: int) -> int:
    """How many leading tokens ``a`` and ``b`` share, at most ``limit``."""
    n = min(len(a), len(b), limit)
    if n <= 0 or a[0] != b[0]:
        return 0
    if a[:n] == b[:n]:
        return n
    lo, hi = 1, n  # a[:lo] matches, a[:hi] does not: bisect on slices (C speed, not a Python loop)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid
    return lo


def grammar_text(params: GenerationParams) -> str | None:
    """The GBNF grammar ``params`` ask for: theirs, or one made from their JSON schema (llama-cpp-python's converter).

    Raises:
        BadInputError: the schema is not JSON, or has nothing the converter understands.
    """
    if params.grammar is not None:
        return params.grammar
    if params.json_schema is None:
        return None
    from llama_cpp.llama_grammar import JSON_GBNF, json_schema_to_gbnf

    schema = params.json_schema.strip()
    if schema in ("", "{}"):
        return str(JSON_GBNF)  # any JSON object
    try:
        unenforced = sorted(_unenforced_keywords(json.loads(schema)))
    except ValueError as exc:
        raise BadInputError(msg("The JSON schema is not JSON: {exc}.", exc=exc)) from exc
    if unenforced:
        raise BadInputError(
            msg(
                "The JSON schema uses {keywords}, which Quill cannot enforce while sampling yet (numeric bounds among"
                " them); leave it out, or check the answer yourself.",
                keywords=", ".join(f"'{k}'" for k in unenforced),
            )
        )
    try:
        grammar = str(json_schema_to_gbnf(schema))
    except Exception as exc:  # the converter raises ValueError, KeyError, ... for schemas it cannot do
        raise BadInputError(msg("The JSON schema cannot be enforced: {exc}.", exc=exc)) from exc
    # The converter lets a string hold raw control characters (a newline, a tab), which JSON forbids:
    # seen as "Invalid control character" from json.loads. Keep them out, as llama.cpp's own converter does.
    return grammar.replace('char ::= [^"\\\\]', 'char ::= [^"\\\\\\x7F\\x00-\\x1F]', 1)


def schema_grammar(schema: str) -> str:
    """GBNF for a JSON schema given as JSON text (start rule ``root``), checked as :func:`grammar_text` checks it;
    core/tools builds a forced tool call's grammar from these.

    Raises:
        BadInputError: the schema is not JSON, or uses what the sampler cannot enforce.
    """
    grammar = grammar_text(GenerationParams(json_schema=schema))
    assert grammar is not None
    return grammar


# What llama-cpp-python 0.3.36's schema-to-grammar converter enforces (types, structure, lengths, patterns),
# and the keywords that only describe. Anything else would be silently ignored: a schema using it is refused.
_ENFORCED = {
    "type", "properties", "required", "additionalProperties", "items", "prefixItems", "minItems", "maxItems",
    "enum", "const", "anyOf", "oneOf", "allOf", "$ref", "$defs", "definitions", "pattern", "format",
    "minLength", "maxLength",
}  # fmt: skip
_DESCRIPTIVE = {"title", "description", "default", "examples", "$schema", "$id", "$comment", "deprecated", "readOnly"}
_SCHEMA_MAPS = {"properties", "$defs", "definitions"}  # their values are schemas by name


def _unenforced_keywords(schema: object) -> set[str]:
    """The keywords in ``schema`` (recursively) that the converter would not enforce."""
    found: set[str] = set()
    if isinstance(schema, list):
        for item in schema:
            found |= _unenforced_keywords(item)
    elif isinstance(schema, dict):
        for key, value in schema.items():
            if key in _SCHEMA_MAPS and isinstance(value, dict):
                for sub in value.values():
                    found |= _unenforced_keywords(sub)
            elif key in ("enum", "const", "required", "pattern", "format", "type", "$ref") or key in _DESCRIPTIVE:
                continue
            elif key in _ENFORCED:
                found |= _unenforced_keywords(value)
            else:
                found.add(key)
    return found


def _chain(vocab: Any, params: GenerationParams) -> Any:
    """llama.cpp's sampler chain for ``params`` without any grammar: penalties, then greedy or
    top-k/top-p/min-p/temperature/seed."""
    chain = ll.llama_sampler_chain_init(ll.llama_sampler_chain_default_params())
    add = ll.llama_sampler_chain_add
    if params.repeat_penalty != 1.0 and params.repeat_last_n != 0:
        n_vocab = ll.llama_vocab_n_tokens(vocab)
        add(chain, ll.llama_sampler_init_penalties(n_vocab, params.repeat_last_n, params.repeat_penalty, 0.0, 0.0))
    if params.temperature <= 0:
        add(chain, ll.llama_sampler_init_greedy())
        return chain
    if params.top_k > 0:
        add(chain, ll.llama_sampler_init_top_k(params.top_k))
    if params.top_p < 1.0:
        add(chain, ll.llama_sampler_init_top_p(params.top_p, 1))
    if params.min_p > 0.0:
        add(chain, ll.llama_sampler_init_min_p(params.min_p, 1))
    add(chain, ll.llama_sampler_init_temp(params.temperature))
    seed = params.seed if params.seed is not None else secrets.randbelow(2**32 - 1)
    add(chain, ll.llama_sampler_init_dist(seed & 0xFFFFFFFF))
    return chain


class Sampler:
    """Picks one sequence's tokens: its sampler chain, and the grammar its answer must follow.

    With a grammar it samples the way llama.cpp's common sampler does: the chain picks a token
    from the raw logits, the grammar checks only that token, and only when the grammar refuses it
    is the whole vocabulary filtered by the grammar and the chain asked again. Filtering every
    token of the vocabulary at every step is what made constrained generation about half as fast.
    The answer still always follows the grammar.

    Raises:
        BadInputError: the grammar (or the JSON schema's) does not parse.
    """

    def __init__(self, vocab: Any, params: GenerationParams) -> None:
        text = grammar_text(params)
        self.grammar: Any = None
        if text is not None:
            self.grammar = ll.llama_sampler_init_grammar(vocab, text.encode("utf-8"), b"root")
            if not self.grammar:
                raise BadInputError(
                    msg("The grammar for this answer does not parse (see the log for llama.cpp's reason).")
                )
        self.chain = _chain(vocab, params)
        self._n_vocab = ll.llama_vocab_n_tokens(vocab)
        self._all: Any = None  # the candidates buffer, made on the first constrained sample
        self._one = (ll.llama_token_data * 1)()
        self._single = ll.llama_token_data_array(data=self._one, size=1, selected=-1, sorted=False)

    def sample(self, ctx: Any, index: int) -> int:
        """The next token from batch row ``index``'s logits, accepted by the chain (and the grammar)."""
        if self.grammar is None:
            return int(ll.llama_sampler_sample(self.chain, ctx, index))
        import numpy as np  # llama_cpp has loaded it already

        if self._all is None:
            dtype = np.dtype([("id", np.intc), ("logit", np.single), ("p", np.single)], align=True)
            self._all = np.zeros(self._n_vocab, dtype=dtype)
            self._ids = np.arange(self._n_vocab, dtype=np.intc)
        logits = np.ctypeslib.as_array(ll.llama_get_logits_ith(ctx, index), shape=(self._n_vocab,))
        token = self._pick(logits, constrained=False)
        self._one[0] = ll.llama_token_data(token, 1.0, 0.0)
        self._single.size, self._single.selected = 1, -1
        ll.llama_sampler_apply(self.grammar, ctypes.byref(self._single))
        if self._one[0].logit == float("-inf"):
            token = self._pick(logits, constrained=True)
        ll.llama_sampler_accept(self.grammar, token)
        ll.llama_sampler_accept(self.chain, token)
        return token

    def _pick(self, logits: Any, *, constrained: bool) -> int:
        buffer = self._all
        buffer["id"], buffer["logit"], buffer["p"] = self._ids, logits, 0.0
        candidates = ll.llama_token_data_array(
            data=buffer.ctypes.data_as(ll.llama_token_data_p), size=self._n_vocab, selected=-1, sorted=False
        )
        if constrained:
            ll.llama_sampler_apply(self.grammar, ctypes.byref(candidates))
        ll.llama_sampler_apply(self.chain, ctypes.byref(candidates))
        return int(buffer["id"][candidates.selected])

    def free(self) -> None:
        for sampler in (self.chain, self.grammar):
            if sampler:
                ll.llama_sampler_free(sampler)
        self.chain = self.grammar = None


class _Slot:
    """A sequence id and the tokens its KV cells hold, in order."""

    __slots__ = ("seq_id", "tokens", "user", "last_used", "priority")

    def __init__(self, seq_id: int) -> None:
        self.seq_id = seq_id
        self.tokens: list[int] = []
        self.user: _Seq | None = None
        self.last_used = 0
        self.priority = 0  # of its last user: background caches are evicted first


class _Seq:
    """One generation in flight: what is left to feed, its sampler and its text so far."""

    __slots__ = (
        "job", "order", "slot", "pending", "sampler", "utf8", "stops", "budget", "limit_reason",
        "generated", "evaluated", "reused", "prompt_done_at", "first_token_at", "logit_index", "share",
    )  # fmt: skip

    def __init__(self, job: DecodeJob, order: int, n_ctx_seq: int) -> None:
        self.job = job
        self.order = order
        self.slot: _Slot | None = None
        self.pending: list[int] = list(job.tokens)  # tokens to feed before the next sample
        self.sampler: Sampler | None = None
        self.utf8 = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.stops = StopMatcher(job.params.stop)
        room = n_ctx_seq - len(job.tokens)
        self.budget = min(job.params.max_tokens, room)
        self.limit_reason: FinishReason = "length" if job.params.max_tokens <= room else "context"
        self.generated = 0
        self.evaluated = 0  # prompt tokens fed to llama.cpp for this sequence
        self.reused = 0  # prompt tokens found in the cache (its own slot's or copied from another)
        self.prompt_done_at = 0.0
        self.first_token_at = 0.0
        self.logit_index = -1
        self.share: tuple[_Slot, int] | None = None  # copy this many tokens from that slot once it holds them

    @property
    def prefilling(self) -> bool:
        return self.prompt_done_at == 0.0


class BatchDecoder:
    """Decodes many sequences of one llama.cpp context together. One thread only.

    Args:
        ctx, vocab: the loaded context and its vocabulary.
        n_seq: sequences decoded together (the context has ``n_seq`` sequence ids, each with a KV stream
            of its own of ``n_ctx_seq`` cells: llama.cpp's non-unified cache).
        n_ctx_seq: the most tokens one sequence may hold.
        n_batch: the most tokens per step.
        piece: a token's bytes in a reply.
        tuner: picks generation threads from measured single-sequence steps.
        batch_threads: threads for steps of more than one token.
        can_share: whether cells can be shared and tails dropped (not for recurrent models).
    """

    def __init__(
        self,
        ctx: Any,
        vocab: Any,
        *,
        n_seq: int,
        n_ctx_seq: int,
        n_batch: int,
        piece: Callable[[int], bytes],
        tuner: ThreadTuner,
        batch_threads: int,
        can_share: bool,
    ) -> None:
        self._ctx = ctx
        self._vocab = vocab
        self._memory = ll.llama_get_memory(ctx)
        self.n_seq = max(1, n_seq)
        self._n_ctx_seq = n_ctx_seq
        self._n_batch = max(1, n_batch)
        self._piece = piece
        self._tuner = tuner
        self._batch_threads = batch_threads
        self._can_share = can_share
        self._slots = [_Slot(i) for i in range(self.n_seq)]
        self._waiting: list[_Seq] = []
        self._running: list[_Seq] = []
        self._turns: dict[str, int] = {}
        self._order = 0
        self._tick = 0
        self._threads = (0, 0)
        self._batch = ll.llama_batch_init(self._n_batch, 0, 1)
        self._abort_cancels: list[Any] = []
        self._abort_cb = ll.ggml_abort_callback(self._should_abort)
        self.steps = 0  # llama_decode calls made (tests count time in steps)

    # -- the queue ------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Whether any sequence waits or runs."""
        return bool(self._waiting or self._running)

    def add(self, job: DecodeJob) -> None:
        """Queue a generation; its events go to ``job.emit`` from :meth:`step`."""
        self._order += 1
        self._waiting.append(_Seq(job, self._order, self._n_ctx_seq))

    def active(self) -> int:
        """Sequences that hold a place now (running or paused)."""
        return len(self._running)

    def drop(self, job: DecodeJob) -> None:
        """End ``job`` now, as cancelled (its reader went away); nothing if it already ended."""
        for seq in [*self._running, *self._waiting]:
            if seq.job is job:
                self._finish(seq, "cancelled")

    def stop_all(self, error: Exception | None = None) -> None:
        """End every sequence: with ``error`` if given, else as cancelled."""
        for seq in [*self._running, *self._waiting]:
            if error is None:
                self._finish(seq, "cancelled")
            else:
                self._fail(seq, error)

    def close(self) -> None:
        self.stop_all()
        if self._batch is not None:
            ll.llama_batch_free(self._batch)
            self._batch = None

    # -- one step -------------------------------------------------------------

    def step(self) -> None:
        """One ``llama_decode`` for the sequences whose turn it is; their events go out."""
        self._reap()
        self._admit()
        plan = self._plan()
        if not plan:
            return
        code = self._decode(plan)
        if code != 0:
            self._drop_tails(plan)
            if code == _ABORTED:
                return  # the cancelled sequence ends at the next step; the others feed again
            if code == _NO_KV_SLOT:  # each stream holds n_ctx: only a bug gets here, but say what happened
                error = GenerationError(msg("llama.cpp found no room in the context for the next tokens."))
            else:
                error = GenerationError(msg("llama.cpp failed to decode (code {code}).", code=code))
            for seq, _n in plan:
                self._fail(seq, error)
            return
        now = time.perf_counter()
        for seq, n in plan:
            slot = seq.slot
            assert slot is not None
            fed = seq.pending[:n]
            slot.tokens.extend(fed)
            del seq.pending[:n]
            if seq.prefilling:
                seq.evaluated += n
            if seq.pending:
                continue
            if seq.prefilling:
                seq.prompt_done_at = now
            assert seq.sampler is not None
            self._take(seq, seq.sampler.sample(self._ctx, seq.logit_index))

    def _reap(self) -> None:
        for seq in [s for s in self._running if s.job.cancel.cancelled]:
            self._finish(seq, "cancelled")
        for seq in [s for s in self._waiting if s.job.cancel.cancelled]:
            self._finish(seq, "cancelled")

    def _admit(self) -> None:
        """Give waiting sequences a slot: the best first (priority, then the source with fewer turns);
        a higher class takes the place of the lowest running sequence."""
        while self._waiting:
            seq = min(self._waiting, key=lambda s: (s.job.priority, self._turns.get(s.job.source, 0), s.order))
            free = [slot for slot in self._slots if slot.user is None]
            if not free:
                lowest = max(self._running, key=lambda s: (s.job.priority, s.order))
                if lowest.job.priority <= seq.job.priority:
                    return
                self._step_aside(lowest)
                continue
            self._waiting.remove(seq)
            if seq.sampler is None:  # a first placement, not a return
                self._turns[seq.job.source] = self._turns.get(seq.job.source, 0) + 1
                try:
                    seq.sampler = Sampler(self._vocab, seq.job.params)
                except BadInputError as error:
                    seq.job.emit(error)
                    continue
                self._place(seq, free)
                seq.reused = len(seq.slot.tokens) if seq.slot is not None else 0
            else:
                self._place(seq, free)
            self._running.append(seq)

    def _step_aside(self, seq: _Seq) -> None:
        """Send a running sequence back to wait; its cells stay as a cache it will likely find again."""
        slot = seq.slot
        assert slot is not None
        log.debug("sequence %d steps aside for a higher priority", slot.seq_id)
        seq.pending = slot.tokens + seq.pending
        self._running.remove(seq)
        self._tick += 1
        slot.user, slot.last_used, slot.priority = None, self._tick, int(seq.job.priority)
        seq.slot = None
        seq.share = None
        self._waiting.append(seq)

    def _place(self, seq: _Seq, free: list[_Slot]) -> None:
        """Put ``seq`` in the free slot whose cells serve it best; copy a longer prefix from another."""
        prompt = seq.pending  # all it needs in its cells: the prompt, and what it generated if it stepped aside
        limit = len(prompt) - 1  # the last prompt token is always evaluated: its logits give the first token
        shared = {slot.seq_id: common_prefix(slot.tokens, prompt, limit) for slot in self._slots}

        def fitness(slot: _Slot) -> tuple[int, int, bool, int, int]:
            continues = bool(slot.tokens) and shared[slot.seq_id] >= CONTINUES * len(slot.tokens)
            return (
                continues,  # its own conversation, or the same instructions as its last block
                shared[slot.seq_id] if continues else 0,
                not slot.tokens,  # else an empty slot before a cache someone may want
                slot.priority,  # then a background job's cache before a chat's
                -slot.last_used,
            )

        own = max(free, key=fitness)
        reuse = shared[own.seq_id]
        source, copied, want = None, reuse, max(reuse, MIN_COPY - 1)
        if self._can_share:
            for slot in self._slots:
                if slot is own:
                    continue
                held = shared[slot.seq_id]
                if held > copied and held >= MIN_COPY:
                    source, copied = slot, held
                user = slot.user
                if user is not None and user.prefilling and user.share is None:
                    coming = common_prefix(slot.tokens + user.pending, prompt, limit)
                    if coming > max(copied, want, reuse + MIN_COPY):
                        seq.share, want = (slot, coming), coming
        if source is not None and copied > reuse:
            self._copy(source, own, copied)
            reuse = copied
        else:
            self._trim(own, reuse)
        if seq.share is not None and seq.share[1] <= reuse:
            seq.share = None
        own.user = seq
        seq.slot = own
        seq.pending = prompt[reuse:]

    def _trim(self, slot: _Slot, keep: int) -> None:
        """Drop the slot's cells from position ``keep`` on (all of them where a tail cannot be dropped)."""
        if len(slot.tokens) <= keep:
            return
        if not ll.llama_memory_seq_rm(self._memory, slot.seq_id, keep, -1):
            ll.llama_memory_seq_rm(self._memory, slot.seq_id, -1, -1)
            keep = 0
        del slot.tokens[keep:]

    def _copy(self, source: _Slot, target: _Slot, n: int) -> None:
        """Make ``target`` hold the first ``n`` tokens of ``source``: nothing is evaluated. Streams are
        copied whole (llama.cpp copies across streams only so), then the tail is dropped."""
        ll.llama_memory_seq_cp(self._memory, source.seq_id, target.seq_id, -1, -1)
        target.tokens = list(source.tokens)
        self._trim(target, n)

    def _ready_to_share(self, seq: _Seq, feeding: set[int]) -> bool:
        """Whether ``seq`` can be fed now: it copies a prefix another sequence finished reading, or
        stops waiting for one that is not being read this step."""
        if seq.share is None:
            return True
        source, want = seq.share
        if len(source.tokens) >= want:
            slot = seq.slot
            assert slot is not None
            needed = slot.tokens + seq.pending
            self._copy(source, slot, want)
            seq.reused = want
            seq.pending = needed[want:]
            seq.share = None
            return True
        if source.user is not None and id(source.user) in feeding and source.user.prefilling:
            return False  # it is reading the prefix now: copy it next step
        seq.share = None
        return True

    def _plan(self) -> list[tuple[_Seq, int]]:
        """The sequences fed this step and how many tokens each: generating ones first (one token
        each), then prompt chunks in priority order, within n_batch."""
        ranked = sorted(self._running, key=lambda s: (s.job.priority, s.order))
        feeding = {id(s) for s in ranked}
        chosen = [s for s in ranked if self._ready_to_share(s, feeding)]
        plan: list[tuple[_Seq, int]] = []
        budget = self._n_batch
        for seq in chosen:
            if len(seq.pending) == 1:
                plan.append((seq, 1))
                budget -= 1
        for seq in chosen:
            if len(seq.pending) > 1 and budget > 0:
                cap = self._n_batch if not plan else MIXED_CHUNK
                n = min(len(seq.pending), budget, cap)
                plan.append((seq, n))
                budget -= n
        return plan

    def _decode(self, plan: list[tuple[_Seq, int]]) -> int:
        batch = self._batch
        assert batch is not None
        token, pos, n_seq_id, seq_ids, logits = batch.token, batch.pos, batch.n_seq_id, batch.seq_id, batch.logits
        i = 0
        for seq, n in plan:
            slot = seq.slot
            assert slot is not None
            start = len(slot.tokens)
            sid = slot.seq_id
            pending = seq.pending
            for k in range(n):
                token[i] = pending[k]
                pos[i] = start + k
                n_seq_id[i] = 1
                seq_ids[i][0] = sid
                logits[i] = 0
                i += 1
            if n == len(pending):
                logits[i - 1] = 1
                seq.logit_index = i - 1
        batch.n_tokens = i
        self.steps += 1
        tuner = self._tuner
        threads = (tuner.current, min(self._batch_threads, tuner.chosen))
        if threads != self._threads:
            ll.llama_set_n_threads(self._ctx, *threads)
            self._threads = threads
        if i == 1:
            if not tuner.tuning:
                return int(ll.llama_decode(self._ctx, batch))
            began = time.perf_counter()
            code = int(ll.llama_decode(self._ctx, batch))
            tuner.record(time.perf_counter() - began)
            return code
        # A prompt chunk takes long: let a Stop (or the app closing) interrupt it when it stops them all.
        self._abort_cancels = [seq.job.cancel for seq, _n in plan]
        ll.llama_set_abort_callback(self._ctx, self._abort_cb, None)
        try:
            return int(ll.llama_decode(self._ctx, batch))
        finally:
            ll.llama_set_abort_callback(self._ctx, _NO_ABORT, None)
            self._abort_cancels = []

    def _should_abort(self, _data: ctypes.c_void_p) -> bool:
        # Only when nobody in the batch wants it any more: one sequence ending early (its reader has
        # what it needs) must not throw away a chunk of everyone else's work; it ends after this step.
        return all(cancel.cancelled for cancel in self._abort_cancels)

    def _drop_tails(self, plan: list[tuple[_Seq, int]]) -> None:
        """After a failed or interrupted decode: nothing it may have written stays in the cache."""
        for seq, _n in plan:
            slot = seq.slot
            assert slot is not None
            ll.llama_memory_seq_rm(self._memory, slot.seq_id, len(slot.tokens), -1)

    # -- tokens out -----------------------------------------------------------

    def _take(self, seq: _Seq, token: int) -> None:
        """A sampled token: its text goes out; the sequence ends or feeds it next step."""
        if seq.generated == 0:
            seq.first_token_at = time.perf_counter()
        params = seq.job.params
        if not params.ignore_eos and ll.llama_vocab_is_eog(self._vocab, token):
            self._finish(seq, "stop")
            return
        seq.generated += 1
        piece = self._piece(token)
        if params.logprobs is not None:
            seq.job.emit(self._logprob(seq.logit_index, token, piece, params.logprobs))
        text = seq.utf8.decode(piece)
        if text:
            shown = seq.stops.feed(text)
            if shown:
                seq.job.emit(TextDelta(shown))
            if seq.stops.stopped:
                self._finish(seq, "stop")
                return
        if seq.generated >= seq.budget:
            self._finish(seq, seq.limit_reason)
            return
        seq.pending = [token]

    def _logprob(self, index: int, token: int, piece: bytes, top: int) -> TokenLogprob:
        """The chosen token's log-probability under the model's distribution at batch row ``index``
        (its raw logits, before any sampler), and the ``top`` likeliest tokens'."""
        import numpy as np  # llama_cpp has loaded it already

        n_vocab = ll.llama_vocab_n_tokens(self._vocab)
        logits = np.ctypeslib.as_array(ll.llama_get_logits_ith(self._ctx, index), shape=(n_vocab,))
        peak = float(logits.max())
        log_total = peak + float(np.log(np.exp(logits - peak).sum()))
        best: list[tuple[str, bytes, float]] = []
        if top:
            ids = np.argpartition(-logits, top)[:top]
            for other in sorted(ids.tolist(), key=lambda t: -logits[t]):
                raw = self._piece(other)
                best.append((raw.decode("utf-8", errors="replace"), raw, float(logits[other]) - log_total))
        return TokenLogprob(
            piece.decode("utf-8", errors="replace"), piece, float(logits[token]) - log_total, tuple(best)
        )

    def _release(self, seq: _Seq) -> None:
        if seq.sampler is not None:
            seq.sampler.free()
            seq.sampler = None
        if seq in self._running:
            self._running.remove(seq)
        elif seq in self._waiting:
            self._waiting.remove(seq)
        slot = seq.slot
        if slot is not None:
            self._tick += 1
            slot.user, slot.last_used, slot.priority = None, self._tick, int(seq.job.priority)
            seq.slot = None

    def _finish(self, seq: _Seq, reason: FinishReason) -> None:
        if reason == "cancelled":
            if seq.slot is not None:  # its reply goes; its prompt stays, for the next turn or to evict
                self._trim(seq.slot, min(len(seq.slot.tokens), len(seq.job.tokens)))
        else:
            tail = seq.stops.feed(seq.utf8.decode(b"", final=True)) + seq.stops.flush()
            if tail:
                seq.job.emit(TextDelta(tail))
        self._release(seq)
        ended = time.perf_counter()
        started = seq.job.submitted_at
        first = seq.first_token_at
        prompt_done = seq.prompt_done_at or ended
        seq.job.emit(
            Finished(
                reason,
                GenerationStats(
                    prompt_tokens=len(seq.job.tokens),
                    prompt_eval_tokens=seq.evaluated,
                    cached_tokens=seq.reused,
                    generated_tokens=seq.generated,
                    prompt_seconds=prompt_done - started,
                    generation_seconds=ended - first if first else 0.0,
                    time_to_first_token=(first or ended) - started,
                ),
            )
        )

    def _fail(self, seq: _Seq, error: Exception) -> None:
        if seq.slot is not None:
            ll.llama_memory_seq_rm(self._memory, seq.slot.seq_id, -1, -1)
            seq.slot.tokens = []
        self._release(seq)
        seq.job.emit(error)
