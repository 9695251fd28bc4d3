"""Summarize a ~20k-token document at n_ctx 2048 and compare its wall time with bare llama.cpp speed.

    python benchmarks/summarize.py [--document PATH] [--ctx 2048] [--chars 4000 | --quick]

Prints the wall time, the tokens evaluated and generated over every pass (from
llama.cpp's counters), and the ratio of the wall time to the time those tokens
take at the bare loop's prompt and generation speeds, measured in the same run
on the same thread. The ratio is the pipeline's overhead (chunking, prompts,
rendering, tokenizing, Python between tokens). Target <= 1.15. The cache is
off, so every part is read. The last line holds the figures as JSON.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from common import bare_speeds, bench_threads, figure, ideal_seconds, print_json  # also puts the project on sys.path

from assistant.core.backends.llama import LlamaBackend
from assistant.core.cancel import CancelToken
from assistant.core.documents.readers import load_document
from assistant.core.models.starter import require_starter_model
from assistant.core.stores.summary_cache import MemoryCache
from assistant.core.tasks.summarize import SummaryOptions, summarize
from assistant.core.types import Finished, ModelSpec, Planned, Progress

DEFAULT_DOCUMENT = Path(__file__).resolve().parents[2] / "shared" / "data" / "zh-article-llm-industry.md"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--document", type=Path, default=DEFAULT_DOCUMENT)
    parser.add_argument("--ctx", type=int, default=2048)
    parser.add_argument(
        "--chars",
        type=int,
        default=4000,
        help="summarize the first CHARS characters (0: all; the whole sample takes ~3 min)",
    )
    parser.add_argument("--quick", action="store_true", help="the first 2,500 characters")
    args = parser.parse_args()
    if args.quick:
        args.chars = 2500
    path = require_starter_model()
    threads = bench_threads()

    prompt_before, gen_before = bare_speeds(path, threads, args.ctx, prompt_tokens=1400, gen_tokens=200, reps=1)
    backend = LlamaBackend()
    backend.load(ModelSpec(path, n_ctx=args.ctx, n_threads=threads))
    source = args.document
    text = source.read_text(encoding="utf-8", errors="replace") if source.suffix in (".md", ".txt") else ""
    if args.chars and len(text) > args.chars:  # the head of the document, cut at a line end
        head = text[: args.chars]
        source = Path(tempfile.mkdtemp(prefix="quill-bench-")) / f"{args.document.stem}-head{args.document.suffix}"
        source.write_text(head[: head.rfind("\n") + 1] or head, encoding="utf-8")
    document = load_document(source)
    started = time.perf_counter()
    plan: dict[str, object] = {}
    finished: Finished | None = None
    for event in summarize(backend, document, SummaryOptions(style="bullets"), CancelToken(), MemoryCache()):
        if isinstance(event, Planned):
            plan = dict(event.data)
            print(f"{source.name}: {plan['tokens']} tokens in {plan['chunks']} parts at n_ctx {args.ctx}")
        elif isinstance(event, Progress) and event.label.startswith(("Reading", "Combining notes (")):
            print(f"  [{time.perf_counter() - started:6.1f} s] {event.label}", flush=True)
        elif isinstance(event, Finished):
            finished = event
    wall = time.perf_counter() - started
    backend.close()
    assert finished is not None
    evaluated, generated = finished.stats.prompt_eval_tokens, finished.stats.generated_tokens

    prompt_after, gen_after = bare_speeds(path, threads, args.ctx, prompt_tokens=1400, gen_tokens=200, reps=1)
    prompt_tps, gen_tps, ideal = ideal_seconds(
        evaluated, generated, (prompt_before, gen_before), (prompt_after, gen_after)
    )
    figures = {
        "document_tokens": plan.get("tokens", 0),
        "parts": plan.get("chunks", 0),
        "wall_s": round(wall, 1),
        "evaluated_tokens": evaluated,
        "generated_tokens": generated,
        "bare_prompt_tps": round(prompt_tps, 1),
        "bare_gen_tps": round(gen_tps, 1),
        "ideal_s": round(ideal, 1),
        "ratio": round(wall / ideal, 3),
    }
    print(
        f"\nwall {wall:.1f} s for {evaluated} tokens evaluated and {generated} generated; at bare speed "
        f"({prompt_tps:.0f} and {gen_tps:.0f} tok/s) that is {ideal:.1f} s: ratio {wall / ideal:.3f} (target <= 1.15)"
    )
    figure(
        "summarize_wall_vs_bare",
        wall,
        "s",
        reference=ideal,
        target="<= 1.15",
        notes=f"{plan.get('tokens', 0)}-token document in {plan.get('chunks', 0)} parts at n_ctx {args.ctx}; "
        f"reference: its {evaluated} evaluated and {generated} generated tokens at the bare loop's speeds "
        f"({prompt_tps:.0f} / {gen_tps:.0f} tok/s) measured just before and after it (mean)",
    )
    print_json("summarize", figures)


if __name__ == "__main__":
    main()
