"""KV-cache type (f16 / q8_0 / q4_0) x flash attention (off / on) on the starter model.

For each combination: prompt-evaluation and generation tokens/s at a depth of about 512 and
2048 tokens (the prompt's length; generation runs right after it), each as a ratio to f16 with
flash attention off measured in the same run, plus what llama.cpp itself says it allocated for
the KV cache and the compute buffers (its log lines). The defaults Quill chooses
(core/models/model_settings.py) come from these figures. A quantized V cache needs flash
attention in llama.cpp: those combinations without it are reported as refused.

    python benchmarks/kv_cache.py [--depths 512 2048] [--gen 48] [--reps 1]

The machine is shared; repeat the run (``--reps``: the best of the runs is printed too) and read the
ratios, not the absolutes. ``QUILL_BENCH_THREADS=1`` steadies the figures on a loaded machine.
"""

from __future__ import annotations

import argparse
import logging
import re
import time
from pathlib import Path
from typing import Any

from common import bench_threads, figure, print_json

CACHE_TYPES = ("f16", "q8_0", "q4_0")
_SIZE = re.compile(r"([\d.]+) MiB")


class _Capture(logging.Handler):
    """Keeps llama.cpp's log lines (relayed by core/backends/llama.py) for the buffer sizes."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())

    def mib(self, marker: str) -> float:
        """The MiB figure of the last line containing ``marker`` (0 when there is none)."""
        for line in reversed(self.lines):
            if marker in line and (found := _SIZE.search(line.split(marker, 1)[1])):
                return float(found.group(1))
        return 0.0


def run_one(path: Path, cache: str, flash: bool, depth: int, n_gen: int, threads: int, log: _Capture) -> dict[str, Any]:
    """One context with this cache type and flash attention: prompt of ``depth`` tokens, then ``n_gen`` tokens."""
    import llama_cpp as ll

    from assistant.core.backends.llama import _init_llama
    from assistant.core.models.model_settings import GGML_CACHE_TYPES

    _init_llama()
    log.lines.clear()
    model = ll.llama_model_load_from_file(str(path).encode(), ll.llama_model_default_params())
    cparams = ll.llama_context_default_params()
    cparams.n_ctx = depth + n_gen + 64
    cparams.n_batch = cparams.n_ubatch = 512
    cparams.n_threads = cparams.n_threads_batch = threads
    cparams.type_k = cparams.type_v = GGML_CACHE_TYPES[cache]
    cparams.flash_attn_type = ll.LLAMA_FLASH_ATTN_TYPE_ENABLED if flash else ll.LLAMA_FLASH_ATTN_TYPE_DISABLED
    ctx = ll.llama_init_from_model(model, cparams)
    if not ctx:
        ll.llama_model_free(model)
        return {"refused": True}
    try:
        vocab = ll.llama_model_get_vocab(model)
        text = ("The mill by the river turned slowly while the miller counted sacks. " * (depth // 10 + 20)).encode()
        buf = (ll.llama_token * (len(text) + 8))()
        n = ll.llama_tokenize(vocab, text, len(text), buf, len(buf), True, False)
        tokens = list(buf[:n])[:depth]
        sampler = ll.llama_sampler_chain_init(ll.llama_sampler_chain_default_params())
        ll.llama_sampler_chain_add(sampler, ll.llama_sampler_init_greedy())
        start = time.perf_counter()
        for i in range(0, len(tokens), 512):
            chunk = tokens[i : i + 512]
            arr = (ll.llama_token * len(chunk))(*chunk)
            if ll.llama_decode(ctx, ll.llama_batch_get_one(arr, len(chunk))) != 0:
                raise RuntimeError("llama_decode failed")
        token = ll.llama_sampler_sample(sampler, ctx, -1)
        first = time.perf_counter()
        one = (ll.llama_token * 1)()
        batch = ll.llama_batch_get_one(one, 1)
        for _ in range(n_gen - 1):
            one[0] = token
            if ll.llama_decode(ctx, batch) != 0:
                raise RuntimeError("llama_decode failed")
            token = ll.llama_sampler_sample(sampler, ctx, -1)
        last = time.perf_counter()
        ll.llama_sampler_free(sampler)
        return {
            "refused": False,
            "prompt_tps": len(tokens) / (first - start),
            "gen_tps": (n_gen - 1) / (last - first),
            "kv_mib": log.mib("llama_kv_cache: size ="),
            "compute_mib": log.mib("CPU compute buffer size ="),
            "n_ctx": int(cparams.n_ctx),
        }
    finally:
        ll.llama_free(ctx)
        ll.llama_model_free(model)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depths", type=int, nargs="+", default=[512, 2048])
    parser.add_argument("--gen", type=int, default=48, help="tokens generated after each prompt")
    parser.add_argument("--reps", type=int, default=1, help="runs of the whole grid (ratios are per run)")
    parser.add_argument(
        "--caches", nargs="+", choices=CACHE_TYPES, default=list(CACHE_TYPES), help="cache types (f16 always)"
    )
    args = parser.parse_args()

    from assistant.core.models.starter import require_starter_model

    path = require_starter_model()
    threads = bench_threads()
    capture = _Capture()
    relay = logging.getLogger("quill.llama_cpp")
    relay.addHandler(capture)
    relay.setLevel(logging.DEBUG)
    relay.propagate = False
    summary: dict[str, Any] = {"threads": threads, "gen_tokens": args.gen, "runs": []}
    for rep in range(args.reps):
        for depth in args.depths:
            results: dict[str, dict[str, Any]] = {}
            for cache in dict.fromkeys(["f16", *args.caches]):
                for flash in (False, True):
                    results[f"{cache}{'+fa' if flash else ''}"] = run_one(
                        path, cache, flash, depth, args.gen, threads, capture
                    )
            ref = results["f16"]
            for name, r in results.items():
                label = f"run {rep + 1} depth {depth} {name}"
                if r["refused"]:
                    print(f"{label}: refused by llama.cpp (a quantized V cache needs flash attention)", flush=True)
                    continue
                figure(f"{label} prompt", r["prompt_tps"], "tok/s", reference=ref["prompt_tps"])
                figure(f"{label} generation", r["gen_tps"], "tok/s", reference=ref["gen_tps"])
                figure(
                    f"{label} KV cache",
                    r["kv_mib"],
                    "MiB",
                    reference=ref["kv_mib"],
                    notes=f"n_ctx {r['n_ctx']}, compute buffer {r['compute_mib']:.1f} MiB",
                )
            summary["runs"].append({"rep": rep + 1, "depth": depth, "results": results})
    if args.reps > 1:  # the best of the runs: what each combination reaches when the machine lets it
        for depth in args.depths:
            runs = [r["results"] for r in summary["runs"] if r["depth"] == depth]
            best = {
                name: {k: max(run[name][k] for run in runs) for k in ("prompt_tps", "gen_tps")}
                for name in runs[0]
                if not runs[0][name]["refused"]
            }
            for name, b in best.items():
                for k, what in (("prompt_tps", "prompt"), ("gen_tps", "generation")):
                    figure(f"best of {args.reps} depth {depth} {name} {what}", b[k], "tok/s", reference=best["f16"][k])
    print_json("kv_cache", summary)


if __name__ == "__main__":
    main()
