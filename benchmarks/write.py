"""The Write tools' cost on top of the model, and the word diff's cost on a long text.

    python benchmarks/write.py [--reps 3]

1. A proofread and three alternatives of a rewrite of a short paragraph on the starter
   model: wall time against the time their evaluated and generated tokens take at the bare
   llama.cpp loop's speeds (measured in the same run, same thread). The pipeline adds prompt
   building, result cleaning while streaming and checks. Target ratio <= 1.10.
2. word_diff on a ~2,000-word document with 5 % and 50 % of its words changed, against
   difflib's own line diff of the same texts (the cheapest useful diff) as the reference.
The last line holds the figures as JSON.
"""

from __future__ import annotations

import argparse
import difflib
import random
import time
from pathlib import Path

from common import bare_speeds, ideal_seconds, print_json  # also puts the project on sys.path
from common import figure as report_figure

from assistant.core.backends.llama import LlamaBackend, default_threads
from assistant.core.cancel import CancelToken
from assistant.core.models.starter import require_starter_model
from assistant.core.tasks.diff import word_diff
from assistant.core.tasks.write import WriteOptions, write
from assistant.core.types import Finished, ModelSpec

PARAGRAPH = (
    "Their going to the store tomorow, and they buys milk for the kids. The kids is happy because "
    "they likes milk very much. After the store, we goes to the park and plays until it get dark."
)
README = Path(__file__).resolve().parents[1] / "README.md"


def run_tool(backend: LlamaBackend, options: WriteOptions, n: int) -> tuple[float, int, int]:
    started = time.perf_counter()
    finished: Finished | None = None
    for event in write(backend, PARAGRAPH, options, CancelToken(), n):
        if isinstance(event, Finished):
            finished = event
    assert finished is not None
    return time.perf_counter() - started, finished.stats.prompt_eval_tokens, finished.stats.generated_tokens


def best_of(reps: int, fn: object) -> float:
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    path = require_starter_model()
    threads = default_threads()

    backend = LlamaBackend()
    backend.load(ModelSpec(path, n_ctx=2048, n_threads=threads))
    wall = evaluated = generated = 0.0
    tools = {}
    for name, options, n in (("proofread", WriteOptions("proofread"), 1), ("rewrite x3", WriteOptions("rewrite"), 3)):
        seconds, ev, gen = run_tool(backend, options, n)
        tools[name] = {"s": round(seconds, 2), "evaluated": ev, "generated": gen}
        wall, evaluated, generated = wall + seconds, evaluated + ev, generated + gen
    backend.close()
    prompt_tps, gen_tps, ideal = ideal_seconds(
        evaluated, generated, bare_speeds(path, threads, 2048, prompt_tokens=250, gen_tokens=80, reps=3)
    )

    text = README.read_text(encoding="utf-8")
    rng = random.Random(3)
    diffs = {}
    for rate in (0.05, 0.5):
        new = " ".join(w if rng.random() > rate else "changed" for w in text.split(" "))
        ours = best_of(args.reps, lambda: word_diff(text, new))  # noqa: B023
        ref = best_of(args.reps, lambda: list(difflib.unified_diff(text.splitlines(), new.splitlines())))  # noqa: B023
        diffs[f"{int(rate * 100)}%"] = {
            "word_diff_ms": round(ours * 1000, 1),
            "line_diff_ms": round(ref * 1000, 1),
            "ratio": round(ours / ref, 1),
        }

    figures = {
        "tools": tools,
        "wall_s": round(wall, 2),
        "ideal_s": round(ideal, 2),
        "ratio": round(wall / ideal, 3),
        "bare_prompt_tps": round(prompt_tps, 1),
        "bare_gen_tps": round(gen_tps, 1),
        "document_words": len(text.split()),
        "diff": diffs,
    }
    for name, figure in tools.items():
        print(f"{name}: {figure['s']} s, {figure['evaluated']} tokens evaluated, {figure['generated']} generated")
    print(
        f"at bare speed ({prompt_tps:.0f} / {gen_tps:.0f} tok/s) {ideal:.2f} s: ratio {wall / ideal:.3f} (target <= 1.10)"
    )
    for rate, figure in diffs.items():
        print(
            f"word diff of {len(text.split())} words, {rate} changed: {figure['word_diff_ms']} ms "
            f"(line diff {figure['line_diff_ms']} ms, x{figure['ratio']})"
        )
    report_figure(
        "write_wall_vs_bare",
        wall,
        "s",
        reference=ideal,
        target="<= 1.10",
        notes=f"{len(tools)} writing tools on the starter model vs the time their tokens take at bare speed",
    )
    print_json("write", figures)


if __name__ == "__main__":
    main()
