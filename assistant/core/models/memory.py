"""How much memory a model needs at a context length, and whether this machine has it.

The estimate adds what llama.cpp allocates, sized from the file's own
hyperparameters (measured against llama.cpp's log of its buffers):

- weights: the tensor data (the file, memory-mapped; layers offloaded to a GPU go to VRAM);
- KV cache: ``2 * n_layer * n_ctx * n_head_kv * head_dim`` values of the cache type: 2 bytes for
  f16, 34 per 32 values for q8_0 and 18 per 32 for q4_0 (ggml's blocks; equal to llama.cpp's
  ``llama_kv_cache: size`` line for each type, tests/core/models/test_memory.py);
- compute buffer: the graph for one 512-token micro-batch: the attention scores
  (``n_ctx * 512 * n_head`` floats; flash attention computes them in tiles and never holds them,
  which a quantized cache always uses) and the per-token activations. llama.cpp reserves room
  for 512 rows of logits too, but Quill asks for the last token's only, so those pages are
  never touched (measured: counting them overestimated the starter model by 33 %);
- runtime: the Python process with llama.cpp loaded (64 MiB measured; the desktop app adds
  ~50 MiB of Qt, which the verdict's headroom covers).

Sequences decoded together (``n_seq``, continuous batching with a KV stream of ``n_ctx`` cells
per sequence: llama.cpp's non-unified cache, which the engine uses) multiply the KV cache exactly
and add one row of logits each; the compute buffer stays one sequence's, since a sequence attends
only to its own stream. Measured on the starter model at n_ctx 4096 (llama.cpp's log): KV 90 MiB per
sequence; compute 99 MiB for any number of sequences with split streams (a unified cache instead
grew it to 166 / 247 / 326 / 646 MiB for 2 / 3 / 4 / 8 sequences, which is why it is not used).

Pages are committed as they are touched, so a fresh process uses less until its context
fills; the estimate is what a full context costs, which is what a user must plan for.
"""

from __future__ import annotations

import ctypes
import os
import sys
from dataclasses import dataclass, replace
from enum import Enum

from assistant.core.i18n import Text, msg
from assistant.core.models.gguf_check import GGUFSummary
from assistant.core.settings import AUTO_PARALLEL_MAX, MAX_PARALLEL_SEQUENCES

MiB = 1024 * 1024
GiB = 1024 * MiB
N_UBATCH = 512  # llama.cpp's default micro-batch, which sizes the compute graph
RUNTIME_BYTES = 64 * MiB
KV_BYTES_PER_VALUE: dict[str, float] = {"f16": 2.0, "q8_0": 34 / 32, "q4_0": 18 / 32}  # by cache type


class Fit(Enum):
    FITS = "fits"
    TIGHT = "tight"
    TOO_BIG = "will not fit"


@dataclass(frozen=True)
class MemoryEstimate:
    """What a loaded model costs, for ``n_seq`` sequences decoded together.

    ``kv_cache``, ``compute`` and ``vram`` are for all ``n_seq`` sequences;
    :meth:`with_sequences` gives the estimate for another number of them.
    """

    weights: int
    kv_cache: int  # in system RAM, for all n_seq sequences
    compute: int
    runtime: int
    vram: int = 0  # the part of the weights and cache placed on a GPU
    n_seq: int = 1
    kv_vram: int = 0  # the KV cache's share of ``vram`` (all sequences)
    # What each sequence beyond the first adds to ``compute`` (attention over its own context).
    # None: all of ``compute`` per sequence, as the rough estimates of files not here yet count
    # nothing but attention.
    compute_per_seq: int | None = None

    @property
    def total(self) -> int:
        """Bytes of system RAM the loaded model needs."""
        return self.weights + self.kv_cache + self.compute + self.runtime

    @property
    def kv_per_seq(self) -> int:
        """The KV cache (system RAM) one sequence reserves: its own ``n_ctx`` tokens of context."""
        return self.kv_cache // max(1, self.n_seq)

    def with_sequences(self, n_seq: int) -> MemoryEstimate:
        """The same model and context with ``n_seq`` sequences (at least one) decoded together."""
        n_seq = max(1, n_seq)
        own = max(1, self.n_seq)
        if n_seq == own:
            return self
        per_compute = self.compute // own if self.compute_per_seq is None else self.compute_per_seq
        kv_vram = self.kv_vram // own * n_seq
        return replace(
            self,
            kv_cache=self.kv_per_seq * n_seq,
            compute=self.compute + (n_seq - own) * per_compute,
            vram=self.vram - self.kv_vram + kv_vram,
            kv_vram=kv_vram,
            n_seq=n_seq,
            compute_per_seq=per_compute,
        )

    def describe(self) -> Text:
        """What the memory is for, in a sentence's words (a msg(): a tooltip in the app, a CLI note)."""
        context: str = format_bytes(self.kv_cache)
        if self.n_seq > 1:
            context = msg("{each} × {count} sequences", each=format_bytes(self.kv_per_seq), count=self.n_seq)
        text = msg(
            "{total} (weights {weights}, context {context}, work buffers {work})",
            total=format_bytes(self.total),
            weights=format_bytes(self.weights),
            context=context,
            work=format_bytes(self.compute + self.runtime),
        )
        if self.vram:
            text = msg("{memory}, plus {vram} on the GPU", memory=text, vram=format_bytes(self.vram))
        return text


