"""Translate a Markdown document and compare the pipeline's time with bare llama.cpp speed.

    python benchmarks/translate.py [--document PATH] [--units 16] [--to en] [--quick]

Translates the first --units blocks of the document (the whole ~33 KB sample
article takes ~15 minutes on two cores), and prints words per second and the
overhead of the pipeline (parsing, protecting, checks, retries, Python between
tokens) as the ratio of its wall time to the time its evaluated and generated
tokens take at the bare loop's speeds, measured in the same run on the same
thread. Target overhead <= 10 % (ratio <= 1.10). The last line holds the
figures as JSON.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from common import bare_speeds, bench_threads, figure, ideal_seconds, print_json  # also puts the project on sys.path

from assistant.core.backends.llama import LlamaBackend
from assistant.core.cancel import CancelToken
from assistant.core.documents.units import markdown_units
from assistant.core.models.starter import require_starter_model
from assistant.core.tasks.translate import TranslateOptions, translate
from assistant.core.text import count_words as words
from assistant.core.types import Finished, ModelSpec, Notice, TextDelta

DEFAULT_DOCUMENT = Path(__file__).resolve().parents[2] / "shared" / "data" / "zh-article-llm-industry.md"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--document", type=Path, default=DEFAULT_DOCUMENT)
    parser.add_argument("--units", type=int, default=16)
    parser.add_argument("--quick", action="store_true", help="8 blocks")
    parser.add_argument("--to", default="en")
    parser.add_argument("--ctx", type=int, default=2048)
    args = parser.parse_args()
    if args.quick:
        args.units = 8
    path = require_starter_model()
    threads = bench_threads()

    lines, units = markdown_units(args.document.read_text(encoding="utf-8"))
    cut = units[args.units].line if len(units) > args.units else len(lines)
    text = "\n".join(lines[:cut])
    prompt_before, gen_before = bare_speeds(path, threads, args.ctx, prompt_tokens=300, gen_tokens=120, reps=1)
    backend = LlamaBackend()
    backend.load(ModelSpec(path, n_ctx=args.ctx, n_threads=threads))
    started = time.perf_counter()
    parts: list[str] = []
    notices = 0
    finished: Finished | None = None
    for event in translate(backend, text, TranslateOptions(target=args.to), CancelToken()):
        if isinstance(event, TextDelta):
            parts.append(event.text)
        elif isinstance(event, Notice):
            notices += 1
        elif isinstance(event, Finished):
            finished = event
    wall = time.perf_counter() - started
    backend.close()
    assert finished is not None
    evaluated, generated = finished.stats.prompt_eval_tokens, finished.stats.generated_tokens

    # A typical block's prompt is about 300 tokens.
    prompt_after, gen_after = bare_speeds(path, threads, args.ctx, prompt_tokens=300, gen_tokens=120, reps=1)
    prompt_tps, gen_tps, ideal = ideal_seconds(
        evaluated, generated, (prompt_before, gen_before), (prompt_after, gen_after)
    )
    source_words, output_words = words(text), words("".join(parts))
    figures = {
        "blocks": min(args.units, len(units)),
        "source_words": source_words,
        "output_words": output_words,
        "wall_s": round(wall, 1),
        "words_per_s": round(output_words / wall, 2),
        "evaluated_tokens": evaluated,
        "generated_tokens": generated,
        "notices": notices,
        "bare_prompt_tps": round(prompt_tps, 1),
        "bare_gen_tps": round(gen_tps, 1),
        "ideal_s": round(ideal, 1),
        "ratio": round(wall / ideal, 3),
    }
    print(
        f"{args.document.name}: {figures['blocks']} blocks, {source_words} words in, {output_words} out, "
        f"{wall:.1f} s ({output_words / wall:.1f} words/s); {notices} notices"
    )
    print(
        f"{evaluated} tokens evaluated and {generated} generated would take {ideal:.1f} s at bare speed "
        f"({prompt_tps:.0f} and {gen_tps:.0f} tok/s): ratio {wall / ideal:.3f} (target <= 1.10)"
    )
    figure(
        "translate_wall_vs_bare",
        wall,
        "s",
        reference=ideal,
        target="<= 1.10",
        notes=f"{figures['blocks']} Markdown blocks zh->{args.to}, {figures['words_per_s']} words/s; reference: "
        f"its {evaluated} evaluated and {generated} generated tokens at the bare loop's speeds "
        f"({prompt_tps:.0f} / {gen_tps:.0f} tok/s) measured just before and after it (mean)",
    )
    print_json("translate", figures)


if __name__ == "__main__":
    main()