@dataclass(frozen=True)
class MachineMemory:
    total_ram: int
    available_ram: int | None  # None where the OS does not say cheaply
    total_vram: int = 0


def estimate_memory(
    summary: GGUFSummary,
    n_ctx: int,
    *,
    n_gpu_layers: int = 0,
    weights_bytes: int | None = None,
    n_seq: int = 1,
    kv_cache_type: str = "f16",
    flash_attn: bool = False,
) -> MemoryEstimate:
    """What loading ``summary``'s model with ``n_seq`` sequences of ``n_ctx`` tokens each costs,
    with a KV cache of ``kv_cache_type`` (f16, q8_0, q4_0) and flash attention on or off (a
    quantized cache always has it on, as llama.cpp needs).

    ``weights_bytes`` replaces the file size for split models (the sum of their parts).
    Missing hyperparameters fall back to a cost proportional to the weights.
    """
    weights = weights_bytes if weights_bytes is not None else summary.file_size
    hp = summary.hparams
    n_layer = hp.get("block_count", 0)
    n_embd = hp.get("embedding_length", 0)
    n_head = hp.get("head_count", 0)
    n_head_kv = hp.get("head_count_kv", n_head)
    n_ff = hp.get("feed_forward_length", 4 * n_embd)
    if n_layer and n_embd and n_head:
        head_k = hp.get("key_length", n_embd // n_head)
        head_v = hp.get("value_length", n_embd // n_head)
        kv = int(n_layer * n_ctx * n_head_kv * (head_k + head_v) * KV_BYTES_PER_VALUE.get(kv_cache_type, 2.0))
        scores = 0 if flash_attn or kv_cache_type != "f16" else n_ctx * n_head
        compute = N_UBATCH * 4 * (scores + 4 * n_embd + 2 * n_ff) + summary.vocab_size * 4
        # Another sequence (its own KV stream): its row of logits; the attention buffers are shared.
        per_seq = summary.vocab_size * 4
    else:  # unknown layout: a generous share of the weights
        n_layer = 0
        kv = int(weights // 4 * KV_BYTES_PER_VALUE.get(kv_cache_type, 2.0) / 2)
        compute = weights // 8
        per_seq = 0
    vram = kv_vram = 0
    if n_gpu_layers and n_layer:
        share = min(n_gpu_layers, n_layer + 1) / (n_layer + 1)  # +1: the output layer offloads last
        weights_vram, kv_vram = int(weights * share), int(kv * share)
        vram = weights_vram + kv_vram
        weights -= weights_vram
        kv -= kv_vram
    one = MemoryEstimate(
        weights=weights,
        kv_cache=kv,
        compute=compute,
        runtime=RUNTIME_BYTES,
        vram=vram,
        kv_vram=kv_vram,
        compute_per_seq=per_seq,
    )
    return one.with_sequences(n_seq)


def judge_fit(estimate: MemoryEstimate, machine: MachineMemory) -> Fit:
    """Fits: within 60 % of RAM (the OS and other apps keep the rest). Tight: within 85 %.

    Judged against total RAM, not what is free this second, so the verdict does not flicker;
    the GPU share is judged against VRAM the same way.
    """
    verdicts = [_verdict(estimate.total, machine.total_ram)]
    if estimate.vram:
        verdicts.append(_verdict(estimate.vram, machine.total_vram) if machine.total_vram else Fit.TOO_BIG)
    order = [Fit.FITS, Fit.TIGHT, Fit.TOO_BIG]
    return max(verdicts, key=order.index)


def _verdict(need: int, have: int) -> Fit:
    if need <= 0.60 * have:
        return Fit.FITS
    if need <= 0.85 * have:
        return Fit.TIGHT
    return Fit.TOO_BIG


# Automatic parallel sequences (choose_parallel): the KV cache of all of them within this share of
# total RAM, and what the sequences beyond the first add within this share of the RAM free now.
KV_SHARE = 0.25
FREE_SHARE = 0.50


def choose_parallel(setting: int, estimate_one: MemoryEstimate, machine: MachineMemory) -> int:
    """How many sequences to decode together: ``setting`` if it names a number (at most
    MAX_PARALLEL_SEQUENCES); for 0 (automatic) the largest of 4, 3, 2, 1 that memory allows.

    Automatic asks three things of ``n`` sequences: the model still *fits* (so the choice never
    turns a model that fits into a tight one: a tight model gets one sequence), the KV cache of all
    of them is at most 25 % of total RAM, and, when the OS says how much RAM is free, what the
    sequences beyond the first add is at most half of it. Never below one.
    """
    if setting >= 1:
        return min(setting, MAX_PARALLEL_SEQUENCES)
    one = estimate_one.with_sequences(1)
    for n in range(AUTO_PARALLEL_MAX, 1, -1):
        more = one.with_sequences(n)
        if judge_fit(more, machine) is not Fit.FITS or more.kv_cache > KV_SHARE * machine.total_ram:
            continue
        if machine.available_ram is not None and more.total - one.total > FREE_SHARE * machine.available_ram:
            continue
        return n
    return 1


def parallel_estimate(setting: int, estimate_one: MemoryEstimate, machine: MachineMemory) -> MemoryEstimate:
    """``estimate_one`` for the number of sequences ``setting`` resolves to on ``machine``."""
    return estimate_one.with_sequences(choose_parallel(setting, estimate_one, machine))


def machine_memory() -> MachineMemory:
    """This machine's RAM (VRAM is reported by the backend when a GPU build is in use)."""
    total = _total_ram()
    return MachineMemory(total_ram=total, available_ram=_available_ram())


def _total_ram() -> int:
    if sys.platform == "win32":
        status = _windows_memory_status()
        return int(status.ullTotalPhys) if status is not None else 8 * GiB
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 8 * GiB


def _available_ram() -> int | None:
    if sys.platform == "win32":
        status = _windows_memory_status()
        return int(status.ullAvailPhys) if status is not None else None
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


class _MemoryStatusEx(ctypes.Structure):
    _fields_ = [
        ("dwLength", ctypes.c_ulong),
        ("dwMemoryLoad", ctypes.c_ulong),
        ("ullTotalPhys", ctypes.c_ulonglong),
        ("ullAvailPhys", ctypes.c_ulonglong),
        ("ullTotalPageFile", ctypes.c_ulonglong),
        ("ullAvailPageFile", ctypes.c_ulonglong),
        ("ullTotalVirtual", ctypes.c_ulonglong),
        ("ullAvailVirtual", ctypes.c_ulonglong),
        ("sullAvailExtendedVirtual", ctypes.c_ulonglong),
    ]


def _windows_memory_status() -> _MemoryStatusEx | None:
    status = _MemoryStatusEx()
    status.dwLength = ctypes.sizeof(_MemoryStatusEx)
    try:
        ok = ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status))  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return None
    return status if ok else None


def format_params(n: int) -> str:
    """7.6B, 135M, 12K parameters: the way model cards count them ("—" when unknown)."""
    if n <= 0:
        return "—"
    if n >= 1e9:
        return f"{n / 1e9:.1f}B".replace(".0B", "B")
    if n >= 1e6:
        return f"{n / 1e6:.0f}M"
    return f"{n / 1e3:.0f}K"


def format_bytes(n: int | float) -> str:
    """1.2 GB, 340 MB, 12 KB: decimal units, as file managers and the Hub show sizes."""
    value = float(n)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(value) < 1000 or unit == "TB":
            if unit == "B":
                return f"{int(value)} B"
            return f"{value:.1f} {unit}" if value < 100 else f"{value:.0f} {unit}"
        value /= 1000
    return f"{value:.1f} TB"
